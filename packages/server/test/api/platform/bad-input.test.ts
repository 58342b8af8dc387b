import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH } from '../../../src/platform/http/input-guard.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// Each class of input the outside fuzz answered with a 500 (issue 12, item 14) answers a 4xx
// problem naming the field, and changes nothing. The fuzz over the whole OpenAPI document is
// openapi-fuzz.test.ts; these name the cases one by one.

let t: TestApp;
let admin: string;
let caseId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  caseId = (await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload: complaint() })).json().id;
});
afterAll(() => t.close());

/** Row counts of the tables a refused request could have written. */
const counts = async () =>
  (
    await t.sql(`SELECT (SELECT count(*) FROM cases."case") AS cases, (SELECT max(updated_at) FROM cases."case") AS updated,
      (SELECT count(*) FROM audit.event) AS events, (SELECT count(*) FROM platform.idempotency_key) AS keys,
      (SELECT count(*) FROM cases.comment) AS comments, (SELECT count(*) FROM access.department) AS departments`)
  )[0];

const send = (method: string, url: string, payload?: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: method as 'GET',
    url,
    headers: { ...bearer(admin), ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(payload === undefined ? {} : { payload }),
  });

const caseBody = (fields: string, extra = '') => `{"type":"complaint","title":"t","fields":{"customerName":"张三","category":"fees"${fields}}${extra}}`;

describe('values PostgreSQL cannot store', () => {
  it.each([
    ['a NUL in a string', caseBody('', ',"title":"a\\u0000b"').replace('"title":"t",', ''), 'title', 'must not contain the NUL character (U+0000)'],
    ['a NUL in a form field', caseBody(',"description":"x\\u0000"'), 'fields.description', 'must not contain the NUL character (U+0000)'],
    ['a lone high surrogate', caseBody(',"description":"x\\ud800y"'), 'fields.description', 'must be well-formed Unicode (it contains a lone UTF-16 surrogate)'],
    ['a lone low surrogate in customer', caseBody('', ',"customer":{"name":"\\udc00"}'), 'customer.name', 'must be well-formed Unicode (it contains a lone UTF-16 surrogate)'],
    ['a NUL in a key', caseBody(',"a\\u0000b":"x"'), 'fields.a\\u0000b', 'has a name that must not contain the NUL character (U+0000)'],
    ['a lone surrogate in a key', caseBody('', ',"customer":{"\\ud800":"x"}'), 'customer.\\ud800', 'has a name that must be well-formed Unicode (it contains a lone UTF-16 surrogate)'],
    ['1e309', caseBody(',"amount":1e309'), 'fields.amount', 'must be a finite number'],
    ['a 20-digit integer', caseBody(',"amount":12345678901234567890'), 'fields.amount', 'must be between -9007199254740991 and 9007199254740991'],
  ])('refuses %s in a new case with 400 naming the field, storing nothing', async (_what, payload, field, reason) => {
    // given
    const before = await counts();
    // when
    const res = await send('POST', '/api/v1/cases', payload, { 'idempotency-key': `bad-${field}` });
    // then
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field, reason }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a NUL and a lone surrogate in a change, a comment and a department', async () => {
    const before = await counts();
    const patch = await send('PATCH', `/api/v1/cases/${caseId}`, '{"title":"a\\u0000"}', { 'if-match': '"1"' });
    const comment = await send('POST', `/api/v1/cases/${caseId}/comments`, '{"body":"\\ud800","visibility":"internal"}');
    const department = await send('POST', '/api/v1/departments', '{"code":"BAD-1","name":"x\\u0000","kind":"branch"}');
    expect(expectProblem(patch, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['title']);
    expect(expectProblem(comment, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['body']);
    expect(expectProblem(department, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['name']);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['/api/v1/cases?q=a%00b', 'querystring.q'],
    ['/api/v1/cases?type=%00', 'querystring.type'],
    ['/api/v1/users?q=%00', 'querystring.q'],
    ['/api/v1/cases?limit=1e309', 'querystring.limit'],
    ['/api/v1/users?limit=Infinity', 'querystring.limit'],
    ['/api/v1/cases/{case}/history?after=12345678901234567890', 'querystring.after'],
    ['/api/v1/cases/{case}/history?after=1e309', 'querystring.after'],
    ['/api/v1/audit/events/12345678901234567890/proof?treeSize=1', 'params.id'],
    ['/api/v1/audit/consistency?from=1&to=1e309', 'querystring.to'],
    ['/api/v1/case-types/complaint/versions/12345678901234567890', 'params.version'],
    ['/api/v1/case-types/complaint/versions/1e309', 'params.version'],
  ])('refuses GET %s with 400 naming %s', async (url, field) => {
    // when
    const res = await send('GET', url.replace('{case}', caseId));
    // then
    expect(expectProblem(res, 400, 'validation-failed').errors!.map((e) => e.field)).toContain(field);
  });
});

describe('nesting', () => {
  const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('refuses fields nested 5,000 deep with an Idempotency-Key with 400 naming the field, storing nothing (it overflowed the stack hashing the request)', async () => {
    // given
    const before = await counts();
    // when
    const res = await send('POST', '/api/v1/cases', caseBody(`,"description":${deep(5_000)}`), { 'idempotency-key': 'deep-1' });
    const customer = await send('POST', '/api/v1/cases', caseBody('', `,"customer":${deep(5_000)}`), { 'idempotency-key': 'deep-2' });
    // then
    const [error] = expectProblem(res, 400, 'validation-failed').errors!;
    expect(error!.field.startsWith('fields.description.a.a.')).toBe(true);
    expect(error!.reason).toBe(`nests deeper than ${MAX_NESTING_DEPTH} levels of objects and arrays`);
    expect(expectProblem(customer, 400, 'validation-failed').errors![0]!.field.startsWith('customer.a.a.')).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('accepts nesting up to the limit', async () => {
    // fields.description is the third level; a case type decides whether an object is a valid value
    const res = await send('POST', '/api/v1/cases', caseBody(`,"description":${deep(MAX_NESTING_DEPTH - 3)}`));
    const errors = expectProblem(res, 400, 'validation-failed').errors!;
    expect(errors).toContainEqual({ field: 'fields.description', reason: 'must be text', code: 'not-text' });
    expect(errors.filter((e) => e.reason.startsWith('nests deeper'))).toEqual([]);
  });

  it('refuses a bulk line with the same faults, naming line and field, creating nothing', async () => {
    // given
    const before = await counts();
    const lines = [JSON.stringify(complaint({ externalId: 'bulk-bad-1', title: 'a\u0000' })), caseBody(`,"description":${deep(5_000)}`), caseBody(',"amount":1e309')].join('\n');
    // when
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases/bulk', headers: { ...bearer(admin), 'content-type': 'application/x-ndjson' }, payload: lines });
    // then
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 0, invalid: 3 });
    expect(body.results.map((r: { errors: { field: string }[] }) => r.errors[0]!.field.split('.').slice(0, 2).join('.'))).toEqual(['title', 'fields.description', 'fields.amount']);
    expect(await counts()).toEqual(before);
  });
});

describe('requests Fastify refuses before a route', () => {
  it('answers a path that is not valid percent-encoded UTF-8 with a 400 malformed-url problem', async () => {
    for (const id of ['%ZZ', '%ED%A0%80', '%FF']) {
      expectProblem(await send('GET', `/api/v1/cases/${id}`), 400, 'malformed-url');
    }
  });

  it('answers an overlong path parameter with a 414 uri-too-long problem', async () => {
    expectProblem(await send('GET', `/api/v1/cases/${'x'.repeat(5_000)}`), 414, 'uri-too-long');
  });

  it('answers malformed JSON and a wrong content type with problems, storing nothing', async () => {
    const before = await counts();
    expectProblem(await send('POST', '/api/v1/cases', '{"type":'), 400, 'malformed-json');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { ...bearer(admin), 'content-type': 'application/xml' }, payload: '<case/>' }), 415, 'unsupported-media-type');
    expect(await counts()).toEqual(before);
  });
});
