import type { CommandContext } from '../../../platform/commands/index.ts';
import { findParentDepartmentId, listRoleHoldersInDepartment } from '../../access/index.ts';
import type { CaseRow } from '../../cases/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import type { QueueRow } from '../model.ts';
import { wereSupervisorsTold } from './decision-store.ts';

/** A sub-branch's queue without a supervisor of its own asks its branch, then the head office. */
const MAX_DEPARTMENT_HOPS = 3;
const MAX_RECIPIENTS = 50;

/** The agent a case is offered to is told, with the time the offer runs out. */
export async function notifyOffered(ctx: CommandContext, userId: string, row: Pick<CaseRow, 'id' | 'number'>, expiresAt: Date): Promise<void> {
  await notifyUsers(ctx, { recipients: [userId], kind: 'routing-offer', caseId: row.id, params: { caseNumber: row.number, expiresAt: expiresAt.toISOString() } });
}

/**
 * Nobody in a push queue fits: the supervisors of the queue's department (else the case's) are
 * told, once per case and queue — a retry or a re-route into the same queue tells no one again.
 * Returns whether they were told now.
 */
export async function notifyQueueSupervisorsOnce(ctx: CommandContext, queue: QueueRow, row: Pick<CaseRow, 'id' | 'number' | 'departmentId'>): Promise<boolean> {
  if (await wereSupervisorsTold(ctx.tx, row.id, queue.id)) return false;
  const recipients = await supervisorsOf(ctx, queue.departmentId ?? row.departmentId);
  if (recipients.length === 0) return false;
  await notifyUsers(ctx, { recipients, kind: 'routing-unassigned', caseId: row.id, params: { caseNumber: row.number, queueName: queue.name } });
  return true;
}

async function supervisorsOf(ctx: CommandContext, departmentId: string | null): Promise<string[]> {
  let department = departmentId;
  for (let hop = 0; department && hop < MAX_DEPARTMENT_HOPS; hop++) {
    const holders = await listRoleHoldersInDepartment(ctx.tx, 'supervisor', department);
    if (holders.length > 0) return holders.slice(0, MAX_RECIPIENTS).map((h) => h.id);
    department = await findParentDepartmentId(ctx.tx, department);
  }
  return [];
}
