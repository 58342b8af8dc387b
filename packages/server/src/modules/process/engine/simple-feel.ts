/**
 * The expressions models use most — a variable name, or a variable compared with a literal
 * (`amount > 1000`, `decision = "approved"`, `approved = true`) — read without the FEEL parser, which
 * costs about 100 µs per evaluation. Only cases whose FEEL result is plain are answered here (same
 * types on both sides, numbers finite); everything else returns NOT_SIMPLE and goes to FEEL.
 * simple-feel.test.ts checks every answer against feelin.
 */
export const NOT_SIMPLE: unique symbol = Symbol('not simple');

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const COMPARISON = /^([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|!=|=|<|>)\s*(-?\d+(?:\.\d+)?|"[^"\\]*"|true|false)$/;
const WORDS = new Set(['true', 'false', 'null', 'not', 'and', 'or', 'for', 'if', 'then', 'else', 'some', 'every', 'in', 'return', 'satisfies', 'between', 'instance', 'of', 'function', 'external']);

/** The plain-shape part of a compiled expression, kept per expression text. */
type Shape = { kind: 'name'; name: string } | { kind: 'compare'; name: string; operator: string; literal: number | string | boolean } | { kind: 'other' };

const shapes = new Map<string, Shape>();

function shapeOf(expression: string): Shape {
  let shape = shapes.get(expression);
  if (shape) return shape;
  const text = expression.trim();
  const comparison = COMPARISON.exec(text);
  if (NAME.test(text) && !WORDS.has(text)) shape = { kind: 'name', name: text };
  else if (comparison && !WORDS.has(comparison[1] as string)) {
    const raw = comparison[3] as string;
    const literal = raw === 'true' ? true : raw === 'false' ? false : raw.startsWith('"') ? raw.slice(1, -1) : Number(raw);
    shape = { kind: 'compare', name: comparison[1] as string, operator: comparison[2] as string, literal };
  } else shape = { kind: 'other' };
  if (shapes.size < 10_000) shapes.set(expression, shape);
  return shape;
}

export function evaluateSimpleFeel(expression: string, variables: Record<string, unknown>): unknown {
  const shape = shapeOf(expression);
  if (shape.kind === 'other') return NOT_SIMPLE;
  const value = Object.hasOwn(variables, shape.name) ? variables[shape.name] : undefined;
  if (shape.kind === 'name') return value === undefined ? null : value;
  const { operator, literal } = shape;
  if (typeof value !== typeof literal) return NOT_SIMPLE;
  if (typeof literal === 'number') {
    if (!Number.isFinite(value as number)) return NOT_SIMPLE;
    return compare(value as number, operator, literal);
  }
  // Strings and booleans: equality only (FEEL orders strings by code point, JavaScript by UTF-16 unit).
  if (operator === '=') return value === literal;
  if (operator === '!=') return value !== literal;
  return NOT_SIMPLE;
}

function compare(left: number, operator: string, right: number): boolean {
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '=':
      return left === right;
    default:
      return left !== right;
  }
}
