import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { Permission } from './policy.ts';

type Executor = Db | Tx;

export interface DepartmentRow {
  id: string;
  code: string;
  name: string;
  kind: 'head-office' | 'branch' | 'sub-branch' | 'functional';
  parentId: string | null;
  path: string;
}

export async function listDepartments(tx: Executor): Promise<DepartmentRow[]> {
  const rows = await tx.selectFrom('access.department').select(['id', 'code', 'name', 'kind', 'parent_id', 'path']).orderBy('path').execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, parentId: r.parent_id, path: r.path }));
}

export async function findDepartment(tx: Executor, id: string): Promise<DepartmentRow | undefined> {
  return (await listDepartments(tx)).find((d) => d.id === id);
}

export async function findDepartmentByCode(tx: Executor, code: string): Promise<string | undefined> {
  return (await tx.selectFrom('access.department').select('id').where('code', '=', code).executeTakeFirst())?.id;
}

export async function renameDepartment(tx: Tx, id: string, name: string, now: Date): Promise<void> {
  await tx.updateTable('access.department').set({ name, updated_at: now }).where('id', '=', id).execute();
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentIds: string[];
  roles: string[];
  status: 'active' | 'disabled';
  createdAt: Date;
}

function userQuery(tx: Executor) {
  return tx
    .selectFrom('access.user as u')
    .select(['u.id', 'u.username', 'u.display_name', 'u.department_id', 'u.roles', 'u.status', 'u.created_at'])
    .select(sql<string[]>`ARRAY(SELECT ud.department_id FROM access.user_department ud WHERE ud.user_id = u.id)`.as('department_ids'));
}

function toUserView(r: {
  id: string;
  username: string;
  display_name: string;
  department_id: string | null;
  roles: string[];
  status: 'active' | 'disabled';
  created_at: Date;
  department_ids: string[];
}): UserView {
  return { id: r.id, username: r.username, displayName: r.display_name, departmentId: r.department_id, departmentIds: r.department_ids, roles: r.roles, status: r.status, createdAt: r.created_at };
}

export async function listUsers(tx: Executor, filter: { departmentId?: string; text?: string }, limit: number): Promise<UserView[]> {
  // System actors are not people to administer or pick; their grants show as their roles.
  let query = userQuery(tx).where('u.kind', '=', 'person').orderBy('u.username').limit(limit);
  if (filter.departmentId) query = query.where(sql<boolean>`EXISTS (SELECT 1 FROM access.user_department ud WHERE ud.user_id = u.id AND ud.department_id = ${filter.departmentId}::uuid)`);
  if (filter.text) query = query.where((eb) => eb.or([eb('u.username', 'ilike', `%${filter.text}%`), eb('u.display_name', 'ilike', `%${filter.text}%`)]));
  return (await query.execute()).map(toUserView);
}

export async function findUserView(tx: Executor, id: string): Promise<UserView | undefined> {
  const row = await userQuery(tx).where('u.id', '=', id).executeTakeFirst();
  return row && toUserView(row);
}

export async function updateUserRow(tx: Tx, id: string, changes: { displayName?: string; roles?: string[]; status?: 'active' | 'disabled'; departmentId?: string | null }, now: Date): Promise<void> {
  await tx
    .updateTable('access.user')
    .set({
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.roles !== undefined ? { roles: changes.roles } : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      ...(changes.departmentId !== undefined ? { department_id: changes.departmentId } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function replaceUserDepartments(tx: Tx, userId: string, departmentIds: string[]): Promise<void> {
  await tx.deleteFrom('access.user_department').where('user_id', '=', userId).execute();
  if (departmentIds.length > 0) await sql`INSERT INTO access.user_department (user_id, department_id) SELECT ${userId}::uuid, unnest(${departmentIds}::uuid[])`.execute(tx);
}

export async function revokeSessionsOfUser(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.updateTable('access.session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

export interface RoleRow {
  key: string;
  name: string;
  description: string | null;
  permissions: Permission[];
  builtin: boolean;
}

export async function listRoles(tx: Executor): Promise<RoleRow[]> {
  const rows = await tx.selectFrom('access.role').select(['key', 'name', 'description', 'permissions', 'builtin']).orderBy('key').execute();
  return rows.map((r) => ({ ...r, permissions: r.permissions as Permission[] }));
}

export async function findRole(tx: Executor, key: string): Promise<RoleRow | undefined> {
  return (await listRoles(tx)).find((r) => r.key === key);
}

export async function insertRole(tx: Tx, role: Omit<RoleRow, 'builtin'>, now: Date): Promise<void> {
  await tx
    .insertInto('access.role')
    .values({ key: role.key, name: role.name, description: role.description, permissions: JSON.stringify(role.permissions), builtin: false, created_at: now, updated_at: now })
    .execute();
}

export async function updateRole(tx: Tx, role: Omit<RoleRow, 'builtin'>, now: Date): Promise<void> {
  await tx
    .updateTable('access.role')
    .set({ name: role.name, description: role.description, permissions: JSON.stringify(role.permissions), updated_at: now })
    .where('key', '=', role.key)
    .execute();
}

export interface GroupRow {
  key: string;
  name: string;
  kind: 'group' | 'queue';
  departmentId: string | null;
  memberIds: string[];
}

export async function listGroups(tx: Executor): Promise<GroupRow[]> {
  const rows = await tx
    .selectFrom('access.group as g')
    .select(['g.key', 'g.name', 'g.kind', 'g.department_id'])
    .select(sql<string[]>`ARRAY(SELECT m.user_id FROM access.group_member m WHERE m.group_key = g.key ORDER BY m.user_id)`.as('member_ids'))
    .orderBy('g.key')
    .execute();
  return rows.map((r) => ({ key: r.key, name: r.name, kind: r.kind, departmentId: r.department_id, memberIds: r.member_ids }));
}

export async function insertGroup(tx: Tx, group: Omit<GroupRow, 'memberIds'>, now: Date): Promise<void> {
  await tx.insertInto('access.group').values({ key: group.key, name: group.name, kind: group.kind, department_id: group.departmentId, created_at: now }).execute();
}

export async function replaceGroupMembers(tx: Tx, key: string, userIds: string[]): Promise<void> {
  await tx.deleteFrom('access.group_member').where('group_key', '=', key).execute();
  if (userIds.length > 0) await sql`INSERT INTO access.group_member (group_key, user_id) SELECT ${key}, unnest(${userIds}::uuid[])`.execute(tx);
}

export async function countExistingUsers(tx: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const row = await tx
    .selectFrom('access.user')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('id', 'in', ids)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The keys of the groups and queues a user belongs to: a task's candidate groups are matched against them. */
export async function listGroupKeysOfUser(tx: Executor, userId: string): Promise<string[]> {
  const rows = await tx.selectFrom('access.group_member').select('group_key').where('user_id', '=', userId).orderBy('group_key').execute();
  return rows.map((r) => r.group_key);
}

/** Active people holding `role` who belong to `departmentId` (any of their departments), by username. */
export async function listRoleHoldersInDepartment(tx: Executor, role: string, departmentId: string): Promise<{ id: string; username: string }[]> {
  return tx
    .selectFrom('access.user as u')
    .select(['u.id', 'u.username'])
    .where('u.kind', '=', 'person')
    .where('u.status', '=', 'active')
    .where(sql<boolean>`${role} = ANY (u.roles)`)
    .where(sql<boolean>`EXISTS (SELECT 1 FROM access.user_department ud WHERE ud.user_id = u.id AND ud.department_id = ${departmentId}::uuid)`)
    .orderBy('u.username')
    .execute();
}

/**
 * Active people holding `key` as a group (membership) or as a role, sorted by id: the signers of a
 * countersign whose `members` names a group or role. The same two ways a task's candidate group
 * matches a caller (process/tasks/task-visibility.ts), minus topics, which only systems hold.
 */
export async function listActiveUsersHolding(tx: Executor, key: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('access.user as u')
    .select('u.id')
    .where('u.kind', '=', 'person')
    .where('u.status', '=', 'active')
    .where((eb) => eb.or([sql<boolean>`${key} = ANY (u.roles)`, sql<boolean>`EXISTS (SELECT 1 FROM access.group_member m WHERE m.user_id = u.id AND m.group_key = ${key})`]))
    .orderBy('u.id')
    .execute();
  return rows.map((r) => r.id);
}

export async function findParentDepartmentId(tx: Executor, departmentId: string): Promise<string | null> {
  const row = await tx.selectFrom('access.department').select('parent_id').where('id', '=', departmentId).executeTakeFirst();
  return row?.parent_id ?? null;
}
