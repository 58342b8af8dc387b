import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { openTaskForAction, recordOf, type RunEngine } from '../tasks/task-commands.ts';
import { processTaskRowOf, type ProcessTaskRow } from '../tasks/task-store.ts';
import { mayComplete } from '../tasks/task-visibility.ts';
import { approvalProblems } from './approval-problems.ts';
import { findElementInstanceLoop } from './approval-store.ts';
import { assertActiveUser } from './approval-users.ts';
import { recordTaskAction } from './task-action-log.ts';

export type SignerPosition = 'before' | 'after' | 'alongside';

/**
 * 加签: another person signs this step. `alongside` on an inner task of a multi-instance adds
 * one more inner instance (a countersign counts the new signer); otherwise a signer task beside
 * the task: before/alongside must sign before the task can be completed, after signs once the
 * holder has decided (the token waits for them). The signer is told. Answers the signer's task.
 */
export async function addSigner(ctx: CommandContext, runEngine: RunEngine, id: string, input: { userId: string; position: SignerPosition; reason?: string | null }): Promise<ProcessTaskRow> {
  const { task, caller, override } = await openTaskForAction(ctx, id, mayComplete);
  if (task.delegationState === 'pending') throw approvalProblems.taskDelegated({ detail: 'The delegate resolves a delegated task; its owner may add signers afterwards', owner: task.owner ?? null });
  if (task.kind === 'signer') throw httpProblems.forbidden({ detail: 'A signer cannot add further signers; the step’s holder can' });
  await assertActiveUser(ctx, input.userId);
  if (input.userId === (task.assignee ?? caller.userId)) throw httpProblems.validationFailed({ errors: [{ field: 'userId', reason: 'already holds this task', code: 'invalid' }] });
  const loop = await findElementInstanceLoop(ctx.tx, task.elementInstanceId);
  const multiInstance = input.position === 'alongside' && loop?.loopCounter != null;
  const { task: signerTask } = await runEngine(
    ctx,
    (engine) =>
      multiInstance ? engine.addMultiInstanceSigner({ taskId: task.id, assignee: input.userId }) : engine.openSignerTask({ parentTaskId: task.id, assignee: input.userId, position: input.position }),
    { lockedTasks: [recordOf(task)] },
  );
  await recordTaskAction(ctx, {
    taskId: task.id,
    instanceId: task.instanceId,
    caseId: task.caseId,
    elementId: task.elementId,
    action: 'add-signer',
    onBehalfOf: override && task.assignee ? task.assignee : null,
    targetUserId: input.userId,
    reason: input.reason ?? null,
    data: { position: input.position, signerTaskId: signerTask.id, multiInstance },
  });
  await recordAuditEvent(ctx, {
    action: 'process.task-signer-added',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    reason: input.reason ?? null,
    data: {
      processInstanceId: task.instanceId,
      processKey: task.processKey,
      elementId: task.elementId,
      signer: input.userId,
      position: input.position,
      signerTaskId: signerTask.id,
      multiInstance,
      adminOverride: override,
    },
  });
  await notifyUsers(ctx, {
    recipients: [input.userId],
    kind: 'task-assigned',
    caseId: task.caseId,
    taskId: signerTask.id,
    processInstanceId: task.instanceId,
    params: { taskName: task.name ?? task.elementId },
  });
  return processTaskRowOf(signerTask, task.processKey, task.processName);
}
