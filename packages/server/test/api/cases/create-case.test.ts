import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';

let t: TestApp;
let admin: string;
let agent: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await t.createUser('agent.one', ['agent']);
  agent = await t.login('agent.one');
});
afterAll(() => t.close());

const countCases = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n);
const post = (payload: unknown, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { ...bearer(agent), ...headers }, payload: payload as object });

describe('POST /api/v1/cases', () => {
  it('creates a case with a readable number, version 1 and an audit event', async () => {
    const res = await post(complaint());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.number).toMatch(/^CMP-\d{4}-\d{6}$/);
    expect(body).toMatchObject({ type: 'complaint', typeVersion: 1, status: 'new', priority: 'high', version: 1 });
    expect(res.headers.location).toBe(`/api/v1/cases/${body.id}`);
    expect(res.headers.etag).toBe('"1"');
    const events = await t.sql("SELECT action, actor_name, request_id FROM audit.event WHERE case_id = $1 AND action NOT LIKE 'routing.%'", [body.id]);
    expect(events).toEqual([{ action: 'case.created', actor_name: 'agent.one', request_id: res.headers['x-request-id'] }]);
  });

  it('refuses a wrong resident-id check digit, naming the field, and stores nothing', async () => {
    const before = await countCases();
    const res = await post(complaint({}, { residentId: '110105194912310021' }));
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toEqual([{ field: 'fields.residentId', reason: 'check digit does not match (GB 11643)', code: 'check-digit', params: { standard: 'GB 11643' } }]);
    expect(await countCases()).toBe(before);
  });

  it('lists every missing and malformed field at once', async () => {
    const before = await countCases();
    const res = await post({ type: 'complaint', title: 'x', priority: 'extreme', fields: { bankCard: '6222021234567890' } });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toContainEqual({ field: 'priority', reason: expect.stringContaining('low'), code: 'not-allowed-value', params: { allowed: 'low, normal, high, urgent' } });
    const fieldsRes = await post({ type: 'complaint', title: 'x', fields: { bankCard: '6222021234567890' } });
    expect(expectProblem(fieldsRes, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['fields.customerName', 'fields.phone', 'fields.bankCard', 'fields.category', 'fields.description']);
    expect(await countCases()).toBe(before);
  });

  it('refuses missing top-level fields and unknown ones', async () => {
    const res = await post({ title: 'no type', surprise: true });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'type', reason: 'is required', code: 'required' },
        { field: 'fields', reason: 'is required', code: 'required' },
        { field: 'surprise', reason: 'is not a known field', code: 'unknown-field' },
      ]),
    );
  });

  it('refuses bad JSON with a problem document', async () => {
    const before = await countCases();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { ...bearer(agent), 'content-type': 'application/json' }, payload: '{"type": "complaint",' });
    expectProblem(res, 400, 'malformed-json');
    expect(await countCases()).toBe(before);
  });

  it('refuses an unknown case type with 404', async () => {
    expectProblem(await post(complaint({ type: 'no-such-type' })), 404, 'case-type-not-found');
  });

  it('refuses an unauthenticated call and stores nothing', async () => {
    const before = await countCases();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', payload: complaint() });
    expectProblem(res, 401, 'unauthenticated');
    const forged = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer('dks_forged'), payload: complaint() });
    expectProblem(forged, 401, 'unauthenticated');
    expect(await countCases()).toBe(before);
  });

  it('returns the first case for a repeated Idempotency-Key, never a duplicate', async () => {
    const first = await post(complaint({ title: 'idempotent' }), { 'idempotency-key': 'key-1' });
    const before = await countCases();
    const second = await post(complaint({ title: 'idempotent' }), { 'idempotency-key': 'key-1' });
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expect(await countCases()).toBe(before);
  });

  it('refuses reusing an Idempotency-Key for a different request', async () => {
    await post(complaint({ title: 'one' }), { 'idempotency-key': 'key-2' });
    const before = await countCases();
    expectProblem(await post(complaint({ title: 'two' }), { 'idempotency-key': 'key-2' }), 422, 'idempotency-key-reused');
    expect(await countCases()).toBe(before);
  });

  it('creates one case for concurrent requests with the same Idempotency-Key', async () => {
    const before = await countCases();
    const results = await Promise.all(Array.from({ length: 5 }, () => post(complaint({ title: 'race' }), { 'idempotency-key': 'key-race' })));
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(await countCases()).toBe(before + 1);
  });

  it('returns the first case for a repeated externalId from the same source', async () => {
    const first = await post(complaint({ externalId: 'ALERT-1' }));
    expect(first.statusCode).toBe(201);
    const again = await post(complaint({ externalId: 'ALERT-1', title: 'different title' }));
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const otherSource = await post(complaint({ externalId: 'ALERT-1', source: 'other-system' }));
    expect(otherSource.statusCode).toBe(201);
    expect(otherSource.json().id).not.toBe(first.json().id);
  });
});

describe('GET and PATCH /api/v1/cases/{id}', () => {
  it('reads a case with its version as ETag', async () => {
    const created = (await post(complaint())).json();
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${created.id}`, headers: bearer(agent) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(created);
    expect(res.headers.etag).toBe('"1"');
  });

  it('answers 404 for an unknown case and 400 for a malformed id', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/cases/01900000-0000-7000-8000-000000000000', headers: bearer(agent) }), 404, 'case-not-found');
    const bad = expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/cases/not-a-uuid', headers: bearer(agent) }), 400, 'validation-failed');
    expect(bad.errors![0]!.field).toBe('params.id');
  });

  it('changes a case with If-Match and records before → after', async () => {
    const created = (await post(complaint())).json();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${created.id}`,
      headers: { ...bearer(admin), 'if-match': '"1"' },
      payload: { priority: 'urgent', fields: { phone: '13900000000' }, reason: 'customer called again' },
    });
    expect(res.statusCode).toBe(200);
    // The administrator may write the phone number (they may unmask it) but reads it masked, like
    // every sensitive field. An agent, who sees only the mask, may not overwrite it: trust-scope.test.ts.
    expect(res.json()).toMatchObject({ priority: 'urgent', version: 2, fields: { phone: '139****0000', customerName: '张*' } });
    const [event] = await t.sql<{ action: string; changes: { field: string; before: string; after: string }[]; reason: string }>(
      "SELECT action, changes, reason FROM audit.event WHERE case_id = $1 AND action = 'case.updated'",
      [created.id],
    );
    expect(event!.reason).toBe('customer called again');
    expect(event!.changes[0]).toEqual({ field: 'priority', before: 'high', after: 'urgent' });
    // The phone is sensitive: sealed at rest in the audit event too, shown masked in the history.
    expect(event!.changes[1]!.field).toBe('fields.phone');
    expect(event!.changes[1]!.after).toMatch(/^dk1\./);
    expect(JSON.stringify(event)).not.toContain('13900000000');
    const history = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${created.id}/history`, headers: bearer(agent) })).json().items;
    expect(history.find((e: { action: string }) => e.action === 'case.updated').changes).toEqual([
      { field: 'priority', before: 'high', after: 'urgent' },
      { field: 'fields.phone', before: '138****5678', after: '139****0000' },
    ]);
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const created = (await post(complaint())).json();
    await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${created.id}`, headers: { ...bearer(agent), 'if-match': '"1"' }, payload: { priority: 'urgent' } });
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${created.id}`, headers: { ...bearer(agent), 'if-match': '"1"' }, payload: { priority: 'low' } });
    expect(expectProblem(res, 412, 'case-version-stale').currentVersion).toBe(2);
    const [row] = await t.sql('SELECT priority, version FROM cases.case WHERE id = $1', [created.id]);
    expect(row).toEqual({ priority: 'urgent', version: 2 });
  });

  it('requires If-Match', async () => {
    const created = (await post(complaint())).json();
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${created.id}`, headers: bearer(agent), payload: { priority: 'low' } }), 428, 'precondition-required');
  });

  it('walks the lifecycle and refuses illegal transitions with a reason', async () => {
    const created = (await post(complaint())).json();
    const patch = (version: number, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${created.id}`, headers: { ...bearer(agent), 'if-match': `"${version}"` }, payload });
    const refused = expectProblem(await patch(1, { status: 'closed' }), 409, 'case-transition-refused');
    expect(refused.detail).toContain('new case cannot become closed');
    expect((await patch(1, { status: 'open' })).json().status).toBe('open');
    expect((await patch(2, { status: 'pending' })).json().status).toBe('pending');
    const resolved = (await patch(3, { status: 'resolved' })).json();
    expect(resolved.resolvedAt).not.toBeNull();
    expect((await patch(4, { status: 'closed' })).json().closedAt).not.toBeNull();
    const noReason = expectProblem(await patch(5, { status: 'open' }), 400, 'validation-failed');
    expect(noReason.errors).toEqual([{ field: 'reason', reason: 'is required to reopen a closed case' }]);
    const reopened = (await patch(5, { status: 'open', reason: 'customer disputes the answer' })).json();
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, resolvedAt: null, version: 6 });
  });

  it('validates changed fields against the case type version of the case', async () => {
    const created = (await post(complaint())).json();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${created.id}`,
      headers: { ...bearer(agent), 'if-match': '"1"' },
      payload: { fields: { bankCard: '4111111111111112', customerName: '' } },
    });
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([
      { field: 'fields.customerName', reason: 'is required', code: 'required' },
      { field: 'fields.bankCard', reason: 'check digit does not match (Luhn)', code: 'check-digit', params: { standard: 'Luhn' } },
    ]);
    const [row] = await t.sql<{ version: number }>('SELECT version FROM cases.case WHERE id = $1', [created.id]);
    expect(row!.version).toBe(1);
  });
});
