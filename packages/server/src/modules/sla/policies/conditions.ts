import { evaluateFeelValue, feelSyntaxProblem } from '../../../platform/feel/index.ts';
import type { SlaConditions } from '../model.ts';
import type { SlaSubject } from './match.ts';

/** The subject names a condition looks at, as the match tester reports a failed one. */
export const SLA_CONDITION_NAMES = ['caseType', 'channel', 'priority', 'customerTier', 'riskLevel', 'tags', 'departmentId', 'expression'] as const;
export type SlaConditionName = (typeof SLA_CONDITION_NAMES)[number];

export interface ConditionsOutcome {
  matched: boolean;
  /** Every condition that does not hold (all are checked, for the tester). */
  failed: SlaConditionName[];
  /** Why the expression could not decide: a FEEL error or a value that is not a boolean. */
  error?: string;
}

/**
 * Pure: do a policy's conditions hold for a subject? All given conditions must hold; a list
 * matches any of its values; an absent or empty list matches anything. The FEEL expression must
 * give `true`: false, null, a non-boolean or a failing expression does not match.
 */
export function checkSlaConditions(c: SlaConditions, s: SlaSubject, options: { stopAtFirst?: boolean } = {}): ConditionsOutcome {
  const failed: SlaConditionName[] = [];
  const within = <T>(list: T[] | undefined, value: T | null) => !list || list.length === 0 || (value !== null && list.includes(value));
  const checks: [SlaConditionName, () => boolean][] = [
    ['caseType', () => within(c.caseTypes, s.caseType)],
    ['channel', () => within(c.channels, s.channel)],
    ['priority', () => within(c.priorities as string[] | undefined, s.priority)],
    ['customerTier', () => within(c.customerTiers, s.customerTier)],
    ['riskLevel', () => within(c.riskLevels, s.riskLevel)],
    ['tags', () => !c.tags || c.tags.length === 0 || c.tags.some((t) => s.tags.includes(t))],
    ['departmentId', () => !c.departmentIds || c.departmentIds.length === 0 || c.departmentIds.some((d) => s.departmentLineage.includes(d))],
  ];
  for (const [name, holds] of checks) {
    if (holds()) continue;
    failed.push(name);
    if (options.stopAtFirst) return { matched: false, failed };
  }
  let error: string | undefined;
  // The expression last: it is the dearest check.
  if (c.expression !== undefined && c.expression.trim() !== '') {
    const outcome = evaluateSlaExpression(c.expression, s);
    if (outcome.value !== true) {
      failed.push('expression');
      error = outcome.error;
    }
  }
  return error === undefined ? { matched: failed.length === 0, failed } : { matched: false, failed, error };
}

/** What a policy's FEEL expression sees: the subject without its department lineage. */
export function slaExpressionContext(s: SlaSubject): Record<string, unknown> {
  return {
    caseType: s.caseType,
    channel: s.channel,
    priority: s.priority,
    customerTier: s.customerTier,
    riskLevel: s.riskLevel,
    tags: s.tags,
    departmentId: s.departmentId,
    fields: s.fields,
  };
}

export function evaluateSlaExpression(expression: string, s: SlaSubject): { value: unknown; error?: string } {
  try {
    const { value, warnings } = evaluateFeelValue(expression, slaExpressionContext(s));
    if (typeof value === 'boolean') return { value };
    if (value === null) return { value, error: warnings.length > 0 ? `the expression gave null: ${warnings.join('; ')}` : 'the expression gave null, not true or false' };
    return { value, error: `the expression gave ${Array.isArray(value) ? 'a list' : typeof value}, not true or false` };
  } catch (failure) {
    return { value: null, error: (failure as Error).message };
  }
}

/** A syntax problem of a policy expression, or null when it reads. */
export function slaExpressionProblem(expression: string): string | null {
  return feelSyntaxProblem(expression, 'expression');
}
