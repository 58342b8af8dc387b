import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { ensureQueueIdTrigger, insertDepartment, insertQueue, newCaseInQueue, saveProfile } from './dispatch-fixtures.ts';

describe('GET /routing/live: the supervisor live view of queues and agents', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
    await createSeedCaseTypes(t, admin);
    await ensureQueueIdTrigger(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts waiting, oldest waiting, at SLA risk and assigned per queue, and presence, load, capacity and queues per agent', async () => {
    // given a queue with two agents (one available with capacity, one without a profile) and four cases
    const branch = await insertDepartment(t, 'BR-LIVE');
    const available = await t.createUser('live.available', ['agent'], branch);
    const absent = await t.createUser('live.absent', ['agent'], branch);
    await t.createUser('live.supervisor', ['supervisor'], branch);
    await saveProfile(t, available, { capacity: { total: 5, byChannel: { phone: 3 } } });
    const queueId = await insertQueue(t, { key: 'live', departmentId: branch, memberIds: [available, absent] });
    const oldest = await newCaseInQueue(t, admin, 'live', { departmentId: branch });
    await newCaseInQueue(t, admin, 'live', { departmentId: branch });
    const risky = await newCaseInQueue(t, admin, 'live', { departmentId: branch }, available);
    await newCaseInQueue(t, admin, 'live', { departmentId: branch, channel: 'wechat' }, available);
    await t.sql("UPDATE cases.case SET sla_state = 'at-risk' WHERE id = $1", [risky]);
    await t.sql("UPDATE cases.case SET created_at = created_at - interval '1 hour' WHERE id = $1", [oldest]);
    const [created] = await t.sql<{ created_at: Date }>('SELECT created_at FROM cases.case WHERE id = $1', [oldest]);
    // when the supervisor looks
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/routing/live', headers: bearer(await t.login('live.supervisor')) });
    // then
    expect(res.statusCode, res.body).toBe(200);
    const live = res.json() as { queues: Record<string, unknown>[]; agents: Record<string, unknown>[] };
    expect(live.queues.find((q) => q.id === queueId)).toMatchObject({
      key: 'live',
      departmentId: branch,
      mode: 'push',
      strategy: 'least-loaded',
      waiting: 2,
      oldestWaitingSince: created!.created_at.toISOString(),
      atSlaRisk: 1,
      assigned: 2,
      agentsAvailable: 1,
      agentsTotal: 2,
    });
    expect(live.agents.find((a) => a.userId === available)).toMatchObject({
      displayName: 'live.available',
      presence: 'available',
      load: { total: 2, byChannel: { phone: 1, wechat: 1 }, byCaseType: { complaint: 2 }, openTasks: 0 },
      capacity: { total: 5, byChannel: { phone: 3 }, byCaseType: {} },
      queueIds: [queueId],
    });
    expect(live.agents.find((a) => a.userId === absent)).toMatchObject({ presence: 'offline', capacity: { total: null, byChannel: {}, byCaseType: {} }, load: { total: 0 } });
  });

  it('refuses an agent (routing:read is for supervisors and administrators)', async () => {
    await t.createUser('live.agent', ['agent']);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/routing/live', headers: bearer(await t.login('live.agent')) }), 403, 'forbidden');
  });
});
