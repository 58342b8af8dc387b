// Issue 17: a rule table routes the five demo case types and the 12378 hotline to their queues;
// rules in force only between their dates; the first match by position, and reorder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRow, createCase, createCaseTypesWithQueues, createRoutingWorld, createRule, demoCase, insertQueueWithSql, makeAvailable, type RoutingWorld } from './routing-world.ts';

let w: RoutingWorld;
const queue: Record<string, string> = {};

beforeAll(async () => {
  w = await createRoutingWorld();
  const { users } = w;
  for (const [key, member] of [
    ['service', 'li.agent'],
    ['complaints', 'wang.agent'],
    ['consumer-protection', 'sun.12378'],
    ['suggestions', 'li.agent'],
    ['aml-review', 'zhao.aml'],
    ['credit', 'qian.credit'],
  ] as const) {
    queue[key] = await insertQueueWithSql(w.t, { key, name: key, departmentId: w.dept.HQ, memberIds: [users[member]!] });
  }
  for (const name of ['li.agent', 'wang.agent', 'sun.12378', 'zhao.aml', 'qian.credit']) await makeAvailable(w.t, users[name]!);
  await createCaseTypesWithQueues(w, { service: queue.service!, 'aml-review': queue['aml-review']!, credit: queue.credit! });
  // The table, first match first: the hotline before the case types.
  await createRule(w, { key: 'hotline-12378', name: '12378 热线转办 → 消保', conditions: { channels: ['12378'] }, actions: { queueId: queue['consumer-protection'] } });
  await createRule(w, { key: 'complaints', name: '投诉 → 投诉组', conditions: { caseTypes: ['complaint'] }, actions: { queueId: queue.complaints } });
  await createRule(w, { key: 'consultations', name: '咨询 → 客服', conditions: { caseTypes: ['consultation'] }, actions: { queueId: queue.service } });
  await createRule(w, { key: 'suggestions', name: '建议 → 建议组', conditions: { caseTypes: ['suggestion'] }, actions: { queueId: queue.suggestions } });
  await createRule(w, { key: 'aml', name: '可疑交易 → 反洗钱', conditions: { caseTypes: ['suspicious-transaction'] }, actions: { queueId: queue['aml-review'] } });
  await createRule(w, { key: 'credit', name: '信贷审批 → 信贷部', conditions: { caseTypes: ['credit-approval'] }, actions: { queueId: queue.credit } });
});
afterAll(() => w.t.close());

describe('the rule table', () => {
  it.each([
    ['complaint', 'complaints', 'wang.agent'],
    ['consultation', 'service', 'li.agent'],
    ['suggestion', 'suggestions', 'li.agent'],
    ['suspicious-transaction', 'aml-review', 'zhao.aml'],
    ['credit-approval', 'credit', 'qian.credit'],
  ] as const)('routes a new %s to %s and gives it to its agent', async (type, queueKey, agent) => {
    // when
    const created = await createCase(w, demoCase[type]());
    // then
    const row = await caseRow(w, created.id);
    expect(row).toMatchObject({ queue: queueKey, queue_id: queue[queueKey], assignee_id: w.users[agent] });
    const [decision] = await w.t.sql<{ rule_key: string; outcome: string; trigger: string; duration_us: number }>(
      'SELECT rule_key, outcome, trigger, duration_us FROM routing.decision WHERE case_id = $1',
      [created.id],
    );
    expect(decision).toMatchObject({ trigger: 'created', outcome: 'assigned' });
    expect(decision!.duration_us).toBeGreaterThan(0);
  });

  it('sends a complaint the 12378 hotline referred to consumer protection, before the complaints rule', async () => {
    // when
    const created = await createCase(w, demoCase.complaint({ channel: '12378' }));
    // then
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'consumer-protection', assignee_id: w.users['sun.12378'] });
    const res = await w.api(w.admin, 'GET', `/cases/${created.id}/routing`);
    expect(res.statusCode, res.body).toBe(200);
    const [decision] = res.json().decisions;
    expect(decision.rule).toMatchObject({ key: 'hotline-12378', name: '12378 热线转办 → 消保', version: 1 });
    expect(decision.rulesConsidered).toEqual([{ key: 'hotline-12378', name: '12378 热线转办 → 消保', matched: true, failed: [] }]);
  });

  it('records every rule it passed with the conditions that failed', async () => {
    const created = await createCase(w, demoCase['credit-approval']());
    const [decision] = (await w.api(w.admin, 'GET', `/cases/${created.id}/routing`)).json().decisions;
    expect(decision.rulesConsidered.map((r: { key: string; matched: boolean }) => [r.key, r.matched])).toEqual([
      ['hotline-12378', false],
      ['complaints', false],
      ['consultations', false],
      ['suggestions', false],
      ['aml', false],
      ['credit', true],
    ]);
    expect(decision.rulesConsidered[0].failed).toEqual([{ condition: 'channels', actual: 'branch' }]);
    expect(decision.rulesConsidered[1].failed).toEqual([{ condition: 'caseTypes', actual: 'credit-approval' }]);
  });
});

describe('effective dates', () => {
  it('skips a rule not yet in force and one that has expired, and uses one in force', async () => {
    // given: rules for suggestions from the wechat channel, placed first
    const now = w.clock.now().getTime();
    const hour = 3_600_000;
    await createRule(w, {
      key: 'wechat-later',
      name: 'Not yet',
      position: 1,
      effectiveFrom: new Date(now + hour).toISOString(),
      conditions: { caseTypes: ['suggestion'], channels: ['wechat'] },
      actions: { queueId: queue['aml-review'] },
    });
    await createRule(w, {
      key: 'wechat-expired',
      name: 'Expired',
      position: 2,
      effectiveFrom: new Date(now - 2 * hour).toISOString(),
      effectiveTo: new Date(now - hour).toISOString(),
      conditions: { caseTypes: ['suggestion'], channels: ['wechat'] },
      actions: { queueId: queue.credit },
    });
    // when
    const created = await createCase(w, demoCase.suggestion());
    // then: neither applies; the suggestions rule does
    expect(await caseRow(w, created.id)).toMatchObject({ queue: 'suggestions' });
    const [decision] = (await w.api(w.admin, 'GET', `/cases/${created.id}/routing`)).json().decisions;
    expect(decision.rulesConsidered.slice(0, 2)).toEqual([
      { key: 'wechat-later', name: 'Not yet', matched: false, failed: [{ condition: 'effectiveFrom', actual: w.clock.now().toISOString() }] },
      { key: 'wechat-expired', name: 'Expired', matched: false, failed: [{ condition: 'effectiveTo', actual: w.clock.now().toISOString() }] },
    ]);

    // when the clock passes the start of the later rule
    w.clock.moveTo(new Date(now + hour));
    const later = await createCase(w, demoCase.suggestion());
    // then
    expect(await caseRow(w, later.id)).toMatchObject({ queue: 'aml-review', assignee_id: w.users['zhao.aml'] });
    // cleanup for the next tests
    for (const key of ['wechat-later', 'wechat-expired']) expect((await w.api(w.admin, 'DELETE', `/routing/rules/${key}`)).statusCode).toBe(204);
  });
});

describe('first match by position', () => {
  it('takes the first matching rule, and the other one after a reorder', async () => {
    // given a second rule for complaints about fees, after the complaints rule
    await createRule(w, { key: 'fee-complaints', name: '收费投诉 → 客服', conditions: { caseTypes: ['complaint'], categories: ['fees'] }, actions: { queueId: queue.service } });
    const first = await createCase(w, demoCase.complaint());
    expect(await caseRow(w, first.id)).toMatchObject({ queue: 'complaints' });

    // when it moves before the complaints rule
    const keys = (await w.api(w.admin, 'GET', '/routing/rules')).json().items.map((r: { key: string }) => r.key) as string[];
    const order = ['fee-complaints', ...keys.filter((k) => k !== 'fee-complaints')];
    const res = await w.api(w.admin, 'PUT', '/routing/rules/order', { keys: order });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((r: { key: string; position: number }) => [r.key, r.position])[0]).toEqual(['fee-complaints', 1]);
    // then
    const second = await createCase(w, demoCase.complaint());
    expect(await caseRow(w, second.id)).toMatchObject({ queue: 'service', assignee_id: w.users['li.agent'] });
  });
});
