import type { CommandContext } from '../../../platform/commands/index.ts';
import type { AuditAction } from '../../../platform/events/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { openTaskForAction, recordOf, taskAfter, type RunEngine } from '../tasks/task-commands.ts';
import { findProcessTaskRow, type ProcessTaskRow } from '../tasks/task-store.ts';
import { mayComplete, type TaskCaller } from '../tasks/task-visibility.ts';
import { approvalProblems } from './approval-problems.ts';
import { findDeferredDecision, listOpenSigners } from './approval-store.ts';
import { assertSeparationOfDuties, loadStepContext, type StepContext } from './step-context.ts';
import { recordTaskAction, type TaskActionKind } from './task-action-log.ts';

export type StepAction = 'approve' | 'reject' | 'complete';

export interface CompleteStepInput {
  action: StepAction;
  outcome: string | null;
  variables: Record<string, unknown>;
  reason?: string | null;
  comment?: string | null;
}

const AUDIT_OF: Record<StepAction, AuditAction> = { approve: 'process.task-approved', reject: 'process.task-rejected', complete: 'process.task-completed' };

/**
 * Completes a step — `POST /tasks/{id}/complete`, `/approve`, `/reject` — with everything the
 * approval idioms ask first: a delegated task comes back to its owner before anyone completes it
 * (409 task-delegated), separation of duties (403), signers added before or alongside must have
 * signed (409 signers-pending). With a signer added after still open, the decision is recorded
 * and the token waits for the signer (the parent completes when the last after-signer signs).
 * A signer task completes beside its parent: a signer's reject rejects the parent step.
 */
export async function completeStep(ctx: CommandContext, runEngine: RunEngine, id: string, input: CompleteStepInput): Promise<ProcessTaskRow> {
  const { task, caller, override } = await openTaskForAction(ctx, id, mayComplete);
  if (task.delegationState === 'pending') {
    throw approvalProblems.taskDelegated({ detail: 'A delegated task goes back to its owner (resolve) before it is completed', owner: task.owner ?? null });
  }
  const step = await loadStepContext(ctx, task);
  await assertSeparationOfDuties(ctx, step, task.elementId, caller.userId);
  if (task.kind === 'signer') return completeSigner(ctx, runEngine, task, caller, override, step, input);

  const signers = await listOpenSigners(ctx.tx, task.id);
  const pending = signers.filter((s) => s.position !== 'after');
  if (pending.length > 0) throw approvalProblems.signersPending({ detail: 'Signers added before or alongside must sign first', signerTaskIds: pending.map((s) => s.id) });
  const implicitClaim = task.assignee === null && !override;
  const forWhom = task.assignee !== null && task.assignee !== caller.userId ? task.assignee : ctx.onBehalfOf;

  if (signers.length > 0) {
    // 加签 after: the decision waits for the after-signers; variables are set now, the token stays.
    let current = task;
    if (implicitClaim)
      current = await taskAfter(ctx, task, (await runEngine(ctx, (engine) => engine.assignTask({ taskId: task.id, assignee: caller.userId }), { lockedTasks: [recordOf(task)] })).changes);
    if (Object.keys(input.variables).length > 0) await runEngine(ctx, (engine) => engine.setVariables({ instanceId: task.instanceId, variables: input.variables }));
    await recordStepAction(ctx, task, input, caller, forWhom ?? null, { deferred: true, outcome: input.outcome, waitingFor: signers.map((s) => s.id) });
    await auditStep(ctx, task, input, caller, forWhom ?? null, { implicitClaim, adminOverride: override, deferred: true });
    return current;
  }

  const { changes } = await runEngine(
    ctx,
    async (engine) => {
      if (implicitClaim) await engine.assignTask({ taskId: task.id, assignee: caller.userId });
      return engine.completeTask({ taskId: task.id, variables: input.variables, outcome: input.outcome, completedBy: caller.userId });
    },
    { lockedTasks: [recordOf(task)] },
  );
  await recordStepAction(ctx, task, input, caller, forWhom ?? null, { outcome: input.outcome });
  await auditStep(ctx, task, input, caller, forWhom ?? null, { implicitClaim, adminOverride: override });
  return taskAfter(ctx, task, changes);
}

/** 加签: the signer signs; a reject rejects the parent step, the last after-signer's approve releases the parent's own decision. */
async function completeSigner(
  ctx: CommandContext,
  runEngine: RunEngine,
  task: ProcessTaskRow,
  caller: TaskCaller,
  override: boolean,
  step: StepContext,
  input: CompleteStepInput,
): Promise<ProcessTaskRow> {
  const outcome = input.action === 'reject' ? 'rejected' : (input.outcome ?? 'approved');
  const forWhom = task.assignee !== null && task.assignee !== caller.userId ? task.assignee : ctx.onBehalfOf;
  const { changes } = await runEngine(ctx, (engine) => engine.completeSignerTask({ taskId: task.id, outcome, completedBy: caller.userId }), { lockedTasks: [recordOf(task)] });
  if (Object.keys(input.variables).length > 0) await runEngine(ctx, (engine) => engine.setVariables({ instanceId: task.instanceId, variables: input.variables }));
  await recordStepAction(ctx, task, { ...input, outcome }, caller, forWhom ?? null, { outcome, parentTaskId: task.parentTaskId ?? null });
  await auditStep(ctx, task, { ...input, outcome }, caller, forWhom ?? null, { adminOverride: override, signerOf: task.parentTaskId ?? null, position: task.signerPosition ?? null });
  const after = await taskAfter(ctx, task, changes);

  const parent = task.parentTaskId ? await findProcessTaskRow(ctx.tx, task.parentTaskId, { forUpdate: true }) : undefined;
  if (parent?.state !== 'open') return after;
  const parentInput = (decided: string | null): CompleteStepInput => ({ action: decided === 'rejected' ? 'reject' : 'approve', outcome: decided, variables: {}, reason: input.reason ?? null });
  if (outcome === 'rejected') {
    // The signer's reject is the step's: the other signers' tasks are no longer needed (canceled,
    // their holders told), then the parent completes rejected, done by the signer for the parent's holder.
    const canceledSignerTaskIds = await cancelOtherSigners(ctx, runEngine, parent, task, input.reason ?? null);
    await completeParent(ctx, runEngine, parent, step, caller.userId, parent.assignee, parentInput('rejected'), { rejectedBySigner: task.id, canceledSignerTaskIds });
    return after;
  }
  if ((await listOpenSigners(ctx.tx, parent.id)).length > 0) return after;
  const deferred = await findDeferredDecision(ctx.tx, parent.id);
  if (deferred) await completeParent(ctx, runEngine, parent, step, deferred.actorId, deferred.onBehalfOf, parentInput(deferred.outcome), { releasedBySigner: task.id });
  return after;
}

/**
 * A signer rejected the step: every other signer task of it still open ends (task-canceled, reason
 * `signer-rejected`), each on record in its own task's log (`signer-canceled`, by the rejecting
 * signer) and in the audit ledger, and its holder is told (signer-canceled).
 */
async function cancelOtherSigners(ctx: CommandContext, runEngine: RunEngine, parent: ProcessTaskRow, rejecting: ProcessTaskRow, reason: string | null): Promise<string[]> {
  const open = await listOpenSigners(ctx.tx, parent.id);
  if (open.length === 0) return [];
  const { canceledTaskIds } = await runEngine(ctx, (engine) => engine.cancelSignerTasks({ parentTaskId: parent.id, reason: 'signer-rejected' }), { lockedTasks: [recordOf(parent)] });
  for (const signer of open.filter((s) => canceledTaskIds.includes(s.id))) {
    const data = { signerOf: parent.id, position: signer.position, rejectedBySigner: rejecting.id };
    await recordTaskAction(ctx, {
      taskId: signer.id,
      instanceId: parent.instanceId,
      caseId: parent.caseId,
      elementId: parent.elementId,
      action: 'signer-canceled',
      targetUserId: signer.assignee,
      reason,
      data,
    });
    await recordAuditEvent(ctx, {
      action: 'process.task-signer-canceled',
      targetType: 'task',
      targetId: signer.id,
      caseId: parent.caseId,
      reason,
      data: { processInstanceId: parent.instanceId, processKey: parent.processKey, elementId: parent.elementId, assignee: signer.assignee, ...data },
    });
    // Told about their own task (the parent is not theirs to see).
    await notifyUsers(ctx, {
      recipients: signer.assignee === null ? [] : [signer.assignee],
      kind: 'signer-canceled',
      caseId: parent.caseId,
      taskId: signer.id,
      processInstanceId: parent.instanceId,
      params: { taskName: parent.name ?? parent.elementId },
    });
  }
  return canceledTaskIds;
}

async function completeParent(
  ctx: CommandContext,
  runEngine: RunEngine,
  parent: ProcessTaskRow,
  _step: StepContext,
  completedBy: string,
  forWhom: string | null,
  input: CompleteStepInput,
  data: Record<string, unknown>,
): Promise<void> {
  await runEngine(ctx, (engine) => engine.completeTask({ taskId: parent.id, variables: {}, outcome: input.outcome, completedBy }), {
    lockedTasks: [recordOf(parent)],
  });
  await recordTaskAction(ctx, {
    taskId: parent.id,
    instanceId: parent.instanceId,
    caseId: parent.caseId,
    elementId: parent.elementId,
    action: input.action,
    actorId: completedBy,
    onBehalfOf: forWhom !== completedBy ? forWhom : null,
    reason: input.reason ?? null,
    data: { outcome: input.outcome, ...data },
  });
  await recordAuditEvent(ctx, {
    action: AUDIT_OF[input.action],
    targetType: 'task',
    targetId: parent.id,
    caseId: parent.caseId,
    reason: input.reason ?? null,
    data: { processInstanceId: parent.instanceId, processKey: parent.processKey, elementId: parent.elementId, completedBy, forWhom, outcome: input.outcome, ...data },
  });
}

async function recordStepAction(ctx: CommandContext, task: ProcessTaskRow, input: CompleteStepInput, caller: TaskCaller, forWhom: string | null, data: Record<string, unknown>) {
  await recordTaskAction(ctx, {
    taskId: task.id,
    instanceId: task.instanceId,
    caseId: task.caseId,
    elementId: task.elementId,
    action: input.action as TaskActionKind,
    actorId: caller.userId,
    onBehalfOf: forWhom,
    reason: input.reason ?? null,
    comment: input.comment ?? null,
    // Names only: values may hold what the form asked for, and the instance keeps them.
    data: { ...data, variables: Object.keys(input.variables).sort() },
  });
}

async function auditStep(ctx: CommandContext, task: ProcessTaskRow, input: CompleteStepInput, caller: TaskCaller, forWhom: string | null, data: Record<string, unknown>) {
  await recordAuditEvent(ctx, {
    action: AUDIT_OF[input.action],
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    reason: input.reason ?? null,
    data: {
      processInstanceId: task.instanceId,
      processKey: task.processKey,
      elementId: task.elementId,
      completedBy: caller.userId,
      forWhom,
      outcome: input.outcome,
      implicitClaim: false,
      ...data,
      variables: Object.keys(input.variables).sort(),
    },
  });
}
