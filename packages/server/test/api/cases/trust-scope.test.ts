// Issue 12, items 1, 3, 6 and 21 (server): scope and masking gaps found by outside testing.
// The roles are the shipped ones the demo uses (agent, supervisor, auditor, marketing), with
// users in departments built through the admin API, as an administrator would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createQueueForTest, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, USER_PASSWORD, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;
let admin: string;
const dept: Record<string, string> = {};
const tokens: Record<string, string> = {};
const userIds: Record<string, string> = {};

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
function api(token: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, payload });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  const department = async (code: string, kind: string, parentId?: string) => {
    const res = await api(admin, 'POST', '/departments', { code, name: code, kind, ...(parentId ? { parentId } : {}) });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  dept.HQ = await department('HQ', 'head-office');
  dept.BJ = await department('BJ', 'branch', dept.HQ);
  dept.SH = await department('SH', 'branch', dept.HQ);
  dept.RISK = await department('RISK', 'functional', dept.HQ);
  await api(admin, 'POST', '/roles', {
    key: 'bj-phone-editor',
    name: 'Corrects phone numbers of the department without seeing them',
    permissions: [
      { action: 'case:read', scope: 'department' },
      { action: 'case:update', scope: 'department', fields: { 'class:phone': 'writable' } },
    ],
  });
  const user = async (username: string, roleIds: string[], departmentId: string) => {
    const res = await api(admin, 'POST', '/users', { username, password: USER_PASSWORD, displayName: username, roleIds, departmentIds: [departmentId] });
    expect(res.statusCode).toBe(201);
    userIds[username] = res.json().id;
    tokens[username] = await t.login(username);
  };
  await user('agent.bj', ['agent'], dept.BJ);
  await user('agent.sh', ['agent'], dept.SH);
  await user('risk.analyst', ['agent'], dept.RISK);
  await user('supervisor.bj', ['supervisor'], dept.BJ);
  await user('auditor', ['auditor'], dept.HQ);
  await user('marketing', ['marketing'], dept.HQ);
  await user('phone.editor', ['bj-phone-editor'], dept.BJ);
});
afterAll(() => t.close());

const countCases = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n);
const eventsOf = (action: string) =>
  t.sql<{ actor_name: string; case_id: string | null; target_id: string; reason: string | null; data: Record<string, unknown>; changes: unknown[] }>(
    'SELECT actor_name, case_id, target_id, reason, data, changes FROM audit.event WHERE action = $1 ORDER BY id',
    [action],
  );
const caseRow = async (id: string) => (await t.sql('SELECT department_id, queue, fields, sensitivity, version FROM cases.case WHERE id = $1', [id]))[0]!;

async function bjComplaint(overrides: Record<string, unknown> = {}, token = admin): Promise<{ id: string; number: string; title: string }> {
  const res = await api(token, 'POST', '/cases', complaint({ departmentId: dept.BJ, ...overrides }));
  if (res.statusCode !== 201) throw new Error(`create: ${res.statusCode} ${res.body}`);
  return res.json();
}

function amlAlert(externalId: string) {
  return {
    type: 'suspicious-transaction',
    title: `异常交易预警 ${externalId}`,
    externalId,
    source: 'aml-monitor',
    fields: { alertId: externalId, accountNumber: '6217000012345678', amount: 12_000, riskLevel: 'high' },
  };
}

describe('external-id duplicates (item 1)', () => {
  it('answers a duplicate of a case the caller may not read with 409 naming only externalId, audited, and nothing of that case', async () => {
    // given: an AML alert in the risk department that a branch agent may not read
    const aml = await api(tokens['risk.analyst']!, 'POST', '/cases', amlAlert('AML-777'));
    expect(aml.statusCode).toBe(201);
    const existing = aml.json();
    expectProblem(await api(tokens['agent.bj']!, 'GET', `/cases/${existing.id}`), 404, 'case-not-found');
    const casesBefore = await countCases();
    // when: the branch agent sends the same external id and source
    const res = await api(tokens['agent.bj']!, 'POST', '/cases', amlAlert('AML-777'));
    // then
    const problem = expectProblem(res, 409, 'case-external-id-taken');
    expect(problem.errors).toEqual([{ field: 'externalId', reason: expect.any(String) }]);
    for (const secret of [existing.id, existing.number, existing.title, dept.RISK!]) expect(res.body).not.toContain(secret);
    expect(await countCases()).toBe(casesBefore);
    const [event] = (await eventsOf('case.external-id-refused')).filter((e) => e.actor_name === 'agent.bj');
    expect(event).toMatchObject({ case_id: null, data: { source: 'aml-monitor', externalId: 'AML-777' } });
    for (const secret of [existing.id, existing.number, existing.title]) expect(JSON.stringify(event)).not.toContain(secret);
  });

  it('keeps answering a duplicate the caller may read with the existing case', async () => {
    await api(tokens['risk.analyst']!, 'POST', '/cases', amlAlert('AML-778'));
    const again = await api(tokens['risk.analyst']!, 'POST', '/cases', amlAlert('AML-778'));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ externalId: 'AML-778', departmentId: dept.RISK });
  });

  it('answers such a line of a bulk create with the same problem and no data, audited, and creates nothing for it', async () => {
    // given
    const existing = (await api(tokens['risk.analyst']!, 'POST', '/cases', amlAlert('AML-779'))).json();
    const casesBefore = await countCases();
    const body = [amlAlert('AML-779'), amlAlert('AML-779')].map((l) => JSON.stringify(l)).join('\n');
    // when
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases/bulk', headers: { ...bearer(tokens['agent.bj']!), 'content-type': 'application/x-ndjson' }, payload: body });
    // then
    expect(res.statusCode).toBe(200);
    const refused = { status: 'refused', problem: { type: '/problems/case-external-id-taken', status: 409, title: expect.any(String), errors: [{ field: 'externalId', reason: expect.any(String) }] } };
    expect(res.json()).toEqual({
      created: 0,
      duplicates: 0,
      invalid: 0,
      refused: 2,
      results: [
        { line: 1, ...refused },
        { line: 2, ...refused },
      ],
    });
    for (const secret of [existing.id, existing.number, existing.title]) expect(res.body).not.toContain(secret);
    expect(await countCases()).toBe(casesBefore);
    const events = (await eventsOf('case.external-id-refused')).filter((e) => e.data.externalId === 'AML-779');
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_name).toBe('agent.bj');
  });
});

describe('masked fields are not writable blind (item 3)', () => {
  it('refuses an agent who sees a value only masked to clear or overwrite it, naming the field, and changes nothing', async () => {
    // given
    const c = await bjComplaint();
    const before = await caseRow(c.id);
    const shown = (await api(tokens['agent.bj']!, 'GET', `/cases/${c.id}`)).json();
    expect(shown.fields.residentId).toMatch(/\*/);
    // when
    const cleared = await api(tokens['agent.bj']!, 'PATCH', `/cases/${c.id}`, { fields: { residentId: null } }, { 'if-match': '"1"' });
    const overwritten = await api(tokens['agent.bj']!, 'PATCH', `/cases/${c.id}`, { fields: { phone: '13900000000', category: 'service' } }, { 'if-match': '"1"' });
    // then
    expect(expectProblem(cleared, 403, 'forbidden').errors).toEqual([{ field: 'fields.residentId', reason: expect.any(String) }]);
    expect(expectProblem(overwritten, 403, 'forbidden').errors).toEqual([{ field: 'fields.phone', reason: expect.any(String) }]);
    expect(await caseRow(c.id)).toEqual(before);
    // A field the agent reads in clear stays writable.
    const ok = await api(tokens['agent.bj']!, 'PATCH', `/cases/${c.id}`, { fields: { category: 'service' } }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses an agent replacing the customer in a way that erases or overwrites the name it sees masked', async () => {
    // given
    const c = await bjComplaint({ customer: { id: 'C1', name: '张三丰' } });
    const before = await t.sql('SELECT customer, version FROM cases.case WHERE id = $1', [c.id]);
    // when
    const erased = await api(tokens['agent.bj']!, 'PATCH', `/cases/${c.id}`, { customer: { id: 'C1', tier: 'gold' } }, { 'if-match': '"1"' });
    const overwritten = await api(tokens['agent.bj']!, 'PATCH', `/cases/${c.id}`, { customer: { id: 'C1', name: '李四' } }, { 'if-match': '"1"' });
    // then
    for (const res of [erased, overwritten]) expect(expectProblem(res, 403, 'forbidden').errors).toEqual([{ field: 'customer.name', reason: expect.any(String) }]);
    expect(await t.sql('SELECT customer, version FROM cases.case WHERE id = $1', [c.id])).toEqual(before);
    // The supervisor, who may unmask, may change it.
    expect((await api(tokens['supervisor.bj']!, 'PATCH', `/cases/${c.id}`, { customer: { id: 'C1', name: '李四' } }, { 'if-match': '"1"' })).statusCode).toBe(200);
  });

  it('refuses an agent replacing the customer in a way that erases the phone and resident id it sees masked', async () => {
    // given
    const c = await bjComplaint({ customer: { id: 'C2', name: '张三丰', phone: '13912345678', residentId: '11010519491231002X' } });
    const before = await t.sql('SELECT customer, version FROM cases.case WHERE id = $1', [c.id]);
    // when: the agent keeps the name it may not read but drops the phone and the resident id
    const res = await api(tokens['agent.bj']!, 'PATCH', `/cases/${c.id}`, { customer: { id: 'C2', name: '张三丰' } }, { 'if-match': '"1"' });
    // then
    const problem = expectProblem(res, 403, 'forbidden');
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(expect.arrayContaining(['customer.phone', 'customer.residentId']));
    expect(await t.sql('SELECT customer, version FROM cases.case WHERE id = $1', [c.id])).toEqual(before);
  });

  it('lets a role whose field rule says writable explicitly change a field it reads masked', async () => {
    const c = await bjComplaint();
    const res = await api(tokens['phone.editor']!, 'PATCH', `/cases/${c.id}`, { fields: { phone: '13900000001' } }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.json().fields.phone).toBe('139****0001');
    // …but not the resident id, which its rule does not name.
    const refused = await api(tokens['phone.editor']!, 'PATCH', `/cases/${c.id}`, { fields: { residentId: null } }, { 'if-match': '"2"' });
    expect(expectProblem(refused, 403, 'forbidden').errors![0]!.field).toBe('fields.residentId');
  });

  it('keeps the overwritten value sealed in history, so an entitled reader recovers it with a reason (audited without the value)', async () => {
    // given: the supervisor, who may unmask, corrects the phone
    const c = await bjComplaint({}, tokens['agent.bj']);
    const patched = await api(tokens['supervisor.bj']!, 'PATCH', `/cases/${c.id}`, { fields: { phone: '13900000002' } }, { 'if-match': '"1"' });
    expect(patched.statusCode).toBe(200);
    const [stored] = await t.sql<{ id: number; changes: { field: string; before: string }[] }>("SELECT id, changes FROM audit.event WHERE case_id = $1 AND action = 'case.updated'", [c.id]);
    expect(stored!.changes[0]!.before).toMatch(/^dk1\./); // sealed, not a mask
    // when
    const recovered = await api(tokens['supervisor.bj']!, 'POST', `/cases/${c.id}/unmask`, { field: 'phone', eventId: stored!.id, reason: 'customer disputes the change' });
    // then
    expect(recovered.statusCode).toBe(200);
    expect(recovered.json()).toEqual({ field: 'phone', eventId: stored!.id, before: '13812345678', after: '13900000002' });
    const [event] = (await eventsOf('case.field-unmasked')).filter((e) => e.case_id === c.id);
    expect(event).toMatchObject({ reason: 'customer disputes the change', data: { field: 'phone', eventId: stored!.id } });
    expect(JSON.stringify(event)).not.toContain('1381234');
    // The agent, who may not unmask, is refused the history value too.
    expectProblem(await api(tokens['agent.bj']!, 'POST', `/cases/${c.id}/unmask`, { field: 'phone', eventId: stored!.id, reason: 'curious about it' }), 403, 'forbidden');
    // An event of another case, or one without that field, names eventId.
    const other = await bjComplaint();
    const wrong = await api(tokens['supervisor.bj']!, 'POST', `/cases/${other.id}/unmask`, { field: 'phone', eventId: stored!.id, reason: 'wrong case on purpose' });
    expect(expectProblem(wrong, 400, 'validation-failed').errors![0]!.field).toBe('eventId');
  });
});

describe('watchers (item 6a, 6b)', () => {
  const watchersOf = (caseId: string) => t.sql<{ user_id: string }>('SELECT user_id FROM cases.watcher WHERE case_id = $1 ORDER BY user_id', [caseId]);

  it.each(['auditor', 'marketing'])("refuses %s adding or removing someone else's watch, and changes nothing", async (who) => {
    // given
    const c = await bjComplaint();
    expect((await api(tokens['supervisor.bj']!, 'PUT', `/cases/${c.id}/watchers/${userIds['agent.bj']}`)).statusCode).toBe(204);
    const before = await watchersOf(c.id);
    // when
    const add = await api(tokens[who]!, 'PUT', `/cases/${c.id}/watchers/${userIds['supervisor.bj']}`);
    const remove = await api(tokens[who]!, 'DELETE', `/cases/${c.id}/watchers/${userIds['agent.bj']}`);
    // then
    expectProblem(add, 403, 'forbidden');
    expectProblem(remove, 403, 'forbidden');
    expect(await watchersOf(c.id)).toEqual(before);
    // Watching and unwatching oneself needs only reading.
    expect((await api(tokens[who]!, 'PUT', `/cases/${c.id}/watchers/${userIds[who]}`)).statusCode).toBe(204);
    expect((await api(tokens[who]!, 'DELETE', `/cases/${c.id}/watchers/${userIds[who]}`)).statusCode).toBe(204);
    expect(await watchersOf(c.id)).toEqual(before);
  });

  it('refuses a watcher who may not read the case with 422 naming userId, and adds nobody', async () => {
    const c = await bjComplaint();
    const res = await api(tokens['supervisor.bj']!, 'PUT', `/cases/${c.id}/watchers/${userIds['agent.sh']}`);
    expect(expectProblem(res, 422, 'watcher-not-entitled').errors).toEqual([{ field: 'userId', reason: expect.any(String) }]);
    expect(await watchersOf(c.id)).toEqual([]);
    expect((await api(tokens['supervisor.bj']!, 'PUT', `/cases/${c.id}/watchers/${userIds['agent.bj']}`)).statusCode).toBe(204);
  });
});

describe('creating in a department (item 6c) and the defaults of a new case (item 21)', () => {
  it('refuses an agent creating a case in another department with 403, and creates nothing', async () => {
    const before = await countCases();
    const res = await api(tokens['agent.bj']!, 'POST', '/cases', complaint({ departmentId: dept.SH }));
    expectProblem(res, 403, 'forbidden');
    expect(await countCases()).toBe(before);
    const bulk = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases/bulk',
      headers: { ...bearer(tokens['agent.bj']!), 'content-type': 'application/x-ndjson' },
      payload: JSON.stringify(complaint({ departmentId: dept.SH })),
    });
    expect(bulk.json()).toMatchObject({ created: 0, invalid: 1 });
    expect(await countCases()).toBe(before);
    expect((await api(tokens['agent.bj']!, 'POST', '/cases', complaint({ departmentId: dept.BJ }))).statusCode).toBe(201);
  });

  // The case type's default queue is the router's to apply since issue 17 (test/api/routing/), so
  // that a queue the creator names stays distinguishable from the default.
  it("puts a case created without department in the creator's department, where the supervisor sees it", async () => {
    // when
    const res = await api(tokens['agent.bj']!, 'POST', '/cases', complaint());
    // then
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ departmentId: dept.BJ });
    expect((await api(tokens['supervisor.bj']!, 'GET', `/cases/${res.json().id}`)).statusCode).toBe(200);
    // A queue or department the request names wins over the defaults.
    await createQueueForTest(t, admin, 'vip-desk');
    const named = await api(tokens['agent.bj']!, 'POST', '/cases', complaint({ queue: 'vip-desk' }));
    expect(named.json()).toMatchObject({ departmentId: dept.BJ, queue: 'vip-desk' });
  });
});

describe('lowering sensitivity needs case:classify (item 6d)', () => {
  it('refuses an agent lowering a secret case to normal with 403 and changes nothing; a supervisor may', async () => {
    // given
    const c = await bjComplaint({ sensitivity: 'secret' });
    const before = await caseRow(c.id);
    // when
    const res = await api(tokens['agent.bj']!, 'PATCH', `/cases/${c.id}`, { sensitivity: 'normal' }, { 'if-match': '"1"' });
    // then
    expect(expectProblem(res, 403, 'forbidden').action).toBe('case:classify');
    expect(await caseRow(c.id)).toEqual(before);
    const lowered = await api(tokens['supervisor.bj']!, 'PATCH', `/cases/${c.id}`, { sensitivity: 'normal' }, { 'if-match': '"1"' });
    expect(lowered.json()).toMatchObject({ sensitivity: 'normal', version: 2 });
    // Raising it again protects the case: case:update is enough.
    const raised = await api(tokens['agent.bj']!, 'PATCH', `/cases/${c.id}`, { sensitivity: 'secret' }, { 'if-match': '"2"' });
    expect(raised.json()).toMatchObject({ sensitivity: 'secret', version: 3 });
  });
});

describe('unmask (item 6e, 6f)', () => {
  it.each(['constructor', 'toString', '__proto__', 'category', 'noSuchField'])('answers unmask of %s with 400 naming field, and reveals nothing', async (field) => {
    const c = await bjComplaint();
    const res = await api(tokens['supervisor.bj']!, 'POST', `/cases/${c.id}/unmask`, { field, reason: 'probing field names' });
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'field', reason: expect.any(String) }]);
    expect((await eventsOf('case.field-unmasked')).filter((e) => e.case_id === c.id)).toEqual([]);
  });

  it('audits refused unmask attempts with the reason and the field name, never a value', async () => {
    // given
    const c = await bjComplaint();
    const other = (await api(admin, 'POST', '/cases', complaint({ departmentId: dept.SH }))).json();
    // when
    const forbidden = await api(tokens['agent.bj']!, 'POST', `/cases/${c.id}/unmask`, { field: 'residentId', reason: 'verify the customer' });
    const invisible = await api(tokens['agent.bj']!, 'POST', `/cases/${other.id}/unmask`, { field: 'phone', reason: 'try another branch' });
    const marketing = await api(tokens['marketing']!, 'POST', `/cases/${c.id}/unmask`, { field: 'phone', reason: 'campaign call list' });
    // then
    expectProblem(forbidden, 403, 'forbidden');
    expectProblem(invisible, 404, 'case-not-found');
    expectProblem(marketing, 403, 'forbidden');
    for (const res of [forbidden, invisible, marketing]) expect(res.body).not.toMatch(/1381234|110105/);
    const refused = (await eventsOf('case.unmask-refused')).filter((e) => e.target_id === c.id || e.target_id === other.id);
    expect(refused.map((e) => [e.actor_name, e.target_id, e.reason, e.data])).toEqual([
      ['agent.bj', c.id, 'verify the customer', { field: 'residentId' }],
      ['agent.bj', other.id, 'try another branch', { field: 'phone' }],
      ['marketing', c.id, 'campaign call list', { field: 'phone' }],
    ]);
    expect(JSON.stringify(refused)).not.toMatch(/1381234|110105|6222/);
    expect((await eventsOf('case.field-unmasked')).filter((e) => e.case_id === c.id || e.case_id === other.id)).toEqual([]);
  });
});
