import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../src/platform/clock/index.ts';
import { cancelJob, createJobHandlers, rescheduleJob, scheduleJob, type JobHandlers } from '../../../src/platform/jobs/index.ts';
import { createWorkerRegistry } from '../../../src/platform/workers/index.ts';
import { testJobRunner } from '../../helpers/job-runner.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

const T0 = new Date('2026-05-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const schedule = (job: Parameters<typeof scheduleJob>[1]) => t.database.db.transaction().execute((tx) => scheduleJob(tx, job));
const jobRow = async (kind: string, key: string) =>
  (
    await t.sql<{ state: string; attempts: number; due_at: Date; last_error: string | null }>('SELECT state, attempts, due_at, last_error FROM platform.job WHERE kind = $1 AND key = $2', [kind, key])
  )[0];

describe('scheduled jobs', () => {
  it('schedules a (kind, key) once: the second schedule does nothing, also after the job ran', async () => {
    // given
    const runs: string[] = [];
    const handlers = createJobHandlers();
    handlers.register({ kind: 'test.once', actor: 'system:process', handle: async (_ctx, job) => void runs.push(job.key) });
    const runner = testJobRunner(t, { clock: new FixedClock(T0), handlers });
    // when
    expect(await schedule({ kind: 'test.once', key: 'k', dueAt: T0 })).toEqual({ scheduled: true });
    expect(await schedule({ kind: 'test.once', key: 'k', dueAt: T0, payload: { other: true } })).toEqual({ scheduled: false });
    await runner.runDue(T0);
    expect(await schedule({ kind: 'test.once', key: 'k', dueAt: T0 })).toEqual({ scheduled: false });
    await runner.runDue(at(1_000));
    // then
    expect(runs).toEqual(['k']);
  });

  it('exists only if the scheduling transaction commits', async () => {
    await expect(
      t.database.db.transaction().execute(async (tx) => {
        await scheduleJob(tx, { kind: 'test.rolled-back', key: 'k', dueAt: T0 });
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    expect(await jobRow('test.rolled-back', 'k')).toBeUndefined();
  });

  it('commits a handler’s writes with the job, and rolls back only the failed job’s writes', async () => {
    // given a batch where the second job fails after writing
    await t.sql('CREATE TABLE IF NOT EXISTS public.job_effect (key text)');
    const handlers = createJobHandlers();
    handlers.register({
      kind: 'test.effect',
      actor: 'system:process',
      async handle({ tx }, job) {
        await sql`INSERT INTO public.job_effect (key) VALUES (${job.key})`.execute(tx);
        if (job.key === 'b') throw new Error('b cannot be done yet');
      },
    });
    for (const key of ['a', 'b', 'c']) await schedule({ kind: 'test.effect', key, dueAt: T0 });
    // when
    await testJobRunner(t, { clock: new FixedClock(T0), handlers }).runDue(T0);
    // then
    expect((await t.sql<{ key: string }>('SELECT key FROM public.job_effect ORDER BY key')).map((r) => r.key)).toEqual(['a', 'c']);
    expect(await jobRow('test.effect', 'b')).toMatchObject({ state: 'pending', attempts: 1, last_error: 'b cannot be done yet' });
  });

  it('retries a failing job with doubling back-off and marks it failed after its attempts', async () => {
    // given a job that always fails, three attempts at most
    let calls = 0;
    const handlers = createJobHandlers();
    handlers.register({
      kind: 'test.flaky',
      actor: 'system:process',
      async handle() {
        calls++;
        throw new Error('the connector is down');
      },
    });
    const runner = testJobRunner(t, { clock: new FixedClock(T0), handlers });
    await schedule({ kind: 'test.flaky', key: 'k', dueAt: T0, maxAttempts: 3 });
    // when it fails at T0, it is due again 1 s later, then 2 s after that
    await runner.runDue(T0);
    expect(await jobRow('test.flaky', 'k')).toMatchObject({ state: 'pending', attempts: 1, due_at: at(1_000) });
    await runner.runDue(at(999));
    expect(calls).toBe(1);
    await runner.runDue(at(1_000));
    expect(await jobRow('test.flaky', 'k')).toMatchObject({ state: 'pending', attempts: 2, due_at: at(3_000) });
    await runner.runDue(at(3_000));
    // then after the third attempt it is failed for good
    expect(calls).toBe(3);
    expect(await jobRow('test.flaky', 'k')).toMatchObject({ state: 'failed', attempts: 3, last_error: 'the connector is down' });
    await runner.runDue(at(3_600_000));
    expect(calls).toBe(3);
  });

  it('moves and cancels a pending job', async () => {
    const runs: string[] = [];
    const handlers = createJobHandlers();
    handlers.register({ kind: 'test.deadline', actor: 'system:process', handle: async (_ctx, job) => void runs.push(job.key) });
    const runner = testJobRunner(t, { clock: new FixedClock(T0), handlers });
    await schedule({ kind: 'test.deadline', key: 'moved', dueAt: at(1_000) });
    await schedule({ kind: 'test.deadline', key: 'cancelled', dueAt: at(1_000) });
    await t.database.db.transaction().execute(async (tx) => {
      expect(await rescheduleJob(tx, { kind: 'test.deadline', key: 'moved', dueAt: at(5_000) })).toBe(true);
      expect(await cancelJob(tx, { kind: 'test.deadline', key: 'cancelled', now: T0 })).toBe(true);
    });
    await runner.runDue(at(4_999));
    expect(runs).toEqual([]);
    await runner.runDue(at(5_000));
    expect(runs).toEqual(['moved']);
    expect(await jobRow('test.deadline', 'cancelled')).toMatchObject({ state: 'cancelled' });
  });

  it('leaves kinds it has no handler for to other processes', async () => {
    await schedule({ kind: 'test.newer-release', key: 'k', dueAt: T0 });
    const handlers = createJobHandlers();
    handlers.register({ kind: 'test.older', actor: 'system:process', handle: async () => undefined });
    await testJobRunner(t, { clock: new FixedClock(T0), handlers }).runDue(at(1_000));
    expect(await jobRow('test.newer-release', 'k')).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('shares due jobs between runners (N processes): each job runs once', async () => {
    // given 200 due jobs and four runners polling at once, each on its own connections
    const runs = new Map<string, number>();
    const handlersOf = (runner: string): JobHandlers => {
      const handlers = createJobHandlers();
      handlers.register({
        kind: 'test.shared',
        actor: 'system:process',
        async handle(_ctx, job) {
          await new Promise((r) => setTimeout(r, 2));
          runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
          byRunner.set(runner, (byRunner.get(runner) ?? 0) + 1);
        },
      });
      return handlers;
    };
    const byRunner = new Map<string, number>();
    await t.database.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 200; i++) await scheduleJob(tx, { kind: 'test.shared', key: `k${i}`, dueAt: T0 });
    });
    const runners = ['r1', 'r2', 'r3', 'r4'].map((name) => testJobRunner(t, { clock: new FixedClock(T0), handlers: handlersOf(name), batchSize: 10 }));
    // when
    await Promise.all(runners.map((r) => r.runDue(T0)));
    // then
    expect(runs.size).toBe(200);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(byRunner.size).toBeGreaterThan(1);
    expect((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM platform.job WHERE kind = 'test.shared' AND state = 'done'"))[0]!.n).toBe(200);
  });

  it('finishes the batch in hand when stopped, and takes no other', async () => {
    // given a runner working through 30 due jobs in batches of 10
    let ran = 0;
    let release!: () => void;
    const firstJobStarted = new Promise<void>((r) => (release = r));
    const handlers = createJobHandlers();
    handlers.register({
      kind: 'test.stop',
      actor: 'system:process',
      async handle() {
        release();
        await new Promise((r) => setTimeout(r, 20));
        ran++;
      },
    });
    await t.database.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 30; i++) await scheduleJob(tx, { kind: 'test.stop', key: `k${i}`, dueAt: T0 });
    });
    const registry = createWorkerRegistry();
    registry.register(testJobRunner(t, { clock: new FixedClock(T0), handlers, batchSize: 10, pollIntervalMs: 10 }));
    await registry.startAll();
    // when it is stopped in the middle of its first batch
    await firstJobStarted;
    await registry.stopAll();
    // then that batch finished and committed, and the rest waits for the next runner
    expect(ran).toBe(10);
    expect(await t.sql("SELECT state, count(*)::int AS n FROM platform.job WHERE kind = 'test.stop' GROUP BY 1 ORDER BY 1")).toEqual([
      { state: 'done', n: 10 },
      { state: 'pending', n: 20 },
    ]);
  });
});

describe('/readyz with workers', () => {
  it('answers ready with each worker’s health', async () => {
    const workers = createWorkerRegistry();
    workers.register({ name: 'job-runner', start: async () => undefined, stop: async () => undefined, health: () => ({ ok: true }) });
    await workers.startAll();
    const app = await createTestApp({ workers });
    try {
      const res = await app.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ready', workers: [{ name: 'job-runner', ok: true }] });
    } finally {
      await app.close();
    }
  });

  it('answers 503 naming the unhealthy worker and why', async () => {
    // given one healthy worker and one whose last pass failed
    const workers = createWorkerRegistry();
    workers.register({ name: 'audit-sequencer', start: async () => undefined, stop: async () => undefined, health: () => ({ ok: true, detail: 'leader' }) });
    workers.register({ name: 'outbox-dispatcher', start: async () => undefined, stop: async () => undefined, health: () => ({ ok: false, detail: 'the last batch failed: connection refused' }) });
    await workers.startAll();
    const app = await createTestApp({ workers });
    try {
      // when
      const res = await app.app.inject({ method: 'GET', url: '/readyz' });
      // then
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = res.json();
      expect(body).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
      expect(body.detail).toContain('outbox-dispatcher (the last batch failed: connection refused)');
      expect(body.detail).not.toContain('audit-sequencer');
      expect(body.workers).toContainEqual({ name: 'outbox-dispatcher', ok: false, detail: 'the last batch failed: connection refused' });
    } finally {
      await app.close();
    }
  });

  it('answers 503 for a registered worker that is not running', async () => {
    const workers = createWorkerRegistry();
    workers.register({ name: 'job-runner', start: async () => undefined, stop: async () => undefined, health: () => ({ ok: true }) });
    const app = await createTestApp({ workers });
    try {
      const res = await app.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json().detail).toContain('job-runner (not running)');
    } finally {
      await app.close();
    }
  });
});
