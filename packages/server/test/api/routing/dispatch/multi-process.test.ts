import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { hashPassword } from '../../../../src/modules/access/index.ts';
import { complaint } from '../../../helpers/factories.ts';
import { startDocketProcess, type DocketProcess } from '../../../helpers/docket-process.ts';
import { dropDatabaseWhenIdle, withDatabase } from '../../../helpers/global-setup.ts';

// Three real Docket processes on one PostgreSQL database, dispatching at once.
//  - push: cases created concurrently through all three into a push queue of agents with
//    capacity are routed on creation (helper B's routeCase calling selectAgent): no case assigned
//    twice (the decision log against the case rows), nobody over capacity, every case assigned
//    or waiting in the queue. 1,000 cases by default; DOCKET_ROUTING_MP_CASES=10000 for the
//    issue's 10,000 (several minutes on a loaded machine, so not on every run).
//  - pull: agents spread over the three processes take the next case until they are full or the
//    queue is empty: no case taken twice, nobody over capacity.
const PUSH_CASES = Number(process.env.DOCKET_ROUTING_MP_CASES ?? 1_000);
// Less room than cases, so some wait: 100 × 40 = 4,000 for 10,000 cases; 30 × 20 = 600 for 1,000.
const PUSH_AGENTS = PUSH_CASES >= 5_000 ? 100 : 30;
const PUSH_CAPACITY = PUSH_CASES >= 5_000 ? 40 : 20;
const PULL_CASES = 400;
const PULL_AGENTS = 12;
const PULL_CAPACITY = 25;
const CONCURRENT_CREATES = 64;
const ADMIN_PASSWORD = 'routing-multi-process-admin-password';
const AGENT_PASSWORD = 'routing-multi-process-agent-password';
const serverUrl = inject('pgServerUrl');
const dbName = `docket_t_routemp_${process.pid}_${randomBytes(4).toString('hex')}`;
const databaseUrl = withDatabase(serverUrl, dbName);
const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-routemp-'));

let admin: pg.Client;
let db: pg.Client;
const children: ChildProcess[] = [];
let dockets: DocketProcess[] = [];
let adminToken: string;
let branch: string;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function startDocket(): Promise<DocketProcess> {
  const docket = await startDocketProcess(
    {
      DATABASE_URL: databaseUrl,
      DOCKET_DATA_DIR: dataDir,
      DOCKET_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DOCKET_AUDIT_WITNESS_FILE: 'off',
      DOCKET_LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    },
    120_000,
  );
  children.push(docket.child);
  return docket;
}

async function call<T>(origin: string, token: string | null, method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${origin}/api/v1${urlPath}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const count = async (text: string, values: unknown[] = []) => Number((await db.query<{ n: string }>(text, values)).rows[0]!.n);

/** Agents made in SQL (the API would take as long as the test), available, with a total capacity, in one queue. */
async function agentsInQueue(prefix: string, howMany: number, capacity: number, queue: { key: string; mode: 'push' | 'pull' }): Promise<string[]> {
  const hash = await hashPassword(AGENT_PASSWORD);
  const queueId = randomUUID();
  await db.query('INSERT INTO routing.queue (id, key, name, mode, strategy, created_at, updated_at) VALUES ($1, $2, $2, $3, $4, now(), now())', [queueId, queue.key, queue.mode, 'least-loaded']);
  const ids: string[] = [];
  for (let i = 0; i < howMany; i++) ids.push(randomUUID());
  await db.query(
    `INSERT INTO access.user (id, username, display_name, password_hash, department_id, roles)
     SELECT id, $2 || i, $2 || i, $3, $4, '{agent}' FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, i)`,
    [ids, prefix, hash, branch],
  );
  await db.query('INSERT INTO access.user_department (user_id, department_id) SELECT id, $2 FROM unnest($1::uuid[]) AS a(id)', [ids, branch]);
  await db.query(
    `INSERT INTO routing.agent_profile (user_id, capacity, presence, presence_changed_at, last_seen_at, updated_at)
     SELECT id, jsonb_build_object('total', $2::int, 'byChannel', '{}'::jsonb, 'byCaseType', '{}'::jsonb), 'available', now(), now() + interval '1 day', now()
       FROM unnest($1::uuid[]) AS a(id)`,
    [ids, capacity],
  );
  await db.query('INSERT INTO routing.queue_member (queue_id, user_id) SELECT $1, id FROM unnest($2::uuid[]) AS a(id)', [queueId, ids]);
  return ids;
}

/** Cases made through the API, CONCURRENT_CREATES at a time, spread over the three processes. */
async function createCases(howMany: number, overrides: Record<string, unknown>): Promise<{ failures: string[]; seconds: number }> {
  let next = 0;
  const failures: string[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT_CREATES }, async (_, lane) => {
      for (let i = next++; i < howMany; i = next++) {
        const res = await call<{ id: string }>(dockets[(lane + i) % 3]!.origin, adminToken, 'POST', '/cases', complaint(overrides));
        if (res.status !== 201) failures.push(`${res.status} ${JSON.stringify(res.body)}`);
      }
    }),
  );
  return { failures, seconds: (performance.now() - started) / 1000 };
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${inject('templateDatabase')}`);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // one process makes the master key and the case types, then two more start
  const first = await startDocket();
  adminToken = (await call<{ token: string }>(first.origin, null, 'POST', '/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token;
  // The case types' default queues exist as queue objects before the case types name them.
  for (const key of new Set(SEED_CASE_TYPES.map((type) => type.defaultQueue))) {
    await db.query('INSERT INTO routing.queue (id, key, name, created_at, updated_at) VALUES ($1, $2, $2, now(), now()) ON CONFLICT (key) DO NOTHING', [randomUUID(), key]);
  }
  for (const type of SEED_CASE_TYPES) expect((await call(first.origin, adminToken, 'POST', '/case-types', type)).status).toBe(201);
  branch = randomUUID();
  await db.query("INSERT INTO access.department (id, code, name, kind, path) VALUES ($1, 'BR-MP', 'Dispatch branch', 'branch', $2)", [branch, `/${branch}`]);
  dockets = [first, ...(await Promise.all([startDocket(), startDocket()]))];
}, 300_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.race([Promise.all(children.map(exited)), new Promise((r) => setTimeout(r, 30_000))]);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await db?.end();
  await dropDatabaseWhenIdle(admin, dbName);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

describe('dispatch across three Docket processes', () => {
  it('agents taking the next case through three processes never get one case twice nor go over capacity', { timeout: 180_000 }, async () => {
    // given 400 waiting cases in a pull queue and 12 agents who may hold 25 each (300 in all)
    const agents = await agentsInQueue('mp.pull.', PULL_AGENTS, PULL_CAPACITY, { key: 'mp-pull', mode: 'pull' });
    // (made through the API: a case's sealed fields are bound to its id, a copied row would not open)
    const made = await createCases(PULL_CASES, { departmentId: branch, queue: 'mp-pull' });
    expect(made.failures.slice(0, 3)).toEqual([]);
    // (the queue id follows the key by helper A's trigger; on a database without it, here)
    await db.query("UPDATE cases.case SET queue_id = (SELECT id FROM routing.queue WHERE key = 'mp-pull') WHERE queue = 'mp-pull' AND queue_id IS NULL");
    const tokens = await Promise.all(agents.map((_, i) => call<{ token: string }>(dockets[i % 3]!.origin, null, 'POST', '/auth/login', { username: `mp.pull.${i + 1}`, password: AGENT_PASSWORD })));
    // when every agent takes until refused, each through "their" process
    const lastErrors: string[] = [];
    const answers = await Promise.all(
      tokens.map(async (login, i) => {
        const statuses: number[] = [];
        for (;;) {
          const res = await call<{ caseId: string }>(dockets[i % 3]!.origin, login.body.token, 'POST', '/routing/take-next', {});
          statuses.push(res.status);
          if (res.status !== 200 && res.status !== 409) lastErrors.push(`${res.status} ${JSON.stringify(res.body)}`);
          if (res.status !== 200) return statuses;
        }
      }),
    );
    // then every agent took exactly their capacity and stopped at 409 at-capacity
    const tally = new Map<string, number>();
    for (const statuses of answers) tally.set(`${statuses.length - 1} then ${statuses.at(-1)}`, (tally.get(`${statuses.length - 1} then ${statuses.at(-1)}`) ?? 0) + 1);
    expect(Object.fromEntries(tally), [...lastErrors.slice(0, 2), ...dockets.map((d) => d.output().slice(-1500))].join('\n')).toEqual({ [`${PULL_CAPACITY} then 409`]: PULL_AGENTS });
    expect(await count("SELECT count(*) AS n FROM cases.case WHERE queue = 'mp-pull' AND assignee_id IS NOT NULL")).toBe(PULL_AGENTS * PULL_CAPACITY);
    expect(await count("SELECT count(*) AS n FROM (SELECT assignee_id FROM cases.case WHERE queue = 'mp-pull' AND assignee_id IS NOT NULL GROUP BY 1 HAVING count(*) > $1) o", [PULL_CAPACITY])).toBe(
      0,
    );
    // and the decision log names each taken case once, to the person who holds it
    expect(await count("SELECT count(*) AS n FROM routing.decision WHERE trigger = 'take-next'")).toBe(PULL_AGENTS * PULL_CAPACITY);
    expect(await count("SELECT count(DISTINCT case_id) AS n FROM routing.decision WHERE trigger = 'take-next'")).toBe(PULL_AGENTS * PULL_CAPACITY);
    expect(await count("SELECT count(*) AS n FROM routing.decision d JOIN cases.case c ON c.id = d.case_id WHERE d.trigger = 'take-next' AND d.assignee_id <> c.assignee_id")).toBe(0);
    for (const docket of dockets) expect(docket.child.exitCode).toBeNull();
  });

  it(`${PUSH_CASES} cases created at once through three processes into a push queue: none assigned twice, nobody over capacity, each assigned or waiting`, { timeout: 600_000 }, async () => {
    // given agents in a push queue with less room in all than there are cases
    await agentsInQueue('mp.push.', PUSH_AGENTS, PUSH_CAPACITY, { key: 'mp-push', mode: 'push' });
    // when the cases are created, 64 at a time, spread over the three processes
    const { failures, seconds } = await createCases(PUSH_CASES, { departmentId: branch, queue: 'mp-push' });
    expect(failures.slice(0, 3)).toEqual([]);
    // then every case was routed on creation
    const routed = await count("SELECT count(DISTINCT d.case_id) AS n FROM routing.decision d JOIN cases.case c ON c.id = d.case_id WHERE c.queue = 'mp-push' AND d.trigger = 'created'");
    expect(routed, 'every case has its routing decision (routing on creation: helper B’s subscribeRouting and routeCase)').toBe(PUSH_CASES);
    // and no case was assigned twice: one decision per case, and it agrees with the case row
    expect(await count("SELECT count(*) AS n FROM routing.decision d JOIN cases.case c ON c.id = d.case_id WHERE c.queue = 'mp-push'")).toBe(PUSH_CASES);
    expect(await count("SELECT count(*) AS n FROM routing.decision d JOIN cases.case c ON c.id = d.case_id WHERE c.queue = 'mp-push' AND d.assignee_id IS DISTINCT FROM c.assignee_id")).toBe(0);
    // and nobody is over capacity; every case is assigned or waits unassigned in the queue
    expect(await count("SELECT count(*) AS n FROM (SELECT assignee_id FROM cases.case WHERE queue = 'mp-push' AND assignee_id IS NOT NULL GROUP BY 1 HAVING count(*) > $1) o", [PUSH_CAPACITY])).toBe(
      0,
    );
    const assigned = await count("SELECT count(*) AS n FROM cases.case WHERE queue = 'mp-push' AND assignee_id IS NOT NULL");
    const waiting = await count("SELECT count(*) AS n FROM cases.case WHERE queue = 'mp-push' AND assignee_id IS NULL AND status_category IN ('open', 'waiting')");
    expect(assigned + waiting).toBe(PUSH_CASES);
    expect(assigned).toBeLessThanOrEqual(PUSH_AGENTS * PUSH_CAPACITY);
    process.stdout.write(`routing multi-process: ${PUSH_CASES} cases in ${seconds.toFixed(1)} s (${(PUSH_CASES / seconds).toFixed(0)}/s), ${assigned} assigned, ${waiting} waiting\n`);
    for (const docket of dockets) expect(docket.child.exitCode).toBeNull();
  });
});
