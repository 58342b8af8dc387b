import type { CommandContext } from '../../../platform/commands/index.ts';
import { findTaskCaller } from '../tasks/task-access.ts';
import { toTaskView } from '../tasks/task-schemas.ts';
import { isProcessTask, type ProcessTaskRow, type TaskRow } from '../tasks/task-store.ts';
import { isCandidateOf, mayClaim, mayComplete, type TaskCaller } from '../tasks/task-visibility.ts';
import { findCountersignTally, findDeferredDecision, findElementInstanceLoop, hasNextStepActed, listOpenSigners } from './approval-store.ts';
import { listReturnTargets } from './return-targets.ts';
import { loadStepContext, separationRefusal, type StepContext } from './step-context.ts';

export type AllowedAction = 'approve' | 'reject' | 'complete' | 'return' | 'transfer' | 'delegate' | 'resolve' | 'add-signer' | 'cc' | 'urge' | 'withdraw' | 'claim' | 'unclaim';

/**
 * What the caller may do with a task they can see, now: the same rules the commands enforce,
 * so the console offers only what will succeed. A handful of reads (the step's graph, signers,
 * return targets): for one task's view and the action answers, never per row of a list.
 */
export async function allowedActionsOf(ctx: CommandContext, task: ProcessTaskRow, caller: TaskCaller, step: StepContext): Promise<AllowedAction[]> {
  const actions: AllowedAction[] = ['cc'];
  if (task.state === 'completed') {
    if (
      task.completedBy === caller.userId &&
      (task.kind ?? 'process') === 'process' &&
      step.instance.state === 'active' &&
      !(await hasNextStepActed(ctx.tx, task.instanceId, task.completedAt!, task.id))
    ) {
      actions.push('withdraw');
    }
    return actions;
  }
  if (task.state !== 'open') return actions;
  const holdsIt = task.assignee === caller.userId || (task.assignee === null && isCandidateOf(task, caller));
  if (!holdsIt && task.owner !== caller.userId) actions.push('urge');
  if (task.delegationState === 'pending') {
    if (task.assignee === caller.userId || caller.isProcessAdmin) actions.push('resolve');
    return actions;
  }
  const refused = (await separationRefusal(ctx, step, task.elementId, caller.userId)) !== null;
  if (task.assignee === null && mayClaim(task, caller).allowed && !refused) actions.push('claim');
  if (task.assignee === caller.userId && (task.kind ?? 'process') === 'process') actions.push('unclaim');
  if (!mayComplete(task, caller).allowed) return actions;
  if (task.kind === 'signer') {
    if (!refused) actions.push('approve', 'reject', 'complete');
    actions.push('transfer');
    return actions;
  }
  const signers = await listOpenSigners(ctx.tx, task.id);
  const waitingForSigners = signers.some((s) => s.position !== 'after') || (signers.length > 0 && (await findDeferredDecision(ctx.tx, task.id)) !== undefined);
  if (!refused && !waitingForSigners) actions.push('approve', 'reject', 'complete');
  if ((await listReturnTargets(ctx, task, step)).length > 0) actions.push('return');
  actions.push('transfer', 'delegate', 'add-signer');
  return actions;
}

/** An inner task of a countersign: the mode, the threshold and the tally of its body so far (null once decided). */
async function countersignOf(ctx: CommandContext, task: ProcessTaskRow, step: StepContext) {
  const countersign = step.element?.userTask?.countersign;
  if (!countersign || !step.element?.loop || task.kind === 'signer') return null;
  const loop = task.state === 'open' ? await findElementInstanceLoop(ctx.tx, task.elementInstanceId) : undefined;
  const tally = await findCountersignTally(ctx.tx, task.instanceId, task.elementId, loop?.scopeId ?? null);
  return tally ? { mode: countersign.mode, threshold: countersign.threshold, ...tally } : null;
}

/** The task view with what the caller may do now (GET /tasks/{id}, the action answers). */
export async function presentTask(ctx: CommandContext, task: TaskRow, caller?: TaskCaller) {
  const who = caller ?? (await findTaskCaller(ctx));
  // Another system's task is worked there: nothing to do with it here.
  if (!isProcessTask(task)) return { ...toTaskView(task), allowedActions: [], countersign: null };
  const step = await loadStepContext(ctx, task);
  return { ...toTaskView(task), allowedActions: await allowedActionsOf(ctx, task, who, step), countersign: await countersignOf(ctx, task, step) };
}
