import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { findObjectTypeOrThrow, findRelationOrThrow, type ObjectFieldDefinition } from '../../objects/index.ts';

// What a rule may name outside the automation module: object types and relations (through
// modules/objects), and — read here, ids only — a case's type and department, the ids of recent
// subjects for a dry-run and a department's place in the tree. Never a value: cases and records
// are opened through their modules with the owner's field access.

export interface ObjectTypeFacts {
  id: string;
  key: string;
  fields: ObjectFieldDefinition[];
}

/** A live object type by key (modules/objects), or undefined. */
export async function findObjectTypeFacts(tx: Tx, key: string): Promise<ObjectTypeFacts | undefined> {
  try {
    const type = await findObjectTypeOrThrow(tx, key);
    return (type as { archivedAt?: Date | null }).archivedAt ? undefined : { id: type.id, key: type.key, fields: type.fields };
  } catch (error) {
    if (error instanceof Problem && error.status === 404) return undefined;
    throw error;
  }
}

export async function findRelationFacts(tx: Tx, key: string): Promise<{ key: string; fromTypeKey: string; toKind: 'object' | 'case' } | undefined> {
  try {
    const relation = await findRelationOrThrow(tx, key);
    return { key: relation.key, fromTypeKey: relation.fromType, toKind: relation.toKind };
  } catch (error) {
    if (error instanceof Problem && error.status === 404) return undefined;
    throw error;
  }
}

/** A case's type and department: what a rule's trigger filter and department scope need. */
export async function findCaseScope(tx: Tx | Db, caseId: string): Promise<{ typeKey: string; departmentId: string | null } | undefined> {
  return (await sql<{ typeKey: string; departmentId: string | null }>`SELECT type_key AS "typeKey", department_id AS "departmentId" FROM cases.case WHERE id = ${caseId}::uuid`.execute(tx)).rows[0];
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
