import { sql } from 'kysely';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import type { CandidateVerdict, RoutingOutcome, RoutingTrigger } from '../model.ts';

export interface DispatchDecision {
  caseId: string;
  trigger: RoutingTrigger;
  outcome: RoutingOutcome;
  queueId: string | null;
  previousQueueId: string | null;
  assigneeId: string | null;
  previousAssigneeId: string | null;
  candidates?: CandidateVerdict[];
  reason?: string | null;
}

/**
 * A decision dispatch makes by itself (an agent taking the next case, the overflow worker moving
 * one): the routing.decision row, the case's routing state (no longer waiting once assigned) and
 * the domain event routing.decided. The caller audits it with its own action.
 */
export async function recordDispatchDecision(ctx: CommandContext, decision: DispatchDecision): Promise<string> {
  const id = newId<string>();
  const waiting = decision.assigneeId === null;
  await sql`
    WITH d AS (
      INSERT INTO routing.decision (id, case_id, trigger, queue_id, previous_queue_id, assignee_id, previous_assignee_id, outcome, detail, reason, actor_id, decided_at)
      VALUES (${id}::uuid, ${decision.caseId}::uuid, ${decision.trigger}, ${decision.queueId}::uuid, ${decision.previousQueueId}::uuid, ${decision.assigneeId}::uuid,
              ${decision.previousAssigneeId}::uuid, ${decision.outcome}, ${JSON.stringify({ candidates: decision.candidates ?? [] })}::jsonb, ${decision.reason ?? null},
              ${ctx.actor.kind === 'system' ? null : ctx.actor.userId}::uuid, ${ctx.now})
    )
    INSERT INTO routing.case_state (case_id, queue_id, queued_at, overflow_at, last_decision_id, updated_at)
    VALUES (${decision.caseId}::uuid, ${decision.queueId}::uuid, ${waiting ? ctx.now : null}, NULL, ${id}::uuid, ${ctx.now})
    ON CONFLICT (case_id) DO UPDATE SET queue_id = EXCLUDED.queue_id, queued_at = CASE WHEN ${waiting} THEN routing.case_state.queued_at ELSE NULL END,
      overflow_at = NULL, last_decision_id = EXCLUDED.last_decision_id, updated_at = EXCLUDED.updated_at`.execute(ctx.tx);
  await ctx.publish(
    domainEvent('routing.decided', 'case', decision.caseId, {
      decisionId: id,
      caseId: decision.caseId,
      taskId: null,
      trigger: decision.trigger,
      outcome: decision.outcome,
      queueId: decision.queueId,
      assigneeId: decision.assigneeId,
    }),
  );
  return id;
}
