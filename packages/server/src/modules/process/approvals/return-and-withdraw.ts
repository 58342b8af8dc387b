import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { findTaskCaller, assertTaskVisible } from '../tasks/task-access.ts';
import { openTaskForAction, recordOf, type RunEngine } from '../tasks/task-commands.ts';
import { taskProblems } from '../tasks/task-problems.ts';
import { findProcessTaskRow, processTaskRowOf, type ProcessTaskRow } from '../tasks/task-store.ts';
import { mayComplete } from '../tasks/task-visibility.ts';
import { approvalProblems } from './approval-problems.ts';
import { hasNextStepActed, listHoldersOf } from './approval-store.ts';
import { listReturnTargets } from './return-targets.ts';
import { loadStepContext } from './step-context.ts';
import { recordTaskAction } from './task-action-log.ts';

/** GET /tasks/{id}/return-targets: for whoever may see the task; empty for a task that cannot be returned. */
export async function readReturnTargets(ctx: CommandContext, id: string) {
  const task = await assertTaskVisible(ctx, await findProcessTaskRow(ctx.tx, id), await findTaskCaller(ctx), id);
  if (task.state !== 'open' || task.kind === 'signer') return [];
  return listReturnTargets(ctx, task, await loadStepContext(ctx, task));
}

/**
 * 退回: the instance rewinds to an earlier completed step; what lies between is cancelled (both
 * branches of a parallel split the target precedes), and the new task at the target goes to
 * whoever completed it last, who is told. Reason required. Answers the new task.
 */
export async function returnTask(ctx: CommandContext, runEngine: RunEngine, id: string, input: { targetElementId: string; reason: string }): Promise<ProcessTaskRow> {
  const { task, caller, override } = await openTaskForAction(ctx, id, mayComplete);
  if (task.delegationState === 'pending') throw approvalProblems.taskDelegated({ detail: 'The delegate resolves a delegated task; its owner may return it afterwards', owner: task.owner ?? null });
  if (task.kind === 'signer') throw approvalProblems.invalidReturnTarget({ detail: 'A signer approves or rejects; the step’s own holder returns it', targetElementId: input.targetElementId });
  const targets = await listReturnTargets(ctx, task, await loadStepContext(ctx, task));
  const target = targets.find((t) => t.elementId === input.targetElementId);
  if (!target) {
    throw approvalProblems.invalidReturnTarget({
      detail: `${input.targetElementId} is not an earlier completed step this task can be returned to`,
      targetElementId: input.targetElementId,
      allowed: targets.map((t) => t.elementId),
    });
  }
  const result = await runEngine(
    ctx,
    (engine) => engine.rewindToElement({ instanceId: task.instanceId, targetElementId: target.elementId, fromTaskId: task.id, assignee: target.completedBy, reason: 'returned' }),
    { lockedTasks: [recordOf(task)] },
  );
  const forWhom = task.assignee !== null && task.assignee !== caller.userId ? task.assignee : null;
  await recordTaskAction(ctx, {
    taskId: task.id,
    instanceId: task.instanceId,
    caseId: task.caseId,
    elementId: task.elementId,
    action: 'return',
    onBehalfOf: forWhom,
    targetUserId: target.completedBy,
    reason: input.reason,
    data: { targetElementId: target.elementId, newTaskId: result.task.id, canceledTaskIds: result.canceledTaskIds },
  });
  await recordAuditEvent(ctx, {
    action: 'process.task-returned',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    reason: input.reason,
    data: {
      processInstanceId: task.instanceId,
      processKey: task.processKey,
      elementId: task.elementId,
      targetElementId: target.elementId,
      newTaskId: result.task.id,
      assignee: target.completedBy,
      canceledTaskIds: result.canceledTaskIds,
      forWhom,
      adminOverride: override,
    },
  });
  await notifyUsers(ctx, {
    recipients: [target.completedBy],
    kind: 'task-returned',
    caseId: task.caseId,
    taskId: result.task.id,
    processInstanceId: task.instanceId,
    params: { taskName: result.task.name ?? result.task.elementId },
  });
  return processTaskRowOf(result.task, task.processKey, task.processName);
}

/**
 * 撤回: who completed a step takes it back while the next step has not acted (409
 * next-step-acted otherwise): the instance rewinds to the step, the tasks opened since are
 * cancelled and their holders told, and the new task at the step is the withdrawer's again.
 */
export async function withdrawTask(ctx: CommandContext, runEngine: RunEngine, id: string, input: { reason: string }): Promise<ProcessTaskRow> {
  const caller = await findTaskCaller(ctx);
  const task = await assertTaskVisible(ctx, await findProcessTaskRow(ctx.tx, id, { forUpdate: true }), caller, id);
  if (task.state !== 'completed') throw taskProblems.notOpen({ detail: `Only a completed task can be withdrawn; task ${id} is ${task.state}`, state: task.state });
  if (task.completedBy !== caller.userId) throw httpProblems.forbidden({ detail: 'Only whoever completed this step may withdraw it' });
  if (task.kind === 'signer') throw approvalProblems.invalidReturnTarget({ detail: 'A signer’s signature cannot be withdrawn', targetElementId: task.elementId });
  if (await hasNextStepActed(ctx.tx, task.instanceId, task.completedAt!, task.id)) {
    throw approvalProblems.nextStepActed({ detail: 'A step after yours has been completed or acted on' });
  }
  const openBefore = await openTaskIdsOf(ctx, task.instanceId);
  const result = await runEngine(ctx, (engine) =>
    engine.rewindToElement({ instanceId: task.instanceId, targetElementId: task.elementId, fromTaskId: null, assignee: caller.userId, reason: 'withdrawn' }),
  );
  const canceled = result.canceledTaskIds.filter((taskId) => openBefore.has(taskId));
  await recordTaskAction(ctx, {
    taskId: task.id,
    instanceId: task.instanceId,
    caseId: task.caseId,
    elementId: task.elementId,
    action: 'withdraw',
    reason: input.reason,
    data: { newTaskId: result.task.id, canceledTaskIds: result.canceledTaskIds },
  });
  await recordAuditEvent(ctx, {
    action: 'process.task-withdrawn',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    reason: input.reason,
    data: { processInstanceId: task.instanceId, processKey: task.processKey, elementId: task.elementId, newTaskId: result.task.id, canceledTaskIds: result.canceledTaskIds },
  });
  await notifyUsers(ctx, {
    recipients: await listHoldersOf(ctx.tx, canceled),
    kind: 'task-withdrawn',
    caseId: task.caseId,
    taskId: task.id,
    processInstanceId: task.instanceId,
    params: { taskName: task.name ?? task.elementId },
  });
  return processTaskRowOf(result.task, task.processKey, task.processName);
}

async function openTaskIdsOf(ctx: CommandContext, instanceId: string): Promise<Set<string>> {
  const rows = await ctx.tx.selectFrom('process.task').select('id').where('instance_id', '=', instanceId).where('state', '=', 'open').execute();
  return new Set(rows.map((r) => r.id));
}
