import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { ObjectFieldDefinition } from '../../objects/index.ts';

// Read-only lookups of what a rule may name outside the automation module: object types and
// relations (modules/objects), and the ids of recent subjects for a dry-run. They read ids, keys
// and field definitions only — never a record's values, which are opened through the objects
// module with the owner's field access.

export interface ObjectTypeFacts {
  id: string;
  key: string;
  fields: ObjectFieldDefinition[];
}

export async function findObjectTypeFacts(tx: Tx | Db, key: string): Promise<ObjectTypeFacts | undefined> {
  return (await sql<ObjectTypeFacts>`SELECT id, key, fields FROM objects.object_type WHERE key = ${key} AND archived_at IS NULL`.execute(tx)).rows[0];
}

export async function findRelationFacts(tx: Tx | Db, key: string): Promise<{ key: string; fromTypeKey: string; toKind: 'object' | 'case' } | undefined> {
  return (
    await sql<{ key: string; fromTypeKey: string; toKind: 'object' | 'case' }>`
      SELECT r.key, t.key AS "fromTypeKey", r.to_kind AS "toKind"
      FROM objects.relation r JOIN objects.object_type t ON t.id = r.from_type_id
      WHERE r.key = ${key} AND r.deleted_at IS NULL`.execute(tx)
  ).rows[0];
}

/** A case's type and department: what a rule's trigger filter and department scope need. */
export async function findCaseScope(tx: Tx | Db, caseId: string): Promise<{ typeKey: string; departmentId: string | null } | undefined> {
  return (await sql<{ typeKey: string; departmentId: string | null }>`SELECT type_key AS "typeKey", department_id AS "departmentId" FROM cases.case WHERE id = ${caseId}::uuid`.execute(tx)).rows[0];
}

export async function findRecordScope(tx: Tx | Db, recordId: string): Promise<{ typeKey: string; departmentId: string | null } | undefined> {
  return (
    await sql<{ typeKey: string; departmentId: string | null }>`
      SELECT type_key AS "typeKey", department_id AS "departmentId" FROM objects.record WHERE id = ${recordId}::uuid AND deleted_at IS NULL`.execute(tx)
  ).rows[0];
}

/** The newest cases of some types (all types when empty), for a dry-run: ids only. */
export async function listRecentCaseIds(tx: Tx | Db, caseTypes: string[], limit: number, options: { status?: string | null } = {}): Promise<string[]> {
  const types = caseTypes.length > 0 ? sql`type_key = ANY (${caseTypes}::text[])` : sql`TRUE`;
  const status = options.status ? sql`status = ${options.status}` : sql`TRUE`;
  return (await sql<{ id: string }>`SELECT id FROM cases.case WHERE ${types} AND ${status} ORDER BY created_at DESC, id DESC LIMIT ${limit}`.execute(tx)).rows.map((r) => r.id);
}

export async function listRecentRecordIds(tx: Tx | Db, objectType: string, limit: number): Promise<string[]> {
  return (await sql<{ id: string }>`SELECT id FROM objects.record WHERE type_key = ${objectType} AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ${limit}`.execute(tx)).rows.map(
    (r) => r.id,
  );
}

/** Is `departmentId` one of `scope` or below one of them? (department paths are `/root/…/id/`). */
export async function isDepartmentWithin(tx: Tx | Db, departmentId: string, scope: string[]): Promise<boolean> {
  if (scope.length === 0) return true;
  const row = (
    await sql<{
      inside: boolean;
    }>`SELECT EXISTS (SELECT 1 FROM access.department d, unnest(${scope}::uuid[]) s(id) WHERE d.id = ${departmentId}::uuid AND d.path LIKE '%/' || s.id::text || '/%') AS inside`.execute(tx)
  ).rows[0];
  return row?.inside ?? false;
}
