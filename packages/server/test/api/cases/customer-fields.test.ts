import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resealPersonalDataBacklog } from '../../../src/modules/cases/index.ts';
import { bearer, createTestApp, dumpAllTables as dumpTables, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';

// Issue 12, item 4: the customer object took any keys and stored them in clear; an id number
// and a mobile put there by PATCH were shown to marketing and sat in clear in a dump.

const CUSTOMER = {
  id: 'C777',
  name: '欧阳娜娜',
  tier: 'gold',
  segment: 'retail',
  branch: 'BJ01',
  phone: '13522223333',
  residentId: '110105200001010016',
  email: 'nana@example.cn',
  bankCard: '6222021234567894',
};
const PATCHED_PHONE = '13744445555';
const LEGACY = { mobile: '13866667777', idNumber: '44030419900307123X', nickname: '娜娜姐' };
const MIGRATION = new URL('../../../migrations/20261204T2110_cases_seal-personal-data-in-customer-and-free-text.sql', import.meta.url);

let t: TestApp;
let admin: string;
let agent: string;
let marketing: string;
let caseId: string;

const api = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload ? { payload } : {}) });
const countCases = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n);

const dumpAllTables = () => dumpTables(t);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await t.createUser('agent.cust', ['agent']);
  await t.createUser('marketing.cust', ['marketing']);
  [agent, marketing] = await Promise.all([t.login('agent.cust'), t.login('marketing.cust')]);
  const created = await api(agent, 'POST', '/cases', complaint({ customer: CUSTOMER }));
  expect(created.statusCode).toBe(201);
  caseId = created.json().id;
});
afterAll(() => t.close());

describe('the customer schema', () => {
  it('refuses a key outside the schema on create, naming it, and stores nothing', async () => {
    const before = await countCases();
    const res = expectProblem(await api(agent, 'POST', '/cases', complaint({ customer: { id: 'C1', mobile: '13900001111' } })), 400, 'validation-failed');
    expect(res.errors).toContainEqual({ field: 'customer.mobile', reason: 'is not a known field', code: 'unknown-field' });
    expect(await countCases()).toBe(before);
  });

  it('refuses a key outside the schema on PATCH, naming it, and changes nothing', async () => {
    const [before] = await t.sql('SELECT version, customer FROM cases.case WHERE id = $1', [caseId]);
    const res = expectProblem(await api(agent, 'PATCH', `/cases/${caseId}`, { customer: { id: 'C777', idNumber: '44030419900307123X' } }, { 'if-match': '"1"' }), 400, 'validation-failed');
    expect(res.errors!.map((e) => e.field)).toContain('customer.idNumber');
    expect(await t.sql('SELECT version, customer FROM cases.case WHERE id = $1', [caseId])).toEqual([before]);
  });

  it('refuses a resident id with a wrong check digit and a card failing Luhn, naming each, and stores nothing', async () => {
    const before = await countCases();
    const res = expectProblem(await api(agent, 'POST', '/cases', complaint({ customer: { id: 'C2', residentId: '110105200001010017', bankCard: '6222021234567895' } })), 400, 'validation-failed');
    expect(res.errors).toEqual(
      expect.arrayContaining([
        { field: 'customer.residentId', reason: 'check digit does not match (GB 11643)' },
        { field: 'customer.bankCard', reason: 'check digit does not match (Luhn)' },
      ]),
    );
    expect(JSON.stringify(res)).not.toContain('110105200001010017');
    expect(await countCases()).toBe(before);
  });
});

describe('customer fields of a data class', () => {
  it('are masked for a reader without unmask, and left out where the reader’s field rules hide the class', async () => {
    const byAgent = (await api(agent, 'GET', `/cases/${caseId}`)).json();
    expect(byAgent.customer).toEqual({
      id: 'C777',
      name: '欧***',
      tier: 'gold',
      segment: 'retail',
      branch: 'BJ01',
      phone: '135****3333',
      residentId: '110105********0016',
      email: 'n***@example.cn',
      bankCard: '6222 **** **** 7894',
    });
    const byMarketing = (await api(marketing, 'GET', `/cases/${caseId}`)).json();
    expect(byMarketing.customer).toEqual({ id: 'C777', name: '欧***', tier: 'gold', segment: 'retail', branch: 'BJ01', phone: '135****3333', email: 'n***@example.cn' });
    const list = (await api(marketing, 'GET', '/cases')).json();
    expect(list.items.find((c: { id: string }) => c.id === caseId).customer).toEqual(byMarketing.customer);
  });

  it('are unmasked as customer.<key> with a reason, audited without the value; refused to a reader without unmask', async () => {
    const res = await api(admin, 'POST', `/cases/${caseId}/unmask`, { field: 'customer.phone', reason: 'call the customer back' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ field: 'customer.phone', value: CUSTOMER.phone });
    const [event] = await t.sql<{ data: unknown }>("SELECT data FROM audit.event WHERE action = 'case.field-unmasked' AND case_id = $1", [caseId]);
    expect(event!.data).toEqual({ field: 'customer.phone' });
    const unmaskedBefore = (await t.sql("SELECT id FROM audit.event WHERE action = 'case.field-unmasked'")).length;
    for (const token of [marketing, agent]) {
      const refused = await api(token, 'POST', `/cases/${caseId}/unmask`, { field: 'customer.residentId', reason: 'just curious, really' });
      expect([403, 404]).toContain(refused.statusCode);
      expect(refused.body).not.toContain(CUSTOMER.residentId);
    }
    expect((await t.sql("SELECT id FROM audit.event WHERE action = 'case.field-unmasked'")).length).toBe(unmaskedBefore);
    expectProblem(await api(admin, 'POST', `/cases/${caseId}/unmask`, { field: 'customer.constructor', reason: 'probing the object' }), 400, 'validation-failed');
  });

  it('are found through the blind index, and a PATCH moves the index to the new value', async () => {
    const ids = async (query: string) => (await api(admin, 'GET', `/cases?${query}&purpose=${encodeURIComponent('customer-fields test')}`)).json().items.map((c: { id: string }) => c.id);
    expect(await ids(`phone=${CUSTOMER.phone}`)).toEqual([caseId]);
    // The agent sees the phone masked, so may not overwrite it (issue 12 item 3); the administrator, who may unmask it, may.
    expectProblem(await api(agent, 'PATCH', `/cases/${caseId}`, { customer: { ...CUSTOMER, phone: PATCHED_PHONE } }, { 'if-match': '"1"' }), 403, 'forbidden');
    const patched = await api(admin, 'PATCH', `/cases/${caseId}`, { customer: { ...CUSTOMER, phone: PATCHED_PHONE } }, { 'if-match': '"1"' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().customer.phone).toBe('137****5555');
    expect(await ids(`phone=${PATCHED_PHONE}`)).toEqual([caseId]);
    expect(await ids(`phone=${CUSTOMER.phone}`)).toEqual([]);
    expect(await ids(`residentId=${CUSTOMER.residentId}`)).toEqual([caseId]);
  });

  it('cannot be dropped or overwritten by a caller whose field rules do not let them write that field, and nothing changes', async () => {
    const role = await api(admin, 'POST', '/roles', {
      key: 'front-desk',
      name: 'Front desk',
      permissions: [{ action: 'case:read' }, { action: 'case:update', fields: { 'class:resident-id': 'masked' } }],
    });
    expect(role.statusCode).toBe(201);
    await t.createUser('desk.cust', ['front-desk']);
    const desk = await t.login('desk.cust');
    const [before] = await t.sql<{ version: number }>('SELECT version, customer, sensitive_index FROM cases.case WHERE id = $1', [caseId]);
    const { residentId: _dropped, ...withoutId } = CUSTOMER;
    const res = expectProblem(await api(desk, 'PATCH', `/cases/${caseId}`, { customer: { ...withoutId, phone: PATCHED_PHONE } }, { 'if-match': `"${before!.version}"` }), 403, 'forbidden');
    expect(res.errors).toEqual([{ field: 'customer.residentId', reason: 'is not writable for you' }]);
    expect(await t.sql('SELECT version, customer, sensitive_index FROM cases.case WHERE id = $1', [caseId])).toEqual([before]);
    // The fields the role may write it can still change, sending the others back as they are.
    const allowed = await api(desk, 'PATCH', `/cases/${caseId}`, { customer: { ...CUSTOMER, phone: PATCHED_PHONE, segment: 'sme' } }, { 'if-match': `"${before!.version}"` });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().customer.segment).toBe('sme');
  });

  it('show in the history masked or left out as in the case', async () => {
    const history = (await api(marketing, 'GET', `/cases/${caseId}/history`)).json().items as { action: string; changes: { field: string; before: unknown; after: unknown }[] }[];
    const change = history.find((e) => e.action === 'case.updated')!.changes.find((c) => c.field === 'customer')!;
    expect(change.before).toMatchObject({ phone: '135****3333', name: '欧***' });
    expect(change.after).toMatchObject({ phone: '137****5555' });
    expect(change.after).not.toHaveProperty('residentId');
    const text = JSON.stringify(history);
    for (const secret of [CUSTOMER.phone, PATCHED_PHONE, CUSTOMER.residentId, CUSTOMER.name, CUSTOMER.bankCard, CUSTOMER.email]) expect(text).not.toContain(secret);
  });

  it('keep none of their values in clear in any table', async () => {
    const dump = await dumpAllTables();
    for (const secret of [CUSTOMER.phone, PATCHED_PHONE, CUSTOMER.residentId, CUSTOMER.name, CUSTOMER.bankCard, CUSTOMER.email]) expect(dump).not.toContain(secret);
    const [row] = await t.sql<{ customer: Record<string, string>; customer_ref: string }>('SELECT customer, customer_ref FROM cases.case WHERE id = $1', [caseId]);
    expect(row!.customer.phone).toMatch(/^dk1\./);
    expect(row!.customer.tier).toBe('gold');
    expect(row!.customer_ref).toBe('C777');
  });
});

describe('rows written before the customer schema', () => {
  it('are re-sealed at start: aliases renamed, unknown keys sealed under legacy, nothing left in clear, values still unmaskable', async () => {
    // given a case as an earlier release stored it: any keys, in clear, and a phone in its title
    const created = await api(agent, 'POST', '/cases', complaint({ title: '旧工单', customer: { id: 'C900' } }));
    const oldId = created.json().id;
    await t.sql('UPDATE cases.case SET customer = $2::jsonb, title = $3 WHERE id = $1', [oldId, JSON.stringify({ id: 'C900', tier: 'gold', ...LEGACY }), `旧工单 回电${LEGACY.mobile}`]);
    // when the migration lists it and the server starts
    await t.sql(readFileSync(MIGRATION, 'utf8'));
    expect(await t.sql('SELECT kind FROM cases.personal_data_backlog WHERE id = $1', [oldId])).toEqual([{ kind: 'case' }]);
    expect(await resealPersonalDataBacklog(t.database.db, t.keyRing)).toBeGreaterThanOrEqual(1);
    // then
    expect(await t.sql('SELECT * FROM cases.personal_data_backlog')).toEqual([]);
    const dump = await dumpAllTables();
    for (const secret of Object.values(LEGACY)) expect(dump).not.toContain(secret);
    const read = (await api(marketing, 'GET', `/cases/${oldId}`)).json();
    expect(read.customer).toEqual({ id: 'C900', tier: 'gold', phone: '138****7777', legacy: '****' });
    expect(read.title).toBe('旧工单 回电138****7777');
    const unmask = async (field: string) => (await api(admin, 'POST', `/cases/${oldId}/unmask`, { field, reason: 'verify the migrated record' })).json().value;
    expect(await unmask('customer.residentId')).toBe(LEGACY.idNumber);
    expect(await unmask('customer.phone')).toBe(LEGACY.mobile);
    expect(await unmask('customer.legacy')).toEqual({ nickname: LEGACY.nickname });
    const byPhone = (await api(admin, 'GET', `/cases?phone=${LEGACY.mobile}&purpose=legacy-check`)).json().items.map((c: { id: string }) => c.id);
    expect(byPhone).toEqual([oldId]);
    // and a second start finds nothing to do
    expect(await resealPersonalDataBacklog(t.database.db, t.keyRing)).toBe(0);
  });
});
