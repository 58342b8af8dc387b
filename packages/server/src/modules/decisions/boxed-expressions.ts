import { evaluateFeelValue, feelFunction, invokeFeelFunction } from '../../platform/feel/index.ts';
import type {
  DmnConditional,
  DmnContext,
  DmnDecisionTable,
  DmnExpression,
  DmnFilter,
  DmnFunctionDefinition,
  DmnInvocation,
  DmnIterator,
  DmnList,
  DmnLiteralExpression,
  DmnRelation,
} from './dmn-elements.ts';
import { evaluateDecisionTable } from './decision-table.ts';
import { DecisionEvaluationError } from './evaluation-error.ts';
import type { ItemTypes } from './item-types.ts';

/**
 * Boxed expressions (DMN 1.3 §10.2): literal expressions, contexts, invocations, function
 * definitions, lists, relations and decision tables, each evaluated in a FEEL context `scope`.
 */

export const SUPPORTED_EXPRESSIONS = ['dmn:LiteralExpression', 'dmn:DecisionTable', 'dmn:Context', 'dmn:Invocation', 'dmn:FunctionDefinition', 'dmn:List', 'dmn:Relation'] as const;

export function evaluateExpression(expression: DmnExpression | undefined, scope: Record<string, unknown>, types: ItemTypes, resultName: string): unknown {
  if (!expression) return null;
  switch (expression.$type) {
    case 'dmn:LiteralExpression': {
      const text = (expression as DmnLiteralExpression).text;
      return text && text.trim() !== '' ? evaluateFeelValue(text, scope).value : null;
    }
    case 'dmn:DecisionTable':
      return evaluateDecisionTable(expression as DmnDecisionTable, scope, types, resultName).value;
    case 'dmn:Context':
      return evaluateContext(expression as DmnContext, scope, types);
    case 'dmn:Invocation':
      return evaluateInvocation(expression as DmnInvocation, scope, types, resultName);
    case 'dmn:FunctionDefinition':
      return functionOf(expression as DmnFunctionDefinition, scope, types, resultName);
    case 'dmn:List':
      return ((expression as DmnList).elements ?? []).map((element) => evaluateExpression(element, scope, types, resultName));
    case 'dmn:Relation':
      return evaluateRelation(expression as DmnRelation, scope, types, resultName);
    case 'dmn:Conditional': {
      const conditional = expression as DmnConditional;
      // DMN 1.5 §8.?: anything but true (false, null, a non-boolean) takes the else branch.
      const branch = evaluateExpression(conditional.if?.value, scope, types, resultName) === true ? conditional.then : conditional.else;
      return evaluateExpression(branch?.value, scope, types, resultName);
    }
    case 'dmn:For':
    case 'dmn:Every':
    case 'dmn:Some':
      return evaluateIterator(expression as DmnIterator, scope, types, resultName);
    case 'dmn:Filter':
      return evaluateFilter(expression as DmnFilter, scope, types, resultName);
    default:
      throw new DecisionEvaluationError(`${expression.$type} is not supported`, expression.id ?? null);
  }
}

/** Entries in order, each seeing those before it; an entry without a variable is the context's result. */
function evaluateContext(context: DmnContext, scope: Record<string, unknown>, types: ItemTypes): unknown {
  const result: Record<string, unknown> = {};
  const inner: Record<string, unknown> = { ...scope };
  for (const entry of context.contextEntry ?? []) {
    const name = entry.variable?.name;
    const value = types.coerce(evaluateExpression(entry.value, inner, types, name ?? ''), entry.variable?.typeRef ?? entry.value?.typeRef);
    if (name === undefined) return value;
    result[name] = value;
    inner[name] = value;
  }
  return result;
}

function evaluateInvocation(invocation: DmnInvocation, scope: Record<string, unknown>, types: ItemTypes, resultName: string): unknown {
  const fn = evaluateExpression(invocation.calledFunction, scope, types, resultName);
  if (fn === null) {
    const called = (invocation.calledFunction as DmnLiteralExpression | undefined)?.text ?? '';
    throw new DecisionEvaluationError(`The invoked function ${called.trim()} does not exist`, invocation.id ?? null);
  }
  const args: Record<string, unknown> = {};
  for (const binding of invocation.binding ?? []) args[binding.parameter.name] = evaluateExpression(binding.bindingFormula, scope, types, binding.parameter.name);
  return invokeFeelFunction(fn, args);
}

/** A FEEL function value closing over `scope`: parameters coerced to their typeRef, then the body. */
export function functionOf(definition: DmnFunctionDefinition, scope: Record<string, unknown>, types: ItemTypes, resultName: string): unknown {
  const kind = definition.kind ?? 'FEEL';
  if (kind !== 'FEEL') throw new DecisionEvaluationError(`Function definitions of kind ${kind} are not supported`, definition.id ?? null);
  const parameters = definition.formalParameter ?? [];
  return feelFunction(
    (...args: unknown[]) => {
      const inner: Record<string, unknown> = { ...scope };
      parameters.forEach((parameter, i) => {
        inner[parameter.name] = types.coerce(args[i] ?? null, parameter.typeRef);
      });
      return evaluateExpression(definition.body, inner, types, resultName);
    },
    parameters.map((parameter) => parameter.name),
  );
}

function evaluateRelation(relation: DmnRelation, scope: Record<string, unknown>, types: ItemTypes, resultName: string): unknown {
  const columns = relation.column ?? [];
  return (relation.row ?? []).map((row) =>
    Object.fromEntries(columns.map((column, i) => [column.name, types.coerce(evaluateExpression(row.elements?.[i], scope, types, resultName), column.typeRef)])),
  );
}

/** A list to iterate over: a list as is, a single value as a one-item list, null as nothing. */
function asList(value: unknown): unknown[] | null {
  if (value === null || value === undefined) return null;
  return Array.isArray(value) ? value : [value];
}

/** for … in … return, every … in … satisfies, some … in … satisfies (DMN 1.5 boxed iterators). */
function evaluateIterator(iterator: DmnIterator, scope: Record<string, unknown>, types: ItemTypes, resultName: string): unknown {
  const items = asList(evaluateExpression(iterator.in?.value, scope, types, resultName));
  if (items === null || !iterator.iteratorVariable) return null;
  const name = iterator.iteratorVariable;
  if (iterator.$type === 'dmn:For') {
    const results: unknown[] = [];
    for (const item of items) results.push(evaluateExpression(iterator.return?.value, { ...scope, [name]: item, partial: results.slice() }, types, resultName));
    return results;
  }
  const outcomes = items.map((item) => evaluateExpression(iterator.satisfies?.value, { ...scope, [name]: item }, types, resultName));
  if (iterator.$type === 'dmn:Every') {
    if (outcomes.some((outcome) => outcome === false)) return false;
    return outcomes.every((outcome) => outcome === true) ? true : null;
  }
  if (outcomes.some((outcome) => outcome === true)) return true;
  return outcomes.every((outcome) => outcome === false) ? false : null;
}

/** A list filtered by a boolean match, each item as `item` (and a context item's entries by name), as FEEL's `list[…]`. */
function evaluateFilter(filter: DmnFilter, scope: Record<string, unknown>, types: ItemTypes, resultName: string): unknown {
  const items = asList(evaluateExpression(filter.in?.value, scope, types, resultName));
  if (items === null) return null;
  return items.filter((item) => {
    const entries = item !== null && typeof item === 'object' && !Array.isArray(item) && Object.getPrototypeOf(item) === Object.prototype ? (item as Record<string, unknown>) : {};
    return evaluateExpression(filter.match?.value, { ...scope, ...entries, item }, types, resultName) === true;
  });
}
