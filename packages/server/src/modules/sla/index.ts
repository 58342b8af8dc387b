/**
 * The SLA module (issue 16): business calendars, policies, clocks on cases and process steps,
 * the scheduler that fires their warnings and escalations, the supervisor's board and the on-time
 * report. See README.md for who owns what.
 */
export * from './model.ts';
export { compileCalendar, loadBusinessClock } from './calendars/business-clock.ts';
export { levelOffsetSeconds, nextFireAt, pendingLevels, targetRisk, worstRisk, durationSeconds } from './clocks/levels.ts';
export { slaRoutes, slaSchemas } from './routes.ts';
export { subscribeSlaClocks } from './clocks/subscriptions.ts';
// Quality inspection (issue 22): whether a handled case's targets were met on time.
export { presentCaseSla, type CaseSlaView } from './clocks/case-sla-view.ts';
export { ensureShippedCalendars, SHIPPED_CALENDAR_KEYS } from './calendars/shipped-calendars.ts';
export {
  addOfficialYearsToShippedCalendars,
  addProvisionalYearsToShippedCalendars,
  findShippedCalendarsWithoutNextYear,
  type OfficialYearsAdded,
  type ProvisionalYearsAdded,
} from './calendars/official-years.ts';
export { statutoryMainlandChinaDays } from './calendars/statutory-holidays.ts';
export { resolveCalendarRef, calendarVersionInForce, findCalendarIdByKey } from './calendars/calendar-refs.ts';
export { findMatchingPolicy, findSlaPolicyVersion, type SlaSubject, type MatchedPolicy } from './policies/match.ts';
export { slaSubjectOf } from './policies/subject.ts';
export { refreshCaseSlaSummaries, CASE_LEVEL_KINDS } from './clocks/summary.ts';
export { moveOpenClocksToCalendarVersion, type MovedClock } from './clocks/recompute.ts';
export { applySlaPack, listSlaPacks } from './packs/apply-pack.ts';
export { SHIPPED_SLA_PACK_KEYS } from './packs/shipped-packs.ts';
export { checkSlaConditions, type ConditionsOutcome } from './policies/conditions.ts';
export { createSlaScheduler, type SlaScheduler, type SlaSchedulerOptions } from './scheduler/index.ts';
// Integration (issue 18): a message source sets the deadline its message carries on the case it created.
export { overrideClockDue, type OverrideDueInput } from './clocks/override-clock.ts';
