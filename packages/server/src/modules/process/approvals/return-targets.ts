import type { CommandContext } from '../../../platform/commands/index.ts';
import { graphIndexFor } from '../engine/graph-index.ts';
import { returnTargetRefusal } from '../engine/rewind.ts';
import type { ProcessTaskRow } from '../tasks/task-store.ts';
import { listCompletedSteps, type CompletedStep } from './approval-store.ts';
import type { StepContext } from './step-context.ts';

/**
 * 退回 targets: the earlier user tasks of the instance that were completed (the latest
 * completion of each, whose completer gets the returned task) and that the engine's rewind would
 * accept from this task's step (upstream of it, not inside a multi-instance or an event
 * sub-process: engine/rewind.ts returnTargetRefusal). Newest first.
 */
export async function listReturnTargets(ctx: CommandContext, task: ProcessTaskRow, step: StepContext): Promise<CompletedStep[]> {
  const completed = await listCompletedSteps(ctx.tx, task.instanceId);
  const latest = new Map<string, CompletedStep>();
  for (const done of completed) if (!latest.has(done.elementId)) latest.set(done.elementId, done);
  const index = graphIndexFor(step.instance.definitionId, step.graph);
  return [...latest.values()].filter((done) => done.elementId !== task.elementId && returnTargetRefusal(index, done.elementId, task.elementId) === null);
}
