import { evaluate, parseExpression, parseUnaryTests, unaryTest } from 'feelin';

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
