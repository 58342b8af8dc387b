import { sql } from 'kysely';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { lookupNames } from '../../access/index.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import { decideRouting } from '../decisions/decide-routing.ts';
import { selectAgent } from '../dispatch/select-agent.ts';
import type { AgentSelection, RoutingOutcome, RoutingSubject } from '../model.ts';
import { routingSubjectOfCase, routingSubjectOfDescribed, type DescribedCase } from '../subject.ts';
import { assertRoutingReader } from './rule-access.ts';
import { routingRuleProblems } from './problems.ts';

export interface RoutingTestInput {
  caseId?: string;
  case?: DescribedCase;
  /** Absent: now. */
  at?: Date;
}

/**
 * "Where would this case go, and to whom?": the rules' answer and the dispatch in the target
 * queue, for a saved case (the caller must be able to read it) or one described by hand. Nothing
 * is changed: dispatch runs in a savepoint that is rolled back (a strategy may move its turn).
 */
export async function testRouting(ctx: CommandContext, input: RoutingTestInput) {
  assertRoutingReader(ctx);
  if ((input.caseId === undefined) === (input.case === undefined)) {
    const field = input.caseId === undefined ? 'case' : 'caseId';
    throw routingRuleProblems.invalid({ detail: 'Give either caseId or case', errors: [{ field, reason: 'give either caseId or case', code: 'one-of' }] });
  }
  const at = input.at ?? ctx.now;
  let subject: RoutingSubject;
  if (input.caseId) {
    await findCaseForActionOrThrow(ctx, input.caseId, 'case:read');
    subject = (await routingSubjectOfCase(ctx, input.caseId)).subject;
  } else {
    subject = routingSubjectOfDescribed(input.case!);
  }
  const plan = await decideRouting(ctx, subject, at, { currentQueueFirst: input.caseId !== undefined });
  const queue = plan.queue;
  let selection: AgentSelection = { chosenUserId: null, candidates: [] };
  let outcome: RoutingOutcome = 'unrouted';
  if (queue?.active && queue.mode === 'push') {
    await sql`SAVEPOINT routing_test`.execute(ctx.tx);
    try {
      selection = await selectAgent(ctx, {
        queue,
        subject: { ...subject, priority: plan.priority, departmentId: plan.departmentId, queueId: queue.id },
        requiredSkills: plan.requiredSkills,
        requiredLanguages: plan.requiredLanguages,
        preferredUserId: plan.preferredUserId,
        branchId: plan.branch?.id ?? null,
      });
    } finally {
      await sql`ROLLBACK TO SAVEPOINT routing_test`.execute(ctx.tx);
    }
    outcome = selection.chosenUserId === null ? 'queued' : queue.offerTimeoutSeconds ? 'offered' : 'assigned';
  } else if (queue) {
    outcome = 'queued';
  }
  const names = await lookupNames(ctx.tx, [selection.chosenUserId, ...selection.candidates.map((c) => c.userId)]);
  return {
    rule: plan.rule,
    rulesConsidered: plan.rulesConsidered,
    queue: queue ? { id: queue.id, key: queue.key, name: queue.name } : null,
    assignee: selection.chosenUserId ? { id: selection.chosenUserId, displayName: names.user(selection.chosenUserId) ?? '' } : null,
    outcome,
    priorityBoost: plan.priorityBoost,
    requiredSkills: plan.requiredSkills,
    branch: plan.branch,
    candidates: selection.candidates.map((c) => ({ ...c, displayName: names.user(c.userId) ?? '' })),
  };
}
