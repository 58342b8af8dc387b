import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { ensureQueueIdTrigger, insertDepartment, insertQueue, newCaseInQueue, saveProfile } from './dispatch-fixtures.ts';

describe('POST /routing/take-next: an agent takes the head of their queues', () => {
  let t: TestApp;
  let admin: string;
  let branch: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
    await createSeedCaseTypes(t, admin);
    await ensureQueueIdTrigger(t);
    branch = await insertDepartment(t, 'BR-TAKE');
  });
  afterAll(async () => {
    await t.close();
  });

  const takeNext = (token: string, body: Record<string, unknown> = {}) => t.app.inject({ method: 'POST', url: '/api/v1/routing/take-next', headers: bearer(token), payload: body });

  it('takes urgent before high, then the soonest due, then the oldest; assigns it with a decision and an audit event', async () => {
    // given an agent in a pull queue holding four waiting cases
    const agentId = await t.createUser('take.order', ['agent'], branch);
    const queueId = await insertQueue(t, { key: 'take-order', mode: 'pull', memberIds: [agentId] });
    const highLate = await newCaseInQueue(t, admin, 'take-order', { departmentId: branch, priority: 'high' });
    const highSoon = await newCaseInQueue(t, admin, 'take-order', { departmentId: branch, priority: 'high' });
    const urgent = await newCaseInQueue(t, admin, 'take-order', { departmentId: branch, priority: 'urgent' });
    const low = await newCaseInQueue(t, admin, 'take-order', { departmentId: branch, priority: 'low' });
    await t.sql("UPDATE cases.case SET due_at = now() + interval '2 hours' WHERE id = $1", [highLate]);
    await t.sql("UPDATE cases.case SET due_at = now() + interval '1 hour' WHERE id = $1", [highSoon]);
    const agent = await t.login('take.order');
    // when the agent takes four times
    const taken: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await takeNext(agent);
      expect(res.statusCode, res.body).toBe(200);
      taken.push(res.json().caseId);
    }
    // then
    expect(taken).toEqual([urgent, highSoon, highLate, low]);
    const first = (await takeNext(agent)).statusCode;
    expect(first).toBe(404);
    const [row] = await t.sql<{ assignee_id: string }>('SELECT assignee_id FROM cases.case WHERE id = $1', [urgent]);
    expect(row!.assignee_id).toBe(agentId);
    const decisions = await t.sql<{ trigger: string; outcome: string; queue_id: string; assignee_id: string; actor_id: string }>(
      "SELECT trigger, outcome, queue_id, assignee_id, actor_id FROM routing.decision WHERE case_id = $1 AND trigger = 'take-next'",
      [urgent],
    );
    expect(decisions).toEqual([{ trigger: 'take-next', outcome: 'assigned', queue_id: queueId, assignee_id: agentId, actor_id: agentId }]);
    const audits = await t.sql<{ action: string; data: { queue: string } }>("SELECT action, data FROM audit.event WHERE case_id = $1 AND action LIKE 'routing.%' AND action <> 'routing.case-routed'", [
      urgent,
    ]);
    expect(audits.map((a) => [a.action, a.data.queue])).toEqual([['routing.taken-next', 'take-order']]);
    const [outbox] = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM platform.outbox_event WHERE type = 'routing.decided' AND aggregate_id = $1 AND payload->>'trigger' = 'take-next'", [
      urgent,
    ]);
    expect(outbox!.n).toBe(1);
  });

  it('answers nothing-to-take, refuses a queue the caller is not in (naming queueId), and takes only cases the caller may read', async () => {
    const agentId = await t.createUser('take.empty', ['agent'], branch);
    const elsewhere = await insertDepartment(t, 'BR-TAKE-2');
    await insertQueue(t, { key: 'take-mine', mode: 'pull', memberIds: [agentId] });
    const otherQueue = await insertQueue(t, { key: 'take-not-mine', mode: 'pull' });
    await newCaseInQueue(t, admin, 'take-mine', { departmentId: elsewhere });
    const agent = await t.login('take.empty');
    // when / then: the only waiting case is of another department
    expectProblem(await takeNext(agent), 404, 'nothing-to-take');
    const refused = expectProblem(await takeNext(agent, { queueId: otherQueue }), 403, 'forbidden');
    expect(refused.errors?.[0]?.field).toBe('queueId');
  });

  it('respects the taker capacity: 409 at-capacity naming the limit, changing nothing', async () => {
    const agentId = await t.createUser('take.full', ['agent'], branch);
    await insertQueue(t, { key: 'take-full', mode: 'pull', memberIds: [agentId] });
    await saveProfile(t, agentId, { capacity: { total: 1 } });
    await newCaseInQueue(t, admin, 'take-full', { departmentId: branch }, agentId);
    const waiting = await newCaseInQueue(t, admin, 'take-full', { departmentId: branch });
    const agent = await t.login('take.full');
    const problem = expectProblem(await takeNext(agent), 409, 'at-capacity');
    expect(problem.capacity).toBe('total 1');
    const [row] = await t.sql<{ assignee_id: string | null }>('SELECT assignee_id FROM cases.case WHERE id = $1', [waiting]);
    expect(row!.assignee_id).toBeNull();
    // and a channel limit leaves that channel's cases for others
    await saveProfile(t, agentId, { capacity: { total: null, byChannel: { phone: 1 } } });
    expect(expectProblem(await takeNext(agent), 409, 'at-capacity').capacity).toBe('channel phone 1');
    const chat = await newCaseInQueue(t, admin, 'take-full', { departmentId: branch, channel: 'wechat' });
    const res = await takeNext(agent);
    expect(res.statusCode).toBe(200);
    expect(res.json().caseId).toBe(chat);
  });

  it('never gives one case to two agents taking at the same time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await t.createUser(`take.race${i}`, ['agent'], branch));
    await insertQueue(t, { key: 'take-race', mode: 'push', memberIds: ids });
    const cases: string[] = [];
    for (let i = 0; i < 6; i++) cases.push(await newCaseInQueue(t, admin, 'take-race', { departmentId: branch }));
    const tokens = await Promise.all(ids.map((_, i) => t.login(`take.race${i}`)));
    // when eight agents take at once from six cases
    const answers = await Promise.all(tokens.map((token) => takeNext(token)));
    // then six got distinct cases and two were told nothing is left
    const taken = answers.filter((a) => a.statusCode === 200).map((a) => a.json().caseId as string);
    expect(taken.sort()).toEqual([...cases].sort());
    expect(answers.filter((a) => a.statusCode === 404)).toHaveLength(2);
    const [assigned] = await t.sql<{ n: number }>('SELECT count(DISTINCT assignee_id)::int AS n FROM cases.case WHERE queue = $1', ['take-race']);
    expect(assigned!.n).toBe(6);
  });
});
