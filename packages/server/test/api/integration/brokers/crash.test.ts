import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { type DocketProcess, startDocketProcess } from '../../../helpers/docket-process.ts';
import { dropDatabaseWhenIdle, withDatabase } from '../../../helpers/global-setup.ts';
import { amlAlert, amlSourceBody } from '../sources/source-fixtures.ts';
import { INGEST_WAIT_MS, NATS_URL, suffix, waitFor } from './helpers.ts';

// kill -9 of a Docket process in the middle of a NATS stream, then a restart: every alert has its
// one case, none is lost and none doubled (the durable consumer redelivers what was not
// acknowledged; the external id makes the replay a duplicate). Through main.ts, NATS_URL set.
const ALERTS = Number(process.env.BROKER_CRASH_ALERTS ?? 3_000);
const ADMIN_PASSWORD = 'broker-crash-admin-password';
const serverUrl = inject('pgServerUrl');
const dbName = `docket_t_brokercrash_${process.pid}_${randomBytes(4).toString('hex')}`;
const databaseUrl = withDatabase(serverUrl, dbName);
const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-brokercrash-'));
const run = suffix();
const key = `crash-${run}`;
const stream = `DOCKET_TEST_CRASH_${run.toUpperCase()}`;
const subject = `test.crash.${run}`;

let admin: pg.Client;
let db: pg.Client;
let nc: NatsConnection;
const children: ChildProcess[] = [];

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function startDocket(): Promise<DocketProcess> {
  const docket = await startDocketProcess(
    { DATABASE_URL: databaseUrl, DOCKET_DATA_DIR: dataDir, DOCKET_ADMIN_PASSWORD: ADMIN_PASSWORD, DOCKET_AUDIT_WITNESS_FILE: 'off', NATS_URL, DOCKET_LOGIN_RATE_LIMIT_PER_MINUTE: '10000' },
    120_000,
  );
  children.push(docket.child);
  return docket;
}

async function call(origin: string, token: string | null, method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${origin}/api/v1${urlPath}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const count = async (text: string, values: unknown[] = []) => Number((await db.query<{ n: string }>(text, values)).rows[0]!.n);
const cases = () => count('SELECT count(*) AS n FROM cases.case WHERE external_source = $1', [key]);

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${inject('templateDatabase')}`);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
}, 120_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.race([Promise.all(children.map(exited)), new Promise((r) => setTimeout(r, 30_000))]);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  const jsm = await nc.jetstreamManager();
  await jsm.streams.delete(stream).catch(() => undefined);
  await nc.drain();
  await db?.end();
  await dropDatabaseWhenIdle(admin, dbName);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

describe('a Docket process killed in the middle of a NATS stream', () => {
  // BROKER_TEST_WAIT_MS (helpers.ts) on a machine busy with other work: more time, the same checks.
  it('loses no alert and doubles none once restarted', { timeout: process.env.BROKER_TEST_WAIT_MS ? INGEST_WAIT_MS + 400_000 : 400_000 }, async () => {
    // given: a Docket with NATS_URL, a nats source made through the API, and its stream filling
    const first = await startDocket();
    const token = ((await call(first.origin, null, 'POST', '/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body as { token: string }).token;
    for (const queue of new Set(SEED_CASE_TYPES.map((type) => type.defaultQueue))) {
      await db.query('INSERT INTO routing.queue (id, key, name, created_at, updated_at) VALUES ($1, $2, $2, now(), now()) ON CONFLICT (key) DO NOTHING', [randomUUID(), queue]);
    }
    for (const type of SEED_CASE_TYPES) expect((await call(first.origin, token, 'POST', '/case-types', type)).status).toBe(201);
    const created = await call(first.origin, token, 'POST', '/ingest-sources', {
      ...amlSourceBody(key),
      transport: 'nats',
      nats: { stream, subject, durable: `docket-${key}`, deadLetterSubject: `${subject}.dead` },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [subject] });
    const js = nc.jetstream();
    // Every tenth alert is sent twice.
    const publish = async (from: number, to: number) => {
      for (let i = from; i < to; i += 200) {
        await Promise.all(
          Array.from({ length: Math.min(200, to - i) }, (_, k) => i + k).flatMap((n) => {
            const body = JSON.stringify(amlAlert(`CR-${run}-${n}`));
            return n % 10 === 0 ? [js.publish(subject, body), js.publish(subject, body)] : [js.publish(subject, body)];
          }),
        );
      }
    };
    await publish(0, ALERTS / 2);

    // when: the process is killed -9 once it has committed some of them, more arrive, and it starts again
    await waitFor(
      async () => (await cases()) >= ALERTS / 10,
      async () => `cases ${await cases()}; ${first.output().slice(-2000)}`,
      180_000,
    );
    first.child.kill('SIGKILL');
    await exited(first.child);
    const atKill = await cases();
    expect(atKill).toBeLessThan(ALERTS);
    await publish(ALERTS / 2, ALERTS);
    const second = await startDocket();

    // then: exactly one case per alert, the stream acknowledged to its end
    await waitFor(
      async () => (await cases()) >= ALERTS,
      async () => `cases ${await cases()}/${ALERTS}; ${second.output().slice(-2000)}`,
      Math.max(300_000, INGEST_WAIT_MS),
    );
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(stream, `docket-${key}`);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      async () => JSON.stringify(await jsm.consumers.info(stream, `docket-${key}`)),
      120_000,
    );
    expect(await cases()).toBe(ALERTS);
    expect(await count('SELECT count(DISTINCT external_id) AS n FROM cases.case WHERE external_source = $1', [key])).toBe(ALERTS);
    expect(await count("SELECT count(*) AS n FROM audit.event WHERE action = 'case.created' AND case_id IN (SELECT id FROM cases.case WHERE external_source = $1)", [key])).toBe(ALERTS);
    const source = (await call(second.origin, token, 'GET', `/ingest-sources/${key}`)).body as { stats: { created: number; duplicates: number } };
    expect(source.stats.created).toBe(ALERTS);
  });
});
