import type { BusinessClock, CalendarDay, ResolvedCalendar, TimeSpan, Weekday } from '../model.ts';
import { WEEKDAYS } from '../model.ts';

/**
 * The obvious business clock: walks local days one by one and converts each day's spans to
 * instants. Correct and slow (linear in the days crossed); the production clock precomputes
 * intervals and is checked against this one.
 *
 * Working time is the union of the spans' instants: a wall time inside a DST gap converts to the
 * later offset (01:30 on London's spring-forward night is 02:30 BST), so a span ending in the gap
 * can overlap the next one (00:00–01:30 and 02:00–02:30 that night), and the overlap counts once.
 */
export function referenceClock(calendar: ResolvedCalendar): BusinessClock {
  if (calendar.alwaysOpen) return alwaysOpenClock;
  const days = new Map(calendar.days.map((d) => [d.date, d]));
  const standard = standardDay(calendar);
  const spansOn = (date: LocalDate): [number, number][] => {
    const key = isoDate(date);
    const exception = days.get(key);
    const spans: TimeSpan[] = exception ? (exception.kind === 'holiday' ? [] : (exception.spans ?? standard)) : calendar.weekly[weekdayOf(date)];
    return spans.map((s) => [localToUtc(calendar.timeZone, date, minutesOf(s.start)), localToUtc(calendar.timeZone, date, minutesOf(s.end))]);
  };
  const hasWork = calendar.days.some((d) => d.kind === 'workday') || WEEKDAYS.some((w) => calendar.weekly[w].length > 0);
  return {
    add(from, seconds) {
      if (!hasWork) throw new Error('The calendar has no working time');
      let left = seconds * 1000;
      let last = Number.NEGATIVE_INFINITY;
      let date = localDateOf(calendar.timeZone, from);
      date = addDays(date, -1); // a span of the previous local day may still be open (time zone edges)
      for (let guard = 0; guard < 366 * 200; guard++, date = addDays(date, 1)) {
        for (const [spanStart, end] of spansOn(date)) {
          const start = Math.max(spanStart, last);
          if (end <= start) continue;
          last = end;
          if (end <= from.getTime()) continue;
          const begin = Math.max(start, from.getTime());
          if (left === 0) return new Date(begin);
          if (end - begin >= left) return new Date(begin + left);
          left -= end - begin;
        }
      }
      throw new Error('No working time within 200 years');
    },
    elapsed(from, to) {
      if (to <= from) return 0;
      let total = 0;
      let last = Number.NEGATIVE_INFINITY;
      for (let date = addDays(localDateOf(calendar.timeZone, from), -1); ; date = addDays(date, 1)) {
        const spans = spansOn(date);
        if (spans.length === 0 && localToUtc(calendar.timeZone, date, 0) >= to.getTime()) break;
        let past = false;
        for (const [spanStart, end] of spans) {
          const start = Math.max(spanStart, last);
          if (end <= start) continue;
          last = end;
          if (start >= to.getTime()) {
            past = true;
            break;
          }
          total += Math.max(0, Math.min(end, to.getTime()) - Math.max(start, from.getTime()));
        }
        if (past) break;
      }
      return Math.round(total / 1000);
    },
  };
}

export const alwaysOpenClock: BusinessClock = {
  add: (from, seconds) => new Date(from.getTime() + seconds * 1000),
  elapsed: (from, to) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)),
};

/** A make-up working day without its own hours works the first weekday Mon–Fri that has any. */
export function standardDay(calendar: ResolvedCalendar): TimeSpan[] {
  for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) if (calendar.weekly[day].length > 0) return calendar.weekly[day];
  return [];
}

export interface LocalDate {
  y: number;
  m: number; // 1–12
  d: number;
}

export function isoDate({ y, m, d }: LocalDate): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function addDays(date: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export function weekdayOf(date: LocalDate): Weekday {
  // getUTCDay: 0 = Sunday.
  return WEEKDAYS[(new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay() + 6) % 7]!;
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in milliseconds. */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

export function localDateOf(timeZone: string, instant: Date): LocalDate {
  const t = new Date(instant.getTime() + zoneOffsetMs(timeZone, instant.getTime()));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** The instant of a local wall-clock time (minutes after local midnight; 1440 = the next midnight). */
export function localToUtc(timeZone: string, date: LocalDate, minutes: number): number {
  const wall = Date.UTC(date.y, date.m - 1, date.d) + minutes * 60_000;
  let guess = wall - zoneOffsetMs(timeZone, wall);
  guess = wall - zoneOffsetMs(timeZone, guess);
  return guess;
}

export function exceptionByDate(days: CalendarDay[]): Map<string, CalendarDay> {
  return new Map(days.map((d) => [d.date, d]));
}
