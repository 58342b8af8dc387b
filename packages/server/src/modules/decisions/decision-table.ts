import { evaluateFeelValue, feelTypeOf, feelValuesEqual, testFeelValue } from '../../platform/feel/index.ts';
import type { DmnDecisionTable, DmnOutputClause, DmnRule } from './dmn-elements.ts';
import { DecisionEvaluationError } from './evaluation-error.ts';
import type { ItemTypes } from './item-types.ts';

/**
 * Decision tables (DMN 1.3 §8): inputs evaluated once, each rule's input entries as unary tests
 * on them, the hit policy choosing and ordering the matched rules. `matchedRules` are the rules
 * that make up the result: the single winner of UNIQUE, FIRST and PRIORITY, every agreeing hit of
 * ANY, every hit of RULE ORDER, OUTPUT ORDER (in output order) and COLLECT.
 */

export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'] as const;
export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;

export interface DecisionTableOutcome {
  value: unknown;
  /** One entry per rule in matchedRules: output name → value. */
  resultList: Array<Record<string, unknown>>;
  /** Rule ids (`rule-<n>`, 1-based, for a rule without an id). */
  matchedRules: string[];
}

interface Hit {
  rule: DmnRule;
  ruleId: string;
  outputs: unknown[];
}

export function evaluateDecisionTable(table: DmnDecisionTable, scope: Record<string, unknown>, types: ItemTypes, resultName: string): DecisionTableOutcome {
  const inputs = table.input ?? [];
  const outputs = table.output ?? [];
  const tableId = table.id ?? null;
  const inputValues = inputs.map((clause, i) => {
    const text = clause.inputExpression?.text;
    const raw = text && text.trim() !== '' ? evaluateFeelValue(text, scope).value : null;
    const value = types.coerce(raw, clause.inputExpression?.typeRef);
    const allowed = clause.inputValues?.text;
    if (allowed && allowed.trim() !== '' && value !== null && testFeelValue(allowed, value, scope) !== true) {
      throw new DecisionEvaluationError(`Input ${clause.label ?? text ?? i + 1} is ${describe(value)}, not one of its allowed values ${allowed.trim()}`, clause.id ?? tableId);
    }
    return value;
  });

  const hits: Hit[] = [];
  for (const [index, rule] of (table.rule ?? []).entries()) {
    const entries = rule.inputEntry ?? [];
    const matches = inputValues.every((value, i) => {
      const test = entries[i]?.text;
      if (test === undefined || test.trim() === '' || test.trim() === '-') return true;
      return testFeelValue(test, value, scope) === true;
    });
    if (!matches) continue;
    const ruleId = rule.id ?? `rule-${index + 1}`;
    hits.push({ rule, ruleId, outputs: outputs.map((clause, i) => outputValueOf(clause, rule.outputEntry?.[i]?.text, scope, types, rule.outputEntry?.[i]?.id ?? ruleId)) });
  }

  const names = outputs.map((clause, i) => (outputs.length === 1 ? (clause.name ?? resultName) : (clause.name ?? `output${i + 1}`)));
  const rowValue = (values: unknown[]): unknown => (outputs.length === 1 ? values[0] : Object.fromEntries(names.map((name, i) => [name, values[i]])));
  const rowEntry = (values: unknown[]): Record<string, unknown> => Object.fromEntries(names.map((name, i) => [name, values[i]]));
  const outcome = (chosen: Hit[], value: unknown): DecisionTableOutcome => ({ value, matchedRules: chosen.map((hit) => hit.ruleId), resultList: chosen.map((hit) => rowEntry(hit.outputs)) });

  const hitPolicy = normalizeHitPolicy(table.hitPolicy);
  if (hits.length === 0) return noMatch(outputs, names, scope, types, hitPolicy, table.aggregation);

  switch (hitPolicy) {
    case 'UNIQUE':
      if (hits.length > 1) throw new DecisionEvaluationError(`Hit policy UNIQUE, but ${hits.length} rules match: ${hits.map((hit) => hit.ruleId).join(', ')}`, tableId);
      return outcome(hits, rowValue(hits[0]!.outputs));
    case 'ANY': {
      const first = rowValue(hits[0]!.outputs);
      const disagreeing = hits.find((hit) => !feelValuesEqual(rowValue(hit.outputs), first));
      if (disagreeing) throw new DecisionEvaluationError(`Hit policy ANY, but rules ${hits[0]!.ruleId} and ${disagreeing.ruleId} match with different outputs`, tableId);
      return outcome(hits, first);
    }
    case 'FIRST':
      return outcome([hits[0]!], rowValue(hits[0]!.outputs));
    case 'PRIORITY': {
      const sorted = byPriority(hits, outputs, scope);
      return outcome([sorted[0]!], rowValue(sorted[0]!.outputs));
    }
    case 'OUTPUT ORDER': {
      const sorted = byPriority(hits, outputs, scope);
      return outcome(
        sorted,
        sorted.map((hit) => rowValue(hit.outputs)),
      );
    }
    case 'RULE ORDER':
      return outcome(
        hits,
        hits.map((hit) => rowValue(hit.outputs)),
      );
    case 'COLLECT': {
      const values = hits.map((hit) => rowValue(hit.outputs));
      if (!table.aggregation) return outcome(hits, values);
      if (outputs.length !== 1) throw new DecisionEvaluationError(`COLLECT ${table.aggregation} needs exactly one output, the table has ${outputs.length}`, tableId);
      return outcome(hits, aggregate(table.aggregation, values, tableId));
    }
    default:
      throw new DecisionEvaluationError(`Unknown hit policy ${table.hitPolicy}`, tableId);
  }
}

export function normalizeHitPolicy(hitPolicy: string | undefined): string {
  if (!hitPolicy) return 'UNIQUE';
  const upper = hitPolicy.trim().toUpperCase().replace(/_/g, ' ');
  return upper;
}

function outputValueOf(clause: DmnOutputClause, text: string | undefined, scope: Record<string, unknown>, types: ItemTypes, elementId: string): unknown {
  const raw = text && text.trim() !== '' ? evaluateFeelValue(text, scope).value : null;
  const value = types.coerce(raw, clause.typeRef);
  const allowed = clause.outputValues?.text;
  if (allowed && allowed.trim() !== '' && value !== null && testFeelValue(allowed, value, scope) !== true) {
    throw new DecisionEvaluationError(`Output ${clause.name ?? clause.label ?? ''} is ${describe(value)}, not one of its allowed values ${allowed.trim()}`.replace('  ', ' '), elementId);
  }
  return value;
}

/** With no hit: the default output entries, or null (DMN 1.3 §8.2.11); COLLECT COUNT counts none. */
function noMatch(outputs: DmnOutputClause[], names: string[], scope: Record<string, unknown>, types: ItemTypes, hitPolicy: string, aggregation: string | undefined): DecisionTableOutcome {
  const hasDefault = outputs.some((clause) => clause.defaultOutputEntry?.text && clause.defaultOutputEntry.text.trim() !== '');
  if (!hasDefault) return { value: hitPolicy === 'COLLECT' && aggregation === 'COUNT' ? 0 : null, resultList: [], matchedRules: [] };
  const values = outputs.map((clause) => {
    const text = clause.defaultOutputEntry?.text;
    return types.coerce(text && text.trim() !== '' ? evaluateFeelValue(text, scope).value : null, clause.typeRef);
  });
  const value = outputs.length === 1 ? values[0] : Object.fromEntries(names.map((name, i) => [name, values[i]]));
  return { value, resultList: [Object.fromEntries(names.map((name, i) => [name, values[i]]))], matchedRules: [] };
}

/** PRIORITY and OUTPUT ORDER: by the position of each output in its outputValues, first output first; ties keep rule order. */
function byPriority(hits: Hit[], outputs: DmnOutputClause[], scope: Record<string, unknown>): Hit[] {
  const orders = outputs.map((clause) => listedValues(clause.outputValues?.text, scope));
  const rank = (hit: Hit) =>
    hit.outputs.map((value, i) => {
      const order = orders[i];
      if (!order) return 0;
      const position = order.findIndex((listed) => feelValuesEqual(listed, value));
      return position === -1 ? order.length : position;
    });
  return hits
    .map((hit, index) => ({ hit, index, rank: rank(hit) }))
    .sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i]! - b.rank[i]!;
      return a.index - b.index;
    })
    .map((entry) => entry.hit);
}

function listedValues(text: string | undefined, scope: Record<string, unknown>): unknown[] | null {
  if (!text || text.trim() === '') return null;
  const listed = evaluateFeelValue(`[${text}]`, scope).value;
  return Array.isArray(listed) ? listed : null;
}

function aggregate(aggregation: string, values: unknown[], tableId: string | null): unknown {
  const present = values.filter((value) => value !== null && value !== undefined);
  switch (aggregation.toUpperCase()) {
    case 'COUNT':
      return present.length;
    case 'SUM': {
      if (present.length === 0) return null;
      if (!present.every((value) => typeof value === 'number')) throw new DecisionEvaluationError('COLLECT SUM over values that are not all numbers', tableId);
      return (present as number[]).reduce((sum, value) => sum + value, 0);
    }
    case 'MIN':
    case 'MAX': {
      if (present.length === 0) return null;
      const max = aggregation.toUpperCase() === 'MAX';
      const expression = `${max ? 'max' : 'min'}(values)`;
      const result = evaluateFeelValue(expression, { values: present }).value;
      if (result === null) throw new DecisionEvaluationError(`COLLECT ${aggregation} over values that cannot be compared`, tableId);
      return result;
    }
    default:
      throw new DecisionEvaluationError(`Unknown aggregation ${aggregation}`, tableId);
  }
}

function describe(value: unknown): string {
  const type = feelTypeOf(value);
  return type === 'string' ? JSON.stringify(value) : type === 'number' || type === 'boolean' ? String(value) : `a ${type}`;
}
