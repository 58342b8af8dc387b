import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { evaluateFeel } from '../../../platform/feel/index.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { findSystemActorOrThrow } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { evaluateDeployedDecision } from '../../decisions/index.ts';
import { findRuleById } from '../rules/store.ts';
import { renderAction, runAction, type EngineSettings } from './actions.ts';
import type { ActionOutcome, AutomationRun, Rule, RuleCondition, RunStatus, RunSubject, RunTrigger } from './model.ts';
import { actionSavepoint, claimRun, findRun, findRunOfOccurrence, finishRun } from './run-store.ts';
import { isDepartmentWithin } from './subject-types.ts';
import { actingPrincipal, conditionContext, loadOwnerPrincipal, loadSubjectForOwner } from './subject-context.ts';

/** The rule by id, deleted or not (a job may outlive its rule: the runner then does nothing). */
export async function loadRule(tx: Tx | Db, id: string): Promise<Rule | undefined> {
  return findRuleById(tx, id);
}

/**
 * The chain of rule-caused changes a transaction is in: set while a rule's actions run, read by
 * the event subscriber so the runs it enqueues carry the chain on (loop protection). Keyed by the
 * transaction: a job batch runs its jobs one after another in one transaction.
 */
const chainOfTransaction = new WeakMap<object, string[]>();
export function chainOf(tx: object): string[] | undefined {
  return chainOfTransaction.get(tx);
}

/** The longest chain followed at all, whatever the rules' limits: a cycle through many rules ends too. */
export const MAX_CHAIN_LENGTH = 50;

export interface RunRuleOptions extends EngineSettings {
  /** Renders each action's parameters into the run (a dry-run's answer; never stored). */
  withRenderedActions?: boolean;
  /** Skips effects outside the database (a connector call): the dry-run rolls back the rest. */
  dryRun?: boolean;
}

export interface RunResult extends AutomationRun {
  /** True when the occurrence had already run: the run returned is that earlier one. */
  alreadyRan?: boolean;
  /** Dry-run only: what each action would do, rendered as the owner reads the subject. */
  rendered?: { index: number; type: string; params: Record<string, unknown> }[];
}

const key = (ruleId: string, subjectId: string | null) => `${ruleId}:${subjectId ?? '-'}`;

/**
 * Runs one rule's condition and actions on one subject in the caller's transaction, as
 * system:automation on behalf of the rule's owner: records the automation.run row (once per
 * occurrence when the trigger carries one), audits it, publishes automation.rule-ran, and returns
 * the run. Each action runs in a savepoint and is bounded by the owner's policy; a refused action
 * is recorded `refused`. A rule that ran on the same subject more than its loop limit earlier in
 * the same chain is not run: `loop-stopped`.
 */
export async function runRule(ctx: CommandContext, rule: Rule, subject: RunSubject, trigger: RunTrigger, options: RunRuleOptions = {}): Promise<RunResult> {
  const chain = trigger.chain ?? [];
  const runId = newId();
  const occurrence = trigger.occurrence ?? null;
  if (occurrence !== null) {
    const earlier = await findRunOfOccurrence(ctx.tx, rule.id, subject.id, occurrence);
    if (earlier) return { ...earlier, alreadyRan: true };
  }
  const claimed = await claimRun(ctx.tx, {
    id: runId,
    ruleId: rule.id,
    ruleVersion: rule.currentVersion,
    triggerKind: trigger.kind,
    triggerDetail: trigger.detail,
    subjectType: subject.type,
    subjectId: subject.id,
    occurrence,
    depth: chain.length,
    startedAt: ctx.now,
  });
  if (!claimed) {
    const earlier = occurrence === null ? undefined : await findRunOfOccurrence(ctx.tx, rule.id, subject.id, occurrence);
    if (earlier) return { ...earlier, alreadyRan: true };
    throw new Error(`automation run ${runId} could not be recorded`);
  }

  const outcome = await decideAndAct(ctx, rule, subject, trigger, runId, options);
  await finishRun(ctx.tx, runId, { status: outcome.status, detail: outcome.detail, actions: outcome.actions, finishedAt: ctx.now });
  const audit = { ...ctx, onBehalfOf: rule.ownerId, channel: 'automation' };
  if (outcome.status === 'loop-stopped') {
    await recordAuditEvent(audit, {
      action: 'automation.loop-stopped',
      targetType: 'automation-rule',
      targetId: rule.id,
      caseId: subject.type === 'case' ? subject.id : null,
      data: { key: rule.key, runId, subjectType: subject.type, subjectId: subject.id, loopLimit: rule.loopLimit, depth: chain.length },
    });
  }
  await recordAuditEvent(audit, {
    action: 'automation.rule-ran',
    targetType: 'automation-rule',
    targetId: rule.id,
    caseId: subject.type === 'case' ? subject.id : null,
    data: {
      key: rule.key,
      version: rule.currentVersion,
      runId,
      status: outcome.status,
      trigger: trigger.detail,
      occurrence,
      subjectType: subject.type,
      subjectId: subject.id,
      actions: outcome.actions.map((a) => ({ type: a.type, status: a.status })),
    },
  });
  await ctx.publish(
    domainEvent('automation.rule-ran', 'automation-rule', rule.id, {
      runId,
      ruleId: rule.id,
      ruleVersion: rule.currentVersion,
      subjectType: subject.type,
      subjectId: subject.id,
      status: outcome.status,
    }),
  );
  const run = (await findRun(ctx.tx, runId))!;
  return outcome.rendered ? { ...run, rendered: outcome.rendered } : run;
}

interface Outcome {
  status: RunStatus;
  detail: string | null;
  actions: ActionOutcome[];
  rendered?: RunResult['rendered'];
}

async function decideAndAct(ctx: CommandContext, rule: Rule, subject: RunSubject, trigger: RunTrigger, runId: string, options: RunRuleOptions): Promise<Outcome> {
  const chain = trigger.chain ?? [];
  const here = key(rule.id, subject.id);
  const before = chain.filter((entry) => entry === here).length;
  if (before > rule.loopLimit || chain.length >= MAX_CHAIN_LENGTH) {
    return {
      status: 'loop-stopped',
      detail: `the rule ran ${before} times on this subject in one chain of rule-caused changes; its loop limit is ${rule.loopLimit}`,
      actions: [],
    };
  }
  const owner = await loadOwnerPrincipal(ctx, rule.ownerId, rule.id);
  if (!owner) return { status: 'failed', detail: 'the rule’s owner is no longer an active person', actions: [] };
  const loaded = await loadSubjectForOwner(ctx, owner, subject);
  if (!loaded) return { status: 'skipped', detail: 'the rule’s owner may not read the subject, or it no longer exists', actions: [] };
  if (rule.departmentIds.length > 0 && !(loaded.departmentId !== null && (await isDepartmentWithin(ctx.tx, loaded.departmentId, rule.departmentIds)))) {
    return { status: 'skipped', detail: 'the subject is outside the departments the rule is enabled in', actions: [] };
  }
  const context = conditionContext(loaded, trigger, rule);
  let matched: boolean;
  try {
    matched = await isConditionMet(ctx, rule.condition, context);
  } catch (error) {
    if (error instanceof Problem) return { status: 'failed', detail: `the condition could not be evaluated: ${error.detail ?? error.title}`.slice(0, 500), actions: [] };
    return { status: 'failed', detail: `the condition could not be evaluated: ${(error as Error).message}`.slice(0, 500), actions: [] };
  }
  if (!matched) return { status: 'skipped', detail: 'the condition is not met', actions: [] };

  const system = ctx.actor.username === 'system:automation' ? ctx.actor : await findSystemActorOrThrow(ctx.tx, 'system:automation');
  const asAutomation = { onBehalfOf: owner.userId, channel: 'automation' };
  const scope = {
    acting: { ...ctx, ...asAutomation, actor: actingPrincipal(system, owner) },
    system: { ...ctx, ...asAutomation, actor: system },
    owner,
    rule,
    runId,
    subject: loaded,
    context,
    dryRun: options.dryRun ?? false,
    settings: options,
  };
  const rendered = options.withRenderedActions ? rule.actions.map((action, index) => ({ index, type: action.type, params: renderAction(action, context) })) : undefined;
  const actions: ActionOutcome[] = [];
  const previous = chainOfTransaction.get(ctx.tx);
  chainOfTransaction.set(ctx.tx, [...chain, here]);
  try {
    for (const [index, action] of rule.actions.entries()) {
      await actionSavepoint.begin(ctx.tx);
      let result: ActionOutcome;
      try {
        result = await runAction(scope, action, index);
      } catch (error) {
        await actionSavepoint.rollback(ctx.tx);
        throw error;
      }
      if (result.status === 'done' || result.status === 'skipped') await actionSavepoint.release(ctx.tx);
      else await actionSavepoint.rollback(ctx.tx);
      actions.push(result);
    }
  } finally {
    if (previous) chainOfTransaction.set(ctx.tx, previous);
    else chainOfTransaction.delete(ctx.tx);
  }
  const failed = actions.filter((a) => a.status === 'failed' || a.status === 'refused');
  return {
    status: failed.length === 0 ? 'succeeded' : 'failed',
    detail: failed.length === 0 ? null : `${failed.length} of ${actions.length} actions did not complete`,
    actions,
    rendered,
  };
}

/** FEEL: the expression's value is true. DMN: the decision's `match` output (or its first output) is true. */
export async function isConditionMet(ctx: CommandContext, condition: RuleCondition, context: Record<string, unknown>): Promise<boolean> {
  switch (condition.kind) {
    case 'always':
      return true;
    case 'feel':
      return evaluateFeel(condition.expression, context) === true;
    case 'dmn': {
      const evaluation = await evaluateDeployedDecision(ctx.tx, condition.decisionKey, context);
      const first = evaluation.resultList[0];
      if (first === undefined) return false;
      if ('match' in first) return first.match === true;
      return Object.values(first)[0] === true;
    }
  }
}
