import type { CommandSubscribers } from '../../../platform/commands/index.ts';
import { followRecordDates } from './time-jobs.ts';

/**
 * Date triggers follow record writes inside the writing transaction: a record created or whose
 * date field changed, due today after today's scan already ran, gets its run scheduled now (later
 * days' scans find it by the date index). Returns the unsubscribe.
 */
export function subscribeDateTriggers(subscribers: CommandSubscribers): () => void {
  const off = [
    subscribers.subscribeInTransaction('record.created', (ctx, e) => followRecordDates(ctx, e.payload.recordId, 'all')),
    subscribers.subscribeInTransaction('record.changed', (ctx, e) =>
      e.payload.changed.some((c) => c.startsWith('fields.')) ? followRecordDates(ctx, e.payload.recordId, e.payload.changed) : Promise.resolve(),
    ),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
