import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { openTaskForAction, recordOf, taskAfter, type RunEngine } from '../tasks/task-commands.ts';
import type { ProcessTaskRow } from '../tasks/task-store.ts';
import { mayComplete, type TaskActRight, type TaskCaller } from '../tasks/task-visibility.ts';
import { approvalProblems } from './approval-problems.ts';
import { assertActiveUser } from './approval-users.ts';
import { recordTaskAction } from './task-action-log.ts';

const auditData = (task: ProcessTaskRow, data: Record<string, unknown>) => ({ processInstanceId: task.instanceId, processKey: task.processKey, elementId: task.elementId, ...data });

/** 转办 / 委派: whoever may complete the task (its holder, a candidate of an unclaimed one, process:admin), unless it is delegated. */
function mayHandOver(task: ProcessTaskRow, caller: TaskCaller): TaskActRight {
  return mayComplete(task, caller);
}

/** 委派 resolve: the delegate holding a pending delegated task; process:admin for them (override). */
export function mayResolve(task: ProcessTaskRow, caller: TaskCaller): TaskActRight {
  if (task.delegationState === 'pending' && task.assignee === caller.userId) return { allowed: true, override: false };
  if (task.delegationState === 'pending' && caller.isProcessAdmin) return { allowed: true, override: true };
  return { allowed: false, reason: task.delegationState === 'pending' ? 'Only the delegate resolves a delegated task' : 'This task is not delegated' };
}

/** 转办: the task goes to another person, who is told; the one who held it loses it. Reason required. */
export async function transferTask(ctx: CommandContext, runEngine: RunEngine, id: string, input: { userId: string; reason: string }): Promise<ProcessTaskRow> {
  const { task, caller, override } = await openTaskForAction(ctx, id, mayHandOver);
  if (task.delegationState === 'pending' && !override)
    throw approvalProblems.taskDelegated({ detail: 'The delegate resolves a delegated task; its owner may transfer it afterwards', owner: task.owner ?? null });
  await assertActiveUser(ctx, input.userId);
  if (input.userId === task.assignee) throw httpProblems.validationFailed({ errors: [{ field: 'userId', reason: 'already holds this task', code: 'invalid' }] });
  const { changes } = await runEngine(ctx, (engine) => engine.updateTask({ taskId: task.id, assignee: input.userId }), { lockedTasks: [recordOf(task)] });
  const from = task.assignee ?? caller.userId;
  await recordTaskAction(ctx, {
    taskId: task.id,
    instanceId: task.instanceId,
    caseId: task.caseId,
    elementId: task.elementId,
    action: 'transfer',
    onBehalfOf: override && task.assignee ? task.assignee : null,
    targetUserId: input.userId,
    reason: input.reason,
    data: { from },
  });
  await recordAuditEvent(ctx, {
    action: 'process.task-transferred',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    reason: input.reason,
    data: auditData(task, { from, to: input.userId, forWhom: override ? task.assignee : null, adminOverride: override }),
  });
  await notifyUsers(ctx, {
    recipients: [input.userId],
    kind: 'task-assigned',
    caseId: task.caseId,
    taskId: task.id,
    processInstanceId: task.instanceId,
    params: { taskName: task.name ?? task.elementId },
  });
  return taskAfter(ctx, task, changes);
}

/** 委派: the delegate holds the task for its owner, resolves it, and it comes back to the owner to complete. */
export async function delegateTask(ctx: CommandContext, runEngine: RunEngine, id: string, input: { userId: string; comment?: string | null }): Promise<ProcessTaskRow> {
  const { task, caller, override } = await openTaskForAction(ctx, id, mayHandOver);
  if (task.delegationState === 'pending') throw approvalProblems.taskDelegated({ detail: 'This task is delegated already', owner: task.owner ?? null });
  await assertActiveUser(ctx, input.userId);
  const owner = task.assignee ?? caller.userId;
  if (input.userId === owner) throw httpProblems.validationFailed({ errors: [{ field: 'userId', reason: 'is the owner of this task', code: 'invalid' }] });
  const { changes } = await runEngine(ctx, (engine) => engine.updateTask({ taskId: task.id, assignee: input.userId, owner, delegationState: 'pending' }), { lockedTasks: [recordOf(task)] });
  await recordTaskAction(ctx, {
    taskId: task.id,
    instanceId: task.instanceId,
    caseId: task.caseId,
    elementId: task.elementId,
    action: 'delegate',
    onBehalfOf: owner !== caller.userId ? owner : null,
    targetUserId: input.userId,
    comment: input.comment ?? null,
    data: { owner },
  });
  await recordAuditEvent(ctx, {
    action: 'process.task-delegated',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    data: auditData(task, { owner, delegate: input.userId, adminOverride: override }),
  });
  await notifyUsers(ctx, {
    recipients: [input.userId],
    kind: 'task-assigned',
    caseId: task.caseId,
    taskId: task.id,
    processInstanceId: task.instanceId,
    params: { taskName: task.name ?? task.elementId },
  });
  return taskAfter(ctx, task, changes);
}

/** 委派 resolve: the delegate's work goes back to the owner, recorded as done on the owner's behalf; the owner is told. */
export async function resolveTask(ctx: CommandContext, runEngine: RunEngine, id: string, input: { comment?: string | null; variables?: Record<string, unknown> }): Promise<ProcessTaskRow> {
  const { task, caller, override } = await openTaskForAction(ctx, id, mayResolve);
  const owner = task.owner;
  if (!owner) throw approvalProblems.taskDelegated({ detail: 'This delegated task has no owner to go back to' });
  const variables = input.variables ?? {};
  if (Object.keys(variables).length > 0) await runEngine(ctx, (engine) => engine.setVariables({ instanceId: task.instanceId, variables }));
  const { changes } = await runEngine(ctx, (engine) => engine.updateTask({ taskId: task.id, assignee: owner, delegationState: 'resolved' }), { lockedTasks: [recordOf(task)] });
  await recordTaskAction(ctx, {
    taskId: task.id,
    instanceId: task.instanceId,
    caseId: task.caseId,
    elementId: task.elementId,
    action: 'resolve',
    onBehalfOf: owner,
    targetUserId: owner,
    comment: input.comment ?? null,
    data: { delegate: task.assignee, variables: Object.keys(variables).sort() },
  });
  await recordAuditEvent(ctx, {
    action: 'process.task-delegation-resolved',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    data: auditData(task, { delegate: task.assignee ?? caller.userId, forWhom: owner, adminOverride: override, variables: Object.keys(variables).sort() }),
  });
  await notifyUsers(ctx, {
    recipients: [owner],
    kind: 'delegation-resolved',
    caseId: task.caseId,
    taskId: task.id,
    processInstanceId: task.instanceId,
    params: { taskName: task.name ?? task.elementId },
  });
  return taskAfter(ctx, task, changes);
}
