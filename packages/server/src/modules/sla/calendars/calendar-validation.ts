import type { FieldError } from '../../../platform/http/problem.ts';
import { WEEKDAYS, type CalendarDefinition, type ResolvedCalendar, type TimeSpan } from '../model.ts';
import { minutesOf } from './reference-clock.ts';

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether Intl knows the IANA zone (Asia/Shanghai, Europe/London, UTC). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Spans of one day: each HH:MM, end after start, in order and not overlapping. */
function spanErrors(spans: TimeSpan[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  let previousEnd = -1;
  spans.forEach((span, i) => {
    if (!HHMM.test(span.start)) errors.push({ field: `${path}[${i}].start`, reason: 'must be a local time HH:MM', code: 'invalid' });
    if (!HHMM.test(span.end)) errors.push({ field: `${path}[${i}].end`, reason: 'must be a local time HH:MM (24:00 for midnight)', code: 'invalid' });
    if (!HHMM.test(span.start) || !HHMM.test(span.end)) return;
    const start = minutesOf(span.start);
    const end = minutesOf(span.end);
    if (end <= start) errors.push({ field: `${path}[${i}].end`, reason: `must be after the start ${span.start}`, code: 'span-order' });
    else if (start < previousEnd) errors.push({ field: `${path}[${i}].start`, reason: 'must not be before the end of the previous span (spans in order, not overlapping)', code: 'span-overlap' });
    previousEnd = Math.max(previousEnd, end);
  });
  return errors;
}

/**
 * What is wrong with a calendar definition as entered (field paths relative to it: `timeZone`,
 * `weekly.mon[1].end`, `days[3].date`): an unknown time zone, spans out of order or overlapping,
 * a date that does not exist, a date given twice. A branch calendar may leave out what its parent
 * gives; whether the result has working time is checked on the resolved calendar.
 */
export function findCalendarDefinitionErrors(definition: CalendarDefinition): FieldError[] {
  const errors: FieldError[] = [];
  if (definition.timeZone && !isKnownTimeZone(definition.timeZone)) {
    errors.push({ field: 'timeZone', reason: `is not an IANA time zone such as Asia/Shanghai`, code: 'invalid' });
  }
  for (const day of WEEKDAYS) {
    const spans = definition.weekly?.[day];
    if (spans) errors.push(...spanErrors(spans, `weekly.${day}`));
  }
  const seen = new Map<string, number>();
  (definition.days ?? []).forEach((day, i) => {
    if (!isCalendarDate(day.date)) errors.push({ field: `days[${i}].date`, reason: 'must be a date YYYY-MM-DD', code: 'invalid' });
    else if (seen.has(day.date)) errors.push({ field: `days[${i}].date`, reason: `is given twice (also days[${seen.get(day.date)}])`, code: 'duplicate' });
    seen.set(day.date, i);
    if (day.kind === 'holiday' && day.spans && day.spans.length > 0) errors.push({ field: `days[${i}].spans`, reason: 'a holiday has no working hours', code: 'invalid' });
    if (day.spans) errors.push(...spanErrors(day.spans, `days[${i}].spans`));
  });
  return errors;
}

/** What is wrong with a resolved calendar: its definition's errors, a missing time zone, no working time at all. */
export function findResolvedCalendarErrors(calendar: ResolvedCalendar): FieldError[] {
  const errors = findCalendarDefinitionErrors(calendar);
  if (!calendar.timeZone) errors.push({ field: 'timeZone', reason: 'is required (or a parent calendar that gives it)', code: 'required' });
  const days = calendar.days ?? [];
  for (let i = 1; i < days.length; i++) {
    if (days[i]!.date <= days[i - 1]!.date && !errors.some((e) => e.field === `days[${i}].date`)) {
      errors.push({ field: `days[${i}].date`, reason: 'must come after the previous date (sorted, one per date)', code: 'invalid' });
    }
  }
  if (!calendar.alwaysOpen) {
    const hasWeeklyWork = WEEKDAYS.some((d) => (calendar.weekly?.[d] ?? []).length > 0);
    const hasDatedWork = days.some((d) => d.kind === 'workday' && (d.spans ?? []).length > 0);
    if (!hasWeeklyWork && !hasDatedWork) errors.push({ field: 'weekly', reason: 'has no working time: give working hours for some weekday (or make the calendar 24×7)', code: 'no-working-time' });
  }
  return errors;
}

export class InvalidCalendarError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`Invalid calendar: ${errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`);
  }
}

export function assertValidResolvedCalendar(calendar: ResolvedCalendar): void {
  const errors = findResolvedCalendarErrors(calendar);
  if (errors.length > 0) throw new InvalidCalendarError(errors);
}
