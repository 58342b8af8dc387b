import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { complaint } from '../../../helpers/factories.ts';
import { startDocketProcess, type DocketProcess } from '../../../helpers/docket-process.ts';
import { dropDatabaseWhenIdle, withDatabase } from '../../../helpers/global-setup.ts';

// Three real Docket processes on one PostgreSQL database, 10,000 SLA clocks whose warning falls
// due in one second and whose breach falls due in the next: each level fires exactly once (the
// history's primary key, the clocks' fired_levels, the audit events and the outbox all agree),
// and the work is spread over the three processes.
const CLOCKS = 10_000;
const ADMIN_PASSWORD = 'sla-multi-process-admin-password';
const serverUrl = inject('pgServerUrl');
const dbName = `docket_t_slamp_${process.pid}_${randomBytes(4).toString('hex')}`;
const databaseUrl = withDatabase(serverUrl, dbName);
const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-slamp-'));

let admin: pg.Client;
let db: pg.Client;
const children: ChildProcess[] = [];

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
      DOCKET_LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      // Smaller batches than the default: more claims in the burst, so the spread over processes shows.
      DOCKET_SLA_SCHEDULER_BATCH_SIZE: '100',
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

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${inject('templateDatabase')}`);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
}, 60_000);
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

describe('the SLA scheduler across three Docket processes', () => {
  it('fires each level of 10,000 clocks due in the same second exactly once, all three processes taking part', { timeout: 420_000 }, async () => {
    // given one process that made the master key, a case to copy and the calendars, then two more
    const first = await startDocket();
    const login = await call<{ token: string }>(first.origin, null, 'POST', '/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    const token = login.body.token;
    for (const key of new Set(SEED_CASE_TYPES.map((type) => type.defaultQueue))) expect((await call(first.origin, token, 'POST', '/queues', { key, name: key })).status).toBe(201);
    for (const type of SEED_CASE_TYPES) expect((await call(first.origin, token, 'POST', '/case-types', type)).status).toBe(201);
    const created = await call<{ id: string }>(first.origin, token, 'POST', '/cases', complaint());
    expect(created.status).toBe(201);
    const others = await Promise.all([startDocket(), startDocket()]);
    expect(others).toHaveLength(2);

    // and 10,000 cases (copies of the one made through the API) with a running 4-second clock each
    // on the 24×7 calendar: the warning (50 %) due at F − 2 s, the breach at F, F a few seconds ahead
    const columns = (
      await db.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'cases' AND table_name = 'case' AND column_name NOT IN ('id', 'number') ORDER BY ordinal_position",
      )
    ).rows.map((r) => `"${r.column_name}"`);
    await db.query(
      `INSERT INTO cases.case (id, number, ${columns.join(', ')})
       SELECT gen_random_uuid(), c.number || '-' || i, ${columns.map((col) => `c.${col}`).join(', ')}
         FROM cases.case c, generate_series(2, ${CLOCKS}) i WHERE c.id = $1`,
      [created.body.id],
    );
    const { rows: calendar } = await db.query<{ id: string; current_version: number }>("SELECT id, current_version FROM sla.calendar WHERE key = 'always-open'");
    const levels = JSON.stringify([
      { index: 0, at: { kind: 'share', share: 0.5 }, actions: [] },
      { index: 1, at: { kind: 'breach' }, actions: [] },
    ]);
    const { rows: due } = await db.query<{ f: Date }>("SELECT date_trunc('second', now()) + interval '6 seconds' AS f");
    const breachAt = due[0]!.f;
    await db.query(
      `INSERT INTO sla.target (id, case_id, key, kind, calendar_id, calendar_version, priority, budget_seconds, levels, state, started_at, running_since, due_at, next_fire_at, created_at, updated_at)
       SELECT gen_random_uuid(), c.id, 'resolution', 'resolution', $1, $2, c.priority, 4, $3::jsonb, 'running', $4::timestamptz - interval '4 seconds', $4::timestamptz - interval '4 seconds',
              $4::timestamptz, $4::timestamptz - interval '2 seconds', now(), now()
         FROM cases.case c`,
      [calendar[0]!.id, calendar[0]!.current_version, levels, breachAt],
    );
    expect(await count('SELECT count(*) AS n FROM sla.target')).toBe(CLOCKS);

    // when the processes fire them
    const deadline = Date.now() + 300_000;
    while ((await count('SELECT count(*) AS n FROM sla.firing')) < 2 * CLOCKS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    // (and a little longer: anything fired twice would show now)
    await new Promise((r) => setTimeout(r, 2_000));

    // then each level of each clock fired exactly once
    expect(await count('SELECT count(*) AS n FROM sla.firing')).toBe(2 * CLOCKS);
    expect(await count('SELECT count(DISTINCT (target_id, level)) AS n FROM sla.firing')).toBe(2 * CLOCKS);
    expect(await count("SELECT count(*) AS n FROM sla.target WHERE fired_levels = '{0,1}' AND next_fire_at IS NULL AND at_risk_at IS NOT NULL AND breached_at IS NOT NULL")).toBe(CLOCKS);
    for (const action of ['sla.warning-fired', 'sla.target-breached']) {
      expect(await count('SELECT count(*) AS n FROM audit.event WHERE action = $1', [action])).toBe(CLOCKS);
      expect(await count("SELECT count(DISTINCT data->>'targetId') AS n FROM audit.event WHERE action = $1", [action])).toBe(CLOCKS);
    }
    expect(await count("SELECT count(*) AS n FROM platform.outbox_event WHERE type = 'sla.target-breached'")).toBe(CLOCKS);
    expect(await count("SELECT count(*) AS n FROM cases.case WHERE sla_state = 'breached'")).toBe(CLOCKS);
    // and no level fired before its time
    expect(await count('SELECT count(*) AS n FROM sla.firing WHERE fired_at < due_at')).toBe(0);
    // and all three processes took part
    const { rows: workers } = await db.query<{ worker: string; n: string }>('SELECT worker, count(*) AS n FROM sla.firing GROUP BY worker ORDER BY worker');
    expect(
      workers.map((w) => w.worker),
      [first, ...others].map((d) => d.output().slice(-2000)).join('\n----\n'),
    ).toHaveLength(3);
    const { rows: lag } = await db.query<{ p50: number; p99: number; max: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - due_at)) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - due_at)) AS p99,
              max(extract(epoch FROM recorded_at - due_at)) AS max FROM sla.firing`,
    );
    process.stdout.write(`sla multi-process: firings per process ${workers.map((w) => w.n).join(' / ')}; lag s p50 ${lag[0]!.p50} p99 ${lag[0]!.p99} max ${lag[0]!.max}\n`);
    for (const docket of [first, ...others]) expect(docket.child.exitCode).toBeNull();
  });
});
