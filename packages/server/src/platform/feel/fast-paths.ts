/**
 * The shapes most decision-table cells have — `-`, `< 18`, `"Low","Medium"`, `[1..10]`, `true`,
 * a number, a string, a plain name — judged without feelin, which parses every expression on
 * every call (~50–100 µs each). Each fast path gives exactly feelin's answer for the input types
 * it accepts and declines (undefined) for every other input, so feelin stays the definition.
 */

type UnaryFastPath = (input: unknown) => boolean | null | undefined;
type ExpressionFastPath = (context: Record<string, unknown>) => unknown;

const DECLINE = undefined;
const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const PLAIN_STRING = String.raw`"[^"\\]*"`;
const COMPARISON = new RegExp(String.raw`^(<=|>=|<|>|=|!=)?\s*(${NUMBER})$`);
const STRING_LIST = new RegExp(String.raw`^${PLAIN_STRING}(?:\s*,\s*${PLAIN_STRING})*$`);
const INTERVAL = new RegExp(String.raw`^([\[\]\(])\s*(${NUMBER})\s*\.\.\s*(${NUMBER})\s*([\[\]\)])$`);
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['true', 'false', 'null', 'not', 'and', 'or', 'if', 'then', 'else', 'for', 'in', 'return', 'some', 'every', 'satisfies', 'between', 'instance', 'of', 'function', 'external']);

const CACHE_LIMIT = 20_000;
const unaryCache = new Map<string, UnaryFastPath | null>();
const expressionCache = new Map<string, ExpressionFastPath | null>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

export function unaryFastPath(text: string): UnaryFastPath | null {
  const cached = unaryCache.get(text);
  if (cached !== undefined) return cached;
  return remember(unaryCache, text, compileUnary(text.trim()));
}

function compileUnary(text: string): UnaryFastPath | null {
  if (text === '-' || text === '') return () => true;
  const comparison = COMPARISON.exec(text);
  if (comparison) {
    const operator = comparison[1] ?? '=';
    const bound = Number(comparison[2]);
    return (input) => {
      if (typeof input !== 'number') return DECLINE;
      switch (operator) {
        case '<':
          return input < bound;
        case '<=':
          return input <= bound;
        case '>':
          return input > bound;
        case '>=':
          return input >= bound;
        case '!=':
          return input !== bound;
        default:
          return input === bound;
      }
    };
  }
  if (STRING_LIST.test(text)) {
    const values = new Set([...text.matchAll(/"([^"\\]*)"/g)].map((match) => match[1]));
    return (input) => (typeof input === 'string' ? values.has(input) : DECLINE);
  }
  const interval = INTERVAL.exec(text);
  if (interval) {
    const [, open, low, high, close] = interval;
    const start = Number(low);
    const end = Number(high);
    const startIncluded = open === '[';
    const endIncluded = close === ']';
    return (input) => {
      if (typeof input !== 'number') return DECLINE;
      return (startIncluded ? input >= start : input > start) && (endIncluded ? input <= end : input < end);
    };
  }
  if (text === 'true' || text === 'false') {
    const expected = text === 'true';
    return (input) => (typeof input === 'boolean' ? input === expected : DECLINE);
  }
  return null;
}

export function expressionFastPath(text: string): ExpressionFastPath | null {
  const cached = expressionCache.get(text);
  if (cached !== undefined) return cached;
  return remember(expressionCache, text, compileExpression(text.trim()));
}

function compileExpression(text: string): ExpressionFastPath | null {
  if (new RegExp(`^${NUMBER}$`).test(text)) {
    const value = Number(text);
    return () => value;
  }
  if (new RegExp(`^${PLAIN_STRING}$`).test(text)) {
    const value = text.slice(1, -1);
    return () => value;
  }
  if (text === 'true' || text === 'false' || text === 'null') {
    const value = text === 'null' ? null : text === 'true';
    return () => value;
  }
  if (PLAIN_NAME.test(text) && !RESERVED.has(text)) {
    // Only a plain value; functions, dates and contexts go through feelin, which may convert them.
    return (context) => {
      if (!Object.hasOwn(context, text)) return DECLINE;
      const value = context[text];
      return value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number' ? value : DECLINE;
    };
  }
  return null;
}
