import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUpReadModel, rebuildReadModel } from '../../../../src/modules/analytics/index.ts';
import { SEED_CASE_TYPE_PROCESSES, SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { complaint, createQueueForTest } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// After any sequence of real commands — cases created, assigned, moved between branches,
// resolved, reopened, closed; complaint tasks claimed and completed with ratings; the projector
// catching up at arbitrary points — the incrementally kept read model equals the rebuild's.
// And the read model's status and rebuild endpoints: analytics:admin only, the rebuild audited.

const here = path.dirname(fileURLToPath(import.meta.url));
const COMPLAINT_BPMN = readFileSync(path.resolve(here, '../../../../seed/processes/complaint-handling.bpmn'), 'utf8');

let t: TestApp;
let admin: string;
let analyst: string;
const users: Record<string, string> = {};
const tokens: Record<string, string> = {};
const departments: Record<string, string> = {};
const caseIds: string[] = [];

const as = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });

async function readModel() {
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ projected_at: _, ...rest }) => rest);
  return {
    facts: strip(await t.sql('SELECT * FROM analytics.case_fact ORDER BY id')),
    daily: await t.sql('SELECT * FROM analytics.case_daily ORDER BY day, department_id NULLS FIRST, type_key, channel, category, product, region, sensitivity'),
    tasks: strip(await t.sql('SELECT * FROM analytics.task_fact ORDER BY task_id')),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const dept = async (code: string, kind: string, parentId?: string) => (await as(admin, 'POST', '/departments', { code, name: code, kind, ...(parentId ? { parentId } : {}) })).json().id as string;
  departments.hq = await dept('HQ', 'head-office');
  departments.bj = await dept('BJ', 'branch', departments.hq);
  departments.sh = await dept('SH', 'branch', departments.hq);
  await as(admin, 'PUT', `/routing/branch-areas/${departments.bj}`, { areas: ['1101'] });
  await as(admin, 'PUT', `/routing/branch-areas/${departments.sh}`, { areas: ['3101'] });
  for (const [name, department] of [
    ['bj1', 'bj'],
    ['bj2', 'bj'],
    ['sh1', 'sh'],
  ] as const) {
    users[name] = await t.createUser(name, ['supervisor'], departments[department]);
    tokens[name] = await t.login(name);
  }
  await t.createUser('analyst', ['analyst'], departments.hq);
  analyst = await t.login('analyst');
  await as(admin, 'POST', '/groups', { key: 'complaint-review', name: 'complaint-review', kind: 'group', memberIds: [users.bj2, users.sh1] });
  expect((await as(admin, 'POST', '/processes', COMPLAINT_BPMN, { 'content-type': 'application/xml' })).statusCode).toBe(201);
  for (const type of SEED_CASE_TYPES.filter((candidate) => ['complaint', 'consultation'].includes(candidate.key))) {
    await createQueueForTest(t, admin, type.defaultQueue);
    const res = await as(admin, 'POST', '/case-types', { ...type, ...(SEED_CASE_TYPE_PROCESSES[type.key] ? { processKey: SEED_CASE_TYPE_PROCESSES[type.key] } : {}) });
    expect(res.statusCode, res.body).toBe(201);
  }
  await catchUpReadModel(t.database.db);
}, 60_000);
afterAll(() => t?.close());

type Action =
  | { kind: 'create'; type: 'complaint' | 'consultation'; department: 'bj' | 'sh'; channel: string; category: string }
  | { kind: 'assign'; pick: number; user: string }
  | { kind: 'move'; pick: number; department: 'bj' | 'sh' }
  | { kind: 'status'; pick: number; status: 'open' | 'pending' | 'resolved' | 'closed' }
  | { kind: 'claim'; pick: number; user: string }
  | { kind: 'complete'; pick: number; resolution: string; satisfaction: number }
  | { kind: 'catch-up' };

const who = fc.constantFrom('bj1', 'bj2', 'sh1');
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      type: fc.constantFrom('complaint' as const, 'consultation' as const),
      department: fc.constantFrom('bj' as const, 'sh' as const),
      channel: fc.constantFrom('phone', 'app', 'branch'),
      category: fc.constantFrom('fees', 'service', 'credit-card'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('assign' as const), pick: fc.nat(), user: who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), department: fc.constantFrom('bj' as const, 'sh' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom('open' as const, 'pending' as const, 'resolved' as const, 'closed' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('claim' as const), pick: fc.nat(), user: who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: fc.nat(), resolution: fc.constantFrom('resolved', 'partial'), satisfaction: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'catch-up' as const }) },
);

async function run(a: Action): Promise<void> {
  const pickCase = (n: number) => caseIds[n % caseIds.length];
  if (a.kind === 'catch-up') {
    await catchUpReadModel(t.database.db);
    return;
  }
  if (a.kind === 'create') {
    const payload =
      a.type === 'complaint'
        ? complaint({ departmentId: departments[a.department], channel: a.channel }, { category: a.category })
        : { type: 'consultation', title: '咨询', channel: a.channel, departmentId: departments[a.department], fields: { topic: 'accounts', question: '年费' } };
    const res = await as(admin, 'POST', '/cases', payload);
    expect(res.statusCode, res.body).toBe(201);
    caseIds.push(res.json().id);
    return;
  }
  const id = pickCase(a.pick);
  if (id === undefined) return;
  if (a.kind === 'claim' || a.kind === 'complete') {
    const tasks = (await as(admin, 'GET', `/tasks?caseId=${id}`)).json().items as { id: string; elementId: string; assignee: string | null }[];
    const task = tasks[a.pick % Math.max(tasks.length, 1)];
    if (!task) return;
    if (a.kind === 'claim') await as(tokens[a.user]!, 'POST', `/tasks/${task.id}/claim`);
    else await as(admin, 'POST', `/tasks/${task.id}/complete`, { variables: task.elementId === 'followUp' ? { satisfaction: a.satisfaction } : { resolution: a.resolution } });
    return;
  }
  const current = (await as(admin, 'GET', `/cases/${id}`)).json();
  const body = a.kind === 'assign' ? { assigneeId: users[a.user] } : a.kind === 'move' ? { departmentId: departments[a.department] } : { status: a.status, reason: '客户要求' };
  // Refused moves (a transition the lifecycle lacks, a review holding a complaint open) are part of any history.
  await as(admin, 'PATCH', `/cases/${id}`, body, { 'if-match': `"${current.version}"` });
}

describe('the incremental projector', () => {
  it('ends where the rebuild ends, whatever the history and wherever it caught up', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 8, maxLength: 24 }), async (actions) => {
        for (const a of actions) await run(a);
        await catchUpReadModel(t.database.db);
        const incremental = await readModel();
        await rebuildReadModel(t.database.db);
        expect(await readModel()).toEqual(incremental);
      }),
      { numRuns: 4 },
    );
    expect(caseIds.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('GET /analytics/read-model and POST /analytics/read-model/rebuild', () => {
  it('are refused to a reader without analytics:admin, changing nothing', async () => {
    expectProblem(await as(analyst, 'GET', '/analytics/read-model'), 403, 'forbidden');
    const before = await t.sql('SELECT rebuilt_at FROM analytics.projector_state');
    expectProblem(await as(analyst, 'POST', '/analytics/read-model/rebuild'), 403, 'forbidden');
    expect(await t.sql('SELECT rebuilt_at FROM analytics.projector_state')).toEqual(before);
    expect(await t.sql("SELECT 1 FROM audit.event WHERE action = 'analytics.read-model-rebuilt'")).toEqual([]);
  });

  it('report the pending events and lag, and rebuild under audit', async () => {
    await catchUpReadModel(t.database.db);
    const upToDate = await as(admin, 'GET', '/analytics/read-model');
    expect(upToDate.statusCode, upToDate.body).toBe(200);
    const facts = (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM analytics.case_fact'))[0]!.n;
    expect(upToDate.json()).toMatchObject({ pendingEvents: 0, lagSeconds: 0, pendingCapped: false, facts: { cases: facts } });

    expect((await as(admin, 'POST', '/cases', complaint({ departmentId: departments.bj }))).statusCode).toBe(201);
    const behind = (await as(admin, 'GET', '/analytics/read-model')).json();
    expect(behind.pendingEvents).toBeGreaterThan(0);
    expect(behind.lagSeconds).toBeGreaterThanOrEqual(0);

    const rebuilt = await as(admin, 'POST', '/analytics/read-model/rebuild');
    expect(rebuilt.statusCode, rebuilt.body).toBe(200);
    expect(rebuilt.json()).toMatchObject({ cases: facts + 1 });
    const [audit] = await t.sql<{ action: string; data: { cases: number } }>("SELECT action, data FROM audit.event WHERE action = 'analytics.read-model-rebuilt'");
    expect(audit).toMatchObject({ action: 'analytics.read-model-rebuilt', data: { cases: facts + 1 } });
    expect((await as(admin, 'GET', '/analytics/read-model')).json()).toMatchObject({ rebuiltAt: expect.any(String), rebuiltBy: expect.any(String) });
  });
});
