import type { FieldError } from '../../platform/http/problem.ts';
import type { CommandContext } from '../../platform/commands/index.ts';
import type { DomainEvent } from '../../platform/events/index.ts';
import type { FieldChange } from '../../platform/db/tables.ts';
import { newId } from '../../platform/ids/ids.ts';
import { recordAuditEventsOfCommands } from '../audit/index.ts';
import type { CaseId, CaseRow, CaseTypeRow, CustomerRef } from './case-row.ts';
import { formatCaseNumber } from './case-number.ts';
import type { CasePriority } from './case-priority.ts';
import { initialStatusOf } from './case-lifecycle.ts';
import { validateFields } from './field-validation.ts';
import { insertCases, nextCaseSequences } from './store.ts';
import { findFieldDefinitions } from './case-type-fields.ts';
import { validateCustomer } from './customer-fields.ts';
import { computeSensitiveIndex, sealChanges, sealCustomer, sealFields, sealTitle } from './case-crypto.ts';
import { caseCreatedEvent } from './case-events.ts';
import type { CaseQueue, CaseQueueResolution } from './case-queue.ts';

export interface NewCaseInput {
  type: string;
  title: string;
  fields: Record<string, unknown>;
  priority?: CasePriority;
  channel?: string;
  customer?: CustomerRef;
  externalId?: string;
  source?: string;
  tags?: string[];
  assigneeId?: string;
  /** The queue by key, or by id (queueId), or both when they agree. */
  queue?: string;
  queueId?: string;
  departmentId?: string;
  /** Refused when given (issue 16): the SLA policy computes the due time; see DUE_AT_REFUSED. */
  dueAt?: string;
  sensitivity?: CaseRow['sensitivity'];
}

/**
 * A client's due date no longer competes with the computed one (issue 16): the SLA clocks set
 * cases.case.due_at, and a person who must move it overrides one clock with a reason.
 */
export const DUE_AT_REFUSED = 'is computed by the SLA policy; override it with POST /api/v1/cases/{id}/sla/{key}/override and a reason';

/**
 * What a request leaves out, filled in: the creator's own (primary) department. Without it a case
 * lands in no department, where only its creator and administrators see it — not the creator's
 * supervisor. The case type's default queue is not filled in here: the router applies it
 * (issue 17), so that a queue the creator named stays distinguishable from the default.
 */
export function withCreateDefaults(input: NewCaseInput, _caseType: CaseTypeRow, creator: { departmentId: string | null }): NewCaseInput {
  return { ...input, departmentId: input.departmentId ?? creator.departmentId ?? undefined };
}

/** A validated case waiting for its number; pure, so single and bulk create share it. */
export type PreparedCase = Omit<CaseRow, 'number'> & { prefix: string };

/**
 * `queue`: the queue the input names, as resolveCaseQueues found it (or what is wrong with it);
 * undefined when the input names none.
 */
export function prepareNewCase(caseType: CaseTypeRow, input: NewCaseInput, actorId: string, actorSource: string, now: Date, queue: CaseQueueResolution): PreparedCase | FieldError[] {
  const errors = [...validateFields(caseType.schema, input.fields), ...validateCustomer(input.customer), ...(Array.isArray(queue) ? queue : [])];
  if (input.title.trim().length === 0) errors.unshift({ field: 'title', reason: 'must not be blank' });
  if (input.dueAt !== undefined) errors.push({ field: 'dueAt', reason: DUE_AT_REFUSED });
  if (errors.length > 0) return errors;
  return {
    id: newId<CaseId>(),
    prefix: caseType.prefix,
    typeKey: caseType.key,
    typeVersion: caseType.version,
    title: input.title.trim(),
    ...initialStatusOf(caseType.lifecycle),
    priority: input.priority ?? 'normal',
    channel: input.channel ?? null,
    customer: input.customer ?? null,
    fields: input.fields,
    tags: [...new Set(input.tags ?? [])],
    externalSource: input.externalId ? (input.source ?? actorSource) : null,
    externalId: input.externalId ?? null,
    assigneeId: input.assigneeId ?? null,
    queue: (queue as CaseQueue | undefined)?.key ?? null,
    queueId: (queue as CaseQueue | undefined)?.id ?? null,
    departmentId: input.departmentId ?? null,
    // Set by the SLA clocks the case.created event starts (modules/sla/clocks).
    dueAt: null,
    createdBy: actorId,
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
    closedAt: null,
    version: 1,
    sensitivity: input.sensitivity ?? 'normal',
  };
}

/**
 * Numbers and inserts prepared cases, with their audit and outbox events, in one statement per
 * table whatever their count. Returns the ids actually inserted: a case whose external id exists
 * is skipped. `commandOf` names the command each case belongs to when several commands share
 * the transaction (group commit): its audit event carries that command's actor and request.
 */
export async function insertPreparedCases(
  ctx: CommandContext,
  prepared: PreparedCase[],
  commandOf: (caseId: string) => CommandContext = () => ctx,
): Promise<{ rows: CaseRow[]; insertedIds: Set<string> }> {
  const byPrefix = new Map<string, PreparedCase[]>();
  for (const p of prepared) {
    const group = byPrefix.get(p.prefix);
    if (group) group.push(p);
    else byPrefix.set(p.prefix, [p]);
  }
  const rows: CaseRow[] = [];
  const year = ctx.now.getUTCFullYear();
  for (const [prefix, group] of byPrefix) {
    const sequences = await nextCaseSequences(ctx.tx, prefix, group.length);
    for (const [i, { prefix: _prefix, ...p }] of group.entries()) rows.push({ ...p, number: formatCaseNumber(prefix, year, sequences[i]!) });
  }
  // Sensitive values are sealed before they reach SQL; the rows returned stay in clear.
  const definitionsOfType = new Map<string, Awaited<ReturnType<typeof findFieldDefinitions>>>();
  for (const row of rows) {
    const key = `${row.typeKey}@${row.typeVersion}`;
    if (!definitionsOfType.has(key)) definitionsOfType.set(key, await findFieldDefinitions(ctx.tx, row.typeKey, row.typeVersion));
  }
  const definitionsOf = (row: CaseRow) => definitionsOfType.get(`${row.typeKey}@${row.typeVersion}`)!;
  const sealed = rows.map((row) => ({
    ...row,
    fields: sealFields(ctx.keyRing, row.id, row.fields, definitionsOf(row)),
    customer: sealCustomer(ctx.keyRing, row.id, row.customer),
    ...sealTitle(ctx.keyRing, row.id, row.title),
  }));
  const insertedIds = await insertCases(
    ctx.tx,
    sealed,
    rows.map((row) => computeSensitiveIndex(ctx.keyRing, row, definitionsOf(row))),
  );
  const inserted = rows.filter((r) => insertedIds.has(r.id));
  await recordAuditEventsOfCommands(
    inserted.map((row) => ({
      ctx: commandOf(row.id),
      fact: {
        action: 'case.created',
        targetType: 'case',
        targetId: row.id,
        caseId: row.id,
        changes: sealChanges(ctx.keyRing, row.id, creationChanges(row), definitionsOf(row)),
        data: { number: row.number, type: row.typeKey, typeVersion: row.typeVersion, externalId: row.externalId },
      },
    })),
  );
  // Each case's event is published by its own command: in-transaction subscribers act as that
  // command's actor (group commit puts several commands in one transaction).
  const eventsOfCommand = new Map<CommandContext, DomainEvent[]>();
  for (const row of inserted) {
    const command = commandOf(row.id);
    const events = eventsOfCommand.get(command);
    if (events) events.push(caseCreatedEvent(row));
    else eventsOfCommand.set(command, [caseCreatedEvent(row)]);
  }
  for (const [command, events] of eventsOfCommand) await command.publish(...events);
  return { rows, insertedIds };
}

/** A creation's audit changes: null → each value set (title, status, priority, every field). */
function creationChanges(row: CaseRow): FieldChange[] {
  const changes: FieldChange[] = [];
  const add = (field: string, after: unknown) => {
    if (after !== undefined && after !== null) changes.push({ field, before: null, after });
  };
  add('title', row.title);
  add('status', row.status);
  add('priority', row.priority);
  for (const key in row.fields) add(`fields.${key}`, row.fields[key]);
  return changes;
}
