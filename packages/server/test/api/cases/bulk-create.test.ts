import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createQueueForTest, createSeedCaseTypes } from '../../helpers/factories.ts';

let t: TestApp;
let agent: string;

beforeAll(async () => {
  t = await createTestApp();
  await createSeedCaseTypes(t, await t.login('admin'));
  await t.createUser('agent.bulk', ['agent']);
  agent = await t.login('agent.bulk');
});
afterAll(() => t.close());

const countCases = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n);
const countEvents = async () => Number((await t.sql<{ n: string }>("SELECT count(*) AS n FROM audit.event WHERE action <> 'access.denied'"))[0]!.n);
const ndjson = (lines: (object | string)[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
const postBulk = (body: string, contentType = 'application/x-ndjson', token = agent) =>
  t.app.inject({ method: 'POST', url: '/api/v1/cases/bulk', headers: { ...bearer(token), 'content-type': contentType }, payload: body });

describe('POST /api/v1/cases/bulk', () => {
  it('answers one result per line in order: created, duplicate or invalid with its errors', async () => {
    // given: a case from an earlier import
    const earlier = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(agent), payload: complaint({ externalId: 'EXT-OLD' }) });
    expect(earlier.statusCode).toBe(201);
    const casesBefore = await countCases();
    const body = ndjson([
      complaint({ externalId: 'EXT-1', title: 'first of EXT-1' }),
      '{"type": "complaint",',
      { type: 'complaint' },
      complaint({}, { residentId: '110105194912310021' }),
      complaint({ type: 'no-such-type' }),
      complaint({ externalId: 'EXT-1', title: 'repeat of EXT-1' }),
      complaint({ externalId: 'EXT-OLD' }),
      '',
      complaint({ title: 'no external id' }),
    ]);
    // when
    const res = await postBulk(body);
    // then
    expect(res.statusCode).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ created: 2, duplicates: 2, invalid: 4 });
    const [first, badJson, missing, checkDigit, unknownType, repeat, existing, noExternalId] = result.results;
    expect(result.results.map((r: { line: number }) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 9]);
    expect(first).toEqual({ line: 1, status: 'created', id: expect.any(String), number: expect.stringMatching(/^CMP-\d{4}-\d{6}$/) });
    expect(badJson).toEqual({ line: 2, status: 'invalid', errors: [{ field: '(line)', reason: 'is not valid JSON' }] });
    expect(missing.status).toBe('invalid');
    expect(missing.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['title', 'fields']));
    expect(checkDigit).toEqual({ line: 4, status: 'invalid', errors: [{ field: 'fields.residentId', reason: 'check digit does not match (GB 11643)' }] });
    expect(unknownType).toEqual({ line: 5, status: 'invalid', errors: [{ field: 'type', reason: 'no case type no-such-type' }] });
    expect(repeat).toEqual({ line: 6, status: 'duplicate', id: first.id, number: first.number });
    expect(existing).toEqual({ line: 7, status: 'duplicate', id: earlier.json().id, number: earlier.json().number });
    expect(noExternalId).toMatchObject({ line: 9, status: 'created' });
    // nothing is created for invalid or duplicate lines
    expect(await countCases()).toBe(casesBefore + 2);
    const stored = await t.sql('SELECT id, title, external_id FROM cases.case WHERE id = ANY($1::uuid[]) ORDER BY number', [[first.id, noExternalId.id]]);
    expect(stored).toEqual([
      { id: first.id, title: 'first of EXT-1', external_id: 'EXT-1' },
      { id: noExternalId.id, title: 'no external id', external_id: null },
    ]);
    // one audit event per created case, all under this request
    const events = await t.sql<{ case_id: string }>("SELECT case_id FROM audit.event WHERE action = 'case.created' AND request_id = $1 ORDER BY case_id", [res.headers['x-request-id']]);
    expect(events.map((e) => e.case_id)).toEqual([first.id, noExternalId.id].sort());
  });

  it('names a queue by key or id on a line, and refuses an unknown one on its line only', async () => {
    // given
    const queue = await createQueueForTest(t, await t.login('admin'), 'bulk-queue');
    // when
    const res = await postBulk(ndjson([complaint({ queueId: queue.id }), complaint({ queue: 'no-such-queue' }), complaint({ queue: 'bulk-queue', queueId: queue.id })]));
    // then
    const [byId, unknown, both] = res.json().results;
    expect(unknown).toEqual({ line: 2, status: 'invalid', errors: [expect.objectContaining({ field: 'queue', reason: 'no such queue' })] });
    const rows = await t.sql('SELECT queue, queue_id FROM cases.case WHERE id = ANY($1) ORDER BY number', [[byId.id, both.id]]);
    expect(rows).toEqual([
      { queue: 'bulk-queue', queue_id: queue.id },
      { queue: 'bulk-queue', queue_id: queue.id },
    ]);
  });

  it('accepts on a line every optional field a single create accepts, formats included', async () => {
    // given
    const assigneeId = await t.createUser('agent.bulk.assignee', ['agent']);
    await createQueueForTest(t, await t.login('admin'), 'complaints');
    // (dueAt is refused since issue 16: the SLA policy computes it.)
    const line = complaint({ externalId: 'EXT-FULL', source: 'core-banking', tags: ['vip'], assigneeId, queue: 'complaints', channel: 'branch' });
    // when
    const res = await postBulk(ndjson([line]));
    // then
    const [result] = res.json().results;
    expect(result, JSON.stringify(result)).toMatchObject({ line: 1, status: 'created' });
    const [row] = await t.sql('SELECT external_source, tags, assignee_id, queue, due_at, channel FROM cases.case WHERE id = $1', [result.id]);
    expect(row).toEqual({ external_source: 'core-banking', tags: ['vip'], assignee_id: assigneeId, queue: 'complaints', due_at: null, channel: 'branch' });
  });

  it('refuses a line that sets dueAt, naming it: the SLA policy computes the due time', async () => {
    // given
    const casesBefore = await countCases();
    // when
    const res = await postBulk(ndjson([complaint({ dueAt: '2026-12-31T16:00:00.000Z' })]));
    // then
    expect(res.json().results[0]).toMatchObject({ line: 1, status: 'invalid', errors: [{ field: 'dueAt', reason: expect.stringContaining('SLA policy') }] });
    expect(await countCases()).toBe(casesBefore);
  });

  it('refuses a line with a malformed date or id, naming the field, like a single create', async () => {
    // given
    const casesBefore = await countCases();
    // when
    const res = await postBulk(ndjson([complaint({ dueAt: 'tomorrow' }), complaint({ assigneeId: 'agent-7' })]));
    // then
    const [badDate, badId] = res.json().results;
    expect(badDate).toMatchObject({ line: 1, status: 'invalid', errors: [{ field: 'dueAt', reason: expect.any(String) }] });
    expect(badId).toMatchObject({ line: 2, status: 'invalid', errors: [{ field: 'assigneeId', reason: expect.any(String) }] });
    expect(await countCases()).toBe(casesBefore);
  });

  it('creates 2,500 lines over several transactions, a repeat across batches answered as duplicate', async () => {
    // given
    const casesBefore = await countCases();
    const lines = Array.from({ length: 2_500 }, (_, i) => complaint({ title: `bulk ${i}`, externalId: i === 2_400 ? 'BULK-0' : `BULK-${i}` }));
    // when
    const res = await postBulk(ndjson(lines));
    // then
    expect(res.statusCode).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ created: 2_499, duplicates: 1, invalid: 0 });
    expect(result.results).toHaveLength(2_500);
    expect(result.results.map((r: { line: number }) => r.line)).toEqual(Array.from({ length: 2_500 }, (_, i) => i + 1));
    expect(result.results[2_400]).toEqual({ line: 2_401, status: 'duplicate', id: result.results[0].id, number: result.results[0].number });
    expect(new Set(result.results.map((r: { number: string }) => r.number)).size).toBe(2_499);
    expect(await countCases()).toBe(casesBefore + 2_499);
    const [events] = await t.sql<{ n: string }>("SELECT count(*) AS n FROM audit.event WHERE action = 'case.created' AND request_id = $1", [res.headers['x-request-id']]);
    expect(Number(events!.n)).toBe(2_499);
    // Every line is routed as it is created (issue 17): a decision, its audit and outbox events and
    // the routing state per case, one by one. Slower than the set-based insert; the time is the
    // bench's to judge (see the closing note of issue 17), not this test's.
  }, 300_000);

  it('refuses more than 10,000 lines with 400 and creates nothing', async () => {
    // given
    const casesBefore = await countCases();
    const eventsBefore = await countEvents();
    const line = JSON.stringify(complaint());
    // when
    const res = await postBulk(Array.from({ length: 10_001 }, () => line).join('\n'));
    // then
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: '(body)', reason: 'has 10001 lines; at most 10000' }]);
    expect(await countCases()).toBe(casesBefore);
    expect(await countEvents()).toBe(eventsBefore);
  });

  it.each([
    ['text/plain', ndjson([complaint()])],
    ['application/json', JSON.stringify(complaint())],
  ])('refuses Content-Type %s with 415 and creates nothing', async (contentType, body) => {
    // given
    const casesBefore = await countCases();
    // when
    const res = await postBulk(body, contentType);
    // then
    expectProblem(res, 415, 'unsupported-media-type');
    expect(await countCases()).toBe(casesBefore);
  });

  it('answers an empty body with no results', async () => {
    const res = await postBulk('\n\n');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 0, duplicates: 0, invalid: 0, refused: 0, results: [] });
  });

  it('refuses a caller without case:create with 403 and creates nothing', async () => {
    // given
    await t.createUser('auditor.bulk', ['auditor']);
    const auditor = await t.login('auditor.bulk');
    const casesBefore = await countCases();
    // when
    const res = await postBulk(ndjson([complaint()]), 'application/x-ndjson', auditor);
    // then
    expectProblem(res, 403, 'forbidden');
    expect(await countCases()).toBe(casesBefore);
  });

  it('refuses an unauthenticated caller', async () => {
    const casesBefore = await countCases();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases/bulk', headers: { 'content-type': 'application/x-ndjson' }, payload: ndjson([complaint()]) });
    expectProblem(res, 401, 'unauthenticated');
    expect(await countCases()).toBe(casesBefore);
  });
});
