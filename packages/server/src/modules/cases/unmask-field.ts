import type { CommandContext } from '../../platform/http/command-context.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { findCaseForActionOrThrow } from './case-access.ts';
import { caseProblems } from './problems.ts';
import { customerValueOf } from './customer-fields.ts';

/**
 * Reveals one field of one case to a reader holding case:unmask on it. The audit event names
 * the field and the reason, never the value.
 */
export async function unmaskField(ctx: CommandContext, caseId: string, input: { field: string; reason: string }): Promise<{ field: string; value: unknown }> {
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:unmask');
  const value = input.field.startsWith('customer.') ? customerValueOf(found.customer, input.field) : found.fields[input.field];
  if (value === undefined) throw caseProblems.invalidFields({ errors: [{ field: 'field', reason: `the case has no value for ${input.field}` }] });
  await recordAuditEvent(ctx, {
    action: 'case.field-unmasked',
    targetType: 'case',
    targetId: caseId,
    caseId,
    reason: input.reason,
    data: { field: input.field },
  });
  return { field: input.field, value };
}
