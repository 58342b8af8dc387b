import type { Db, Tx } from '../../../platform/db/database.ts';
import { findCalendarIdByKey } from '../../sla/index.ts';
import { findObjectTypeFields } from './store.ts';
import { CASE_SUBJECT, type TriggerError } from './time-trigger.ts';

const DATE_FIELD_TYPES = new Set(['date', 'datetime']);

/**
 * What validateTimeTrigger cannot see: the object type exists and the field is one of its date
 * fields; the calendar exists. Errors name `trigger.<field>` as the rules API reports them.
 */
export async function checkTimeTriggerTarget(tx: Db | Tx, trigger: Record<string, unknown>): Promise<TriggerError[]> {
  const errors: TriggerError[] = [];
  if (typeof trigger.calendarKey === 'string' && !(await findCalendarIdByKey(tx, trigger.calendarKey))) errors.push({ field: 'trigger.calendarKey', reason: 'no business calendar has this key' });
  if (trigger.kind !== 'date' || typeof trigger.objectType !== 'string' || trigger.objectType === CASE_SUBJECT) return errors;
  const fields = await findObjectTypeFields(tx, trigger.objectType);
  if (!fields) errors.push({ field: 'trigger.objectType', reason: 'no object type has this key' });
  else if (!fields.some((f) => f.key === trigger.field && DATE_FIELD_TYPES.has(f.type))) errors.push({ field: 'trigger.field', reason: `is not a date field of ${trigger.objectType}` });
  return errors;
}
