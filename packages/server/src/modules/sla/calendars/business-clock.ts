import type { Db, Tx } from '../../../platform/db/database.ts';
import type { BusinessClock, CalendarRef, ResolvedCalendar } from '../model.ts';
import { referenceClock } from './reference-clock.ts';

/**
 * The business clock of a resolved calendar. Versions never change, so a compiled clock is kept
 * for the life of the process, by calendar id and version.
 *
 * CONTRACT (issue 16): the calendar work replaces referenceClock here with precomputed working
 * intervals (exact, O(log n) per call); referenceClock stays as the test oracle.
 */
export function compileCalendar(calendar: ResolvedCalendar): BusinessClock {
  return referenceClock(calendar);
}

const compiled = new Map<string, BusinessClock>();

/** The clock of one calendar version, compiled once per process. */
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
