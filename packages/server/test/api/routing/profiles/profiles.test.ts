import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../src/platform/clock/clock.ts';
import { complaint, createQueueForTest, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

let t: TestApp;
const clock = new FixedClock(new Date('2026-03-02T08:00:00.000Z'));
let admin: string;
let supervisor: string;
let agent: string;
let agentId: string;
let loadedId: string;
let idleId: string;
let branch: string;
let queueId: string;

type Method = 'GET' | 'POST' | 'PUT';
const api = (token: string, method: Method, url: string, payload?: object): Promise<LightMyRequestResponse> => t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });
const auditCount = async (action: string) => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM audit.event WHERE action = $1', [action]))[0]!.n);

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  branch = randomUUID();
  await t.sql("INSERT INTO access.department (id, code, name, kind, path) VALUES ($1, 'BR-P', 'Profile branch', 'branch', $2)", [branch, `/${branch}`]);
  agentId = await t.createUser('agent.p', ['agent'], branch);
  loadedId = await t.createUser('agent.loaded', ['agent'], branch);
  idleId = await t.createUser('agent.idle', ['agent'], branch);
  await t.createUser('supervisor.p', ['supervisor'], branch);
  agent = await t.login('agent.p');
  supervisor = await t.login('supervisor.p');
  queueId = (await createQueueForTest(t, admin, 'desk', { memberIds: [agentId, loadedId] })).id;
});
afterAll(() => t.close());

describe('GET /api/v1/me/routing', () => {
  it('gives an agent without a profile the defaults: offline, Chinese, no limits, no load; their queues with what waits there', async () => {
    // given two unassigned open cases and one assigned case waiting in the agent's queue
    for (const overrides of [{}, {}, { assigneeId: loadedId }]) expect((await api(admin, 'POST', '/cases', complaint({ queue: 'desk', ...overrides }))).statusCode).toBe(201);
    await createQueueForTest(t, admin, 'not-mine', { memberIds: [loadedId] });
    // when
    const res = await api(agent, 'GET', '/me/routing');
    // then
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      profile: {
        userId: agentId,
        displayName: 'agent.p',
        departmentId: branch,
        skills: [],
        languages: ['zh'],
        branchIds: [],
        capacity: { total: null, byChannel: {}, byCaseType: {} },
        presence: 'offline',
        presenceChangedAt: expect.any(String),
        lastSeenAt: null,
        load: { total: 0, byChannel: {}, byCaseType: {}, openTasks: 0 },
        queueIds: [queueId],
        version: 0,
      },
      queues: [{ id: queueId, key: 'desk', name: 'desk', mode: 'push', waiting: 2 }],
      pendingOffers: 0,
    });
  });
});

describe('PUT /api/v1/me/presence and the heartbeat', () => {
  it('sets my presence, audited and published as routing.presence-changed; the same presence again changes nothing', async () => {
    // when
    const res = await api(agent, 'PUT', '/me/presence', { presence: 'available' });
    // then
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().profile).toMatchObject({ presence: 'available', presenceChangedAt: clock.now().toISOString(), lastSeenAt: clock.now().toISOString() });
    const [event] = await t.sql<{ target_type: string; target_id: string; data: object }>("SELECT target_type, target_id, data FROM audit.event WHERE action = 'routing.presence-changed'");
    expect(event).toEqual({ target_type: 'user', target_id: agentId, data: { userId: agentId, from: 'offline', to: 'available' } });
    const outbox = await t.sql("SELECT aggregate_type, aggregate_id, payload FROM platform.outbox_event WHERE type = 'routing.presence-changed'");
    expect(outbox).toEqual([{ aggregate_type: 'user', aggregate_id: agentId, payload: expect.objectContaining({ userId: agentId, from: 'offline', to: 'available' }) }]);
    // when the same presence is set again
    expect((await api(agent, 'PUT', '/me/presence', { presence: 'available' })).statusCode).toBe(200);
    // then nothing more is recorded
    expect(await auditCount('routing.presence-changed')).toBe(1);
    // and another presence is
    expect((await api(agent, 'PUT', '/me/presence', { presence: 'busy' })).json().profile.presence).toBe('busy');
    expect(await auditCount('routing.presence-changed')).toBe(2);
  });

  it('refuses a presence that is not one of the four with 400', async () => {
    expectProblem(await api(agent, 'PUT', '/me/presence', { presence: 'asleep' }), 400, 'validation-failed');
  });

  it('records the heartbeat as the last-seen time only: 204, no audit event, no new version', async () => {
    // given
    await api(agent, 'PUT', '/me/presence', { presence: 'available' });
    const audits = (await t.sql<{ n: string }>('SELECT count(*) AS n FROM audit.event'))[0]!.n;
    const [before] = await t.sql<{ version: number; presence_changed_at: Date }>('SELECT version, presence_changed_at FROM routing.agent_profile WHERE user_id = $1', [agentId]);
    clock.advanceMs(5 * 60_000);
    // when
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/presence/heartbeat', headers: bearer(agent) });
    // then
    expect(res.statusCode).toBe(204);
    const [after] = await t.sql<{ version: number; presence_changed_at: Date; last_seen_at: Date }>('SELECT version, presence_changed_at, last_seen_at FROM routing.agent_profile WHERE user_id = $1', [
      agentId,
    ]);
    expect(after).toEqual({ ...before, last_seen_at: clock.now() });
    expect((await t.sql<{ n: string }>('SELECT count(*) AS n FROM audit.event'))[0]!.n).toBe(audits);
  });
});

describe('PUT /api/v1/routing/profiles/{userId}', () => {
  it("saves an agent's skills, languages, branches served and capacity, audited; what is left out is kept", async () => {
    // when
    const res = await api(admin, 'PUT', `/routing/profiles/${loadedId}`, {
      skills: [
        { skill: 'product:credit-card', level: 4 },
        { skill: 'line:retail', level: 2 },
      ],
      languages: ['zh', 'en'],
      branchIds: [branch],
      capacity: { total: 5, byChannel: { chat: 2 }, byCaseType: { complaint: 3 } },
    });
    // then
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      userId: loadedId,
      skills: [
        { skill: 'product:credit-card', level: 4 },
        { skill: 'line:retail', level: 2 },
      ],
      languages: ['zh', 'en'],
      branchIds: [branch],
      capacity: { total: 5, byChannel: { chat: 2 }, byCaseType: { complaint: 3 } },
      presence: 'offline',
      version: 1,
    });
    const [event] = await t.sql<{ target_id: string; data: { changed: string[] } }>("SELECT target_id, data FROM audit.event WHERE action = 'routing.profile-saved'");
    expect(event).toMatchObject({ target_id: loadedId, data: { changed: ['skills', 'languages', 'branchIds', 'capacity'] } });
    // when only the languages change
    const again = await api(admin, 'PUT', `/routing/profiles/${loadedId}`, { languages: ['en'] });
    expect(again.json()).toMatchObject({ languages: ['en'], skills: [{ skill: 'product:credit-card', level: 4 }, expect.anything()], capacity: { total: 5 }, version: 2 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a branch that does not exist', { branchIds: ['01900000-0000-7000-8000-000000000000'] }, 'branchIds'],
    ['a channel limit above the total', { capacity: { total: 2, byChannel: { chat: 3 }, byCaseType: {} } }, 'capacity.byChannel'],
    ['a case type limit above the total', { capacity: { total: 2, byChannel: {}, byCaseType: { complaint: 3 } } }, 'capacity.byCaseType'],
    [
      'a skill given twice',
      {
        skills: [
          { skill: 'line:retail', level: 1 },
          { skill: 'line:retail', level: 3 },
        ],
      },
      'skills',
    ],
  ])('refuses %s with 400 naming the field, changing nothing', async (_name, body, field) => {
    const before = await t.sql('SELECT * FROM routing.agent_profile WHERE user_id = $1', [idleId]);
    const problem = expectProblem(await api(admin, 'PUT', `/routing/profiles/${idleId}`, body), 400, 'validation-failed');
    expect(problem.errors!.map((e) => e.field)).toEqual([field]);
    expect(await t.sql('SELECT * FROM routing.agent_profile WHERE user_id = $1', [idleId])).toEqual(before);
  });

  it('refuses a capacity number out of range with 400', async () => {
    expectProblem(await api(admin, 'PUT', `/routing/profiles/${idleId}`, { capacity: { total: -1, byChannel: {}, byCaseType: {} } }), 400, 'validation-failed');
  });

  it('answers 404 for someone who is not a person', async () => {
    expectProblem(await api(admin, 'PUT', `/routing/profiles/${randomUUID()}`, { languages: ['en'] }), 404, 'routing-agent-not-found');
  });

  it('refuses an agent and a supervisor with 403 (routing:admin), even for their own profile', async () => {
    expectProblem(await api(agent, 'PUT', `/routing/profiles/${agentId}`, { capacity: { total: 99, byChannel: {}, byCaseType: {} } }), 403, 'forbidden');
    expectProblem(await api(supervisor, 'PUT', `/routing/profiles/${agentId}`, { languages: ['en'] }), 403, 'forbidden');
    expect((await api(admin, 'GET', `/routing/profiles/${agentId}`)).json()).toMatchObject({ languages: ['zh'], capacity: { total: null } });
  });
});

describe('GET /api/v1/routing/profiles', () => {
  it("counts each agent's load: unfinished cases by channel and by case type, and open process tasks", async () => {
    // given cases assigned to the loaded agent (one of them closed) and an open task
    const created = [];
    for (const overrides of [
      { channel: 'phone' },
      { channel: 'phone' },
      { channel: 'chat' },
      { type: 'consultation', title: 'A question', fields: { question: 'When?' }, channel: 'chat' },
      { channel: 'phone' },
    ]) {
      const res = await api(admin, 'POST', '/cases', { ...complaint({ assigneeId: loadedId }), ...overrides });
      expect(res.statusCode, res.body).toBe(201);
      created.push(res.json().id as string);
    }
    await t.sql("UPDATE cases.case SET status = 'closed', status_category = 'closed' WHERE id = $1", [created[4]]);
    await t.sql("INSERT INTO process.task (id, kind, system, external_id, element_id, state, assignee, created_at) VALUES ($1, 'external', 'crm', 'T-1', 'review', 'open', $2, now())", [
      randomUUID(),
      loadedId,
    ]);
    // when
    const res = await api(supervisor, 'GET', '/routing/profiles');
    // then: the first test's case assigned to the loaded agent in the desk queue counts too (a phone complaint)
    expect(res.statusCode, res.body).toBe(200);
    const loaded = res.json().items.find((p: { userId: string }) => p.userId === loadedId);
    expect(loaded.load).toEqual({ total: 6, byChannel: { phone: 3, chat: 2 }, byCaseType: { complaint: 4, consultation: 1 }, openTasks: 1 });
    expect(loaded.queueIds).toEqual(expect.arrayContaining([queueId]));
  });

  it('lists the active people who are in a queue or have a profile, not the others', async () => {
    const ids = (await api(supervisor, 'GET', '/routing/profiles')).json().items.map((p: { userId: string }) => p.userId);
    expect(ids).toEqual(expect.arrayContaining([agentId, loadedId]));
    expect(ids).not.toContain(idleId);
  });

  it('refuses an agent with 403; an agent reads their own profile but not another one', async () => {
    expectProblem(await api(agent, 'GET', '/routing/profiles'), 403, 'forbidden');
    expect((await api(agent, 'GET', `/routing/profiles/${agentId}`)).statusCode).toBe(200);
    expectProblem(await api(agent, 'GET', `/routing/profiles/${loadedId}`), 403, 'forbidden');
    expect((await api(supervisor, 'GET', `/routing/profiles/${loadedId}`)).json()).toMatchObject({ userId: loadedId, displayName: 'agent.loaded' });
    expectProblem(await api(supervisor, 'GET', `/routing/profiles/${randomUUID()}`), 404, 'routing-agent-not-found');
  });
});
