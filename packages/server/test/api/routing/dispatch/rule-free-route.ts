import { sql } from 'kysely';
import { applyCaseRouting } from '../../../../src/modules/cases/index.ts';
import type { RouteCaseOptions, RouteCaseResult } from '../../../../src/modules/routing/decisions/route-case.ts';
import { recordDispatchDecision } from '../../../../src/modules/routing/dispatch/dispatch-decision.ts';
import { overflowDueAt } from '../../../../src/modules/routing/dispatch/overflow-time.ts';
import { selectAgent } from '../../../../src/modules/routing/dispatch/select-agent.ts';
import { findQueue } from '../../../../src/modules/routing/queues/queue-store.ts';
import type { RoutingSubject, RoutingTrigger } from '../../../../src/modules/routing/model.ts';
import type { CommandContext } from '../../../../src/platform/commands/index.ts';
import { newId } from '../../../../src/platform/ids/ids.ts';

/**
 * Dispatch's tests route without rules: the case stays in its queue (or the one given) and
 * selectAgent picks the agent, offered when the queue has an offer timeout. It stands in for
 * helper B's routeCase (decisions/route-case.ts, vi.mock'ed in these tests) so the offers, the
 * worker and the multi-process run test dispatch alone; the rules have their own tests.
 */
export async function routeWithoutRules(ctx: CommandContext, caseId: string, trigger: RoutingTrigger, options: RouteCaseOptions = {}): Promise<RouteCaseResult> {
  const row = (
    await sql<{ queue_id: string | null; type_key: string; channel: string | null; priority: string; department_id: string | null; assignee_id: string | null }>`
      SELECT queue_id, type_key, channel, priority, department_id, assignee_id FROM cases.case WHERE id = ${caseId}::uuid`.execute(ctx.tx)
  ).rows[0]!;
  const queueId = options.queueId ?? row.queue_id;
  const queue = queueId ? await findQueue(ctx.tx, queueId) : undefined;
  if (!queue) return { decisionId: await decide('unrouted', null, null), outcome: 'unrouted', queueId: null, assigneeId: null };
  if (queue.mode === 'pull') return await waitInQueue();
  const selection = await selectAgent(ctx, { queue, subject: subjectOf(caseId, row), requiredSkills: [], requiredLanguages: [], excludeUserIds: options.excludeUserIds ?? [] });
  if (!selection.chosenUserId) return await waitInQueue(selection.candidates);
  await applyCaseRouting(ctx, caseId, { assigneeId: selection.chosenUserId });
  const outcome = queue.offerTimeoutSeconds ? 'offered' : 'assigned';
  const decisionId = await decide(outcome, selection.chosenUserId, selection.candidates);
  if (queue.offerTimeoutSeconds) {
    await sql`INSERT INTO routing.offer (id, case_id, queue_id, user_id, decision_id, state, offered_at, expires_at)
              VALUES (${newId<string>()}::uuid, ${caseId}::uuid, ${queue.id}::uuid, ${selection.chosenUserId}::uuid, ${decisionId}::uuid, 'pending', ${ctx.now},
                      ${new Date(ctx.now.getTime() + queue.offerTimeoutSeconds * 1000)})`.execute(ctx.tx);
  }
  return { decisionId, outcome, queueId: queue.id, assigneeId: selection.chosenUserId };

  async function decide(outcome: RouteCaseResult['outcome'], assigneeId: string | null, candidates: Awaited<ReturnType<typeof selectAgent>>['candidates'] | null) {
    return recordDispatchDecision(ctx, {
      caseId,
      trigger,
      outcome,
      queueId: queue?.id ?? null,
      previousQueueId: row.queue_id,
      assigneeId,
      previousAssigneeId: row.assignee_id,
      candidates: candidates ?? [],
    });
  }
  async function waitInQueue(candidates: Awaited<ReturnType<typeof selectAgent>>['candidates'] = []): Promise<RouteCaseResult> {
    const decisionId = await decide('queued', null, candidates);
    const overflowAt = await overflowDueAt(ctx.tx, queue!, ctx.now);
    await sql`UPDATE routing.case_state SET overflow_at = ${overflowAt} WHERE case_id = ${caseId}::uuid`.execute(ctx.tx);
    return { decisionId, outcome: 'queued', queueId: queue!.id, assigneeId: null };
  }
}

export function subjectOf(caseId: string, row: { type_key: string; channel: string | null; priority: string; department_id: string | null; queue_id: string | null }): RoutingSubject {
  return {
    kind: 'case',
    caseId,
    taskId: null,
    caseType: row.type_key,
    channel: row.channel,
    source: null,
    category: null,
    product: null,
    customerId: null,
    customerTier: null,
    customerRegion: null,
    customerBranch: null,
    customerAddress: null,
    tags: [],
    riskLevel: null,
    slaState: null,
    priority: row.priority,
    departmentId: row.department_id,
    queueId: row.queue_id,
    assigneeId: null,
    processKey: null,
    taskElementId: null,
  };
}
