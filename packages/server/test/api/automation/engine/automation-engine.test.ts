import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDepartment } from '../../../../src/modules/access/index.ts';
import { findSystemActorOrThrow } from '../../../../src/modules/access/index.ts';
import { loadRule, registerAutomationJobs, runRule } from '../../../../src/modules/automation/index.ts';
import { newId } from '../../../../src/platform/ids/ids.ts';
import { createJobHandlers, type JobRunner } from '../../../../src/platform/jobs/index.ts';
import { createQueueForTest } from '../../../helpers/factories.ts';
import { testJobRunner } from '../../../helpers/job-runner.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// Issue 21, part D: automation rules through the API and the engine that runs them — rules are
// designed and enabled per department, each case change schedules the matching rules' runs in the
// same transaction, and the job runner runs them as system:automation on behalf of the owner.

let t: TestApp;
let runner: JobRunner;
let admin: string;
let agentBj: string;
let nobody: string;
let bj: string;
let sh: string;
let headBjId: string;
let auditorId: string;

const label = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
/** A fee complaint is closed as rejected (驳回) or resolved. */
const FEE_COMPLAINT = {
  key: 'fee-complaint',
  name: '收费投诉 Fee complaint',
  prefix: 'FEE',
  defaultQueue: 'complaints',
  schema: {
    components: [
      {
        type: 'select',
        key: 'category',
        label: 'Category',
        values: [
          { value: 'fees', label: 'Fees' },
          { value: 'service', label: 'Service' },
        ],
      },
      { type: 'textfield', key: 'note', label: 'Note' },
      { type: 'textfield', key: 'phone', label: 'Phone', properties: { dataClass: 'phone' } },
    ],
  },
  lifecycle: {
    initial: 'new',
    statuses: [
      { key: 'new', labels: label('新建', 'New'), category: 'open' },
      { key: 'open', labels: label('处理中', 'Open'), category: 'open' },
      { key: 'rejected', labels: label('已驳回', 'Rejected'), category: 'closed' },
      { key: 'resolved', labels: label('已解决', 'Resolved'), category: 'resolved' },
    ],
    transitions: [
      { from: 'new', to: 'open' },
      { from: 'open', to: 'rejected', action: 'case:close' },
      { from: 'open', to: 'resolved', action: 'case:close' },
      { from: 'rejected', to: 'open', requiresReason: true },
    ],
  },
};

async function api(token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
}
/** Runs due jobs until none is left: a rule's own change schedules the next run of a chain after the batch began. */
async function runJobs() {
  for (let round = 0; round < 20; round++) {
    await runner.runDue(new Date());
    const [pending] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM platform.job WHERE kind = 'automation.run' AND state = 'pending'`);
    if (pending?.n === 0) return;
  }
  throw new Error('automation jobs still pending after 20 rounds');
}

async function newComplaint(token: string, fields: Record<string, unknown> = {}, departmentId = bj): Promise<{ id: string; version: number; number: string }> {
  const res = await api(token, 'POST', '/cases', { type: 'fee-complaint', title: '收费投诉', departmentId, fields: { category: 'fees', phone: '13812345678', ...fields } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function moveTo(token: string, c: { id: string; version: number }, status: string): Promise<{ id: string; version: number }> {
  const res = await api(token, 'PATCH', `/cases/${c.id}`, { status }, { 'if-match': `"${c.version}"` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function createRule(body: Record<string, unknown>, token = admin) {
  const res = await api(token, 'POST', '/automation/rules', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { key: string; id: string; version: number };
}
async function enable(key: string, departmentIds?: string[]) {
  const res = await api(admin, 'POST', `/automation/rules/${key}/enable`, departmentIds ? { departmentIds } : {});
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function disable(key: string) {
  expect((await api(admin, 'POST', `/automation/rules/${key}/disable`, {})).statusCode).toBe(200);
}
const runsOf = async (key: string) =>
  (await api(admin, 'GET', `/automation/rules/${key}/runs?limit=200`)).json().items as {
    status: string;
    subjectId: string;
    detail: string | null;
    loopStopped: boolean;
    actions: { type: string; status: string; error?: string; result?: Record<string, unknown> }[];
  }[];

const noticeRule = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  name: '收费投诉驳回通知分行行长',
  trigger: { kind: 'case-event', on: 'status-changed', caseTypes: ['fee-complaint'], to: 'rejected' },
  condition: { kind: 'feel', expression: 'case.fields.category = "fees"' },
  actions: [{ type: 'notify', recipients: [{ departmentRole: 'supervisor' }] }],
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  const handlers = createJobHandlers();
  registerAutomationJobs(handlers, { publicUrl: 'https://docket.bank.example' });
  runner = testJobRunner(t, { clock: t.clock, handlers });
  admin = await t.login('admin');
  const hq = newId<string>();
  bj = newId<string>();
  sh = newId<string>();
  await t.database.db.transaction().execute(async (tx) => {
    await insertDepartment(tx, { id: hq, code: 'HQ', name: '总行', kind: 'head-office', parentId: null, path: `/${hq}/` });
    await insertDepartment(tx, { id: bj, code: 'BJ', name: '北京分行', kind: 'branch', parentId: hq, path: `/${hq}/${bj}/` });
    await insertDepartment(tx, { id: sh, code: 'SH', name: '上海分行', kind: 'branch', parentId: hq, path: `/${hq}/${sh}/` });
  });
  await t.createUser('agent.bj', ['agent'], bj);
  headBjId = await t.createUser('head.bj', ['supervisor'], bj);
  await t.createUser('head.sh', ['supervisor'], sh);
  auditorId = await t.createUser('auditor', ['auditor'], hq);
  await t.createUser('nobody', [], bj);
  [agentBj, nobody] = [await t.login('agent.bj'), await t.login('nobody')];
  await createQueueForTest(t, admin, 'complaints');
  const type = await api(admin, 'POST', '/case-types', FEE_COMPLAINT);
  expect(type.statusCode, type.body).toBe(201);
});

afterAll(async () => {
  await t?.close();
});

describe('rules through the API', () => {
  it('creates a rule disabled, versions it with If-Match, lists its versions, enables and disables it, deletes it', async () => {
    const created = await createRule(noticeRule('crud-rule'));
    expect(created).toMatchObject({ key: 'crud-rule', enabled: false, currentVersion: 1, ownerId: expect.any(String), loopLimit: 3 });
    const stale = await api(admin, 'PUT', '/automation/rules/crud-rule', { ...noticeRule('x'), key: undefined, name: 'v2' }, { 'if-match': '"99"' });
    expectProblem(stale, 412, 'automation-rule-version-stale');
    const { key: _k, ...body } = noticeRule('crud-rule');
    const saved = await api(admin, 'PUT', '/automation/rules/crud-rule', { ...body, name: 'v2' }, { 'if-match': `"${created.version}"` });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ name: 'v2', currentVersion: 2 });
    const versions = (await api(admin, 'GET', '/automation/rules/crud-rule/versions')).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await enable('crud-rule', [bj])).departmentIds).toEqual([bj]);
    await disable('crud-rule');
    const current = (await api(admin, 'GET', '/automation/rules/crud-rule')).json();
    expect(current.enabled).toBe(false);
    expect((await api(admin, 'DELETE', '/automation/rules/crud-rule', undefined, { 'if-match': `"${current.version}"` })).statusCode).toBe(204);
    expectProblem(await api(admin, 'GET', '/automation/rules/crud-rule'), 404, 'automation-rule-not-found');
    expectProblem(await api(admin, 'POST', '/automation/rules', noticeRule('crud-rule')), 409, 'automation-rule-key-taken');
    const audit = await t.sql<{ action: string }>(`SELECT action FROM audit.event WHERE target_type = 'automation-rule' AND target_id = $1 ORDER BY id`, [created.id]);
    expect(audit.map((a) => a.action)).toEqual(['automation.rule-created', 'automation.rule-saved', 'automation.rule-enabled', 'automation.rule-disabled', 'automation.rule-deleted']);
  });

  it('refuses a user without automation rights (403) and changes nothing', async () => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM automation.rule`);
    expectProblem(await api(nobody, 'POST', '/automation/rules', noticeRule('forbidden-rule')), 403, 'forbidden');
    expectProblem(await api(nobody, 'GET', '/automation/rules'), 403, 'forbidden');
    expectProblem(await api(agentBj, 'POST', '/automation/rules/dry-run', { ...noticeRule('x'), key: undefined }), 403, 'forbidden');
    expect(await t.sql(`SELECT count(*)::int AS n FROM automation.rule`)).toEqual(before);
  });

  it('refuses a bad definition with 400 naming each field, and saves nothing', async () => {
    const res = await api(admin, 'POST', '/automation/rules', {
      key: 'bad-rule',
      name: 'bad',
      trigger: { kind: 'case-event', on: 'status-changed', caseTypes: ['no-such-type'], colour: 'red' },
      condition: { kind: 'feel', expression: 'case.fields.category = "fees" and (' },
      actions: [
        { type: 'notify', recipients: [{ userId: newId() }] },
        { type: 'set-fields', fields: { noSuchField: 1 } },
        { type: 'teleport' },
        { type: 'create-task', title: 'x {{', assignee: { userId: 'nope' }, dueInDays: -1 },
      ],
    });
    const problem = expectProblem(res, 400, 'validation-failed');
    const fields = problem.errors!.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'trigger.colour',
        'trigger.caseTypes[0]',
        'condition.expression',
        'actions[0].recipients[0].userId',
        'actions[1].fields.noSuchField',
        'actions[2].type',
        'actions[3].title',
        'actions[3].assignee.userId',
        'actions[3].dueInDays',
      ]),
    );
    const decision = await api(admin, 'POST', '/automation/rules', { ...noticeRule('bad-dmn'), condition: { kind: 'dmn', decisionKey: 'no-such-decision' } });
    expect(expectProblem(decision, 400, 'validation-failed').errors).toEqual([expect.objectContaining({ field: 'condition.decisionKey' })]);
    const setFields = await api(admin, 'POST', '/automation/rules', { ...noticeRule('bad-fields'), actions: [{ type: 'set-fields', fields: { noSuchField: 1 } }] });
    expect(expectProblem(setFields, 400, 'validation-failed').errors).toEqual([expect.objectContaining({ field: 'actions[0].fields.noSuchField' })]);
    expect(await t.sql(`SELECT key FROM automation.rule WHERE key LIKE 'bad-%'`)).toEqual([]);
  });
});

describe('when a complaint about fees is closed as rejected, the branch head is told', () => {
  it('runs on the rejected fee complaint only, as system:automation on behalf of the owner, once', async () => {
    await createRule(noticeRule('fees-rejected-notice'));
    await enable('fees-rejected-notice', [bj]);
    const fees = await moveTo(agentBj, await newComplaint(agentBj), 'open');
    const service = await moveTo(agentBj, await newComplaint(agentBj, { category: 'service' }), 'open');
    const resolved = await moveTo(agentBj, await newComplaint(agentBj), 'open');
    await moveTo(agentBj, fees, 'rejected');
    await moveTo(agentBj, service, 'rejected');
    await moveTo(agentBj, resolved, 'resolved');
    await runJobs();

    const runs = await runsOf('fees-rejected-notice');
    expect(runs.filter((r) => r.status === 'succeeded').map((r) => r.subjectId)).toEqual([fees.id]);
    expect(runs.find((r) => r.subjectId === service.id)).toMatchObject({ status: 'skipped', detail: 'the condition is not met' });
    expect(runs.find((r) => r.subjectId === resolved.id)).toBeUndefined();
    const notices = await t.sql<{ user_id: string; kind: string; case_id: string }>(`SELECT user_id, kind, case_id FROM notifications.notification WHERE case_id = $1 AND kind = 'case-cc'`, [fees.id]);
    expect(notices).toEqual([{ user_id: headBjId, kind: 'case-cc', case_id: fees.id }]);
    const ran = await t.sql<{ actor_name: string; on_behalf_of: string; channel: string }>(
      `SELECT actor_name, on_behalf_of::text, channel FROM audit.event WHERE action = 'automation.rule-ran' AND case_id = $1`,
      [fees.id],
    );
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ actor_name: 'system:automation', channel: 'automation' });
    // The run history per case: readable by who may read the case.
    const perCase = await api(agentBj, 'GET', `/automation/runs?subjectId=${fees.id}`);
    expect(perCase.statusCode, perCase.body).toBe(200);
    expect(perCase.json().items).toEqual([expect.objectContaining({ ruleKey: 'fees-rejected-notice', status: 'succeeded' })]);
    expectProblem(await api(nobody, 'GET', `/automation/runs?subjectId=${fees.id}`), 404, 'automation-run-not-found');
    await runJobs();
    expect((await runsOf('fees-rejected-notice')).filter((r) => r.subjectId === fees.id)).toHaveLength(1);
  });

  it('enabled for Beijing, does nothing for a Shanghai complaint: the run says it is outside its departments', async () => {
    const shanghai = await moveTo(admin, await newComplaint(admin, {}, sh), 'open');
    await moveTo(admin, shanghai, 'rejected');
    await runJobs();
    const runs = (await runsOf('fees-rejected-notice')).filter((r) => r.subjectId === shanghai.id);
    expect(runs).toEqual([expect.objectContaining({ status: 'skipped', detail: 'the subject is outside the departments the rule is enabled in', actions: [] })]);
    expect(await t.sql(`SELECT kind FROM notifications.notification WHERE case_id = $1 AND kind = 'case-cc'`, [shanghai.id])).toEqual([]);
    // Enabled for Shanghai too, the next rejection there is acted on.
    await enable('fees-rejected-notice', [bj, sh]);
    const again = await moveTo(admin, await newComplaint(admin, {}, sh), 'open');
    await moveTo(admin, again, 'rejected');
    await runJobs();
    expect((await runsOf('fees-rejected-notice')).find((r) => r.subjectId === again.id)).toMatchObject({ status: 'succeeded' });
  });
});

describe('loop protection', () => {
  it('stops a rule whose set-fields re-triggers itself at its loop limit, and says so in the run history', async () => {
    const rule = await createRule({
      key: 'priority-ping-pong',
      name: '优先级来回切换',
      trigger: { kind: 'case-event', on: 'fields-changed', caseTypes: ['fee-complaint'], fields: ['priority'] },
      actions: [{ type: 'set-fields', fields: { priority: '=if case.priority = "high" then "low" else "high"' } }],
      loopLimit: 2,
    });
    await enable('priority-ping-pong');
    const c = await newComplaint(agentBj);
    const res = await api(agentBj, 'PATCH', `/cases/${c.id}`, { priority: 'urgent' }, { 'if-match': `"${c.version}"` });
    expect(res.statusCode, res.body).toBe(200);
    await runJobs();
    await disable('priority-ping-pong');

    const runs = (await runsOf('priority-ping-pong')).filter((r) => r.subjectId === c.id).reverse();
    // The person's change, then the rule's own two re-runs (its limit), then the stop.
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'loop-stopped']);
    expect(runs[3]).toMatchObject({ loopStopped: true, actions: [] });
    expect(runs[3]!.detail).toContain('loop limit is 2');
    const stopped = await t.sql(`SELECT 1 FROM audit.event WHERE action = 'automation.loop-stopped' AND target_id = $1`, [rule.id]);
    expect(stopped).toHaveLength(1);
    // Each change the rule made is audited as done by system:automation on behalf of the owner.
    const changes = await t.sql<{ actor_name: string; on_behalf_of: string | null }>(
      `SELECT actor_name, on_behalf_of::text FROM audit.event WHERE case_id = $1 AND action = 'case.updated' ORDER BY id`,
      [c.id],
    );
    expect(changes.map((e) => e.actor_name)).toEqual(['agent.bj', 'system:automation', 'system:automation', 'system:automation']);
    expect(new Set(changes.slice(1).map((e) => e.on_behalf_of))).toEqual(new Set([await ownerOf('priority-ping-pong')]));
  });
});

const ownerOf = async (key: string) => (await api(admin, 'GET', `/automation/rules/${key}`)).json().ownerId as string;

describe('the owner bounds what a rule does', () => {
  it('records an action the owner may not do as refused, does the rest, and changes nothing it refused', async () => {
    await createRule({
      key: 'auditor-tags',
      name: '审计员的规则',
      ownerId: auditorId,
      trigger: { kind: 'case-event', on: 'created', caseTypes: ['fee-complaint'] },
      actions: [
        { type: 'add-tag', tag: 'audited' },
        { type: 'notify', recipients: [{ userId: headBjId }] },
      ],
    });
    await enable('auditor-tags');
    const c = await newComplaint(agentBj);
    await runJobs();
    await disable('auditor-tags');
    const [run] = await runsOf('auditor-tags');
    expect(run).toMatchObject({
      subjectId: c.id,
      status: 'failed',
      actions: [expect.objectContaining({ type: 'add-tag', status: 'refused' }), expect.objectContaining({ type: 'notify', status: 'done' })],
    });
    expect(await t.sql(`SELECT tags FROM cases.case WHERE id = $1`, [c.id])).toEqual([{ tags: [] }]);
  });
});

describe('dry-run', () => {
  it('names the subjects the rule would act on and what it would do, changes nothing, and enabling then acts on the same subjects', async () => {
    const high = [await newComplaint(agentBj), await newComplaint(agentBj)];
    for (const [i, c] of high.entries()) {
      const res = await api(admin, 'PATCH', `/cases/${c.id}`, { priority: 'high' }, { 'if-match': `"${c.version}"` });
      expect(res.statusCode, res.body).toBe(200);
      high[i] = res.json();
    }
    await newComplaint(agentBj);
    const definition = {
      name: '高优先级收费投诉加标签',
      trigger: { kind: 'case-event', on: 'fields-changed', caseTypes: ['fee-complaint'], fields: ['fields.note'] },
      condition: { kind: 'feel', expression: 'case.priority = "high"' },
      actions: [
        { type: 'add-tag', tag: 'review' },
        { type: 'create-task', title: '复核 {{case.number}}', assignee: { userId: headBjId }, dueInDays: 2 },
      ],
    };
    await createRule({ key: 'tag-high-fees', ...definition });
    const jobsBefore = await t.sql(`SELECT count(*)::int AS n FROM platform.job`);
    const unsaved = await api(admin, 'POST', '/automation/rules/dry-run', definition);
    expect(unsaved.statusCode, unsaved.body).toBe(200);
    const dry = await api(admin, 'POST', '/automation/rules/tag-high-fees/dry-run', {});
    expect(dry.statusCode, dry.body).toBe(200);
    const wouldAct = dry
      .json()
      .subjects.map((s: { subject: { id: string } }) => s.subject.id)
      .sort();
    // Every high-priority fee complaint (the loop test above left one at high too).
    const highNow = (await t.sql<{ id: string }>(`SELECT id FROM cases.case WHERE type_key = 'fee-complaint' AND priority = 'high'`)).map((r) => r.id).sort();
    expect(highNow).toEqual(expect.arrayContaining(high.map((c) => c.id)));
    expect(wouldAct).toEqual(highNow);
    expect(
      unsaved
        .json()
        .subjects.map((s: { subject: { id: string } }) => s.subject.id)
        .sort(),
    ).toEqual(wouldAct);
    const first = dry.json().subjects.find((s: { subject: { id: string } }) => s.subject.id === high[0]!.id);
    expect(first.actions).toEqual([
      expect.objectContaining({ type: 'add-tag', status: 'done', params: { tag: 'review' } }),
      expect.objectContaining({ type: 'create-task', status: 'done', params: expect.objectContaining({ title: `复核 ${(high[0] as unknown as { number: string }).number}`, dueInDays: 2 }) }),
    ]);
    // Nothing changed: no tag, no task, no run, no job.
    expect(await t.sql(`SELECT id FROM cases.case WHERE 'review' = ANY (tags)`)).toEqual([]);
    expect(await t.sql(`SELECT id FROM process.task WHERE system = 'automation'`)).toEqual([]);
    expect(await runsOf('tag-high-fees')).toEqual([]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM platform.job`)).toEqual(jobsBefore);
    expect(await t.sql(`SELECT 1 FROM audit.event WHERE action = 'automation.rule-dry-run'`)).toHaveLength(2);

    // Enabled, the same trigger on every fee complaint acts on exactly those.
    await enable('tag-high-fees');
    const all = await t.sql<{ id: string; version: number }>(`SELECT id, version FROM cases.case WHERE type_key = 'fee-complaint'`);
    for (const c of all) {
      const res = await api(admin, 'PATCH', `/cases/${c.id}`, { fields: { note: '复查' } }, { 'if-match': `"${c.version}"` });
      expect(res.statusCode, res.body).toBe(200);
    }
    await runJobs();
    await disable('tag-high-fees');
    const acted = (await runsOf('tag-high-fees'))
      .filter((r) => r.status === 'succeeded')
      .map((r) => r.subjectId)
      .sort();
    expect(acted).toEqual(wouldAct);
    expect((await t.sql<{ id: string }>(`SELECT id FROM cases.case WHERE 'review' = ANY (tags) ORDER BY id`)).map((r) => r.id).sort()).toEqual(wouldAct);
    const tasks = await t.sql<{ assignee: string; kind: string; case_id: string }>(`SELECT assignee, kind, case_id FROM process.task WHERE system = 'automation'`);
    expect(tasks).toHaveLength(wouldAct.length);
    expect(tasks.every((task) => task.assignee === headBjId && task.kind === 'external')).toBe(true);
    // The follow-up is completed from the to-do list by its assignee, and by nobody else.
    const [task] = await t.sql<{ id: string }>(`SELECT id FROM process.task WHERE system = 'automation' ORDER BY id LIMIT 1`);
    expectProblem(await api(agentBj, 'POST', `/tasks/${task!.id}/complete`, {}), 404, 'task-not-found');
    const done = await api(await t.login('head.bj'), 'POST', `/tasks/${task!.id}/complete`, {});
    expect(done.statusCode, done.body).toBe(200);
    expect(await t.sql(`SELECT state, completed_by::text FROM process.task WHERE id = $1`, [task!.id])).toEqual([{ state: 'completed', completed_by: headBjId }]);
  });
});

describe('runRule', () => {
  it('runs a time-triggered occurrence once, whoever runs it', async () => {
    const created = await createRule({ ...noticeRule('occurrence-rule'), condition: { kind: 'always' } });
    const c = await newComplaint(agentBj);
    const run = async () =>
      t.commands.runCommand({ actor: await findSystemActorOrThrow(t.database.db, 'system:automation'), channel: 'job' }, async (ctx) => {
        const rule = (await loadRule(ctx.tx, created.id))!;
        return runRule(ctx, rule, { type: 'case', id: c.id }, { kind: 'date', detail: 'date:test', occurrence: '2027-01-07' });
      });
    const first = await run();
    const second = await run();
    expect(first.status).toBe('succeeded');
    expect(second).toMatchObject({ id: first.id, alreadyRan: true });
    expect(await t.sql(`SELECT 1 FROM automation.run WHERE rule_id = $1`, [created.id])).toHaveLength(1);
  });
});

describe('record events', () => {
  it('when a gold customer is created, opens a case linked to it and a follow-up for its relationship manager', async () => {
    const customer = await api(admin, 'POST', '/object-types', {
      key: 'customer',
      role: 'customer',
      name: label('客户', 'Customer'),
      numberPrefix: 'CUS',
      displayField: 'name',
      fields: [
        { key: 'name', type: 'text', label: label('姓名', 'Name'), required: true },
        { key: 'phone', type: 'text', label: label('手机', 'Phone'), dataClass: 'phone' },
        {
          key: 'tier',
          type: 'select',
          label: label('等级', 'Tier'),
          options: [
            { value: 'gold', label: label('金', 'Gold') },
            { value: 'silver', label: label('银', 'Silver') },
          ],
        },
        { key: 'manager', type: 'user', label: label('客户经理', 'Relationship manager') },
      ],
    });
    expect(customer.statusCode, customer.body).toBe(201);
    const relation = await api(admin, 'POST', '/relations', {
      key: 'customer-cases',
      fromType: 'customer',
      toKind: 'case',
      cardinality: 'one-to-many',
      name: label('工单', 'Cases'),
      inverseName: label('客户', 'Customer'),
    });
    expect(relation.statusCode, relation.body).toBe(201);
    const bad = await api(admin, 'POST', '/automation/rules', {
      key: 'bad-record-rule',
      name: 'x',
      trigger: { kind: 'record-event', on: 'created', objectType: 'customer', fields: ['fields.nothing'] },
      actions: [{ type: 'create-task', title: 'x', assignee: { userField: 'name' } }],
    });
    expect(expectProblem(bad, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['trigger.fields', 'actions[0].assignee.userField']);
    await createRule({
      key: 'gold-customer-welcome',
      name: '金卡客户欢迎',
      trigger: { kind: 'record-event', on: 'created', objectType: 'customer' },
      condition: { kind: 'feel', expression: 'record.fields.tier = "gold"' },
      actions: [
        { type: 'create-case', caseType: 'fee-complaint', title: '欢迎 {{record.fields.name}}（{{record.fields.phone}}）', fields: { note: '{{record.number}}' }, linkRelation: 'customer-cases' },
        { type: 'create-task', title: '致电 {{record.displayName}}', assignee: { userField: 'manager' }, dueInDays: 3 },
      ],
    });
    await enable('gold-customer-welcome', [bj]);
    const gold = await api(agentBj, 'POST', '/object-types/customer/records', { fields: { name: '王五', phone: '13812345678', tier: 'gold', manager: headBjId } });
    expect(gold.statusCode, gold.body).toBe(201);
    const silver = await api(agentBj, 'POST', '/object-types/customer/records', { fields: { name: '赵六', tier: 'silver', manager: headBjId } });
    expect(silver.statusCode, silver.body).toBe(201);
    await runJobs();
    await disable('gold-customer-welcome');
    const runs = await runsOf('gold-customer-welcome');
    const goldRun = runs.find((r) => r.subjectId === gold.json().id)!;
    expect(goldRun, JSON.stringify(runs)).toMatchObject({ status: 'succeeded', actions: [expect.objectContaining({ status: 'done' }), expect.objectContaining({ status: 'done' })] });
    expect(runs.find((r) => r.subjectId === silver.json().id)).toMatchObject({ status: 'skipped' });
    const caseId = goldRun.actions[0]!.result!.caseId as string;
    // The sensitive phone reached the rule masked: never in clear in the title it rendered.
    const opened = (await api(admin, 'GET', `/cases/${caseId}`)).json();
    expect(opened.title).toContain('王五');
    expect(opened.title).not.toContain('13812345678');
    const links = (await api(admin, 'GET', `/cases/${caseId}/records`)).json();
    expect(JSON.stringify(links)).toContain(gold.json().id);
    const [task] = await t.sql<{ assignee: string; link: string; due_at: Date | null }>(`SELECT assignee, link, due_at FROM process.task WHERE system = 'automation' AND name LIKE '致电%'`);
    expect(task).toMatchObject({ assignee: headBjId, link: `https://docket.bank.example/records/customer/${gold.json().id}` });
    expect(task!.due_at).not.toBeNull();
    // History per record.
    const perRecord = (await api(admin, 'GET', `/automation/runs?subjectId=${gold.json().id}`)).json().items;
    expect(perRecord).toEqual([expect.objectContaining({ ruleKey: 'gold-customer-welcome', status: 'succeeded' })]);
  });
});
