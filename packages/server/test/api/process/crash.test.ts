import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDocketProcess } from '../../helpers/docket-process.ts';
import { dropDatabaseWhenIdle, withDatabase } from '../../helpers/global-setup.ts';

// kill -9 a real docket process (DOCKET_TEST_CLOCK=true) while clients complete user tasks and the
// test clock makes timers fall due, start it again on the same database, finish every instance,
// and check from outside that nothing was lost or done twice: every acknowledged completion
// stands, every element was entered as often as in an instance that never saw a crash, every
// instance completed, every timer job ran once.
const INSTANCES = 200;
const CLIENTS = 12;
// Killed once this many completions are acknowledged (a count, not a time: a loaded machine
// makes fixed times meaningless), with the clients' next requests and a clock move in flight.
const ACKNOWLEDGED_BEFORE_KILL = 120;
const ADMIN_PASSWORD = 'process-crash-admin-password';
const serverUrl = inject('pgServerUrl');
const dbName = `docket_t_pcrash_${process.pid}_${randomBytes(4).toString('hex')}`;
const databaseUrl = withDatabase(serverUrl, dbName);
const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-pcrash-'));

// A branch that waits for a user, then an hour, then a user again, beside a branch with one user
// task; a parallel join waits for both.
const PROCESS_KEY = 'crash-burst';
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="crash-definitions" targetNamespace="http://docket.test/crash">
  <process id="${PROCESS_KEY}" name="Crash burst" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f-start-fork" sourceRef="start" targetRef="fork" />
    <parallelGateway id="fork" />
    <sequenceFlow id="f-fork-review" sourceRef="fork" targetRef="review" />
    <sequenceFlow id="f-fork-check" sourceRef="fork" targetRef="check" />
    <userTask id="review" name="Review" />
    <sequenceFlow id="f-review-wait" sourceRef="review" targetRef="wait" />
    <intermediateCatchEvent id="wait" name="One hour">
      <timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition>
    </intermediateCatchEvent>
    <sequenceFlow id="f-wait-approve" sourceRef="wait" targetRef="approve" />
    <userTask id="approve" name="Approve" />
    <sequenceFlow id="f-approve-join" sourceRef="approve" targetRef="join" />
    <userTask id="check" name="Check" />
    <sequenceFlow id="f-check-join" sourceRef="check" targetRef="join" />
    <parallelGateway id="join" />
    <sequenceFlow id="f-join-end" sourceRef="join" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;
const ONCE_EACH = ['start', 'fork', 'review', 'wait', 'approve', 'check', 'end'];

let admin: pg.Client;
const children: ChildProcess[] = [];

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${inject('templateDatabase')}`);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await dropDatabaseWhenIdle(admin, dbName);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

interface Docket {
  child: ChildProcess;
  call<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: T }>;
}

async function startDocket(): Promise<Docket> {
  const docket = await startDocketProcess(
    {
      DATABASE_URL: databaseUrl,
      DOCKET_DATA_DIR: dataDir,
      DOCKET_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DOCKET_TEST_CLOCK: 'true',
      DOCKET_AUDIT_WITNESS_FILE: 'off',
      DOCKET_LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      // The clock moves days ahead in this test; a session of the default 8 hours would expire under it.
      DOCKET_SESSION_TTL_MINUTES: String(7 * 24 * 60),
    },
    60_000,
  );
  children.push(docket.child);
  const base = `${docket.origin}/api/v1`;
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  return {
    child: docket.child,
    async call<T>(method: string, urlPath: string, body?: unknown) {
      const res = await fetch(`${base}${urlPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
  };
}

/** A list answer, whether the route sends a bare array or wraps it (`{ items }`, `{ history }` …). */
function listOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  const list = Object.values((body ?? {}) as Record<string, unknown>).find(Array.isArray);
  if (!list) throw new Error(`not a list: ${JSON.stringify(body)}`);
  return list as T[];
}

interface TaskView {
  id: string;
  elementId: string;
  processInstanceId: string;
}
interface HistoryEntry {
  elementId: string;
  endedAt?: string | null;
  outcome?: string | null;
}

/** Every item of a paged list (`{ items, nextCursor }`), 200 at a time. */
async function allPages<T>(docket: Docket, urlPath: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: T[]; nextCursor: string | null } } = await docket.call('GET', `${urlPath}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** Every open task of the crash-burst instances (admin holds process:admin and sees every task). */
async function openTasks(docket: Docket): Promise<TaskView[]> {
  return allPages<TaskView>(docket, '/tasks?state=open');
}

async function history(docket: Docket, instanceId: string): Promise<HistoryEntry[]> {
  const res = await docket.call(`GET`, `/process-instances/${instanceId}/history`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return listOf<HistoryEntry>(res.body);
}

/** The latest time the test clock was moved to (a restart starts it again at the real time). */
let clockAt = 0;
async function moveClock(docket: Docket, body: { advance: string } | { set: string }): Promise<number> {
  const res = await docket.call<{ now: string }>('POST', '/test-clock', body);
  if (res.status === 200) clockAt = Math.max(clockAt, Date.parse(res.body.now));
  return res.status;
}

const entered = (entries: HistoryEntry[]) => {
  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.elementId] = (counts[e.elementId] ?? 0) + 1;
  return counts;
};

/** Runs `fn` over `items`, `width` at a time. */
async function eachLimited<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** Completes every open task and moves the clock 12 hours (past every timer set before), until no instance is active. */
async function finishAll(docket: Docket): Promise<void> {
  for (let round = 0; round < 6; round++) {
    const active = await allPages<{ id: string }>(docket, `/process-instances?processKey=${PROCESS_KEY}&state=active`);
    if (active.length === 0) return;
    await eachLimited(await openTasks(docket), 8, async (task) => {
      const res = await docket.call('POST', `/tasks/${task.id}/complete`, { variables: { [`${task.elementId}Done`]: true } });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    });
    expect(await moveClock(docket, { advance: 'PT12H' })).toBe(200);
  }
}

describe('process engine: kill -9 during a burst of task completions and timer firings', () => {
  it('loses no token, doubles no element, and runs every timer job once after a restart on the same database', { timeout: 180_000 }, async () => {
    let docket = await startDocket();
    const deployed = await docket.call<{ processes: { key: string }[] }>('POST', '/processes', { xml: BPMN });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);

    // given an instance run to its end with no crash: what every instance's history should look like
    const control = await docket.call<{ id: string }>('POST', '/process-instances', { processKey: PROCESS_KEY, variables: {} });
    expect(control.status, JSON.stringify(control.body)).toBe(201);
    await finishAll(docket);
    const expected = entered(await history(docket, control.body.id));
    for (const elementId of ONCE_EACH) expect(expected[elementId], `${elementId} in the control instance`).toBe(1);

    // and 200 instances, each waiting at review and check
    const instanceIds: string[] = [];
    await eachLimited(
      Array.from({ length: INSTANCES }, (_, i) => i),
      8,
      async (i) => {
        const res = await docket.call<{ id: string }>('POST', '/process-instances', { processKey: PROCESS_KEY, variables: { n: i } });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        instanceIds.push(res.body.id);
      },
    );
    const burst = await openTasks(docket);
    expect(burst.length).toBe(2 * INSTANCES);
    for (let i = burst.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [burst[i], burst[j]] = [burst[j]!, burst[i]!];
    }

    // when 12 clients complete tasks while the clock moves 30 minutes at a time (each move
    // answers once the timers it made due have run), and the process is killed mid-burst
    const acknowledged: TaskView[] = [];
    let clockMoves = 0;
    let stop = false;
    let next = 0;
    const client = async () => {
      while (!stop && next < burst.length) {
        const task = burst[next++]!;
        try {
          const res = await docket.call('POST', `/tasks/${task.id}/complete`, { variables: { [`${task.elementId}Done`]: true } });
          if (res.status >= 200 && res.status < 300) acknowledged.push(task);
        } catch {
          return; // the connection died with the process: not acknowledged
        }
      }
    };
    const clockMover = async () => {
      while (!stop) {
        try {
          if ((await moveClock(docket, { advance: 'PT30M' })) === 200) clockMoves++;
        } catch {
          return;
        }
      }
    };
    const running = [...Array.from({ length: CLIENTS }, client), clockMover()];
    const deadline = Date.now() + 60_000;
    while ((acknowledged.length < ACKNOWLEDGED_BEFORE_KILL || clockMoves < 4) && next < burst.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    docket.child.kill('SIGKILL');
    stop = true;
    await Promise.all(running);
    await exited(docket.child);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);
    expect(acknowledged.length).toBeLessThan(burst.length); // killed mid-burst, not after

    // and started again on the same database
    docket = await startDocket();

    // then every acknowledged completion stands: the task is completed, and cannot be completed again
    const completedIds = new Set((await allPages<TaskView>(docket, '/tasks?state=completed')).map((t) => t.id));
    expect(acknowledged.filter((t) => !completedIds.has(t.id))).toEqual([]);
    for (const task of acknowledged.slice(0, 20)) {
      const again = await docket.call('POST', `/tasks/${task.id}/complete`, { variables: {} });
      expect(again.status, `${task.id} completed twice`).toBe(409);
    }

    // (timers fired before the kill: some approvals were open when it came)
    expect((await openTasks(docket)).filter((t) => t.elementId === 'approve').length).toBeGreaterThan(0);

    // and with the clock set past where it stood (a restart starts the test clock at the real time
    // again, before the instances' own start; a move in flight may have committed 30 minutes
    // beyond the last answer seen)
    expect(await moveClock(docket, { set: new Date(clockAt + 3_600_000).toISOString() })).toBe(200);

    // and once the rest is done, every instance has completed, with each element entered as often as in the control
    await finishAll(docket);
    const completed = new Set((await allPages<{ id: string }>(docket, `/process-instances?processKey=${PROCESS_KEY}&state=completed`)).map((i) => i.id));
    expect(instanceIds.filter((id) => !completed.has(id))).toEqual([]);
    await eachLimited(instanceIds, 8, async (id) => {
      expect(entered(await history(docket, id)), `history of ${id}`).toEqual(expected);
    });

    // and every timer job ran exactly once: one job per instance's timer, each done on its first committed run
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ state: string; attempts: number; jobs: number }>(
        `SELECT state, attempts, count(*)::int AS jobs FROM platform.job WHERE kind = 'process.job' GROUP BY state, attempts ORDER BY state, attempts`,
      );
      const byState: Record<string, number> = {};
      for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + r.jobs;
      expect(byState, JSON.stringify(rows)).toEqual({ done: INSTANCES + 1 });
      // A kill rolls back the attempt in hand with its transaction, so a run that committed counted once.
      expect(
        rows.filter((r) => r.attempts < 1),
        JSON.stringify(rows),
      ).toEqual([]);
    } finally {
      await db.end();
    }
    docket.child.kill('SIGTERM');
    await exited(docket.child);
  });
});
