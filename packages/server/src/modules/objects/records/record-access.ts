import type { Expression, SqlBool } from 'kysely';
import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Principal } from '../../../platform/http/principal.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { compileCaseFilter, isAtLeast, isCaseActionAllowed, resolveFieldAccess, type Action, type FieldAccess, type PolicyCase } from '../../access/index.ts';
import type { KeyRing } from '../../../platform/crypto/index.ts';
import type { RecordRow } from '../model.ts';
import { objectProblems } from '../problems.ts';
import { collectEnvelopes, openDisplayName, openRecordFields } from './record-crypto.ts';
import { findRecordRowById, recordFilterCondition } from './store.ts';

export type RecordAction = Extract<Action, `record:${string}`>;

/** The record as the policy engine reads it: its owner stands where a case's assignee does. */
export function policyCaseOf(row: Pick<RecordRow, 'id' | 'typeKey' | 'createdBy' | 'ownerId' | 'departmentId' | 'tags' | 'sensitivity'>): PolicyCase {
  return { id: row.id, typeKey: row.typeKey, createdBy: row.createdBy, assigneeId: row.ownerId, departmentId: row.departmentId, tags: row.tags, sensitivity: row.sensitivity };
}

export function isAllowedOnRecord(actor: Principal, action: RecordAction, row: Parameters<typeof policyCaseOf>[0]): boolean {
  return isCaseActionAllowed(actor, action, policyCaseOf(row));
}

export function assertAllowedOnRecord(actor: Principal, action: RecordAction, row: Parameters<typeof policyCaseOf>[0]): void {
  if (!isAllowedOnRecord(actor, action, row)) throw httpProblems.forbidden({ detail: `Your roles do not grant ${action} on this record`, action });
}

/**
 * Creating a record: record:create must reach the record's department. An `own` scope matches any
 * record one creates, so it counts only for a record in no department (as for cases).
 */
export function assertAllowedToCreateRecord(actor: Principal, row: Parameters<typeof policyCaseOf>[0]): void {
  const record = policyCaseOf(row);
  const allowed = actor.permissions.some((p) => isCaseActionAllowed({ ...actor, permissions: [p] }, 'record:create', record) && (record.departmentId === null || (p.scope ?? 'all') !== 'own'));
  if (!allowed) throw httpProblems.forbidden({ detail: 'Your roles do not grant record:create in this department', action: 'record:create' });
}

/**
 * The records `actor` may `action` as a SQL condition on objects.record, for lists: the record
 * policy compiled by the same engine as cases (access/policy.ts compileCaseFilter). `table` is
 * how the query names objects.record (an alias when it joins).
 */
export function recordVisibility(actor: Principal, action: RecordAction, table = 'objects.record'): Expression<SqlBool> {
  return recordFilterCondition(compileCaseFilter(actor, action), table);
}

export function fieldAccessOf(actor: Principal, action: 'record:read' | 'record:update', row: RecordRow, key: string, dataClass: string | null): FieldAccess {
  return resolveFieldAccess(actor, action, policyCaseOf(row), key, dataClass);
}

/** In clear: the read rule is readable or writable, or the reader may unmask on the record. */
export function mayReadRecordFieldUnmasked(actor: Principal, row: RecordRow, key: string, dataClass: string | null): boolean {
  return isAtLeast(fieldAccessOf(actor, 'record:read', row, key, dataClass), 'readable') || isAllowedOnRecord(actor, 'record:unmask', row);
}

/**
 * Whether the field may be written: record:update's rule says writable, and a value already there
 * is one the writer sees in clear or a rule names writable in so many words (no blind overwrite
 * of a masked value).
 */
export function mayWriteRecordField(actor: Principal, row: RecordRow, key: string, dataClass: string | null): boolean {
  if (!isAtLeast(fieldAccessOf(actor, 'record:update', row, key, dataClass), 'writable')) return false;
  const hasValue = row.fields[key] !== undefined && row.fields[key] !== null;
  if (!hasValue || mayReadRecordFieldUnmasked(actor, row, key, dataClass)) return true;
  const record = policyCaseOf(row);
  return actor.permissions.some((p) => {
    if (!isCaseActionAllowed({ ...actor, permissions: [p] }, 'record:update', record)) return false;
    const rules = p.fields ?? {};
    return (rules[key] ?? (dataClass ? rules[`class:${dataClass}`] : undefined) ?? rules['*']) === 'writable';
  });
}

/** Opens a stored row's sealed values (`shows(key)` false leaves one sealed: the reader never sees it). */
export async function openRecordRows(ring: KeyRing, rows: RecordRow[], shows?: (row: RecordRow, key: string) => boolean): Promise<RecordRow[]> {
  await ring.ensureKeys(collectEnvelopes(rows.flatMap((r) => [r.fields, r.displayName])));
  return rows.map((row) => ({
    ...row,
    displayName: openDisplayName(ring, row.id, row.displayName),
    fields: openRecordFields(ring, row.id, row.fields, shows && ((key) => shows(row, key))),
  }));
}

/**
 * Loads a record for an action, sensitive values opened. A record the reader may not read answers
 * 404, as if it did not exist (ids cannot be probed; cases do the same); a readable record
 * without the action answers 403.
 */
export async function findRecordForActionOrThrow(ctx: CommandContext, id: string, action: RecordAction): Promise<RecordRow> {
  const found = await findRecordRowById(ctx.tx, id);
  if (!found || !isAllowedOnRecord(ctx.actor, 'record:read', found)) throw objectProblems.recordNotFound({ detail: `No record ${id}` });
  if (action !== 'record:read') assertAllowedOnRecord(ctx.actor, action, found);
  return (await openRecordRows(ctx.keyRing, [found]))[0]!;
}
