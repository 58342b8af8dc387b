import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';

let t: TestApp;
let agent: string;
let agentId: string;

beforeAll(async () => {
  t = await createTestApp({ config: { trustProxy: true } }); // as behind a reverse proxy: X-Forwarded-For names the client
  await createSeedCaseTypes(t, await t.login('admin'));
  agentId = await t.createUser('agent.history', ['agent']);
  agent = await t.login('agent.history');
});
afterAll(() => t.close());

const history = (caseId: string, query = '', headers: Record<string, string> = bearer(agent)) => t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/history${query}`, headers });

async function caseWithThreeEvents() {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { ...bearer(agent), 'x-request-id': 'req-create-1', 'x-forwarded-for': '198.51.100.10' },
    payload: complaint(),
  });
  const id = created.json().id as string;
  await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/cases/${id}`,
    headers: { ...bearer(agent), 'if-match': '"1"', 'x-request-id': 'req-patch-1', 'x-forwarded-for': '203.0.113.7' },
    payload: { priority: 'urgent', fields: { description: '客户再次来电' }, reason: 'customer called again' },
  });
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${id}/comments`,
    headers: { ...bearer(agent), 'x-request-id': 'req-note-1' },
    payload: { body: 'escalated to the branch manager', visibility: 'internal' },
  });
  return id;
}

describe('GET /api/v1/cases/{id}/history', () => {
  it('returns the events in the order they were written, with actor, change, reason, request id and client ip', async () => {
    // given
    const id = await caseWithThreeEvents();
    // when
    const res = await history(id);
    // then
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    // The router's placement of the new case is part of its history, in the creating request (issue 17).
    expect(items.map((e: { action: string }) => e.action)).toEqual(['case.created', 'routing.case-routed', 'case.updated', 'case.noted']);
    expect(items[1]).toMatchObject({ action: 'routing.case-routed', requestId: 'req-create-1' });
    items.splice(1, 1);
    expect(items.map((e: { id: number }) => e.id)).toEqual([...items.map((e: { id: number }) => e.id)].sort((a: number, b: number) => a - b));
    expect(items[0]).toMatchObject({
      actorId: agentId,
      actorName: 'agent.history',
      targetType: 'case',
      targetId: id,
      caseId: id,
      requestId: 'req-create-1',
      clientIp: '198.51.100.10',
      channel: 'web',
    });
    expect(items[0].changes).toContainEqual({ field: 'priority', before: null, after: 'high' });
    expect(items[1]).toMatchObject({
      actorName: 'agent.history',
      action: 'case.updated',
      reason: 'customer called again',
      requestId: 'req-patch-1',
      clientIp: '203.0.113.7',
      changes: [
        { field: 'priority', before: 'high', after: 'urgent' },
        { field: 'fields.description', before: '账户被收取不明费用', after: '客户再次来电' },
      ],
    });
    expect(items[2]).toMatchObject({ action: 'case.noted', targetType: 'comment', requestId: 'req-note-1', reason: null });
    expect(Date.parse(items[0].occurredAt)).toBeLessThanOrEqual(Date.parse(items[2].occurredAt));
  });

  it('pages with after and limit', async () => {
    // given
    const id = await caseWithThreeEvents();
    const all = (await history(id)).json().items;
    // when
    const firstTwo = (await history(id, '?limit=2')).json().items;
    const rest = (await history(id, `?after=${firstTwo[1].id}`)).json().items;
    // then
    expect([...firstTwo, ...rest]).toEqual(all);
  });

  it('answers 404 for an unknown case and 400 for a malformed id', async () => {
    expectProblem(await history('01900000-0000-7000-8000-000000000000'), 404, 'case-not-found');
    expect(expectProblem(await history('42'), 400, 'validation-failed').errors![0]!.field).toBe('params.id');
  });

  it('refuses an unauthenticated caller with 401', async () => {
    const id = await caseWithThreeEvents();
    expectProblem(await history(id, '', {}), 401, 'unauthenticated');
  });
});

describe('audit.event in the database', () => {
  const eventCount = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM audit.event'))[0]!.n);

  it.each([
    ['UPDATE', "UPDATE audit.event SET actor_name = 'someone else'"],
    ['DELETE', 'DELETE FROM audit.event'],
    ['TRUNCATE', 'TRUNCATE audit.event'],
  ])('refuses %s for every role, and the events stay as they were', async (operation, statement) => {
    // given
    await caseWithThreeEvents();
    const before = await t.sql('SELECT * FROM audit.event ORDER BY id');
    // when
    const refused = t.sql(statement);
    // then
    await expect(refused).rejects.toMatchObject({ code: '42501', message: `audit.event is append-only: ${operation} refused` });
    expect(await t.sql('SELECT * FROM audit.event ORDER BY id')).toEqual(before);
    expect(await eventCount()).toBe(before.length);
  });
});
