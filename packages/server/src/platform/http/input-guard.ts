import type { FastifyInstance, FastifyRequest } from 'fastify';
import { httpProblems, type FieldError } from './problem.ts';

// What PostgreSQL cannot store, refused at the door with the field's name, instead of a 500 from
// deep inside a command: `text` and `jsonb` refuse U+0000, `jsonb` refuses a lone UTF-16
// surrogate (JSON.stringify writes it as a \udXXX escape), `bigint` refuses Infinity and numbers
// past its range, and a body nested thousands deep overflows the stack of every recursive walk
// (hashing for idempotency, encryption, auditing) long before it reaches the database.

/** Deepest nesting of objects and arrays a request may send; form-js schemas need about a dozen. */
export const MAX_NESTING_DEPTH = 64;
/** A refusal lists at most this many offending values: a body of a million bad values answers quickly. */
const MAX_ERRORS = 20;

// String.prototype.isWellFormed is in Node 20 (V8 11.3); the project's TypeScript lib predates it.
type Es2024String = string & { isWellFormed(): boolean };

/** Why a string cannot be stored, or undefined. Both checks are native scans (2 MB of ASCII: 0.03 ms). */
export function stringProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (!(value as Es2024String).isWellFormed()) return 'must be well-formed Unicode (it contains a lone UTF-16 surrogate)';
  return undefined;
}

export function numberProblem(value: number): string | undefined {
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (Math.abs(value) > Number.MAX_SAFE_INTEGER) return `must be between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`;
  return undefined;
}

// A key that is itself unprintable is named by its escapes, so the answer stays readable JSON.
const printable = (key: string) =>
  stringProblem(key)
    ? JSON.stringify(key)
        .slice(1, -1)
        .replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    : key;
const join = (path: string, key: string) => (path ? `${path}.${printable(key)}` : printable(key) || '(root)');

/**
 * Every value of a parsed request part that cannot be stored, named by its dotted path
 * (`fields.note`, `tags.0`, `querystring.q`), as many as MAX_ERRORS. Walks at most
 * MAX_NESTING_DEPTH levels, so its own recursion is bounded whatever it is given.
 */
export function findUnstorableValues(value: unknown, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  const walk = (node: unknown, where: string, depth: number): void => {
    if (errors.length >= MAX_ERRORS) return;
    if (typeof node === 'string') {
      const reason = stringProblem(node);
      if (reason) errors.push({ field: where || '(root)', reason });
      return;
    }
    if (typeof node === 'number') {
      const reason = numberProblem(node);
      if (reason) errors.push({ field: where || '(root)', reason });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (depth >= MAX_NESTING_DEPTH) {
      errors.push({ field: where || '(root)', reason: `nests deeper than ${MAX_NESTING_DEPTH} levels of objects and arrays` });
      return;
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length && errors.length < MAX_ERRORS; i++) walk(node[i], join(where, String(i)), depth + 1);
      return;
    }
    for (const key of Object.keys(node)) {
      if (errors.length >= MAX_ERRORS) return;
      const keyReason = stringProblem(key);
      if (keyReason) errors.push({ field: join(where, key), reason: `has a name that ${keyReason}` });
      else walk((node as Record<string, unknown>)[key], join(where, key), depth + 1);
    }
  };
  walk(value, path, 0);
  return errors;
}

function refuseUnstorable(parts: [string, unknown][]): void {
  const errors = parts.flatMap(([prefix, value]) => (value === undefined ? [] : findUnstorableValues(value, prefix)));
  if (errors.length > 0) throw httpProblems.validationFailed({ errors: errors.slice(0, MAX_ERRORS) });
}

/**
 * Refuses unstorable input on every route, before schema validation (the body and the URL as
 * sent) and again after it (numbers the schema coerced from query text, e.g. `?limit=1e309`
 * becomes Infinity). Field names follow the validation problem's: body fields bare, the others
 * prefixed with `querystring.` or `params.`.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    // A body that is one string (NDJSON for bulk) was decoded from UTF-8, so it holds no lone
    // surrogate, and each of its lines is checked when it is parsed (bulk-create-cases.ts).
    const body = typeof request.body === 'string' ? undefined : request.body;
    refuseUnstorable([
      ['', body],
      ['querystring', request.query],
      ['params', request.params],
    ]);
  });
  app.addHook('preHandler', async (request: FastifyRequest) => {
    refuseUnstorable([
      ['querystring', request.query],
      ['params', request.params],
    ]);
  });
}
