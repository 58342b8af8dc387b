import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDepartment } from '../../../../src/modules/access/index.ts';
import { newId } from '../../../../src/platform/ids/ids.ts';
import { complaint, createSeedCaseTypes, VALID_RESIDENT_ID } from '../../../helpers/factories.ts';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';

// Issue 21, as an outside checker probes it: a user without any record, object-type or
// automation right is refused on every endpoint of the three (403, or 404 where a record must not
// be confirmed) and nothing changes; and a value a reader sees masked does not come out of a list,
// a search, an import's error report, the customer 360° view or a rule's dry-run.

let t: TestApp;
let admin: string;
let agent: string;
let auditor: string;
let importer: string;
let nobody: string;
let bj: string;
let customerId: string;
let accountId: string;
let caseId: string;
let importId: string;
let runId: string;

const BOUNDARY = '----docket-probe-1b2c3d';
const label = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
async function api(token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
}
async function postImport(token: string, csv: string, fields: Record<string, string>) {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n`), Buffer.from(csv), Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/object-types/customer/imports',
    headers: { ...bearer(token), 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: Buffer.concat(parts),
  });
}

/** Everything the three modules write, and every audit event but the refusals themselves. */
async function footprint(): Promise<Record<string, number>> {
  const [row] = await t.sql<Record<string, string>>(`SELECT
    (SELECT count(*) FROM objects.object_type) AS types, (SELECT count(*) FROM objects.object_type_version) AS type_versions,
    (SELECT count(*) FROM objects.relation) AS relations, (SELECT count(*) FROM objects.record) AS records,
    (SELECT max(version) FROM objects.record) AS record_version, (SELECT count(*) FROM objects.record WHERE deleted_at IS NOT NULL) AS deleted,
    (SELECT count(*) FROM objects.record_link) AS links, (SELECT count(*) FROM objects.import) AS imports,
    (SELECT count(*) FROM automation.rule) AS rules, (SELECT count(*) FROM automation.rule_version) AS rule_versions,
    (SELECT count(*) FROM automation.rule WHERE enabled) AS enabled, (SELECT count(*) FROM automation.run) AS runs,
    (SELECT count(*) FROM platform.job) AS jobs, (SELECT count(*) FROM audit.event WHERE action <> 'access.denied') AS audit`);
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const hq = newId<string>();
  bj = newId<string>();
  await t.database.db.transaction().execute(async (tx) => {
    await insertDepartment(tx, { id: hq, code: 'HQ', name: '总行', kind: 'head-office', parentId: null, path: `/${hq}/` });
    await insertDepartment(tx, { id: bj, code: 'BJ', name: '北京分行', kind: 'branch', parentId: hq, path: `/${hq}/${bj}/` });
  });
  await t.createUser('agent.bj', ['agent'], bj);
  await t.createUser('auditor1', ['auditor'], hq);
  await t.createUser('importer.bj', ['supervisor'], bj);
  await t.createUser('nobody', [], bj);
  [agent, auditor, importer, nobody] = [await t.login('agent.bj'), await t.login('auditor1'), await t.login('importer.bj'), await t.login('nobody')];
  await createSeedCaseTypes(t, admin);
  const customerType = await api(admin, 'POST', '/object-types', {
    key: 'customer',
    role: 'customer',
    name: label('客户', 'Customer'),
    numberPrefix: 'CUS',
    displayField: 'name',
    fields: [
      { key: 'name', type: 'text', label: label('姓名', 'Name'), required: true },
      { key: 'residentId', type: 'text', label: label('身份证号', 'Resident ID'), dataClass: 'resident-id', searchable: true },
      {
        key: 'tier',
        type: 'select',
        label: label('等级', 'Tier'),
        options: [
          { value: 'gold', label: label('金', 'Gold') },
          { value: 'silver', label: label('银', 'Silver') },
        ],
      },
    ],
  });
  expect(customerType.statusCode, customerType.body).toBe(201);
  const accountType = await api(admin, 'POST', '/object-types', {
    key: 'account',
    name: label('账户', 'Account'),
    numberPrefix: 'ACC',
    displayField: 'accountName',
    fields: [{ key: 'accountName', type: 'text', label: label('账户名', 'Account name'), required: true }],
  });
  expect(accountType.statusCode, accountType.body).toBe(201);
  const relation = await api(admin, 'POST', '/relations', {
    key: 'customer-accounts',
    fromType: 'customer',
    toType: 'account',
    cardinality: 'one-to-many',
    name: label('账户', 'Accounts'),
    inverseName: label('客户', 'Customer'),
  });
  expect(relation.statusCode, relation.body).toBe(201);
  const customer = await api(agent, 'POST', '/object-types/customer/records', { fields: { name: '王五', residentId: VALID_RESIDENT_ID, tier: 'gold' } });
  expect(customer.statusCode, customer.body).toBe(201);
  customerId = customer.json().id;
  accountId = (await api(agent, 'POST', '/object-types/account/records', { fields: { accountName: '王五的活期' } })).json().id;
  expect((await api(agent, 'POST', `/records/${customerId}/links`, { relation: 'customer-accounts', toRecordId: accountId })).statusCode).toBe(201);
  const created = await api(agent, 'POST', '/cases', complaint({ departmentId: bj }));
  expect(created.statusCode, created.body).toBe(201);
  caseId = created.json().id;
  const rule = await api(admin, 'POST', '/automation/rules', {
    key: 'tag-gold',
    name: 'Tag gold customers',
    trigger: { kind: 'record-event', on: 'created', objectType: 'customer' },
    condition: { kind: 'always' },
    actions: [{ type: 'add-tag', tag: 'vip' }],
  });
  expect(rule.statusCode, rule.body).toBe(201);
  // One run in the history for the run endpoints, written directly: the probe is about who may read it, not how it ran.
  runId = newId();
  await t.sql(
    `INSERT INTO automation.run (id, rule_id, rule_version, trigger_kind, trigger_detail, subject_type, subject_id, status, depth, started_at)
     VALUES ($1, $2, 1, 'record-event', 'record.created', 'record', $3, 'succeeded', 0, now())`,
    [runId, rule.json().id, customerId],
  );
  const imported = await postImport(importer, `外部编号,姓名,身份证号,等级\r\nP1,张三,${VALID_RESIDENT_ID},gold\r\nP2,李四,110105194912310020,gold\r\n`, { mode: 'all-or-nothing' });
  expect(imported.statusCode, imported.body).toBe(200);
  importId = imported.json().id;
}, 60_000);
afterAll(() => t?.close());

describe('a user without rights on records, object types and rules', () => {
  it('is refused on every endpoint with 403 or 404, and nothing changes', async () => {
    const before = await footprint();
    const ifMatch = { 'if-match': '"1"' };
    const rule = { name: 'x', trigger: { kind: 'record-event', on: 'created', objectType: 'customer' }, actions: [{ type: 'add-tag', tag: 'x' }] };
    const calls: [string, 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string, unknown?, Record<string, string>?][] = [
      // object types and relations
      ['create type', 'POST', '/object-types', { key: 'probe', name: label('探', 'Probe'), numberPrefix: 'PRB', displayField: 'n', fields: [{ key: 'n', type: 'text', label: label('n', 'n') }] }],
      [
        'save type',
        'PUT',
        '/object-types/customer',
        { name: label('客户', 'Customer'), numberPrefix: 'CUS', displayField: 'name', fields: [{ key: 'name', type: 'text', label: label('姓名', 'Name') }] },
        ifMatch,
      ],
      ['archive type', 'POST', '/object-types/customer/archive'],
      ['create relation', 'POST', '/relations', { key: 'probe-rel', fromType: 'customer', toType: 'account', cardinality: 'many-to-many', name: label('x', 'x'), inverseName: label('y', 'y') }],
      ['save relation', 'PUT', '/relations/customer-accounts', { cardinality: 'many-to-many', name: label('x', 'x'), inverseName: label('y', 'y') }, ifMatch],
      ['delete relation', 'DELETE', '/relations/customer-accounts', undefined, ifMatch],
      // records
      ['create record', 'POST', '/object-types/customer/records', { fields: { name: '钱七' } }],
      ['read record', 'GET', `/records/${customerId}`],
      ['change record', 'PATCH', `/records/${customerId}`, { fields: { tier: 'silver' } }, ifMatch],
      ['delete record', 'DELETE', `/records/${customerId}`, undefined, ifMatch],
      ['unmask', 'POST', `/records/${customerId}/unmask`, { field: 'residentId', reason: '客户来电核实身份' }],
      ['links', 'GET', `/records/${customerId}/links`],
      ['link', 'POST', `/records/${customerId}/links`, { relation: 'customer-accounts', toRecordId: accountId }],
      ['unlink', 'DELETE', `/records/${customerId}/links/customer-accounts/${accountId}`],
      ['history', 'GET', `/records/${customerId}/history`],
      ['records of a case', 'GET', `/cases/${caseId}/records`],
      ['upsert by external id', 'PUT', '/object-types/customer/records/by-external-id/X1', { fields: { name: '钱七' } }],
      ['lookup connector', 'GET', '/object-types/customer/lookup-connector'],
      [
        'save lookup connector',
        'PUT',
        '/object-types/customer/lookup-connector',
        { urlTemplate: 'https://crm.bank.example/customers/{externalId}', mapping: [{ path: '$.name', target: 'fields.name' }] },
      ],
      ['lookup', 'GET', '/object-types/customer/lookup/X1'],
      ['imports', 'GET', '/object-types/customer/imports'],
      ['import', 'GET', `/imports/${importId}`],
      ['import errors', 'GET', `/imports/${importId}/errors.csv`],
      ['customer 360', 'GET', `/customers/${customerId}`],
      ['timeline', 'GET', `/customers/${customerId}/timeline`],
      ['customer panel', 'GET', `/cases/${caseId}/customer`],
      // rules
      ['rules', 'GET', '/automation/rules'],
      ['create rule', 'POST', '/automation/rules', { key: 'probe-rule', ...rule }],
      ['rule', 'GET', '/automation/rules/tag-gold'],
      ['save rule', 'PUT', '/automation/rules/tag-gold', rule, ifMatch],
      ['delete rule', 'DELETE', '/automation/rules/tag-gold', undefined, ifMatch],
      ['rule versions', 'GET', '/automation/rules/tag-gold/versions'],
      ['enable', 'POST', '/automation/rules/tag-gold/enable', {}],
      ['disable', 'POST', '/automation/rules/tag-gold/disable', {}],
      ['dry-run saved', 'POST', '/automation/rules/tag-gold/dry-run', {}],
      ['dry-run unsaved', 'POST', '/automation/rules/dry-run', rule],
      ['runs of rule', 'GET', '/automation/rules/tag-gold/runs'],
      ['runs of record', 'GET', `/automation/runs?subjectId=${customerId}`],
      ['run', 'GET', `/automation/runs/${runId}`],
    ];
    const answered: Record<string, number> = {};
    for (const [name, method, url, body, headers] of calls) answered[name] = (await api(nobody, method, url, body, headers)).statusCode;
    const notRefused = Object.entries(answered).filter(([, status]) => status !== 403 && status !== 404);
    expect(notRefused).toEqual([]);
    // An import needs a form: refused before it is read.
    expect([403, 404]).toContain((await postImport(nobody, 'name\r\n钱七\r\n', { mode: 'valid-rows' })).statusCode);
    expect(await footprint()).toEqual(before);
  });

  it('lists no records; reads object type definitions only (metadata, as case types are: forms need them)', async () => {
    const list = await api(nobody, 'GET', '/object-types/customer/records');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([]);
    expect((await api(nobody, 'GET', '/object-types/customer/versions')).statusCode).toBe(200);
  });
});

describe('a masked value does not leak', () => {
  it('through the list and the search: a reader who sees a field masked cannot find a record by it', async () => {
    // The head office auditor reads every record with every field masked ("*": masked).
    const listed = (await api(auditor, 'GET', '/object-types/customer/records')).json().items;
    const mine = listed.find((r: { id: string }) => r.id === customerId);
    expect(mine.fields).toMatchObject({ name: '****', residentId: '110105********002X' });
    expect(JSON.stringify(listed)).not.toContain(VALID_RESIDENT_ID);
    expect(JSON.stringify(listed)).not.toContain('王五');
    // Found by a word of a masked name, or by a masked select's value, the answer would confirm them.
    expect((await api(auditor, 'GET', `/object-types/customer/records?q=${encodeURIComponent('王五')}`)).json().items).toEqual([]);
    expect((await api(auditor, 'GET', '/object-types/customer/records?field.tier=gold')).json().items).toEqual([]);
    expect((await api(auditor, 'GET', `/object-types/customer/records?field.name=${encodeURIComponent('王五')}`)).json().items).toEqual([]);
    expect((await api(auditor, 'GET', `/object-types/customer/records?field.residentId=${VALID_RESIDENT_ID}`)).json().items).toEqual([]);
    // The number is not masked: found by it.
    const number = listed.find((r: { id: string }) => r.id === customerId).number;
    expect((await api(auditor, 'GET', `/object-types/customer/records?q=${number}`)).json().items.map((r: { id: string }) => r.id)).toEqual([customerId]);
    // An agent sees the name in clear and finds it; the resident id is masked for the agent and not searchable by its digits.
    expect((await api(agent, 'GET', `/object-types/customer/records?q=${encodeURIComponent('王五')}`)).json().items.map((r: { id: string }) => r.id)).toEqual([customerId]);
    expect((await api(agent, 'GET', `/object-types/customer/records?field.tier=gold`)).json().items.map((r: { id: string }) => r.id)).toEqual([customerId]);
    expect((await api(agent, 'GET', `/object-types/customer/records?q=${VALID_RESIDENT_ID.slice(0, 10)}`)).json().items).toEqual([]);
    expect((await api(agent, 'GET', `/object-types/customer/records?field.residentId=${VALID_RESIDENT_ID}`)).json().items).toEqual([]);
  });

  it("through an import's error report (JSON and CSV)", async () => {
    const report = await api(importer, 'GET', `/imports/${importId}`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({ status: 'rejected', failedRows: 1 });
    const errors = await api(importer, 'GET', `/imports/${importId}/errors.csv`);
    expect(errors.statusCode).toBe(200);
    expect(errors.body).toContain('fields.residentId');
    for (const body of [report.body, errors.body]) {
      expect(body).not.toContain('110105194912310020');
      expect(body).not.toContain(VALID_RESIDENT_ID);
      expect(body).not.toContain('李四');
    }
  });

  it('through the customer 360° view and the customer panel of a case', async () => {
    for (const url of [`/customers/${customerId}`, `/customers/${customerId}/timeline`]) {
      const res = await api(agent, 'GET', url);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain(VALID_RESIDENT_ID);
    }
    const view = await api(auditor, 'GET', `/customers/${customerId}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.body).not.toContain(VALID_RESIDENT_ID);
    expect(view.body).not.toContain('王五');
  });

  it("through a rule's dry-run: its actions render the subject as the owner reads it, masked", async () => {
    const res = await api(admin, 'POST', '/automation/rules/dry-run', {
      name: 'Follow up',
      trigger: { kind: 'record-event', on: 'created', objectType: 'customer' },
      condition: { kind: 'feel', expression: 'record.fields.tier = "gold"' },
      actions: [
        {
          type: 'create-task',
          title: '回访 {{record.displayName}} {{record.fields.residentId}}',
          assignee: { userId: (await t.sql<{ id: string }>(`SELECT id FROM access.user WHERE username = 'agent.bj'`))[0]!.id },
          dueInDays: 3,
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const subject = res.json().subjects.find((s: { subject: { id: string } }) => s.subject.id === customerId);
    expect(subject.actions[0].params.title).toBe('回访 王五 110105********002X');
    expect(res.body).not.toContain(VALID_RESIDENT_ID);
  });

  it('through a dry-run naming another owner: the caller sees each action as the caller reads the subject, not as the owner does', async () => {
    // A rule designer who reads customers with every field masked names the Beijing agent (who reads the name in clear) as owner.
    const role = await api(admin, 'POST', '/roles', {
      key: 'rule-designer',
      name: 'Rule designer',
      permissions: [{ action: 'automation:admin' }, { action: 'record:read', scope: 'all', fields: { '*': 'masked' } }],
    });
    expect(role.statusCode, role.body).toBe(201);
    await t.createUser('designer', ['rule-designer'], bj);
    const designer = await t.login('designer');
    const agentId = (await t.sql<{ id: string }>(`SELECT id FROM access.user WHERE username = 'agent.bj'`))[0]!.id;
    const res = await api(designer, 'POST', '/automation/rules/dry-run', {
      name: 'Follow up',
      ownerId: agentId,
      trigger: { kind: 'record-event', on: 'created', objectType: 'customer' },
      condition: { kind: 'feel', expression: 'record.fields.tier = "gold"' },
      actions: [{ type: 'create-task', title: '回访 {{record.displayName}} {{record.fields.tier}}', assignee: { userId: agentId }, dueInDays: 3 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    // The owner's run is what enabling would do: the condition saw the tier in clear and the task would be made.
    const subject = res.json().subjects.find((s: { subject: { id: string } }) => s.subject.id === customerId);
    expect(subject).toMatchObject({ status: 'succeeded', actions: [{ type: 'create-task', status: 'done' }] });
    expect(subject.actions[0].params.title).toBe('回访 **** ****');
    expect(res.json().note).toContain('as you read the subject');
    expect(res.body).not.toContain('王五');
  });
});
