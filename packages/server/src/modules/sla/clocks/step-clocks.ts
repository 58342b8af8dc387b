import type { CommandContext } from '../../../platform/commands/index.ts';
import { findCaseFactsOrThrow } from '../../cases/index.ts';
import { findProcessTaskRow } from '../../process/index.ts';
import { boundPolicyOf, startClock } from './start-clocks.ts';
import { cancelClock, meetClock } from './stop-clocks.ts';
import { findOpenTargetsOfCase, findOpenTargetsOfTask, hasEnabledPolicy } from './target-store.ts';

/**
 * process.task-created: a step clock when the policy bound to the task's case (its resolution
 * clock's, else the first match now) has a step target for the task's process and element.
 */
export async function startStepClock(ctx: CommandContext, taskId: string, caseId: string | null): Promise<string[]> {
  if (!caseId || !(await hasEnabledPolicy(ctx.tx))) return [];
  const task = await findProcessTaskRow(ctx.tx, taskId);
  if (task?.state !== 'open') return [];
  const facts = await findCaseFactsOrThrow(ctx.tx, caseId);
  const policy = await boundPolicyOf(ctx, facts);
  const target = policy?.definition.targets.find((t) => t.kind === 'step' && t.step?.processKey === task.processKey && t.step.elementId === task.elementId);
  if (!policy || !target) return [];
  return (await startClock(ctx, { facts, policy, target, taskId })) ? [caseId] : [];
}

/** process.task-completed: its step clock is met. */
export async function meetStepClock(ctx: CommandContext, taskId: string): Promise<string[]> {
  const open = await findOpenTargetsOfTask(ctx.tx, taskId);
  for (const t of open) await meetClock(ctx, t, 'task completed');
  return open.map((t) => t.caseId);
}

/** process.task-canceled: its step clock is canceled (a 退回, a 撤回, a countersign decided early…). */
export async function cancelStepClock(ctx: CommandContext, taskId: string, reason: string): Promise<string[]> {
  const open = await findOpenTargetsOfTask(ctx.tx, taskId);
  for (const t of open) await cancelClock(ctx, t, reason);
  return open.map((t) => t.caseId);
}

/** process.instance-terminated: the open step clocks of the instance's tasks are canceled. */
export async function cancelStepClocksOfInstance(ctx: CommandContext, instanceId: string, caseId: string | null, reason: string): Promise<string[]> {
  if (!caseId) return [];
  const touched: string[] = [];
  for (const t of await findOpenTargetsOfCase(ctx.tx, caseId)) {
    if (!t.taskId) continue;
    const task = await findProcessTaskRow(ctx.tx, t.taskId);
    if (!task || task.instanceId === instanceId) {
      await cancelClock(ctx, t, `process terminated: ${reason}`);
      touched.push(caseId);
    }
  }
  return touched;
}
