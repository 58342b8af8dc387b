import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueForTest, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

let t: TestApp;
let admin: string;
let supervisor: string;
let agent: string;
let agentId: string;
let otherAgentId: string;
let branch: string;

type Method = 'GET' | 'POST' | 'PUT';
const api = (token: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, payload });
const queueCount = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM routing.queue'))[0]!.n);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  branch = randomUUID();
  await t.sql("INSERT INTO access.department (id, code, name, kind, path) VALUES ($1, 'BR-Q', 'Queue branch', 'branch', $2)", [branch, `/${branch}`]);
  agentId = await t.createUser('agent.q', ['agent'], branch);
  otherAgentId = await t.createUser('agent.other', ['agent'], branch);
  await t.createUser('supervisor.q', ['supervisor'], branch);
  agent = await t.login('agent.q');
  supervisor = await t.login('supervisor.q');
  const group = await api(admin, 'POST', '/groups', { key: 'card-desk', name: 'Card desk', kind: 'group', memberIds: [agentId] });
  expect(group.statusCode, group.body).toBe(201);
});
afterAll(() => t.close());

describe('POST /api/v1/queues', () => {
  it('creates a queue with its members, groups, case types, channels, strategy and overflow, audited', async () => {
    // given an overflow queue
    const overflow = await createQueueForTest(t, admin, 'overflow-desk');
    // when
    const res = await api(admin, 'POST', '/queues', {
      key: 'complaints-bj',
      name: 'Beijing complaints',
      description: 'Complaints of Beijing customers',
      departmentId: branch,
      memberIds: [otherAgentId],
      groupKeys: ['card-desk'],
      caseTypes: ['complaint'],
      channels: ['phone', '12378'],
      strategy: 'best-skill',
      mode: 'push',
      offerTimeoutSeconds: 60,
      overflowQueueId: overflow.id,
      overflowAfterSeconds: 1800,
      calendarKey: 'cn-mainland-days',
    });
    // then
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.location).toBe('/api/v1/queues/complaints-bj');
    expect(res.headers.etag).toBe('"1"');
    const queue = res.json();
    expect(queue).toMatchObject({
      key: 'complaints-bj',
      name: 'Beijing complaints',
      departmentId: branch,
      memberIds: [otherAgentId],
      groupKeys: ['card-desk'],
      caseTypes: ['complaint'],
      channels: ['phone', '12378'],
      strategy: 'best-skill',
      mode: 'push',
      offerTimeoutSeconds: 60,
      overflowQueueId: overflow.id,
      overflowAfterSeconds: 1800,
      calendarKey: 'cn-mainland-days',
      active: true,
      version: 1,
    });
    const [event] = await t.sql<{ target_type: string; target_id: string; data: { changed: string[]; version: number } }>(
      "SELECT target_type, target_id, data FROM audit.event WHERE action = 'routing.queue-saved' AND target_id = 'complaints-bj'",
    );
    expect(event).toMatchObject({ target_type: 'queue', target_id: 'complaints-bj', data: { version: 1, changed: expect.arrayContaining(['name', 'memberIds', 'overflowQueueId']) } });
  });

  it('takes the defaults for what is left out: least-loaded push, any case type and channel, no overflow', async () => {
    const res = await api(admin, 'POST', '/queues', { key: 'plain', name: 'Plain' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      strategy: 'least-loaded',
      mode: 'push',
      caseTypes: [],
      channels: [],
      memberIds: [],
      groupKeys: [],
      overflowQueueId: null,
      offerTimeoutSeconds: null,
      description: null,
    });
  });

  it('refuses a key that is taken with 409, changing nothing', async () => {
    await createQueueForTest(t, admin, 'taken');
    const before = await queueCount();
    const res = await api(admin, 'POST', '/queues', { key: 'taken', name: 'Again' });
    expect(expectProblem(res, 409, 'queue-exists')).toMatchObject({ key: 'taken' });
    expect(await queueCount()).toBe(before);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a member who does not exist', { memberIds: ['01900000-0000-7000-8000-000000000000'] }, 'memberIds'],
    ['a group that does not exist', { groupKeys: ['no-group'] }, 'groupKeys'],
    ['a department that does not exist', { departmentId: '01900000-0000-7000-8000-000000000001' }, 'departmentId'],
    ['a case type that does not exist', { caseTypes: ['complaint', 'no-type'] }, 'caseTypes'],
    ['an overflow queue that does not exist', { overflowQueueId: '01900000-0000-7000-8000-000000000002', overflowAfterSeconds: 60 }, 'overflowQueueId'],
    ['an overflow time without an overflow queue', { overflowAfterSeconds: 60 }, 'overflowAfterSeconds'],
    ['a calendar that does not exist', { calendarKey: 'no-calendar' }, 'calendarKey'],
    ['a key that is not lower-case', { key: 'Not A Key' }, 'key'],
    ['an unknown strategy', { strategy: 'random' }, 'strategy'],
  ])('refuses %s with 400 naming the field, and creates nothing', async (_name, fields, field) => {
    const before = await queueCount();
    const res = await api(admin, 'POST', '/queues', { key: 'invalid-queue', name: 'Invalid', ...fields });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors!.map((e) => e.field.replace(/^body\./, ''))).toEqual([field]);
    expect(await queueCount()).toBe(before);
  });

  it('refuses an agent and a supervisor with 403 (routing:admin), creating nothing', async () => {
    const before = await queueCount();
    expectProblem(await api(agent, 'POST', '/queues', { key: 'by-agent', name: 'By an agent' }), 403, 'forbidden');
    expectProblem(await api(supervisor, 'POST', '/queues', { key: 'by-supervisor', name: 'By a supervisor' }), 403, 'forbidden');
    expect(await queueCount()).toBe(before);
  });
});

describe('GET /api/v1/queues', () => {
  it('shows administrators and supervisors every queue, and an agent only the queues they are in, directly or through a group', async () => {
    // given a queue the agent is in directly, one through a group, one they are not in
    await createQueueForTest(t, admin, 'direct-q', { memberIds: [agentId] });
    await createQueueForTest(t, admin, 'group-q', { groupKeys: ['card-desk'] });
    await createQueueForTest(t, admin, 'foreign-q', { memberIds: [otherAgentId] });
    // then
    const keysOf = async (token: string) => (await api(token, 'GET', '/queues')).json().items.map((q: { key: string }) => q.key);
    expect(await keysOf(admin)).toEqual(expect.arrayContaining(['direct-q', 'group-q', 'foreign-q']));
    expect(await keysOf(supervisor)).toEqual(await keysOf(admin));
    const mine = await keysOf(agent);
    expect(mine).toEqual(expect.arrayContaining(['direct-q', 'group-q']));
    expect(mine).not.toContain('foreign-q');
  });

  it('reads one queue by id or by key; an agent gets 404 for a queue they are not in', async () => {
    const foreign = await createQueueForTest(t, admin, 'foreign-one', { memberIds: [otherAgentId] });
    const byKey = await api(supervisor, 'GET', '/queues/foreign-one');
    expect(byKey.statusCode).toBe(200);
    expect(byKey.headers.etag).toBe('"1"');
    expect((await api(supervisor, 'GET', `/queues/${foreign.id}`)).json()).toEqual(byKey.json());
    expectProblem(await api(agent, 'GET', '/queues/foreign-one'), 404, 'queue-not-found');
    expectProblem(await api(admin, 'GET', '/queues/no-such-queue'), 404, 'queue-not-found');
    const own = await createQueueForTest(t, admin, 'own-one', { memberIds: [agentId] });
    expect((await api(agent, 'GET', `/queues/${own.id}`)).statusCode).toBe(200);
  });
});

describe('PUT /api/v1/queues/{id}', () => {
  it('replaces the queue at the version sent in If-Match, its key fixed, audited with the fields that changed', async () => {
    // given
    const queue = await createQueueForTest(t, admin, 'to-change', { memberIds: [agentId], channels: ['phone'] });
    // when
    const res = await api(admin, 'PUT', `/queues/${queue.id}`, { name: 'Changed', memberIds: [otherAgentId], channels: ['phone'], mode: 'pull' }, { 'if-match': '"1"' });
    // then
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({ key: 'to-change', name: 'Changed', memberIds: [otherAgentId], channels: ['phone'], mode: 'pull', version: 2 });
    const [event] = await t.sql<{ data: { changed: string[]; version: number } }>(
      "SELECT data FROM audit.event WHERE action = 'routing.queue-saved' AND target_id = 'to-change' ORDER BY id DESC LIMIT 1",
    );
    expect(event!.data).toMatchObject({ version: 2, changed: ['name', 'memberIds', 'mode'] });
    // a key in the body is refused: keys are fixed
    expectProblem(await api(admin, 'PUT', '/queues/to-change', { key: 'renamed', name: 'Changed' }, { 'if-match': '"2"' }), 400, 'validation-failed');
  });

  it('answers 428 without If-Match and 412 with a stale version, changing nothing', async () => {
    const queue = await createQueueForTest(t, admin, 'guarded');
    expectProblem(await api(admin, 'PUT', '/queues/guarded', { name: 'No version' }), 428, 'precondition-required');
    expect(expectProblem(await api(admin, 'PUT', '/queues/guarded', { name: 'Stale' }, { 'if-match': '"7"' }), 412, 'queue-version-stale')).toMatchObject({ currentVersion: 1 });
    expect((await api(admin, 'GET', `/queues/${queue.id}`)).json()).toMatchObject({ name: 'guarded', version: 1 });
  });

  it('refuses an overflow to itself or one that leads back to it, naming overflowQueueId', async () => {
    const a = await createQueueForTest(t, admin, 'loop-a');
    const b = await createQueueForTest(t, admin, 'loop-b', { overflowQueueId: a.id, overflowAfterSeconds: 60 });
    const self = await api(admin, 'PUT', '/queues/loop-a', { name: 'A', overflowQueueId: a.id }, { 'if-match': '"1"' });
    expect(expectProblem(self, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['overflowQueueId']);
    const cycle = await api(admin, 'PUT', '/queues/loop-a', { name: 'A', overflowQueueId: b.id }, { 'if-match': '"1"' });
    expect(expectProblem(cycle, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['overflowQueueId']);
    expect((await api(admin, 'GET', '/queues/loop-a')).json()).toMatchObject({ overflowQueueId: null, version: 1 });
  });

  it('refuses an agent and a supervisor with 403 before looking at the version', async () => {
    await createQueueForTest(t, admin, 'not-theirs');
    expectProblem(await api(agent, 'PUT', '/queues/not-theirs', { name: 'Mine now' }, { 'if-match': '"1"' }), 403, 'forbidden');
    expectProblem(await api(supervisor, 'PUT', '/queues/not-theirs', { name: 'Mine now' }), 403, 'forbidden');
    expect((await api(admin, 'GET', '/queues/not-theirs')).json()).toMatchObject({ name: 'not-theirs', version: 1 });
  });

  it('answers 404 for a queue that does not exist', async () => {
    expectProblem(await api(admin, 'PUT', '/queues/no-such-queue', { name: 'X' }, { 'if-match': '"1"' }), 404, 'queue-not-found');
  });
});
