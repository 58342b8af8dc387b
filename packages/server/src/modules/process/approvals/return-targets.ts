import type { CommandContext } from '../../../platform/commands/index.ts';
import type { ProcessGraph } from '../graph.ts';
import type { ProcessTaskRow } from '../tasks/task-store.ts';
import { listCompletedSteps, type CompletedStep } from './approval-store.ts';
import type { StepContext } from './step-context.ts';

/**
 * The elements a token leaving `fromId` can reach: along sequence flows, into a sub-process's
 * start events, to its boundary events, and out of a sub-process once an end event inside it is
 * reached. A plain walk over the graph: the engine's rewind is the authority, this only tells
 * which steps to offer.
 */
export function reachableFrom(graph: ProcessGraph, fromId: string): Set<string> {
  const seen = new Set<string>();
  const queue = [fromId];
  const visit = (id: string | undefined) => {
    if (id && !seen.has(id)) {
      seen.add(id);
      queue.push(id);
    }
  };
  while (queue.length > 0) {
    const element = graph.elements[queue.shift()!];
    if (!element) continue;
    for (const flowId of element.outgoing) visit(graph.flows[flowId]?.targetRef);
    for (const boundary of element.boundaryEvents) visit(boundary);
    for (const start of element.scope?.startEvents ?? []) visit(start);
    if (element.outgoing.length === 0 && element.parent) {
      const parent = graph.elements[element.parent];
      for (const flowId of parent?.outgoing ?? []) visit(graph.flows[flowId]?.targetRef);
    }
  }
  return seen;
}

/** Whether the element, or a scope around it, is a multi-instance activity (the engine cannot rewind into one). */
function isInsideMultiInstance(graph: ProcessGraph, elementId: string): boolean {
  for (let id: string | null = elementId; id; id = graph.elements[id]?.parent ?? null) {
    if (graph.elements[id]?.loop) return true;
  }
  return false;
}

/**
 * 退回 targets: the earlier user tasks of the instance that were completed (the latest
 * completion of each, whose completer gets the returned task), outside a multi-instance, from
 * which the task's step can be reached again. Newest first.
 */
export async function listReturnTargets(ctx: CommandContext, task: ProcessTaskRow, step: StepContext): Promise<CompletedStep[]> {
  const completed = await listCompletedSteps(ctx.tx, task.instanceId);
  const latest = new Map<string, CompletedStep>();
  for (const done of completed) if (!latest.has(done.elementId)) latest.set(done.elementId, done);
  return [...latest.values()].filter(
    (done) =>
      done.elementId !== task.elementId &&
      step.graph.elements[done.elementId]?.type === 'userTask' &&
      !isInsideMultiInstance(step.graph, done.elementId) &&
      reachableFrom(step.graph, done.elementId).has(task.elementId),
  );
}
