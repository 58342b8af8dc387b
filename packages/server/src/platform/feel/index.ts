import { evaluate, FeelFunction, isFunction, parseExpression, parseUnaryTests, SyntaxError as FeelinSyntaxError, unaryTest } from 'feelin';
import { withFeelExtensions } from './extensions.ts';
import { testUnaryTestsAsDmn } from './dmn-unary-tests.ts';
import { duplicateContextKey } from './duplicate-context-keys.ts';
import { expressionFastPath, unaryFastPath } from './fast-paths.ts';

/**
 * FEEL for every engine (process conditions and mappings, decisions, later routing and SLA),
 * over `feelin`. One place decides the dialect, how a leading `=` is read and how FEEL values
 * become JSON, so a model behaves the same in a gateway and in a decision table.
 */

export class FeelSyntaxError extends Error {
  constructor(
    readonly expression: string,
    detail: string,
  ) {
    super(`FEEL syntax error in ${JSON.stringify(expression)}: ${detail}`);
    this.name = 'FeelSyntaxError';
  }
}

/** `=a > 1` (Camunda 8) and `a > 1` are the same expression; `${a > 1}` (JUEL) is not FEEL. */
export function feelText(expression: string): string {
  const trimmed = expression.trim();
  return trimmed.startsWith('=') ? trimmed.slice(1).trim() : trimmed;
}

/** A syntax problem in an expression, or null when it parses. Checked at deploy time. */
export function feelSyntaxProblem(expression: string, kind: 'expression' | 'unary-tests' = 'expression'): string | null {
  const text = feelText(expression);
  if (text === '') return 'the expression is empty';
  try {
    const tree = kind === 'expression' ? parseExpression(text, {}, undefined) : parseUnaryTests(text, {}, undefined);
    let problem: string | null = null;
    tree.iterate({
      enter(node) {
        if (problem === null && node.type.isError) problem = `cannot read it at character ${node.from + 1}`;
      },
    });
    return problem;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Evaluates an expression against variables; FEEL values come back as plain JSON values. */
export function evaluateFeel(expression: string, variables: Record<string, unknown>): unknown {
  const text = feelText(expression);
  try {
    return toJsonValue(evaluate(text, variables).value);
  } catch (error) {
    throw new FeelSyntaxError(text, (error as Error).message);
  }
}

/** Unary tests (`>= 10`, `"a","b"`, `-`) applied to an input value; null when they cannot be decided. */
export function evaluateUnaryTests(tests: string, input: unknown, variables: Record<string, unknown> = {}): boolean | null {
  try {
    return unaryTest(tests, { ...variables, '?': input }).value;
  } catch (error) {
    throw new FeelSyntaxError(tests, (error as Error).message);
  }
}

/**
 * FEEL dates, times and durations become ISO-8601 strings, ranges and functions are dropped:
 * process variables and decision results are stored and returned as JSON.
 */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'function') return null;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const text = String(value);
      return text === '[object Object]' ? null : text;
    }
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, entry]) => [key, toJsonValue(entry)]));
  }
  return null;
}

/** One FEEL evaluation's outcome in FEEL's own values (dates, durations, ranges, functions stay as they are). */
export interface FeelOutcome {
  value: unknown;
  /** feelin's reasons for each null it produced (a missing variable, an invalid type …). */
  warnings: string[];
}

/**
 * Evaluates an expression in a FEEL context and keeps FEEL values (for the decision engine, whose
 * intermediate results are dates, functions and contexts). Built-ins feelin lacks are added
 * (extensions.ts); a name in the context wins over them.
 */
export function evaluateFeelValue(expression: string, context: Record<string, unknown>): FeelOutcome {
  const text = feelText(expression);
  const fast = expressionFastPath(text)?.(context);
  if (fast !== undefined) return { value: fast, warnings: [] };
  const duplicate = duplicateContextKey(text, context);
  if (duplicate !== null) return { value: null, warnings: [`The context literal has the key ${JSON.stringify(duplicate)} twice`] };
  let outcome: { value: unknown; warnings: Array<{ message: string }> };
  try {
    outcome = evaluate(text, withFeelExtensions(context));
  } catch (error) {
    // A function value's own failure (a decision table inside a business knowledge model) is not a syntax error.
    if (error instanceof FeelinSyntaxError) throw new FeelSyntaxError(text, (error as Error).message);
    throw error;
  }
  return { value: outcome.value === undefined ? null : outcome.value, warnings: outcome.warnings.map((warning) => warning.message) };
}

/**
 * Unary tests against an input value in a FEEL context; null when they cannot be decided. An
 * expression test that does not use `?` is compared to the input (DMN 1.3 §10.3.2.9), also when
 * it is boolean: feelin reads a boolean expression as the test's own outcome, so `Complex.flag`
 * would match every input while `Complex.flag` is true (dmn-unary-tests.ts).
 */
export function testFeelValue(tests: string, input: unknown, context: Record<string, unknown>): boolean | null {
  const fast = unaryFastPath(tests)?.(input);
  if (fast !== undefined) return fast;
  try {
    const scope = withFeelExtensions({ ...context, '?': input });
    return testUnaryTestsAsDmn(
      tests,
      scope,
      (text) => unaryTest(text, scope).value,
      (text) => evaluate(text, scope).value,
    );
  } catch (error) {
    if (error instanceof FeelinSyntaxError) throw new FeelSyntaxError(tests, (error as Error).message);
    throw error;
  }
}

/** A FEEL function value made from a JavaScript one, called by FEEL with positional or named arguments. */
export function feelFunction(implementation: (...args: unknown[]) => unknown, parameterNames: string[]): unknown {
  return new FeelFunction(implementation, parameterNames);
}

export { feelDateFrom, feelDateTimeFrom, feelDurationFrom, feelTimeFrom, feelTypeOf, feelValuesEqual, type FeelTypeName } from './feel-types.ts';

export function isFeelFunction(value: unknown): boolean {
  return isFunction(value);
}

/** Calls a FEEL function value with positional or named arguments; null when the arguments do not fit it. */
export function invokeFeelFunction(fn: unknown, args: unknown[] | Record<string, unknown>): unknown {
  if (!isFunction(fn)) return null;
  const result = fn.invoke(args);
  return result !== null && typeof result === 'object' && result.constructor?.name === 'InvocationFailure' ? null : (result ?? null);
}
