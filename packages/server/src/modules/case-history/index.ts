export { caseHistoryRoutes } from './routes.ts';
export { caseHistorySchemas } from './schemas.ts';
export { buildTimeline, type TimelineEvent } from './timeline.ts';
