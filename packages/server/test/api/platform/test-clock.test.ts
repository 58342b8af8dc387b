import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';
import { TestClock } from '../../../src/platform/clock/index.ts';
import { createJobHandlers, scheduleJob } from '../../../src/platform/jobs/index.ts';
import { createWorkerRegistry, type WorkerRegistry } from '../../../src/platform/workers/index.ts';
import { testJobRunner } from '../../helpers/job-runner.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

const START = new Date('2026-05-01T00:00:00Z');

describe('the test clock (DOCKET_TEST_CLOCK=true)', () => {
  let t: TestApp;
  let clock: TestClock;
  let workers: WorkerRegistry;
  let admin: string;
  const ran: { key: string; now: string }[] = [];

  beforeAll(async () => {
    clock = new TestClock(START);
    const handlers = createJobHandlers();
    handlers.register({
      kind: 'test.reminder',
      actor: 'system:sla',
      async handle({ now }, job) {
        // Slow enough that an answer not waiting for it would come first.
        await new Promise((r) => setTimeout(r, 50));
        ran.push({ key: job.key, now: now.toISOString() });
      },
    });
    workers = createWorkerRegistry();
    t = await createTestApp({ clock, workers, config: { testClock: true } });
    workers.register(testJobRunner(t, { clock, handlers, pollIntervalMs: 50 }));
    await workers.startAll();
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await workers.stopAll();
    await t.close();
  });

  const move = (body: unknown, token = admin) => t.app.inject({ method: 'POST', url: '/api/v1/test-clock', headers: bearer(token), payload: body as object });
  const read = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/test-clock', headers: bearer(admin) })).json().now as string;

  it('stands still until moved', async () => {
    expect(await read()).toBe(START.toISOString());
    await new Promise((r) => setTimeout(r, 20));
    expect(await read()).toBe(START.toISOString());
  });

  it('runs a job due in 2 h only once the clock reaches it, before answering', async () => {
    // given a job scheduled through the jobs API, due in two hours
    const dueAt = new Date(clock.now().getTime() + 2 * 3_600_000);
    await t.database.db.transaction().execute((tx) => scheduleJob(tx, { kind: 'test.reminder', key: 'case-1:first-response', dueAt, payload: { caseId: 'case-1' } }));
    // when the clock advances one hour
    const first = await move({ advance: 'PT1H' });
    // then it is not due yet, also after the background runner had time to look
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ now: '2026-05-01T01:00:00.000Z' });
    await new Promise((r) => setTimeout(r, 150));
    expect(ran).toEqual([]);
    // when it advances another hour
    const second = await move({ advance: 'PT1H' });
    // then the job ran before the answer came, at the new time
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ now: dueAt.toISOString() });
    expect(ran).toEqual([{ key: 'case-1:first-response', now: dueAt.toISOString() }]);
    const [row] = await t.sql<{ state: string; attempts: number }>("SELECT state, attempts FROM platform.job WHERE key = 'case-1:first-response'");
    expect(row).toEqual({ state: 'done', attempts: 1 });
  });

  it('sets an instant with an offset and runs what fell due on the way', async () => {
    // given two jobs due before the target, one after
    const at = (iso: string) => new Date(iso);
    await t.database.db.transaction().execute(async (tx) => {
      await scheduleJob(tx, { kind: 'test.reminder', key: 'set:a', dueAt: at('2026-05-01T03:00:00Z') });
      await scheduleJob(tx, { kind: 'test.reminder', key: 'set:b', dueAt: at('2026-05-01T04:00:00Z') });
      await scheduleJob(tx, { kind: 'test.reminder', key: 'set:c', dueAt: at('2026-05-01T04:00:01Z') });
    });
    // when
    const res = await move({ set: '2026-05-01T12:00:00+08:00' });
    // then
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ now: '2026-05-01T04:00:00.000Z' });
    const [audited] = await t.sql<{ actor_name: string; data: { from: string; to: string } }>(
      "SELECT actor_name, data FROM audit.event WHERE action = 'test-clock.moved' ORDER BY occurred_at DESC LIMIT 1",
    );
    expect(audited).toMatchObject({ actor_name: 'admin', data: { to: '2026-05-01T04:00:00.000Z' } });
    expect(
      ran
        .filter((r) => r.key.startsWith('set:'))
        .map((r) => r.key)
        .sort(),
    ).toEqual(['set:a', 'set:b']);
  });

  it('refuses to move backwards with 409 and stays where it is', async () => {
    const before = await read();
    const res = await move({ set: '2026-05-01T09:00:00+08:00' });
    const problem = expectProblem(res, 409, 'test-clock-backwards');
    expect(problem.now).toBe(before);
    expectProblem(await move({ advance: '-PT1H' }), 409, 'test-clock-backwards');
    expect(await read()).toBe(before);
  });

  it.each([
    [{ advance: 'P1M' }, 'advance', 'no fixed length'],
    [{ advance: 'two hours' }, 'advance', 'not an ISO 8601 duration'],
    [{ set: '2026-05-02T09:00:00' }, 'set', 'no offset'],
    [{ set: 'tomorrow' }, 'set', 'RFC 3339'],
    [{ advance: 'PT1H', set: '2026-05-02T09:00:00Z' }, 'advance', 'not both'],
    [{}, 'set', 'not neither'],
    [{ advance: 7200 }, 'advance', ''],
    [{ advance: 'PT1H', by: 'me' }, 'by', ''],
  ])('refuses %j with 400 naming %s, and does not move', async (body, field, reason) => {
    const before = await read();
    const problem = expectProblem(await move(body), 400, 'validation-failed');
    expect(problem.errors).toContainEqual(expect.objectContaining({ field, reason: expect.stringContaining(reason) }));
    expect(await read()).toBe(before);
  });

  it('refuses a non-administrator with 403 and does not move', async () => {
    // given
    await t.createUser('agent.clock', ['agent']);
    const agent = await t.login('agent.clock');
    const before = await read();
    // when
    const res = await move({ advance: 'PT1H' }, agent);
    // then
    expectProblem(res, 403, 'forbidden');
    expect(await read()).toBe(before);
    // reading it is fine
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/test-clock', headers: bearer(agent) })).json()).toEqual({ now: before });
  });

  it('is described in the API document when enabled', async () => {
    const openapi = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(openapi.paths['/api/v1/test-clock'].get.operationId).toBe('getTestClock');
    expect(openapi.paths['/api/v1/test-clock'].post.operationId).toBe('moveTestClock');
  });

  it('refuses without sign-in with 401', async () => {
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/test-clock', payload: { advance: 'PT1H' } }), 401, 'unauthenticated');
  });

  it('is what commands read: a session signed in now expires by the test clock', async () => {
    // Sessions last 8 h by default: moving past that signs everyone out.
    const res = await move({ advance: 'PT9H' });
    expect(res.statusCode).toBe(200);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/test-clock', headers: bearer(admin) }), 401, 'unauthenticated');
    admin = await t.login('admin');
    expect(await read()).toBe(res.json().now);
  });
});

describe('the test clock when DOCKET_TEST_CLOCK is off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('does not exist: 404 for an administrator, and nothing in the API description', async () => {
    const admin = await t.login('admin');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/test-clock', headers: bearer(admin), payload: { advance: 'PT1H' } }), 404, 'route-not-found');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/test-clock', headers: bearer(admin) }), 404, 'route-not-found');
    const openapi = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(openapi.paths)).not.toContain('/api/v1/test-clock');
  });
});

describe('DOCKET_TEST_CLOCK in the configuration', () => {
  it('is off unless set', () => {
    expect(loadConfig({}).testClock).toBe(false);
    expect(loadConfig({ DOCKET_TEST_CLOCK: 'true' }).testClock).toBe(true);
  });

  it('refuses to start with demo data on an address others can reach, naming both settings', () => {
    let error: unknown;
    try {
      loadConfig({ DOCKET_TEST_CLOCK: 'true', DOCKET_SEED_DEMO: 'true', HOST: '0.0.0.0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('DOCKET_TEST_CLOCK');
    expect((error as ConfigError).message).toContain('DOCKET_SEED_DEMO');
  });

  it('allows it with demo data on loopback, or on a reachable address without demo data', () => {
    expect(loadConfig({ DOCKET_TEST_CLOCK: 'true', DOCKET_SEED_DEMO: 'true', HOST: '127.0.0.1' }).testClock).toBe(true);
    expect(loadConfig({ DOCKET_TEST_CLOCK: 'true', HOST: '0.0.0.0' }).testClock).toBe(true);
    expect(loadConfig({ DOCKET_TEST_CLOCK: 'true', DOCKET_SEED_DEMO: 'false', HOST: '0.0.0.0' }).testClock).toBe(true);
  });

  it('refuses a value that is not a boolean', () => {
    expect(() => loadConfig({ DOCKET_TEST_CLOCK: 'yes' })).toThrow(/DOCKET_TEST_CLOCK/);
  });
});
