// Issue 17: what the router does with a case — priority boost and language for elderly and
// foreign customers, push to the customer's own branch (by branch code, region, address), keep
// with the previous handler for 7 days, re-route on reopen and on a routing field change, offers
// with a timeout, and a queue where nobody fits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRow, createCase, createCaseTypesWithQueues, createRoutingWorld, createRule, demoCase, insertQueueWithSql, makeAvailable, type RoutingWorld } from './routing-world.ts';

let w: RoutingWorld;
const queue: Record<string, string> = {};
const DAY = 86_400_000;

const routingOf = async (caseId: string, token = w.admin) => {
  const res = await w.api(token, 'GET', `/cases/${caseId}/routing`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const patchCase = async (id: string, body: object) => {
  const { version } = await caseRow(w, id);
  const res = await w.api(w.admin, 'PATCH', `/cases/${id}`, body, { 'if-match': `"${version}"` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const decisionsOf = (caseId: string) =>
  w.t.sql<{ trigger: string; outcome: string; rule_key: string | null }>('SELECT trigger, outcome, rule_key FROM routing.decision WHERE case_id = $1 ORDER BY decided_at, id', [caseId]);

beforeAll(async () => {
  w = await createRoutingWorld();
  const { users, dept } = w;
  queue.service = await insertQueueWithSql(w.t, { key: 'service', departmentId: dept.HQ, memberIds: [users['li.agent']!] });
  queue.complaints = await insertQueueWithSql(w.t, { key: 'complaints', departmentId: dept.HQ, memberIds: [users['wang.agent']!] });
  queue.care = await insertQueueWithSql(w.t, { key: 'care', name: '关爱专席', departmentId: dept.HQ, memberIds: [users['sun.12378']!] });
  queue.vip = await insertQueueWithSql(w.t, { key: 'vip', departmentId: dept.HQ, memberIds: [users['qian.credit']!] });
  queue.bj = await insertQueueWithSql(w.t, { key: 'bj-service', departmentId: dept.BJ, memberIds: [users['zhou.bj']!], caseTypes: ['suggestion'] });
  queue.sh = await insertQueueWithSql(w.t, { key: 'sh-service', departmentId: dept.SH, memberIds: [users['wu.sh']!], caseTypes: ['suggestion'] });
  queue.offers = await insertQueueWithSql(w.t, { key: 'offers', departmentId: dept.HQ, memberIds: [users['zhao.aml']!], offerTimeoutSeconds: 60 });
  queue.overflow = await insertQueueWithSql(w.t, { key: 'overflow', departmentId: dept.HQ });
  queue.empty = await insertQueueWithSql(w.t, { key: 'nobody-here', name: '空队列', departmentId: dept.HQ, overflowQueueId: queue.overflow, overflowAfterSeconds: 600 });
  for (const name of ['li.agent', 'wang.agent', 'sun.12378', 'qian.credit', 'zhou.bj', 'wu.sh', 'zhao.aml']) await makeAvailable(w.t, users[name]!, { languages: ['zh', 'en'] });
  await createCaseTypesWithQueues(w, { service: queue.service! });
  const put = async (departmentId: string, areas: string[]) => expect((await w.api(w.admin, 'PUT', `/routing/branch-areas/${departmentId}`, { areas })).statusCode).toBe(200);
  await put(dept.BJ, ['11', '1101', '海淀']);
  await put(dept.SH, ['3101', '浦东']);

  await createRule(w, { key: 'care', name: '老年与外籍客户优先', conditions: { tags: ['elderly', 'foreign'] }, actions: { queueId: queue.care, priorityBoost: 1, requiredLanguages: ['en'] } });
  await createRule(w, { key: 'vip', name: 'VIP', conditions: { tags: ['vip'] }, actions: { queueId: queue.vip } });
  await createRule(w, { key: 'branch-suggestions', name: '建议回到客户所属网点', conditions: { caseTypes: ['suggestion'] }, actions: { pushToCustomerBranch: true } });
  await createRule(w, { key: 'keep-consultations', name: '咨询 7 天内同一人', conditions: { caseTypes: ['consultation'] }, actions: { keepWithPreviousHandlerDays: 7 } });
  await createRule(w, { key: 'offers', name: 'Offer credit', conditions: { caseTypes: ['credit-approval'] }, actions: { queueId: queue.offers } });
  await createRule(w, { key: 'aml-nobody', name: 'AML to an empty queue', conditions: { caseTypes: ['suspicious-transaction'] }, actions: { queueId: queue.empty } });
  await createRule(w, { key: 'complaints', name: '投诉', conditions: { caseTypes: ['complaint'] }, actions: { queueId: queue.complaints } });
});
afterAll(() => w.t.close());

describe('elderly and foreign customers', () => {
  it('raise the priority one step and ask for the language', async () => {
    // when
    const created = await createCase(w, demoCase.complaint({ priority: 'normal', tags: ['foreign'] }));
    // then
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'care', priority: 'high', assignee_id: w.users['sun.12378'] });
    const [decision] = (await routingOf(created.id)).decisions;
    expect(decision).toMatchObject({ outcome: 'assigned', priorityBoost: 1, requiredLanguages: ['en'], rule: { key: 'care' } });
  });

  it('caps the boost at urgent, and a re-route does not boost twice', async () => {
    const created = await createCase(w, demoCase.complaint({ priority: 'high', tags: ['elderly'] }));
    expect(await caseRow(w, created.id)).toMatchObject({ priority: 'urgent' });
    const other = await createCase(w, demoCase.complaint({ priority: 'low', tags: ['elderly'] }));
    expect(await caseRow(w, other.id)).toMatchObject({ priority: 'normal' });
    // when a routing field changes and the same rule matches again
    await patchCase(other.id, { tags: ['elderly', 'foreign'] });
    // then
    expect(await caseRow(w, other.id)).toMatchObject({ priority: 'normal', queue: 'care' });
    expect((await decisionsOf(other.id)).map((d) => d.trigger)).toEqual(['created', 'fields-changed']);
  });
});

describe("push to the customer's own branch", () => {
  it("by the customer's home branch code", async () => {
    const created = await createCase(w, demoCase.suggestion({ customer: { id: 'C-2001', branch: 'SH01' } }));
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'sh-service', department_id: w.dept.SH, assignee_id: w.users['wu.sh'] });
    const [decision] = (await routingOf(created.id)).decisions;
    expect(decision.branch).toEqual({ id: w.dept.SH, name: '上海浦东支行', by: 'customer-branch' });
  });

  it('by the longest region-code prefix of customer.region', async () => {
    const created = await createCase(w, demoCase.suggestion({ customer: { id: 'C-2002', region: '110108' } }));
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'bj-service', department_id: w.dept.BJ, assignee_id: w.users['zhou.bj'] });
    expect((await routingOf(created.id)).decisions[0].branch).toEqual({ id: w.dept.BJ, name: '北京海淀支行', by: 'customer-region' });
  });

  it('by a place name in the address, which the explanation never repeats', async () => {
    // when
    const created = await createCase(w, demoCase.suggestion({ customer: { id: 'C-2003', address: '上海市浦东新区世纪大道100号' } }));
    // then
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'sh-service', department_id: w.dept.SH });
    const res = await w.api(w.admin, 'GET', `/cases/${created.id}/routing`);
    expect(res.json().decisions[0].branch).toEqual({ id: w.dept.SH, name: '上海浦东支行', by: 'customer-address' });
    expect(res.body).not.toContain('世纪大道');
    const [stored] = await w.t.sql<{ detail: string }>('SELECT detail::text AS detail FROM routing.decision WHERE case_id = $1', [created.id]);
    expect(stored!.detail).not.toContain('世纪大道');
    const audit = await w.t.sql<{ data: string }>("SELECT data::text AS data FROM audit.event WHERE case_id = $1 AND action = 'routing.case-routed'", [created.id]);
    expect(audit[0]!.data).not.toContain('世纪大道');
  });

  it('leaves the case where it was when no branch is found', async () => {
    const created = await createCase(w, demoCase.suggestion({ customer: { id: 'C-2004', region: '440300' } }));
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'service', department_id: null });
    expect((await routingOf(created.id)).decisions[0].branch).toBeNull();
  });
});

describe('re-routing', () => {
  it('routes a reopened case again', async () => {
    // given a complaint moved by a supervisor to the service queue, then resolved
    const created = await createCase(w, demoCase.complaint());
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'complaints' });
    const moved = await w.api(
      w.admin,
      'POST',
      `/cases/${created.id}/routing/override`,
      { queueId: queue.service, assigneeId: null, reason: '转客服' },
      { 'if-match': `"${(await caseRow(w, created.id)).version}"` },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    await patchCase(created.id, { status: 'resolved', reason: '已答复' });
    // when it reopens
    await patchCase(created.id, { status: 'open', reason: '客户不满意' });
    // then the complaints rule sends it back
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'complaints', assignee_id: w.users['wang.agent'] });
    expect((await decisionsOf(created.id)).map((d) => [d.trigger, d.outcome])).toEqual([
      ['created', 'assigned'],
      ['override', 'overridden'],
      ['reopened', 'assigned'],
    ]);
  });

  it('routes again when a routing field changes, and not for its own changes or a priority change', async () => {
    const created = await createCase(w, demoCase.complaint());
    await patchCase(created.id, { priority: 'low' });
    expect(await decisionsOf(created.id)).toHaveLength(1);
    // when
    await patchCase(created.id, { tags: ['vip'] });
    // then
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'vip', assignee_id: w.users['qian.credit'] });
    expect((await decisionsOf(created.id)).map((d) => [d.trigger, d.rule_key])).toEqual([
      ['created', 'complaints'],
      ['fields-changed', 'vip'],
    ]);
  });
});

describe('offers and waiting', () => {
  it('offers a case in a queue with an offer timeout, and tells the agent', async () => {
    const created = await createCase(w, demoCase['credit-approval']());
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'offers', assignee_id: w.users['zhao.aml'] });
    const [offer] = await w.t.sql<{ state: string; expires_at: Date; user_id: string }>('SELECT state, expires_at, user_id FROM routing.offer WHERE case_id = $1', [created.id]);
    expect(offer).toMatchObject({ state: 'pending', user_id: w.users['zhao.aml'] });
    expect(new Date(offer!.expires_at).getTime()).toBe(w.clock.now().getTime() + 60_000);
    const routing = await routingOf(created.id);
    expect(routing.decisions[0].outcome).toBe('offered');
    expect(routing.pendingOffer).toMatchObject({ user: { id: w.users['zhao.aml'], displayName: '赵反洗钱' } });
    const told = await w.t.sql('SELECT 1 FROM notifications.notification WHERE user_id = $1 AND kind = $2 AND case_id = $3', [w.users['zhao.aml'], 'routing-offer', created.id]);
    expect(told).toHaveLength(1);
  });

  it('queues a case nobody can take, sets its overflow time and tells the supervisors once', async () => {
    // when
    const created = await createCase(w, demoCase['suspicious-transaction']());
    // then
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'nobody-here', assignee_id: null });
    const routing = await routingOf(created.id);
    expect(routing.decisions[0].outcome).toBe('queued');
    expect(routing.waitingSince).toBe(w.clock.now().toISOString());
    expect(routing.overflowAt).toBe(new Date(w.clock.now().getTime() + 600_000).toISOString());
    const told = () => w.t.sql('SELECT 1 FROM notifications.notification WHERE kind = $1 AND case_id = $2', ['routing-unassigned', created.id]);
    expect(await told()).toHaveLength(1);
    // when it is routed again into the same queue
    await patchCase(created.id, { tags: ['rechecked'] });
    // then nobody is told again, and it still waits since the first time
    expect(await decisionsOf(created.id)).toHaveLength(2);
    expect(await told()).toHaveLength(1);
    expect((await routingOf(created.id)).waitingSince).toBe(routing.waitingSince);
  });
});

// Last: it moves the clock on by days.
describe('keep with the previous handler', () => {
  it("gives the customer's next case to whoever handled the last within 7 days, and not after", async () => {
    // given wang handled the customer's consultation (named at create)
    const first = await createCase(w, demoCase.consultation({ customer: { id: 'C-3001' }, assigneeId: w.users['wang.agent'] }));
    expect((await decisionsOf(first.id))[0]).toMatchObject({ outcome: 'kept' });
    await w.t.sql('INSERT INTO routing.queue_member (queue_id, user_id) VALUES ($1, $2)', [queue.service, w.users['wang.agent']]);
    // when the customer writes again three days later
    w.clock.moveTo(new Date(w.clock.now().getTime() + 3 * DAY));
    w.admin = await w.t.login('admin');
    const second = await createCase(w, demoCase.consultation({ customer: { id: 'C-3001' } }));
    // then
    expect(await caseRow(w, second.id)).toMatchObject({ assignee_id: w.users['wang.agent'] });
    expect((await routingOf(second.id)).decisions[0].keptWith).toEqual({ id: w.users['wang.agent'], displayName: '王客服' });

    // when the customer writes again eight days after that
    w.clock.moveTo(new Date(w.clock.now().getTime() + 8 * DAY));
    w.admin = await w.t.login('admin');
    const third = await createCase(w, demoCase.consultation({ customer: { id: 'C-3001' } }));
    // then nobody is preferred
    expect((await routingOf(third.id)).decisions[0].keptWith).toBeNull();
    await w.t.sql('DELETE FROM routing.queue_member WHERE queue_id = $1 AND user_id = $2', [queue.service, w.users['wang.agent']]);
  });
});
