import type { Db, Tx } from '../../../platform/db/database.ts';
import { findDueCases, findDueRecords, findObjectTypeIdByKey } from './store.ts';
import { triggerTimeZone } from './trigger-zone.ts';
import { addDaysIso, CASE_SUBJECT, instantOfLocal, monthDaysObservedOn, targetDayOf, type CaseDateField, type DateTrigger } from './time-trigger.ts';

export interface DueSubject {
  subjectType: 'record' | 'case';
  subjectId: string;
  /** The date the run is for ('2027-01-03'): with the rule and the subject, the run's once-only key. */
  occurrence: string;
}

/**
 * The subjects a date rule acts on when `day` (its local day, ISO) is scanned, not yet run for
 * their occurrence: one indexed query. The dry-run shows these for today; the daily scan
 * schedules a run for each. Conditions and departments are the engine's to check, per subject.
 */
export async function dueSubjectsForDateTrigger(tx: Db | Tx, rule: { id: string; trigger: unknown }, day: string, options: { limit?: number } = {}): Promise<DueSubject[]> {
  const trigger = rule.trigger as DateTrigger;
  const target = targetDayOf(day, trigger.offsetDays);
  if (trigger.objectType === CASE_SUBJECT) {
    const zone = await triggerTimeZone(tx, trigger, instantOfLocal(day, '12:00', 'UTC'));
    const rows = await findDueCases(tx, {
      ruleId: rule.id,
      field: trigger.field as CaseDateField,
      from: instantOfLocal(target, '00:00', zone),
      to: instantOfLocal(addDaysIso(target, 1), '00:00', zone),
      occurrence: target,
      limit: options.limit,
    });
    return rows.map((r) => ({ subjectType: 'case', subjectId: r.subjectId, occurrence: target }));
  }
  const typeId = await findObjectTypeIdByKey(tx, trigger.objectType);
  if (!typeId) return [];
  const rows = await findDueRecords(tx, {
    ruleId: rule.id,
    typeId,
    field: trigger.field,
    recurrence: trigger.recurrence,
    target,
    monthDays: monthDaysObservedOn(target),
    occurrence: target,
    limit: options.limit,
  });
  return rows.map((r) => ({ subjectType: 'record', subjectId: r.subjectId, occurrence: target }));
}
