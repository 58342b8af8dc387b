import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSystemActorOrThrow, insertDepartment } from '../../../../src/modules/access/index.ts';
import { createSpikeDetector, ensureSpikeCaseType, rebuildReadModel } from '../../../../src/modules/analytics/index.ts';
import { createCase } from '../../../../src/modules/cases/index.ts';
import type { Clock } from '../../../../src/platform/clock/index.ts';
import { newId } from '../../../../src/platform/ids/ids.ts';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// Issue 20, part D: a weekday-seasonal complaint history made through real case creation at its
// own (past) times, the read model rebuilt from it, and the spike rules run over it. Tuesdays see
// about 2 fee complaints, Mondays 6; on the Tuesday evaluated 12 arrive. Six baseline weeks keep the
// history small (74 cases); the shipped rule's eight are the same code.

const SPIKE_DAY = '2026-11-24'; // a Tuesday
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const TUESDAY_FEES = [2, 1, 3, 2, 2, 2]; // 6..1 weeks before, mean 2

let now = at(SPIKE_DAY, '18:00');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let admin: string;
let bjAgent: string;
let riskOfficer: string;
let nobody: string;
let riskDesk: string;
let ruleId: string;
let spikeDayNumbers: string[] = [];

async function api(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
}
const count = async (sqlText: string) => Number((await t.sql<{ n: string }>(sqlText))[0]!.n);
const spikeCases = () => count(`SELECT count(*) AS n FROM cases.case WHERE type_key = 'complaint-spike'`);

/** `n` complaints of a category created on a local day at 10:00, in one command as the seed actor. */
async function complaintsOn(day: string, category: string, n: number, departmentId: string): Promise<string[]> {
  if (n === 0) return [];
  now = at(day, '10:00');
  const actor = await findSystemActorOrThrow(t.database.db, 'system:seed');
  return t.commands.runCommand({ actor, channel: 'seed' }, async (ctx) => {
    const numbers: string[] = [];
    for (let i = 0; i < n; i++) numbers.push((await createCase(ctx, { ...complaint({ departmentId }, { category }), priority: 'normal' } as never)).case.number);
    return numbers;
  });
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await ensureSpikeCaseType(t.database.db, t.commands);
  const hq = newId<string>();
  const bj = newId<string>();
  riskDesk = newId<string>();
  await t.database.db.transaction().execute(async (tx) => {
    await insertDepartment(tx, { id: hq, code: 'HQ', name: '总行', kind: 'head-office', parentId: null, path: `/${hq}/` });
    await insertDepartment(tx, { id: bj, code: 'BJ', name: '北京分行', kind: 'branch', parentId: hq, path: `/${hq}/${bj}/` });
    await insertDepartment(tx, { id: riskDesk, code: 'CP', name: '消费者权益保护部', kind: 'functional', parentId: hq, path: `/${hq}/${riskDesk}/` });
  });
  await t.createUser('agent.bj', ['agent'], bj);
  await t.createUser('cp.officer', ['agent'], riskDesk);
  await t.createUser('nobody', [], bj);
  [bjAgent, riskOfficer, nobody] = [await t.login('agent.bj'), await t.login('cp.officer'), await t.login('nobody')];

  for (let week = 6; week >= 1; week--) {
    const tuesday = addDays(SPIKE_DAY, -7 * week);
    await complaintsOn(addDays(tuesday, -1), 'fees', 6, bj); // Mondays are busy
    await complaintsOn(tuesday, 'fees', TUESDAY_FEES[6 - week]!, bj);
    await complaintsOn(tuesday, 'service', 1, bj);
  }
  await complaintsOn(addDays(SPIKE_DAY, -1), 'fees', 7, bj); // an ordinary Monday
  spikeDayNumbers = await complaintsOn(SPIKE_DAY, 'fees', 12, bj);
  await complaintsOn(SPIKE_DAY, 'service', 1, bj);
  // The shipped rule would find the same spike (rightly, as its own): this file watches its own rule.
  const shipped = (await api(admin, 'GET', '/analytics/spike-rules')).json().items.find((r: { key: string }) => r.key === 'complaint-category-daily');
  const { id: _id, key: _key, version, createdAt: _c, updatedAt: _u, ...shippedBody } = shipped;
  expect((await api(admin, 'PUT', `/analytics/spike-rules/${shipped.id}`, { ...shippedBody, enabled: false }, { 'if-match': `"${version}"` })).statusCode).toBe(200);
  await rebuildReadModel(t.database.db);

  const rule = await api(admin, 'POST', '/analytics/spike-rules', {
    key: 'fees-daily',
    name: '收费投诉日激增',
    dimension: 'category',
    windowDays: 1,
    baselineWeeks: 6,
    test: 'poisson',
    pValue: 0.001,
    minCount: 5,
    routeDepartmentId: riskDesk,
  });
  expect(rule.statusCode, rule.body).toBe(201);
  ruleId = rule.json().id;
}, 60_000);
afterAll(() => t?.close());

describe('spike detection', () => {
  it('opens none on a normal week: a busy Monday against its Mondays, an ordinary Tuesday against its Tuesdays', async () => {
    for (const evaluatedAt of [at(addDays(SPIKE_DAY, -1), '18:00'), at(addDays(SPIKE_DAY, -7), '18:00')]) {
      const res = await api(admin, 'POST', `/analytics/spike-rules/${ruleId}/evaluate`, { at: evaluatedAt.toISOString() });
      expect(res.statusCode, res.body).toBe(200);
      const fees = res.json().results.find((r: { value: string }) => r.value === 'fees');
      expect(fees.significant).toBe(false);
      expect(fees.spike).toBeUndefined();
    }
    const monday = (await api(admin, 'POST', `/analytics/spike-rules/${ruleId}/evaluate`, { at: at(addDays(SPIKE_DAY, -1), '18:00').toISOString() })).json();
    expect(monday.results.find((r: { value: string }) => r.value === 'fees')).toMatchObject({ observed: 7, baselineMean: 6 });
    expect(await spikeCases()).toBe(0);
  });

  it('opens exactly one risk case for the injected spike, however often it is evaluated', async () => {
    now = at(SPIKE_DAY, '18:00');
    const first = await api(admin, 'POST', `/analytics/spike-rules/${ruleId}/evaluate`, {});
    expect(first.statusCode, first.body).toBe(200);
    const fees = first.json().results.find((r: { value: string }) => r.value === 'fees');
    expect(fees).toMatchObject({ observed: 12, baselineMean: 2, baseline: TUESDAY_FEES, significant: true, spike: { opened: true } });
    expect(fees.pValue).toBeLessThan(1e-5);
    expect(first.json().results.find((r: { value: string }) => r.value === 'service')).toMatchObject({ observed: 1, significant: false });

    const again = (await api(admin, 'POST', `/analytics/spike-rules/${ruleId}/evaluate`, { at: at(SPIKE_DAY, '20:00').toISOString() })).json();
    expect(again.results.find((r: { value: string }) => r.value === 'fees').spike).toEqual({ ...fees.spike, opened: false });
    // The worker's own pass (as every process runs it) finds the same spike.
    now = at(SPIKE_DAY, '21:00');
    const detector = createSpikeDetector({ database: t.database, clock, commands: t.commands });
    expect(await detector.runPass(now)).toBe(0);

    expect(await spikeCases()).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM analytics.spike`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM audit.event WHERE action = 'analytics.spike-detected'`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM platform.outbox_event WHERE type = 'analytics.spike-detected'`)).toBe(1);
  });

  it('puts the evidence on the risk case, opened as system:analytics at the risk desk, with case numbers and no customer data', async () => {
    const [spike] = await t.sql<{ case_id: string; evidence: Record<string, unknown> }>('SELECT case_id, evidence FROM analytics.spike');
    const opened = await api(admin, 'GET', `/cases/${spike!.case_id}`);
    expect(opened.statusCode, opened.body).toBe(200);
    const risk = opened.json();
    expect(risk).toMatchObject({ type: 'complaint-spike', departmentId: riskDesk, priority: 'high' });
    expect(risk.fields).toMatchObject({ ruleKey: 'fees-daily', dimension: 'category', dimensionValue: 'fees', windowStart: SPIKE_DAY, windowEnd: SPIKE_DAY, observed: 12, baselineMean: '2' });
    const examples = String(risk.fields.exampleCases).split('\n');
    expect(examples).toHaveLength(10);
    for (const number of examples) expect(spikeDayNumbers).toContain(number);
    expect(String(risk.fields.series).split('\n').at(-1)).toBe(`${SPIKE_DAY} 12`);
    const [creator] = await t.sql<{ username: string }>('SELECT u.username FROM cases.case c JOIN access.user u ON u.id = c.created_by WHERE c.id = $1', [spike!.case_id]);
    expect(creator!.username).toBe('system:analytics');
    const stored = JSON.stringify(spike!.evidence) + JSON.stringify(await t.sql(`SELECT data FROM audit.event WHERE action = 'analytics.spike-detected'`));
    for (const personal of ['张三', '13812345678', '11010519491231002X', '6222021234567894']) expect(stored).not.toContain(personal);
    expect((spike!.evidence.series as { day: string; count: number }[]).find((p) => p.day === SPIKE_DAY)!.count).toBe(12);
  });
});

describe('who may do what', () => {
  it('lists a spike to the risk desk that may read its case, not to a branch agent, and refuses a user without analytics:read', async () => {
    const desk = await api(riskOfficer, 'GET', '/analytics/spikes');
    expect(desk.statusCode, desk.body).toBe(200);
    expect(desk.json().items).toHaveLength(1);
    expect(desk.json().items[0]).toMatchObject({ ruleKey: 'fees-daily', value: 'fees', observed: 12, windowEnd: SPIKE_DAY });
    expect((await api(bjAgent, 'GET', '/analytics/spikes')).json().items).toEqual([]);
    expect((await api(admin, 'GET', '/analytics/spikes')).json().items).toHaveLength(1);
    expectProblem(await api(nobody, 'GET', '/analytics/spikes'), 403, 'forbidden');
    expectProblem(await api(nobody, 'GET', '/analytics/spike-rules'), 403, 'forbidden');
  });

  it('refuses rule changes and evaluation to a reader without analytics:admin, changing nothing', async () => {
    const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...rule } = (await api(admin, 'GET', `/analytics/spike-rules/${ruleId}`)).json();
    rule.version = _v;
    expect((await api(bjAgent, 'GET', '/analytics/spike-rules')).statusCode).toBe(200);
    const before = await count('SELECT count(*) AS n FROM analytics.spike_rule');
    expectProblem(await api(bjAgent, 'POST', '/analytics/spike-rules', { key: 'x', name: 'x', dimension: 'channel', windowDays: 1, baselineWeeks: 4, test: 'poisson' }), 403, 'forbidden');
    expectProblem(await api(bjAgent, 'PUT', `/analytics/spike-rules/${ruleId}`, { ...rule, version: undefined, name: '改' }, { 'if-match': `"${rule.version}"` }), 403, 'forbidden');
    expectProblem(await api(bjAgent, 'DELETE', `/analytics/spike-rules/${ruleId}`, undefined, { 'if-match': `"${rule.version}"` }), 403, 'forbidden');
    expectProblem(await api(bjAgent, 'POST', `/analytics/spike-rules/${ruleId}/evaluate`, {}), 403, 'forbidden');
    expect(await count('SELECT count(*) AS n FROM analytics.spike_rule')).toBe(before);
    expect((await api(admin, 'GET', `/analytics/spike-rules/${ruleId}`)).json()).toMatchObject({ name: rule.name, version: rule.version });
  });
});

describe('rules', () => {
  const ewmaRule = { key: 'channel-weekly', name: '渠道周激增', dimension: 'channel', windowDays: 7, baselineWeeks: 6, test: 'ewma', ewmaLambda: 0.3, ewmaLimit: 3, minCount: 10 };

  it('names the field of a bad rule and stores nothing', async () => {
    const before = await count('SELECT count(*) AS n FROM analytics.spike_rule');
    const unknownType = expectProblem(await api(admin, 'POST', '/analytics/spike-rules', { ...ewmaRule, caseTypes: ['nonsense'] }), 400, 'validation-failed');
    expect(unknownType.errors).toContainEqual(expect.objectContaining({ field: 'body.caseTypes.0' }));
    const selfFeeding = expectProblem(await api(admin, 'POST', '/analytics/spike-rules', { ...ewmaRule, caseTypes: ['complaint', 'complaint-spike'] }), 400, 'validation-failed');
    expect(selfFeeding.errors).toContainEqual(expect.objectContaining({ field: 'body.routeCaseType' }));
    const tooLong = expectProblem(await api(admin, 'POST', '/analytics/spike-rules', { ...ewmaRule, windowDays: 30 }), 400, 'validation-failed');
    expect(JSON.stringify(tooLong)).toContain('windowDays');
    const taken = expectProblem(await api(admin, 'POST', '/analytics/spike-rules', { ...ewmaRule, key: 'fees-daily' }), 400, 'validation-failed');
    expect(taken.errors).toContainEqual(expect.objectContaining({ field: 'body.key' }));
    expect(await count('SELECT count(*) AS n FROM analytics.spike_rule')).toBe(before);
  });

  it('creates, changes under If-Match and deletes a rule, audited; the default rule ships', async () => {
    const shipped = (await api(admin, 'GET', '/analytics/spike-rules')).json().items.map((r: { key: string }) => r.key);
    expect(shipped).toContain('complaint-category-daily');
    const created = await api(admin, 'POST', '/analytics/spike-rules', ewmaRule);
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({ ...ewmaRule, caseTypes: ['complaint'], routeCaseType: 'complaint-spike', enabled: true, version: 1 });
    expectProblem(await api(admin, 'PUT', `/analytics/spike-rules/${rule.id}`, { ...ewmaRule, minCount: 20 }), 428, 'precondition-required');
    expectProblem(await api(admin, 'PUT', `/analytics/spike-rules/${rule.id}`, { ...ewmaRule, minCount: 20 }, { 'if-match': '"7"' }), 412, 'analytics-spike-rule-version-stale');
    const changed = await api(admin, 'PUT', `/analytics/spike-rules/${rule.id}`, { ...ewmaRule, minCount: 20 }, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ minCount: 20, version: 2 });
    expect(changed.headers.etag).toBe('"2"');
    // A dry run reports without opening anything: the EWMA chart of the channel over 7 days.
    const dry = (await api(admin, 'POST', `/analytics/spike-rules/${rule.id}/evaluate`, { at: at(SPIKE_DAY, '18:00').toISOString(), dryRun: true })).json();
    expect(dry.results[0]).toMatchObject({ value: 'phone', observed: 7 + 12 + 1, baseline: TUESDAY_FEES.map((fees) => 6 + fees + 1) });
    expect(dry.results[0].ewma.upperControlLimit).toBeGreaterThan(0);
    expect((await api(admin, 'DELETE', `/analytics/spike-rules/${rule.id}`, undefined, { 'if-match': '"2"' })).statusCode).toBe(204);
    expectProblem(await api(admin, 'GET', `/analytics/spike-rules/${rule.id}`), 404, 'analytics-spike-rule-not-found');
    const audited = await t.sql<{ action: string }>(`SELECT action FROM audit.event WHERE target_id = $1 ORDER BY id`, [rule.id]);
    expect(audited.map((a) => a.action)).toEqual(['analytics.spike-rule-saved', 'analytics.spike-rule-saved', 'analytics.spike-rule-deleted']);
  });
});
