import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSystemActorOrThrow, insertDepartment } from '../../../../src/modules/access/index.ts';
import { createObjectType, createRecord, createRelation, linkRecords } from '../../../../src/modules/objects/index.ts';
import type { Clock } from '../../../../src/platform/clock/index.ts';
import { newId } from '../../../../src/platform/ids/ids.ts';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// Issue 21, part C: the customer 360° view, its timeline and the case's customer panel. One
// customer (客户) in the Beijing branch with a holding of a wealth product and an account; cases
// by its customer id in Beijing and Shanghai and one linked by a relation; a rule's follow-up task
// and run. Readers: the administrator, an auditor (every field masked), an agent in Beijing, an
// agent in Shanghai (another branch: the record is out of reach) and a user without roles.

let now = new Date('2026-12-01T02:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const tick = () => (now = new Date(now.getTime() + 60_000));

let t: TestApp;
let admin: string;
let auditor: string;
let agentBj: string;
let agentSh: string;
let nobody: string;
let customerId: string;
let productId: string;
let holdingId: string;
let otherCustomerCase: string;
const bjCases: string[] = [];
let shCase: string;
let linkedCase: string;
let noCustomerCase: string;

const PHONE = '13912345678';

async function api(token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function newCase(departmentId: string, customer: Record<string, string>): Promise<string> {
  tick();
  const res = await api(admin, 'POST', '/cases', complaint({ departmentId, customer }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  const hq = newId<string>();
  const bj = newId<string>();
  const sh = newId<string>();
  await t.database.db.transaction().execute(async (tx) => {
    await insertDepartment(tx, { id: hq, code: 'HQ', name: '总行', kind: 'head-office', parentId: null, path: `/${hq}/` });
    await insertDepartment(tx, { id: bj, code: 'BJ', name: '北京分行', kind: 'branch', parentId: hq, path: `/${hq}/${bj}/` });
    await insertDepartment(tx, { id: sh, code: 'SH', name: '上海分行', kind: 'branch', parentId: hq, path: `/${hq}/${sh}/` });
  });
  await t.createUser('auditor.c', ['auditor'], hq);
  await t.createUser('agent.bj', ['agent'], bj);
  await t.createUser('agent.sh', ['agent'], sh);
  await t.createUser('nobody', [], bj);
  [auditor, agentBj, agentSh, nobody] = [await t.login('auditor.c'), await t.login('agent.bj'), await t.login('agent.sh'), await t.login('nobody')];

  const seed = await findSystemActorOrThrow(t.database.db, 'system:seed');
  const label = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
  await t.commands.runCommand({ actor: seed, channel: 'seed' }, async (ctx) => {
    await createObjectType(ctx, {
      key: 'customer',
      role: 'customer',
      name: label('客户', 'Customer'),
      numberPrefix: 'CUS',
      displayField: 'name',
      fields: [
        { key: 'name', type: 'text', label: label('客户姓名', 'Name'), required: true },
        { key: 'phone', type: 'text', label: label('手机号', 'Mobile'), dataClass: 'phone' },
        {
          key: 'tier',
          type: 'select',
          label: label('等级', 'Tier'),
          options: [
            { value: 'gold', label: label('金卡', 'Gold') },
            { value: 'standard', label: label('普通', 'Standard') },
          ],
        },
        { key: 'birthday', type: 'date', label: label('生日', 'Birthday') },
      ],
    });
    await createObjectType(ctx, {
      key: 'product',
      name: label('理财产品', 'Wealth product'),
      numberPrefix: 'PRD',
      displayField: 'name',
      fields: [{ key: 'name', type: 'text', label: label('产品名称', 'Name'), required: true }],
    });
    await createObjectType(ctx, {
      key: 'holding',
      name: label('持仓', 'Holding'),
      numberPrefix: 'HLD',
      displayField: 'title',
      fields: [
        { key: 'title', type: 'text', label: label('持仓', 'Holding'), required: true },
        { key: 'product', type: 'reference', referenceTo: 'product', label: label('产品', 'Product') },
      ],
    });
    await createRelation(ctx, {
      key: 'customer-holdings',
      fromType: 'customer',
      toType: 'holding',
      cardinality: 'one-to-many',
      name: label('持仓', 'Holdings'),
      inverseName: label('客户', 'Customer'),
    });
    await createRelation(ctx, { key: 'customer-cases', fromType: 'customer', toKind: 'case', cardinality: 'one-to-many', name: label('工单', 'Cases'), inverseName: label('客户', 'Customer') });
    const customer = await createRecord(ctx, 'customer', {
      fields: { name: '王老先生', phone: PHONE, tier: 'gold', birthday: '1950-03-01' },
      tags: ['elderly', 'foreign'],
      departmentId: bj,
      externalId: 'C-1001',
    });
    customerId = customer.id;
    productId = (await createRecord(ctx, 'product', { fields: { name: '稳健理财 90 天' }, departmentId: bj })).id;
    holdingId = (await createRecord(ctx, 'holding', { fields: { title: '持仓 A', product: productId }, departmentId: bj })).id;
    await linkRecords(ctx, { relationKey: 'customer-holdings', fromRecordId: customerId, toRecordId: holdingId });
  });

  bjCases.push(await newCase(bj, { id: 'C-1001', tier: 'gold' }), await newCase(bj, { id: 'C-1001' }), await newCase(bj, { id: 'C-1001' }));
  shCase = await newCase(sh, { id: 'C-1001' });
  linkedCase = await newCase(bj, { id: 'SOMEONE-ELSE' });
  noCustomerCase = await newCase(bj, { id: 'NO-RECORD-999' });
  otherCustomerCase = linkedCase;
  await t.commands.runCommand({ actor: seed, channel: 'seed' }, (ctx) => linkRecords(ctx, { relationKey: 'customer-cases', fromRecordId: customerId, toCaseId: linkedCase }));
  // One Beijing case resolved: a past case.
  tick();
  const version = (await api(admin, 'GET', `/cases/${bjCases[0]}`)).json().version;
  const resolved = await api(admin, 'PATCH', `/cases/${bjCases[0]}`, { status: 'resolved' }, { 'if-match': `"${version}"` });
  expect(resolved.statusCode, resolved.body).toBe(200);
  // A birthday rule's follow-up task and its run, as the automation engine writes them.
  tick();
  const adminId = (await t.sql<{ id: string }>(`SELECT id FROM access.user WHERE username = 'admin'`))[0]!.id;
  const ruleId = newId<string>();
  await t.sql(
    `INSERT INTO automation.rule (id, key, name, owner_id, trigger_kind, trigger, actions, created_by, created_at, updated_at)
     VALUES ($1, 'birthday-care', '生日关怀', $2, 'date', '{"kind":"date"}', '[]', $2, $3, $3)`,
    [ruleId, adminId, now],
  );
  await t.sql(
    `INSERT INTO automation.run (id, rule_id, rule_version, trigger_kind, trigger_detail, subject_type, subject_id, occurrence, status, actions, started_at, finished_at)
     VALUES ($1, $2, 1, 'date', 'date:birthday', 'record', $3, '2027-03-01', 'succeeded', '[{"index":0,"type":"create-task","status":"done"}]', $4, $4)`,
    [newId(), ruleId, customerId, now],
  );
  await t.sql(
    `INSERT INTO process.task (id, element_id, name, state, created_at, kind, system, external_id, link)
     VALUES ($1, 'external', '生日关怀回访', 'open', $2, 'external', 'automation', $3, $4)`,
    [newId(), now, `birthday-care:${customerId}:2027-03-01`, `/customers/${customerId}`],
  );
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('GET /customers/{id}', () => {
  it('shows the profile, tier, tags, related records with their products, cases, tasks, SLA outcomes and follow-ups', async () => {
    const res = await api(admin, 'GET', `/customers/${customerId}`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.customer).toMatchObject({ id: customerId, type: 'customer' });
    expect(view.tier).toEqual({ value: 'gold', label: { 'zh-CN': '金卡', 'en-US': 'Gold' } });
    expect(view.tags).toEqual(['elderly', 'foreign']);
    expect(view.profile.map((f: { key: string }) => f.key)).toEqual(expect.arrayContaining(['name', 'tier', 'birthday']));
    const holdings = view.related.find((g: { relationKey: string }) => g.relationKey === 'customer-holdings');
    expect(holdings).toMatchObject({ direction: 'outgoing', restricted: false, total: 1 });
    expect(holdings.items[0].id).toBe(holdingId);
    expect(holdings.items[0].references).toEqual([expect.objectContaining({ field: 'product', record: expect.objectContaining({ id: productId, displayName: '稳健理财 90 天' }) })]);
    // All channels, by customer id and by link: 3 in Beijing (1 resolved), 1 in Shanghai, 1 linked.
    expect(view.cases.restricted).toBe(false);
    expect(view.cases.open.count).toBe(4);
    expect(view.cases.past.count).toBe(1);
    expect(view.cases.open.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([shCase, linkedCase]));
    expect(view.cases.open.items.map((c: { id: string }) => c.id)).not.toContain(noCustomerCase);
    expect(view.tasks.items).toEqual(expect.arrayContaining([expect.objectContaining({ name: '生日关怀回访', system: 'automation' })]));
    expect(view.sla).toMatchObject({ restricted: false });
    expect(view.followUps).toMatchObject({ restricted: false, total: 1, canOpenRules: true });
    expect(view.followUps.items[0]).toMatchObject({ ruleKey: 'birthday-care', status: 'succeeded', actions: [{ type: 'create-task', status: 'done' }] });
  });

  it('masks fields for a reader whose policy masks them', async () => {
    const view = (await api(auditor, 'GET', `/customers/${customerId}`)).json();
    expect(view.customer.fields.phone).toBeDefined();
    expect(view.customer.fields.phone).not.toBe(PHONE);
    expect(JSON.stringify(view)).not.toContain(PHONE);
  });

  it('shows an agent of the branch only the cases the case policy lets them read', async () => {
    const view = (await api(agentBj, 'GET', `/customers/${customerId}`)).json();
    const ids = [...view.cases.open.items, ...view.cases.past.items].map((c: { id: string }) => c.id);
    expect(ids).not.toContain(shCase);
    expect(view.cases.open.count + view.cases.past.count).toBe(4);
  });

  it('answers 404 to a reader in another branch, for a record that is not a customer, and for an unknown id', async () => {
    expectProblem(await api(agentSh, 'GET', `/customers/${customerId}`), 404, 'customer-not-found');
    expectProblem(await api(admin, 'GET', `/customers/${holdingId}`), 404, 'customer-not-found');
    expectProblem(await api(admin, 'GET', `/customers/${newId()}`), 404, 'customer-not-found');
  });

  it('refuses a user without record:read', async () => {
    expectProblem(await api(nobody, 'GET', `/customers/${customerId}`), 403, 'forbidden');
    expectProblem(await api(nobody, 'GET', `/customers/${customerId}/timeline`), 403, 'forbidden');
  });
});

describe('GET /customers/{id}/timeline', () => {
  it('lists everything about the customer newest first, without values', async () => {
    const res = await api(admin, 'GET', `/customers/${customerId}/timeline?limit=200`);
    expect(res.statusCode, res.body).toBe(200);
    const { items, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    const types = new Set(items.map((i: { type: string }) => i.type));
    for (const type of ['case-created', 'case-status-changed', 'task-created', 'rule-ran', 'record-changed']) expect(types).toContain(type);
    const times = items.map((i: { at: string }) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(items.filter((i: { type: string }) => i.type === 'case-created').map((i: { caseId: string }) => i.caseId)).not.toContain(noCustomerCase);
    expect(JSON.stringify(items)).not.toContain(PHONE);
    expect(JSON.stringify(items)).not.toContain('王老先生');
    const status = items.find((i: { type: string }) => i.type === 'case-status-changed');
    expect(status).toMatchObject({ caseId: bjCases[0], title: { to: 'resolved' }, link: { kind: 'case', id: bjCases[0] } });
  });

  it('pages by cursor without gaps or repeats', async () => {
    const all = (await api(admin, 'GET', `/customers/${customerId}/timeline?limit=200`)).json().items.map((i: { id: string }) => i.id);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const res = await api(admin, 'GET', `/customers/${customerId}/timeline?limit=3${after ? `&after=${after}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items.map((i: { id: string }) => i.id));
      after = page.nextCursor;
    } while (after);
    expect(paged).toEqual(all);
    expectProblem(await api(admin, 'GET', `/customers/${customerId}/timeline?after=not-a-cursor`), 400, 'validation-failed');
  });

  it('leaves out what the reader may not see (the Shanghai case for the Beijing agent)', async () => {
    const items = (await api(agentBj, 'GET', `/customers/${customerId}/timeline?limit=200`)).json().items;
    expect(items.map((i: { caseId: string | null }) => i.caseId)).not.toContain(shCase);
  });
});

describe('GET /cases/{id}/customer', () => {
  it('gives the case view its customer panel: tier, tags, open and past cases, products', async () => {
    const res = await api(admin, 'GET', `/cases/${bjCases[1]}/customer`);
    expect(res.statusCode, res.body).toBe(200);
    const panel = res.json();
    expect(panel).toMatchObject({ restricted: false, caseId: bjCases[1], customer: { id: customerId }, tier: { value: 'gold' }, tags: ['elderly', 'foreign'] });
    expect(panel.cases).toMatchObject({ restricted: false, open: { count: 4 }, past: { count: 1 } });
    expect(panel.related.find((g: { relationKey: string }) => g.relationKey === 'customer-holdings').items[0].references[0].record.id).toBe(productId);
  });

  it('finds the customer of a case linked to the record', async () => {
    const panel = (await api(admin, 'GET', `/cases/${otherCustomerCase}/customer`)).json();
    expect(panel.customer.id).toBe(customerId);
  });

  it('says restricted, and nothing of the record, to a reader of the case who may not read the customer', async () => {
    const res = await api(agentSh, 'GET', `/cases/${shCase}/customer`);
    expect(res.statusCode, res.body).toBe(200);
    const panel = res.json();
    expect(panel).toMatchObject({ restricted: true, customer: null, tier: null, tags: [], related: [] });
    // Only the Shanghai case: the Beijing ones are not the Shanghai agent's to read.
    expect(panel.cases).toMatchObject({ restricted: false, open: { count: 1 }, past: { count: 0 } });
    expect(res.body).not.toContain(customerId);
    expect(res.body).not.toContain('王老先生');
  });

  it('says when the case has no customer record, and answers 404 when the reader may not read the case', async () => {
    const none = await api(admin, 'GET', `/cases/${noCustomerCase}/customer`);
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json()).toMatchObject({ hasCustomer: false, restricted: false, customer: null, tags: [], related: [], cases: { open: { count: 0 }, past: { count: 0 } } });
    expectProblem(await api(agentSh, 'GET', `/cases/${bjCases[1]}/customer`), 404, 'case-not-found');
    expectProblem(await api(nobody, 'GET', `/cases/${bjCases[1]}/customer`), 403, 'forbidden');
  });
});
