import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { findUserById } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseParties, grantCaseReaders } from '../../cases/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { assertTaskVisible, findTaskCaller } from '../tasks/task-access.ts';
import { taskProblems } from '../tasks/task-problems.ts';
import { findProcessTaskRow, type ProcessTaskRow } from '../tasks/task-store.ts';
import { mayComplete, type TaskCaller } from '../tasks/task-visibility.ts';
import { extraProblems } from './extra-problems.ts';
import { recordTaskAction } from './task-action-log.ts';

export interface CcInput {
  userIds: string[];
  comment?: string | null;
}

/** 抄送 is offered to whoever may act on the open task (its holder, a candidate of it unclaimed, process:admin), on a task of a case. */
export function mayCc(task: ProcessTaskRow, caller: TaskCaller): boolean {
  return task.state === 'open' && task.caseId !== null && mayComplete(task, caller).allowed;
}

/**
 * 抄送: the copied people may read the task's case from now on — the case, its process instance
 * and its tasks, with sensitive fields masked (access/policy.ts caseReadGrant) — and are told
 * (`case-cc`). No task is made: nothing waits for them. Copying someone who already holds a grant
 * tells them again and changes nothing else.
 */
export async function ccTask(ctx: CommandContext, id: string, input: CcInput): Promise<void> {
  const caller = await findTaskCaller(ctx);
  const task = await assertTaskVisible(ctx, await findProcessTaskRow(ctx.tx, id), caller, id);
  if (task.state !== 'open') throw taskProblems.notOpen({ detail: `Task ${id} is ${task.state}`, state: task.state });
  const right = mayComplete(task, caller);
  if (!right.allowed) throw httpProblems.forbidden({ detail: `Only who may act on this task copies people on it: ${right.reason}` });
  if (task.caseId === null) throw extraProblems.ccWithoutCase({ detail: `Task ${id} belongs to process instance ${task.instanceId}, which has no case` });
  const userIds = [...new Set(input.userIds)];
  await assertCopyable(ctx, userIds);

  const granted = await grantCaseReaders(ctx.tx, { caseId: task.caseId, userIds, reason: 'cc', taskId: task.id, grantedBy: ctx.actor.userId, now: ctx.now });
  for (const userId of userIds) {
    await recordTaskAction(ctx, {
      taskId: task.id,
      instanceId: task.instanceId,
      caseId: task.caseId,
      elementId: task.elementId,
      action: 'cc',
      targetUserId: userId,
      comment: input.comment ?? null,
      data: { newlyGranted: granted.includes(userId), adminOverride: right.override },
    });
  }
  await recordAuditEvent(ctx, {
    action: 'process.task-cc',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    data: { processInstanceId: task.instanceId, elementId: task.elementId, userIds: [...userIds].sort(), newlyGranted: granted, adminOverride: right.override },
  });
  const parties = await findCaseParties(ctx.tx, task.caseId);
  await notifyUsers(ctx, {
    recipients: userIds,
    kind: 'case-cc',
    caseId: task.caseId,
    taskId: task.id,
    processInstanceId: task.instanceId,
    // Names and numbers only: the comment is referred to by the task's action log, never quoted.
    params: { caseNumber: parties?.number ?? '', taskName: task.name ?? task.elementId, actorName: ctx.actor.displayName },
  });
}

/** Each copied person must be an active user other than the caller; the problem names each one that is not. */
async function assertCopyable(ctx: CommandContext, userIds: string[]): Promise<void> {
  const errors: { field: string; reason: string; code: string }[] = [];
  for (const [index, userId] of userIds.entries()) {
    const field = `userIds.${index}`;
    if (userId === ctx.actor.userId) {
      errors.push({ field, reason: 'you cannot copy yourself', code: 'self' });
      continue;
    }
    const user = await findUserById(ctx.tx, userId);
    if (user?.status !== 'active') errors.push({ field, reason: 'no such active user', code: 'unknown-user' });
  }
  if (errors.length > 0) throw httpProblems.validationFailed({ detail: 'Copy active people other than yourself', errors });
}
