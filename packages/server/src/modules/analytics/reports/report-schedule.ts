import { ANALYTICS_TIME_ZONE, localDateOf } from '../scope.ts';

// When a scheduled report is sent: daily, weekly (a weekday) or monthly (a day 1–28, so every
// month has it) at a local time of the bank's time zone. Pure: `now` is an argument.

export const SCHEDULE_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ReportSchedule {
  frequency: (typeof SCHEDULE_FREQUENCIES)[number];
  /** Local time, HH:MM (24 h). */
  at: string;
  /** 1 = Monday … 7 = Sunday (ISO 8601); weekly only. */
  weekday?: number;
  /** 1–28; monthly only. */
  dayOfMonth?: number;
  recipients: string[];
  format: ExportFormat;
}

/** The UTC offset (ms) of a time zone at an instant. */
function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of a local date and time in a time zone (a time skipped by a DST change moves forward by the gap). */
export function zonedInstant(date: string, time: string, timeZone = ANALYTICS_TIME_ZONE): Date {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const first = offsetMs(new Date(guess), timeZone);
  const second = offsetMs(new Date(guess - first), timeZone);
  return new Date(guess - second);
}

const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function isRunDay(schedule: ReportSchedule, date: string): boolean {
  if (schedule.frequency === 'weekly') return isoWeekday(date) === schedule.weekday;
  if (schedule.frequency === 'monthly') return Number(date.slice(8, 10)) === schedule.dayOfMonth;
  return true;
}

/** The first run strictly after `now`. */
export function nextScheduledRun(schedule: ReportSchedule, now: Date, timeZone = ANALYTICS_TIME_ZONE): Date {
  let date = localDateOf(now, timeZone);
  // A month holds every day 1–28, so 32 days always reach the next run.
  for (let i = 0; i < 32; i++, date = addDays(date, 1)) {
    if (!isRunDay(schedule, date)) continue;
    const at = zonedInstant(date, schedule.at, timeZone);
    if (at.getTime() > now.getTime()) return at;
  }
  throw new Error('no scheduled run within 32 days: the schedule was not validated');
}

/** 400 reasons of a schedule, by field under `at`. */
export function checkSchedule(schedule: ReportSchedule, at = 'schedule'): { field: string; reason: string }[] {
  const errors: { field: string; reason: string }[] = [];
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(schedule.at)) errors.push({ field: `${at}.at`, reason: 'must be a local time HH:MM, e.g. 08:30' });
  if (schedule.frequency === 'weekly' && schedule.weekday === undefined) errors.push({ field: `${at}.weekday`, reason: 'a weekly schedule needs a weekday (1 = Monday … 7 = Sunday)' });
  if (schedule.frequency === 'monthly' && schedule.dayOfMonth === undefined) errors.push({ field: `${at}.dayOfMonth`, reason: 'a monthly schedule needs a day of the month (1–28)' });
  if (schedule.frequency !== 'weekly' && schedule.weekday !== undefined) errors.push({ field: `${at}.weekday`, reason: 'only a weekly schedule has a weekday' });
  if (schedule.frequency !== 'monthly' && schedule.dayOfMonth !== undefined) errors.push({ field: `${at}.dayOfMonth`, reason: 'only a monthly schedule has a day of the month' });
  schedule.recipients.forEach((r, i) => {
    if (schedule.recipients.indexOf(r) !== i) errors.push({ field: `${at}.recipients.${i}`, reason: 'is listed twice' });
  });
  return errors;
}
