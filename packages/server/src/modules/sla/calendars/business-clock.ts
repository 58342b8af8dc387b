import type { Db, Tx } from '../../../platform/db/database.ts';
import type { BusinessClock, CalendarRef, ResolvedCalendar, TimeSpan } from '../model.ts';
import { assertValidResolvedCalendar } from './calendar-validation.ts';
import { addDays, alwaysOpenClock, exceptionByDate, localDateOf, localToUtc, minutesOf, standardDay, weekdayOf, zoneOffsetMs, type LocalDate } from './reference-clock.ts';
import { registerProcessCache } from '../../../platform/process-caches.ts';

/**
 * The working intervals of one local year as UTC epoch milliseconds, with prefix sums:
 * `before[i]` is the working time of intervals 0…i-1, so the working time up to any instant is
 * one binary search away. Interval bounds come from the same local → UTC conversion as the
 * reference clock (reference-clock.ts), so both agree to the millisecond, DST days included.
 */
interface YearBlock {
  year: number;
  /** Local midnight of 1 January, and of the next 1 January (UTC ms). */
  startMs: number;
  endMs: number;
  starts: Float64Array;
  ends: Float64Array;
  before: Float64Array; // length n + 1; before[n] = total
  totalMs: number;
}

/** Years add() walks before it gives up (the reference clock's guard): a duration no calendar this side of 2200 holds. */
const MAX_YEARS = 200;

/** add() found no answer within MAX_YEARS: a duration longer than the calendar's working time holds. */
export class BeyondCalendarError extends RangeError {}

/**
 * The business clock of a resolved calendar: working intervals precomputed per local year (built
 * the first time a year is needed), then add and elapsed in O(log n) by binary search over prefix
 * sums, exact to the millisecond (answers in whole seconds when the inputs are). Checked against
 * `referenceClock` (the day-by-day oracle) by property tests.
 *
 * Refuses (throws) a calendar that is not valid (calendar-validation.ts): spans out of order or
 * overlapping, an unknown time zone, no working time at all.
 */
export function compileCalendar(calendar: ResolvedCalendar): BusinessClock {
  assertValidResolvedCalendar(calendar);
  if (calendar.alwaysOpen) return alwaysOpenClock;
  const { timeZone } = calendar;
  const exceptions = exceptionByDate(calendar.days);
  const standard = standardDay(calendar);
  const spansOn = (date: LocalDate, key: string): TimeSpan[] => {
    const exception = exceptions.get(key);
    if (exception) return exception.kind === 'holiday' ? [] : (exception.spans ?? standard);
    return calendar.weekly[weekdayOf(date)];
  };

  const blocks = new Map<number, YearBlock>();
  const blockOf = (year: number): YearBlock => {
    let block = blocks.get(year);
    if (!block) {
      block = buildYear(year);
      blocks.set(year, block);
    }
    return block;
  };

  const buildYear = (year: number): YearBlock => {
    const starts: number[] = [];
    const ends: number[] = [];
    const startMs = localToUtc(timeZone, { y: year, m: 1, d: 1 }, 0);
    const endMs = localToUtc(timeZone, { y: year + 1, m: 1, d: 1 }, 0);
    let last = startMs;
    // Asking Intl for a zone's offset is the slow part. localToUtc reads the offset within a day
    // and a half around the wall time; when the offset is the same a day before and two days
    // after local midnight (no DST change near), every span of the day is wall time − offset,
    // exactly what localToUtc answers. Near a change, localToUtc itself.
    const jan1: LocalDate = { y: year, m: 1, d: 1 };
    const samples: number[] = [];
    for (let k = -1; k <= 368; k++) {
      const day = addDays(jan1, k);
      samples.push(zoneOffsetMs(timeZone, Date.UTC(day.y, day.m - 1, day.d)));
    }
    let index = 0;
    for (let date: LocalDate = jan1; date.y === year; date = addDays(date, 1), index++) {
      const key = `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
      const spans = spansOn(date, key);
      if (spans.length === 0) continue;
      const wallMidnight = Date.UTC(date.y, date.m - 1, date.d);
      // samples[index + 1] is this day's; the window runs from the day before to two days after.
      const offset = samples[index]!;
      const steady = samples[index + 1] === offset && samples[index + 2] === offset && samples[index + 3] === offset;
      const toUtc = (minutes: number) => (steady ? wallMidnight + minutes * 60_000 - offset : localToUtc(timeZone, date, minutes));
      for (const span of spans) {
        // A span in a DST gap converts to an empty interval: no working time, dropped. Clamping to
        // the previous end keeps the intervals ordered whatever a zone's transitions do.
        const start = Math.max(toUtc(minutesOf(span.start)), last);
        const end = toUtc(minutesOf(span.end));
        if (end <= start) continue;
        // Touching spans (…–12:00, 12:00–…) merge: one interval, the same answers.
        if (ends.length > 0 && ends[ends.length - 1] === start) ends[ends.length - 1] = end;
        else {
          starts.push(start);
          ends.push(end);
        }
        last = end;
      }
    }
    const before = new Float64Array(starts.length + 1);
    for (let i = 0; i < starts.length; i++) before[i + 1] = before[i]! + (ends[i]! - starts[i]!);
    return { year, startMs, endMs, starts: Float64Array.from(starts), ends: Float64Array.from(ends), before, totalMs: before[starts.length]! };
  };

  /** The year block holding instant t (ms): the local year of t, corrected at zone edges. */
  const blockAt = (t: number): YearBlock => {
    // The years built so far are few (a clock's span); asking Intl for the local year costs more.
    for (const built of blocks.values()) if (t >= built.startMs && t < built.endMs) return built;
    let block = blockOf(localDateOf(timeZone, new Date(t)).y);
    while (t < block.startMs) block = blockOf(block.year - 1);
    while (t >= block.endMs) block = blockOf(block.year + 1);
    return block;
  };

  /** Working time in the block before instant t (ms), t within the block. */
  const workedBefore = (block: YearBlock, t: number): number => {
    const i = firstEndAfter(block.ends, t);
    if (i === block.starts.length) return block.totalMs;
    return block.before[i]! + Math.max(0, t - block.starts[i]!);
  };

  /** The instant at which the block's work reaches `workMs` (counted from its first interval); undefined when the block has less. */
  const instantAfterWork = (block: YearBlock, workMs: number): number | undefined => {
    if (workMs > block.totalMs) return undefined;
    // The first interval i with before[i + 1] >= workMs: work runs out inside it (or at its end).
    let lo = 0;
    let hi = block.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (block.before[mid + 1]! >= workMs) hi = mid;
      else lo = mid + 1;
    }
    return block.starts[lo]! + (workMs - block.before[lo]!);
  };

  return {
    add(from, seconds) {
      if (!(seconds >= 0)) throw new RangeError(`Cannot add ${seconds} seconds of business time`);
      const t = from.getTime();
      let block = blockAt(t);
      const i = firstEndAfter(block.ends, t);
      if (i < block.starts.length) {
        const begin = Math.max(block.starts[i]!, t);
        // The work still ahead in this block, counted from the block's first interval.
        const target = block.before[i]! + (begin - block.starts[i]!) + seconds * 1000;
        if (seconds === 0) return new Date(begin);
        const inBlock = instantAfterWork(block, target);
        if (inBlock !== undefined) return new Date(inBlock);
      }
      let left = seconds * 1000 - (i < block.starts.length ? block.totalMs - workedBefore(block, t) : 0);
      for (let years = 0; years < MAX_YEARS; years++) {
        block = blockOf(block.year + 1);
        if (block.totalMs === 0) continue;
        if (left === 0) return new Date(block.starts[0]!);
        const inBlock = instantAfterWork(block, left);
        if (inBlock !== undefined) return new Date(inBlock);
        left -= block.totalMs;
      }
      throw new BeyondCalendarError(`No answer within ${MAX_YEARS} years of ${from.toISOString()}`);
    },
    elapsed(from, to) {
      const a = from.getTime();
      const b = to.getTime();
      if (b <= a) return 0;
      const first = blockAt(a);
      const last = blockAt(b);
      let total = -workedBefore(first, a);
      for (let year = first.year; year < last.year; year++) total += blockOf(year).totalMs;
      total += workedBefore(last, b);
      return Math.round(total / 1000);
    },
  };
}

/** The index of the first interval ending after t (ends ascending); ends.length when none. */
function firstEndAfter(ends: Float64Array, t: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const compiled = new Map<string, BusinessClock>();
registerProcessCache(() => compiled.clear());

/** The clock of one calendar version, compiled once per process (versions never change). */
export async function loadBusinessClock(db: Db | Tx, ref: CalendarRef): Promise<BusinessClock> {
  const cacheKey = `${ref.calendarId}:${ref.version}`;
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  const row = await db.selectFrom('sla.calendar_version').select('resolved').where('calendar_id', '=', ref.calendarId).where('version', '=', ref.version).executeTakeFirst();
  if (!row) throw new Error(`No calendar ${ref.calendarId} version ${ref.version}`);
  const clock = compileCalendar(row.resolved as ResolvedCalendar);
  compiled.set(cacheKey, clock);
  return clock;
}
