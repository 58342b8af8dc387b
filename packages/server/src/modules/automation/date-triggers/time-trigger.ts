import { Cron } from 'croner';

/**
 * Time triggers of automation rules (issue 21), pure: no database, no clock.
 *
 * - date: "7 days before birthday" (yearly), "3 days before maturity" (once), "2 days after
 *   closed" (a case date, once). A rule's day is scanned once at `at` in its time zone; the scan
 *   of day X finds the subjects whose date, shifted by offsetDays, falls on X.
 * - schedule: a cron expression in the rule's time zone; with a business calendar it runs only on
 *   the calendar's working days (holidays and 调休 make-up days as the SLA calendars know them).
 */
export const DATE_RECURRENCES = ['yearly', 'once'] as const;
export type DateRecurrence = (typeof DATE_RECURRENCES)[number];

/** Dates of a case a date trigger may follow, and their columns in cases.case (each indexed: case_created_idx, case_closed_at_idx). */
export const CASE_DATE_FIELDS = { createdAt: 'created_at', closedAt: 'closed_at' } as const;
export type CaseDateField = keyof typeof CASE_DATE_FIELDS;

/** `objectType: 'case'` makes a date trigger follow a case date (CASE_DATE_FIELDS) instead of a record's date field. */
export const CASE_SUBJECT = 'case';

export interface DateTrigger {
  kind: 'date';
  /** An object type key, or 'case'. */
  objectType: string;
  /** A date field of the object type, or a case date (createdAt, closedAt). */
  field: string;
  /** Days from the date to the run: −7 = seven days before, 2 = two days after. */
  offsetDays: number;
  /** yearly: every year on the date's month and day (birthdays); once: on the date itself (maturity). */
  recurrence: DateRecurrence;
  /** Local time of the day's scan, HH:MM. @default '09:00' */
  at?: string;
  /** IANA zone of the day and of `at`; else the calendar's; else Asia/Shanghai. */
  timeZone?: string;
  /** A business calendar key: its time zone, when timeZone is not given. */
  calendarKey?: string;
}

export interface ScheduleTrigger {
  kind: 'schedule';
  /** Five fields (minute hour day-of-month month day-of-week), or six with seconds first. */
  cron: string;
  /** Runs only on this business calendar's working days; its zone is the cron's unless timeZone is given. */
  calendarKey?: string;
  timeZone?: string;
}

export type TimeTrigger = DateTrigger | ScheduleTrigger;

export const DEFAULT_SCAN_AT = '09:00';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** Days a scan looks back for days no scan covered (the server was down, a scan failed for good). */
export const CATCH_UP_DAYS = 7;
/** Offsets beyond about three years are a mistake, not a reminder. */
export const MAX_OFFSET_DAYS = 1_100;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface TriggerError {
  field: string;
  reason: string;
}

export function isTimeTrigger(trigger: { kind?: unknown }): trigger is TimeTrigger {
  return trigger.kind === 'date' || trigger.kind === 'schedule';
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * What is wrong with a date or schedule trigger's shape (the rules API answers 400 with these,
 * fields under `trigger.`). Whether the object type and its date field exist is checked against
 * the database by `checkTimeTriggerTarget`.
 */
export function validateTimeTrigger(trigger: Record<string, unknown>): TriggerError[] {
  const errors: TriggerError[] = [];
  const add = (field: string, reason: string) => errors.push({ field: `trigger.${field}`, reason });
  if (trigger.timeZone !== undefined && (typeof trigger.timeZone !== 'string' || !isValidTimeZone(trigger.timeZone))) add('timeZone', 'is not an IANA time zone');
  if (trigger.calendarKey !== undefined && (typeof trigger.calendarKey !== 'string' || trigger.calendarKey.length === 0)) add('calendarKey', 'must be a calendar key');
  if (trigger.kind === 'date') {
    if (typeof trigger.objectType !== 'string' || trigger.objectType.length === 0) add('objectType', 'must be an object type key or case');
    if (typeof trigger.field !== 'string' || trigger.field.length === 0) add('field', 'must name a date field');
    else if (trigger.objectType === CASE_SUBJECT && !(trigger.field in CASE_DATE_FIELDS)) add('field', `a case date is one of ${Object.keys(CASE_DATE_FIELDS).join(', ')}`);
    if (!Number.isInteger(trigger.offsetDays) || Math.abs(trigger.offsetDays as number) > MAX_OFFSET_DAYS)
      add('offsetDays', `must be a whole number of days between -${MAX_OFFSET_DAYS} and ${MAX_OFFSET_DAYS}`);
    if (!DATE_RECURRENCES.includes(trigger.recurrence as DateRecurrence)) add('recurrence', 'must be yearly or once');
    else if (trigger.objectType === CASE_SUBJECT && trigger.recurrence !== 'once') add('recurrence', 'a case date recurs once');
    if (trigger.at !== undefined && (typeof trigger.at !== 'string' || !HHMM.test(trigger.at))) add('at', 'must be a local time HH:MM');
  } else if (trigger.kind === 'schedule') {
    if (typeof trigger.cron !== 'string') add('cron', 'must be a cron expression');
    else {
      const reason = cronProblem(trigger.cron);
      if (reason) add('cron', reason);
    }
  } else add('kind', 'must be date or schedule');
  return errors;
}

function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) return 'must have 5 fields (minute hour day month weekday) or 6 (seconds first)';
  try {
    const cron = new Cron(expression, { paused: true, timezone: 'UTC' });
    if (!cron.nextRun(new Date(0))) return 'never fires';
    return undefined;
  } catch (error) {
    return `is not a cron expression: ${(error as Error).message}`;
  }
}

// ——— calendar days (ISO 'YYYY-MM-DD', proleptic Gregorian, no zone) ———

export function addDaysIso(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** month * 100 + day, as objects.record_date.month_day. */
export function monthDayOf(day: string): number {
  return Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));
}

export function isIsoDay(text: string): boolean {
  return ISO_DAY.test(text) && addDaysIso(text, 0) === text;
}

/**
 * The event date a scan of `day` serves: the day the subject's date must fall on (or, yearly,
 * be observed on) for the rule to run that day. offsetDays −7 on 2026-12-27 → 2027-01-03.
 */
export function targetDayOf(day: string, offsetDays: number): string {
  return addDaysIso(day, -offsetDays);
}

/**
 * Where a yearly date falls in a year. A 29 February date is observed on 28 February in a year
 * without one (the last day of February, so the reminder stays in the month it belongs to).
 */
export function observedInYear(value: string, year: number): string {
  const md = value.slice(5);
  if (md === '02-29' && !isLeapYear(year)) return `${String(year).padStart(4, '0')}-02-28`;
  return `${String(year).padStart(4, '0')}-${md}`;
}

/** The month_day values a yearly scan for `target` matches: 28 Feb of a non-leap year also takes 29 Feb dates. */
export function monthDaysObservedOn(target: string): number[] {
  const md = monthDayOf(target);
  if (md === 228 && !isLeapYear(Number(target.slice(0, 4)))) return [228, 229];
  return [md];
}

/**
 * The occurrence a subject's date gives on the scan of `day`, or undefined when it is not due
 * then. yearly: the date observed in the target's year (never before the date itself: an
 * anniversary starts with its date); once: the date itself.
 */
export function occurrenceOn(trigger: Pick<DateTrigger, 'offsetDays' | 'recurrence'>, value: string, day: string): string | undefined {
  const target = targetDayOf(day, trigger.offsetDays);
  if (trigger.recurrence === 'once') return value === target ? target : undefined;
  if (value > target) return undefined;
  return observedInYear(value, Number(target.slice(0, 4))) === target ? target : undefined;
}

/** The scan day of an occurrence (the inverse of targetDayOf). */
export function scanDayOf(occurrence: string, offsetDays: number): string {
  return addDaysIso(occurrence, offsetDays);
}

// ——— zones ———

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string, instant: Date): Record<string, number> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(
    f
      .formatToParts(instant)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
}

/** The local calendar day of an instant in a zone. */
export function localDayOf(instant: Date, timeZone: string): string {
  const p = partsIn(timeZone, instant);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

function offsetMsAt(timeZone: string, instant: number): number {
  const p = partsIn(timeZone, new Date(instant));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(instant / 1000) * 1000;
}

/** The instant of a local wall time on a day (a time in a DST gap moves forward by the gap). */
export function instantOfLocal(day: string, hhmm: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = hhmm.split(':').map(Number);
  const wall = Date.UTC(y!, m! - 1, d!, hh!, mm!);
  let guess = wall - offsetMsAt(timeZone, wall);
  guess = wall - offsetMsAt(timeZone, guess);
  return new Date(guess);
}

/** The instant a rule's scan of `day` falls due. */
export function scanDueAt(trigger: Pick<DateTrigger, 'at'>, day: string, timeZone: string): Date {
  return instantOfLocal(day, trigger.at ?? DEFAULT_SCAN_AT, timeZone);
}

/** The next instant after `after` a cron expression fires, in a zone; undefined when it never does again. */
export function nextCronFire(expression: string, timeZone: string, after: Date): Date | undefined {
  return new Cron(expression, { paused: true, timezone: timeZone }).nextRun(after) ?? undefined;
}
