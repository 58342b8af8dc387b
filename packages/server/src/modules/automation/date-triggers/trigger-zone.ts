import type { Db, Tx } from '../../../platform/db/database.ts';
import { calendarVersionInForce, findCalendarIdByKey, loadBusinessClock } from '../../sla/index.ts';
import { findCalendarTimeZone } from './store.ts';
import { addDaysIso, DEFAULT_TIME_ZONE, instantOfLocal, type TimeTrigger } from './time-trigger.ts';

/**
 * The zone a time trigger's days and times are in: its own timeZone, else its business
 * calendar's, else Asia/Shanghai (the shipped calendars' zone).
 */
export async function triggerTimeZone(tx: Db | Tx, trigger: Pick<TimeTrigger, 'timeZone' | 'calendarKey'>, at: Date): Promise<string> {
  if (trigger.timeZone) return trigger.timeZone;
  if (trigger.calendarKey) {
    const calendarId = await findCalendarIdByKey(tx, trigger.calendarKey);
    const ref = calendarId ? await calendarVersionInForce(tx, calendarId, at) : undefined;
    const zone = ref ? await findCalendarTimeZone(tx, ref.calendarId, ref.version) : undefined;
    if (zone) return zone;
  }
  return DEFAULT_TIME_ZONE;
}

/**
 * Whether a local day is a working day of a business calendar: the calendar version in force
 * that day has working time within it (a holiday has none; a 调休 make-up Saturday has some).
 * An unknown calendar key is no working day: a rule naming a calendar since deleted runs nowhere
 * rather than everywhere.
 */
export async function isWorkingDay(tx: Db | Tx, calendarKey: string, day: string, timeZone: string): Promise<boolean> {
  const calendarId = await findCalendarIdByKey(tx, calendarKey);
  if (!calendarId) return false;
  const start = instantOfLocal(day, '00:00', timeZone);
  const end = instantOfLocal(addDaysIso(day, 1), '00:00', timeZone);
  const ref = await calendarVersionInForce(tx, calendarId, start);
  if (!ref) return false;
  const clock = await loadBusinessClock(tx, ref);
  return clock.elapsed(start, end) > 0;
}
