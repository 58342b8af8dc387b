import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUpReadModel, rebuildReadModel } from '../../../../src/modules/analytics/index.ts';
import { SEED_CASE_TYPE_PROCESSES, SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { complaint, createQueueForTest } from '../../../helpers/factories.ts';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';

// The read model (issue 20, part A): the rebuild projects what the domain tables say — reopenings,
// assignments and hand-offs from the audit trail, satisfaction and outcome from the complaint
// process, SLA outcomes, provinces from the branch areas — and the incremental projector, fed
// by the outbox, ends where the rebuild ends.

const here = path.dirname(fileURLToPath(import.meta.url));
const COMPLAINT_BPMN = readFileSync(path.resolve(here, '../../../../seed/processes/complaint-handling.bpmn'), 'utf8');

let t: TestApp;
let admin: string;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
const departments: Record<string, string> = {};
const cases: Record<string, string> = {};

function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const as = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });

async function patchCase(id: string | undefined, body: Record<string, unknown>, token = admin) {
  expect(id).toBeDefined();
  const current = ok(await as(token, 'GET', `/cases/${id}`));
  return ok(await as(token, 'PATCH', `/cases/${id}`, body, { 'if-match': `"${current.version}"` }));
}
async function completeTask(caseId: string, elementId: string, variables: Record<string, unknown> = {}) {
  const tasks = ok(await as(admin, 'GET', `/tasks?caseId=${caseId}`)).items as { id: string; elementId: string }[];
  const task = tasks.find((candidate) => candidate.elementId === elementId);
  expect(task, `open ${elementId}`).toBeDefined();
  ok(await as(tokens.reviewer!, 'POST', `/tasks/${task!.id}/complete`, { variables }));
}

/** The read model as text, without the projection times: what two projections must agree on. */
async function readModel() {
  const facts = await t.sql('SELECT * FROM analytics.case_fact ORDER BY id');
  const daily = await t.sql(`SELECT * FROM analytics.case_daily ORDER BY day, department_id NULLS FIRST, type_key, channel, category, product, region, sensitivity`);
  const tasks = await t.sql('SELECT * FROM analytics.task_fact ORDER BY task_id');
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ projected_at: _, ...rest }) => rest);
  return { facts: strip(facts), daily, tasks: strip(tasks) };
}
async function fact(id: string) {
  return (await t.sql('SELECT * FROM analytics.case_fact WHERE id = $1', [id]))[0]!;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const dept = async (code: string, kind: string, parentId?: string) => ok(await as(admin, 'POST', '/departments', { code, name: code, kind, ...(parentId ? { parentId } : {}) }), 201).id as string;
  departments.hq = await dept('HQ', 'head-office');
  departments.bj = await dept('BJ', 'branch', departments.hq);
  departments.bjHd = await dept('BJ-HD', 'sub-branch', departments.bj);
  departments.sh = await dept('SH', 'branch', departments.hq);
  ok(await as(admin, 'PUT', `/routing/branch-areas/${departments.bj}`, { areas: ['1101', '110108'] }));
  ok(await as(admin, 'PUT', `/routing/branch-areas/${departments.sh}`, { areas: ['3101'] }));
  for (const [name, department] of [
    ['clerk', 'bj'],
    ['reviewer', 'bj'],
    ['agentA', 'sh'],
    ['agentB', 'sh'],
  ] as const) {
    users[name] = await t.createUser(name, ['agent'], departments[department]);
    tokens[name] = await t.login(name);
  }
  ok(await as(admin, 'POST', '/groups', { key: 'complaint-review', name: 'complaint-review', kind: 'group', memberIds: [users.reviewer] }), 201);
  ok(await as(admin, 'POST', '/processes', COMPLAINT_BPMN, { 'content-type': 'application/xml' }), 201);
  for (const type of SEED_CASE_TYPES.filter((candidate) => ['complaint', 'consultation'].includes(candidate.key))) {
    await createQueueForTest(t, admin, type.defaultQueue);
    ok(await as(admin, 'POST', '/case-types', { ...type, ...(SEED_CASE_TYPE_PROCESSES[type.key] ? { processKey: SEED_CASE_TYPE_PROCESSES[type.key] } : {}) }), 201);
  }
  // The projector starts after the set-up: what it applies from here on is the history below.
  await catchUpReadModel(t.database.db);

  const consultation = (departmentId: string) => ({ type: 'consultation', title: '咨询', channel: 'app', departmentId, fields: { topic: 'accounts', question: '年费怎么算' } });
  // A complaint through the whole process: resolved in full, replied, resolved, rated 4 of 5.
  const complaintId: string = ok(await as(tokens.clerk!, 'POST', '/cases', complaint({ departmentId: departments.bj })), 201).id;
  cases.complaint = complaintId;
  await completeTask(complaintId, 'classify');
  await completeTask(complaintId, 'handle', { resolution: 'resolved' });
  await completeTask(complaintId, 'reply');
  await patchCase(complaintId, { status: 'resolved' });
  await completeTask(complaintId, 'followUp', { satisfaction: 4 });
  // Assigned to two people in turn, then resolved: not a first-contact resolution.
  cases.twoAssignees = ok(await as(tokens.agentA!, 'POST', '/cases', consultation(departments.sh!)), 201).id;
  await patchCase(cases.twoAssignees, { assigneeId: users.agentA });
  await patchCase(cases.twoAssignees, { assigneeId: users.agentB });
  await patchCase(cases.twoAssignees, { status: 'resolved' });
  // Moved from Beijing to Shanghai: one hand-off, still open.
  cases.handedOff = ok(await as(tokens.clerk!, 'POST', '/cases', consultation(departments.bj!)), 201).id;
  await patchCase(cases.handedOff, { departmentId: departments.sh });
  // Resolved, reopened, resolved again.
  cases.reopened = ok(await as(admin, 'POST', '/cases', consultation(departments.bjHd!)), 201).id;
  await patchCase(cases.reopened, { status: 'resolved' });
  await patchCase(cases.reopened, { status: 'open', reason: '客户仍有疑问' });
  await patchCase(cases.reopened, { status: 'resolved' });
  // Resolved by its only assignee: a first-contact resolution.
  cases.firstContact = ok(await as(tokens.agentA!, 'POST', '/cases', consultation(departments.sh!)), 201).id;
  await patchCase(cases.firstContact, { assigneeId: users.agentA });
  await patchCase(cases.firstContact, { status: 'resolved' });
}, 60_000);
afterAll(() => t?.close());

describe('the read model', () => {
  it('is kept by the projector from the outbox exactly as the rebuild makes it from the domain tables', async () => {
    expect(await catchUpReadModel(t.database.db)).toBeGreaterThan(0);
    const incremental = await readModel();
    expect(incremental.facts).toHaveLength(5);
    // Applying again changes nothing (at-least-once delivery, re-projection is idempotent).
    expect(await catchUpReadModel(t.database.db)).toBe(0);
    expect(await rebuildReadModel(t.database.db)).toBe(5);
    expect(await readModel()).toEqual(incremental);
  });

  it('projects each case from its history', async () => {
    const complaintFact = await fact(cases.complaint!);
    expect(complaintFact).toMatchObject({
      type_key: 'complaint',
      channel: 'phone',
      category: 'fees',
      product: '',
      region: '11',
      department_id: departments.bj,
      status: 'resolved',
      status_category: 'done',
      reopen_count: 0,
      handoff_count: 0,
      first_contact_resolution: true,
      satisfaction: 4,
      outcome: 'resolved',
    });
    expect(complaintFact.first_resolved_at).toEqual(complaintFact.resolved_at);

    expect(await fact(cases.twoAssignees!)).toMatchObject({ region: '31', assignment_count: 2, first_contact_resolution: false, status_category: 'done', satisfaction: null, outcome: '' });
    expect(await fact(cases.handedOff!)).toMatchObject({ department_id: departments.sh, region: '31', handoff_count: 1, first_contact_resolution: null, resolved_at: null, status_category: 'open' });
    const reopened = await fact(cases.reopened!);
    // The sub-branch has no areas of its own: its branch's province.
    expect(reopened).toMatchObject({ region: '11', reopen_count: 1, first_contact_resolution: false, status_category: 'done' });
    expect((reopened.first_resolved_at as Date).getTime()).toBeLessThan((reopened.resolved_at as Date).getTime());
    expect(await fact(cases.firstContact!)).toMatchObject({ assignment_count: 1, first_contact_resolution: true });

    const tasks = await t.sql<{ element_id: string; state: string; process_key: string; department_id: string }>(
      'SELECT element_id, state, process_key, department_id FROM analytics.task_fact WHERE case_id = $1 ORDER BY created_at',
      [cases.complaint],
    );
    expect(tasks.map((task) => task.element_id)).toEqual(['classify', 'handle', 'reply', 'followUp']);
    expect(tasks.every((task) => task.state === 'completed' && task.process_key === 'complaint-handling' && task.department_id === departments.bj)).toBe(true);
  });

  it('rolls the facts up by local day: created on the day of creation, resolved on the day of the current resolution', async () => {
    const [totals] = await t.sql<Record<string, number>>(
      `SELECT sum(created)::int AS created, sum(resolved)::int AS resolved, sum(first_contact_resolved)::int AS fcr, sum(reopened)::int AS reopened,
              sum(satisfaction_sum)::int AS sat_sum, sum(satisfaction_count)::int AS sat_count FROM analytics.case_daily`,
    );
    expect(totals).toEqual({ created: 5, resolved: 4, fcr: 2, reopened: 1, sat_sum: 4, sat_count: 1 });
    const perDay = await t.sql(
      `SELECT day, sum(created)::int AS created, sum(resolved)::int AS resolved FROM analytics.case_daily GROUP BY day
       EXCEPT
       SELECT d.day, count(*) FILTER (WHERE (f.created_at AT TIME ZONE 'Asia/Shanghai')::date = d.day)::int,
              count(*) FILTER (WHERE (f.resolved_at AT TIME ZONE 'Asia/Shanghai')::date = d.day)::int
         FROM (SELECT DISTINCT day FROM analytics.case_daily) d CROSS JOIN analytics.case_fact f GROUP BY d.day`,
    );
    expect(perDay).toEqual([]);
  });
});
