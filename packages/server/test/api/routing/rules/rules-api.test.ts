// Issue 17: routing rules through the API — create, versions, reorder, delete, branch areas;
// who may read and change them; every 400 names its field and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../helpers/test-app.ts';
import { createCaseTypesWithQueues, createRoutingWorld, createRule, insertQueueWithSql, type RoutingWorld } from '../decisions/routing-world.ts';

let w: RoutingWorld;
let serviceQueue: string;
const rule = (over: Record<string, unknown> = {}) => ({ key: 'complaints', name: '投诉', conditions: { caseTypes: ['complaint'] }, actions: { queueId: serviceQueue }, ...over });
/** A rule's body for PUT (the key is in the path). */
const body = () => {
  const { key: _key, ...rest } = rule();
  return rest;
};
const ruleCount = async () => (await w.t.sql('SELECT 1 FROM routing.rule')).length;
const errorsOf = (res: Awaited<ReturnType<RoutingWorld['api']>>) => expectProblem(res, 400, 'validation-failed').errors!.map((e) => e.field);

beforeAll(async () => {
  w = await createRoutingWorld();
  serviceQueue = await insertQueueWithSql(w.t, { key: 'service', departmentId: w.dept.HQ });
  await createCaseTypesWithQueues(w, { service: serviceQueue });
});
afterAll(() => w.t.close());

describe('rules', () => {
  it('creates a rule at version 1, saves version 2, and keeps both versions', async () => {
    const created = await createRule(w, rule({ conditions: { caseTypes: ['complaint'], tags: ['elderly'], customerRegions: ['1101'], feel: 'channel = "12378"' } }));
    expect(created).toMatchObject({ key: 'complaints', position: 1, version: 1, enabled: true, appliesTo: 'case', effectiveTo: null });
    const saved = await w.api(w.admin, 'PUT', '/routing/rules/complaints', { ...body(), name: '投诉（改）', enabled: false, reason: 'pause' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, name: '投诉（改）', enabled: false });
    const versions = await w.t.sql<{ version: number; name: string; reason: string | null }>(
      'SELECT v.version, v.name, v.reason FROM routing.rule_version v JOIN routing.rule r ON r.id = v.rule_id WHERE r.key = $1 ORDER BY v.version',
      ['complaints'],
    );
    expect(versions).toEqual([
      { version: 1, name: '投诉', reason: null },
      { version: 2, name: '投诉（改）', reason: 'pause' },
    ]);
    const audit = await w.t.sql("SELECT 1 FROM audit.event WHERE action = 'routing.rule-saved' AND target_id = 'complaints'");
    expect(audit).toHaveLength(2);
    expect((await w.api(w.tokens['chen.super']!, 'GET', '/routing/rules/complaints')).json()).toMatchObject({ version: 2 });
  });

  it('refuses a taken key with 409', async () => {
    const before = await ruleCount();
    expectProblem(await w.api(w.admin, 'POST', '/routing/rules', rule()), 409, 'routing-rule-exists');
    expect(await ruleCount()).toBe(before);
  });

  it('names the field of every invalid value and changes nothing', async () => {
    const before = await ruleCount();
    const res = await w.api(
      w.admin,
      'POST',
      '/routing/rules',
      rule({
        key: 'broken',
        effectiveFrom: '2026-03-02T00:00:00Z',
        effectiveTo: '2026-03-01T00:00:00Z',
        conditions: { caseTypes: ['complaint', 'no-such-type'], feel: 'caseType in [' },
        actions: { queueId: '00000000-0000-4000-8000-000000000000' },
      }),
    );
    expect(errorsOf(res).sort()).toEqual(['actions.queueId', 'conditions.caseTypes', 'conditions.feel', 'effectiveTo']);
    const feel = res.json().errors.find((e: { field: string }) => e.field === 'conditions.feel');
    expect(feel.reason).toMatch(/^FEEL: /);
    expect(await ruleCount()).toBe(before);
    // a new version is checked the same way
    const saved = await w.api(w.admin, 'PUT', '/routing/rules/complaints', { ...body(), actions: { queueId: '00000000-0000-4000-8000-000000000000' } });
    expect(errorsOf(saved)).toEqual(['actions.queueId']);
    expect((await w.api(w.admin, 'GET', '/routing/rules/complaints')).json().version).toBe(2);
  });

  it('reorders with every key once, naming keys otherwise', async () => {
    await createRule(w, rule({ key: 'consultations', name: '咨询', conditions: { caseTypes: ['consultation'] } }));
    await createRule(w, rule({ key: 'first', name: 'First', position: 1, conditions: {} }));
    const listed = (await w.api(w.admin, 'GET', '/routing/rules')).json().items.map((r: { key: string }) => r.key);
    expect(listed).toEqual(['first', 'complaints', 'consultations']);
    for (const keys of [
      ['first', 'complaints'],
      ['first', 'complaints', 'consultations', 'nope'],
      ['first', 'first', 'complaints', 'consultations'],
    ]) {
      expect(errorsOf(await w.api(w.admin, 'PUT', '/routing/rules/order', { keys }))).toContain('keys');
    }
    const res = await w.api(w.admin, 'PUT', '/routing/rules/order', { keys: ['consultations', 'complaints', 'first'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((r: { key: string; position: number }) => `${r.position}:${r.key}`)).toEqual(['1:consultations', '2:complaints', '3:first']);
  });

  it('deletes a rule and closes the gap', async () => {
    expect((await w.api(w.admin, 'DELETE', '/routing/rules/complaints')).statusCode).toBe(204);
    expectProblem(await w.api(w.admin, 'GET', '/routing/rules/complaints'), 404, 'routing-rule-not-found');
    const items = (await w.api(w.admin, 'GET', '/routing/rules')).json().items;
    expect(items.map((r: { key: string; position: number }) => `${r.position}:${r.key}`)).toEqual(['1:consultations', '2:first']);
    expectProblem(await w.api(w.admin, 'DELETE', '/routing/rules/complaints'), 404, 'routing-rule-not-found');
  });

  it('lets supervisors read but not change rules, and agents neither', async () => {
    const before = await ruleCount();
    expect((await w.api(w.tokens['chen.super']!, 'GET', '/routing/rules')).statusCode).toBe(200);
    expectProblem(await w.api(w.tokens['chen.super']!, 'POST', '/routing/rules', rule({ key: 'sneaky' })), 403, 'forbidden');
    expectProblem(await w.api(w.tokens['chen.super']!, 'PUT', '/routing/rules/first', body()), 403, 'forbidden');
    expectProblem(await w.api(w.tokens['chen.super']!, 'PUT', '/routing/rules/order', { keys: ['first', 'consultations'] }), 403, 'forbidden');
    expectProblem(await w.api(w.tokens['chen.super']!, 'DELETE', '/routing/rules/first'), 403, 'forbidden');
    expectProblem(await w.api(w.tokens['li.agent']!, 'GET', '/routing/rules'), 403, 'forbidden');
    expectProblem(await w.api(w.tokens['li.agent']!, 'GET', '/routing/rules/first'), 403, 'forbidden');
    expect(await ruleCount()).toBe(before);
  });
});

describe('branch areas', () => {
  it('saves the areas a branch serves, audited, and reads them back', async () => {
    const res = await w.api(w.admin, 'PUT', `/routing/branch-areas/${w.dept.BJ}`, { areas: ['海淀', '1101', '1101'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ departmentId: w.dept.BJ, areas: ['1101', '海淀'] });
    expect((await w.api(w.tokens['chen.super']!, 'GET', `/routing/branch-areas/${w.dept.BJ}`)).json()).toEqual({ departmentId: w.dept.BJ, areas: ['1101', '海淀'] });
    expect(await w.t.sql("SELECT 1 FROM audit.event WHERE action = 'routing.branch-areas-saved'")).toHaveLength(1);
  });

  it('refuses a supervisor, and an unknown department', async () => {
    expectProblem(await w.api(w.tokens['chen.super']!, 'PUT', `/routing/branch-areas/${w.dept.BJ}`, { areas: [] }), 403, 'forbidden');
    expectProblem(await w.api(w.tokens['li.agent']!, 'GET', `/routing/branch-areas/${w.dept.BJ}`), 403, 'forbidden');
    expectProblem(await w.api(w.admin, 'PUT', '/routing/branch-areas/00000000-0000-4000-8000-000000000000', { areas: ['x1'] }), 404, 'department-not-found');
    expect((await w.api(w.admin, 'GET', `/routing/branch-areas/${w.dept.BJ}`)).json().areas).toEqual(['1101', '海淀']);
  });
});
