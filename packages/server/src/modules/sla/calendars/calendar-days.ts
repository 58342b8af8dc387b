import type { BusinessClock, ResolvedCalendar, TimeSpan, Weekday } from '../model.ts';
import { compileCalendar } from './business-clock.ts';
import { addDays, exceptionByDate, localToUtc, standardDay, weekdayOf, type LocalDate } from './reference-clock.ts';

export const CALENDAR_DAY_KINDS = ['workday', 'rest', 'holiday', 'makeup-workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export interface CalendarDayView {
  date: string;
  weekday: Weekday;
  /** makeup-workday: a dated working day on a weekday without weekly hours (调休). */
  kind: CalendarDayKind;
  name: string | null;
  spans: TimeSpan[];
  /** Business seconds of the day (a DST day's whole-day span counts 23 or 25 hours). */
  workingSeconds: number;
  /** Present on a provisional statutory holiday (no State Council notice for its year yet). */
  provisional?: true;
}

const WHOLE_DAY: TimeSpan[] = [{ start: '00:00', end: '24:00' }];

export function parseLocalDate(text: string): LocalDate {
  const [y, m, d] = text.split('-').map(Number);
  return { y: y!, m: m!, d: d! };
}

/** Days between two local dates (to − from). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.UTC(to.y, to.m - 1, to.d) - Date.UTC(from.y, from.m - 1, from.d)) / 86_400_000);
}

/** The console's month view: each local date from `from` to `to` (inclusive) as the calendar sees it; `clock`: the version's compiled clock, when cached. */
export function describeCalendarDays(calendar: ResolvedCalendar, from: string, to: string, clock: BusinessClock = compileCalendar(calendar)): CalendarDayView[] {
  const exceptions = exceptionByDate(calendar.days);
  const standard = standardDay(calendar);
  const first = parseLocalDate(from);
  const count = daysBetween(first, parseLocalDate(to)) + 1;
  const views: CalendarDayView[] = [];
  for (let i = 0; i < count; i++) {
    const date = addDays(first, i);
    const key = `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
    const weekday = weekdayOf(date);
    const exception = exceptions.get(key);
    let kind: CalendarDayKind;
    let spans: TimeSpan[];
    if (calendar.alwaysOpen) {
      kind = 'workday';
      spans = WHOLE_DAY;
    } else if (exception?.kind === 'holiday') {
      kind = 'holiday';
      spans = [];
    } else if (exception) {
      spans = exception.spans ?? standard;
      kind = calendar.weekly[weekday].length === 0 ? 'makeup-workday' : 'workday';
    } else {
      spans = calendar.weekly[weekday];
      kind = spans.length > 0 ? 'workday' : 'rest';
    }
    const dayStart = new Date(localToUtc(calendar.timeZone, date, 0));
    const dayEnd = new Date(localToUtc(calendar.timeZone, date, 24 * 60));
    views.push({ date: key, weekday, kind, name: exception?.name ?? null, spans, workingSeconds: clock.elapsed(dayStart, dayEnd), ...(exception?.provisional ? { provisional: true as const } : {}) });
  }
  return views;
}
