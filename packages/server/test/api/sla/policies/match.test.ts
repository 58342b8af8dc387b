// Issue 16: which policy matches a case — FEEL conditions, the tester's explanation, due times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { findMatchingPolicy, findSlaPolicyVersion, slaSubjectOf } from '../../../../src/modules/sla/index.ts';
import { findCaseFactsOrThrow } from '../../../../src/modules/cases/index.ts';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, USER_PASSWORD, type TestApp } from '../../../helpers/test-app.ts';

// Friday 26 September 2025, 16:00 in Beijing: Sunday the 28th is a make-up working day (调休)
// before the National Day holiday.
const FRIDAY_1600 = new Date('2025-09-26T16:00:00+08:00');
let t: TestApp;
let admin: string;
let supervisorBj: string;
const dept: Record<string, string> = {};

type Method = 'GET' | 'POST' | 'PUT';
function api(token: string, method: Method, url: string, payload?: object) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });
}
const match = (payload: object, token = admin) => api(token, 'POST', '/sla/policies/match', payload);

beforeAll(async () => {
  t = await createTestApp({ clock: new TestClock(FRIDAY_1600) });
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  for (const [code, kind] of [
    ['HQ', 'head-office'],
    ['BJ', 'branch'],
    ['SH', 'branch'],
  ] as const) {
    const res = await api(admin, 'POST', '/departments', { code, name: code, kind, ...(code === 'HQ' ? {} : { parentId: dept.HQ }) });
    expect(res.statusCode).toBe(201);
    dept[code] = res.json().id;
  }
  const res = await api(admin, 'POST', '/users', { username: 'supervisor.bj', password: USER_PASSWORD, displayName: 'supervisor.bj', roleIds: ['supervisor'], departmentIds: [dept.BJ] });
  expect(res.statusCode).toBe(201);
  supervisorBj = await t.login('supervisor.bj');
  expect((await api(admin, 'POST', '/sla/packs/cn-consumer-complaints/apply')).statusCode).toBe(200);
  // After the pack: a policy of business hours for Beijing's high-priority complaints (never
  // reached by complaints: the pack's policies come first) and one for suggestions.
  const created = await api(admin, 'POST', '/sla/policies', {
    key: 'suggestions',
    name: 'Suggestions',
    definition: {
      conditions: { caseTypes: ['suggestion'], departmentIds: [dept.HQ!] },
      targets: [
        { key: 'first-response', kind: 'first-response', duration: 'PT8H', calendar: 'cn-mainland', levels: [] },
        { key: 'next-response', kind: 'next-response', duration: 'PT4H', levels: [] },
      ],
    },
  });
  expect(created.statusCode).toBe(201);
});
afterAll(() => t.close());

describe('the match tester', () => {
  it('puts a complaint the 12378 hotline referred on the tighter policy, by channel', async () => {
    // when
    const res = await match({ case: { type: 'complaint', channel: '12378', priority: 'normal' } });
    // then
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.policy).toMatchObject({ key: 'cn-complaint-12378', version: 1 });
    expect(body.targets).toEqual([
      {
        key: 'first-response',
        kind: 'first-response',
        label: null,
        duration: 'PT24H',
        budgetSeconds: 86_400,
        calendar: { key: 'always-open', name: expect.any(String), version: 1 },
        startsAt: FRIDAY_1600.toISOString(),
        dueAt: new Date('2025-09-27T16:00:00+08:00').toISOString(),
      },
      expect.objectContaining({ key: 'resolution', duration: 'PT48H', dueAt: new Date('2025-09-28T16:00:00+08:00').toISOString() }),
    ]);
    expect(body.evaluated[0]).toEqual({ policyKey: 'cn-complaint-12378', policyName: expect.any(String), matched: true, failed: [] });
  });

  it('puts a complaint with the clear field regulatorReferral = true on the tighter policy too (the FEEL expression)', async () => {
    const body = (await match({ case: { type: 'complaint', channel: 'phone', fields: { regulatorReferral: true } } })).json();
    expect(body.policy.key).toBe('cn-complaint-12378');
  });

  it('says why a plain complaint missed the 12378 policy and which one it got', async () => {
    // when
    const body = (await match({ case: { type: 'complaint', channel: 'phone', fields: { regulatorReferral: false } } })).json();
    // then
    expect(body.policy.key).toBe('cn-complaint');
    expect(body.evaluated.map((e: { policyKey: string; matched: boolean; failed: string[] }) => [e.policyKey, e.matched, e.failed])).toEqual([
      ['cn-complaint-12378', false, ['expression']],
      ['cn-complaint', true, []],
      ['cn-consultation', false, ['caseType']],
      ['suggestions', false, ['caseType', 'departmentId']],
    ]);
  });

  it('counts business hours on cn-mainland across the make-up Sunday, and leaves a next response unstarted', async () => {
    // when
    const body = (await match({ case: { type: 'suggestion', departmentId: dept.BJ } })).json();
    // then: Friday 16:00–17:30 (1.5 h), Saturday rest, Sunday 28th a working day: 09:00–12:00, 13:30–17:00
    expect(body.policy.key).toBe('suggestions');
    expect(body.targets[0]).toMatchObject({ kind: 'first-response', calendar: { key: 'cn-mainland' }, dueAt: new Date('2025-09-28T17:00:00+08:00').toISOString() });
    expect(body.targets[1]).toMatchObject({ kind: 'next-response', budgetSeconds: 4 * 3600, startsAt: null, dueAt: null });
  });

  it('reports an expression that does not give a boolean as not matching, with the reason', async () => {
    // given
    const created = await api(admin, 'POST', '/sla/policies', {
      key: 'amount-policy',
      name: 'Amount',
      position: 1,
      definition: { conditions: { expression: 'fields.amount * 2' }, targets: [{ key: 'resolution', kind: 'resolution', duration: 'PT1H', levels: [] }] },
    });
    expect(created.statusCode).toBe(201);
    // when
    const body = (await match({ case: { type: 'complaint', fields: { amount: 10 } } })).json();
    // then
    expect(body.evaluated[0]).toEqual({ policyKey: 'amount-policy', policyName: 'Amount', matched: false, failed: ['expression'], error: expect.stringContaining('not true or false') });
    expect(body.policy.key).toBe('cn-complaint');
    await api(admin, 'PUT', '/sla/policies/amount-policy', { enabled: false, reason: 'test over' });
  });

  it('tests a stored case the caller may read, and answers 404 for one they may not', async () => {
    // given
    const bj = await api(admin, 'POST', '/cases', complaint({ departmentId: dept.BJ, channel: '12378' }));
    const sh = await api(admin, 'POST', '/cases', complaint({ departmentId: dept.SH }));
    expect([bj.statusCode, sh.statusCode]).toEqual([201, 201]);
    // when
    const mine = await match({ caseId: bj.json().id }, supervisorBj);
    const theirs = await match({ caseId: sh.json().id }, supervisorBj);
    // then
    expect(mine.statusCode).toBe(200);
    expect(mine.json().policy.key).toBe('cn-complaint-12378');
    expectProblem(theirs, 404, 'case-not-found');
    expect((await match({ caseId: sh.json().id })).json().policy.key).toBe('cn-complaint');
  });

  it('refuses a request with both or neither of caseId and case, naming the field', async () => {
    expectProblem(await match({}), 400, 'validation-failed');
    const both = expectProblem(await match({ caseId: '00000000-0000-4000-8000-000000000000', case: { type: 'complaint' } }), 400, 'validation-failed');
    expect(both.errors).toEqual([expect.objectContaining({ field: 'caseId' })]);
  });

  it('finds the same policy for the clocks as the tester does (findMatchingPolicy honours the FEEL expression)', async () => {
    // given
    const created = await api(admin, 'POST', '/cases', complaint({ departmentId: dept.BJ, channel: 'app' }, { regulatorReferral: true }));
    const plain = await api(admin, 'POST', '/cases', complaint({ departmentId: dept.BJ, channel: 'app' }));
    // when
    const referred = await findMatchingPolicy(t.database.db, await slaSubjectOf(t.database.db, await findCaseFactsOrThrow(t.database.db, created.json().id)), FRIDAY_1600);
    const general = await findMatchingPolicy(t.database.db, await slaSubjectOf(t.database.db, await findCaseFactsOrThrow(t.database.db, plain.json().id)), FRIDAY_1600);
    // then
    expect(referred).toMatchObject({ key: 'cn-complaint-12378', version: 1 });
    expect(general).toMatchObject({ key: 'cn-complaint', version: 1 });
  });

  it('reads a bound version of a policy after a newer one was saved (findSlaPolicyVersion, for running clocks)', async () => {
    // given
    const before = (await api(admin, 'GET', '/sla/policies/cn-consultation')).json();
    const changed = { ...before.definition, targets: [{ ...before.definition.targets[0], duration: 'PT12H' }] };
    expect((await api(admin, 'PUT', '/sla/policies/cn-consultation', { definition: changed, reason: 'tighter' })).statusCode).toBe(200);
    // when
    const bound = await findSlaPolicyVersion(t.database.db, before.id, 1);
    const latest = await findSlaPolicyVersion(t.database.db, before.id, 2);
    // then
    expect(bound).toMatchObject({ key: 'cn-consultation', version: 1, definition: { targets: [expect.objectContaining({ duration: 'PT24H' })] } });
    expect(latest).toMatchObject({ version: 2, definition: { targets: [expect.objectContaining({ duration: 'PT12H' })] } });
    expect(await findSlaPolicyVersion(t.database.db, before.id, 9)).toBeUndefined();
  });
});
