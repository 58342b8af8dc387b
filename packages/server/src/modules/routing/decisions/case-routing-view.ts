import type { CommandContext } from '../../../platform/commands/index.ts';
import { lookupNames, type NameBook } from '../../access/index.ts';
import { findCaseForActionOrThrow, type CaseRow } from '../../cases/index.ts';
import type { CandidateVerdict, RoutingOutcome, RoutingStrategy, RoutingTrigger } from '../model.ts';
import { findRuleVersionNames } from '../rules/rule-store.ts';
import { findCaseRoutingState, findPendingOffer, findQueueRefs, listCaseDecisions, type DecisionRow } from './decision-store.ts';

type PersonRef = { id: string; displayName: string } | null;
type QueueRef = { id: string; key: string; name: string } | null;

/** GET /cases/{id}/routing: where the case stands and every decision, explained with names. */
export interface CaseRoutingView {
  caseId: string;
  version: number;
  queue: QueueRef;
  assignee: PersonRef;
  waitingSince: string | null;
  overflowAt: string | null;
  pendingOffer: { id: string; user: { id: string; displayName: string }; expiresAt: string } | null;
  decisions: DecisionView[];
}

export interface DecisionView {
  id: string;
  at: string;
  trigger: RoutingTrigger;
  outcome: RoutingOutcome;
  taskId: string | null;
  rule: { id: string; key: string; name: string; version: number } | null;
  rulesConsidered: { key: string; name: string; matched: boolean; failed: { condition: string; actual: unknown }[] }[];
  queue: QueueRef;
  previousQueue: QueueRef;
  assignee: PersonRef;
  previousAssignee: PersonRef;
  strategy: RoutingStrategy | null;
  priorityBoost: number;
  requiredSkills: { skill: string; minLevel: number }[];
  requiredLanguages: string[];
  branch: { id: string; name: string; by: 'customer-branch' | 'customer-region' | 'customer-address' } | null;
  keptWith: PersonRef;
  candidates: (CandidateVerdict & { displayName: string })[];
  reason: string | null;
  actor: PersonRef;
  durationMs: number | null;
}

/** Whoever may read the case may see how it was routed (404 for a case they may not read). */
export async function readCaseRouting(ctx: CommandContext, caseId: string): Promise<CaseRoutingView> {
  const row = await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  return caseRoutingViewOf(ctx, row);
}

const candidatesOf = (d: DecisionRow) => (Array.isArray(d.detail.candidates) ? (d.detail.candidates as CandidateVerdict[]) : []);

export async function caseRoutingViewOf(ctx: CommandContext, row: CaseRow): Promise<CaseRoutingView> {
  const [decisions, state, offer] = [await listCaseDecisions(ctx.tx, row.id), await findCaseRoutingState(ctx.tx, row.id), await findPendingOffer(ctx.tx, row.id)];
  const userIds = new Set<string | null>([row.assigneeId, offer?.userId ?? null]);
  const queueIds = new Set<string>();
  for (const d of decisions) {
    for (const id of [d.assigneeId, d.previousAssigneeId, d.actorId, d.detail.keptWith as string | null]) userIds.add(id ?? null);
    for (const c of candidatesOf(d)) userIds.add(c.userId);
    for (const id of [d.queueId, d.previousQueueId]) if (id) queueIds.add(id);
  }
  if (row.queueId) queueIds.add(row.queueId);
  const names = await lookupNames(ctx.tx, userIds);
  const queues = await findQueueRefs(ctx.tx, [...queueIds]);
  const ruleNames = await findRuleVersionNames(
    ctx.tx,
    decisions.filter((d) => d.ruleId && d.ruleVersion !== null).map((d) => ({ ruleId: d.ruleId!, version: d.ruleVersion! })),
  );
  const person = (id: string | null | undefined): PersonRef => (id ? { id, displayName: names.user(id) ?? '' } : null);
  const queue = (id: string | null): QueueRef => (id ? (queues.get(id) ?? null) : null);
  return {
    caseId: row.id,
    version: row.version,
    queue: queue(row.queueId ?? null),
    assignee: person(row.assigneeId),
    waitingSince: state?.queuedAt?.toISOString() ?? null,
    overflowAt: state?.overflowAt?.toISOString() ?? null,
    pendingOffer: offer ? { id: offer.id, user: person(offer.userId)!, expiresAt: offer.expiresAt.toISOString() } : null,
    decisions: decisions.map((d) => decisionView(d, names, person, queue, ruleNames)),
  };
}

function decisionView(d: DecisionRow, names: NameBook, person: (id: string | null | undefined) => PersonRef, queue: (id: string | null) => QueueRef, ruleNames: Map<string, string>): DecisionView {
  const detail = d.detail;
  const ruleName = (d.ruleId && ruleNames.get(`${d.ruleId}:${d.ruleVersion}`)) ?? (detail.ruleName as string | null) ?? d.ruleKey ?? '';
  return {
    id: d.id,
    at: d.decidedAt.toISOString(),
    trigger: d.trigger as RoutingTrigger,
    outcome: d.outcome as RoutingOutcome,
    taskId: d.taskId,
    rule: d.ruleId && d.ruleKey && d.ruleVersion !== null ? { id: d.ruleId, key: d.ruleKey, name: ruleName, version: d.ruleVersion } : null,
    rulesConsidered: (detail.rulesConsidered as DecisionView['rulesConsidered'] | undefined) ?? [],
    queue: queue(d.queueId),
    previousQueue: queue(d.previousQueueId),
    assignee: person(d.assigneeId),
    previousAssignee: person(d.previousAssigneeId),
    strategy: d.strategy as RoutingStrategy | null,
    priorityBoost: d.priorityBoost,
    requiredSkills: (detail.requiredSkills as DecisionView['requiredSkills'] | undefined) ?? [],
    requiredLanguages: (detail.requiredLanguages as string[] | undefined) ?? [],
    branch: (detail.branch as DecisionView['branch'] | undefined) ?? null,
    keptWith: person(detail.keptWith as string | null | undefined),
    candidates: candidatesOf(d).map((c) => ({ ...c, displayName: names.user(c.userId) ?? '' })),
    reason: d.reason,
    actor: person(d.actorId),
    durationMs: d.durationUs === null ? null : d.durationUs / 1000,
  };
}
