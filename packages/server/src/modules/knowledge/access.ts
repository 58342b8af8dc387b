import { sql, type Expression, type SqlBool } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import type { Principal, PrincipalPermission } from '../../platform/http/principal.ts';
import { SENSITIVITY_LEVELS } from '../access/index.ts';

type SensitivityLevel = (typeof SENSITIVITY_LEVELS)[number];

// Who reads which article: the same permissions as cases (a role grants `knowledge:read` with a
// record scope and a sensitivity ceiling), applied to what an article says of its readers:
// - reach: members of reach_subtree_ids departments or below them, members of
//   reach_department_ids exactly (head office only); both empty: the whole bank;
// - roles: only readers holding one of them (empty: any);
// - sensitivity: up to the permission's maxSensitivity.
// A permission's scope widens what it reaches beyond the article's reach: `all` reads every
// article; `subtree` also those owned by a department in the reader's subtree (a manager reads
// what the branches below wrote); `department` those of the reader's departments; `own` those
// the reader owns. One predicate serves the article page, search, lists and suggestions
// (articleReadCondition), and the in-memory check (mayReadArticle) agrees with it (access.test.ts).

/** The reach and ownership of an article as the read check needs them (published_article or article_version). */
export interface ArticleAccessFacts {
  ownerId: string;
  departmentId: string | null;
  reachSubtreeIds: readonly string[];
  reachDepartmentIds: readonly string[];
  roles: readonly string[];
  sensitivity: SensitivityLevel;
}

/** The reader's departments and every department above them (a subtree reach names an ancestor). */
export interface KnowledgeReader {
  principal: Principal;
  /** Ids of the reader's departments and all their ancestors (see readerAncestry). */
  ancestorOrSelfDepartmentIds: readonly string[];
}

function permissionsFor(principal: Principal, action: string): PrincipalPermission[] {
  return principal.permissions.filter((p) => p.action === action);
}

function sensitivityAllowed(permission: PrincipalPermission, level: SensitivityLevel): boolean {
  if (!permission.maxSensitivity) return true;
  return SENSITIVITY_LEVELS.indexOf(level) <= SENSITIVITY_LEVELS.indexOf(permission.maxSensitivity);
}

function reaches(reader: KnowledgeReader, facts: ArticleAccessFacts): boolean {
  const everyone = facts.reachSubtreeIds.length === 0 && facts.reachDepartmentIds.length === 0;
  const byReach = everyone || facts.reachSubtreeIds.some((id) => reader.ancestorOrSelfDepartmentIds.includes(id)) || facts.reachDepartmentIds.some((id) => reader.principal.departmentIds.includes(id));
  const byRole = facts.roles.length === 0 || facts.roles.some((r) => reader.principal.roles.includes(r));
  return byReach && byRole;
}

function inScope(reader: KnowledgeReader, permission: PrincipalPermission, facts: ArticleAccessFacts): boolean {
  const p = reader.principal;
  switch (permission.scope ?? 'all') {
    case 'all':
      return true;
    case 'subtree':
      return facts.departmentId !== null && p.subtreeDepartmentIds.includes(facts.departmentId);
    case 'department':
      return facts.departmentId !== null && p.departmentIds.includes(facts.departmentId);
    case 'own':
      return facts.ownerId === p.userId;
  }
}

/** Whether the reader may read a published article with these facts. */
export function mayReadArticle(reader: KnowledgeReader, facts: ArticleAccessFacts): boolean {
  return permissionsFor(reader.principal, 'knowledge:read').some((permission) => sensitivityAllowed(permission, facts.sensitivity) && (inScope(reader, permission, facts) || reaches(reader, facts)));
}

/**
 * Whether the principal holds `action` (knowledge:write, knowledge:review, knowledge:compliance-review)
 * over an article owned by ownerId in departmentId: the permission's scope decides, as for cases.
 */
export function mayActOnArticle(principal: Principal, action: string, facts: Pick<ArticleAccessFacts, 'ownerId' | 'departmentId'>): boolean {
  if (permissionsFor(principal, 'knowledge:admin').length > 0) return true;
  const reader: KnowledgeReader = { principal, ancestorOrSelfDepartmentIds: [] };
  const full: ArticleAccessFacts = { ...facts, reachSubtreeIds: [], reachDepartmentIds: [], roles: [], sensitivity: 'normal' };
  return permissionsFor(principal, action).some((permission) => inScope(reader, permission, full));
}

/**
 * The same rule as mayReadArticle as a SQL condition over a table aliased `alias` with the columns
 * owner_id, department_id, reach_subtree_ids, reach_department_ids, roles, sensitivity
 * (knowledge.published_article, or knowledge.article_version joined with knowledge.article).
 */
export function articleReadCondition(reader: KnowledgeReader, alias: string): Expression<SqlBool> {
  const p = reader.principal;
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const reach = sql<SqlBool>`((cardinality(${col('reach_subtree_ids')}) = 0 AND cardinality(${col('reach_department_ids')}) = 0)
    OR ${col('reach_subtree_ids')} && ${[...reader.ancestorOrSelfDepartmentIds]}::uuid[]
    OR ${col('reach_department_ids')} && ${p.departmentIds}::uuid[])
    AND (cardinality(${col('roles')}) = 0 OR ${col('roles')} && ${p.roles}::text[])`;
  const clauses: Expression<SqlBool>[] = [];
  for (const permission of permissionsFor(p, 'knowledge:read')) {
    const levels = permission.maxSensitivity ? SENSITIVITY_LEVELS.slice(0, SENSITIVITY_LEVELS.indexOf(permission.maxSensitivity) + 1) : null;
    const sensitivity = levels ? sql<SqlBool>`${col('sensitivity')} = ANY(${levels}::text[])` : sql<SqlBool>`TRUE`;
    let scope: Expression<SqlBool>;
    switch (permission.scope ?? 'all') {
      case 'all':
        scope = sql<SqlBool>`TRUE`;
        break;
      case 'subtree':
        scope = sql<SqlBool>`${col('department_id')} = ANY(${p.subtreeDepartmentIds}::uuid[])`;
        break;
      case 'department':
        scope = sql<SqlBool>`${col('department_id')} = ANY(${p.departmentIds}::uuid[])`;
        break;
      case 'own':
        scope = sql<SqlBool>`${col('owner_id')} = ${p.userId}::uuid`;
        break;
    }
    clauses.push(sql<SqlBool>`(${sensitivity} AND (${scope} OR (${reach})))`);
  }
  if (clauses.length === 0) return sql<SqlBool>`FALSE`;
  return sql<SqlBool>`(${sql.join(clauses, sql` OR `)})`;
}

// Who sees an article's working version (a draft, one in review, a retired one): its author and
// owner, and whoever may write, review or compliance-review it in their scope; admin sees all.
const WORKING_ACTIONS = ['knowledge:write', 'knowledge:review', 'knowledge:compliance-review'] as const;

/** The article's owner, department and creator, as the working-version check needs them. */
export interface WorkingAccessFacts {
  ownerId: string;
  departmentId: string | null;
  createdBy: string;
}

/** Whether the principal may see the article's working version (drafts, reviews, history). */
export function maySeeWorkingArticle(principal: Principal, facts: WorkingAccessFacts): boolean {
  if (facts.ownerId === principal.userId || facts.createdBy === principal.userId) return true;
  return WORKING_ACTIONS.some((action) => mayActOnArticle(principal, action, facts));
}

function scopeCondition(principal: Principal, permission: PrincipalPermission, col: (name: string) => ReturnType<typeof sql.ref>): Expression<SqlBool> {
  switch (permission.scope ?? 'all') {
    case 'all':
      return sql<SqlBool>`TRUE`;
    case 'subtree':
      return sql<SqlBool>`${col('department_id')} = ANY(${principal.subtreeDepartmentIds}::uuid[])`;
    case 'department':
      return sql<SqlBool>`${col('department_id')} = ANY(${principal.departmentIds}::uuid[])`;
    case 'own':
      return sql<SqlBool>`${col('owner_id')} = ${principal.userId}::uuid`;
  }
}

/**
 * The principal holds `action` over the article rows of `alias` (columns owner_id, department_id):
 * mayActOnArticle as SQL.
 */
export function articleActionCondition(principal: Principal, action: string, alias: string): Expression<SqlBool> {
  if (permissionsFor(principal, 'knowledge:admin').length > 0) return sql<SqlBool>`TRUE`;
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const clauses = permissionsFor(principal, action).map((permission) => scopeCondition(principal, permission, col));
  if (clauses.length === 0) return sql<SqlBool>`FALSE`;
  return sql<SqlBool>`(${sql.join(clauses, sql` OR `)})`;
}

/** maySeeWorkingArticle as SQL over knowledge.article aliased `alias`. */
export function workingAccessCondition(principal: Principal, alias: string): Expression<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const clauses = [
    sql<SqlBool>`${col('owner_id')} = ${principal.userId}::uuid`,
    sql<SqlBool>`${col('created_by')} = ${principal.userId}::uuid`,
    ...WORKING_ACTIONS.map((action) => articleActionCondition(principal, action, alias)),
  ];
  return sql<SqlBool>`(${sql.join(clauses, sql` OR `)})`;
}

/** The reader with the ancestors of their departments, read from the department paths (/hq/bj/hd/). */
export async function knowledgeReader(tx: Tx, principal: Principal): Promise<KnowledgeReader> {
  if (principal.departmentIds.length === 0) return { principal, ancestorOrSelfDepartmentIds: [] };
  const rows = await tx.selectFrom('access.department').select('path').where('id', 'in', principal.departmentIds).execute();
  const ids = new Set<string>();
  for (const row of rows) for (const id of row.path.split('/')) if (id !== '') ids.add(id);
  return { principal, ancestorOrSelfDepartmentIds: [...ids] };
}
