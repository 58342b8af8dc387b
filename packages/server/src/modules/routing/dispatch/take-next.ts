import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { compileCaseFilter } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { applyCaseRouting, visibilityCondition } from '../../cases/index.ts';
import { countAgentLoad } from './agent-store.ts';
import { capacityReached } from './candidate-ranking.ts';
import { recordDispatchDecision } from './dispatch-decision.ts';
import { dispatchProblems } from './problems.ts';
import { hasWaitingCase, listQueuesOfMember, lockOwnProfile, lockQueueHead } from './take-next-store.ts';

export interface TakeNextResult {
  caseId: string;
  number: string;
  title: string;
  queue: { id: string; key: string; name: string };
  decisionId: string;
}

/**
 * An agent takes the head of their queues (or of the one named): the unassigned, unfinished case
 * they may read with the highest priority, then the soonest due, then the oldest. The case row is
 * locked with SKIP LOCKED, so two agents taking at once get two cases; the taker's own profile is
 * locked while their load is counted, so they never go over their capacity. Works on push queues too.
 */
export async function takeNextCase(ctx: CommandContext, input: { queueId?: string }): Promise<TakeNextResult> {
  const userId = ctx.actor.userId;
  const memberOf = await listQueuesOfMember(ctx.tx, userId);
  const queues = input.queueId ? memberOf.filter((q) => q.id === input.queueId) : memberOf;
  if (input.queueId && queues.length === 0) {
    throw httpProblems.forbidden({ detail: 'You are not a member of this queue', errors: [{ field: 'queueId', reason: 'you are not a member of this queue', code: 'not-allowed' }] });
  }
  if (queues.length === 0) throw dispatchProblems.nothingToTake({ detail: 'You are in no queue' });

  const capacity = await lockOwnProfile(ctx.tx, userId);
  const load = capacity ? await countAgentLoad(ctx.tx, userId) : undefined;
  const totalFull = capacity && load ? capacityReached({ ...capacity, byChannel: {}, byCaseType: {} }, load, null, null) : undefined;
  if (totalFull) throw dispatchProblems.atCapacity({ detail: `You hold ${load!.total + load!.openTasks} open items`, capacity: totalFull });
  // Channels and case types at their limit: their cases stay for others, the next one that fits is taken.
  const skipChannels =
    capacity && load
      ? Object.entries(capacity.byChannel)
          .filter(([c, limit]) => (load.byChannel[c] ?? 0) >= limit)
          .map(([c]) => c)
      : [];
  const skipCaseTypes =
    capacity && load
      ? Object.entries(capacity.byCaseType)
          .filter(([t, limit]) => (load.byCaseType[t] ?? 0) >= limit)
          .map(([t]) => t)
      : [];

  const visible = compileCaseFilter(ctx.actor, 'case:read');
  const queueIds = queues.map((q) => q.id);
  const head = visible.kind === 'none' ? undefined : await lockQueueHead(ctx.tx, { queueIds, visible: visibilityCondition(visible), skipChannels, skipCaseTypes });
  if (!head) {
    if (visible.kind !== 'none' && skipChannels.length + skipCaseTypes.length > 0 && (await hasWaitingCase(ctx.tx, queueIds, visibilityCondition(visible)))) {
      const limits = [...skipChannels.map((c) => `channel ${c} ${capacity!.byChannel[c]}`), ...skipCaseTypes.map((t) => `case type ${t} ${capacity!.byCaseType[t]}`)];
      throw dispatchProblems.atCapacity({ detail: 'What waits in your queues is of a channel or case type you hold your limit of', capacity: limits.join(', ') });
    }
    throw dispatchProblems.nothingToTake({ detail: 'No unassigned case waits in your queues' });
  }

  await applyCaseRouting(ctx, head.id, { assigneeId: userId });
  const queue = queues.find((q) => q.id === head.queueId)!;
  const decisionId = await recordDispatchDecision(ctx, {
    caseId: head.id,
    trigger: 'take-next',
    outcome: 'assigned',
    queueId: head.queueId,
    previousQueueId: head.queueId,
    assigneeId: userId,
    previousAssigneeId: null,
  });
  await recordAuditEvent(ctx, {
    action: 'routing.taken-next',
    targetType: 'case',
    targetId: head.id,
    caseId: head.id,
    changes: [{ field: 'assigneeId', before: null, after: userId }],
    data: { decisionId, queue: queue.key },
  });
  return { caseId: head.id, number: head.number, title: head.title, queue, decisionId };
}
