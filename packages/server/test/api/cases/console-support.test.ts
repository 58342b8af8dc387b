import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, USER_PASSWORD, type TestApp } from '../../helpers/test-app.ts';

// What the console needs so it offers only what the server accepts and shows people by name:
// the case view's `allowed`, display names in views, the assignable-user picker, taking a case,
// the departments a caller reaches, and validation problems with stable reason codes.

let t: TestApp;
let admin: string;
const dept: Record<string, string> = {};
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

async function api(token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, payload });
}

async function newCase(overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  const res = await api(admin, 'POST', '/cases', complaint(overrides));
  expect(res.statusCode).toBe(201);
  return res.json();
}

const caseRow = async (id: string) => (await t.sql<{ version: number; assignee_id: string | null }>('SELECT version, assignee_id FROM cases.case WHERE id = $1', [id]))[0]!;
const eventCount = async (id: string) => Number((await t.sql<{ n: string }>("SELECT count(*) AS n FROM audit.event WHERE case_id = $1 AND action NOT LIKE '%denied%'", [id]))[0]!.n);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  const create = async (code: string, name: string, kind: string, parentId?: string) => {
    const res = await api(admin, 'POST', '/departments', { code, name, kind, ...(parentId ? { parentId } : {}) });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  dept.HQ = await create('HQ', '总行', 'head-office');
  dept.BJ = await create('BJ', '北京分行', 'branch', dept.HQ);
  dept.HD = await create('BJ-HD', '海淀支行', 'sub-branch', dept.BJ);
  dept.SH = await create('SH', '上海分行', 'branch', dept.HQ);
  const user = async (username: string, displayName: string, roleIds: string[], departmentIds: string[]) => {
    const res = await api(admin, 'POST', '/users', { username, password: USER_PASSWORD, displayName, roleIds, departmentIds });
    expect(res.statusCode).toBe(201);
    ids[username] = res.json().id;
    tokens[username] = await t.login(username);
  };
  await user('agent.bj', '王芳', ['agent'], [dept.BJ!]);
  await user('agent.bj2', '赵磊', ['agent'], [dept.BJ!]);
  await user('agent.hd', '黄娜', ['agent'], [dept.HD!]);
  await user('agent.sh', '李强', ['agent'], [dept.SH!]);
  await user('supervisor.bj', '刘伟', ['supervisor'], [dept.BJ!]);
  await user('marketing', '吴洋', ['marketing'], [dept.HQ!]);
  await user('auditor.hq', '周静', ['auditor'], [dept.HQ!]);
});
afterAll(() => t.close());

describe('the case view says what the reader may do', () => {
  it('offers marketing nothing but reading, and every refused action really is refused', async () => {
    const c = await newCase({ departmentId: dept.BJ });
    const view = (await api(tokens.marketing!, 'GET', `/cases/${c.id}`)).json();
    expect(view.allowed).toMatchObject({
      update: false,
      assign: false,
      take: false,
      transfer: false,
      close: false,
      comment: false,
      attach: false,
      unmask: false,
      link: false,
      watch: true,
      audit: false,
      transitions: [],
      writableFields: [],
    });
    // Each "no" is the server's own answer.
    expectProblem(await api(tokens.marketing!, 'PATCH', `/cases/${c.id}`, { title: 'x' }, { 'if-match': `"${c.version}"` }), 403, 'forbidden');
    expectProblem(await api(tokens.marketing!, 'POST', `/cases/${c.id}/comments`, { body: 'x', visibility: 'internal' }), 403, 'forbidden');
    expectProblem(await api(tokens.marketing!, 'POST', `/cases/${c.id}/take`, undefined, { 'if-match': `"${c.version}"` }), 403, 'forbidden');
    expect((await caseRow(c.id)).version).toBe(c.version);
  });

  it('lets a branch agent change, comment and take but not assign or transfer; a supervisor assigns', async () => {
    const c = await newCase({ departmentId: dept.BJ });
    const agentView = (await api(tokens['agent.bj']!, 'GET', `/cases/${c.id}`)).json();
    expect(agentView.allowed).toMatchObject({ update: true, assign: false, take: true, transfer: false, close: true, comment: true, attach: true, unmask: false, watch: true });
    expect(agentView.allowed.transitions).toEqual(['open', 'pending', 'resolved']);
    // The resident id holds a value the agent sees only masked, so it is not writable blind (item 3): the view and the PATCH agree.
    expect(agentView.allowed.writableFields).toEqual(expect.arrayContaining(['description', 'category']));
    expect(agentView.allowed.writableFields).not.toContain('residentId');
    expectProblem(await api(tokens['agent.bj']!, 'PATCH', `/cases/${c.id}`, { fields: { residentId: '110105198001010016' } }, { 'if-match': `"${c.version}"` }), 403, 'forbidden');
    // The agent's "assign: false" is what PATCH answers.
    expectProblem(await api(tokens['agent.bj']!, 'PATCH', `/cases/${c.id}`, { assigneeId: ids['agent.bj2'] }, { 'if-match': `"${c.version}"` }), 403, 'forbidden');
    expect((await caseRow(c.id)).assignee_id).toBeNull();
    const supervisorView = (await api(tokens['supervisor.bj']!, 'GET', `/cases/${c.id}`)).json();
    expect(supervisorView.allowed).toMatchObject({ update: true, assign: true, transfer: true, close: true, unmask: true });
    // Lists carry the same answer per case, but for the transitions: those are the case view's alone.
    const listed = (await api(tokens['agent.bj']!, 'GET', '/cases?limit=200')).json().items.find((i: { id: string }) => i.id === c.id);
    const { transitions: _transitions, ...withoutTransitions } = agentView.allowed;
    expect(listed.allowed).toEqual(withoutTransitions);
  });

  it('offers no resolve or close to the maker of a maker–checker case', async () => {
    const typeRes = await api(admin, 'GET', '/case-types/complaint');
    const type = typeRes.json();
    const saved = await api(admin, 'PUT', '/case-types/complaint', { name: type.name, description: type.description ?? undefined, schema: type.schema, separationOfDuties: true });
    expect(saved.statusCode).toBeLessThan(300);
    try {
      const res = await api(tokens['agent.bj']!, 'POST', '/cases', complaint({ departmentId: dept.BJ }));
      expect(res.statusCode).toBe(201);
      expect(res.json().allowed.transitions).toEqual(['open', 'pending']);
      expect(res.json().allowed.close).toBe(false);
      const other = (await api(tokens['agent.bj2']!, 'GET', `/cases/${res.json().id}`)).json();
      expect(other.allowed.transitions).toEqual(['open', 'pending', 'resolved']);
    } finally {
      await api(admin, 'PUT', '/case-types/complaint', { name: type.name, description: type.description ?? undefined, schema: type.schema, separationOfDuties: false });
    }
  });
});

describe('people and departments by name', () => {
  it('names assignee, creator and department in case views, comments, watchers and the timeline', async () => {
    const created = await api(tokens['agent.bj']!, 'POST', '/cases', complaint({ departmentId: dept.BJ, assigneeId: ids['agent.bj'] }));
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ assigneeName: '王芳', createdByName: '王芳', departmentName: '北京分行' });
    const listed = (await api(tokens['supervisor.bj']!, 'GET', '/cases?limit=200')).json().items.find((i: { id: string }) => i.id === c.id);
    expect(listed).toMatchObject({ assigneeName: '王芳', createdByName: '王芳', departmentName: '北京分行' });
    expect((await api(tokens['agent.bj']!, 'POST', `/cases/${c.id}/comments`, { body: '已联系客户', visibility: 'internal' })).json().authorName).toBe('王芳');
    expect((await api(tokens['supervisor.bj']!, 'GET', `/cases/${c.id}/comments`)).json().items[0].authorName).toBe('王芳');
    expect((await api(tokens['supervisor.bj']!, 'PUT', `/cases/${c.id}/watchers/${ids['supervisor.bj']}`)).statusCode).toBe(204);
    expect((await api(tokens['agent.bj']!, 'GET', `/cases/${c.id}/watchers`)).json().items).toEqual([expect.objectContaining({ userId: ids['supervisor.bj'], displayName: '刘伟' })]);
    const history = (await api(tokens['supervisor.bj']!, 'GET', `/cases/${c.id}/history`)).json().items;
    expect(history.find((e: { action: string }) => e.action === 'case.created')).toMatchObject({ actorId: ids['agent.bj'], actorDisplayName: '王芳' });
  });

  it('answers each caller with the departments their roles reach', async () => {
    const names = async (who: string, action = 'case:read') => ((await api(tokens[who] ?? admin, 'GET', `/me/departments?action=${action}`)).json().items as { name: string }[]).map((d) => d.name);
    expect(await names('agent.bj')).toEqual(['北京分行']);
    expect(await names('supervisor.bj')).toEqual(['北京分行', '海淀支行']);
    expect(await names('supervisor.bj', 'case:create')).toEqual(['北京分行', '海淀支行']);
    expect(await names('marketing', 'case:create')).toEqual([]);
    expect((await names('admin')).sort()).toEqual(['上海分行', '北京分行', '总行', '海淀支行'].sort());
    expectProblem(await api(tokens['agent.bj']!, 'GET', '/me/departments?action=user:admin'), 400, 'validation-failed');
  });
});

describe('assignable users', () => {
  const list = (who: string, caseId: string, query = '') => api(tokens[who] ?? admin, 'GET', `/cases/${caseId}/assignable-users${query}`);

  it('offers only active people whose own roles let them read and change the case, searchable and paged', async () => {
    const c = await newCase({ departmentId: dept.BJ });
    const res = await list('supervisor.bj', c.id);
    expect(res.statusCode).toBe(200);
    const usernames = res.json().items.map((u: { username: string }) => u.username);
    // agent.hd works in the sub-branch: an agent's scope is the own department, so not offered.
    expect(usernames).toEqual(['admin', 'agent.bj', 'agent.bj2', 'supervisor.bj']);
    expect(res.json().items.find((u: { username: string }) => u.username === 'agent.bj')).toMatchObject({ displayName: '王芳', departmentName: '北京分行' });
    expect((await list('supervisor.bj', c.id, '?q=%E7%8E%8B')).json().items.map((u: { username: string }) => u.username)).toEqual(['agent.bj']);
    const first = (await list('supervisor.bj', c.id, '?limit=2')).json();
    expect(first.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'agent.bj']);
    const second = (await list('supervisor.bj', c.id, `?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((u: { username: string }) => u.username)).toEqual(['agent.bj2', 'supervisor.bj']);
    await t.sql("UPDATE access.user SET status = 'disabled' WHERE username = 'agent.bj2'");
    try {
      expect((await list('supervisor.bj', c.id)).json().items.map((u: { username: string }) => u.username)).not.toContain('agent.bj2');
    } finally {
      await t.sql("UPDATE access.user SET status = 'active' WHERE username = 'agent.bj2'");
    }
  });

  it('refuses callers who may not assign the case (403) or cannot see it (404), changing nothing', async () => {
    const c = await newCase({ departmentId: dept.BJ });
    const before = await caseRow(c.id);
    const events = await eventCount(c.id);
    expectProblem(await list('agent.bj', c.id), 403, 'forbidden');
    expectProblem(await list('marketing', c.id), 403, 'forbidden');
    expectProblem(await list('agent.sh', c.id), 404, 'case-not-found');
    expectProblem(await list('supervisor.bj', c.id, '?limit=1000'), 400, 'validation-failed');
    expect(await caseRow(c.id)).toEqual(before);
    expect(await eventCount(c.id)).toBe(events);
  });
});

describe('taking a case', () => {
  const take = (who: string, caseId: string, version: number) => api(tokens[who]!, 'POST', `/cases/${caseId}/take`, undefined, { 'if-match': `"${version}"` });

  it('lets an agent take an open, unassigned case of their department, audited', async () => {
    const c = await newCase({ departmentId: dept.BJ });
    const res = await take('agent.bj', c.id, c.version);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ assigneeId: ids['agent.bj'], assigneeName: '王芳', version: c.version + 1 });
    expect(res.json().allowed.take).toBe(false);
    const events = await t.sql<{ action: string; changes: unknown }>("SELECT action, changes FROM audit.event WHERE case_id = $1 AND action = 'case.taken'", [c.id]);
    expect(events).toEqual([{ action: 'case.taken', changes: [{ field: 'assigneeId', before: null, after: ids['agent.bj'] }] }]);
  });

  it('refuses a taken case, a stale version, a closed case and a case out of scope, changing nothing', async () => {
    const c = await newCase({ departmentId: dept.BJ });
    expect((await take('agent.bj', c.id, c.version)).statusCode).toBe(200);
    const before = await caseRow(c.id);
    const events = await eventCount(c.id);
    expectProblem(await take('agent.bj2', c.id, before.version), 409, 'case-take-refused');
    expectProblem(await take('agent.bj2', c.id, c.version), 412, 'case-version-stale');
    expectProblem(await take('agent.sh', c.id, before.version), 404, 'case-not-found');
    expectProblem(await take('marketing', c.id, before.version), 403, 'forbidden');
    expectProblem(await api(tokens['agent.bj2']!, 'POST', `/cases/${c.id}/take`), 428, 'precondition-required');
    expect(await caseRow(c.id)).toEqual(before);
    expect(await eventCount(c.id)).toBe(events);

    const closed = await newCase({ departmentId: dept.BJ });
    const resolved = await api(admin, 'PATCH', `/cases/${closed.id}`, { status: 'resolved' }, { 'if-match': `"${closed.version}"` });
    expect(resolved.statusCode).toBe(200);
    expect((await api(tokens['agent.bj']!, 'GET', `/cases/${closed.id}`)).json().allowed.take).toBe(false);
    expectProblem(await take('agent.bj', closed.id, resolved.json().version), 409, 'case-take-refused');
    expect((await caseRow(closed.id)).assignee_id).toBeNull();
  });
});

describe('problems a client can translate', () => {
  it('gives every validation error a stable code and the values its reason names', async () => {
    const before = Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n);
    const res = await api(tokens['agent.bj']!, 'POST', '/cases', complaint({ departmentId: dept.BJ }, { residentId: '110105194912310021', category: 'nope', customerName: '' }));
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'fields.residentId', reason: 'check digit does not match (GB 11643)', code: 'check-digit', params: { standard: 'GB 11643' } },
        expect.objectContaining({ field: 'fields.category', code: 'not-allowed-value', params: { allowed: 'fees, service, wealth, credit-card, other' } }),
        expect.objectContaining({ field: 'fields.customerName', code: 'required' }),
      ]),
    );
    const schemaLevel = expectProblem(await api(tokens['agent.bj']!, 'POST', '/cases', { type: 'complaint', fields: {}, title: 'x'.repeat(301), extra: 1 }), 400, 'validation-failed');
    expect(schemaLevel.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'extra', code: 'unknown-field' })]));
    const tooLong = expectProblem(await api(tokens['agent.bj']!, 'POST', '/cases', { type: 'complaint', fields: {}, title: 'x'.repeat(301) }), 400, 'validation-failed');
    expect(tooLong.errors).toEqual([expect.objectContaining({ field: 'title', code: 'too-long', params: { limit: 300 } })]);
    expect(Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n)).toBe(before);
  });

  it('names a wrong password by its stable type', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'agent.bj', password: 'wrong password 1' } });
    expectProblem(res, 401, 'invalid-credentials');
  });
});
