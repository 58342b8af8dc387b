import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { cancelJob, rescheduleJob, scheduleJob, scheduleJobs, type JobHandlers, type JobToSchedule } from '../../../platform/jobs/index.ts';
import type { EngineSettings } from '../engine/actions.ts';
import { dueSubjectsForDateTrigger } from './due-subjects.ts';
import { runTimeRule } from './engine-port.ts';
import { advanceScannedThrough, findCaseDate, findObjectTypeIdByKey, findRecordDate, findScannedThrough, findTimeRule, hasRunFor, listEnabledTimeRules, type TimeRuleRow } from './store.ts';
import { isWorkingDay, triggerTimeZone } from './trigger-zone.ts';
import { addDaysIso, CASE_SUBJECT, CATCH_UP_DAYS, localDayOf, nextCronFire, occurrenceOn, scanDueAt, type CaseDateField, type DateTrigger, type ScheduleTrigger } from './time-trigger.ts';

/**
 * Time triggers run through platform.job, the durable scheduler SLA deadlines and process timers
 * use, so a due run happens once whichever Docket process is up:
 *
 * - `automation.date-scan` `<ruleId>:<epoch>:<day>`, due at the rule's `at` on `day` in its zone:
 *   finds that day's due subjects with one indexed query, schedules a run for each, moves
 *   automation.date_scan.scanned_through to the day and schedules the next day's scan. Overdue
 *   scans (the server was down) run at once, one after the other: the chain catches up, at most
 *   CATCH_UP_DAYS back.
 * - `automation.date-run` `<ruleId>:<subjectId>:<occurrence>`: one subject's run. It checks the
 *   subject's date still gives that occurrence (a date changed since the scan: no run) and runs the
 *   rule through the engine, which records the run; automation.run's unique (rule, subject,
 *   occurrence) index makes the run happen once, whatever schedules it twice.
 * - `automation.schedule` `<ruleId>:<epoch>:<fire instant>`: a cron rule's run, on the calendar's
 *   working days only, then the next fire. Fires missed while no process ran are one run at restart.
 *
 * The epoch is the rule's enabled_at: enabling starts a new chain, and a job of an older chain
 * (the rule was disabled and enabled again meanwhile) ends without running or rescheduling.
 */
export const DATE_SCAN_JOB = 'automation.date-scan';
export const DATE_RUN_JOB = 'automation.date-run';
export const SCHEDULE_JOB = 'automation.schedule';
export const AUTOMATION_ACTOR = 'system:automation';

interface ScanPayload {
  ruleId: string;
  epoch: string;
  day: string;
}
interface RunPayload {
  ruleId: string;
  subjectType: 'record' | 'case';
  subjectId: string;
  occurrence: string;
  day: string;
}
interface SchedulePayload {
  ruleId: string;
  epoch: string;
  fireAt: string;
}

const epochOf = (rule: TimeRuleRow) => String(rule.enabledAt?.getTime() ?? 0);
const isLive = (rule: TimeRuleRow | undefined, kind: 'date' | 'schedule'): rule is TimeRuleRow => rule?.enabled === true && rule.deletedAt === null && rule.triggerKind === kind;
const maxDay = (a: string, b: string) => (a > b ? a : b);
const minDay = (a: string, b: string) => (a < b ? a : b);

async function scheduleScan(tx: Tx, rule: TimeRuleRow, day: string, zone: string): Promise<void> {
  const epoch = epochOf(rule);
  const payload: ScanPayload = { ruleId: rule.id, epoch, day };
  const job = { kind: DATE_SCAN_JOB, key: `${rule.id}:${epoch}:${day}`, dueAt: scanDueAt(rule.trigger as unknown as DateTrigger, day, zone), payload };
  // Already scheduled: moved to the rule's `at` as saved now (a pending job only).
  if (!(await scheduleJob(tx, job)).scheduled) await rescheduleJob(tx, job);
}

async function scheduleFire(tx: Tx, rule: TimeRuleRow, after: Date, zone: string): Promise<void> {
  const fireAt = nextCronFire((rule.trigger as unknown as ScheduleTrigger).cron, zone, after);
  if (!fireAt) return;
  const epoch = epochOf(rule);
  const payload: SchedulePayload = { ruleId: rule.id, epoch, fireAt: fireAt.toISOString() };
  await scheduleJob(tx, { kind: SCHEDULE_JOB, key: `${rule.id}:${epoch}:${fireAt.toISOString()}`, dueAt: fireAt, payload });
}

const RUN_JOBS_PER_STATEMENT = 1_000;

/** One due subject's run, due now (idempotent by rule, subject and occurrence). */
function runJobOf(ruleId: string, subject: { subjectType: 'record' | 'case'; subjectId: string; occurrence: string }, day: string, now: Date): JobToSchedule {
  const payload: RunPayload = { ruleId, ...subject, day };
  return { kind: DATE_RUN_JOB, key: `${ruleId}:${subject.subjectId}:${subject.occurrence}`, dueAt: now, payload };
}

async function scheduleRun(tx: Tx, ruleId: string, subject: { subjectType: 'record' | 'case'; subjectId: string; occurrence: string }, day: string, now: Date): Promise<boolean> {
  return (await scheduleJob(tx, runJobOf(ruleId, subject, day, now))).scheduled;
}

/**
 * Starts (or makes sure of) a time rule's chain of jobs, in the caller's transaction. Call it
 * when a date or schedule rule is enabled (`fresh`: days before today are not caught up — a rule
 * enabled today acts from today's scan on, which is what its dry-run showed) and at every start
 * (not fresh: the chain resumes where it stopped). Does nothing for a rule that is not enabled.
 */
export async function scheduleTimeTrigger(tx: Tx, ruleId: string, now: Date, options: { fresh: boolean }): Promise<void> {
  const rule = await findTimeRule(tx, ruleId);
  if (!rule?.enabled || rule.deletedAt) return;
  const zone = await triggerTimeZone(tx, rule.trigger, now);
  if (rule.triggerKind === 'schedule') return scheduleFire(tx, rule, now, zone);
  if (rule.triggerKind !== 'date') return;
  const today = localDayOf(now, zone);
  if (options.fresh) await advanceScannedThrough(tx, rule.id, addDaysIso(today, -1), now);
  const scanned = await findScannedThrough(tx, rule.id);
  const next = scanned ? maxDay(addDaysIso(scanned, 1), addDaysIso(today, -CATCH_UP_DAYS)) : today;
  await scheduleScan(tx, rule, next, zone);
}

/** Cancels a time rule's pending scan or fire (call it when the rule is disabled or deleted); a job already claimed ends without acting, as the rule is off. */
export async function cancelTimeTrigger(tx: Tx, ruleId: string, now: Date): Promise<void> {
  const rule = await findTimeRule(tx, ruleId);
  if (!rule) return;
  const zone = await triggerTimeZone(tx, rule.trigger, now);
  const epoch = epochOf(rule);
  if (rule.triggerKind === 'date') {
    const scanned = await findScannedThrough(tx, rule.id);
    const today = localDayOf(now, zone);
    for (const day of new Set([scanned ? addDaysIso(scanned, 1) : today, today, addDaysIso(today, 1)])) {
      await cancelJob(tx, { kind: DATE_SCAN_JOB, key: `${rule.id}:${epoch}:${day}`, now });
    }
  } else if (rule.triggerKind === 'schedule') {
    const fireAt = nextCronFire((rule.trigger as unknown as ScheduleTrigger).cron, zone, now);
    if (fireAt) await cancelJob(tx, { kind: SCHEDULE_JOB, key: `${rule.id}:${epoch}:${fireAt.toISOString()}`, now });
  }
}

/** At start: every enabled time rule has its next job (after downtime, the overdue ones run at once). */
export async function scheduleTimeTriggers(db: Db, now: Date): Promise<number> {
  const rules = await listEnabledTimeRules(db);
  for (const rule of rules) await db.transaction().execute((tx) => scheduleTimeTrigger(tx, rule.id, now, { fresh: false }));
  return rules.length;
}

/**
 * Scans a date rule's day: schedules a run for each subject due then, not yet run. Safe to
 * repeat: a second scan of the same day schedules nothing new. Returns how many runs it scheduled.
 */
export async function scanDateRuleDay(ctx: CommandContext, rule: { id: string; trigger: unknown }, day: string): Promise<number> {
  const due = await dueSubjectsForDateTrigger(ctx.tx, rule, day);
  let scheduled = 0;
  // In statements of RUN_JOBS_PER_STATEMENT: 2,700 birthdays of 1,000,000 customers are 3 round trips, not 2,700.
  for (let i = 0; i < due.length; i += RUN_JOBS_PER_STATEMENT) {
    const jobs = due.slice(i, i + RUN_JOBS_PER_STATEMENT).map((subject) => runJobOf(rule.id, subject, day, ctx.now));
    scheduled += (await scheduleJobs(ctx.tx, jobs)).scheduled;
  }
  return scheduled;
}

async function handleScan(ctx: CommandContext, payload: ScanPayload): Promise<void> {
  const rule = await findTimeRule(ctx.tx, payload.ruleId);
  // Disabled, deleted, no longer a date rule, or enabled again since (a newer chain runs): the chain ends here.
  if (!isLive(rule, 'date') || epochOf(rule) !== payload.epoch) return;
  const zone = await triggerTimeZone(ctx.tx, rule.trigger, ctx.now);
  const today = localDayOf(ctx.now, zone);
  const scanned = await findScannedThrough(ctx.tx, rule.id);
  // Days no scan covered (a chain broken by a scan that failed for good), at most CATCH_UP_DAYS back.
  const from = minDay(maxDay(scanned ? addDaysIso(scanned, 1) : payload.day, addDaysIso(today, -CATCH_UP_DAYS)), payload.day);
  const through = minDay(payload.day, today);
  for (let day = from; day <= through; day = addDaysIso(day, 1)) {
    if (day < addDaysIso(today, -CATCH_UP_DAYS)) continue;
    await scanDateRuleDay(ctx, rule, day);
  }
  await advanceScannedThrough(ctx.tx, rule.id, payload.day, ctx.now);
  await scheduleScan(ctx.tx, rule, maxDay(addDaysIso(payload.day, 1), addDaysIso(today, -CATCH_UP_DAYS)), zone);
}

/** Whether the subject's date, as it is now, still gives the occurrence the scan found. */
async function isStillDue(ctx: CommandContext, trigger: DateTrigger, payload: RunPayload): Promise<boolean> {
  if (payload.subjectType === 'case') {
    const at = await findCaseDate(ctx.tx, payload.subjectId, trigger.field as CaseDateField);
    if (!at) return false;
    return localDayOf(at, await triggerTimeZone(ctx.tx, trigger, ctx.now)) === payload.occurrence;
  }
  const date = await findRecordDate(ctx.tx, payload.subjectId, trigger.field);
  return date !== undefined && occurrenceOn(trigger, date.value, payload.day) === payload.occurrence;
}

async function handleRun(ctx: CommandContext, payload: RunPayload, settings: EngineSettings): Promise<void> {
  const rule = await findTimeRule(ctx.tx, payload.ruleId);
  if (!isLive(rule, 'date')) return;
  const trigger = rule.trigger as unknown as DateTrigger;
  if (!(await isStillDue(ctx, trigger, payload))) return;
  if (await hasRunFor(ctx.tx, { ruleId: rule.id, subjectId: payload.subjectId, occurrence: payload.occurrence })) return;
  await runTimeRule(ctx, rule.id, { type: payload.subjectType, id: payload.subjectId }, { kind: 'date', detail: `date:${trigger.field}`, occurrence: payload.occurrence }, settings);
}

async function handleFire(ctx: CommandContext, payload: SchedulePayload, settings: EngineSettings): Promise<void> {
  const rule = await findTimeRule(ctx.tx, payload.ruleId);
  if (!isLive(rule, 'schedule') || epochOf(rule) !== payload.epoch) return;
  const trigger = rule.trigger as unknown as ScheduleTrigger;
  const fireAt = new Date(payload.fireAt);
  const zone = await triggerTimeZone(ctx.tx, trigger, fireAt);
  // Not a fire of the rule's cron as saved now (its cron or zone changed): the new chain runs instead.
  if (nextCronFire(trigger.cron, zone, new Date(fireAt.getTime() - 1))?.getTime() !== fireAt.getTime()) return;
  const working = trigger.calendarKey ? await isWorkingDay(ctx.tx, trigger.calendarKey, localDayOf(fireAt, zone), zone) : true;
  if (working) await runTimeRule(ctx, rule.id, { type: 'none', id: null }, { kind: 'schedule', detail: 'schedule', occurrence: payload.fireAt }, settings);
  // The next fire after this one, or after now when fires were missed: one catch-up run, not a burst.
  await scheduleFire(ctx.tx, rule, fireAt > ctx.now ? fireAt : ctx.now, zone);
}

/**
 * A record written today whose date is due today, after today's scan: scheduled now (the scan
 * already passed it). Later days' scans find it themselves; a run already scheduled for its old
 * date ends without acting (the date-run job checks the date again).
 */
export async function followRecordDates(ctx: CommandContext, recordId: string, changedFields: string[] | 'all'): Promise<void> {
  const rules = (await listEnabledTimeRules(ctx.tx, ['date'])).filter((r) => {
    const trigger = r.trigger as unknown as DateTrigger;
    return trigger.objectType !== CASE_SUBJECT && (changedFields === 'all' || changedFields.includes(`fields.${trigger.field}`));
  });
  if (rules.length === 0) return;
  for (const rule of rules) {
    const trigger = rule.trigger as unknown as DateTrigger;
    const date = await findRecordDate(ctx.tx, recordId, trigger.field);
    if (!date) continue;
    const zone = await triggerTimeZone(ctx.tx, trigger, ctx.now);
    const today = localDayOf(ctx.now, zone);
    const scanned = await findScannedThrough(ctx.tx, rule.id);
    if (!scanned || scanned < today) continue;
    const occurrence = occurrenceOn(trigger, date.value, today);
    if (!occurrence) continue;
    // The record's type must be the rule's (the field key alone may be shared by two types).
    if (date.typeId !== (await findObjectTypeIdByKey(ctx.tx, trigger.objectType))) continue;
    if (await hasRunFor(ctx.tx, { ruleId: rule.id, subjectId: recordId, occurrence })) continue;
    await scheduleRun(ctx.tx, rule.id, { subjectType: 'record', subjectId: recordId, occurrence }, today, ctx.now);
  }
}

/** Registers the three job kinds; they act as system:automation (on behalf of each rule's owner, through the engine). */
export function registerAutomationTimeJobs(handlers: JobHandlers, settings: EngineSettings = {}): void {
  handlers.register({ kind: DATE_SCAN_JOB, actor: AUTOMATION_ACTOR, handle: (ctx, job) => handleScan(ctx, job.payload as ScanPayload) });
  handlers.register({ kind: DATE_RUN_JOB, actor: AUTOMATION_ACTOR, handle: (ctx, job) => handleRun(ctx, job.payload as RunPayload, settings) });
  handlers.register({ kind: SCHEDULE_JOB, actor: AUTOMATION_ACTOR, handle: (ctx, job) => handleFire(ctx, job.payload as SchedulePayload, settings) });
}
