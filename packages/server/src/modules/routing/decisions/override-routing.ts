import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { assertAllowedOnCase, findPolicySubjectOfUser, isCaseActionAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { applyCaseRouting, CASE_PRIORITIES, findCaseForActionOrThrow, type CaseRow } from '../../cases/index.ts';
import { findQueue } from '../queues/queue-store.ts';
import { caseRoutingViewOf, type CaseRoutingView } from './case-routing-view.ts';
import { findActivePersonIds, findCaseRoutingState, insertDecision, upsertCaseRoutingState, withdrawPendingOffers } from './decision-store.ts';
import { routingDecisionProblems } from './problems.ts';

export interface OverrideRoutingInput {
  /** Absent: the queue stays; null: out of any queue. */
  queueId?: string | null;
  /** Absent: the assignee stays; null: nobody (the case waits in its queue). */
  assigneeId?: string | null;
  reason: string;
  /** If-Match: the case version the supervisor read. */
  expectedVersion: number;
}

function invalid(errors: FieldError[]) {
  return routingDecisionProblems.invalid({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
}

/** Whether someone may be given this case: an active person whose own permissions let them read it. */
async function mayHold(ctx: CommandContext, userId: string, row: CaseRow): Promise<boolean> {
  if (!(await findActivePersonIds(ctx.tx, [userId])).has(userId)) return false;
  const subject = await findPolicySubjectOfUser(ctx.tx, userId);
  return subject !== undefined && isCaseActionAllowed(subject, 'case:read', row);
}

/**
 * A supervisor overrules the router: moves the case to another queue (case:transfer) or person
 * (case:assign), with a reason. Recorded as a decision (outcome overridden, with the reason and
 * the actor), audited routing.overridden, and applied like the router's own decisions.
 */
export async function overrideCaseRouting(ctx: CommandContext, caseId: string, input: OverrideRoutingInput): Promise<CaseRoutingView> {
  const row = await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  if (input.queueId === undefined && input.assigneeId === undefined) {
    throw invalid([{ field: 'queueId', reason: 'give queueId, assigneeId or both', code: 'required' }]);
  }
  if (input.reason.trim() === '') throw invalid([{ field: 'reason', reason: 'must not be blank', code: 'required' }]);
  const queueChanges = input.queueId !== undefined && input.queueId !== (row.queueId ?? null);
  const assigneeChanges = input.assigneeId !== undefined && input.assigneeId !== row.assigneeId;
  // What the caller asks for, not only what would change, needs the permission: an override that
  // happens to name the current queue or holder is still an override.
  if (input.queueId !== undefined) assertAllowedOnCase(ctx.actor, 'case:transfer', row);
  if (input.assigneeId !== undefined) assertAllowedOnCase(ctx.actor, 'case:assign', row);
  if (row.version !== input.expectedVersion) {
    throw routingDecisionProblems.versionStale({ detail: 'The case changed since you read it. Reload it.', currentVersion: row.version });
  }
  const errors: FieldError[] = [];
  const queue = queueChanges && input.queueId ? await findQueue(ctx.tx, input.queueId) : undefined;
  if (queueChanges && input.queueId && !queue) errors.push({ field: 'queueId', reason: `no queue ${input.queueId}`, code: 'unknown-reference', params: { value: input.queueId } });
  if (assigneeChanges && input.assigneeId && !(await mayHold(ctx, input.assigneeId, row))) {
    errors.push({ field: 'assigneeId', reason: 'must be an active person who may read this case', code: 'invalid' });
  }
  if (errors.length > 0) throw invalid(errors);

  const queueId = queueChanges ? (input.queueId ?? null) : (row.queueId ?? null);
  const assigneeId = assigneeChanges ? (input.assigneeId ?? null) : row.assigneeId;
  const decisionId = newId<string>();
  const state = await findCaseRoutingState(ctx.tx, caseId);
  await withdrawPendingOffers(ctx.tx, caseId, ctx.now);
  await insertDecision(ctx.tx, {
    id: decisionId,
    caseId,
    taskId: null,
    trigger: 'override',
    ruleId: null,
    ruleKey: null,
    ruleVersion: null,
    queueId,
    previousQueueId: row.queueId ?? null,
    assigneeId,
    previousAssigneeId: row.assigneeId,
    outcome: 'overridden',
    strategy: null,
    priorityBoost: 0,
    detail: { rulesConsidered: [], candidates: [], requiredSkills: [], requiredLanguages: [], branch: null, keptWith: null, priority: row.priority },
    reason: input.reason,
    actorId: ctx.actor.userId,
    decidedAt: ctx.now,
    durationUs: null,
  });
  const waiting = assigneeId === null && queueId !== null;
  await upsertCaseRoutingState(ctx.tx, {
    caseId,
    queueId,
    queuedAt: waiting ? (state?.queueId === queueId && state.queuedAt ? state.queuedAt : ctx.now) : null,
    // A supervisor's placement does not overflow on its own: the router's next decision sets it again.
    overflowAt: null,
    effectivePriority: CASE_PRIORITIES.indexOf(row.priority),
    lastDecisionId: decisionId,
    now: ctx.now,
  });
  const { after } = await applyCaseRouting(ctx, caseId, {
    ...(queueChanges ? { queue: queue?.key ?? null } : {}),
    ...(assigneeChanges ? { assigneeId } : {}),
  });
  await recordAuditEvent(ctx, {
    action: 'routing.overridden',
    targetType: 'case',
    targetId: caseId,
    caseId,
    reason: input.reason,
    changes: [
      ...(queueChanges ? [{ field: 'queueId', before: row.queueId ?? null, after: queueId }] : []),
      ...(assigneeChanges ? [{ field: 'assigneeId', before: row.assigneeId, after: assigneeId }] : []),
    ],
    data: { decisionId, queue: queue?.key ?? (queueChanges ? null : row.queue), assigneeId },
  });
  await ctx.publish(domainEvent('routing.decided', 'case', caseId, { decisionId, caseId, taskId: null, trigger: 'override', outcome: 'overridden', queueId, assigneeId }));
  return caseRoutingViewOf(ctx, after);
}
