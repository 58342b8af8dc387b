import type { Tx } from '../../../platform/db/database.ts';
import { calendarVersionInForce, findCalendarIdByKey, loadBusinessClock } from '../../sla/index.ts';
import type { QueueRow } from '../model.ts';

/**
 * When a case that starts waiting in this queue at `from` overflows: overflowAfterSeconds later,
 * counted on the queue's working calendar when it names one (a queue staffed 9 to 5 does not
 * overflow at night), in natural time otherwise. Null when the queue has no overflow. A calendar
 * key that names no calendar counts natural time rather than never overflowing.
 */
export async function overflowDueAt(tx: Tx, queue: Pick<QueueRow, 'overflowQueueId' | 'overflowAfterSeconds' | 'calendarKey'>, from: Date): Promise<Date | null> {
  if (!queue.overflowQueueId || !queue.overflowAfterSeconds) return null;
  if (queue.calendarKey) {
    const calendarId = await findCalendarIdByKey(tx, queue.calendarKey);
    const ref = calendarId ? await calendarVersionInForce(tx, calendarId, from) : undefined;
    if (ref) return (await loadBusinessClock(tx, ref)).add(from, queue.overflowAfterSeconds);
  }
  return new Date(from.getTime() + queue.overflowAfterSeconds * 1000);
}
