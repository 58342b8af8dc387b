import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../src/platform/clock/clock.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createQueueForTest, createSeedCaseTypes } from '../../helpers/factories.ts';

interface CaseBody {
  id: string;
  number: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  dueAt: string | null;
  [key: string]: unknown;
}

const consultation = (overrides: Record<string, unknown> = {}) => ({ type: 'consultation', title: 'A question', fields: { question: 'When?' }, ...overrides });

async function insertDepartment(t: TestApp, code: string): Promise<string> {
  const id = randomUUID();
  await t.sql("INSERT INTO access.department (id, code, name, kind, path) VALUES ($1, $2, $2, 'branch', $3)", [id, code, `/${id}`]);
  return id;
}

async function createCaseOrThrow(t: TestApp, token: string, payload: object): Promise<CaseBody> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload });
  if (res.statusCode !== 201) throw new Error(`create case: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Due dates are computed by the SLA clocks (issue 16); a list test sets them as data. */
async function setDueAt(t: TestApp, id: string, dueAt: string): Promise<void> {
  await t.sql('UPDATE cases.case SET due_at = $2 WHERE id = $1', [id, dueAt]);
}

async function listOrThrow(t: TestApp, token: string, query: Record<string, string | number>): Promise<{ items: CaseBody[]; nextCursor: string | null; now: string }> {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(token), query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) });
  if (res.statusCode !== 200) throw new Error(`list cases ${JSON.stringify(query)}: ${res.statusCode} ${res.body}`);
  return res.json();
}

describe('GET /api/v1/cases filters', () => {
  let t: TestApp;
  let admin: string;
  const clock = new FixedClock(new Date('2026-03-02T08:00:00.000Z'));
  const cases: Record<'A' | 'B' | 'C' | 'D' | 'E', CaseBody> = {} as never;
  let agentOne: string;
  let branchOne: string;
  let branchTwo: string;
  let complaintsQueueId: string;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    admin = await t.login('admin');
    await createSeedCaseTypes(t, admin);
    complaintsQueueId = (await createQueueForTest(t, admin, 'complaints')).id;
    await createQueueForTest(t, admin, 'general');
    agentOne = await t.createUser('agent.one', ['agent']);
    const agentTwo = await t.createUser('agent.two', ['agent']);
    branchOne = await insertDepartment(t, 'BR-001');
    branchTwo = await insertDepartment(t, 'BR-002');
    const specs = {
      A: complaint({
        title: 'Card fraud reported',
        priority: 'high',
        customer: { id: 'C-100' },
        tags: ['vip', 'fees'],
        queue: 'complaints',
        assigneeId: agentOne,
        departmentId: branchOne,
        dueAt: '2026-03-05T00:00:00.000Z',
      }),
      B: consultation({ title: 'Question about loans', customer: { id: 'C-200' }, tags: ['fees'], queue: 'general', departmentId: branchTwo }),
      C: complaint({
        title: 'ATM swallowed CARD',
        priority: 'low',
        customer: { id: 'C-100' },
        tags: ['vip'],
        queue: 'complaints',
        assigneeId: agentTwo,
        departmentId: branchOne,
        dueAt: '2026-03-10T00:00:00.000Z',
      }),
      D: complaint({ title: '100% fee refund demanded', priority: 'urgent', customer: { id: 'C-300' }, queue: 'complaints', dueAt: '2026-03-03T00:00:00.000Z' }),
      E: consultation({ title: 'Opening hours' }),
    };
    for (const [label, { dueAt, ...payload }] of Object.entries(specs) as [string, Record<string, unknown>][]) {
      const created = await createCaseOrThrow(t, admin, payload);
      // A client may not set a due date (issue 16: the SLA clocks compute it); the list's data sets it directly.
      if (typeof dueAt === 'string') await setDueAt(t, created.id, dueAt);
      cases[label as keyof typeof cases] = { ...created, dueAt: (dueAt as string | undefined) ?? null };
      clock.advanceMs(60_000);
    }
    const opened = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${cases.C.id}`, headers: { ...bearer(admin), 'if-match': '"1"' }, payload: { status: 'open' } });
    expect(opened.statusCode).toBe(200);
  });
  afterAll(() => t.close());

  const labelsOf = async (query: Record<string, string>) => {
    const byId = new Map(Object.entries(cases).map(([label, c]) => [c.id, label]));
    return (await listOrThrow(t, admin, query)).items.map((c) => byId.get(c.id) ?? c.title);
  };

  it.each<[string, Record<string, string>, string[]]>([
    ['no filter, newest first', {}, ['E', 'D', 'C', 'B', 'A']],
    ['one type', { type: 'consultation' }, ['E', 'B']],
    ['several types', { type: 'complaint,consultation' }, ['E', 'D', 'C', 'B', 'A']],
    ['status', { status: 'open' }, ['C']],
    ['several statuses', { status: 'new,pending' }, ['E', 'D', 'B', 'A']],
    ['priority', { priority: 'high,urgent' }, ['D', 'A']],
    ['queue', { queue: 'complaints' }, ['D', 'C', 'A']],
    ['customer id', { customer: 'C-100' }, ['C', 'A']],
    ['one tag', { tag: 'vip' }, ['C', 'A']],
    ['every tag given', { tag: 'vip,fees' }, ['A']],
    ['created range, from inclusive and to exclusive', { createdFrom: '2026-03-02T08:01:00.000Z', createdTo: '2026-03-02T08:03:00.000Z' }, ['C', 'B']],
    ['due range, to exclusive', { dueFrom: '2026-03-04T00:00:00.000Z', dueTo: '2026-03-10T00:00:00.000Z' }, ['A']],
    ['due from only', { dueFrom: '2026-03-04T00:00:00.000Z' }, ['C', 'A']],
    ['text in the title, any case', { q: 'card' }, ['C', 'A']],
    ['text with a LIKE wildcard taken literally', { q: '%' }, ['D']],
    ['an underscore taken literally', { q: '_' }, []],
    ['several filters together', { type: 'complaint', queue: 'complaints', priority: 'low' }, ['C']],
  ])('filters by %s', async (_name, query, expected) => {
    expect(await labelsOf(query)).toEqual(expected);
  });

  it('filters by queue id as by its key, and each case carries both', async () => {
    expect(await labelsOf({ queueId: complaintsQueueId })).toEqual(['D', 'C', 'A']);
    expect(await labelsOf({ queueId: randomUUID() })).toEqual([]);
    const page = await listOrThrow(t, admin, { queue: 'complaints' });
    expect(page.items.map((c) => [c.queue, c.queueId])).toEqual(page.items.map(() => ['complaints', complaintsQueueId]));
  });

  it('filters by assignee and by department', async () => {
    expect(await labelsOf({ assigneeId: agentOne })).toEqual(['A']);
    expect(await labelsOf({ departmentId: branchOne })).toEqual(['C', 'A']);
    expect(await labelsOf({ departmentId: branchTwo })).toEqual(['B']);
    expect(await labelsOf({ assigneeId: randomUUID() })).toEqual([]);
  });

  it('finds a case by its exact number, but not by a part of it', async () => {
    expect(await labelsOf({ q: cases.B.number })).toEqual(['B']);
    expect(await labelsOf({ q: cases.B.number.slice(0, 8) })).toEqual([]);
  });

  it('refuses malformed filters, naming them', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/cases?assigneeId=nobody&createdFrom=yesterday&colour=red', headers: bearer(admin) });
    const fields = expectProblem(res, 400, 'validation-failed').errors!.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['querystring.assigneeId', 'querystring.createdFrom', 'querystring.colour']));
  });

  it('refuses an unauthenticated caller and shows a token without case:read no case', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/cases' }), 401, 'unauthenticated');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/api-tokens',
      headers: bearer(admin),
      payload: { name: 'create only', scopes: ['case:create'], expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString() },
    });
    // Lists are filtered by the reader's policy in SQL: without case:read nothing is visible.
    expect(await listOrThrow(t, created.json().token, {})).toEqual({ items: [], nextCursor: null, now: clock.now().toISOString() });
  });

  it("answers with the server's now (the clock's, not the wall's), so a list counts down to dueAt on the server's time", async () => {
    const page = await listOrThrow(t, admin, { limit: 1 });
    expect(page.now).toBe(clock.now().toISOString());
  });
});

describe('GET /api/v1/cases sorting and cursor pagination', () => {
  let t: TestApp;
  let admin: string;
  const clock = new FixedClock(new Date('2026-04-01T00:00:00.000Z'));
  const CASE_COUNT = 23;
  const SORTS = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'dueAt', '-dueAt'] as const;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    admin = await t.login('admin');
    await createSeedCaseTypes(t, admin);
    const created: CaseBody[] = [];
    for (let i = 0; i < CASE_COUNT; i++) {
      // Three cases share each creation instant and every third has no due date, so ties and NULLs are exercised.
      if (i % 3 === 0) clock.advanceMs(1_000);
      const dueAt = i % 3 === 0 ? undefined : new Date(Date.UTC(2026, 3, 10 + (i % 4))).toISOString();
      const c = await createCaseOrThrow(t, admin, consultation({ title: `Paging case ${i}` }));
      if (dueAt) await setDueAt(t, c.id, dueAt);
      created.push({ ...c, dueAt: dueAt ?? null });
    }
    for (const [i, c] of created.entries()) {
      if (i % 5 !== 0) continue;
      clock.advanceMs(1_000);
      const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${c.id}`, headers: { ...bearer(admin), 'if-match': '"1"' }, payload: { priority: 'high' } });
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(() => t.close());

  // The order the API promises: the sort column (NULL due dates last in both directions), then id.
  function expectedOrder(all: CaseBody[], sort: (typeof SORTS)[number]): string[] {
    const descending = sort.startsWith('-');
    const column = sort.replace('-', '') as 'createdAt' | 'updatedAt' | 'dueAt';
    return [...all]
      .sort((a, b) => {
        const x = a[column];
        const y = b[column];
        if (x !== y) {
          if (x === null) return 1;
          if (y === null) return -1;
          return (Date.parse(x) - Date.parse(y)) * (descending ? -1 : 1);
        }
        return (a.id < b.id ? -1 : 1) * (descending ? -1 : 1);
      })
      .map((c) => c.id);
  }

  async function walkPages(sort: string, limit: number): Promise<{ ids: string[]; pageSizes: number[] }> {
    const ids: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await listOrThrow(t, admin, { sort, limit, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((c) => c.id));
      pageSizes.push(page.items.length);
      cursor = page.nextCursor;
      if (pageSizes.length > CASE_COUNT) throw new Error('pagination does not end');
    } while (cursor);
    return { ids, pageSizes };
  }

  it.each(SORTS)('walks every case once, in order, sorted by %s', async (sort) => {
    // given
    const all = (await listOrThrow(t, admin, { sort, limit: 200 })).items;
    expect(all).toHaveLength(CASE_COUNT);
    // when
    const { ids, pageSizes } = await walkPages(sort, 4);
    // then
    expect(all.map((c) => c.id)).toEqual(expectedOrder(all, sort));
    expect(ids).toEqual(all.map((c) => c.id));
    expect(new Set(ids).size).toBe(CASE_COUNT);
    expect(pageSizes).toEqual([4, 4, 4, 4, 4, 3]);
  });

  it('puts cases without a due date last whichever the direction', async () => {
    for (const sort of ['dueAt', '-dueAt']) {
      const dueAts = (await listOrThrow(t, admin, { sort, limit: 200 })).items.map((c) => c.dueAt);
      const firstNull = dueAts.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(dueAts.slice(firstNull).every((d) => d === null)).toBe(true);
    }
  });

  it('answers the last page without a cursor when the count is a multiple of the limit', async () => {
    const { pageSizes } = await walkPages('-createdAt', 23);
    expect(pageSizes).toEqual([23]);
  });

  const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

  it.each<[string, () => Promise<string>, string]>([
    ['not base64 JSON', async () => 'not-a-cursor!', '-createdAt'],
    ['of another sort', async () => (await listOrThrow(t, admin, { sort: '-createdAt', limit: 2 })).nextCursor!, 'dueAt'],
    ['with a value that is no instant', async () => cursorOf(['-createdAt', 'soon', '01900000-0000-7000-8000-000000000000']), '-createdAt'],
    ['with a value that is no ISO instant', async () => cursorOf(['-createdAt', '2026', '01900000-0000-7000-8000-000000000000']), '-createdAt'],
    ['with an id that is no uuid', async () => cursorOf(['-createdAt', '2026-04-01T00:00:01.000Z', 'not-a-uuid']), '-createdAt'],
    ['of the wrong shape', async () => cursorOf([]), '-createdAt'],
  ])('refuses a cursor %s with 400 invalid-cursor', async (_name, makeCursor, sort) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(admin), query: { sort, cursor: await makeCursor() } });
    expectProblem(res, 400, 'invalid-cursor');
  });

  it.each(['0', '201', '-1', 'ten'])('refuses limit=%s with 400 naming limit', async (limit) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/cases?limit=${limit}`, headers: bearer(admin) });
    expect(expectProblem(res, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['querystring.limit']);
  });

  it('accepts the limit bounds 1 and 200', async () => {
    expect((await listOrThrow(t, admin, { limit: 1 })).items).toHaveLength(1);
    expect((await listOrThrow(t, admin, { limit: 200 })).items).toHaveLength(CASE_COUNT);
  });

  it('refuses an unknown sort, naming it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/cases?sort=title', headers: bearer(admin) });
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([
      { field: 'querystring.sort', reason: expect.stringContaining('must be one of -createdAt'), code: 'not-allowed-value', params: { allowed: expect.stringContaining('-createdAt') } },
    ]);
  });
});
