import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDepartment } from '../../../../src/modules/access/index.ts';
import { newId } from '../../../../src/platform/ids/ids.ts';
import { complaint, createSeedCaseTypes, VALID_RESIDENT_ID } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// Issue 21, part A: object types with a relation, records under the record policy with masking,
// versions, links both ways and optimistic concurrency — through the API against PostgreSQL.

let t: TestApp;
let admin: string;
let bjAgent: string;
let shAgent: string;
let auditor: string;
let nobody: string;
let hq: string;
let bj: string;
let sh: string;
let bjAgentId: string;

async function api(token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
}
const label = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const count = async (sqlText: string, values?: unknown[]) => Number((await t.sql<{ n: string }>(sqlText, values))[0]!.n);

const customerType = () => ({
  key: 'customer',
  role: 'customer',
  name: label('客户', 'Customer'),
  numberPrefix: 'CUS',
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('姓名', 'Name'), required: true, validate: { maxLength: 50 } },
    { key: 'residentId', type: 'text', label: label('身份证号', 'Resident ID'), dataClass: 'resident-id', searchable: true },
    { key: 'phone', type: 'text', label: label('手机', 'Phone'), dataClass: 'phone' },
    { key: 'birthday', type: 'date', label: label('生日', 'Birthday') },
    {
      key: 'tier',
      type: 'select',
      label: label('等级', 'Tier'),
      options: [
        { value: 'gold', label: label('金', 'Gold') },
        { value: 'silver', label: label('银', 'Silver') },
      ],
    },
    { key: 'assets', type: 'money', label: label('资产', 'Assets'), currency: 'CNY', validate: { min: 0 } },
    { key: 'manager', type: 'user', label: label('客户经理', 'Relationship manager') },
  ],
  layout: { sections: [{ title: label('基本', 'Basics'), fields: ['name', 'residentId', 'phone'] }], columns: ['name', 'tier'] },
});

const accountType = () => ({
  key: 'account',
  name: label('账户', 'Account'),
  numberPrefix: 'ACC',
  displayField: 'accountName',
  fields: [
    { key: 'accountName', type: 'text', label: label('账户名', 'Account name'), required: true },
    { key: 'openedOn', type: 'date', label: label('开户日', 'Opened on') },
    { key: 'holder', type: 'reference', label: label('持有人', 'Holder'), referenceTo: 'customer' },
  ],
});

async function createCustomer(token: string, fields: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return api(token, 'POST', '/object-types/customer/records', { fields, ...extra });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  hq = newId<string>();
  bj = newId<string>();
  sh = newId<string>();
  await t.database.db.transaction().execute(async (tx) => {
    await insertDepartment(tx, { id: hq, code: 'HQ', name: '总行', kind: 'head-office', parentId: null, path: `/${hq}/` });
    await insertDepartment(tx, { id: bj, code: 'BJ', name: '北京分行', kind: 'branch', parentId: hq, path: `/${hq}/${bj}/` });
    await insertDepartment(tx, { id: sh, code: 'SH', name: '上海分行', kind: 'branch', parentId: hq, path: `/${hq}/${sh}/` });
  });
  bjAgentId = await t.createUser('agent.bj', ['agent'], bj);
  await t.createUser('agent.sh', ['agent'], sh);
  await t.createUser('auditor1', ['auditor'], hq);
  await t.createUser('nobody', [], bj);
  [bjAgent, shAgent, auditor, nobody] = [await t.login('agent.bj'), await t.login('agent.sh'), await t.login('auditor1'), await t.login('nobody')];
  expect((await api(admin, 'POST', '/object-types', customerType())).statusCode).toBe(201);
  const account = await api(admin, 'POST', '/object-types', accountType());
  expect(account.statusCode, account.body).toBe(201);
}, 60_000);
afterAll(() => t?.close());

describe('records', () => {
  it('creates a record with a number, seals and masks its sensitive fields, and reads it back masked for an agent', async () => {
    const res = await createCustomer(bjAgent, { name: '张三', residentId: VALID_RESIDENT_ID, phone: '13812345678', birthday: '1990-02-28', tier: 'gold', assets: '1200.50' });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.number).toMatch(/^CUS-\d{6}$/);
    expect(created.departmentId).toBe(bj);
    const stored = (
      await t.sql<{ fields: Record<string, string>; sensitive_index: string[]; search_text: string }>(`SELECT fields, sensitive_index, search_text FROM objects.record WHERE id = $1`, [created.id])
    )[0]!;
    expect(stored.fields.residentId).toMatch(/^dk1\./);
    expect(stored.fields.name).toBe('张三');
    expect(stored.search_text).not.toContain(VALID_RESIDENT_ID);
    expect(stored.sensitive_index.length).toBe(2);
    const read = await api(bjAgent, 'GET', `/records/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json().fields.residentId).toBe('110105********002X');
    expect(read.json().fields.phone).toBe('138****5678');
    expect(read.json().maskedFields).toEqual(expect.arrayContaining(['residentId', 'phone']));
    expect(await count(`SELECT count(*) AS n FROM objects.record_date WHERE record_id = $1 AND field_key = 'birthday' AND month_day = 228`, [created.id])).toBe(1);
  });

  it('changes a record with If-Match, refuses a stale version with 412 and changes nothing', async () => {
    const created = (await createCustomer(bjAgent, { name: '李四', tier: 'silver' })).json();
    const changed = await api(bjAgent, 'PATCH', `/records/${created.id}`, { fields: { tier: 'gold', birthday: '1985-12-31' }, tags: ['elderly'] }, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, tags: ['elderly'], fields: { tier: 'gold', birthday: '1985-12-31' } });
    const stale = await api(bjAgent, 'PATCH', `/records/${created.id}`, { fields: { tier: 'silver' } }, { 'if-match': '"1"' });
    expectProblem(stale, 412, 'record-version-stale');
    expect((await api(bjAgent, 'GET', `/records/${created.id}`)).json().fields.tier).toBe('gold');
    expectProblem(await api(bjAgent, 'PATCH', `/records/${created.id}`, { fields: { tier: 'silver' } }), 428, 'precondition-required');
    const event = (await t.sql<{ changes: { field: string }[] }>(`SELECT changes FROM audit.event WHERE target_id = $1 AND action = 'objects.record-changed'`, [created.id]))[0]!;
    expect(event.changes.map((c) => c.field).sort()).toEqual(['fields.birthday', 'fields.tier', 'tags']);
    expect(await count(`SELECT count(*) AS n FROM platform.outbox_event WHERE aggregate_id = $1 AND type = 'record.changed'`, [created.id])).toBe(1);
  });
});
