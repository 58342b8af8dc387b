import type { CommandContext } from '../../platform/commands/index.ts';
import { defineProblem } from '../../platform/http/problem.ts';
import { newId } from '../../platform/ids/ids.ts';
import { diffFields, recordAuditEvent } from '../audit/index.ts';
import { hashPassword } from './passwords.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { assertAllowed } from './permissions.ts';
import type { Permission } from './policy.ts';
import { findUserByUsername, insertDepartment, insertUser } from './store.ts';
import {
  countExistingUsers,
  findDepartment,
  findDepartmentByCode,
  findRole,
  findUserView,
  insertGroup,
  insertRole,
  listDepartments,
  listGroups,
  listRoles,
  listUsers,
  renameDepartment,
  replaceGroupMembers,
  replaceUserDepartments,
  revokeSessionsOfUser,
  updateRole,
  updateUserRow,
  type DepartmentRow,
  type GroupRow,
  type RoleRow,
  type UserView,
} from './org-store.ts';

export const orgProblems = {
  departmentNotFound: defineProblem({ type: 'department-not-found', status: 404, title: 'Department not found' }),
  userNotFound: defineProblem({ type: 'user-not-found', status: 404, title: 'User not found' }),
  roleNotFound: defineProblem({ type: 'role-not-found', status: 404, title: 'Role not found' }),
  groupNotFound: defineProblem({ type: 'group-not-found', status: 404, title: 'Group not found' }),
  conflict: defineProblem({ type: 'already-exists', status: 409, title: 'Something with this key already exists' }),
  invalid: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
};

async function assertDepartmentsExist(ctx: CommandContext, ids: string[], field: string): Promise<void> {
  const known = new Set((await listDepartments(ctx.tx)).map((d) => d.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw orgProblems.invalid({ errors: unknown.map((id) => ({ field, reason: `no department ${id}` })) });
}

async function assertRolesExist(ctx: CommandContext, keys: string[]): Promise<void> {
  const known = new Set((await listRoles(ctx.tx)).map((r) => r.key));
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length > 0) throw orgProblems.invalid({ errors: unknown.map((k) => ({ field: 'roleIds', reason: `no role ${k}` })) });
}

export async function createDepartment(ctx: CommandContext, input: { code: string; name: string; kind: DepartmentRow['kind']; parentId?: string }): Promise<DepartmentRow> {
  assertAllowed(ctx.actor, 'user:admin');
  if (await findDepartmentByCode(ctx.tx, input.code)) throw orgProblems.conflict({ detail: `Department code ${input.code} is taken` });
  const parent = input.parentId ? await findDepartment(ctx.tx, input.parentId) : undefined;
  if (input.parentId && !parent) throw orgProblems.invalid({ errors: [{ field: 'parentId', reason: 'no such department' }] });
  if (!parent && input.kind !== 'head-office') throw orgProblems.invalid({ errors: [{ field: 'parentId', reason: `a ${input.kind} needs a parent department` }] });
  const id = newId();
  const path = `${parent?.path ?? '/'}${id}/`;
  await insertDepartment(ctx.tx, { id, code: input.code, name: input.name, kind: input.kind, parentId: parent?.id ?? null, path });
  await recordAuditEvent(ctx, { action: 'department.created', targetType: 'department', targetId: id, data: { code: input.code, name: input.name, kind: input.kind, parentId: parent?.id ?? null } });
  return { id, code: input.code, name: input.name, kind: input.kind, parentId: parent?.id ?? null, path };
}

export async function updateDepartment(ctx: CommandContext, id: string, input: { name: string }): Promise<DepartmentRow> {
  assertAllowed(ctx.actor, 'user:admin');
  const found = await findDepartment(ctx.tx, id);
  if (!found) throw orgProblems.departmentNotFound();
  await renameDepartment(ctx.tx, id, input.name, ctx.now);
  await recordAuditEvent(ctx, { action: 'department.updated', targetType: 'department', targetId: id, changes: [{ field: 'name', before: found.name, after: input.name }] });
  return { ...found, name: input.name };
}

export async function readDepartments(ctx: CommandContext): Promise<DepartmentRow[]> {
  assertAllowed(ctx.actor, 'user:admin');
  return listDepartments(ctx.tx);
}

export interface CreateUserInput {
  username: string;
  password: string;
  displayName: string;
  departmentIds?: string[];
  roleIds?: string[];
}

export async function createUser(ctx: CommandContext, input: CreateUserInput): Promise<UserView> {
  assertAllowed(ctx.actor, 'user:admin');
  const passwordErrors = checkPasswordPolicy(input.password, { username: input.username });
  if (passwordErrors.length > 0) throw orgProblems.invalid({ errors: passwordErrors });
  if (await findUserByUsername(ctx.tx, input.username)) throw orgProblems.conflict({ detail: `Username ${input.username} is taken` });
  const departmentIds = [...new Set(input.departmentIds ?? [])];
  const roles = [...new Set(input.roleIds ?? [])];
  await assertDepartmentsExist(ctx, departmentIds, 'departmentIds');
  await assertRolesExist(ctx, roles);
  const id = newId();
  await insertUser(ctx.tx, {
    id,
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    departmentId: departmentIds[0] ?? null,
    departmentIds,
    roles,
  });
  await recordAuditEvent(ctx, { action: 'user.created', targetType: 'user', targetId: id, data: { username: input.username, roles, departmentIds } });
  return (await findUserView(ctx.tx, id))!;
}

export async function updateUser(ctx: CommandContext, id: string, input: { displayName?: string; departmentIds?: string[]; roleIds?: string[]; status?: 'active' | 'disabled' }): Promise<UserView> {
  assertAllowed(ctx.actor, 'user:admin');
  const before = await findUserView(ctx.tx, id);
  if (!before) throw orgProblems.userNotFound();
  if (input.departmentIds) await assertDepartmentsExist(ctx, input.departmentIds, 'departmentIds');
  if (input.roleIds) await assertRolesExist(ctx, input.roleIds);
  if (id === ctx.actor.userId && (input.status === 'disabled' || (input.roleIds && !input.roleIds.includes('admin') && before.roles.includes('admin')))) {
    throw orgProblems.invalid({ errors: [{ field: input.status ? 'status' : 'roleIds', reason: 'you cannot lock yourself out; ask another administrator' }] });
  }
  const departmentIds = input.departmentIds ? [...new Set(input.departmentIds)] : undefined;
  await updateUserRow(
    ctx.tx,
    id,
    {
      displayName: input.displayName,
      roles: input.roleIds ? [...new Set(input.roleIds)] : undefined,
      status: input.status,
      departmentId: departmentIds ? (departmentIds.includes(before.departmentId ?? '') ? before.departmentId : (departmentIds[0] ?? null)) : undefined,
    },
    ctx.now,
  );
  if (departmentIds) await replaceUserDepartments(ctx.tx, id, departmentIds);
  // A disabled user's sessions end now, not when they expire.
  if (input.status === 'disabled') await revokeSessionsOfUser(ctx.tx, id, ctx.now);
  const after = (await findUserView(ctx.tx, id))!;
  const pick = (u: UserView) => ({ displayName: u.displayName, roles: u.roles, departmentIds: [...u.departmentIds].sort(), status: u.status });
  const changes = diffFields(pick(before), pick(after));
  if (changes.length > 0) {
    const roleChanged = changes.some((c) => c.field === 'roles');
    await recordAuditEvent(ctx, { action: roleChanged ? 'user.roles-changed' : 'user.updated', targetType: 'user', targetId: id, changes });
  }
  return after;
}

export async function readUsers(ctx: CommandContext, filter: { departmentId?: string; text?: string }, limit: number): Promise<UserView[]> {
  assertAllowed(ctx.actor, 'user:admin');
  return listUsers(ctx.tx, filter, limit);
}

export async function readUser(ctx: CommandContext, id: string): Promise<UserView> {
  assertAllowed(ctx.actor, 'user:admin');
  const found = await findUserView(ctx.tx, id);
  if (!found) throw orgProblems.userNotFound();
  return found;
}

export async function readRoles(ctx: CommandContext): Promise<RoleRow[]> {
  assertAllowed(ctx.actor, 'user:admin');
  return listRoles(ctx.tx);
}

export async function saveRole(ctx: CommandContext, input: { key: string; name: string; description?: string; permissions: Permission[] }, mode: 'create' | 'update'): Promise<RoleRow> {
  assertAllowed(ctx.actor, 'user:admin');
  const existing = await findRole(ctx.tx, input.key);
  if (mode === 'create' && existing) throw orgProblems.conflict({ detail: `Role ${input.key} exists` });
  if (mode === 'update' && !existing) throw orgProblems.roleNotFound();
  const role = { key: input.key, name: input.name, description: input.description ?? null, permissions: input.permissions };
  if (mode === 'create') await insertRole(ctx.tx, role, ctx.now);
  else await updateRole(ctx.tx, role, ctx.now);
  await recordAuditEvent(ctx, {
    action: mode === 'create' ? 'role.created' : 'role.updated',
    targetType: 'role',
    targetId: input.key,
    changes: existing ? diffFields({ name: existing.name, permissions: existing.permissions }, { name: role.name, permissions: role.permissions }) : [],
  });
  return (await findRole(ctx.tx, input.key))!;
}

export async function readGroups(ctx: CommandContext): Promise<GroupRow[]> {
  assertAllowed(ctx.actor, 'user:admin');
  return listGroups(ctx.tx);
}

export async function createGroup(ctx: CommandContext, input: { key: string; name: string; kind: 'group' | 'queue'; departmentId?: string; memberIds?: string[] }): Promise<GroupRow> {
  assertAllowed(ctx.actor, 'user:admin');
  // Issue 17: a queue is a routing object with members, strategy and overflow, no longer a kind of group.
  if (input.kind === 'queue') {
    throw orgProblems.invalid({
      detail: 'Create queues with POST /api/v1/queues',
      errors: [{ field: 'kind', reason: 'queues are created with POST /api/v1/queues', code: 'not-allowed-value', params: { allowed: 'group' } }],
    });
  }
  if ((await listGroups(ctx.tx)).some((g) => g.key === input.key)) throw orgProblems.conflict({ detail: `Group ${input.key} exists` });
  if (input.departmentId) await assertDepartmentsExist(ctx, [input.departmentId], 'departmentId');
  await insertGroup(ctx.tx, { key: input.key, name: input.name, kind: input.kind, departmentId: input.departmentId ?? null }, ctx.now);
  await recordAuditEvent(ctx, { action: 'group.created', targetType: 'group', targetId: input.key, data: { name: input.name, kind: input.kind } });
  if (input.memberIds?.length) return setGroupMembers(ctx, input.key, input.memberIds);
  return (await listGroups(ctx.tx)).find((g) => g.key === input.key)!;
}

export async function setGroupMembers(ctx: CommandContext, key: string, userIds: string[]): Promise<GroupRow> {
  assertAllowed(ctx.actor, 'user:admin');
  const group = (await listGroups(ctx.tx)).find((g) => g.key === key);
  if (!group) throw orgProblems.groupNotFound();
  const unique = [...new Set(userIds)];
  if ((await countExistingUsers(ctx.tx, unique)) !== unique.length) throw orgProblems.invalid({ errors: [{ field: 'userIds', reason: 'contains unknown users' }] });
  await replaceGroupMembers(ctx.tx, key, unique);
  await recordAuditEvent(ctx, { action: 'group.members-changed', targetType: 'group', targetId: key, changes: [{ field: 'members', before: group.memberIds, after: [...unique].sort() }] });
  return (await listGroups(ctx.tx)).find((g) => g.key === key)!;
}
