/**
 * The analytics module (issue 20): a read model kept in step with the domain by the outbox,
 * dashboards and the management cockpit, process mining, spike warnings, regulator report packs
 * and the report designer. See README.md.
 */
export { analyticsRoutes } from './routes.ts';
export { analyticsSchemas, AnalyticsFilterQuery } from './schemas.ts';
export { rebuildReadModel, catchUpReadModel, createReadModelProjector, rebuildIfNeverBuilt } from './read-model/index.ts';
export { resolveAnalyticsScope, scopeCondition, createdInPeriod, dayInPeriod, localDateOf, ANALYTICS_TIME_ZONE, setAnalyticsTimeZone, type AnalyticsScope } from './scope.ts';
// Spike warnings (part D): the detector worker and the risk case type it opens (main.ts).
export { createSpikeDetector, ensureSpikeCaseType, routeShippedSpikeRule } from './spikes/index.ts';
// Scheduled reports (part F): the job main.ts registers.
export { registerReportScheduleJobs, type ReportScheduleOptions } from './reports/schedule-job.ts';
