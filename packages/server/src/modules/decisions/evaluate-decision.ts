import { feelFunction, toJsonValue } from '../../platform/feel/index.ts';
import { evaluateExpression, functionOf } from './boxed-expressions.ts';
import { evaluateDecisionTable } from './decision-table.ts';
import {
  type DmnBusinessKnowledgeModel,
  type DmnDecision,
  type DmnDecisionService,
  type DmnDecisionTable,
  type DmnDefinitions,
  type DmnElement,
  type DmnInputData,
  type DmnRequirementRef,
  hrefId,
  isBusinessKnowledgeModel,
  isDecision,
  isDecisionService,
  isInputData,
} from './dmn-elements.ts';
import { DecisionEvaluationError } from './evaluation-error.ts';
import { type ItemTypes, itemTypesOf } from './item-types.ts';

/**
 * A decision requirement graph ready to evaluate: its decisions, input data and business
 * knowledge models by id and name. Built once per deployment and kept (deployments are
 * immutable), evaluated many times.
 */
export interface DecisionModel {
  definitions: DmnDefinitions;
  decisions: DmnDecision[];
  types: ItemTypes;
  byId: Map<string, DmnElement>;
  decisionByName: Map<string, DmnDecision>;
  knowledgeModels: DmnBusinessKnowledgeModel[];
  decisionServices: DmnDecisionService[];
}

export function decisionModelOf(definitions: DmnDefinitions): DecisionModel {
  const elements = definitions.drgElement ?? [];
  const byId = new Map<string, DmnElement>();
  for (const element of elements) if (element.id) byId.set(element.id, element);
  const decisions = elements.filter(isDecision);
  return {
    definitions,
    decisions,
    types: itemTypesOf(definitions.itemDefinition),
    byId,
    decisionByName: new Map(decisions.map((decision) => [decision.name, decision])),
    knowledgeModels: elements.filter(isBusinessKnowledgeModel),
    decisionServices: elements.filter(isDecisionService),
  };
}

export interface DecisionOutcome {
  /** The decision's value in FEEL terms (dates stay dates); `toJsonValue` for the API. */
  value: unknown;
  resultList: Array<Record<string, unknown>>;
  matchedRules: string[];
}

/**
 * Evaluates one decision: the decisions it requires first (each once), their values and the
 * input data in its context by name. Every variable given is in the context too, so a table
 * modelled the Camunda way (input expressions naming process variables, no input data) works.
 */
export function evaluateDecision(model: DecisionModel, decisionIdOrName: string, variables: Record<string, unknown>): DecisionOutcome {
  const decision = findDecision(model, decisionIdOrName);
  if (!decision) throw new DecisionEvaluationError(`The model has no decision ${decisionIdOrName}`);
  const evaluation = new DrgEvaluation(model, variables);
  return evaluation.outcomeOf(decision);
}

export function findDecision(model: DecisionModel, idOrName: string): DmnDecision | undefined {
  const byId = model.byId.get(idOrName);
  return byId && isDecision(byId) ? byId : model.decisionByName.get(idOrName);
}

/**
 * A decision service (DMN 1.3 §10.4) as a function: its input decisions, then its input data,
 * are the parameters; its value is the output decision's, or a context of the output decisions'
 * values by name when there are several.
 */
export function invokeDecisionService(model: DecisionModel, service: DmnDecisionService, args: Record<string, unknown>): unknown {
  const resolve = (refs: DmnRequirementRef[] | undefined) => (refs ?? []).map((ref) => model.byId.get(hrefId(ref) ?? '')).filter((element): element is DmnElement => element !== undefined);
  const inputDecisions = resolve(service.inputDecision).filter(isDecision);
  const evaluation = new DrgEvaluation(model, args);
  for (const decision of inputDecisions) evaluation.preset(decision, Object.hasOwn(args, decision.name) ? args[decision.name] : null);
  const outputs = resolve(service.outputDecision).filter(isDecision);
  if (outputs.length === 1) return evaluation.valueOfDecision(outputs[0]!);
  return Object.fromEntries(outputs.map((decision) => [decision.name, evaluation.valueOfDecision(decision)]));
}

export function decisionServiceParameters(model: DecisionModel, service: DmnDecisionService): string[] {
  const names = (refs: DmnRequirementRef[] | undefined) => (refs ?? []).map((ref) => model.byId.get(hrefId(ref) ?? '')?.name).filter((name): name is string => name !== undefined);
  return [...names(service.inputDecision), ...names(service.inputData)];
}

class DrgEvaluation {
  private readonly values = new Map<DmnDecision, unknown>();
  private readonly inProgress = new Set<DmnDecision>();
  private readonly functions: Record<string, unknown> = {};

  constructor(
    private readonly model: DecisionModel,
    private readonly variables: Record<string, unknown>,
  ) {
    // Business knowledge models see each other (and their parameters), not the decisions' inputs.
    for (const bkm of model.knowledgeModels) {
      const logic = bkm.encapsulatedLogic;
      this.functions[bkm.name] = logic ? functionOf(logic, this.functions, model.types, bkm.name) : feelFunction(() => null, []);
    }
    for (const service of model.decisionServices) {
      const parameters = decisionServiceParameters(model, service);
      this.functions[service.name] = feelFunction((...args: unknown[]) => invokeDecisionService(model, service, Object.fromEntries(parameters.map((name, i) => [name, args[i] ?? null]))), parameters);
    }
  }

  /** A decision's value given from outside (a decision service's input decision). */
  preset(decision: DmnDecision, value: unknown): void {
    this.values.set(decision, value);
  }

  valueOfDecision(decision: DmnDecision): unknown {
    return this.valueOf(decision);
  }

  outcomeOf(decision: DmnDecision): DecisionOutcome {
    const scope = this.scopeOf(decision);
    const logic = decision.decisionLogic;
    if (logic?.$type === 'dmn:DecisionTable') {
      const table = evaluateDecisionTable(logic as DmnDecisionTable, scope, this.model.types, decision.variable?.name ?? decision.name);
      return { ...table, value: this.model.types.coerce(table.value, decision.variable?.typeRef) };
    }
    const value = this.model.types.coerce(evaluateExpression(logic, scope, this.model.types, decision.name), decision.variable?.typeRef);
    return { value, resultList: [{ [decision.variable?.name ?? decision.name]: value }], matchedRules: [] };
  }

  private valueOf(decision: DmnDecision): unknown {
    if (this.values.has(decision)) return this.values.get(decision);
    if (this.inProgress.has(decision)) throw new DecisionEvaluationError(`Decision ${decision.name} requires itself`, decision.id ?? null);
    this.inProgress.add(decision);
    const value = this.outcomeOf(decision).value;
    this.inProgress.delete(decision);
    this.values.set(decision, value);
    return value;
  }

  private scopeOf(decision: DmnDecision): Record<string, unknown> {
    const scope: Record<string, unknown> = { ...this.variables, ...this.functions };
    for (const requirement of decision.informationRequirement ?? []) {
      const required = this.requiredElement(hrefId(requirement.requiredDecision) ?? hrefId(requirement.requiredInput), decision);
      if (isDecision(required)) scope[required.name] = this.valueOf(required);
      else if (isInputData(required)) scope[required.name] = this.inputValue(required);
    }
    return scope;
  }

  private inputValue(input: DmnInputData): unknown {
    const given = Object.hasOwn(this.variables, input.name) ? this.variables[input.name] : null;
    return this.model.types.coerce(given, input.variable?.typeRef);
  }

  private requiredElement(id: string | undefined, decision: DmnDecision): DmnElement {
    const element = id === undefined ? undefined : this.model.byId.get(id);
    if (!element) throw new DecisionEvaluationError(`Decision ${decision.name} requires ${id ?? 'an element without a reference'}, which the model does not have`, decision.id ?? null);
    return element;
  }
}

/** The outcome as JSON, for the API and the process engine's variables. */
export function outcomeAsJson(outcome: DecisionOutcome): DecisionOutcome {
  return {
    value: toJsonValue(outcome.value),
    resultList: outcome.resultList.map((entry) => toJsonValue(entry) as Record<string, unknown>),
    matchedRules: outcome.matchedRules,
  };
}
