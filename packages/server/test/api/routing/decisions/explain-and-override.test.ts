// Issue 17: "why did this come to me?" (GET /cases/{id}/routing), the supervisor's override with
// a reason, and the tester ("where would this case go, and to whom?").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../helpers/test-app.ts';
import { caseRow, createCase, createCaseTypesWithQueues, createRoutingWorld, createRule, demoCase, insertQueueWithSql, makeAvailable, type RoutingWorld } from './routing-world.ts';

let w: RoutingWorld;
const queue: Record<string, string> = {};

const ifMatch = async (caseId: string) => ({ 'if-match': `"${(await caseRow(w, caseId)).version}"` });
const override = async (caseId: string, body: object, token = w.admin, headers?: Record<string, string>) =>
  w.api(token, 'POST', `/cases/${caseId}/routing/override`, body, headers ?? (await ifMatch(caseId)));
const countRows = async (caseId: string) => ({
  decisions: (await w.t.sql('SELECT 1 FROM routing.decision WHERE case_id = $1', [caseId])).length,
  row: await caseRow(w, caseId),
});

beforeAll(async () => {
  w = await createRoutingWorld();
  const { users, dept } = w;
  queue.service = await insertQueueWithSql(w.t, { key: 'service', name: '客服', departmentId: dept.HQ, memberIds: [users['li.agent']!, users['wang.agent']!] });
  queue.complaints = await insertQueueWithSql(w.t, { key: 'complaints', name: '投诉组', departmentId: dept.HQ, memberIds: [users['wang.agent']!, users['li.agent']!] });
  queue.bj = await insertQueueWithSql(w.t, { key: 'bj-service', name: '海淀支行', departmentId: dept.BJ, memberIds: [users['zhou.bj']!] });
  for (const name of ['li.agent', 'wang.agent', 'zhou.bj']) await makeAvailable(w.t, users[name]!);
  await createCaseTypesWithQueues(w, { service: queue.service! });
  await createRule(w, { key: 'complaints', name: '投诉 → 投诉组', conditions: { caseTypes: ['complaint'] }, actions: { queueId: queue.complaints } });
});
afterAll(() => w.t.close());

describe('GET /cases/{id}/routing', () => {
  it('explains the rule, the queue, the assignee and every candidate by name', async () => {
    // given
    const created = await createCase(w, demoCase.complaint({ departmentId: w.dept.HQ }));
    // when
    const res = await w.api(w.tokens['chen.super']!, 'GET', `/cases/${created.id}/routing`);
    // then
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const row = await caseRow(w, created.id);
    expect(body).toMatchObject({ caseId: created.id, version: row.version, queue: { id: queue.complaints, key: 'complaints', name: '投诉组' }, pendingOffer: null, waitingSince: null });
    const [decision] = body.decisions;
    expect(decision).toMatchObject({
      trigger: 'created',
      outcome: 'assigned',
      rule: { key: 'complaints', name: '投诉 → 投诉组', version: 1 },
      queue: { key: 'complaints' },
      previousQueue: null,
      strategy: 'least-loaded',
      reason: null,
      actor: null,
    });
    expect(decision.assignee).toEqual({ id: row.assignee_id, displayName: expect.stringMatching(/^(李客服|王客服)$/) });
    // every candidate the dispatch weighed, named, the chosen one and why the others were not
    expect(decision.candidates).toHaveLength(2);
    for (const c of decision.candidates) {
      expect(c.displayName).toMatch(/^(李客服|王客服)$/);
      if (c.chosen) expect(c.userId).toBe(row.assignee_id);
      else expect(c.passedOver.length).toBeGreaterThan(0);
    }
    expect(typeof decision.durationMs).toBe('number');
  });

  it('answers 404 to someone who may not read the case', async () => {
    const created = await createCase(w, demoCase.complaint());
    const res = await w.api(w.tokens['zhou.bj']!, 'GET', `/cases/${created.id}/routing`);
    expectProblem(res, 404, 'case-not-found');
  });

  it('shows the rule as it was when it matched, after the rule changed', async () => {
    const created = await createCase(w, demoCase.complaint());
    const saved = await w.api(w.admin, 'PUT', '/routing/rules/complaints', {
      name: '投诉组（新）',
      conditions: { caseTypes: ['complaint'] },
      actions: { queueId: queue.complaints },
      reason: 'rename',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().version).toBe(2);
    const [decision] = (await w.api(w.admin, 'GET', `/cases/${created.id}/routing`)).json().decisions;
    expect(decision.rule).toMatchObject({ key: 'complaints', name: '投诉 → 投诉组', version: 1 });
  });
});

describe('override', () => {
  it('moves a case to another queue and person with a reason, recorded and audited', async () => {
    // given
    const created = await createCase(w, demoCase.complaint({ departmentId: w.dept.HQ }));
    const holder = (await caseRow(w, created.id)).assignee_id;
    const other = holder === w.users['wang.agent'] ? 'li.agent' : 'wang.agent';
    // when
    const res = await override(created.id, { queueId: queue.service, assigneeId: w.users[other], reason: '客户要求换人处理' }, w.tokens['chen.super']);
    // then
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.queue).toEqual({ id: queue.service, key: 'service', name: '客服' });
    expect(body.assignee).toEqual({ id: w.users[other], displayName: other === 'li.agent' ? '李客服' : '王客服' });
    expect(body.decisions[0]).toMatchObject({
      trigger: 'override',
      outcome: 'overridden',
      reason: '客户要求换人处理',
      actor: { id: w.users['chen.super'], displayName: '陈主管' },
      queue: { key: 'service' },
      previousQueue: { key: 'complaints' },
    });
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'service', queue_id: queue.service, assignee_id: w.users[other] });
    const audit = await w.t.sql<{ reason: string }>("SELECT reason FROM audit.event WHERE case_id = $1 AND action = 'routing.overridden'", [created.id]);
    expect(audit).toEqual([{ reason: '客户要求换人处理' }]);
  });

  it('refuses an agent without case:transfer or case:assign, and changes nothing', async () => {
    const created = await createCase(w, demoCase.complaint(), w.tokens['li.agent']);
    const before = await countRows(created.id);
    const moved = await override(created.id, { queueId: queue.service, reason: 'mine' }, w.tokens['li.agent']);
    expectProblem(moved, 403, 'forbidden');
    const assigned = await override(created.id, { assigneeId: w.users['wang.agent'], reason: 'yours' }, w.tokens['li.agent']);
    expectProblem(assigned, 403, 'forbidden');
    expect(await countRows(created.id)).toEqual(before);
  });

  it('refuses an assignee who may not read the case, naming assigneeId', async () => {
    const created = await createCase(w, demoCase.complaint());
    const before = await countRows(created.id);
    // zhou.bj is an agent of another branch: the case is not theirs to read
    const res = await override(created.id, { assigneeId: w.users['zhou.bj'], reason: 'try' });
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([expect.objectContaining({ field: 'assigneeId' })]);
    const unknownQueue = await override(created.id, { queueId: '00000000-0000-4000-8000-000000000000', reason: 'try' });
    expect(expectProblem(unknownQueue, 400, 'validation-failed').errors).toEqual([expect.objectContaining({ field: 'queueId' })]);
    const nothing = await override(created.id, { reason: 'nothing' });
    expect(expectProblem(nothing, 400, 'validation-failed').errors).toEqual([expect.objectContaining({ field: 'queueId' })]);
    expect(await countRows(created.id)).toEqual(before);
  });

  it('wants If-Match: 428 without it, 412 with an old version', async () => {
    const created = await createCase(w, demoCase.complaint());
    // A change after the creation moves the case past version 1.
    expect((await w.api(w.admin, 'PATCH', `/cases/${created.id}`, { title: '已改标题' }, { 'if-match': '"1"' })).statusCode).toBe(200);
    const before = await countRows(created.id);
    expectProblem(await override(created.id, { queueId: queue.service, reason: 'x' }, w.admin, {}), 428, 'precondition-required');
    expectProblem(await override(created.id, { queueId: queue.service, reason: 'x' }, w.admin, { 'if-match': '"1"' }), 412, 'case-version-stale');
    expect(await countRows(created.id)).toEqual(before);
  });
});

describe('the tester', () => {
  it('tells where a described case would go and to whom, and changes nothing', async () => {
    const decisionsBefore = (await w.t.sql('SELECT 1 FROM routing.decision')).length;
    const res = await w.api(w.tokens['chen.super']!, 'POST', '/routing/test', { case: { type: 'complaint', channel: 'phone', tags: ['elderly'] } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ rule: { key: 'complaints' }, queue: { key: 'complaints', name: '投诉组' }, outcome: 'assigned', priorityBoost: 0, branch: null });
    expect(body.assignee.displayName).toMatch(/^(李客服|王客服)$/);
    expect(body.candidates).toHaveLength(2);
    expect((await w.t.sql('SELECT 1 FROM routing.decision')).length).toBe(decisionsBefore);
  });

  it('tests a saved case and a time in the future', async () => {
    const created = await createCase(w, demoCase.consultation());
    const at = new Date(w.clock.now().getTime() + 86_400_000).toISOString();
    const res = await w.api(w.admin, 'POST', '/routing/test', { caseId: created.id, at });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rule: null, queue: { key: 'service' }, rulesConsidered: [{ key: 'complaints', matched: false, failed: [{ condition: 'caseTypes', actual: 'consultation' }] }] });
  });

  it('wants exactly one of caseId and case, naming the field', async () => {
    const created = await createCase(w, demoCase.consultation());
    expect(expectProblem(await w.api(w.admin, 'POST', '/routing/test', {}), 400, 'validation-failed').errors).toEqual([expect.objectContaining({ field: 'case' })]);
    const both = await w.api(w.admin, 'POST', '/routing/test', { caseId: created.id, case: { type: 'complaint' } });
    expect(expectProblem(both, 400, 'validation-failed').errors).toEqual([expect.objectContaining({ field: 'caseId' })]);
  });

  it('is refused to an agent (routing:read)', async () => {
    expectProblem(await w.api(w.tokens['li.agent']!, 'POST', '/routing/test', { case: { type: 'complaint' } }), 403, 'forbidden');
  });
});
