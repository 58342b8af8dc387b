// Issue 16: SLA policies — create, version with effective dates, order, validation, permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { bearer, createTestApp, expectProblem, USER_PASSWORD, type TestApp } from '../../../helpers/test-app.ts';

const START = new Date('2026-03-02T01:00:00Z');
let t: TestApp;
let clock: TestClock;
let admin: string;
let supervisor: string;
let agent: string;

type Method = 'GET' | 'POST' | 'PUT';
function api(token: string, method: Method, url: string, payload?: object) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });
}

function policy(key: string, overrides: Record<string, unknown> = {}, definition: Record<string, unknown> = {}) {
  return {
    key,
    name: `Policy ${key}`,
    definition: {
      conditions: { caseTypes: ['complaint'] },
      targets: [{ key: 'resolution', kind: 'resolution', duration: 'PT72H', calendar: 'always-open', levels: [{ at: { kind: 'breach' }, actions: [] }] }],
      ...definition,
    },
    ...overrides,
  };
}

const policyRows = () => t.sql('SELECT key, position, enabled, current_version FROM sla.policy ORDER BY position');
const versionRows = () => t.sql('SELECT p.key, v.version FROM sla.policy_version v JOIN sla.policy p ON p.id = v.policy_id ORDER BY p.key, v.version');

beforeAll(async () => {
  clock = new TestClock(START);
  t = await createTestApp({ clock });
  admin = await t.login('admin');
  const user = async (username: string, roleIds: string[]) => {
    const res = await api(admin, 'POST', '/users', { username, password: USER_PASSWORD, displayName: username, roleIds });
    expect(res.statusCode).toBe(201);
    return t.login(username);
  };
  supervisor = await user('supervisor.one', ['supervisor']);
  agent = await user('agent.one', ['agent']);
});
afterAll(() => t.close());

describe('SLA policies', () => {
  it('creates a policy at version 1, lists it in match order and shows its versions, audited', async () => {
    // when
    const created = await api(admin, 'POST', '/sla/policies', policy('general'));
    const first = await api(admin, 'POST', '/sla/policies', policy('vip', { position: 1 }, { conditions: { caseTypes: ['complaint'], customerTiers: ['private'] } }));
    // then
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/api/v1/sla/policies/general');
    expect(created.json()).toMatchObject({ key: 'general', position: 1, enabled: true, pack: null, currentVersion: 1, effectiveFrom: START.toISOString() });
    expect(first.json()).toMatchObject({ key: 'vip', position: 1 });
    const list = await api(supervisor, 'GET', '/sla/policies');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((p: { key: string; position: number }) => [p.key, p.position])).toEqual([
      ['vip', 1],
      ['general', 2],
    ]);
    const byKey = await api(admin, 'GET', '/sla/policies/general');
    const byId = await api(admin, 'GET', `/sla/policies/${created.json().id}`);
    expect(byKey.json()).toEqual(byId.json());
    expect(byKey.json().versions).toEqual([{ version: 1, effectiveFrom: START.toISOString(), reason: null, createdAt: START.toISOString(), createdByName: expect.any(String) }]);
    const audit = await t.sql("SELECT target_type, target_id, data FROM audit.event WHERE action = 'sla.policy-saved' ORDER BY id");
    expect(audit).toEqual([
      { target_type: 'sla-policy', target_id: 'general', data: expect.objectContaining({ key: 'general', version: 1, enabled: true }) },
      { target_type: 'sla-policy', target_id: 'vip', data: expect.objectContaining({ key: 'vip', version: 1, position: 1 }) },
    ]);
  });

  it('refuses a key that is taken with 409 and changes nothing', async () => {
    const before = await versionRows();
    const res = await api(admin, 'POST', '/sla/policies', policy('general'));
    expectProblem(res, 409, 'sla-policy-exists');
    expect(await versionRows()).toEqual(before);
  });

  it('lets only one of two simultaneous creates of one key through (the other 409)', async () => {
    const answers = await Promise.all([api(admin, 'POST', '/sla/policies', policy('twin')), api(admin, 'POST', '/sla/policies', policy('twin'))]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await t.sql("SELECT count(*)::int AS n FROM sla.policy WHERE key = 'twin'")).toEqual([{ n: 1 }]);
    // Out of the way of the tests below, which count two policies.
    await t.sql("DELETE FROM sla.policy_version WHERE policy_id = (SELECT id FROM sla.policy WHERE key = 'twin')");
    await t.sql("DELETE FROM sla.policy WHERE key = 'twin'");
  });

  it('refuses an invalid definition naming every offending field, and changes nothing', async () => {
    // given
    const before = await versionRows();
    const step = { processKey: 'complaint-handling', elementId: 'review' };
    // when
    const res = await api(
      admin,
      'POST',
      '/sla/policies',
      policy(
        'broken',
        {},
        {
          conditions: { expression: 'channel = ' },
          targets: [
            { key: 'resolution', kind: 'resolution', duration: 'PT72H', levels: [] },
            { key: 'resolution', kind: 'first-response', duration: 'PT0S', levels: [] },
            { key: 'again', kind: 'resolution', duration: 'PT1H', calendar: 'no-such-calendar', levels: [] },
            { key: 'review', kind: 'step', duration: 'soon', levels: [{ at: { kind: 'after-due', duration: 'P1M' }, actions: [] }] },
            { key: 'reply', kind: 'first-response', step, duration: 'PT1H', durationByPriority: { urgent: 'PT0M' }, levels: [] },
          ],
        },
      ),
    );
    // then
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(
      [
        'definition.conditions.expression',
        'definition.targets[1].key',
        'definition.targets[1].duration',
        'definition.targets[2].kind',
        'definition.targets[2].calendar',
        'definition.targets[3].step',
        'definition.targets[3].duration',
        'definition.targets[3].levels[0].at.duration',
        'definition.targets[4].step',
        'definition.targets[4].kind',
        'definition.targets[4].durationByPriority.urgent',
      ].sort(),
    );
    expect(await versionRows()).toEqual(before);
  });

  it('refuses a share outside (0, 1) naming the field', async () => {
    const res = await api(
      admin,
      'POST',
      '/sla/policies',
      policy('share', {}, { targets: [{ key: 'resolution', kind: 'resolution', duration: 'PT1H', levels: [{ at: { kind: 'share', share: 1.5 }, actions: [] }] }] }),
    );
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(JSON.stringify(problem)).toContain('share');
    expect(await t.sql("SELECT 1 FROM sla.policy WHERE key = 'share'")).toEqual([]);
  });

  it('saves a new version effective now by default, with its reason, and keeps the others', async () => {
    // given
    clock.moveTo(new Date(START.getTime() + 3_600_000));
    // when
    const res = await api(admin, 'PUT', '/sla/policies/general', {
      reason: 'Regulation 2026/3: resolution within 48 hours',
      definition: policy('general', {}, { targets: [{ key: 'resolution', kind: 'resolution', duration: 'PT48H', calendar: 'always-open', levels: [] }] }).definition,
    });
    // then
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ key: 'general', currentVersion: 2, effectiveFrom: clock.now().toISOString(), enabled: true, position: 2 });
    expect(res.json().definition.targets[0].duration).toBe('PT48H');
    const detail = (await api(admin, 'GET', '/sla/policies/general')).json();
    expect(detail.versions.map((v: { version: number; reason: string | null }) => [v.version, v.reason])).toEqual([
      [2, 'Regulation 2026/3: resolution within 48 hours'],
      [1, null],
    ]);
    const [event] = await t.sql("SELECT reason, data, changes FROM audit.event WHERE action = 'sla.policy-saved' AND target_id = 'general' ORDER BY id DESC LIMIT 1");
    expect(event).toMatchObject({ reason: 'Regulation 2026/3: resolution within 48 hours', data: expect.objectContaining({ version: 2, previousVersion: 1 }) });
    expect((event!.changes as { field: string }[]).map((c) => c.field)).toEqual(['definition']);
  });

  it('refuses a version effective before now (running clocks keep their version), naming effectiveFrom, and changes nothing', async () => {
    const before = await versionRows();
    const res = await api(admin, 'PUT', '/sla/policies/general', { reason: 'back-dated', effectiveFrom: START.toISOString() });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'effectiveFrom' })]);
    expect(await versionRows()).toEqual(before);
  });

  it('refuses a save without a reason, and one of an unknown policy with 404', async () => {
    expectProblem(await api(admin, 'PUT', '/sla/policies/general', { enabled: false }), 400, 'validation-failed');
    expectProblem(await api(admin, 'PUT', '/sla/policies/no-such-policy', { reason: 'x' }), 404, 'sla-policy-not-found');
    expectProblem(await api(admin, 'GET', '/sla/policies/no-such-policy'), 404, 'sla-policy-not-found');
    expect((await api(admin, 'GET', '/sla/policies/general')).json().enabled).toBe(true);
  });

  it('schedules a version for a later date: the tester sees the old one now and the new one then', async () => {
    // given
    const later = new Date(clock.now().getTime() + 7 * 86_400_000);
    // when
    const res = await api(admin, 'PUT', '/sla/policies/general', {
      reason: 'from next week',
      effectiveFrom: later.toISOString(),
      definition: policy('general', {}, { targets: [{ key: 'resolution', kind: 'resolution', duration: 'PT24H', calendar: 'always-open', levels: [] }] }).definition,
    });
    expect(res.statusCode).toBe(200);
    const now = await api(admin, 'POST', '/sla/policies/match', { case: { type: 'complaint' } });
    const then = await api(admin, 'POST', '/sla/policies/match', { case: { type: 'complaint' }, at: later.toISOString() });
    // then
    expect(now.json().policy).toMatchObject({ key: 'general', version: 2 });
    expect(now.json().targets[0]).toMatchObject({ duration: 'PT48H', budgetSeconds: 48 * 3600 });
    expect(then.json().policy).toMatchObject({ key: 'general', version: 3 });
    expect(then.json().targets[0]).toMatchObject({ duration: 'PT24H', dueAt: new Date(later.getTime() + 86_400_000).toISOString() });
  });

  it('disables a policy by a new version that keeps its definition', async () => {
    const res = await api(admin, 'PUT', '/sla/policies/vip', { enabled: false, reason: 'pilot over' });
    expect(res.json()).toMatchObject({ enabled: false, currentVersion: 2 });
    const match = (await api(admin, 'POST', '/sla/policies/match', { case: { type: 'complaint', customerTier: 'private' } })).json();
    expect(match.policy.key).toBe('general');
    expect(match.evaluated[0]).toEqual({ policyKey: 'vip', policyName: 'Policy vip', matched: false, failed: ['enabled'] });
    await api(admin, 'PUT', '/sla/policies/vip', { enabled: true, reason: 'pilot back' });
  });

  it('reorders the policies given every key, audited', async () => {
    // when
    const res = await api(admin, 'PUT', '/sla/policies/order', { keys: ['general', 'vip'] });
    // then
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { key: string }) => p.key)).toEqual(['general', 'vip']);
    expect(await policyRows()).toEqual([expect.objectContaining({ key: 'general', position: 1 }), expect.objectContaining({ key: 'vip', position: 2 })]);
    expect(await t.sql("SELECT data FROM audit.event WHERE action = 'sla.policies-reordered'")).toEqual([{ data: { order: ['general', 'vip'], before: ['vip', 'general'] } }]);
  });

  it('refuses an order that misses, repeats or invents a key, and changes nothing', async () => {
    const before = await policyRows();
    expect(expectProblem(await api(admin, 'PUT', '/sla/policies/order', { keys: ['vip'] }), 400, 'validation-failed').errors).toEqual([expect.objectContaining({ field: 'keys' })]);
    expect(expectProblem(await api(admin, 'PUT', '/sla/policies/order', { keys: ['vip', 'vip', 'general'] }), 400, 'validation-failed').errors).toEqual([
      expect.objectContaining({ field: 'keys[1]' }),
    ]);
    expect(expectProblem(await api(admin, 'PUT', '/sla/policies/order', { keys: ['vip', 'general', 'nope'] }), 400, 'validation-failed').errors).toEqual([
      expect.objectContaining({ field: 'keys[2]' }),
    ]);
    expect(await policyRows()).toEqual(before);
  });
});

describe('who may see and change SLA policies', () => {
  it('refuses an agent (no sla:read) every policy route with 403', async () => {
    const before = await versionRows();
    expectProblem(await api(agent, 'GET', '/sla/policies'), 403, 'forbidden');
    expectProblem(await api(agent, 'GET', '/sla/policies/general'), 403, 'forbidden');
    expectProblem(await api(agent, 'POST', '/sla/policies', policy('agents-own')), 403, 'forbidden');
    expectProblem(await api(agent, 'PUT', '/sla/policies/general', { reason: 'x', enabled: false }), 403, 'forbidden');
    expectProblem(await api(agent, 'PUT', '/sla/policies/order', { keys: ['vip', 'general'] }), 403, 'forbidden');
    expectProblem(await api(agent, 'POST', '/sla/policies/match', { case: { type: 'complaint' } }), 403, 'forbidden');
    expect(await versionRows()).toEqual(before);
  });

  it('lets a supervisor (sla:read) read and test policies but not change them', async () => {
    const before = await versionRows();
    expect((await api(supervisor, 'GET', '/sla/policies/general')).statusCode).toBe(200);
    expect((await api(supervisor, 'POST', '/sla/policies/match', { case: { type: 'complaint' } })).statusCode).toBe(200);
    expectProblem(await api(supervisor, 'POST', '/sla/policies', policy('supervisors-own')), 403, 'forbidden');
    expectProblem(await api(supervisor, 'PUT', '/sla/policies/general', { reason: 'x', enabled: false }), 403, 'forbidden');
    expectProblem(await api(supervisor, 'PUT', '/sla/policies/order', { keys: ['vip', 'general'] }), 403, 'forbidden');
    expect(await versionRows()).toEqual(before);
    expect(await policyRows()).toEqual([expect.objectContaining({ key: 'general', position: 1 }), expect.objectContaining({ key: 'vip', position: 2 })]);
  });
});
