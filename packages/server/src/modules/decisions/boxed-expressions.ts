import { evaluateFeelValue, feelFunction, invokeFeelFunction } from '../../platform/feel/index.ts';
import type { DmnContext, DmnDecisionTable, DmnExpression, DmnFunctionDefinition, DmnInvocation, DmnList, DmnLiteralExpression, DmnRelation } from './dmn-elements.ts';
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
