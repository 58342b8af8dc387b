import type { CommandContext } from '../../../platform/commands/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { objectProblems } from '../problems.ts';
import { findRecordForActionOrThrow } from './record-access.ts';
import { typeOfRecord } from './record-view.ts';

export interface UnmaskRecordInput {
  field: string;
  reason: string;
}

/**
 * Reveals one sensitive value of one record to a reader holding record:unmask on it. Audited as
 * objects.record-unmasked with the field and the reason, never the value.
 */
export async function unmaskRecordField(ctx: CommandContext, recordId: string, input: UnmaskRecordInput): Promise<{ field: string; value: unknown }> {
  const found = await findRecordForActionOrThrow(ctx, recordId, 'record:unmask');
  const type = await typeOfRecord(ctx, found);
  // Only the type's own sensitive fields: a name such as `constructor` never reaches a lookup.
  const definition = type.fields.find((f) => f.key === input.field);
  if (!definition?.dataClass) throw objectProblems.invalid({ errors: [{ field: 'field', reason: `is not a sensitive field of ${found.typeKey} records` }] });
  if (input.reason.trim() === '') throw objectProblems.invalid({ errors: [{ field: 'reason', reason: 'must not be blank' }] });
  const value = Object.hasOwn(found.fields, input.field) ? found.fields[input.field] : undefined;
  if (value === undefined || value === null) throw objectProblems.invalid({ errors: [{ field: 'field', reason: `the record has no value for ${input.field}` }] });
  await recordAuditEvent(ctx, { action: 'objects.record-unmasked', targetType: 'record', targetId: recordId, reason: input.reason, data: { field: input.field, number: found.number } });
  return { field: input.field, value };
}
