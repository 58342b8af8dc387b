import { evaluateFeelValue, feelSyntaxProblem } from '../../../platform/feel/index.ts';
import type { RoutingRuleRow, RoutingSubject, RuleConditions } from '../model.ts';

/** A condition that did not hold, with the value the subject had (never the address: it is not a condition). */
export interface FailedCondition {
  condition: keyof RuleConditions | 'enabled' | 'appliesTo' | 'effectiveFrom' | 'effectiveTo';
  actual: unknown;
}

const within = (list: string[] | undefined, value: string | null) => !list || list.length === 0 || (value !== null && list.includes(value));

/**
 * Pure: every condition of a rule that does not hold for a subject (all are checked, so the
 * explanation names each). A list holds when any entry matches; an absent or empty list holds.
 * Region conditions are GB/T 2260 prefixes (1101 holds for 110108). The FEEL expression must
 * give true: false, null, another value or an error does not hold.
 */
export function failedConditions(c: RuleConditions, s: RoutingSubject): FailedCondition[] {
  const failed: FailedCondition[] = [];
  const check = (condition: keyof RuleConditions, holds: boolean, actual: unknown) => {
    if (!holds) failed.push({ condition, actual });
  };
  check('caseTypes', within(c.caseTypes, s.caseType), s.caseType);
  check('channels', within(c.channels, s.channel), s.channel);
  check('sources', within(c.sources, s.source), s.source);
  check('categories', within(c.categories, s.category), s.category);
  check('products', within(c.products, s.product), s.product);
  check('customerTiers', within(c.customerTiers, s.customerTier), s.customerTier);
  check('tags', !c.tags || c.tags.length === 0 || c.tags.some((t) => s.tags.includes(t)), s.tags);
  check('customerRegions', !c.customerRegions || c.customerRegions.length === 0 || (s.customerRegion !== null && c.customerRegions.some((p) => s.customerRegion!.startsWith(p))), s.customerRegion);
  check('customerBranches', within(c.customerBranches, s.customerBranch), s.customerBranch);
  check('riskLevels', within(c.riskLevels, s.riskLevel), s.riskLevel);
  check('slaStates', within(c.slaStates, s.slaState), s.slaState);
  check('priorities', within(c.priorities, s.priority), s.priority);
  check('processKeys', within(c.processKeys, s.processKey), s.processKey);
  check('taskElementIds', within(c.taskElementIds, s.taskElementId), s.taskElementId);
  // The expression last: it is the dearest check.
  if (c.feel !== undefined && c.feel.trim() !== '') {
    const value = evaluateRuleFeel(c.feel, s);
    if (value !== true) failed.push({ condition: 'feel', actual: value });
  }
  return failed;
}

/** What a rule's FEEL expression sees: the subject without the address (personal data). */
export function ruleFeelContext(s: RoutingSubject): Record<string, unknown> {
  return {
    kind: s.kind,
    caseType: s.caseType,
    channel: s.channel,
    source: s.source,
    priority: s.priority,
    tags: s.tags,
    slaState: s.slaState,
    fields: { category: s.category, product: s.product, riskLevel: s.riskLevel },
    customer: { id: s.customerId, tier: s.customerTier, region: s.customerRegion, branch: s.customerBranch },
    departmentId: s.departmentId,
    processKey: s.processKey,
    taskElementId: s.taskElementId,
  };
}

function evaluateRuleFeel(expression: string, s: RoutingSubject): unknown {
  try {
    return evaluateFeelValue(expression, ruleFeelContext(s)).value;
  } catch (failure) {
    return `error: ${(failure as Error).message}`;
  }
}

/** A syntax problem of a rule's FEEL expression (the parser's message), or null when it reads. */
export function ruleFeelProblem(expression: string): string | null {
  return feelSyntaxProblem(expression, 'expression');
}

/** Pure: why a rule is not considered at `at` at all (disabled, for the other kind, not in force), or nothing. */
export function ruleOutOfForce(rule: Pick<RoutingRuleRow, 'enabled' | 'appliesTo' | 'effectiveFrom' | 'effectiveTo'>, kind: RoutingSubject['kind'], at: Date): FailedCondition[] {
  const failed: FailedCondition[] = [];
  if (!rule.enabled) failed.push({ condition: 'enabled', actual: false });
  if (rule.appliesTo !== kind) failed.push({ condition: 'appliesTo', actual: kind });
  if (rule.effectiveFrom.getTime() > at.getTime()) failed.push({ condition: 'effectiveFrom', actual: at.toISOString() });
  if (rule.effectiveTo && rule.effectiveTo.getTime() <= at.getTime()) failed.push({ condition: 'effectiveTo', actual: at.toISOString() });
  return failed;
}

export interface RuleConsidered {
  key: string;
  name: string;
  matched: boolean;
  failed: FailedCondition[];
}

/**
 * Pure: the first rule in position order (rules given sorted) that is in force and whose
 * conditions all hold, and every rule considered up to it with the conditions that failed.
 * Disabled rules and rules of the other kind are left out of the explanation.
 */
export function firstMatchingRule(rules: RoutingRuleRow[], subject: RoutingSubject, at: Date): { rule: RoutingRuleRow | null; considered: RuleConsidered[] } {
  const considered: RuleConsidered[] = [];
  for (const rule of rules) {
    if (!rule.enabled || rule.appliesTo !== subject.kind) continue;
    const failed = [...ruleOutOfForce(rule, subject.kind, at), ...failedConditions(rule.conditions, subject)];
    considered.push({ key: rule.key, name: rule.name, matched: failed.length === 0, failed });
    if (failed.length === 0) return { rule, considered };
  }
  return { rule: null, considered };
}
