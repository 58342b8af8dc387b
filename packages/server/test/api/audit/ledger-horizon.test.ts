import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { auditDatabase } from '@docket/verify';
import { startBatchWorker, type Sequencer } from '../../../src/modules/audit/index.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { allowHorizonWaits, databaseUrlOf, HORIZON_TIMEOUT_MS, manualSequencer, newSigner, settleLedger } from './ledger-support.ts';

// Waits for the cluster's transaction horizon: see ledger-support.ts.
allowHorizonWaits();

// The sequencer integrates the events whose writing transaction is below the transaction
// horizon (pg_snapshot_xmin), in (xid, id) order, and takes no table lock.

let t: TestApp;
let sequencer: Sequencer;
const signer = newSigner();
const worker = startBatchWorker();

beforeAll(async () => {
  t = await createTestApp();
  sequencer = manualSequencer(t, { signer });
  await settleLedger(sequencer);
});
afterAll(async () => {
  await sequencer.stop();
  await worker.close();
  await t.close();
});

const insertEvent = (q: Pick<pg.PoolClient, 'query'>, action: string) =>
  q.query<{ id: string }>("INSERT INTO audit.event (occurred_at, action, target_type, target_id) VALUES (now(), $1, 'test', $1) RETURNING id::text", [action]).then((r) => r.rows[0]!.id);
const leafOrder = async (prefix: string) =>
  (await t.sql<{ action: string }>('SELECT e.action FROM audit.leaf l JOIN audit.event e ON e.id = l.event_id WHERE e.action LIKE $1 ORDER BY l.leaf_index', [`${prefix}%`])).map((r) => r.action);
const count = async (sql: string, values?: unknown[]) => Number((await t.sql<{ n: string }>(sql, values))[0]!.n);

describe('the transaction horizon', () => {
  it("integrates a long-running transaction's event after it commits, not before, and the later events after it", async () => {
    const slow = await t.database.pool.connect();
    try {
      await slow.query('BEGIN');
      // The transaction gets its id now, writes its audit event only after others committed.
      await slow.query('SELECT pg_current_xact_id()');
      const before = await insertEvent(t.database.pool, 'h1.before');
      const during = await insertEvent(t.database.pool, 'h1.during');
      for (let i = 0; i < 3; i++) expect(await sequencer.integrateNow()).toBe(0);
      const late = await insertEvent(slow, 'h1.slow');
      await new Promise((r) => setTimeout(r, 300));
      expect(await sequencer.integrateNow()).toBe(0);
      expect(await leafOrder('h1.')).toEqual([]);
      await slow.query('COMMIT');
      const after = await insertEvent(t.database.pool, 'h1.after');
      await sequencer.integrateCommitted(HORIZON_TIMEOUT_MS);
      // Leaf order is transaction order: the slow transaction began first, so its event leads
      // although its id is larger than those committed while it was open.
      expect(Number(late)).toBeGreaterThan(Number(during));
      expect(Number(before)).toBeLessThan(Number(after));
      expect(await leafOrder('h1.')).toEqual(['h1.slow', 'h1.before', 'h1.during', 'h1.after']);
    } finally {
      slow.release();
    }
  });

  it('names the open transaction that holds the horizon back when the wait runs out', async () => {
    const slow = await t.database.pool.connect();
    try {
      await slow.query('BEGIN');
      await insertEvent(slow, 'h5.slow');
      // Committed after the slow one began: integrateCommitted has to wait for the slow one to end.
      await insertEvent(t.database.pool, 'h5.committed');
      // The oldest may be another test file's, in its own database on the same server: the form is checked, not whose.
      await expect(sequencer.integrateCommitted(300)).rejects.toThrow(
        /did not pass \d+ within 300 ms: a writing transaction is still open \(oldest: database \S+, (pid \d+|prepared .+), open \d+ s, /,
      );
      await slow.query('ROLLBACK');
    } finally {
      slow.release();
    }
    await sequencer.integrateCommitted(HORIZON_TIMEOUT_MS);
    expect(await leafOrder('h5.')).toEqual(['h5.committed']);
  });

  it('leaves no gap problem behind a rolled-back transaction', async () => {
    const client = await t.database.pool.connect();
    try {
      await client.query('BEGIN');
      await insertEvent(client, 'h2.rolled-back');
      await insertEvent(t.database.pool, 'h2.committed-meanwhile');
      await client.query('ROLLBACK');
      await insertEvent(t.database.pool, 'h2.after');
    } finally {
      client.release();
    }
    await sequencer.integrateCommitted(HORIZON_TIMEOUT_MS);
    expect(await leafOrder('h2.')).toEqual(['h2.committed-meanwhile', 'h2.after']);
    expect(await count('SELECT count(*) AS n FROM audit.event e WHERE NOT EXISTS (SELECT 1 FROM audit.leaf l WHERE l.event_id = e.id)')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM audit.event')).toBe(await count('SELECT count(*) AS n FROM audit.leaf'));
  });

  it('takes no lock that an insert waits for, while a transaction holds the horizon back', async () => {
    const slow = await t.database.pool.connect();
    const watcher = await t.database.pool.connect();
    let stop = false;
    const seen: { mode: string; granted: boolean }[] = [];
    try {
      await slow.query('BEGIN');
      await insertEvent(slow, 'h3.slow');
      // Sample pg_locks on audit.event throughout: only the read's and the inserts' own locks may appear.
      const sampling = (async () => {
        while (!stop) {
          const rows = (await watcher.query<{ mode: string; granted: boolean }>("SELECT mode, granted FROM pg_locks WHERE relation = 'audit.event'::regclass")).rows;
          seen.push(...rows);
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      const insertMs: number[] = [];
      const passes: Promise<number>[] = [];
      for (let i = 0; i < 20; i++) {
        passes.push(sequencer.integrateNow());
        const started = performance.now();
        await insertEvent(t.database.pool, `h3.concurrent-${String(i).padStart(2, '0')}`);
        insertMs.push(performance.now() - started);
      }
      const integrated = await Promise.all(passes);
      stop = true;
      await sampling;
      expect(integrated.every((n) => n === 0)).toBe(true); // all are behind the open transaction
      expect(Math.max(...insertMs)).toBeLessThan(1_000);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.filter((l) => !l.granted)).toEqual([]);
      expect([...new Set(seen.map((l) => l.mode))].filter((m) => m !== 'AccessShareLock' && m !== 'RowExclusiveLock')).toEqual([]);
      await slow.query('COMMIT');
    } finally {
      stop = true;
      await slow.query('ROLLBACK').catch(() => undefined);
      slow.release();
      watcher.release();
    }
    await sequencer.integrateCommitted(HORIZON_TIMEOUT_MS);
    expect((await leafOrder('h3.'))[0]).toBe('h3.slow');
    expect(await leafOrder('h3.')).toHaveLength(21);
  });

  it('lets a new leader continue exactly where the last one stopped, with no event twice or missing', async () => {
    const inFlight = await t.database.pool.connect();
    try {
      await inFlight.query('BEGIN');
      await insertEvent(inFlight, 'h4.across-restart');
      await insertEvent(t.database.pool, 'h4.before-restart');
      await sequencer.integrateNow();
      await sequencer.stop();
      // The new leader hashes on a worker thread, in small batches (several pipelined per pass).
      sequencer = manualSequencer(t, { signer, batchSize: 2, compute: worker.compute });
      await inFlight.query('COMMIT');
    } finally {
      inFlight.release();
    }
    for (let i = 0; i < 5; i++) await insertEvent(t.database.pool, `h4.after-${i}`);
    await settleLedger(sequencer);
    expect(await leafOrder('h4.')).toEqual(['h4.across-restart', 'h4.before-restart', 'h4.after-0', 'h4.after-1', 'h4.after-2', 'h4.after-3', 'h4.after-4']);
    expect(await count('SELECT count(*) - count(DISTINCT event_id) AS n FROM audit.leaf')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM audit.event e WHERE NOT EXISTS (SELECT 1 FROM audit.leaf l WHERE l.event_id = e.id)')).toBe(0);
    // Each batch recorded its cursor; the last one is the tree's end.
    const [last] = await t.sql<{ tree_size: string; last_event_id: string }>('SELECT h.tree_size::text, h.last_event_id::text FROM audit.ledger_horizon h ORDER BY h.tree_size DESC LIMIT 1');
    expect(Number(last!.tree_size)).toBe(await count('SELECT count(*) AS n FROM audit.leaf'));
    const verdict = await auditDatabase({ databaseUrl: databaseUrlOf(t), trustedPublicKey: signer.publicKeyPem });
    expect(verdict.findings.filter((f) => !f.ok)).toEqual([]);
    expect(verdict.ok).toBe(true);
  });
});
