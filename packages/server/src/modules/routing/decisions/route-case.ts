import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { applyCaseRoutingChanges, CASE_PRIORITIES, UNFINISHED_CATEGORIES, type CaseRow, type CasePriority } from '../../cases/index.ts';
import { selectAgent } from '../dispatch/select-agent.ts';
import type { CandidateVerdict, QueueRow, RoutingOutcome, RoutingTrigger } from '../model.ts';
import { findQueue } from '../queues/queue-store.ts';
import { routingSubjectOfCase, routingSubjectOfCaseRow } from '../subject.ts';
import { decideRouting, lowerPriority, typeDefaultQueueIdInTransaction, type RoutingPlan } from './decide-routing.ts';
import { findCaseRoutingState, insertDecision, insertOffer, upsertCaseRoutingState, withdrawPendingOffers } from './decision-store.ts';
import { notifyOffered, notifyQueueSupervisorsOnce } from './routing-notices.ts';

export interface RouteCaseOptions {
  /** Never given to these (they declined, or let an offer expire). */
  excludeUserIds?: string[];
  /** Route within this queue instead of the rules' answer (overflow moves the case first). */
  queueId?: string;
  /** sla-risk: the SLA state that fired (the case row's summary may not be refreshed yet). */
  slaState?: 'at-risk' | 'breached';
  /** The case as findCaseForRouting read it in this command, unchanged since: not read again. */
  row?: CaseRow;
}

export interface RouteCaseResult {
  /** Empty when nothing was decided (no rule matched and the case has no queue): nothing was recorded. */
  decisionId: string;
  outcome: RoutingOutcome;
  queueId: string | null;
  assigneeId: string | null;
}

/** Triggers that react to a change the same command made and versioned: the routing joins that version. */
const PART_OF_THE_CHANGE: ReadonlySet<RoutingTrigger> = new Set(['created', 'reopened', 'fields-changed']);

/** Triggers after which an agent holding the case keeps it while its queue stays the same. */
const KEEPS_HOLDER: ReadonlySet<RoutingTrigger> = new Set(['reopened', 'fields-changed', 'sla-risk']);

/**
 * Decides where a case goes and applies it in the running command: rules (first match in force),
 * branch push, keep-with-previous, then dispatch in the target queue (selectAgent), offers for a
 * push queue with a timeout; writes routing.decision, routing.case_state, the audit event
 * routing.case-routed and the domain event routing.decided.
 */
export async function routeCase(ctx: CommandContext, caseId: string, trigger: RoutingTrigger, options: RouteCaseOptions = {}): Promise<RouteCaseResult> {
  const started = process.hrtime.bigint();
  const { subject: read, row } = options.row ? { subject: routingSubjectOfCaseRow(options.row), row: options.row } : await routingSubjectOfCase(ctx, caseId);
  const subject = options.slaState ? { ...read, slaState: options.slaState } : read;
  const typeDefaultQueueId = await typeDefaultQueueIdInTransaction(ctx.tx, row.typeKey, row.typeVersion);
  const state = await findCaseRoutingState(ctx.tx, caseId);
  // At creation the case holds a queue only when its creator named one (cases no longer fill in the
  // type's default: the router applies it after the rules), so any queue there was chosen.
  const explicitQueue = trigger === 'created' && subject.queueId !== null;
  const explicitAssignee = trigger === 'created' && subject.assigneeId !== null;

  let plan: RoutingPlan;
  if (explicitQueue && explicitAssignee) {
    plan = keptAsCreated(subject.priority as CasePriority, subject.departmentId, subject.queueId ? ((await findQueue(ctx.tx, subject.queueId)) ?? null) : null);
  } else {
    // A re-route starts from the priority before the router's own last boost, so it never boosts twice.
    const basePriority = state && state.lastBoost > 0 && state.lastPriority === subject.priority ? lowerPriority(subject.priority, state.lastBoost) : subject.priority;
    plan = await decideRouting(ctx, subject, ctx.now, { keepQueue: explicitQueue, currentQueueFirst: trigger !== 'created', typeVersion: row.typeVersion, typeDefaultQueueId, basePriority });
    if (options.queueId) plan.queue = (await findQueue(ctx.tx, options.queueId)) ?? plan.queue;
  }
  const queue = plan.queue;
  // No rule and no queue: there is nothing to decide, and nothing is recorded (a Docket without
  // routing set up writes no decision per case). decisionId is then empty.
  if (!plan.rule && !queue && !(explicitQueue && explicitAssignee)) return { decisionId: '', outcome: 'unrouted', queueId: null, assigneeId: subject.assigneeId };

  let outcome: RoutingOutcome;
  let assigneeId: string | null;
  let candidates: CandidateVerdict[] = [];
  const queueChanged = (queue?.id ?? null) !== subject.queueId;
  if (explicitAssignee) {
    outcome = 'kept';
    assigneeId = subject.assigneeId;
  } else if (!queue) {
    outcome = 'unrouted';
    assigneeId = subject.assigneeId;
  } else if (KEEPS_HOLDER.has(trigger) && subject.assigneeId !== null && !queueChanged) {
    outcome = 'kept';
    assigneeId = subject.assigneeId;
  } else if (queue.mode === 'pull' || !queue.active) {
    outcome = 'queued';
    assigneeId = null;
  } else {
    const selection = await selectAgent(ctx, {
      queue,
      subject: { ...subject, priority: plan.priority, departmentId: plan.departmentId, queueId: queue.id },
      requiredSkills: plan.requiredSkills,
      requiredLanguages: plan.requiredLanguages,
      preferredUserId: plan.preferredUserId,
      excludeUserIds: options.excludeUserIds ?? [],
      branchId: plan.branch?.id ?? null,
    });
    candidates = selection.candidates;
    assigneeId = selection.chosenUserId;
    outcome = assigneeId === null ? 'queued' : queue.offerTimeoutSeconds ? 'offered' : 'assigned';
  }

  const decisionId = newId<string>();
  // A new case has no offers yet; a re-route takes back what it was offered before.
  if (trigger !== 'created' && outcome !== 'kept') await withdrawPendingOffers(ctx.tx, caseId, ctx.now);
  const supervisorsTold = outcome === 'queued' && queue !== null && queue.mode === 'push' && queue.active ? await notifyQueueSupervisorsOnce(ctx, queue, row) : false;
  const keptWith = plan.preferredUserId !== null && assigneeId === plan.preferredUserId ? plan.preferredUserId : null;
  await insertDecision(ctx.tx, {
    id: decisionId,
    caseId,
    taskId: null,
    trigger,
    ruleId: plan.rule?.id ?? null,
    ruleKey: plan.rule?.key ?? null,
    ruleVersion: plan.rule?.version ?? null,
    queueId: queue?.id ?? null,
    previousQueueId: subject.queueId,
    assigneeId,
    previousAssigneeId: subject.assigneeId,
    outcome,
    strategy: queue?.strategy ?? null,
    priorityBoost: plan.priorityBoost,
    detail: decisionDetail(plan, candidates, keptWith, supervisorsTold),
    reason: null,
    actorId: null,
    decidedAt: ctx.now,
    durationUs: Number((process.hrtime.bigint() - started) / 1000n),
  });
  const waiting = outcome === 'queued' && queue !== null;
  const queuedAt = waiting ? (state?.queueId === queue.id && state.queuedAt ? state.queuedAt : ctx.now) : null;
  await upsertCaseRoutingState(ctx.tx, {
    caseId,
    queueId: queue?.id ?? null,
    queuedAt,
    overflowAt: queuedAt && queue?.overflowQueueId && queue.overflowAfterSeconds ? new Date(queuedAt.getTime() + queue.overflowAfterSeconds * 1000) : null,
    effectivePriority: CASE_PRIORITIES.indexOf(plan.priority),
    lastDecisionId: decisionId,
    now: ctx.now,
  });
  if (!(explicitQueue && explicitAssignee)) {
    await applyCaseRoutingChanges(
      ctx,
      caseId,
      { queue: queue ? queue.key : undefined, assigneeId, priority: plan.priority, departmentId: plan.departmentId },
      { partOfCommandChange: PART_OF_THE_CHANGE.has(trigger), initialPlacement: trigger === 'created' },
    );
  }
  if (outcome === 'offered' && queue && assigneeId) {
    const expiresAt = new Date(ctx.now.getTime() + queue.offerTimeoutSeconds! * 1000);
    await insertOffer(ctx.tx, { id: newId<string>(), caseId, taskId: null, queueId: queue.id, userId: assigneeId, decisionId, offeredAt: ctx.now, expiresAt });
    await notifyOffered(ctx, assigneeId, row, expiresAt);
  }
  await recordAuditEvent(ctx, {
    action: 'routing.case-routed',
    targetType: 'case',
    targetId: caseId,
    caseId,
    data: {
      decisionId,
      trigger,
      outcome,
      rule: plan.rule ? { key: plan.rule.key, version: plan.rule.version } : null,
      queue: queue?.key ?? null,
      previousQueueId: subject.queueId,
      assigneeId,
      previousAssigneeId: subject.assigneeId,
      priorityBoost: plan.priorityBoost,
      branchId: plan.branch?.id ?? null,
    },
  });
  await ctx.publish(domainEvent('routing.decided', 'case', caseId, { decisionId, caseId, taskId: null, trigger, outcome, queueId: queue?.id ?? null, assigneeId }));
  return { decisionId, outcome, queueId: queue?.id ?? null, assigneeId };
}

/** Whether the router follows a case in this status category (finished cases are left alone). */
export function isRoutable(statusCategory: string): boolean {
  return (UNFINISHED_CATEGORIES as readonly string[]).includes(statusCategory);
}

function keptAsCreated(priority: CasePriority, departmentId: string | null, queue: QueueRow | null): RoutingPlan {
  return { rule: null, rulesConsidered: [], queue, priorityBoost: 0, priority, requiredSkills: [], requiredLanguages: [], branch: null, departmentId, preferredUserId: null };
}

/** What routing.decision.detail keeps: the explanation, never a customer's value (no address, no region). */
export function decisionDetail(plan: RoutingPlan, candidates: CandidateVerdict[], keptWith: string | null, supervisorsTold: boolean): Record<string, unknown> {
  return {
    ruleName: plan.rule?.name ?? null,
    rulesConsidered: plan.rulesConsidered,
    candidates,
    requiredSkills: plan.requiredSkills,
    requiredLanguages: plan.requiredLanguages,
    branch: plan.branch,
    keptWith,
    priority: plan.priority,
    ...(supervisorsTold ? { supervisorsTold: true } : {}),
  };
}
