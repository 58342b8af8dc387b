// Issue 12, item 2: masked values must not be recoverable through search. Searching by a phone,
// resident id, bank card or account number is for callers who may see that value in clear,
// states a purpose, is limited per user and audited with the purpose, never the value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createSeedCaseTypes, VALID_BANK_CARD, VALID_RESIDENT_ID } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, USER_PASSWORD, type TestApp } from '../../helpers/test-app.ts';

const PER_MINUTE = 3;
const PHONE = '15912342222';

let t: TestApp;
let admin: string;
const dept: Record<string, string> = {};
const tokens: Record<string, string> = {};
let caseId: string;
let consultationId: string;

const get = (token: string, query: string) => t.app.inject({ method: 'GET', url: `/api/v1/cases?${query}`, headers: bearer(token) });
const eventsOf = (action: string, actor: string) =>
  t.sql<{ reason: string | null; data: Record<string, unknown>; changes: unknown[] }>('SELECT reason, data, changes FROM audit.event WHERE action = $1 AND actor_name = $2 ORDER BY id', [
    action,
    actor,
  ]);

beforeAll(async () => {
  t = await createTestApp({ config: { sensitiveSearchPerMinute: PER_MINUTE } });
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  const department = async (code: string, kind: string, parentId?: string) =>
    (await t.app.inject({ method: 'POST', url: '/api/v1/departments', headers: bearer(admin), payload: { code, name: code, kind, ...(parentId ? { parentId } : {}) } })).json().id as string;
  dept.HQ = await department('HQ', 'head-office');
  dept.BJ = await department('BJ', 'branch', dept.HQ);
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/roles',
    headers: bearer(admin),
    payload: {
      key: 'complaint-phone-reader',
      name: 'Reads phone numbers of complaints in clear',
      permissions: [
        { action: 'case:read', scope: 'department', caseTypes: ['complaint'], fields: { 'class:phone': 'readable' } },
        { action: 'case:read', scope: 'department', caseTypes: ['consultation'] },
      ],
    },
  });
  const user = async (username: string, roleIds: string[]) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(admin),
      payload: { username, password: USER_PASSWORD, displayName: username, roleIds, departmentIds: [dept.BJ] },
    });
    expect(res.statusCode).toBe(201);
    tokens[username] = await t.login(username);
  };
  await user('agent.bj', ['agent']);
  await user('marketing', ['marketing']);
  await user('supervisor.bj', ['supervisor']);
  await user('supervisor.busy', ['supervisor']);
  await user('phone.reader', ['complaint-phone-reader']);
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload: complaint({ departmentId: dept.BJ }, { phone: PHONE }) });
  caseId = created.json().id;
  const consultation = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: bearer(admin),
    payload: { type: 'consultation', title: '咨询', departmentId: dept.BJ, fields: { customerName: '张三', phone: PHONE, topic: 'loans', question: '利率?' } },
  });
  expect(consultation.statusCode).toBe(201);
  consultationId = consultation.json().id;
});
afterAll(() => t.close());

describe('GET /api/v1/cases by a sensitive value', () => {
  it.each([
    ['agent.bj', `phone=${PHONE}`, 'phone'],
    ['agent.bj', `residentId=${VALID_RESIDENT_ID}`, 'resident-id'],
    ['marketing', `residentId=${VALID_RESIDENT_ID}`, 'resident-id'],
    ['marketing', `bankCard=${VALID_BANK_CARD}`, 'bank-card'],
  ])('refuses %s, who sees it only masked, searching by %s: 403, nothing returned, audited with the purpose and without the value', async (who, query, dataClass) => {
    // given
    const before = (await eventsOf('case.identity-search-refused', who)).length;
    // when
    const res = await get(tokens[who]!, `${query}&purpose=${encodeURIComponent('customer on the phone')}`);
    // then
    expectProblem(res, 403, 'forbidden');
    expect(res.body).not.toContain(caseId);
    const refused = await eventsOf('case.identity-search-refused', who);
    expect(refused).toHaveLength(before + 1);
    expect(refused.at(-1)).toMatchObject({ reason: 'customer on the phone', data: { dataClasses: [dataClass] }, changes: [] });
    expect(await eventsOf('case.searched-by-identity', who)).toEqual([]);
    const everything = JSON.stringify(await t.sql('SELECT * FROM audit.event'));
    for (const value of [PHONE, VALID_RESIDENT_ID, VALID_BANK_CARD]) expect(everything).not.toContain(value);
  });

  it('requires a purpose: 400 naming purpose, and nothing searched', async () => {
    const res = await get(tokens['supervisor.bj']!, `phone=${PHONE}`);
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'purpose', reason: expect.any(String) }]);
    expect(await eventsOf('case.searched-by-identity', 'supervisor.bj')).toEqual([]);
  });

  it('lets a reader who may unmask search with a purpose, audited with the purpose and never the value', async () => {
    const res = await get(tokens['supervisor.bj']!, `phone=${PHONE}&purpose=${encodeURIComponent('complaint call-back 12378')}`);
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .items.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual([caseId, consultationId].sort());
    expect(await eventsOf('case.searched-by-identity', 'supervisor.bj')).toEqual([{ reason: 'complaint call-back 12378', data: { dataClasses: ['phone'] }, changes: [] }]);
    expect(JSON.stringify(await t.sql('SELECT * FROM audit.event'))).not.toContain(PHONE);
  });

  it('finds only the cases where the field rule shows the caller the value in clear', async () => {
    // phone.reader reads complaint phones in clear, consultation phones masked: the consultation
    // must not be confirmed by the search either.
    const res = await get(tokens['phone.reader']!, `phone=${PHONE}&purpose=callback`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect(res.json().items[0].fields.phone).toBe(PHONE);
  });

  it(`limits each user to ${PER_MINUTE} such searches a minute: 429, audited, other users unaffected`, async () => {
    for (let i = 0; i < PER_MINUTE; i++) expect((await get(tokens['supervisor.busy']!, `phone=1590000000${i}&purpose=sweep`)).statusCode).toBe(200);
    const limited = await get(tokens['supervisor.busy']!, `phone=${PHONE}&purpose=sweep`);
    expectProblem(limited, 429, 'too-many-requests');
    expect(limited.body).not.toContain(caseId);
    expect((await eventsOf('case.identity-search-refused', 'supervisor.busy')).map((e) => e.data.refused)).toEqual(['rate-limited']);
    expect(await eventsOf('case.searched-by-identity', 'supervisor.busy')).toHaveLength(PER_MINUTE);
    // An ordinary list is not counted, and another user still searches.
    expect((await get(tokens['supervisor.busy']!, 'limit=5')).statusCode).toBe(200);
    expect((await get(tokens['supervisor.bj']!, `phone=${PHONE}&purpose=again`)).statusCode).toBe(200);
  });
});
