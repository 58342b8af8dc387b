import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createSeedCaseTypes, VALID_BANK_CARD, VALID_RESIDENT_ID } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, USER_PASSWORD, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;
let admin: string;
const dept: Record<string, string> = {};
const tokens: Record<string, string> = {};
const caseIds: Record<string, string> = {};

async function api(token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  // HQ → Beijing branch → Haidian sub-branch, and Shanghai branch, built through the admin API.
  const create = async (code: string, kind: string, parentId?: string) => {
    const res = await api(admin, 'POST', '/departments', { code, name: code, kind, ...(parentId ? { parentId } : {}) });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  dept.HQ = await create('HQ', 'head-office');
  dept.BJ = await create('BJ', 'branch', dept.HQ);
  dept.HD = await create('BJ-HD', 'sub-branch', dept.BJ);
  dept.SH = await create('SH', 'branch', dept.HQ);
  const user = async (username: string, roleIds: string[], departmentIds: string[]) => {
    const res = await api(admin, 'POST', '/users', { username, password: USER_PASSWORD, displayName: username, roleIds, departmentIds });
    expect(res.statusCode).toBe(201);
    tokens[username] = await t.login(username);
  };
  await user('agent.bj', ['agent'], [dept.BJ!]);
  await user('agent.sh', ['agent'], [dept.SH!]);
  await user('supervisor.bj', ['supervisor'], [dept.BJ!]);
  await user('marketing', ['marketing'], [dept.HQ!]);
  await user('nobody', [], [dept.HQ!]);
  await user('auditor.hq', ['auditor'], [dept.HQ!]);
  for (const [name, departmentId] of [
    ['bj', dept.BJ],
    ['hd', dept.HD],
    ['sh', dept.SH],
  ] as const) {
    const res = await api(admin, 'POST', '/cases', complaint({ title: `case in ${name}`, departmentId, customer: { id: 'C1', name: '张三' } }));
    expect(res.statusCode).toBe(201);
    caseIds[name] = res.json().id;
  }
});
afterAll(() => t.close());

const visibleTitles = async (token: string) => ((await api(token, 'GET', '/cases?limit=200')).json().items as { title: string }[]).map((c) => c.title).sort();

describe('record scopes', () => {
  it('shows a branch agent only their branch, in lists and single reads', async () => {
    expect(await visibleTitles(tokens['agent.bj']!)).toEqual(['case in bj']);
    expect((await api(tokens['agent.bj']!, 'GET', `/cases/${caseIds.bj}`)).statusCode).toBe(200);
    // Another branch's case does not exist for them: 404, not 403, so ids cannot be probed.
    expectProblem(await api(tokens['agent.bj']!, 'GET', `/cases/${caseIds.sh}`), 404, 'case-not-found');
    expectProblem(await api(tokens['agent.bj']!, 'GET', `/cases/${caseIds.sh}/history`), 404, 'case-not-found');
  });

  it('shows a supervisor the department subtree', async () => {
    expect(await visibleTitles(tokens['supervisor.bj']!)).toEqual(['case in bj', 'case in hd']);
  });

  it('refuses a forbidden change with 403 and changes nothing', async () => {
    const res = await api(tokens['marketing']!, 'PATCH', `/cases/${caseIds.bj}`, { priority: 'low' });
    expect(res.statusCode).toBe(428); // If-Match is checked before anything else
    const refused = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${caseIds.bj}`, headers: { ...bearer(tokens['marketing']!), 'if-match': '"1"' }, payload: { priority: 'low' } });
    expectProblem(refused, 403, 'forbidden');
    expect((await t.sql('SELECT priority, version FROM cases.case WHERE id = $1', [caseIds.bj]))[0]).toEqual({ priority: 'high', version: 1 });
  });

  it('lets a user without roles read only their own profile', async () => {
    expect((await api(tokens['nobody']!, 'GET', '/me')).statusCode).toBe(200);
    expect((await api(tokens['nobody']!, 'GET', '/cases')).json().items).toEqual([]);
    expectProblem(await api(tokens['nobody']!, 'POST', '/cases', complaint()), 403, 'forbidden');
    expectProblem(await api(tokens['nobody']!, 'GET', '/users'), 403, 'forbidden');
  });
});

describe('sensitivity levels', () => {
  it('hides a secret case from a role limited to normal cases, in the list and the single read', async () => {
    const secret = await api(admin, 'POST', '/cases', complaint({ title: 'whistle-blowing', departmentId: dept.BJ, sensitivity: 'secret' }));
    expect(secret.json().sensitivity).toBe('secret');
    const role = await api(admin, 'POST', '/roles', {
      key: 'bj-normal-reader',
      name: 'Reads normal cases of the department',
      permissions: [{ action: 'case:read', scope: 'department', maxSensitivity: 'normal' }],
    });
    expect(role.statusCode).toBe(201);
    await api(admin, 'POST', '/users', { username: 'normal.reader', password: USER_PASSWORD, displayName: 'n', roleIds: ['bj-normal-reader'], departmentIds: [dept.BJ] });
    const reader = await t.login('normal.reader');
    expect(await visibleTitles(reader)).toEqual(['case in bj']);
    expectProblem(await api(reader, 'GET', `/cases/${secret.json().id}`), 404, 'case-not-found');
    // The branch agent's built-in role reaches every level.
    expect(await visibleTitles(tokens['agent.bj']!)).toEqual(['case in bj', 'whistle-blowing']);
  });
});

describe('masking and unmasking', () => {
  it('masks sensitive fields for readers without unmask, and hides what a role hides', async () => {
    const seen = (await api(tokens['agent.bj']!, 'GET', `/cases/${caseIds.bj}`)).json();
    expect(seen.fields).toMatchObject({ residentId: '110105********002X', phone: '138****5678', bankCard: '6222 **** **** 7894', customerName: '张*' });
    expect(seen.customer.name).toBe('张*');
    const marketing = (await api(tokens['marketing']!, 'GET', `/cases/${caseIds.bj}`)).json();
    expect(marketing.fields.residentId).toBeUndefined();
    expect(marketing.fields.bankCard).toBeUndefined();
    expect(marketing.fields.phone).toBe('138****5678');
  });

  it('never shows a sensitive plaintext in any response to a reader without unmask', async () => {
    const plaintexts = [VALID_RESIDENT_ID, VALID_BANK_CARD, '13812345678', '张三'];
    const bodies = await Promise.all(
      [`/cases/${caseIds.bj}`, '/cases?limit=200', `/cases/${caseIds.bj}/history`, `/cases?q=case`, `/cases/${caseIds.sh}`].map(async (url) => (await api(tokens['agent.bj']!, 'GET', url)).body),
    );
    bodies.push((await api(tokens['agent.bj']!, 'POST', '/cases', complaint({}, { residentId: '110105194912310021' }))).body);
    // An auditor reads everything, the regulator's timeline included, and still sees masks.
    for (const url of [`/cases/${caseIds.bj}/timeline`, `/cases/${caseIds.bj}/history`, `/cases/${caseIds.sh}`, '/cases?limit=200']) {
      const res = await api(tokens['auditor.hq']!, 'GET', url);
      expect(res.statusCode, url).toBe(200);
      bodies.push(res.body);
    }
    for (const body of bodies) for (const secret of plaintexts) expect(body).not.toContain(secret);
  });

  it('unmasks one field with a reason for a reader holding case:unmask, and audits it without the value', async () => {
    expectProblem(await api(tokens['agent.bj']!, 'POST', `/cases/${caseIds.bj}/unmask`, { field: 'residentId', reason: 'customer verification call' }), 403, 'forbidden');
    const res = await api(tokens['supervisor.bj']!, 'POST', `/cases/${caseIds.bj}/unmask`, { field: 'residentId', reason: 'customer verification call' });
    expect(res.json()).toEqual({ field: 'residentId', value: VALID_RESIDENT_ID });
    const [event] = await t.sql<{ reason: string; data: unknown; changes: unknown }>("SELECT reason, data, changes FROM audit.event WHERE action = 'case.field-unmasked'");
    expect(event).toEqual({ reason: 'customer verification call', data: { field: 'residentId' }, changes: [] });
    expectProblem(await api(tokens['supervisor.bj']!, 'POST', `/cases/${caseIds.bj}/unmask`, { field: 'residentId' }), 400, 'validation-failed');
  });

  it('masks before → after values in the history', async () => {
    const history = (await api(tokens['agent.bj']!, 'GET', `/cases/${caseIds.bj}/history`)).json().items;
    const created = history.find((e: { action: string }) => e.action === 'case.created');
    expect(created.changes).toContainEqual({ field: 'fields.residentId', before: null, after: '110105********002X' });
  });
});

describe('administration', () => {
  it('refuses administration to a non-admin with 403 and changes nothing', async () => {
    const before = await t.sql('SELECT count(*)::int AS n FROM access.user');
    expectProblem(await api(tokens['agent.bj']!, 'POST', '/users', { username: 'x.y', password: USER_PASSWORD, displayName: 'x' }), 403, 'forbidden');
    expectProblem(await api(tokens['agent.bj']!, 'POST', '/departments', { code: 'GZ', name: 'GZ', kind: 'branch', parentId: dept.HQ }), 403, 'forbidden');
    expectProblem(await api(tokens['agent.bj']!, 'POST', '/roles', { key: 'xx', name: 'x', permissions: [] }), 403, 'forbidden');
    expect(await t.sql('SELECT count(*)::int AS n FROM access.user')).toEqual(before);
    // The denials themselves are audited, outside the refused command's transaction.
    const denials = await t.sql<{ actor_name: string; target_id: string; data: { action: string } }>(
      "SELECT actor_name, target_id, data FROM audit.event WHERE action = 'access.denied' AND actor_name = 'agent.bj' AND target_id LIKE 'POST /api/v1/%' ORDER BY id",
    );
    expect(denials.map((d) => [d.target_id, d.data.action])).toEqual([
      ['POST /api/v1/cases/:id/unmask', 'case:unmask'], // from the unmask test above
      ['POST /api/v1/users', 'user:admin'],
      ['POST /api/v1/departments', 'user:admin'],
      ['POST /api/v1/roles', 'user:admin'],
    ]);
  });

  it('refuses a weak password, an unknown role and an unknown department, naming the field', async () => {
    const weak = expectProblem(await api(admin, 'POST', '/users', { username: 'weak.user', password: 'short', displayName: 'w' }), 400, 'validation-failed');
    expect(weak.errors![0]!.field).toBe('password');
    const role = expectProblem(await api(admin, 'POST', '/users', { username: 'r.user', password: USER_PASSWORD, displayName: 'r', roleIds: ['wizard'] }), 400, 'validation-failed');
    expect(role.errors).toEqual([{ field: 'roleIds', reason: 'no role wizard' }]);
    expect(await t.sql("SELECT 1 FROM access.user WHERE username IN ('weak.user', 'r.user')")).toEqual([]);
  });

  it('changes roles with an audit event naming before and after; a new role takes effect at once', async () => {
    const res = await api(admin, 'POST', '/roles', { key: 'sh-reader', name: 'Shanghai reader', permissions: [{ action: 'case:read', caseTypes: ['complaint'] }] });
    expect(res.statusCode).toBe(201);
    const users = (await api(admin, 'GET', '/users?q=nobody')).json().items;
    const patched = await api(admin, 'PATCH', `/users/${users[0].id}`, { roleIds: ['sh-reader'] });
    expect(patched.json().roles).toEqual(['sh-reader']);
    const [event] = await t.sql<{ changes: unknown }>("SELECT changes FROM audit.event WHERE action = 'user.roles-changed'");
    expect(event!.changes).toEqual([{ field: 'roles', before: [], after: ['sh-reader'] }]);
    expect((await visibleTitles(tokens['nobody']!)).length).toBe(4); // every complaint: bj, hd, sh and the secret one
  });

  it('disabling a user ends their sessions', async () => {
    const users = (await api(admin, 'GET', '/users?q=agent.sh')).json().items;
    expect((await api(admin, 'PATCH', `/users/${users[0].id}`, { status: 'disabled' })).statusCode).toBe(200);
    expectProblem(await api(tokens['agent.sh']!, 'GET', '/me'), 401, 'unauthenticated');
  });

  it('manages groups, and refuses a group of kind queue (issue 17: queues are created with POST /queues)', async () => {
    const users = (await api(admin, 'GET', '/users')).json().items as { id: string }[];
    const queue = await api(admin, 'POST', '/groups', { key: 'bj-queue', name: 'Beijing queue', kind: 'queue', departmentId: dept.BJ });
    expect(expectProblem(queue, 400, 'validation-failed').errors).toEqual([expect.objectContaining({ field: 'kind' })]);
    expect((await api(admin, 'GET', '/groups')).json().items.map((g: { key: string }) => g.key)).not.toContain('bj-queue');
    const res = await api(admin, 'POST', '/groups', { key: 'bj-service', name: 'Beijing service desk', kind: 'group', departmentId: dept.BJ, memberIds: [users[0]!.id] });
    expect(res.statusCode).toBe(201);
    expect(res.json().memberIds).toEqual([users[0]!.id]);
    const bad = await api(admin, 'PUT', '/groups/bj-service/members', { userIds: ['01900000-0000-7000-8000-000000000000'] });
    expectProblem(bad, 400, 'validation-failed');
    expect((await api(admin, 'GET', '/groups')).json().items[0].memberIds).toEqual([users[0]!.id]);
  });
});
