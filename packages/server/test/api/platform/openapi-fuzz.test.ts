import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, type TestApp } from '../../helpers/test-app.ts';

// Every operation of the OpenAPI document, as an administrator, with malformed values in each of
// its path, query, header and body parameters, and malformed bodies as a whole. No answer may be
// a 5xx; an answer that refuses (4xx) must be a problem document and must leave every table as
// it was (a trigger on each table logs committed writes); NUL, lone surrogates and nesting past
// the limit must be refused naming the field.
//
// Each operation is one fast-check property: its `examples` are a fixed sweep (every slot gets one
// value of each class the issue found answered with a 500), then FUZZ_RUNS random values follow
// from FUZZ_SEED. A failure prints the seed and the counterexample; replay one operation with
// FUZZ_SEED=<seed> FUZZ_ONLY='<regex of "METHOD /path">'.

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RUNS = Number(process.env.FUZZ_RUNS ?? 5);

/** JSON text spliced into a body as it is: values JSON.stringify cannot write (1e309) or would nest too deep to build. */
class Raw {
  constructor(readonly text: string) {}
  toString() {
    return `Raw(${this.text.length > 40 ? `${this.text.slice(0, 40)}…` : this.text})`;
  }
}
function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const DEPTH = 5_000;
/** Malformed values for a JSON slot (a body property, a field value). */
const JSON_VALUES: Record<string, unknown> = {
  nul: 'a\u0000b',
  nulOnly: '\u0000',
  loneHighSurrogate: 'x\ud800y',
  loneLowSurrogate: '\udc00',
  deepObject: new Raw(`${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`),
  deepArray: new Raw(`${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`),
  hugeFloat: new Raw('1e309'),
  negativeHugeFloat: new Raw('-1e309'),
  twentyDigits: new Raw('12345678901234567890'),
  negative: -1,
  fraction: 0.5,
  overlong: 'x'.repeat(100_000),
  number: 42,
  boolean: true,
  null: null,
  array: ['x'],
  object: { x: 'y' },
  nulKey: { 'a\u0000b': 'x' },
  surrogateKey: { '\ud800': 'x' },
  rightToLeft: 'invoice\u202Efdp.exe',
};

/** Malformed values for a path, query or header parameter: text as it appears in the URL (already percent-encoded). */
const URL_VALUES: Record<string, string> = {
  nul: '%00',
  nulInside: 'a%00b',
  loneSurrogate: '%ED%A0%80',
  truncatedUtf8: '%F0%9F',
  invalidByte: '%FF',
  badPercent: '%',
  badPercentHex: '%ZZ',
  hugeFloat: '1e309',
  twentyDigits: '12345678901234567890',
  negative: '-1',
  zero: '0',
  notANumber: 'NaN',
  fraction: '1.5',
  overlong: 'x'.repeat(10_000),
  traversal: '..%2F..%2Fetc%2Fpasswd',
  empty: '',
  rightToLeft: '%E2%80%AE',
};

/** Header values must be ISO-8859-1 without control characters, or Node refuses to send them at all. */
const HEADER_VALUES: Record<string, string> = {
  overlong: 'x'.repeat(10_000),
  hugeVersion: '"12345678901234567890"',
  floatVersion: 'W/"1e309"',
  negative: '"-1"',
  latin1: 'ÿÿÿ',
  empty: '',
};

interface BodyVariant {
  contentType?: string;
  payload: string | Buffer;
}
const BODY_VARIANTS: Record<string, BodyVariant> = {
  truncatedJson: { contentType: 'application/json', payload: '{"a":' },
  trailingComma: { contentType: 'application/json', payload: '{"a":1,}' },
  emptyJson: { contentType: 'application/json', payload: '' },
  nulJson: { contentType: 'application/json', payload: '\u0000' },
  invalidUtf8Json: { contentType: 'application/json', payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
  bodyArray: { contentType: 'application/json', payload: '[]' },
  bodyString: { contentType: 'application/json', payload: '"x"' },
  bodyHugeNumber: { contentType: 'application/json', payload: '1e309' },
  bodyDeep: { contentType: 'application/json', payload: `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}` },
  protoPollution: { contentType: 'application/json', payload: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}' },
  utf16Json: { contentType: 'application/json; charset=utf-16', payload: Buffer.from('{"a":1}', 'utf16le') },
  textPlain: { contentType: 'text/plain', payload: 'hello' },
  xml: { contentType: 'application/xml', payload: '<a/>' },
  form: { contentType: 'application/x-www-form-urlencoded', payload: 'a=b&c=%00' },
  ndjson: { contentType: 'application/x-ndjson', payload: '{"a":1}\n{"b":"\\u0000"}' },
  multipartNoBoundary: { contentType: 'multipart/form-data', payload: '--x\r\n\r\n--x--' },
  multipartEmptyBoundary: { contentType: 'multipart/form-data; boundary=', payload: '--\r\n' },
  multipartGarbage: { contentType: 'multipart/form-data; boundary=fuzz', payload: 'not multipart at all' },
  multipartTruncated: {
    contentType: 'multipart/form-data; boundary=fuzz',
    payload: '--fuzz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello',
  },
  noContentType: { payload: '{"a":1}' },
  unknownContentType: { contentType: 'application/x-fuzz', payload: 'x' },
  badContentType: { contentType: ';;;/', payload: '{}' },
};

const multipart = (parts: { headers: string[]; body: string | Buffer }[], boundary = 'fuzzboundary'): BodyVariant => ({
  contentType: `multipart/form-data; boundary=${boundary}`,
  payload: Buffer.concat([
    ...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\n${p.headers.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.isBuffer(p.body) ? p.body : Buffer.from(p.body), Buffer.from('\r\n')]),
    Buffer.from(`--${boundary}--\r\n`),
  ]),
});
const filePart = (filename: string, type = 'text/plain', body: string | Buffer = 'hello') => ({
  headers: [`Content-Disposition: form-data; name="file"; filename="${filename}"`, `Content-Type: ${type}`],
  body,
});
/** Malformed uploads: header values are written as raw bytes, so file names carry UTF-8 as a browser sends it. */
const UPLOAD_VARIANTS: Record<string, BodyVariant> = {
  noFilePart: multipart([{ headers: ['Content-Disposition: form-data; name="note"'], body: 'x' }]),
  noParts: multipart([]),
  nulInFileName: multipart([filePart('a\u0000.txt')]),
  rightToLeftFileName: multipart([filePart(Buffer.from('invoice\u202Etxt.exe', 'utf8').toString('latin1'))]),
  loneSurrogateFileName: multipart([filePart(Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x2e, 0x74, 0x78, 0x74]).toString('latin1'))]),
  overlongFileName: multipart([filePart(`${'x'.repeat(5_000)}.txt`)]),
  pathFileName: multipart([filePart('../../etc/passwd')]),
  emptyFileName: multipart([filePart('')]),
  twoFiles: multipart([filePart('a.txt'), filePart('b.txt')]),
  manyFields: multipart(Array.from({ length: 50 }, (_, i) => ({ headers: [`Content-Disposition: form-data; name="f${i}"`], body: 'x' }))),
  htmlFile: multipart([filePart('a.html', 'text/html', '<script>alert(1)</script>')]),
  wrongTypeFile: multipart([filePart('a.pdf', 'application/pdf', '<html><script>alert(1)</script></html>')]),
  noPartContentType: multipart([{ headers: ['Content-Disposition: form-data; name="file"; filename="a.txt"'], body: 'hi' }]),
  badPartContentType: multipart([filePart('a.txt', ';;;')]),
  missingDisposition: multipart([{ headers: ['Content-Type: text/plain'], body: 'hi' }]),
};

interface Operation {
  method: string;
  path: string;
  /** `METHOD /api/v1/...` with {params}: the key of BASELINES and OPERATION_FIXTURES. */
  key: string;
  parameters: { in: 'path' | 'query' | 'header'; name: string; schema: Record<string, unknown> }[];
  bodyType?: string;
  bodySchema?: Record<string, unknown>;
}

type Mutation =
  | { kind: 'param'; location: 'path' | 'query' | 'header'; name: string; value: string; label: string }
  | { kind: 'body-slot'; path: string[]; value: unknown; label: string }
  | { kind: 'body'; variant: BodyVariant; label: string };

// The app and its document are read while the tests are collected, so each operation is a test of its own.
const t: TestApp = await createTestApp();
const operations = readOperations((await t.app.inject({ method: 'GET', url: '/openapi.json' })).json());
let adminToken: string;
const fixtures: Record<string, string> = {};

async function api(method: string, url: string, payload?: unknown, token = adminToken) {
  const res = await t.app.inject({ method: method as 'GET', url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
  if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

function readOperations(doc: {
  paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>>;
}): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const content = op.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0];
      found.push({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        parameters: op.parameters ?? [],
        bodyType,
        bodySchema: bodyType ? content[bodyType]!.schema : undefined,
      });
    }
  }
  return found;
}

beforeAll(async () => {
  adminToken = await t.login('admin');
  await createSeedCaseTypes(t, adminToken);
  const first = await api('POST', '/api/v1/cases', complaint());
  const second = await api('POST', '/api/v1/cases', complaint({ title: 'second' }));
  fixtures.caseId = first.id;
  fixtures.otherCaseId = second.id;
  fixtures.commentId = (await api('POST', `/api/v1/cases/${first.id}/comments`, { body: 'note', visibility: 'internal' })).id;
  fixtures.linkId = (await api('POST', `/api/v1/cases/${first.id}/links`, { caseId: second.id, kind: 'relates-to' })).id;
  const upload = await t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${first.id}/attachments`,
    headers: { ...bearer(adminToken), 'content-type': 'multipart/form-data; boundary=fuzzboundary' },
    payload: multipart([filePart('a.txt')]).payload,
  });
  fixtures.attachmentId = upload.json().id;
  fixtures.departmentId = (await api('POST', '/api/v1/departments', { code: 'FZ-HQ', name: 'Fuzz head office', kind: 'head-office' })).id;
  fixtures.userId = (await api('POST', '/api/v1/users', { username: 'fuzz.user', password: 'a long enough password 1', displayName: 'Fuzz' })).id;
  await api('POST', '/api/v1/roles', { key: 'fuzz-role', name: 'Fuzz', permissions: [{ action: 'case:read' }] });
  await api('POST', '/api/v1/groups', { key: 'fuzz-group', name: 'Fuzz', kind: 'group' });
  fixtures.apiTokenId = (await api('POST', '/api/v1/auth/api-tokens', { name: 'fuzz', scopes: ['case:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).id;
  await t.login('admin');
  const sessions = await api('GET', '/api/v1/auth/sessions');
  fixtures.sessionId = sessions.items.find((s: { current?: boolean }) => !s.current)?.id ?? sessions.items[0].id;
  fixtures.auditEventId = String((await t.sql<{ id: string }>('SELECT min(id)::text AS id FROM audit.event'))[0]!.id);

  // Every committed insert, update or delete of a Docket table leaves a row in fuzz_change: the
  // trigger's own insert rolls back with a refused command's transaction, so only what stayed is
  // seen. (Comparing table contents before and after each request costs ten times more.)
  const tables = await t.sql<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
      WHERE table_schema IN ('access', 'audit', 'cases', 'platform') AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  await t.sql(`CREATE TABLE platform.fuzz_change (table_name text NOT NULL, operation text NOT NULL, action text)`);
  await t.sql(`CREATE FUNCTION platform.fuzz_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO platform.fuzz_change VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP, to_jsonb(coalesce(NEW, OLD))->>'action');
      RETURN NULL;
    END $$`);
  for (const { name } of tables) {
    await t.sql(`CREATE TRIGGER fuzz_record_change AFTER INSERT OR UPDATE OR DELETE ON ${name} FOR EACH ROW EXECUTE FUNCTION platform.fuzz_record_change()`);
  }
  await takeChanges();
}, 120_000);
afterAll(() => t.close());

// Values that make each path parameter address something that exists, so a malformed value in
// another parameter reaches as far into the handler as it can.
function pathValue(op: Operation, name: string): string {
  const p = op.path;
  if (name === 'id') {
    if (p.startsWith('/api/v1/cases/')) return fixtures.caseId!;
    if (p.startsWith('/api/v1/users/')) return fixtures.userId!;
    if (p.startsWith('/api/v1/departments/')) return fixtures.departmentId!;
    if (p.startsWith('/api/v1/auth/api-tokens/')) return fixtures.apiTokenId!;
    if (p.startsWith('/api/v1/auth/sessions/')) return fixtures.sessionId!;
    if (p.startsWith('/api/v1/audit/events/')) return fixtures.auditEventId!;
  }
  if (name === 'key') {
    if (p.startsWith('/api/v1/case-types/')) return 'complaint';
    if (p.startsWith('/api/v1/roles/')) return 'fuzz-role';
    if (p.startsWith('/api/v1/groups/')) return 'fuzz-group';
  }
  const byName: Record<string, string> = { attachmentId: fixtures.attachmentId!, linkId: fixtures.linkId!, userId: fixtures.userId!, version: '1' };
  return byName[name] ?? 'x';
}

// Valid bodies for the operations whose schema the generic sampler cannot satisfy.
let serial = 0;
/** Unique keys per request, so a create is not answered "exists" before it reaches its writes. */
const unique = () => {
  serial += 1;
  return {
    n: serial,
    letters: serial
      .toString(26)
      .replace(/./g, (d) => String.fromCharCode(65 + parseInt(d, 26)))
      .padStart(2, 'A'),
  };
};

function baselineBody(op: Operation): unknown {
  const u = unique();
  const future = new Date(Date.now() + 86_400_000).toISOString();
  const schema = { components: [{ type: 'textfield', key: 'note', label: 'Note', validate: { pattern: '[a-z]*' } }] };
  const baselines: Record<string, unknown> = {
    'POST /api/v1/cases': complaint({ externalId: `fuzz-${u.n}`, source: 'fuzz' }),
    'PATCH /api/v1/cases/{id}': { title: 'changed', fields: { description: 'changed' }, customer: { id: 'C1' } },
    'POST /api/v1/case-types': { key: `fuzz-type-${u.n}`, name: 'Fuzz', prefix: u.letters.slice(-6), schema },
    'PUT /api/v1/case-types/{key}': { name: 'Complaint', schema },
    'POST /api/v1/users': { username: `fuzz.other.${u.n}`, password: 'a long enough password 2', displayName: 'Other', departmentIds: [fixtures.departmentId], roleIds: ['fuzz-role'] },
    'PATCH /api/v1/users/{id}': { displayName: 'Fuzz', departmentIds: [fixtures.departmentId], roleIds: ['fuzz-role'] },
    'POST /api/v1/roles': { key: `fuzz-other-${u.n}`, name: 'Other', permissions: [{ action: 'case:read', scope: 'department', caseTypes: ['complaint'], tags: ['x'], fields: { '*': 'masked' } }] },
    'PUT /api/v1/roles/{key}': { name: 'Fuzz', permissions: [{ action: 'case:read', scope: 'department', fields: { '*': 'masked' } }] },
    'POST /api/v1/groups': { key: `fuzz-other-${u.n}`, name: 'Other', kind: 'group', departmentId: fixtures.departmentId, memberIds: [fixtures.userId] },
    'PUT /api/v1/groups/{key}/members': { userIds: [fixtures.userId] },
    'POST /api/v1/departments': { code: `FZ-${u.n}`, name: 'Branch', kind: 'branch', parentId: fixtures.departmentId },
    'POST /api/v1/auth/api-tokens': { name: 'fuzz', scopes: ['case:read'], expiresAt: future },
    'POST /api/v1/cases/{id}/links': { caseId: fixtures.otherCaseId, kind: 'relates-to' },
    'POST /api/v1/cases/{id}/unmask': { field: 'residentId', reason: 'fuzzing the API' },
  };
  return op.key in baselines ? structuredClone(baselines[op.key]) : sample(op.bodySchema ?? {});
}

function sample(schema: Record<string, unknown>): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return fixtures.caseId;
      if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      if (schema.pattern === '^\\d{6}$') return '123456';
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    case 'integer':
    case 'number':
      return Number(schema.minimum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return Number(schema.minItems ?? 0) > 0 ? [sample((schema.items ?? {}) as Record<string, unknown>)] : [];
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(required.map((name) => [name, sample(properties[name] ?? {})]));
    }
    default:
      return 'x';
  }
}

const isNdjson = (op: Operation) => op.method === 'POST' && op.path === '/api/v1/cases/bulk';
const isUpload = (op: Operation) => op.method === 'POST' && op.path.endsWith('/attachments');

// Sent to every slot, every run: one of each class of value the issue found answered with a 500.
const CORE_JSON = ['nul', 'loneHighSurrogate', 'deepArray', 'hugeFloat', 'twentyDigits', 'overlong', 'nulKey'];
const CORE_URL = ['nul', 'loneSurrogate', 'badPercent', 'hugeFloat', 'twentyDigits', 'overlong'];
const CORE_HEADER = ['overlong', 'hugeVersion', 'latin1'];
const CORE_BODY = ['truncatedJson', 'invalidUtf8Json', 'bodyDeep', 'textPlain', 'multipartNoBoundary'];

type Slot = { kind: 'param'; location: 'path' | 'query' | 'header'; name: string } | { kind: 'body-slot'; path: string[] } | { kind: 'body' } | { kind: 'upload' };

const slotName = (slot: Slot) => (slot.kind === 'param' ? `${slot.location} ${slot.name}` : slot.kind === 'body-slot' ? `body ${slot.path.join('.')}` : slot.kind);

/** Where a malformed value can go: each parameter, each body property, one level into object properties, and the body as a whole. */
function slotsOf(op: Operation): Slot[] {
  const slots: Slot[] = op.parameters.map((p) => ({ kind: 'param', location: p.in, name: p.name }));
  // A query parameter the operation does not declare: ignored, but never a 500.
  if (!op.parameters.some((p) => p.in === 'query')) slots.push({ kind: 'param', location: 'query', name: 'fuzzExtra' });
  const paths: string[][] = [];
  if (isNdjson(op)) {
    paths.push(['title'], ['fields'], ['fields', 'description'], ['customer', 'note'], ['tags']);
  } else if (op.bodySchema?.type === 'object') {
    const baseline = baselineBody(op) as Record<string, unknown>;
    const names = new Set([...Object.keys((op.bodySchema.properties ?? {}) as object), ...Object.keys(baseline)]);
    for (const name of names) {
      paths.push([name]);
      const value = baseline[name];
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const first = Object.keys(value)[0];
        if (first) paths.push([name, first]);
        paths.push([name, 'fuzzExtra']);
      }
      if (Array.isArray(value) && value.length > 0) paths.push([name, '0']);
    }
  }
  slots.push(...paths.map((path): Slot => ({ kind: 'body-slot', path })));
  if (op.method !== 'GET' && op.method !== 'DELETE') slots.push({ kind: 'body' });
  if (isUpload(op)) slots.push({ kind: 'upload' });
  return slots;
}

function mutation(slot: Slot, label: string, value: unknown): Mutation {
  const full = `${slotName(slot)}: ${label}`;
  switch (slot.kind) {
    case 'param':
      return { kind: 'param', location: slot.location, name: slot.name, value: value as string, label: full };
    case 'body-slot':
      return { kind: 'body-slot', path: slot.path, value, label: full };
    default:
      return { kind: 'body', variant: value as BodyVariant, label: full };
  }
}

/** The fixed sweep: each slot gets the core values of its kind (uploads get every malformed upload). */
function examplesOf(slots: Slot[]): Mutation[] {
  return slots.flatMap((slot) => {
    switch (slot.kind) {
      case 'param':
        return slot.location === 'header' ? CORE_HEADER.map((label) => mutation(slot, label, HEADER_VALUES[label])) : CORE_URL.map((label) => mutation(slot, label, URL_VALUES[label]));
      case 'body-slot':
        return CORE_JSON.map((label) => mutation(slot, label, JSON_VALUES[label]));
      case 'body':
        return CORE_BODY.map((label) => mutation(slot, label, BODY_VARIANTS[label]));
      case 'upload':
        return Object.entries(UPLOAD_VARIANTS).map(([label, value]) => mutation(slot, label, value));
      default:
        // A new kind of slot fails the type check here until it gets its examples.
        return slot satisfies never;
    }
  });
}

// Random values beyond the catalogue: UTF-16 junk (lone surrogates, NUL and controls included),
// integers past 2^53, nesting of random depth over the limit, and arbitrary JSON.
const codeUnit = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 0, max: 0xffff })).map((c) => String.fromCharCode(c));
const junk = fc.array(codeUnit, { minLength: 1, maxLength: 40 }).map((units) => units.join(''));
const bigInteger = fc.bigInt({ min: 2n ** 53n, max: 10n ** 40n }).map((n) => n.toString());
const depth = fc.integer({ min: 65, max: 6_000 });
/** Percent-encodes any UTF-16 string, a lone surrogate as its three (invalid) UTF-8 bytes. */
const percentEncode = (text: string) =>
  [...text]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      return encodeURIComponent(ch);
    })
    .join('');

function randomValue(slot: Slot): fc.Arbitrary<[string, unknown]> {
  const catalogue = <T>(values: Record<string, T>) => fc.constantFrom(...Object.entries(values));
  switch (slot.kind) {
    case 'param':
      if (slot.location === 'header') return catalogue(HEADER_VALUES);
      return fc.oneof(
        catalogue(URL_VALUES),
        junk.map((text): [string, unknown] => [`junk ${JSON.stringify(text)}`, percentEncode(text)]),
        bigInteger.map((n): [string, unknown] => [`integer ${n}`, n]),
      );
    case 'body-slot':
      return fc.oneof(
        catalogue(JSON_VALUES),
        junk.map((text): [string, unknown] => [`junk ${JSON.stringify(text)}`, text]),
        bigInteger.map((n): [string, unknown] => [`integer ${n}`, new Raw(n)]),
        depth.map((d): [string, unknown] => [`nested ${d} deep`, new Raw(`${'['.repeat(d)}${']'.repeat(d)}`)]),
        fc.jsonValue({ maxDepth: 3 }).map((v): [string, unknown] => [`json ${JSON.stringify(v).slice(0, 60)}`, v]),
      );
    case 'body':
      return fc.oneof(
        catalogue(BODY_VARIANTS),
        junk.map((text): [string, unknown] => [`junk JSON ${JSON.stringify(text)}`, { contentType: 'application/json', payload: text }]),
        depth.map((d): [string, unknown] => [`body nested ${d} deep`, { contentType: 'application/json', payload: `${'{"a":'.repeat(d)}1${'}'.repeat(d)}` }]),
      );
    case 'upload':
      return catalogue(UPLOAD_VARIANTS);
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const segment of path.slice(0, -1)) {
    if (node[segment] === null || typeof node[segment] !== 'object') node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

function buildRequest(op: Operation, mutation: Mutation) {
  let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    mutation.kind === 'param' && mutation.location === 'path' && mutation.name === name ? mutation.value : encodeURIComponent(pathValue(op, name)),
  );
  const query: string[] = [];
  const headers: Record<string, string> = { ...bearer(adminToken) };
  for (const p of op.parameters) {
    if (p.in === 'query') {
      if (mutation.kind === 'param' && mutation.location === 'query' && mutation.name === p.name) query.push(`${p.name}=${mutation.value}`);
      else if (op.path === '/api/v1/audit/consistency') query.push(`${p.name}=${p.name === 'from' ? 1 : 2}`);
      else if (p.name === 'treeSize') query.push('treeSize=1');
    }
    if (p.in === 'header') {
      if (mutation.kind === 'param' && mutation.location === 'header' && mutation.name === p.name) headers[p.name] = mutation.value;
      else if (p.name === 'if-match') headers[p.name] = '"1"';
    }
  }
  if (mutation.kind === 'param' && mutation.location === 'query' && !op.parameters.some((p) => p.in === 'query' && p.name === mutation.name)) {
    query.push(`${mutation.name}=${mutation.value}`);
  }
  if (query.length > 0) url += `?${query.join('&')}`;
  let payload: string | Buffer | undefined;
  if (mutation.kind === 'body') {
    if (mutation.variant.contentType) headers['content-type'] = mutation.variant.contentType;
    payload = mutation.variant.payload;
  } else if (isNdjson(op)) {
    const line = complaint({ externalId: `fuzz-bulk-${unique().n}`, source: 'fuzz' }) as Record<string, unknown>;
    if (mutation.kind === 'body-slot') setPath(line, mutation.path, mutation.value);
    headers['content-type'] = 'application/x-ndjson';
    payload = toJson(line);
  } else if (isUpload(op)) {
    headers['content-type'] = 'multipart/form-data; boundary=fuzzboundary';
    payload = multipart([filePart('fuzz.txt')]).payload;
  } else if (op.bodySchema) {
    const body = baselineBody(op);
    if (mutation.kind === 'body-slot' && body !== null && typeof body === 'object') setPath(body as Record<string, unknown>, mutation.path, mutation.value);
    headers['content-type'] = 'application/json';
    payload = toJson(body);
  }
  return { method: op.method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) };
}

const REFUSAL_STATUSES = new Set([401, 403, 423, 429]);
/**
 * Records a refusal itself writes, by design: its audit event, and for a refused sign-in the
 * throttling state of the access module (failure counts, lockouts, attempts).
 */
const isRefusalRecord = (op: Operation, c: Change) =>
  (c.table_name === 'audit.event' && c.operation === 'INSERT' && /denied|failed|refused|locked/.test(c.action ?? '')) ||
  (op.path.startsWith('/api/v1/auth/') && c.table_name.startsWith('access.') && c.operation !== 'DELETE');

interface Change {
  table_name: string;
  operation: string;
  action: string | null;
}
/** The changes committed since the last call, and forgets them. */
const takeChanges = () => t.sql<Change>('WITH taken AS (DELETE FROM platform.fuzz_change RETURNING *) SELECT * FROM taken');

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what the input guard refuses, so the fuzz must recognise it
const UNSTORABLE_TEXT = /[\u0000]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** True for a value the input guard refuses wherever it is: NUL, a lone surrogate, nesting past 64, in a value or a key. */
function isUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE_TEXT.test(value);
  if (value instanceof Raw) return /^(\[|\{"a":){65}/.test(value.text);
  if (Array.isArray(value)) return value.some(isUnstorable);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([k, v]) => UNSTORABLE_TEXT.test(k) || isUnstorable(v));
  return false;
}

/** The field a refusal must name, when the mutation is one that must be refused whatever the operation. */
function fieldThatMustBeNamed(op: Operation, m: Mutation): string | undefined {
  if (m.kind === 'body-slot' && !isNdjson(op) && isUnstorable(m.value)) return m.path.join('.');
  if (m.kind === 'param' && m.location !== 'header' && /%00/.test(m.value)) return `${m.location === 'query' ? 'querystring' : 'params'}.${m.name}`;
  return undefined;
}

const statuses = new Map<number, number>();

/** Sends one malformed request; answers why it failed, or undefined when it held. */
async function probe(op: Operation, mutation: Mutation): Promise<string | undefined> {
  let res: LightMyRequestResponse;
  try {
    res = await t.app.inject(buildRequest(op, mutation));
  } catch (error) {
    return `${op.key} [${mutation.label}]: the request could not be sent: ${(error as Error).message}`;
  }
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  const changes = await takeChanges();
  const failure = await judge(op, mutation, res, changes);
  // A session-ending operation that went through would sign the fuzzer out: sign in again if so.
  if (res.statusCode < 300 && op.method !== 'GET' && /^\/api\/v1\/(auth|users)\//.test(op.path)) {
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(adminToken) });
    if (me.statusCode === 401) adminToken = await t.login('admin');
    await takeChanges();
  }
  return failure;
}

async function judge(op: Operation, mutation: Mutation, res: LightMyRequestResponse, changes: Change[]): Promise<string | undefined> {
  const summary = `${op.key} [${mutation.label}] answered ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode >= 500) return summary;
  const field = fieldThatMustBeNamed(op, mutation);
  if (res.statusCode < 400 && field !== undefined) return `${summary} (accepted a value PostgreSQL cannot store)`;
  if (res.statusCode >= 400) {
    if (!String(res.headers['content-type']).startsWith('application/problem+json')) return `${summary} (not a problem document)`;
    if (field !== undefined) {
      const problem = res.json() as { type: string; errors?: { field: string }[] };
      if (problem.type !== '/problems/validation-failed' || !problem.errors?.some((e) => e.field.startsWith(field))) return `${summary} (the refusal does not name ${field})`;
    }
    // A refused sign-in or a denied action is audited on its own, by design; nothing else may change.
    const unexpected = changes.filter((c) => !(REFUSAL_STATUSES.has(res.statusCode) && isRefusalRecord(op, c)));
    if (unexpected.length > 0) return `${summary} but changed ${unexpected.map((c) => `${c.operation} ${c.table_name}${c.action ? ` (${c.action})` : ''}`).join(', ')}`;
  }
  return undefined;
}

let requests = 0;
const started = Date.now();
afterAll(() => {
  const answers = [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  console.log(`fuzzed ${operations.length} operations with ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (FUZZ_SEED=${SEED}, FUZZ_RUNS=${RUNS}): ${answers}`);
});

describe('every operation of the OpenAPI document, as an administrator, under malformed input', () => {
  it('has the operations it fuzzes', () => {
    expect(operations.length).toBeGreaterThanOrEqual(60);
  });

  // Guards the fuzzer itself: signed out, every request would be a harmless 401.
  afterAll(async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(adminToken) })).statusCode).toBe(200);
    expect(statuses.get(401) ?? 0, 'most requests must reach past sign-in').toBeLessThan(requests / 10);
  });

  const selected = operations.filter((op) => !process.env.FUZZ_ONLY || new RegExp(process.env.FUZZ_ONLY).test(op.key));
  it.each(selected.map((op) => [op.key, op] as const))(
    '%s answers each malformed request with a 4xx problem that changed nothing',
    async (_key, op) => {
      const slots = slotsOf(op);
      const examples = examplesOf(slots);
      const randomMutation = fc.constantFrom(...slots).chain((slot) => randomValue(slot).map(([label, value]) => mutation(slot, label, value)));
      const property = fc.asyncProperty(randomMutation, async (m) => {
        requests += 1;
        const failure = await probe(op, m);
        if (failure) throw new Error(failure);
      });
      // The examples run first, every time; RUNS random values from the seed follow. fast-check
      // prints the seed and the counterexample with a failure.
      await fc.assert(property, { seed: SEED, numRuns: examples.length + RUNS, examples: examples.map((m) => [m]), endOnFailure: true });
    },
    120_000,
  );
});
