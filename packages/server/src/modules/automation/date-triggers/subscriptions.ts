import type { CommandSubscribers } from '../../../platform/commands/index.ts';
import { registerDueSubjectsFinder } from '../engine/dry-run.ts';
import { registerTriggerCheck } from '../rules/validate-definition.ts';
import { checkTimeTriggerTarget } from './check-trigger-target.ts';
import { dueSubjectsForDateTrigger } from './due-subjects.ts';
import { followRecordDates } from './time-jobs.ts';
import { localDayOf, type TimeTrigger, validateTimeTrigger } from './time-trigger.ts';
import { triggerTimeZone } from './trigger-zone.ts';

/**
 * Wires the date-triggers part into the rules and the engine, for as long as the app lives:
 * - the rules API's 400s for date and schedule triggers (shape, object type's date field, calendar);
 * - the dry-run's due subjects of a date rule;
 * - record writes inside the writing transaction: a record created, or whose date field changed,
 *   due today after today's scan already ran, gets its run scheduled now (later days' scans find
 *   it by the date index).
 * Returns the unsubscribe.
 */
export function subscribeDateTriggers(subscribers: CommandSubscribers): () => void {
  for (const kind of ['date', 'schedule'] as const) {
    registerTriggerCheck(kind, async (ctx, trigger, errors) => {
      const shape = validateTimeTrigger(trigger);
      errors.push(...shape.map((e) => ({ ...e, code: 'invalid' })));
      if (shape.length === 0) errors.push(...(await checkTimeTriggerTarget(ctx.tx, trigger)).map((e) => ({ ...e, code: 'unknown-reference' })));
    });
  }
  registerDueSubjectsFinder(async (tx, rule, asked, now) => {
    const day = asked ?? localDayOf(now, await triggerTimeZone(tx, rule.trigger as unknown as TimeTrigger, now));
    const due = await dueSubjectsForDateTrigger(tx, rule, day);
    return { day, due: due.map((s) => ({ subject: { type: s.subjectType, id: s.subjectId }, occurrence: s.occurrence })) };
  });
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
