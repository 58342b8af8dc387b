import type { ChildProcess } from 'node:child_process';
import { startDocketProcess } from '../../helpers/docket-process.ts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { systemClock } from '../../../src/platform/clock/index.ts';
import { openDatabase, type Database } from '../../../src/platform/db/database.ts';
import { createJobHandlers, createJobRunner, PROBE_JOB_KIND, registerProbeJob, scheduleJob } from '../../../src/platform/jobs/index.ts';
import { createCommandRunner } from '../../../src/platform/commands/index.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { openKeyRing } from '../../../src/main.ts';
import { systemActor } from '../../helpers/job-runner.ts';
import { withDatabase } from '../../helpers/global-setup.ts';

// SIGTERM to a real `docket` process (node --import tsx packages/server/src/main.ts) while its
// job runner has a batch in hand: the batch finishes, the process exits 0, and a second process
// runs the rest; every job runs exactly once overall. Runs are heard on the probe job's NOTIFY
// channel, which only a committed run reaches.
const BATCH_SIZE = 20; // the job runner's default
const serverUrl = inject('pgServerUrl');
const dbName = `docket_t_stop_${process.pid}_${randomBytes(4).toString('hex')}`;
const databaseUrl = withDatabase(serverUrl, dbName);
const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-stop-'));

let admin: pg.Client;
let listener: pg.Client;
let database: Database;
const runs: { key: string; pid: number }[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${inject('templateDatabase')}`);
  database = openDatabase(databaseUrl, 2);
  listener = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  listener.on('notification', (n) => runs.push(JSON.parse(n.payload!) as { key: string; pid: number }));
  await listener.query('LISTEN docket_job_probe');
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await listener?.end().catch(() => undefined);
  await database?.close();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startDocket(extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string; base: string }> {
  const docket = await startDocketProcess({
    DATABASE_URL: databaseUrl,
    DOCKET_DATA_DIR: dataDir,
    DOCKET_ADMIN_PASSWORD: 'graceful-stop-admin-password',
    DOCKET_AUDIT_WITNESS_FILE: 'off',
    ...extraEnv,
  });
  children.push(docket.child);
  return { child: docket.child, output: docket.output, base: docket.origin };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function scheduleProbes(prefix: string, count: number, workMs: number) {
  const dueAt = new Date(Date.now() - 1_000);
  await database.db.transaction().execute(async (tx) => {
    for (let i = 0; i < count; i++) await scheduleJob(tx, { kind: PROBE_JOB_KIND, key: `${prefix}-${i}`, dueAt, payload: { workMs } });
  });
}

const jobStates = async (prefix: string) =>
  (
    await database.pool.query<{ state: string; attempts: number; n: number }>('SELECT state, attempts, count(*)::int AS n FROM platform.job WHERE key LIKE $1 GROUP BY 1, 2 ORDER BY 1, 2', [
      `${prefix}-%`,
    ])
  ).rows;

describe('graceful stop of a docket process', () => {
  it('finishes the job batch in hand on SIGTERM and exits 0; a second process runs the rest, each job exactly once', { timeout: 240_000 }, async () => {
    // given 60 due jobs of 150 ms each: three batches of 20, 3 s per batch
    await scheduleProbes('term', 60, 150);
    const first = await startDocket();
    const ofTerm = () => runs.filter((r) => r.key.startsWith('term-'));
    // when the first batch has committed and the second is in hand
    await until(() => ofTerm().length >= BATCH_SIZE, 60_000, 'the first batch');
    await new Promise((r) => setTimeout(r, 500));
    const heardAtSignal = ofTerm().length;
    expect(heardAtSignal).toBe(BATCH_SIZE);
    first.child.kill('SIGTERM');
    const exit = await exited(first.child);
    // then the process finished that batch, took no other, and exited cleanly
    expect(exit, first.output()).toEqual({ code: 0, signal: null });
    await new Promise((r) => setTimeout(r, 200)); // the last notifications are in flight
    expect(ofTerm().length).toBe(2 * BATCH_SIZE);
    expect(await jobStates('term')).toEqual([
      { state: 'done', attempts: 1, n: 2 * BATCH_SIZE },
      { state: 'pending', attempts: 0, n: 60 - 2 * BATCH_SIZE },
    ]);
    // and it left no lock behind: neither the sequencer's advisory lock nor a job row's
    const { rows: left } = await database.pool.query(
      "SELECT count(*)::int AS n FROM pg_locks l WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND (l.locktype = 'advisory' OR l.relation = 'platform.job'::regclass)",
    );
    expect(left[0].n).toBe(0);

    // when a second process starts
    const second = await startDocket();
    await until(() => ofTerm().length >= 60, 60_000, 'the remaining jobs');
    second.child.kill('SIGTERM');
    expect(await exited(second.child), second.output()).toEqual({ code: 0, signal: null });
    // then every job ran exactly once overall, the first 40 in the first process
    const byKey = new Map<string, number>();
    for (const run of ofTerm()) byKey.set(run.key, (byKey.get(run.key) ?? 0) + 1);
    expect(byKey.size).toBe(60);
    expect([...byKey.values()].every((n) => n === 1)).toBe(true);
    expect(
      new Set(
        ofTerm()
          .slice(0, 40)
          .map((r) => r.pid),
      ),
    ).toEqual(new Set([first.child.pid]));
    expect(
      new Set(
        ofTerm()
          .slice(40)
          .map((r) => r.pid),
      ),
    ).toEqual(new Set([second.child.pid]));
    expect(await jobStates('term')).toEqual([{ state: 'done', attempts: 1, n: 60 }]);
  });

  it('exits at once on a second SIGTERM; the batch in hand rolls back and runs elsewhere, once', { timeout: 180_000 }, async () => {
    // given two jobs of 5 s each, in one batch
    await scheduleProbes('forced', 2, 5_000);
    const { child, output } = await startDocket();
    await until(
      async () => (await database.pool.query("SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'job' AND l.mode = 'RowShareLock'")).rows[0].n > 0,
      60_000,
      'the batch to be claimed',
    );
    // when it is told twice to stop
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    const exit = await exited(child);
    // then it exited without finishing the 5 s batch, saying why
    expect(Date.now() - signalledAt).toBeLessThan(4_000);
    expect(exit.code, output()).toBe(1);
    expect(output()).toContain('second SIGTERM');
    // and nothing of the batch committed: both jobs are pending, not even counted as attempted
    expect(runs.filter((r) => r.key.startsWith('forced-'))).toEqual([]);
    await until(async () => (await jobStates('forced')).some((s) => s.state === 'pending' && s.n === 2), 10_000, 'the rollback');
    expect(await jobStates('forced')).toEqual([{ state: 'pending', attempts: 0, n: 2 }]);
    // when another runner looks, the jobs are free at once (the dead process's locks went with its connection)
    const handlers = createJobHandlers();
    registerProbeJob(handlers);
    // (the key ring under the master key the processes generated in the data directory)
    const commands = createCommandRunner(database, systemClock, await openKeyRing(database, { ...loadConfig({}), dataDir }));
    await createJobRunner({ database, clock: systemClock, handlers, commands, systemActor, runDueTimeoutMs: 5_000 }).runDue(new Date());
    await new Promise((r) => setTimeout(r, 200));
    // then each ran exactly once
    expect(
      runs
        .filter((r) => r.key.startsWith('forced-'))
        .map((r) => r.key)
        .sort(),
    ).toEqual(['forced-0', 'forced-1']);
    expect(await jobStates('forced')).toEqual([{ state: 'done', attempts: 1, n: 2 }]);
  });

  it('answers the request in flight before it stops: a test clock move whose due job is still running', { timeout: 180_000 }, async () => {
    // given a process on the test clock and a 2 s job due an hour after it started
    await database.db.transaction().execute((tx) => scheduleJob(tx, { kind: PROBE_JOB_KIND, key: 'clock-0', dueAt: new Date(Date.now() + 3_600_000), payload: { workMs: 2_000 } }));
    const { child, output, base } = await startDocket({ DOCKET_TEST_CLOCK: 'true' });
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'graceful-stop-admin-password' }),
    });
    const { token } = (await login.json()) as { token: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const started = ((await (await fetch(`${base}/api/v1/test-clock`, { headers })).json()) as { now: string }).now;
    // when the clock is moved an hour and a SIGTERM arrives while the move waits for the job
    const moving = fetch(`${base}/api/v1/test-clock`, { method: 'POST', headers, body: JSON.stringify({ advance: 'PT1H' }) });
    await until(
      async () => (await database.pool.query("SELECT count(*)::int AS n FROM pg_locks l WHERE l.relation = 'platform.job'::regclass AND l.mode = 'RowShareLock'")).rows[0].n > 0,
      30_000,
      'the job to be claimed',
    );
    child.kill('SIGTERM');
    const res = await moving;
    // then the move was answered after the job ran, and the process exited cleanly afterwards
    expect(res.status).toBe(200);
    expect(((await res.json()) as { now: string }).now).toBe(new Date(Date.parse(started) + 3_600_000).toISOString());
    // The run's NOTIFY reaches the listener on its own connection, which may be behind the HTTP answer.
    await until(() => runs.some((r) => r.key === 'clock-0'), 10_000, 'the notification of the run');
    expect(runs.filter((r) => r.key === 'clock-0')).toEqual([{ kind: PROBE_JOB_KIND, key: 'clock-0', pid: child.pid }]);
    expect(await exited(child), output()).toEqual({ code: 0, signal: null });
  });
});
