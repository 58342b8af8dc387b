import type { CommandContext } from '../../../platform/commands/index.ts';
import type { AuditAction } from '../../../platform/events/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { findUnstorableValues } from '../../../platform/http/input-guard.ts';
import type { RecordRow } from '../model.ts';
import { objectProblems } from '../problems.ts';
import { findObjectTypeOrThrow } from '../types/object-types.ts';
import type { RowInput } from './column-mapping.ts';
import { prepareRecordBatch, writeRecordBatch } from './record-batch.ts';

// An outside system (CRM, core banking) is the source of a record: it pushes the record by its
// own id, and Docket creates it or changes what it sent. Fields it does not send stay as they are.

/** Create with record:import or record:create; change with record:import or record:update. */
export const UPSERT_PERMISSIONS = { create: ['record:import', 'record:create'], update: ['record:import', 'record:update'] };

export interface UpsertOutcome {
  /** The record as stored, sensitive values in clear: answer it through presentRecord. */
  record: RecordRow;
  created: boolean;
  /** Audit changes' field names; empty when the record already held these values. */
  changed: string[];
}

/** Refuses (403) an actor who may neither create nor change records through an upsert. */
export function assertMayUpsert(ctx: CommandContext): void {
  const actions = new Set([...UPSERT_PERMISSIONS.create, ...UPSERT_PERMISSIONS.update]);
  if (!ctx.actor.permissions.some((p) => actions.has(p.action))) {
    throw httpProblems.forbidden({ detail: 'None of your roles grants record:import, record:create or record:update', action: 'record:import' });
  }
}

/**
 * Creates or changes the type's record with this external id through the batch path (the same
 * validation, sealing, numbering, audit and events as an import). Invalid values → 400 naming
 * each field; a record the actor may not create or change → 403; nothing written either way.
 */
export async function upsertRecordByExternalId(
  ctx: CommandContext,
  typeKey: string,
  externalId: string,
  input: Omit<RowInput, 'externalId'>,
  options: { audit: AuditAction; auditUnchanged?: boolean; data?: Record<string, unknown>; invalid?: (errors: { field: string; reason: string }[]) => Error } = { audit: 'objects.record-upserted' },
): Promise<UpsertOutcome> {
  assertMayUpsert(ctx);
  const type = await findObjectTypeOrThrow(ctx.tx, typeKey);
  if (type.archivedAt) throw objectProblems.typeArchived({ detail: `Object type ${type.key} is archived: it takes no new records` });
  const unstorable = findUnstorableValues(input);
  if (unstorable.length > 0) throw options.invalid ? options.invalid(unstorable) : httpProblems.validationFailed({ errors: unstorable });
  const prepared = await prepareRecordBatch(ctx, type, [{ row: 1, input: { ...input, externalId } }], { action: 'upsert', permissions: UPSERT_PERMISSIONS });
  if (prepared.refusedRows.size > 0) {
    throw httpProblems.forbidden({ detail: `Your roles do not grant ${UPSERT_PERMISSIONS.update.join(' or ')} on this record`, action: 'record:import' });
  }
  if (prepared.errors.length > 0) {
    const errors = prepared.errors.map(({ field, reason }) => ({ field, reason }));
    throw options.invalid ? options.invalid(errors) : httpProblems.validationFailed({ errors });
  }
  const written = await writeRecordBatch(ctx, type, prepared.writes, {
    created: options.audit,
    changed: options.audit,
    auditUnchanged: options.auditUnchanged ?? false,
    data: options.data,
  });
  const record = prepared.writes[0]!.after;
  return { record, created: written.created.length === 1, changed: written.changesOf.get(record.id)!.map((c) => c.field) };
}
