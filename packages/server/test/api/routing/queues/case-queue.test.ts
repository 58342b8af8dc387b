import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { complaint, createQueueForTest, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

let t: TestApp;
let admin: string;
let cards: { id: string; key: string };
let loans: { id: string; key: string };

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
const api = (token: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, payload });
const caseCount = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n);
const rowOf = async (id: string) => (await t.sql<{ queue: string | null; queue_id: string | null }>('SELECT queue, queue_id FROM cases.case WHERE id = $1', [id]))[0]!;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  cards = await createQueueForTest(t, admin, 'cards');
  loans = await createQueueForTest(t, admin, 'loans');
});
afterAll(() => t.close());

describe("a case's queue by key or by id (issue 17)", () => {
  it('creates a case in a queue named by key, or by id, or by both when they agree; the answer carries both', async () => {
    for (const named of [{ queue: 'cards' }, { queueId: cards.id }, { queue: 'cards', queueId: cards.id }]) {
      const res = await api(admin, 'POST', '/cases', complaint(named));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ queue: 'cards', queueId: cards.id });
      expect(await rowOf(res.json().id)).toEqual({ queue: 'cards', queue_id: cards.id });
      expect((await api(admin, 'GET', `/cases/${res.json().id}`)).json()).toMatchObject({ queue: 'cards', queueId: cards.id });
    }
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown key', { queue: 'no-such-queue' }, 'queue'],
    ['an unknown id', { queueId: '01900000-0000-7000-8000-000000000000' }, 'queueId'],
    ['a key and an id of different queues', { queue: 'cards', queueId: '' }, 'queueId'],
  ])('refuses a create naming %s with 400 naming the field, creating nothing', async (_name, named, field) => {
    const payload = named.queueId === '' ? { ...named, queueId: loans.id } : named;
    const before = await caseCount();
    const problem = expectProblem(await api(admin, 'POST', '/cases', complaint(payload)), 400, 'validation-failed');
    expect(problem.errors!.map((e) => e.field)).toEqual([field]);
    expect(await caseCount()).toBe(before);
  });

  it('puts a case created without a queue in its type’s default queue, through the router (no rule matched)', async () => {
    const res = await api(admin, 'POST', '/cases', complaint());
    expect(res.statusCode).toBe(201);
    // The create leaves it empty; the router, in the same command, applies the type's default.
    const row = await rowOf(res.json().id);
    expect(row.queue).toBe('service');
    expect(row.queue_id).toEqual(expect.any(String));
    expect(res.json()).toMatchObject({ queue: 'service', queueId: row.queue_id });
  });

  it('moves a case to another queue by key or by id, keeps the id in step, clears it with null, and refuses an unknown one', async () => {
    const created = (await api(admin, 'POST', '/cases', complaint({ queue: 'cards' }))).json();
    const patch = (version: number, body: object) => api(admin, 'PATCH', `/cases/${created.id}`, body, { 'if-match': `"${version}"` });
    const byKey = await patch(1, { queue: 'loans' });
    expect(byKey.statusCode, byKey.body).toBe(200);
    expect(byKey.json()).toMatchObject({ queue: 'loans', queueId: loans.id, version: 2 });
    expect((await patch(2, { queueId: cards.id })).json()).toMatchObject({ queue: 'cards', queueId: cards.id, version: 3 });
    const unknown = expectProblem(await patch(3, { queue: 'no-such-queue' }), 400, 'validation-failed');
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'queue', reason: 'no such queue' })]);
    expect(expectProblem(await patch(3, { queue: 'cards', queueId: loans.id }), 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['queueId']);
    expect(await rowOf(created.id)).toEqual({ queue: 'cards', queue_id: cards.id });
    expect((await patch(3, { queueId: null })).json()).toMatchObject({ queue: null, queueId: null, version: 4 });
    expect(await rowOf(created.id)).toEqual({ queue: null, queue_id: null });
    // the change is audited as a queue change, by key
    const [event] = await t.sql<{ changes: { field: string; before: unknown; after: unknown }[] }>(
      "SELECT changes FROM audit.event WHERE case_id = $1 AND action = 'case.updated' ORDER BY id LIMIT 1",
      [created.id],
    );
    expect(event!.changes).toEqual([{ field: 'queue', before: 'cards', after: 'loans' }]);
  });

  it('is kept by the database too: a write naming an unknown key is refused, and the id follows the key', async () => {
    const created = (await api(admin, 'POST', '/cases', complaint({ queue: 'cards' }))).json();
    await expect(t.sql("UPDATE cases.case SET queue = 'no-such-queue' WHERE id = $1", [created.id])).rejects.toThrow(/no queue with key no-such-queue/);
    await t.sql("UPDATE cases.case SET queue = 'loans' WHERE id = $1", [created.id]);
    expect(await rowOf(created.id)).toEqual({ queue: 'loans', queue_id: loans.id });
  });
});

describe("a case type's default queue", () => {
  const seed = SEED_CASE_TYPES.find((type) => type.key === 'consultation')!;

  it('must name a queue that exists (400 naming defaultQueue), and keeps its id beside the key', async () => {
    const refused = await api(admin, 'POST', '/case-types', { ...seed, key: 'queued-type', prefix: 'QTY', defaultQueue: 'no-such-queue' });
    expect(expectProblem(refused, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['defaultQueue']);
    expect(await t.sql("SELECT key FROM cases.case_type WHERE key = 'queued-type'")).toEqual([]);
    const created = await api(admin, 'POST', '/case-types', { ...seed, key: 'queued-type', prefix: 'QTY', defaultQueue: 'cards' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ defaultQueue: 'cards', defaultQueueId: cards.id });
    const saved = await api(admin, 'PUT', '/case-types/queued-type', { name: seed.name, schema: seed.schema, defaultQueue: 'loans' });
    expect(saved.json()).toMatchObject({ defaultQueue: 'loans', defaultQueueId: loans.id, version: 2 });
    expect(
      expectProblem(await api(admin, 'PUT', '/case-types/queued-type', { name: seed.name, schema: seed.schema, defaultQueue: 'no-such-queue' }), 400, 'validation-failed').errors!.map((e) => e.field),
    ).toEqual(['defaultQueue']);
    const versions = await t.sql("SELECT version, default_queue, default_queue_id FROM cases.case_type_version WHERE key = 'queued-type' ORDER BY version");
    expect(versions).toEqual([
      { version: 1, default_queue: 'cards', default_queue_id: cards.id },
      { version: 2, default_queue: 'loans', default_queue_id: loans.id },
    ]);
  });
});

describe('groups of kind queue', () => {
  it('are refused: POST /groups with kind queue answers 400 naming kind', async () => {
    const problem = expectProblem(await api(admin, 'POST', '/groups', { key: 'old-style', name: 'Old style', kind: 'queue' }), 400, 'validation-failed');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'kind', reason: expect.stringContaining('/api/v1/queues') })]);
  });
});
