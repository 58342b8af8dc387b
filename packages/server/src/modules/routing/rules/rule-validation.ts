import type { Db, Tx } from '../../../platform/db/database.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import type { RuleActions, RuleConditions } from '../model.ts';
import { ruleFeelProblem } from './rule-conditions.ts';
import { findExistingCaseTypes, findExistingQueueIds } from './rule-store.ts';

/**
 * What the schema cannot say about a rule, each problem named by its field: a FEEL expression
 * that does not parse (the parser's message), case types and a queue that do not exist, an
 * end before the start.
 */
export async function findRoutingRuleProblems(tx: Db | Tx, rule: { conditions: RuleConditions; actions: RuleActions; effectiveFrom: Date; effectiveTo: Date | null }): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const { conditions, actions } = rule;
  if (conditions.feel !== undefined) {
    const problem = ruleFeelProblem(conditions.feel);
    if (problem) errors.push({ field: 'conditions.feel', reason: `FEEL: ${problem}`, code: 'feel-syntax' });
  }
  const caseTypes = [...new Set(conditions.caseTypes ?? [])];
  if (caseTypes.length > 0) {
    const known = await findExistingCaseTypes(tx, caseTypes);
    const unknown = caseTypes.filter((k) => !known.has(k));
    if (unknown.length > 0) errors.push({ field: 'conditions.caseTypes', reason: `no case type ${unknown.join(', ')}`, code: 'unknown-reference', params: { value: unknown.join(', ') } });
  }
  if (actions.queueId !== undefined && !(await findExistingQueueIds(tx, [actions.queueId])).has(actions.queueId)) {
    errors.push({ field: 'actions.queueId', reason: `no queue ${actions.queueId}`, code: 'unknown-reference', params: { value: actions.queueId } });
  }
  if (rule.effectiveTo && rule.effectiveTo.getTime() <= rule.effectiveFrom.getTime()) {
    errors.push({ field: 'effectiveTo', reason: 'must be after effectiveFrom', code: 'out-of-range' });
  }
  return errors;
}
