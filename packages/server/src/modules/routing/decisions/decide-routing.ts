import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { CASE_PRIORITIES, type CasePriority } from '../../cases/index.ts';
import type { QueueRow, RoutingRuleRow, RoutingSubject } from '../model.ts';
import { findQueue } from '../queues/queue-store.ts';
import { findBranchByAddress, findBranchByCode, findBranchByRegion, findBranchQueueId } from '../rules/branch-area-store.ts';
import { firstMatchingRule, type RuleConsidered } from '../rules/rule-conditions.ts';
import { listRoutingRules } from '../rules/rule-store.ts';
import { findPreviousHandlerId, findTypeDefaultQueueId } from './decision-store.ts';

const DAY_MS = 86_400_000;

export type BranchBy = 'customer-branch' | 'customer-region' | 'customer-address';

/** Where the rules send a subject, before anyone in the queue is chosen. */
export interface RoutingPlan {
  rule: { id: string; key: string; name: string; version: number } | null;
  rulesConsidered: RuleConsidered[];
  /** The target queue; null: none (no rule, no default, no current queue). */
  queue: QueueRow | null;
  priorityBoost: number;
  /** The priority after the boost (the subject's when there is none). */
  priority: CasePriority;
  requiredSkills: { skill: string; minLevel: number }[];
  requiredLanguages: string[];
  /** Branch push: the customer's branch and how it was found. */
  branch: { id: string; name: string; by: BranchBy } | null;
  /** The department the case belongs to afterwards (the branch when pushed). */
  departmentId: string | null;
  /** Keep with the previous handler: who, tried first. */
  preferredUserId: string | null;
}

export interface DecideRoutingOptions {
  /** The queue the subject holds is binding (a case created with an explicit queue). */
  keepQueue?: boolean;
  /** A later trigger (reopened, a field changed): without a rule's queue the case stays where it is (a supervisor may have moved it). */
  currentQueueFirst?: boolean;
  /** The case type version whose default queue applies; absent: the type's current version. */
  typeVersion?: number | null;
  /** The type's default queue when the caller has read it already (undefined: read it here). */
  typeDefaultQueueId?: string | null;
  /** The priority the router's boost starts from (a re-route does not boost twice); absent: the subject's. */
  basePriority?: string;
}

// Rules change rarely and a bulk create routes thousands of cases in one transaction: read them once per transaction.
const rulesOfTransaction = new WeakMap<object, RoutingRuleRow[]>();

/** A rule command changed the rules: the transaction's next decision reads them again. */
export function forgetRulesOfTransaction(tx: Tx): void {
  rulesOfTransaction.delete(tx);
}

export async function rulesInTransaction(tx: Tx): Promise<RoutingRuleRow[]> {
  let rules = rulesOfTransaction.get(tx);
  if (!rules) {
    rules = await listRoutingRules(tx);
    rulesOfTransaction.set(tx, rules);
  }
  return rules;
}

// A case type version never changes once saved, so its default queue is read once per transaction
// (per transaction, not longer: a version saved in a transaction that rolls back must not linger).
const typeDefaultQueuesOfTransaction = new WeakMap<object, Map<string, string | null>>();

/** The default queue of a case type version, read once per transaction. */
export async function typeDefaultQueueIdInTransaction(tx: Tx, caseType: string, typeVersion: number): Promise<string | null> {
  const known = typeDefaultQueuesOfTransaction.get(tx) ?? new Map<string, string | null>();
  typeDefaultQueuesOfTransaction.set(tx, known);
  const key = `${caseType}@${typeVersion}`;
  if (!known.has(key)) known.set(key, await findTypeDefaultQueueId(tx, caseType, typeVersion));
  return known.get(key)!;
}

/** Pure: a priority raised by `steps` (low → normal → high → urgent), capped at urgent. */
export function raisePriority(priority: string, steps: number): CasePriority {
  const at = Math.max(CASE_PRIORITIES.indexOf(priority as CasePriority), 0);
  return CASE_PRIORITIES[Math.min(at + Math.max(steps, 0), CASE_PRIORITIES.length - 1)]!;
}

/** Pure: lowers a priority by `steps` (the router's previous boost taken back before a new one). */
export function lowerPriority(priority: string, steps: number): CasePriority {
  const at = Math.max(CASE_PRIORITIES.indexOf(priority as CasePriority), 0);
  return CASE_PRIORITIES[Math.max(at - Math.max(steps, 0), 0)]!;
}

/**
 * The rules' answer for a subject at `at`: the first rule in force whose conditions hold (every
 * rule considered, with the conditions that failed), the target queue (an explicit queue ?? the
 * rule's ?? the type's default ?? the current one), branch push (customer.branch, else the
 * longest region prefix, else a place name in the address: read, never stored), the previous
 * handler to try first and the priority boost. Reads only; dispatch is the caller's.
 */
export async function decideRouting(ctx: CommandContext, subject: RoutingSubject, at: Date, options: DecideRoutingOptions = {}): Promise<RoutingPlan> {
  const rules = await rulesInTransaction(ctx.tx);
  const { rule, considered } = firstMatchingRule(rules, subject, at);
  const actions = rule?.actions ?? {};

  let queueId: string | null;
  if (options.keepQueue && subject.queueId) queueId = subject.queueId;
  else if (actions.queueId) queueId = actions.queueId;
  else if (options.currentQueueFirst && subject.queueId) queueId = subject.queueId;
  else if (subject.kind === 'case' && subject.caseType) {
    const typeDefault = options.typeDefaultQueueId !== undefined ? options.typeDefaultQueueId : await findTypeDefaultQueueId(ctx.tx, subject.caseType, options.typeVersion ?? null);
    queueId = typeDefault ?? subject.queueId;
  } else queueId = subject.queueId;

  let branch: RoutingPlan['branch'] = null;
  let departmentId = subject.departmentId;
  if (actions.pushToCustomerBranch) {
    branch = await findCustomerBranch(ctx, subject);
    if (branch) {
      departmentId = branch.id;
      queueId = (await findBranchQueueId(ctx.tx, branch.id, subject.caseType, subject.channel)) ?? queueId;
    }
  }

  let preferredUserId: string | null = null;
  if (actions.keepWithPreviousHandlerDays && subject.customerId) {
    preferredUserId = await findPreviousHandlerId(ctx.tx, subject.customerId, subject.caseId, new Date(at.getTime() - actions.keepWithPreviousHandlerDays * DAY_MS));
  }

  const queue = queueId ? ((await findQueue(ctx.tx, queueId)) ?? null) : null;
  const priorityBoost = actions.priorityBoost ?? 0;
  return {
    rule: rule ? { id: rule.id, key: rule.key, name: rule.name, version: rule.version } : null,
    rulesConsidered: considered,
    queue,
    priorityBoost,
    priority: raisePriority(options.basePriority ?? subject.priority, priorityBoost),
    requiredSkills: actions.requiredSkills ?? [],
    requiredLanguages: actions.requiredLanguages ?? [],
    branch,
    departmentId,
    preferredUserId,
  };
}

async function findCustomerBranch(ctx: CommandContext, s: RoutingSubject): Promise<RoutingPlan['branch']> {
  if (s.customerBranch) {
    const found = await findBranchByCode(ctx.tx, s.customerBranch);
    if (found) return { ...found, by: 'customer-branch' };
  }
  if (s.customerRegion) {
    const found = await findBranchByRegion(ctx.tx, s.customerRegion);
    if (found) return { ...found, by: 'customer-region' };
  }
  if (s.customerAddress) {
    const found = await findBranchByAddress(ctx.tx, s.customerAddress);
    if (found) return { ...found, by: 'customer-address' };
  }
  return null;
}
