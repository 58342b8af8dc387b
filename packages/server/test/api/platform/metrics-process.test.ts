import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDocketProcess, type DocketProcess } from '../../helpers/docket-process.ts';
import { dropDatabaseWhenIdle, withDatabase } from '../../helpers/global-setup.ts';

// The wiring in main.ts, through a real Docket process: one registry shared by the HTTP server and
// the outbox dispatcher (docket_outbox_* exported), and the outbox subscriber 'metrics' counting
// the demo seed's 200 cases after their commit.
const METRICS_TOKEN = 'metrics-token-for-the-process-test';
const serverUrl = inject('pgServerUrl');
const dbName = `docket_t_metricsproc_${process.pid}_${randomBytes(4).toString('hex')}`;
const databaseUrl = withDatabase(serverUrl, dbName);
const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-metrics-'));

let admin: pg.Client;
let db: pg.Client;
let docket: DocketProcess | undefined;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${inject('templateDatabase')}`);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  docket = await startDocketProcess(
    {
      DATABASE_URL: databaseUrl,
      DOCKET_DATA_DIR: dataDir,
      DOCKET_ADMIN_PASSWORD: 'metrics-process-admin-password',
      DOCKET_DEMO_PASSWORD: 'metrics-process-demo-password',
      DOCKET_SEED_DEMO: 'true',
      DOCKET_AUDIT_WITNESS_FILE: 'off',
      DOCKET_METRICS_TOKEN: METRICS_TOKEN,
    },
    180_000,
  );
}, 240_000);
afterAll(async () => {
  const child = docket?.child;
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  if (child) await Promise.race([exited(child), new Promise((r) => setTimeout(r, 30_000))]);
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (child) await exited(child);
  await db?.end();
  await dropDatabaseWhenIdle(admin, dbName);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

async function scrape(token = METRICS_TOKEN): Promise<{ status: number; body: string }> {
  const res = await fetch(`${docket!.origin}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.text() };
}

/** Sum of every sample of a metric (all label sets). */
function total(body: string, name: string): number {
  let sum = 0;
  for (const line of body.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{.*\})? (\S+)$/.exec(line);
    if (match && match[1] === name) sum += Number(match[2]);
  }
  return sum;
}

describe('/metrics of a Docket process', () => {
  it('counts every seeded case after its commit, and exports the outbox dispatcher and the scrape-time gauges', async () => {
    const cases = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM cases.case')).rows[0]!.n);
    expect(cases).toBeGreaterThan(0);
    // The dispatcher delivers the seed's backlog in the background: wait for it, with a deadline.
    const deadline = Date.now() + 120_000;
    let body = '';
    while (Date.now() < deadline) {
      body = (await scrape()).body;
      if (total(body, 'docket_cases_created_total') === cases) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(total(body, 'docket_cases_created_total')).toBe(cases);
    expect(body).toMatch(/^docket_outbox_delivered_total\{subscriber="metrics"\} [1-9]/m);
    expect(body).toMatch(/^docket_outbox_oldest_pending_seconds\{subscriber="metrics"\} /m);
    const open = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM cases.case WHERE status_category IN ('open', 'waiting')")).rows[0]!.n);
    expect(total(body, 'docket_cases_open')).toBe(open);
    expect(body).toMatch(/^docket_audit_sequencer_lag \d/m);
    expect(body).toMatch(/^docket_http_request_duration_seconds_count\{/m);
  });

  it('refuses a wrong token', async () => {
    expect((await scrape('not-the-metrics-token')).status).toBe(401);
  });
});
