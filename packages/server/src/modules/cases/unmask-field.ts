import type { CommandContext } from '../../platform/commands/index.ts';
import type { FieldChange } from '../../platform/db/tables.ts';
import { findEventOfCase, recordAuditEvent, type AuditFact } from '../audit/index.ts';
import { findCaseForActionOrThrow } from './case-access.ts';
import { findFieldDefinitions } from './case-type-fields.ts';
import { collectEnvelopes, openChanges } from './case-crypto.ts';
import type { CaseRow } from './case-row.ts';
import { caseProblems } from './problems.ts';
import { rethrowWithRefusalAudit, withRefusalAudit } from './refusal-audit.ts';
import { customerDataClass, customerValueOf, LEGACY_KEY } from './customer-fields.ts';

const CUSTOMER_PREFIX = 'customer.';

export interface UnmaskInput {
  field: string;
  reason: string;
  /** An audit event of the case: reveal the field's before and after values in that change. */
  eventId?: number;
}

export interface UnmaskResult {
  field: string;
  value?: unknown;
  eventId?: number;
  before?: unknown;
  after?: unknown;
}

/**
 * Reveals one sensitive field of one case (or of one change in its history) to a reader holding
 * case:unmask on it. Every attempt is audited with the field and the reason, never a value:
 * a granted one in the command's transaction, a refused one on its own after the rollback.
 */
export async function unmaskField(ctx: CommandContext, caseId: string, input: UnmaskInput): Promise<UnmaskResult> {
  const refusal: AuditFact = {
    action: 'case.unmask-refused',
    targetType: 'case',
    targetId: caseId,
    reason: input.reason,
    data: { field: input.field, ...(input.eventId !== undefined ? { eventId: input.eventId } : {}) },
  };
  let found: CaseRow;
  try {
    found = await findCaseForActionOrThrow(ctx, caseId, 'case:unmask');
  } catch (error) {
    rethrowWithRefusalAudit(error, refusal);
  }
  // Once the case is known to be visible, the refusal may name it.
  refusal.caseId = caseId;
  const definitions = await findFieldDefinitions(ctx.tx, found.typeKey, found.typeVersion);
  // Only the case type's own sensitive fields: a name such as `constructor` or `toString` must not
  // reach a property lookup, and a field without a data class is never masked to begin with.
  const isSensitiveField = isSensitiveCustomerField(input.field) || Boolean(definitions.get(input.field)?.dataClass);
  if (!isSensitiveField) {
    throw withRefusalAudit(caseProblems.invalidFields({ errors: [{ field: 'field', reason: `is not a sensitive field of ${found.typeKey} cases` }] }), refusal);
  }
  if (input.eventId !== undefined) return unmaskHistory(ctx, found, { ...input, eventId: input.eventId }, refusal);

  const value = input.field.startsWith(CUSTOMER_PREFIX) ? customerValueOf(found.customer, input.field) : Object.hasOwn(found.fields, input.field) ? found.fields[input.field] : undefined;
  if (value === undefined || value === null) {
    throw withRefusalAudit(caseProblems.invalidFields({ errors: [{ field: 'field', reason: `the case has no value for ${input.field}` }] }), refusal);
  }
  await recordAuditEvent(ctx, { action: 'case.field-unmasked', targetType: 'case', targetId: caseId, caseId, reason: input.reason, data: { field: input.field } });
  return { field: input.field, value };
}

/**
 * History keeps before → after values sealed, not masked, so what was overwritten stays
 * recoverable by whoever may unmask it now.
 */
async function unmaskHistory(ctx: CommandContext, found: CaseRow, input: UnmaskInput & { eventId: number }, refusal: AuditFact): Promise<UnmaskResult> {
  const event = await findEventOfCase(ctx.tx, found.id, input.eventId);
  const customerKey = input.field.startsWith(CUSTOMER_PREFIX) ? input.field.slice(CUSTOMER_PREFIX.length) : undefined;
  const changeField = customerKey !== undefined ? 'customer' : `fields.${input.field}`;
  const sealed = event?.changes.find((c) => c.field === changeField || c.field === input.field);
  if (!sealed) {
    throw withRefusalAudit(caseProblems.invalidFields({ errors: [{ field: 'eventId', reason: `no change of ${input.field} in event ${input.eventId} of this case` }] }), refusal);
  }
  await ctx.keyRing.ensureKeys(collectEnvelopes([sealed]));
  const [opened] = openChanges(ctx.keyRing, found.id, [sealed]) as [FieldChange];
  const pick = (v: unknown) => (sealed.field === 'customer' && customerKey !== undefined ? (customerValueOf(v, input.field) ?? null) : v);
  await recordAuditEvent(ctx, {
    action: 'case.field-unmasked',
    targetType: 'case',
    targetId: found.id,
    caseId: found.id,
    reason: input.reason,
    data: { field: input.field, eventId: input.eventId },
  });
  return { field: input.field, eventId: input.eventId, before: pick(opened.before), after: pick(opened.after) };
}

/** `customer.<key>` of a customer field with a data class (or the sealed legacy leftovers). */
function isSensitiveCustomerField(field: string): boolean {
  if (!field.startsWith(CUSTOMER_PREFIX)) return false;
  const key = field.slice(CUSTOMER_PREFIX.length);
  return key === LEGACY_KEY || customerDataClass(key) !== null;
}
