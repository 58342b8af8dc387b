import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { Permission } from './policy.ts';
import { policySubjectColumns, withCaseReadGrants } from './store.ts';

type Executor = Db | Tx;

/**
 * Display names of users and names of departments in one round trip, for a whole page of
 * cases or comments at once: views show people and departments by name, never N+1.
 */
export async function selectNames(tx: Executor, userIds: string[], departmentIds: string[]): Promise<{ kind: 'user' | 'department'; id: string; name: string }[]> {
  if (userIds.length === 0 && departmentIds.length === 0) return [];
  const result = await sql<{ kind: 'user' | 'department'; id: string; name: string }>`
    SELECT 'user' AS kind, u.id, u.display_name AS name FROM access.user u WHERE u.id = ANY (${userIds}::uuid[])
    UNION ALL
    SELECT 'department' AS kind, d.id, d.name FROM access.department d WHERE d.id = ANY (${departmentIds}::uuid[])`.execute(tx);
  return result.rows;
}

export interface CandidateRow {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentIds: string[];
  subtreeDepartmentIds: string[];
  permissions: Permission[];
}

/**
 * Active users with what the policy needs to judge them (departments, subtrees, role
 * permissions): the same shape the sign-in principal query builds, for many users at once.
 * Ordered by username after the given one, so a caller can page through them.
 */
export async function selectActiveSubjects(tx: Executor, filter: { text?: string; afterUsername?: string }, limit: number): Promise<CandidateRow[]> {
  const text = filter.text ? `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const result = await sql<{
    id: string;
    username: string;
    display_name: string;
    department_id: string | null;
    department_ids: string[];
    subtree_department_ids: string[];
    permissions: Permission[];
    read_grant_case_ids: string[];
  }>`
    SELECT u.id, u.username, u.display_name, u.department_id,
      ${policySubjectColumns}
    FROM access.user u
    WHERE u.status = 'active' AND u.kind = 'person'
      AND (${text}::text IS NULL OR u.username ILIKE ${text} OR u.display_name ILIKE ${text})
      AND (${filter.afterUsername ?? null}::text IS NULL OR u.username > ${filter.afterUsername ?? null})
    ORDER BY u.username
    LIMIT ${limit}`.execute(tx);
  return result.rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    departmentId: r.department_id,
    departmentIds: r.department_ids,
    subtreeDepartmentIds: r.subtree_department_ids,
    permissions: withCaseReadGrants(r.permissions, r.read_grant_case_ids) as Permission[],
  }));
}
