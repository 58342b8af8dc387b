import type { CommandContext } from '../../../platform/commands/index.ts';
import { findParentDepartmentId, findUserById, listRoleHoldersInDepartment } from '../../access/index.ts';
import { findCaseFactsOrThrow } from '../../cases/index.ts';
import type { TaskRecord } from '../engine/contract.ts';
import { addTaskCandidateUsers } from './task-store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The department a department-relative role is taken in, or null when there is none to take it in. */
async function findRoleDepartment(ctx: CommandContext, relativeTo: string, caseId: string | null, startedBy: string | null): Promise<string | null> {
  if (relativeTo === 'initiator-department') {
    // The initiator may be a system actor (an ingestion source): no department, nobody to ask.
    if (!startedBy || !UUID.test(startedBy)) return null;
    return (await findUserById(ctx.tx, startedBy))?.departmentId ?? null;
  }
  if (!caseId) return null;
  const caseDepartment = (await findCaseFactsOrThrow(ctx.tx, caseId)).departmentId;
  if (!caseDepartment) return null;
  if (relativeTo === 'parent-department') return findParentDepartmentId(ctx.tx, caseDepartment);
  return caseDepartment;
}

/**
 * Resolves a new task's department-relative role ("head of the case's branch") into candidate
 * users, at creation: who holds the role then is who may claim it; a later change of staff does
 * not move open tasks (an administrator reassigns them). Nobody holding it leaves the task with
 * its candidate groups only, listed as `unassignable` until someone reassigns it.
 */
export async function resolveDepartmentRole(ctx: CommandContext, task: TaskRecord, instance: { caseId: string | null; startedBy: string | null }): Promise<string[]> {
  if (!task.departmentRole) return [];
  const { role, relativeTo } = task.departmentRole;
  const departmentId = await findRoleDepartment(ctx, relativeTo, task.caseId ?? instance.caseId, instance.startedBy);
  if (!departmentId) return [];
  const holders = (await listRoleHoldersInDepartment(ctx.tx, role, departmentId)).map((u) => u.id);
  await addTaskCandidateUsers(ctx.tx, task.id, holders);
  return holders;
}

/** A task asked for a department role that nobody holds, and names no one else who could take it. */
export function isUnassignable(task: Pick<TaskRecord, 'state' | 'departmentRole' | 'assignee' | 'candidateUsers'>): boolean {
  return task.state === 'open' && task.departmentRole !== null && task.assignee === null && task.candidateUsers.length === 0;
}
