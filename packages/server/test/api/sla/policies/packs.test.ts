// Issue 16: regulatory SLA packs — applied in one step, adjusted afterwards like any policy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_SLA_PACKS } from '../../../../src/modules/sla/packs/shipped-packs.ts';
import { findSlaPolicyProblems } from '../../../../src/modules/sla/policies/validate-policy.ts';
import { SERVER_PACKAGE_DIR } from '../../../../src/platform/package-dir.ts';
import { bearer, createTestApp, expectProblem, USER_PASSWORD, type TestApp } from '../../../helpers/test-app.ts';

let t: TestApp;
let admin: string;
let supervisor: string;

type Method = 'GET' | 'POST' | 'PUT';
function api(token: string, method: Method, url: string, payload?: object) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });
}
const apply = (key: string, token = admin) => api(token, 'POST', `/sla/packs/${key}/apply`);
const policies = () =>
  t.sql<{ key: string; position: number; enabled: boolean; pack: string | null; current_version: number }>('SELECT key, position, enabled, pack, current_version FROM sla.policy ORDER BY position');
const versions = () => t.sql('SELECT p.key, v.version FROM sla.policy_version v JOIN sla.policy p ON p.id = v.policy_id ORDER BY p.key, v.version');
const targetKeysOf = async (key: string) => ((await api(admin, 'GET', `/sla/policies/${key}`)).json().definition.targets as { key: string }[]).map((x) => x.key);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const res = await api(admin, 'POST', '/users', { username: 'supervisor.one', password: USER_PASSWORD, displayName: 'supervisor.one', roleIds: ['supervisor'] });
  expect(res.statusCode).toBe(201);
  supervisor = await t.login('supervisor.one');
});
afterAll(() => t.close());

describe('the shipped packs', () => {
  it('are valid policies whose steps exist in the shipped processes', () => {
    const bpmn = (file: string) => readFileSync(path.join(SERVER_PACKAGE_DIR, 'seed', 'processes', `${file}.bpmn`), 'utf8');
    for (const pack of SHIPPED_SLA_PACKS) {
      const all = [...pack.policies, ...(pack.extends ? [pack.extends.fallback] : [])];
      for (const policy of all) {
        expect(findSlaPolicyProblems(policy.definition), `${pack.key}/${policy.key}`).toEqual([]);
        for (const target of policy.definition.targets.filter((x) => x.step)) {
          expect(bpmn(target.step!.processKey), `${policy.key}: ${target.step!.elementId}`).toContain(`<bpmn:userTask id="${target.step!.elementId}"`);
        }
      }
    }
  });
});

describe('SLA packs', () => {
  it('lists the packs with their names in both languages, none applied yet', async () => {
    const res = await api(admin, 'GET', '/sla/packs');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      expect.objectContaining({ key: 'cn-consumer-complaints', policies: ['cn-complaint-12378', 'cn-complaint', 'cn-consultation'], applied: false }),
      expect.objectContaining({ key: 'complaint-higher-review', policies: ['complaint-higher-review'], applied: false }),
      expect.objectContaining({ key: 'aml-alert-30min', policies: ['aml-suspicious-transaction'], applied: false }),
    ]);
    for (const pack of res.json()) expect(Object.keys(pack.name).sort()).toEqual(['en-US', 'zh-CN']);
  });

  it('refuses a supervisor (sla:read only) the packs with 403, and changes nothing', async () => {
    expectProblem(await api(supervisor, 'GET', '/sla/packs'), 403, 'forbidden');
    expectProblem(await apply('cn-consumer-complaints', supervisor), 403, 'forbidden');
    expect(await policies()).toEqual([]);
  });

  it('answers 404 for an unknown pack', async () => {
    expectProblem(await apply('no-such-pack'), 404, 'sla-pack-not-found');
  });

  it('applies the consumer-complaint pack ahead of existing policies, the 12378 policy before the general complaint one, audited', async () => {
    // given: a policy of the bank's own
    const own = await api(admin, 'POST', '/sla/policies', {
      key: 'own',
      name: 'Own',
      definition: { conditions: {}, targets: [{ key: 'resolution', kind: 'resolution', duration: 'P5D', levels: [] }] },
    });
    expect(own.statusCode).toBe(201);
    // when
    const res = await apply('cn-consumer-complaints');
    // then
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { key: string }) => p.key)).toEqual(['cn-complaint-12378', 'cn-complaint', 'cn-consultation']);
    expect(await policies()).toEqual([
      { key: 'cn-complaint-12378', position: 1, enabled: true, pack: 'cn-consumer-complaints', current_version: 1 },
      { key: 'cn-complaint', position: 2, enabled: true, pack: 'cn-consumer-complaints', current_version: 1 },
      { key: 'cn-consultation', position: 3, enabled: true, pack: 'cn-consumer-complaints', current_version: 1 },
      { key: 'own', position: 4, enabled: true, pack: null, current_version: 1 },
    ]);
    const general = (await api(admin, 'GET', '/sla/policies/cn-complaint')).json();
    expect(general.definition.targets.map((x: { kind: string; duration: string; calendar: string }) => [x.kind, x.duration, x.calendar])).toEqual([
      ['first-response', 'PT48H', 'always-open'],
      ['resolution', 'PT72H', 'always-open'],
    ]);
    expect(general.definition.targets[1].levels.map((l: { at: { kind: string } }) => l.at.kind)).toEqual(['before-due', 'breach', 'after-due']);
    expect(general.definition.targets[1].levels[1].actions).toEqual(
      expect.arrayContaining([
        { type: 'transfer', queue: 'consumer-protection' },
        { type: 'add-tag', tag: 'sla-breached' },
      ]),
    );
    const [event] = await t.sql("SELECT target_type, target_id, data FROM audit.event WHERE action = 'sla.pack-applied'");
    expect(event).toMatchObject({
      target_type: 'sla-pack',
      target_id: 'cn-consumer-complaints',
      data: expect.objectContaining({ pack: 'cn-consumer-complaints', created: ['cn-complaint-12378', 'cn-complaint', 'cn-consultation'] }),
    });
  });

  it('adds the higher-level review steps to every complaint policy, not to others', async () => {
    // when
    const res = await apply('complaint-higher-review');
    // then
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { key: string }) => p.key)).toEqual(['cn-complaint-12378', 'cn-complaint']);
    expect(await targetKeysOf('cn-complaint')).toEqual(['first-response', 'resolution', 'higher-review', 'reply-after-review']);
    expect(await targetKeysOf('cn-complaint-12378')).toEqual(['first-response', 'resolution', 'higher-review', 'reply-after-review']);
    expect(await targetKeysOf('cn-consultation')).toEqual(['resolution']);
    const review = (await api(admin, 'GET', '/sla/policies/cn-complaint')).json().definition.targets[2];
    expect(review).toMatchObject({ kind: 'step', step: { processKey: 'complaint-handling', elementId: 'review' }, duration: 'PT24H', calendar: 'cn-mainland-days' });
    expect(review.levels[1].actions[0]).toEqual({ type: 'route-to-reviewer', reviewer: { kind: 'department-head' } });
    expect((await policies()).map((p) => p.key)).toEqual(['cn-complaint-12378', 'cn-complaint', 'cn-consultation', 'own']);
  });

  it('applied again, changes nothing that is already as the pack says (the review steps stay)', async () => {
    const before = await versions();
    expect((await apply('cn-consumer-complaints')).statusCode).toBe(200);
    expect((await apply('complaint-higher-review')).statusCode).toBe(200);
    expect(await versions()).toEqual(before);
    expect((await api(admin, 'GET', '/sla/packs')).json().map((p: { applied: boolean }) => p.applied)).toEqual([true, true, false]);
  });

  it("restores an adjusted policy by a new version, keeping the administrator's enabled, and puts the pack's policies first again", async () => {
    // given: an administrator loosened and disabled the general complaint policy and moved it last
    const adjusted = (await api(admin, 'GET', '/sla/policies/cn-complaint')).json().definition;
    adjusted.targets[1].duration = 'PT96H';
    expect((await api(admin, 'PUT', '/sla/policies/cn-complaint', { definition: adjusted, enabled: false, reason: 'trial' })).statusCode).toBe(200);
    expect((await api(admin, 'PUT', '/sla/policies/order', { keys: ['own', 'cn-complaint-12378', 'cn-consultation', 'cn-complaint'] })).statusCode).toBe(200);
    // when
    const res = await apply('cn-consumer-complaints');
    // then
    expect(res.statusCode).toBe(200);
    const restored = (await api(admin, 'GET', '/sla/policies/cn-complaint')).json();
    expect(restored).toMatchObject({ enabled: false, currentVersion: 4 });
    expect(restored.definition.targets.map((x: { key: string; duration: string }) => [x.key, x.duration])).toEqual([
      ['first-response', 'PT48H'],
      ['resolution', 'PT72H'],
      ['higher-review', 'PT24H'],
      ['reply-after-review', 'PT24H'],
    ]);
    expect(restored.versions[0].reason).toBe('SLA pack cn-consumer-complaints applied');
    expect((await policies()).map((p) => p.key)).toEqual(['cn-complaint-12378', 'cn-complaint', 'cn-consultation', 'own']);
  });

  it('applies the AML pack: a 30-minute step on the risk analysis on the 24×7 calendar and a resolution target', async () => {
    // when
    const res = await apply('aml-alert-30min');
    // then
    expect(res.statusCode).toBe(200);
    const aml = (await api(admin, 'GET', '/sla/policies/aml-suspicious-transaction')).json();
    expect(aml).toMatchObject({ position: 1, pack: 'aml-alert-30min', definition: { conditions: { caseTypes: ['suspicious-transaction'] } } });
    expect(aml.definition.targets[0]).toMatchObject({ kind: 'step', step: { processKey: 'suspicious-transaction', elementId: 'riskAnalysis' }, duration: 'PT30M', calendar: 'always-open' });
    expect(aml.definition.targets[0].levels).toEqual([
      { at: { kind: 'share', share: 0.75 }, actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }] }] },
      {
        at: { kind: 'breach' },
        actions: [
          { type: 'notify', recipients: [{ kind: 'group', group: 'head-of-risk' }] },
          { type: 'raise-priority', to: 'urgent' },
        ],
      },
    ]);
    expect(aml.definition.targets[1]).toMatchObject({ kind: 'resolution', duration: 'P1D' });
  });
});

describe('the higher-review pack without a complaint policy', () => {
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await createTestApp();
  });
  afterAll(() => fresh.close());

  it('creates its own complaint policy, last in order', async () => {
    const token = await fresh.login('admin');
    const res = await fresh.app.inject({ method: 'POST', url: '/api/v1/sla/packs/complaint-higher-review/apply', headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    expect(await fresh.sql('SELECT key, position, pack FROM sla.policy')).toEqual([{ key: 'complaint-higher-review', position: 1, pack: 'complaint-higher-review' }]);
  });
});
