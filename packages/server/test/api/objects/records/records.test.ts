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
let supervisor: string;
let caseId: string;

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
  await t.createUser('super.bj', ['supervisor'], bj);
  await t.createUser('auditor1', ['auditor'], hq);
  await t.createUser('nobody', [], bj);
  [bjAgent, shAgent, auditor, nobody, supervisor] = [await t.login('agent.bj'), await t.login('agent.sh'), await t.login('auditor1'), await t.login('nobody'), await t.login('super.bj')];
  await createSeedCaseTypes(t, admin);
  const createdCase = await api(bjAgent, 'POST', '/cases', complaint({ departmentId: bj }));
  expect(createdCase.statusCode, createdCase.body).toBe(201);
  caseId = createdCase.json().id;
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

describe('object types', () => {
  it('refuses a bad definition with 400 naming each offending part, and saves nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM objects.object_type`);
    const res = await api(admin, 'POST', '/object-types', {
      ...accountType(),
      key: 'holding',
      numberPrefix: 'HLD',
      displayField: 'missing',
      fields: [
        { key: 'amount', type: 'number', label: label('金额', 'Amount'), dataClass: 'account' },
        { key: 'amount', type: 'text', label: label('重复', 'Again'), required: true },
        { key: 'kind', type: 'select', label: label('类型', 'Kind') },
        { key: 'product', type: 'reference', label: label('产品', 'Product'), referenceTo: 'nothing' },
      ],
    });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['fields[0].dataClass', 'fields[1].key', 'fields[2].options', 'fields[3].referenceTo', 'displayField']));
    expect(await count(`SELECT count(*) AS n FROM objects.object_type`)).toBe(before);
  });

  it('refuses a designer without object-type:admin with 403', async () => {
    expectProblem(await api(bjAgent, 'POST', '/object-types', { ...accountType(), key: 'product', numberPrefix: 'PRD' }), 403, 'forbidden');
    expect(await count(`SELECT count(*) AS n FROM objects.object_type WHERE key = 'product'`)).toBe(0);
  });

  it('saves versions: a record keeps the version it was written with and still reads after a field is removed and a rule tightened', async () => {
    const type = await api(admin, 'POST', '/object-types', {
      key: 'product',
      name: label('理财产品', 'Wealth product'),
      numberPrefix: 'PRD',
      displayField: 'title',
      fields: [
        { key: 'title', type: 'text', label: label('名称', 'Title'), required: true, validate: { maxLength: 40 } },
        { key: 'code', type: 'text', label: label('代码', 'Code') },
        { key: 'maturesOn', type: 'date', label: label('到期日', 'Matures on') },
      ],
    });
    expect(type.statusCode, type.body).toBe(201);
    const old = (await api(admin, 'POST', '/object-types/product/records', { fields: { title: '稳健理财一号年年丰收', code: 'P1', maturesOn: '2027-03-01' } })).json();
    const v2 = {
      name: label('理财产品', 'Wealth product'),
      numberPrefix: 'PRD',
      displayField: 'title',
      fields: [
        { key: 'title', type: 'text', label: label('名称', 'Title'), required: true, validate: { maxLength: 5 } },
        { key: 'maturesOn', type: 'date', label: label('到期日', 'Matures on'), required: true },
      ],
    };
    expectProblem(await api(admin, 'PUT', '/object-types/product', v2, { 'if-match': '"7"' }), 412, 'object-type-version-stale');
    const saved = await api(admin, 'PUT', '/object-types/product', v2, { 'if-match': '"1"' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ currentVersion: 2, version: 2 });
    expect((await api(admin, 'GET', '/object-types/product/versions')).json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const read = await api(admin, 'GET', `/records/${old.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ typeVersion: 1, fields: { title: '稳健理财一号年年丰收', code: 'P1' } });
    const tooLong = expectProblem(await api(admin, 'POST', '/object-types/product/records', { fields: { title: '稳健理财一号年年丰收', maturesOn: '2027-03-01' } }), 400, 'validation-failed');
    expect(tooLong.errors).toEqual([{ field: 'fields.title', reason: 'must be at most 5 characters' }]);
    // Writing the old record moves it to the current version; the removed field's value goes (audited).
    const moved = await api(admin, 'PATCH', `/records/${old.id}`, { fields: { maturesOn: '2027-03-02' } }, { 'if-match': '"1"' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ typeVersion: 2, fields: { title: '稳健理财一号年年丰收', maturesOn: '2027-03-02' } });
    expect(moved.json().fields.code).toBeUndefined();
    // Archived: no new records; the old ones stay readable.
    expect((await api(admin, 'POST', '/object-types/product/archive')).json().archivedAt).not.toBeNull();
    expectProblem(await api(admin, 'POST', '/object-types/product/records', { fields: { title: '新品', maturesOn: '2027-03-01' } }), 409, 'object-type-archived');
    expect((await api(admin, 'GET', `/records/${old.id}`)).statusCode).toBe(200);
    expect((await api(admin, 'GET', '/object-types')).json().items.map((i: { key: string }) => i.key)).not.toContain('product');
  });
});

describe('record permissions and masking', () => {
  let bjRecord: { id: string; version: number };
  let shRecord: { id: string };

  beforeAll(async () => {
    bjRecord = (await createCustomer(bjAgent, { name: '王五', residentId: VALID_RESIDENT_ID, phone: '13912345678', tier: 'gold' })).json();
    shRecord = (await createCustomer(shAgent, { name: '赵六', tier: 'silver' })).json();
  });

  it("lists and reads only records of the reader's subtree: another branch's record answers 404 by id, as cases do", async () => {
    const bjList = (await api(bjAgent, 'GET', '/object-types/customer/records?limit=200')).json().items.map((r: { id: string }) => r.id);
    expect(bjList).toContain(bjRecord.id);
    expect(bjList).not.toContain(shRecord.id);
    expectProblem(await api(bjAgent, 'GET', `/records/${shRecord.id}`), 404, 'record-not-found');
    expectProblem(await api(bjAgent, 'PATCH', `/records/${shRecord.id}`, { fields: { tier: 'gold' } }, { 'if-match': '"1"' }), 404, 'record-not-found');
    expect((await api(nobody, 'GET', '/object-types/customer/records')).json().items).toEqual([]);
    // The head office's auditor reads all, every field masked.
    const audited = (await api(auditor, 'GET', `/records/${bjRecord.id}`)).json();
    expect(audited.fields).toMatchObject({ name: '****', residentId: '110105********002X', tier: '****' });
    expect(audited.displayName).toBe('****');
  });

  it('refuses a forbidden user with 403 and changes nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM objects.record`);
    expectProblem(await createCustomer(nobody, { name: '钱七' }), 403, 'forbidden');
    expectProblem(await createCustomer(bjAgent, { name: '钱七' }, { departmentId: sh }), 403, 'forbidden');
    expect(await count(`SELECT count(*) AS n FROM objects.record`)).toBe(before);
    expectProblem(await api(bjAgent, 'DELETE', `/records/${bjRecord.id}`, undefined, { 'if-match': '"1"' }), 403, 'forbidden');
    // A masked value cannot be overwritten blind: 403 naming the field.
    const blind = expectProblem(await api(bjAgent, 'PATCH', `/records/${bjRecord.id}`, { fields: { residentId: '110105194912310021' } }, { 'if-match': '"1"' }), 403, 'forbidden');
    expect(blind.errors).toEqual([{ field: 'fields.residentId', reason: 'is not writable for you' }]);
    const row = (await t.sql<{ version: number; deleted_at: Date | null }>(`SELECT version, deleted_at FROM objects.record WHERE id = $1`, [bjRecord.id]))[0]!;
    expect(row).toEqual({ version: 1, deleted_at: null });
  });

  it('refuses bad values with 400 naming each field', async () => {
    const res = await createCustomer(bjAgent, { residentId: '110105194912310020', assets: '12.345678', tier: 'bronze', manager: newId(), nickname: 'x' });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(['fields.assets', 'fields.name', 'fields.nickname', 'fields.residentId', 'fields.tier']);
    const pointer = expectProblem(await createCustomer(bjAgent, { name: '孙八', manager: newId() }), 400, 'validation-failed');
    expect(pointer.errors).toEqual([{ field: 'fields.manager', reason: 'no such user' }]);
    expect((await createCustomer(bjAgent, { name: '孙八', manager: bjAgentId })).statusCode).toBe(201);
  });

  it('unmasks a value for a reader holding record:unmask, with a reason, audited; refuses an agent without it', async () => {
    expectProblem(await api(bjAgent, 'POST', `/records/${bjRecord.id}/unmask`, { field: 'residentId', reason: '客户来电核实身份' }), 403, 'forbidden');
    const res = await api(supervisor, 'POST', `/records/${bjRecord.id}/unmask`, { field: 'residentId', reason: '客户来电核实身份' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ field: 'residentId', value: VALID_RESIDENT_ID });
    const events = await t.sql<{ reason: string; data: { field: string } }>(`SELECT reason, data FROM audit.event WHERE target_id = $1 AND action = 'objects.record-unmasked'`, [bjRecord.id]);
    expect(events).toEqual([{ reason: '客户来电核实身份', data: expect.objectContaining({ field: 'residentId' }) }]);
    expect(JSON.stringify(await t.sql(`SELECT data, changes FROM audit.event WHERE target_id = $1`, [bjRecord.id]))).not.toContain(VALID_RESIDENT_ID);
    expectProblem(await api(supervisor, 'POST', `/records/${bjRecord.id}/unmask`, { field: 'tier', reason: '客户来电核实身份' }), 400, 'validation-failed');
    // The refusal is in the ledger too (every 403 is: access.denied, written after the rollback).
    expect(await count(`SELECT count(*) AS n FROM audit.event WHERE action = 'access.denied' AND target_id = 'POST /api/v1/records/:id/unmask'`)).toBe(1);
  });

  it('finds records by words and by a sensitive value through the blind index, only for readers who may see it', async () => {
    expect((await api(bjAgent, 'GET', `/object-types/customer/records?q=${encodeURIComponent('王五')}`)).json().items.map((r: { id: string }) => r.id)).toEqual([bjRecord.id]);
    expect((await api(supervisor, 'GET', `/object-types/customer/records?field.residentId=${VALID_RESIDENT_ID}`)).json().items.map((r: { id: string }) => r.id)).toContain(bjRecord.id);
    expect((await api(bjAgent, 'GET', `/object-types/customer/records?field.residentId=${VALID_RESIDENT_ID}`)).json().items).toEqual([]);
    expect((await api(bjAgent, 'GET', '/object-types/customer/records?field.tier=silver')).json().items.every((r: { fields: { tier: string } }) => r.fields.tier === 'silver')).toBe(true);
    expectProblem(await api(bjAgent, 'GET', '/object-types/customer/records?field.nothing=1'), 400, 'validation-failed');
  });

  it('pages with a keyset cursor', async () => {
    const first = (await api(bjAgent, 'GET', '/object-types/customer/records?limit=2&sort=number')).json();
    expect(first.items).toHaveLength(2);
    const second = (await api(bjAgent, 'GET', `/object-types/customer/records?limit=2&sort=number&after=${first.nextCursor}`)).json();
    expect(second.items[0].number > first.items[1].number).toBe(true);
  });

  it('keeps the history with sensitive values sealed, masked for the reader', async () => {
    const changed = await api(supervisor, 'PATCH', `/records/${bjRecord.id}`, { fields: { phone: '13700001111' } }, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    const stored = (await t.sql<{ changes: { field: string; after: string }[] }>(`SELECT changes FROM audit.event WHERE target_id = $1 AND action = 'objects.record-changed'`, [bjRecord.id]))[0]!;
    expect(stored.changes[0]!.after).toMatch(/^dk1\./);
    const history = (await api(bjAgent, 'GET', `/records/${bjRecord.id}/history`)).json().items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['objects.record-created', 'objects.record-unmasked', 'objects.record-changed']);
    expect(history[2].changes).toEqual([{ field: 'fields.phone', before: '139****5678', after: '137****1111' }]);
  });
});

describe('relations and links', () => {
  let customer: { id: string };
  let other: { id: string };
  let account: { id: string };

  beforeAll(async () => {
    const holds = await api(admin, 'POST', '/relations', {
      key: 'customer-accounts',
      fromType: 'customer',
      toType: 'account',
      cardinality: 'one-to-many',
      name: label('账户', 'Accounts'),
      inverseName: label('客户', 'Customer'),
    });
    expect(holds.statusCode, holds.body).toBe(201);
    const cases = await api(admin, 'POST', '/relations', {
      key: 'customer-cases',
      fromType: 'customer',
      toKind: 'case',
      cardinality: 'one-to-many',
      name: label('工单', 'Cases'),
      inverseName: label('客户', 'Customer'),
    });
    expect(cases.statusCode, cases.body).toBe(201);
    customer = (await createCustomer(bjAgent, { name: '周九' })).json();
    other = (await createCustomer(bjAgent, { name: '吴十' })).json();
    account = (await api(bjAgent, 'POST', '/object-types/account/records', { fields: { accountName: '周九的活期', holder: customer.id } })).json();
  });

  it('refuses a bad relation with 400 naming the field', async () => {
    const res = await api(admin, 'POST', '/relations', { key: 'bad-one', fromType: 'customer', toType: 'nothing', cardinality: 'many-to-many', name: label('x', 'x'), inverseName: label('y', 'y') });
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'toType', reason: 'no object type nothing' }]);
  });

  it('links one-to-many, refuses a second owner with 409, and is queryable both ways', async () => {
    expect((await api(bjAgent, 'POST', `/records/${customer.id}/links`, { relation: 'customer-accounts', toRecordId: account.id })).statusCode).toBe(201);
    expect((await api(bjAgent, 'POST', `/records/${customer.id}/links`, { relation: 'customer-accounts', toRecordId: account.id })).json()).toEqual({ linked: false });
    expectProblem(await api(bjAgent, 'POST', `/records/${other.id}/links`, { relation: 'customer-accounts', toRecordId: account.id }), 409, 'record-link-taken');
    const outgoing = (await api(bjAgent, 'GET', `/records/${customer.id}/links?direction=outgoing`)).json().items;
    expect(outgoing.map((i: { record: { id: string } }) => i.record.id)).toEqual([account.id]);
    const incoming = (await api(bjAgent, 'GET', `/records/${account.id}/links?relation=customer-accounts&direction=incoming`)).json().items;
    expect(incoming).toMatchObject([{ relation: 'customer-accounts', direction: 'incoming', name: { 'zh-CN': '客户' }, record: { id: customer.id } }]);
    expect(await count(`SELECT count(*) AS n FROM audit.event WHERE action = 'objects.records-linked' AND target_id = $1`, [customer.id])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM platform.outbox_event WHERE type = 'record.linked' AND aggregate_id = $1`, [customer.id])).toBe(1);
  });

  it('links a record to a case; the case lists the records its reader may read', async () => {
    expect((await api(bjAgent, 'POST', `/records/${customer.id}/links`, { relation: 'customer-cases', toCaseId: caseId })).statusCode).toBe(201);
    expect((await api(bjAgent, 'GET', `/cases/${caseId}/records`)).json().items.map((i: { record: { id: string } }) => i.record.id)).toEqual([customer.id]);
    expect((await api(bjAgent, 'GET', `/records/${customer.id}/links?relation=customer-cases`)).json().items[0].case).toMatchObject({ id: caseId });
    expect((await api(shAgent, 'GET', `/cases/${caseId}/records`)).statusCode).toBe(404);
  });

  it('links many-to-many both ways, refuses narrowing it to one-to-many while a target has two, and a deleted relation lists nothing', async () => {
    const shared = await api(admin, 'POST', '/relations', {
      key: 'joint-holders',
      fromType: 'customer',
      toType: 'account',
      cardinality: 'many-to-many',
      name: label('联名账户', 'Joint accounts'),
      inverseName: label('联名人', 'Joint holders'),
    });
    expect(shared.statusCode, shared.body).toBe(201);
    expect((await api(bjAgent, 'POST', `/records/${customer.id}/links`, { relation: 'joint-holders', toRecordId: account.id })).statusCode).toBe(201);
    expect((await api(bjAgent, 'POST', `/records/${account.id}/links`, { relation: 'joint-holders', toRecordId: other.id, direction: 'incoming' })).statusCode).toBe(201);
    const holders = (await api(bjAgent, 'GET', `/records/${account.id}/links?relation=joint-holders&direction=incoming`)).json().items;
    expect(holders.map((i: { record: { id: string } }) => i.record.id).sort()).toEqual([customer.id, other.id].sort());
    const narrowed = expectProblem(await api(admin, 'PUT', '/relations/joint-holders', { cardinality: 'one-to-many' }), 400, 'validation-failed');
    expect(narrowed.errors![0]!.field).toBe('cardinality');
    expect((await api(admin, 'DELETE', '/relations/joint-holders')).statusCode).toBe(204);
    expect((await api(bjAgent, 'GET', `/records/${account.id}/links?direction=incoming`)).json().items.map((i: { relation: string }) => i.relation)).not.toContain('joint-holders');
  });

  it('unlinks from either side, audited', async () => {
    expect((await api(bjAgent, 'DELETE', `/records/${account.id}/links/customer-accounts/${customer.id}`)).statusCode).toBe(204);
    expect((await api(bjAgent, 'GET', `/records/${customer.id}/links?relation=customer-accounts`)).json().items).toEqual([]);
    expectProblem(await api(bjAgent, 'DELETE', `/records/${account.id}/links/customer-accounts/${customer.id}`), 404, 'record-link-not-found');
    expect(await count(`SELECT count(*) AS n FROM audit.event WHERE action = 'objects.records-unlinked'`)).toBe(1);
  });

  it('deletes a record softly: gone from lists, links and the date index; its history stays', async () => {
    const doomed = (await createCustomer(supervisor, { name: '郑十一', birthday: '2000-02-29' }, { departmentId: bj })).json();
    expect(await count(`SELECT count(*) AS n FROM objects.record_date WHERE record_id = $1`, [doomed.id])).toBe(1);
    expectProblem(await api(admin, 'DELETE', `/records/${doomed.id}`, undefined, { 'if-match': '"9"' }), 412, 'record-version-stale');
    expect((await api(admin, 'DELETE', `/records/${doomed.id}`, undefined, { 'if-match': '"1"' })).statusCode).toBe(204);
    expectProblem(await api(admin, 'GET', `/records/${doomed.id}`), 404, 'record-not-found');
    expect(await count(`SELECT count(*) AS n FROM objects.record_date WHERE record_id = $1`, [doomed.id])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM platform.outbox_event WHERE type = 'record.deleted' AND aggregate_id = $1`, [doomed.id])).toBe(1);
  });
});
