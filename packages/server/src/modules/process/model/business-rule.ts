import type { BusinessRuleDef } from '../graph.ts';
import { readStaticOrExpression } from './expressions.ts';
import { type ModdleElement, extensionOf, stringOf } from './moddle-element.ts';
import type { ElementReadContext } from './read-context.ts';
import { camundaStyleAttribute } from './vendor-attributes.ts';

const MAP_DECISION_RESULT = ['singleEntry', 'singleResult', 'collectEntries', 'resultList'] as const;

/**
 * The decision a business-rule task evaluates and how its result is stored. Camunda 7 names the
 * shape (`mapDecisionResult`, default resultList). Zeebe stores the decision's own result: for
 * the usual single-output, single-hit table that is the output's value, Camunda 7's singleEntry.
 * (A multi-output or COLLECT table under Zeebe would need the decision's native result; the graph
 * has no such mapping yet.)
 */
export function readBusinessRule(element: ModdleElement, context: ElementReadContext): BusinessRuleDef | undefined {
  const docket = extensionOf(element, 'docket:Decision');
  const zeebe = extensionOf(element, 'zeebe:CalledDecision');
  const rawRef = stringOf(docket, 'decisionRef') ?? stringOf(zeebe, 'decisionId') ?? camundaStyleAttribute(element, 'decisionRef');
  if (!rawRef?.trim()) return undefined;
  const decisionRef = readStaticOrExpression({ diagnostics: context.diagnostics, elementId: context.elementId, what: 'decision reference' }, rawRef) ?? { static: rawRef.trim() };
  const rawMap = stringOf(docket, 'mapDecisionResult') ?? camundaStyleAttribute(element, 'mapDecisionResult') ?? (zeebe ? 'singleEntry' : 'resultList');
  if (!(MAP_DECISION_RESULT as readonly string[]).includes(rawMap)) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', `mapDecisionResult must be one of ${MAP_DECISION_RESULT.join(', ')}; it is "${rawMap}".`);
  }
  return {
    decisionRef,
    resultVariable: (stringOf(docket, 'resultVariable') ?? stringOf(zeebe, 'resultVariable') ?? camundaStyleAttribute(element, 'resultVariable'))?.trim() || null,
    mapDecisionResult: (MAP_DECISION_RESULT as readonly string[]).includes(rawMap) ? (rawMap as BusinessRuleDef['mapDecisionResult']) : 'resultList',
  };
}
