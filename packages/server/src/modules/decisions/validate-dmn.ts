import { feelSyntaxProblem } from '../../platform/feel/index.ts';
import { SUPPORTED_EXPRESSIONS } from './boxed-expressions.ts';
import { AGGREGATIONS, HIT_POLICIES, normalizeHitPolicy } from './decision-table.ts';
import type {
  DmnContext,
  DmnDecisionTable,
  DmnDefinitions,
  DmnElement,
  DmnExpression,
  DmnFunctionDefinition,
  DmnInvocation,
  DmnKnowledgeRequirement,
  DmnList,
  DmnLiteralExpression,
  DmnRelation,
} from './dmn-elements.ts';
import { hrefId, isBusinessKnowledgeModel, isDecision } from './dmn-elements.ts';

/** One reason a model cannot be deployed, on the element it is about. */
export interface DmnProblem {
  elementId: string | null;
  problem: string;
}

const FEEL_LANGUAGES = /^(?:$|feel$|https?:\/\/www\.omg\.org\/spec\/dmn\/\d{8}\/feel\/?$)/i;

/**
 * Everything that would make a decision fail on every evaluation, found at deploy time: FEEL
 * syntax errors, unknown hit policies and aggregations, rules with the wrong number of entries,
 * requirements pointing nowhere, cycles, expression kinds Docket does not evaluate.
 */
export function findDmnProblems(definitions: DmnDefinitions, readerWarnings: string[] = []): DmnProblem[] {
  const problems: DmnProblem[] = [];
  // The reader drops what it cannot read and warns. Dropped DMN content (a duplicate id, a DMN 1.4/1.5
  // element 1.3 does not have) would change what the model means; foreign extension elements would not.
  for (const warning of readerWarnings) {
    const detail = /nested error: (duplicate ID <[^>]*>|unknown type <dmn:[^>]*>)/.exec(warning)?.[1];
    if (detail)
      problems.push({
        elementId: /duplicate ID <([^>]*)>/.exec(detail)?.[1] ?? null,
        problem: `Cannot be read: ${detail}${detail.startsWith('unknown type') ? ' (a DMN 1.4/1.5 element Docket does not evaluate; write it as FEEL)' : ''}`,
      });
  }
  const elements = definitions.drgElement ?? [];
  const byId = new Map(elements.filter((element) => element.id).map((element) => [element.id!, element]));
  const add = (element: DmnElement | undefined, problem: string) => problems.push({ elementId: element?.id ?? null, problem });
  const decisions = elements.filter(isDecision);
  if (decisions.length === 0) add(definitions, 'The model has no decision');
  // A decision's id is its key: without one, or with one twice, it cannot be versioned.
  const seen = new Set<string>();
  for (const decision of decisions) {
    if (!decision.id) add(decision, `Decision ${decision.name ?? '(unnamed)'} has no id`);
    else if (seen.has(decision.id)) add(decision, `Two decisions have the id ${decision.id}`);
    else seen.add(decision.id);
    if (!decision.name) add(decision, `Decision ${decision.id ?? ''} has no name`.replace('  ', ' '));
  }
  for (const imported of definitions.import ?? []) add(imported, 'Imported models are not supported: put the decisions in one file');

  const checkKnowledge = (owner: DmnElement, requirements: DmnKnowledgeRequirement[] | undefined) => {
    for (const requirement of requirements ?? []) {
      const target = byId.get(hrefId(requirement.requiredKnowledge) ?? '');
      if (!target) add(owner, `Requires the business knowledge model ${requirement.requiredKnowledge?.href ?? '(no href)'}, which the model does not have`);
    }
  };

  for (const decision of decisions) {
    for (const requirement of decision.informationRequirement ?? []) {
      const ref = requirement.requiredDecision ?? requirement.requiredInput;
      const target = byId.get(hrefId(ref) ?? '');
      if (!target) add(decision, `Requires ${requirement.requiredDecision ? 'the decision' : 'the input data'} ${ref?.href ?? '(no href)'}, which the model does not have`);
      else if (requirement.requiredDecision && !isDecision(target)) add(decision, `Requires ${ref?.href} as a decision, but it is a ${target.$type.replace('dmn:', '')}`);
    }
    checkKnowledge(decision, decision.knowledgeRequirement);
    if (!decision.decisionLogic) add(decision, `Decision ${decision.name} has no decision logic`);
    else checkExpression(decision.decisionLogic, add);
  }
  for (const bkm of elements.filter(isBusinessKnowledgeModel)) {
    checkKnowledge(bkm, bkm.knowledgeRequirement);
    if (bkm.encapsulatedLogic) checkExpression(bkm.encapsulatedLogic, add);
  }
  for (const cycle of requirementCycles(
    decisions.map((decision) => ({ element: decision, requires: (decision.informationRequirement ?? []).map((r) => hrefId(r.requiredDecision)).filter((id): id is string => id !== undefined) })),
  )) {
    add(cycle, `Decision ${cycle.name ?? cycle.id} requires itself through its required decisions`);
  }
  return problems;
}

function checkFeel(element: DmnElement, text: string | undefined, kind: 'expression' | 'unary-tests', what: string, add: (element: DmnElement, problem: string) => void): void {
  if (text === undefined || text.trim() === '') return;
  if (kind === 'unary-tests' && text.trim() === '-') return;
  const problem = feelSyntaxProblem(text, kind);
  if (problem) add(element, `${what} ${JSON.stringify(text.trim())} is not valid FEEL: ${problem}`);
}

function checkExpression(expression: DmnExpression, add: (element: DmnElement, problem: string) => void): void {
  if (!(SUPPORTED_EXPRESSIONS as readonly string[]).includes(expression.$type)) {
    add(expression, `${expression.$type.replace('dmn:', '')} expressions are not supported`);
    return;
  }
  switch (expression.$type) {
    case 'dmn:LiteralExpression': {
      const literal = expression as DmnLiteralExpression;
      if (literal.expressionLanguage && !FEEL_LANGUAGES.test(literal.expressionLanguage)) add(literal, `Expression language ${literal.expressionLanguage} is not supported, only FEEL`);
      else checkFeel(literal, literal.text, 'expression', 'The expression', add);
      return;
    }
    case 'dmn:DecisionTable':
      checkDecisionTable(expression as DmnDecisionTable, add);
      return;
    case 'dmn:Context':
      for (const entry of (expression as DmnContext).contextEntry ?? []) if (entry.value) checkExpression(entry.value, add);
      return;
    case 'dmn:Invocation': {
      const invocation = expression as DmnInvocation;
      if (invocation.calledFunction) checkExpression(invocation.calledFunction, add);
      else add(invocation, 'The invocation names no function');
      for (const binding of invocation.binding ?? []) if (binding.bindingFormula) checkExpression(binding.bindingFormula, add);
      return;
    }
    case 'dmn:FunctionDefinition': {
      const definition = expression as DmnFunctionDefinition;
      if (definition.kind && definition.kind !== 'FEEL') add(definition, `Function definitions of kind ${definition.kind} are not supported`);
      else if (definition.body) checkExpression(definition.body, add);
      return;
    }
    case 'dmn:List':
      for (const element of (expression as DmnList).elements ?? []) checkExpression(element, add);
      return;
    case 'dmn:Relation':
      for (const row of (expression as DmnRelation).row ?? []) for (const element of row.elements ?? []) checkExpression(element, add);
      return;
    default: {
      // DMN 1.5 boxed conditional, iterators and filter: each part holds one expression.
      const parts = expression as unknown as Record<string, { value?: DmnExpression } | undefined>;
      for (const part of ['if', 'then', 'else', 'in', 'return', 'satisfies', 'match']) {
        const value = parts[part]?.value;
        if (value) checkExpression(value, add);
      }
      if ((expression.$type === 'dmn:For' || expression.$type === 'dmn:Every' || expression.$type === 'dmn:Some') && !(expression as { iteratorVariable?: string }).iteratorVariable) {
        add(expression, `The ${expression.$type.replace('dmn:', '').toLowerCase()} iterator names no iterator variable`);
      }
      return;
    }
  }
}

function checkDecisionTable(table: DmnDecisionTable, add: (element: DmnElement, problem: string) => void): void {
  const hitPolicy = normalizeHitPolicy(table.hitPolicy);
  if (!(HIT_POLICIES as readonly string[]).includes(hitPolicy)) add(table, `Unknown hit policy ${table.hitPolicy}; DMN has ${HIT_POLICIES.join(', ')}`);
  if (table.aggregation) {
    if (!(AGGREGATIONS as readonly string[]).includes(table.aggregation.toUpperCase())) add(table, `Unknown aggregation ${table.aggregation}; DMN has ${AGGREGATIONS.join(', ')}`);
    else if (hitPolicy !== 'COLLECT') add(table, `Aggregation ${table.aggregation} needs hit policy COLLECT, not ${hitPolicy}`);
    else if ((table.output ?? []).length !== 1) add(table, `COLLECT ${table.aggregation} needs exactly one output`);
  }
  const inputs = table.input ?? [];
  const outputs = table.output ?? [];
  if (outputs.length === 0) add(table, 'The decision table has no output');
  if (outputs.length > 1 && outputs.some((output) => !output.name)) add(table, 'Every output of a table with several outputs needs a name');
  for (const input of inputs) {
    checkFeel(input.inputExpression ?? input, input.inputExpression?.text, 'expression', 'The input expression', add);
    checkFeel(input, input.inputValues?.text, 'unary-tests', 'The input values', add);
  }
  for (const output of outputs) {
    checkFeel(output, output.outputValues?.text, 'unary-tests', 'The output values', add);
    checkFeel(output.defaultOutputEntry ?? output, output.defaultOutputEntry?.text, 'expression', 'The default output', add);
  }
  for (const [index, rule] of (table.rule ?? []).entries()) {
    const ruleElement = rule.id ? rule : { ...rule, id: `${table.id ?? 'table'}-rule-${index + 1}` };
    if ((rule.inputEntry ?? []).length !== inputs.length) add(ruleElement, `Rule ${index + 1} has ${(rule.inputEntry ?? []).length} input entries for ${inputs.length} inputs`);
    if ((rule.outputEntry ?? []).length !== outputs.length) add(ruleElement, `Rule ${index + 1} has ${(rule.outputEntry ?? []).length} output entries for ${outputs.length} outputs`);
    for (const entry of rule.inputEntry ?? []) checkFeel(entry.id ? entry : ruleElement, entry.text, 'unary-tests', 'The input entry', add);
    for (const entry of rule.outputEntry ?? []) checkFeel(entry.id ? entry : ruleElement, entry.text, 'expression', 'The output entry', add);
  }
}

function requirementCycles(nodes: Array<{ element: DmnElement; requires: string[] }>): DmnElement[] {
  const byId = new Map(nodes.map((node) => [node.element.id, node]));
  const state = new Map<string | undefined, 'visiting' | 'done'>();
  const inCycle: DmnElement[] = [];
  const visit = (node: { element: DmnElement; requires: string[] }): void => {
    state.set(node.element.id, 'visiting');
    for (const id of node.requires) {
      const next = byId.get(id);
      if (!next) continue;
      if (state.get(id) === 'visiting') {
        if (!inCycle.includes(next.element)) inCycle.push(next.element);
      } else if (!state.has(id)) visit(next);
    }
    state.set(node.element.id, 'done');
  };
  for (const node of nodes) if (!state.has(node.element.id)) visit(node);
  return inCycle;
}
