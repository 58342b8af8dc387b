import type { CommandContext } from '../../platform/commands/index.ts';
import type { FieldChange } from '../../platform/db/tables.ts';
import { assertAllowedOnCase, isExplicitlyWritable, mayReadUnmasked, SENSITIVITY_LEVELS } from '../access/index.ts';
import { findCaseForActionOrThrow } from './case-access.ts';
import { mayWriteField } from './case-actions.ts';
import { findFieldDefinitions } from './case-type-fields.ts';
import { computeSensitiveIndex, openCaseRows, sealChanges, sealCustomer, sealFields, sealTitle } from './case-crypto.ts';
import { diffFields, recordAuditEvent } from '../audit/index.ts';
import type { CaseRow, CustomerRef } from './case-row.ts';
import type { CasePriority } from './case-priority.ts';
import { assertTransitionNotVetoed, planStatusChange, type PlannedStatusChange } from './status-change.ts';
import { tellTransitionHooks } from './transition-hooks.ts';
import { findCaseTypeOrThrow } from './case-types.ts';
import { validateFields } from './field-validation.ts';
import { customerDataClass, refusedCustomerChanges, validateCustomer } from './customer-fields.ts';
import { caseProblems } from './problems.ts';
import { resolveCaseQueues } from './case-queue.ts';
import { caseChangedEvents } from './case-events.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import { findCaseById, updateCaseIfVersion, type CaseChanges } from './store.ts';
import { DUE_AT_REFUSED } from './new-case.ts';
import { withSlaSummaries } from './sla-summary.ts';

export interface UpdateCaseInput {
  title?: string;
  /** A status of the case type version's lifecycle, reached by one of its transitions. */
  status?: string;
  priority?: CasePriority;
  channel?: string | null;
  customer?: CustomerRef | null;
  fields?: Record<string, unknown>;
  tags?: string[];
  assigneeId?: string | null;
  /** The queue by key, or by id (queueId), or both when they agree; null: none. */
  queue?: string | null;
  queueId?: string | null;
  departmentId?: string | null;
  /** Refused when given (issue 16): see DUE_AT_REFUSED. */
  dueAt?: string | null;
  sensitivity?: CaseRow['sensitivity'];
  /** Why: required to reopen; kept in the audit event for every change. */
  reason?: string;
}

export async function findCaseByIdOrThrow(ctx: CommandContext, id: string): Promise<CaseRow> {
  const found = await findCaseById(ctx.tx, id);
  if (!found) throw caseProblems.notFound({ detail: `No case ${id}` });
  return found;
}

/**
 * Changes a case if it is still at `expectedVersion` (If-Match). Field values merge into the
 * existing ones and are validated against the case's own type version.
 */
export async function updateCase(ctx: CommandContext, id: string, expectedVersion: number, input: UpdateCaseInput): Promise<CaseRow> {
  const current = await findCaseForActionOrThrow(ctx, id, 'case:update');
  if (current.version !== expectedVersion) {
    throw caseProblems.versionStale({ detail: `You sent version ${expectedVersion}; the case is at ${current.version}. Reload it.`, currentVersion: current.version });
  }
  const { reason, status, fields, dueAt, title, queue: _queue, queueId: _queueId, ...plain } = input;
  const changes: CaseChanges = { ...plain };
  const [queue] = await resolveCaseQueues(ctx.tx, [input]);
  if (Array.isArray(queue)) throw caseProblems.invalidFields({ errors: queue });
  // By key: the database keeps the id in step (migration 20261209T0200).
  if (queue) changes.queue = queue.key;
  if (title !== undefined) {
    if (title.trim() === '') throw caseProblems.invalidFields({ errors: [{ field: 'title', reason: 'must not be blank' }] });
    changes.title = title.trim();
  }
  const customerErrors = validateCustomer(input.customer);
  if (customerErrors.length > 0) throw caseProblems.invalidFields({ errors: customerErrors });
  const customerRefused = refusedCustomerChanges(ctx.actor, current, input.customer);
  if (customerRefused.length > 0) throw httpProblems.forbidden({ detail: 'You may not change these customer fields', errors: customerRefused });
  if (dueAt !== undefined) throw caseProblems.invalidFields({ detail: 'The due time is computed by the SLA policy', errors: [{ field: 'dueAt', reason: DUE_AT_REFUSED }] });
  if (fields !== undefined) {
    const caseType = await findCaseTypeOrThrow(ctx, current.typeKey, current.typeVersion);
    const errors = validateFields(caseType.schema, fields, { partial: true });
    if (errors.length > 0) throw caseProblems.invalidFields({ errors });
    changes.fields = Object.fromEntries(Object.entries({ ...current.fields, ...fields }).filter(([, v]) => v !== null));
  }
  let statusChange: PlannedStatusChange | undefined;
  if (status !== undefined) {
    statusChange = planStatusChange(ctx, current, await findCaseTypeOrThrow(ctx, current.typeKey, current.typeVersion), status, reason);
    Object.assign(changes, statusChange.changes);
  }

  await assertChangesAllowed(ctx, current, changes, fields);
  if (statusChange) await assertTransitionNotVetoed(ctx, statusChange.transition);

  const fieldChanges: FieldChange[] = [
    ...diffFields(pickComparable(current), pickComparable({ ...current, ...changes })).filter((c) => c.field !== 'fields'),
    ...(changes.fields ? diffFields(current.fields, changes.fields, 'fields.') : []),
  ];
  if (fieldChanges.length === 0) return current;

  const definitions = await findFieldDefinitions(ctx.tx, current.typeKey, current.typeVersion);
  const sealedChanges: CaseChanges = { ...changes };
  if (changes.fields) sealedChanges.fields = sealFields(ctx.keyRing, id, changes.fields, definitions);
  if (changes.customer !== undefined) sealedChanges.customer = sealCustomer(ctx.keyRing, id, changes.customer ?? null);
  if (changes.title !== undefined) Object.assign(sealedChanges, sealTitle(ctx.keyRing, id, changes.title));
  const sensitiveIndex =
    changes.fields || changes.customer !== undefined
      ? computeSensitiveIndex(ctx.keyRing, { fields: changes.fields ?? current.fields, customer: changes.customer !== undefined ? changes.customer : current.customer }, definitions)
      : undefined;
  const updatedSealed = await updateCaseIfVersion(ctx.tx, id, expectedVersion, sealedChanges, ctx.now, sensitiveIndex);
  const updated = updatedSealed && (await openCaseRows(ctx.keyRing, [updatedSealed]))[0];
  if (!updated) {
    const latest = await findCaseByIdOrThrow(ctx, id);
    throw caseProblems.versionStale({ detail: 'The case changed while you saved. Reload it.', currentVersion: latest.version });
  }
  await recordAuditEvent(ctx, {
    action: changes.status ? 'case.status-changed' : 'case.updated',
    targetType: 'case',
    targetId: id,
    caseId: id,
    changes: sealChanges(ctx.keyRing, id, fieldChanges, definitions),
    reason: reason ?? null,
    data: { version: updated.version },
  });
  await ctx.publish(
    ...caseChangedEvents(
      current,
      updated,
      fieldChanges.map((c) => c.field),
    ),
  );
  if (statusChange) await tellTransitionHooks(ctx, { ...statusChange.transition, case: updated });
  return withSlaSummary(ctx, updated);
}

function pickComparable(row: CaseRow): Record<string, unknown> {
  return {
    title: row.title,
    status: row.status,
    priority: row.priority,
    channel: row.channel,
    customer: row.customer,
    tags: row.tags,
    assigneeId: row.assigneeId,
    queue: row.queue,
    departmentId: row.departmentId,
    dueAt: row.dueAt?.toISOString() ?? null,
    sensitivity: row.sensitivity,
  };
}

// Assigning and moving a case are permissions of their own (a status change's are its transition's: status-change.ts); changing a field needs
// write access to that field (a masked or read-only field cannot be overwritten blind).
async function assertChangesAllowed(ctx: CommandContext, current: CaseRow, changes: CaseChanges, fields: Record<string, unknown> | undefined): Promise<void> {
  if (changes.assigneeId !== undefined && changes.assigneeId !== current.assigneeId) assertAllowedOnCase(ctx.actor, 'case:assign', current);
  if ((changes.queue !== undefined && changes.queue !== current.queue) || (changes.departmentId !== undefined && changes.departmentId !== current.departmentId)) {
    assertAllowedOnCase(ctx.actor, 'case:transfer', current);
  }
  // Lowering a case's sensitivity opens it to more readers: a permission of its own.
  if (changes.sensitivity !== undefined && SENSITIVITY_LEVELS.indexOf(changes.sensitivity) < SENSITIVITY_LEVELS.indexOf(current.sensitivity)) {
    assertAllowedOnCase(ctx.actor, 'case:classify', current);
  }
  // Customer fields with a data class are masked like form fields of that class: replacing the
  // customer object must not erase or overwrite a value the caller sees only masked.
  if (changes.customer !== undefined) {
    const before = (current.customer ?? {}) as Record<string, unknown>;
    const after = (changes.customer ?? {}) as Record<string, unknown>;
    const blind = Object.keys(before).filter((key) => {
      const dataClass = customerDataClass(key);
      if (!dataClass || before[key] === undefined || before[key] === null) return false;
      if (JSON.stringify(before[key]) === JSON.stringify(after[key] ?? null)) return false;
      const fieldKey = `customer.${key}`;
      return !mayReadUnmasked(ctx.actor, current, fieldKey, dataClass) && !isExplicitlyWritable(ctx.actor, current, fieldKey, dataClass);
    });
    if (blind.length > 0) {
      throw httpProblems.forbidden({ detail: 'You may not change these fields', errors: blind.map((key) => ({ field: `customer.${key}`, reason: 'is masked for you, so you may not change it' })) });
    }
  }
  if (!fields) return;
  const definitions = await findFieldDefinitions(ctx.tx, current.typeKey, current.typeVersion);
  // The same rule the case view's allowed.writableFields shows (case-actions.ts).
  const refused = Object.keys(fields).filter((key) => !mayWriteField(ctx.actor, current, key, definitions.get(key)?.dataClass ?? null));
  if (refused.length > 0) {
    throw httpProblems.forbidden({ detail: 'You may not change these fields', errors: refused.map((key) => ({ field: `fields.${key}`, reason: 'is not writable for you' })) });
  }
}

/** The due time and SLA state the SLA clocks set in reaction to this command's events (issue 16). */
export async function withSlaSummary(ctx: CommandContext, row: CaseRow): Promise<CaseRow> {
  return (await withSlaSummaries(ctx.tx, [row]))[0]!;
}
