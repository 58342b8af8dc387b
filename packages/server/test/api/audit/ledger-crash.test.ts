import type { ChildProcess } from 'node:child_process';
import { startDocketProcess } from '../../helpers/docket-process.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditDatabase } from '@docket/verify';
import { SEED_CASE_TYPES } from '../../../seed/case-types.ts';
import { complaint } from '../../helpers/factories.ts';

// kill -9 a real docket process during a burst of case creations, start it again, and check
// that every acknowledged case's events are in the tree exactly once. Runs on the suite's
// PostgreSQL (embedded, or the server named by DATABASE_URL), in a database of its own.
const SERVER_URL = inject('pgServerUrl');
// Killed once this many creations are acknowledged (not after a fixed time: on a loaded machine
// a fixed 2.5 s saw as few as 11), with the 12 clients' next requests in flight.
const ACKNOWLEDGED_BEFORE_KILL = 30;
const ADMIN_PASSWORD = 'crash-test-admin-password';
const dbName = `docket_crash_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-crash-'));
const witnessFile = path.join(dataDir, 'witness.jsonl');
const databaseUrl = (() => {
  const u = new URL(SERVER_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

let admin: pg.Client;
const children: ChildProcess[] = [];

beforeAll(async () => {
  admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

async function startDocket(): Promise<{ child: ChildProcess; base: string }> {
  const docket = await startDocketProcess(
    { DATABASE_URL: databaseUrl, DOCKET_DATA_DIR: dataDir, DOCKET_ADMIN_PASSWORD: ADMIN_PASSWORD, DOCKET_LOGIN_RATE_LIMIT_PER_MINUTE: '1000', DOCKET_AUDIT_WITNESS_FILE: witnessFile },
    60_000,
  );
  children.push(docket.child);
  return { child: docket.child, base: `${docket.origin}/api/v1` };
}

describe('crash during a burst of case creations', () => {
  it('has every acknowledged case in the tree exactly once after kill -9 and restart', { timeout: 180_000 }, async () => {
    const started = await startDocket();
    const { base } = started;
    let { child } = started;
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const complaintType = SEED_CASE_TYPES.find((type) => type.key === 'complaint');
    expect((await fetch(`${base}/queues`, { method: 'POST', headers, body: JSON.stringify({ key: complaintType!.defaultQueue, name: 'Service' }) })).status).toBe(201);
    expect((await fetch(`${base}/case-types`, { method: 'POST', headers, body: JSON.stringify(complaintType) })).status).toBe(201);

    // given a burst of creations from 12 concurrent clients
    const acknowledged: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await fetch(`${base}/cases`, { method: 'POST', headers, body: JSON.stringify(complaint({ title: `burst ${w}-${i}` })) });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
        } catch {
          return; // the connection died with the process: not acknowledged
        }
      }
    };
    const workers = Array.from({ length: 12 }, (_, w) => worker(w));
    // when the process is killed mid-burst, sequencer and requests alike
    const burstDeadline = Date.now() + 60_000;
    while (acknowledged.length < ACKNOWLEDGED_BEFORE_KILL && Date.now() < burstDeadline) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);

    // and started again
    ({ child } = await startDocket());
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const deadline = Date.now() + 30_000;
      let pending = -1;
      while (Date.now() < deadline) {
        pending = Number((await db.query('SELECT count(*) AS n FROM audit.event e WHERE NOT EXISTS (SELECT 1 FROM audit.leaf l WHERE l.event_id = e.id)')).rows[0].n);
        if (pending === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      // then every event is integrated, each once, at consecutive leaf positions
      expect(pending).toBe(0);
      const {
        rows: [shape],
      } = await db.query('SELECT count(*)::int AS leaves, count(DISTINCT event_id)::int AS events, (max(leaf_index) + 1)::int AS size FROM audit.leaf');
      expect(shape.leaves).toBe(shape.events);
      expect(shape.size).toBe(shape.leaves);
      // and every acknowledged case has its creation event in the tree exactly once
      const { rows } = await db.query(
        `SELECT e.case_id::text AS case_id, count(l.leaf_index)::int AS leaves FROM audit.event e JOIN audit.leaf l ON l.event_id = e.id
          WHERE e.action = 'case.created' AND e.case_id = ANY($1::uuid[]) GROUP BY e.case_id`,
        [acknowledged],
      );
      expect(rows.length).toBe(acknowledged.length);
      expect(rows.every((r) => r.leaves === 1)).toBe(true);
      // and a head over the whole tree is signed (a graceful stop waits for its witness to take it)
      const signedDeadline = Date.now() + 30_000;
      const unsigned = async () => (await db.query('SELECT ((SELECT count(*) FROM audit.leaf) - (SELECT coalesce(max(tree_size), 0) FROM audit.tree_head))::int AS n')).rows[0].n !== 0;
      while ((await unsigned()) && Date.now() < signedDeadline) await new Promise((r) => setTimeout(r, 100));
      expect(await unsigned()).toBe(false);
    } finally {
      await db.end();
    }
    // and the whole ledger verifies against the key in the data directory and the witness
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    expect(child.exitCode).toBe(0);
    const { createPublicKey } = await import('node:crypto');
    const publicKey = createPublicKey(readFileSync(path.join(dataDir, 'audit-signing-key.pem'), 'utf8'))
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const verdict = await auditDatabase({ databaseUrl, trustedPublicKey: publicKey, witnessFiles: [witnessFile] });
    expect(verdict.findings.filter((f) => !f.ok)).toEqual([]);
    expect(verdict.ok).toBe(true);
  });
});
