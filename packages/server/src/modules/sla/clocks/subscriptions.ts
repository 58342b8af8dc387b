import type { CommandContext, CommandSubscribers } from '../../../platform/commands/index.ts';
import { followPriorityChange, followPublicReply, followStatusChange } from './case-clocks.ts';
import { startClocksOfNewCase } from './start-clocks.ts';
import { cancelStepClock, cancelStepClocksOfInstance, meetStepClock, startStepClock } from './step-clocks.ts';
import { refreshCaseSlaSummaries } from './summary.ts';

/**
 * Runs a clock change and then refreshes the summaries (due_at, sla_state) of the cases whose
 * clocks it touched. A case without clocks keeps its due_at (one set before issue 16 stays).
 */
async function thenRefresh(ctx: CommandContext, change: () => Promise<string[]>): Promise<void> {
  const touched = await change();
  if (touched.length > 0) await refreshCaseSlaSummaries(ctx.tx, touched, ctx.now);
}

/**
 * The SLA clocks follow the domain inside each command's transaction: a case created starts its
 * policy's targets, a status change pauses, resumes or meets them, a public reply meets a response
 * target, a priority change re-budgets them, a process task starts and stops its step target.
 * Returns the unsubscribe.
 */
export function subscribeSlaClocks(subscribers: CommandSubscribers): () => void {
  const off = [
    subscribers.subscribeInTransaction('case.created', (ctx, e) => thenRefresh(ctx, () => startClocksOfNewCase(ctx, e.payload.caseId))),
    subscribers.subscribeInTransaction('case.status-changed', (ctx, e) => thenRefresh(ctx, () => followStatusChange(ctx, e.payload.caseId, e.payload.from, e.payload.to))),
    subscribers.subscribeInTransaction('case.commented', (ctx, e) => (e.payload.visibility === 'public' ? thenRefresh(ctx, () => followPublicReply(ctx, e.payload.caseId)) : Promise.resolve())),
    subscribers.subscribeInTransaction('case.fields-changed', (ctx, e) =>
      e.payload.changed.includes('priority') ? thenRefresh(ctx, () => followPriorityChange(ctx, e.payload.caseId)) : Promise.resolve(),
    ),
    subscribers.subscribeInTransaction('process.task-created', (ctx, e) => thenRefresh(ctx, () => startStepClock(ctx, e.payload.taskId, e.payload.caseId))),
    subscribers.subscribeInTransaction('process.task-completed', (ctx, e) => thenRefresh(ctx, () => meetStepClock(ctx, e.payload.taskId))),
    subscribers.subscribeInTransaction('process.task-canceled', (ctx, e) => thenRefresh(ctx, () => cancelStepClock(ctx, e.payload.taskId, e.payload.reason ?? 'canceled'))),
    subscribers.subscribeInTransaction('process.instance-terminated', (ctx, e) => thenRefresh(ctx, () => cancelStepClocksOfInstance(ctx, e.payload.instanceId, e.payload.caseId, e.payload.reason))),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
