// Audit-ledger figures (issue #4): integration throughput beside the bulk create rate, proof
// generation on a 10,000,000-leaf tree, and `docket-verify audit` over 1,000,000 events.
// Run by bench/run.ts (see bench/README.md, "Audit ledger") or on their own:
//   node --conditions=@docket/source --import tsx bench/scenarios/ledger.ts [postgres://postgres@127.0.0.1:5432]
import { generateKeyPairSync } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { auditDatabase, rootHash, verifyInclusion, withFetchedNodes } from '@docket/verify';
import { migrate } from '../../packages/server/src/platform/db/migrator.ts';
import { signerFromPrivateKey, startBatchWorker, startSequencer } from '../../packages/server/src/modules/audit/index.ts';
import { proveInclusion } from '../../packages/server/src/modules/audit/evidence.ts';
import { countLeaves, fetchNodes, findLeafOfEvent } from '../../packages/server/src/modules/audit/ledger-store.ts';
import { runBulkCreate, type BulkResult } from './creates.ts';
import { percentile, round } from './http-load.ts';
import type { Target } from './target.ts';

const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** A fresh, migrated scratch database on the server; returns its URL. */
export async function scratchDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
  return url;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => admin.end());
}

/**
 * Inserts `n` audit events shaped like the `case.created` event of a bulk complaint (9 changes
 * with before/after, data with the number and external id: 19 disclosure units), with SQL
 * generate_series, `perTransaction` per transaction.
 */
export async function fillAuditEvents(databaseUrl: string, n: number, perTransaction = 50_000): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  try {
    for (let from = 1; from <= n; from += perTransaction) {
      const to = Math.min(n, from + perTransaction - 1);
      await client.query(
        `INSERT INTO audit.event (occurred_at, actor_name, action, target_type, target_id, case_id, changes, request_id, client_ip, channel, data)
         SELECT clock_timestamp(), 'admin', 'case.created', 'case', c::text, c,
                jsonb_build_array(
                  jsonb_build_object('field', 'title', 'before', null, 'after', 'Unexplained fee ' || g),
                  jsonb_build_object('field', 'status', 'before', null, 'after', 'new'),
                  jsonb_build_object('field', 'priority', 'before', null, 'after', CASE WHEN g % 10 = 0 THEN 'high' ELSE 'normal' END),
                  jsonb_build_object('field', 'fields.customerName', 'before', null, 'after', '张三'),
                  jsonb_build_object('field', 'fields.residentId', 'before', null, 'after', 'enc:v1:' || md5(g::text)),
                  jsonb_build_object('field', 'fields.phone', 'before', null, 'after', 'enc:v1:' || md5((g + 1)::text)),
                  jsonb_build_object('field', 'fields.bankCard', 'before', null, 'after', 'enc:v1:' || md5((g + 2)::text)),
                  jsonb_build_object('field', 'fields.category', 'before', null, 'after', 'fees'),
                  jsonb_build_object('field', 'fields.description', 'before', null, 'after', '账户被收取不明费用，客户要求退还并解释收费依据。')),
                gen_random_uuid()::text, '127.0.0.1', 'web',
                jsonb_build_object('number', 'CMP-2026-' || lpad(g::text, 7, '0'), 'type', 'complaint', 'typeVersion', 1, 'externalId', 'bench-' || g)
           FROM generate_series($1::bigint, $2::bigint) g, LATERAL (SELECT gen_random_uuid() AS c) x`,
        [from, to],
      );
    }
  } finally {
    await client.end();
  }
  return round((performance.now() - started) / 1000, 1);
}

export interface CatchUpResult {
  events: number;
  thread: 'worker' | 'inline';
  batchSize: number;
  seconds: number;
  eventsPerSecond: number;
  loadAverage: number;
}

/**
 * Integration throughput on a backlog: `n` events already committed, one sequencer (in this
 * process, hashing on a worker thread or inline) integrates them all; wall time to the last leaf.
 */
export async function measureLedgerCatchUp(databaseUrl: string, n: number, thread: 'worker' | 'inline', batchSize = 10_000): Promise<CatchUpResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  const worker = thread === 'worker' ? startBatchWorker() : undefined;
  const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey, 'bench');
  const sequencer = startSequencer(pool, { signer, pollIntervalMs: 3_600_000, standbyIntervalMs: 3_600_000, batchSize, compute: worker?.compute });
  try {
    const before = await countLeaves(pool);
    const started = performance.now();
    await sequencer.integrateCommitted(600_000);
    const seconds = (performance.now() - started) / 1000;
    await sequencer.signNow();
    const integrated = (await countLeaves(pool)) - before;
    if (integrated < n) throw new Error(`integrated ${integrated} of ${n} events`);
    return { events: integrated, thread, batchSize, seconds: round(seconds, 2), eventsPerSecond: round(integrated / seconds, 0), loadAverage: round(loadavg()[0]!, 2) };
  } finally {
    await sequencer.stop();
    await worker?.close();
    await pool.end();
  }
}

export interface LedgerDuringBulkResult {
  bulk: Pick<BulkResult, 'created' | 'seconds' | 'casesPerSecond' | 'concurrency' | 'linesPerRequest'>;
  /** Leaves written by the server's own sequencer while the bulk requests ran, per second. */
  integratedPerSecondDuringBulk: number;
  /** Largest number of committed events waiting for the sequencer at any 100 ms sample. */
  maxBacklog: number;
  /** From the last bulk answer until every event was in the tree. */
  drainSeconds: number;
  loadAverage: number;
}

/**
 * Runs the bulk create path against the target (its own sequencer, as configured, integrates)
 * while sampling audit.event and audit.leaf every 100 ms from outside.
 */
export async function measureLedgerDuringBulk(target: Target, requests: number, lines: number, concurrency: number): Promise<LedgerDuringBulkResult> {
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  // The sequencer's cursor (last ledger_horizon row) and an index range count behind it.
  const sample = async () => {
    const r = (
      await client.query<{ leaves: string; pending: string }>(
        `WITH h AS (SELECT tree_size, last_xid, last_event_id FROM audit.ledger_horizon ORDER BY tree_size DESC LIMIT 1)
       SELECT coalesce((SELECT tree_size FROM h), 0)::text AS leaves,
              (SELECT count(*) FROM audit.event e
                WHERE (e.xid, e.id) > (coalesce((SELECT last_xid FROM h), '0'::xid8), coalesce((SELECT last_event_id FROM h), 0)))::text AS pending`,
      )
    ).rows[0]!;
    return { leaves: Number(r.leaves), pending: Number(r.pending) };
  };
  try {
    const start = await sample();
    let maxBacklog = start.pending;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await new Promise((r) => setTimeout(r, 100));
        maxBacklog = Math.max(maxBacklog, (await sample()).pending);
      }
    })();
    const bulk = await runBulkCreate(target, requests, lines, concurrency, `ledger-${Date.now()}`, {});
    sampling = false;
    await sampler;
    const atEnd = await sample();
    const drainStarted = performance.now();
    let now = atEnd;
    while (now.pending > 0 && performance.now() - drainStarted < 120_000) {
      await new Promise((r) => setTimeout(r, 50));
      now = await sample();
    }
    return {
      bulk: { created: bulk.created, seconds: bulk.seconds, casesPerSecond: bulk.casesPerSecond, concurrency: bulk.concurrency, linesPerRequest: bulk.linesPerRequest },
      integratedPerSecondDuringBulk: round((atEnd.leaves - start.leaves) / bulk.seconds, 0),
      maxBacklog,
      drainSeconds: round((performance.now() - drainStarted) / 1000, 2),
      loadAverage: round(loadavg()[0]!, 2),
    };
  } finally {
    await client.end();
  }
}

export interface LatencyDuringCatchUpResult {
  backlog: number;
  /** Single creates at 1 connection while the target's sequencer integrates the backlog. */
  singleCreate: { perSecond: number; p50: number; p99: number; max: number; errors: number };
  /** When the backlog was fully integrated, seconds after it was committed (or undefined). */
  integratedAfterSeconds?: number;
  loadAverage: number;
}

/**
 * Request latency while the sequencer is busy: commits `backlog` events at once (SQL), then
 * runs single creates at 1 connection for `seconds` while the target's own sequencer works
 * through them — the case where hashing on the event loop (DOCKET_AUDIT_SEQUENCER=inline)
 * would hold requests for the length of a batch.
 */
export async function measureCreateLatencyDuringCatchUp(target: Target, backlog: number, seconds: number): Promise<LatencyDuringCatchUpResult> {
  const { runSingleCreate } = await import('./creates.ts');
  await fillAuditEvents(target.databaseUrl, backlog, backlog);
  const committed = performance.now();
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  let integratedAfterSeconds: number | undefined;
  let watching = true;
  const watcher = (async () => {
    while (watching && integratedAfterSeconds === undefined) {
      const pending = Number(
        (
          await client.query<{ n: string }>(
            `WITH h AS (SELECT last_xid, last_event_id FROM audit.ledger_horizon ORDER BY tree_size DESC LIMIT 1)
         SELECT count(*)::text AS n FROM audit.event e WHERE e.action = 'case.created' AND e.actor_id IS NULL
            AND (e.xid, e.id) > (coalesce((SELECT last_xid FROM h), '0'::xid8), coalesce((SELECT last_event_id FROM h), 0))`,
          )
        ).rows[0]!.n,
      );
      if (pending === 0) integratedAfterSeconds = round((performance.now() - committed) / 1000, 2);
      else await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const single = await runSingleCreate(target, 1, seconds);
    watching = false;
    await watcher;
    return {
      backlog,
      singleCreate: { perSecond: single.perSecond, p50: single.p50, p99: single.p99, max: single.max, errors: single.errors + single.non2xx },
      integratedAfterSeconds,
      loadAverage: round(loadavg()[0]!, 2),
    };
  } finally {
    watching = false;
    await client.end();
  }
}

export interface LargeTreeResult {
  leaves: number;
  buildSeconds: number;
  proofs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Builds a tree of `n` leaves directly in SQL — leaf i's hash is SHA-256(0x00 || int8send(i)),
 * event_id = i + 1 (no audit.event rows: a proof reads only audit.leaf and audit.tree_node) —
 * then every perfect-subtree node level by level (node = SHA-256(0x01 || left || right)), so
 * the tables hold exactly what the sequencer would have written for those leaf hashes. Then it
 * times the proof route's database work (findLeafOfEvent, countLeaves, proveInclusion) for
 * `proofs` random events against the full tree; each proof is then checked against the root
 * (outside the timing). A database that already holds the n-leaf tree is reused.
 */
export async function measureProofsOnLargeTree(databaseUrl: string, n: number, proofs = 2_000, log: (m: string) => void = () => undefined): Promise<LargeTreeResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  try {
    const existing = await countLeaves(client);
    if (existing !== 0 && existing !== n) throw new Error(`the database already holds a tree of ${existing} leaves`);
    if (existing === n) log(`reusing the tree of ${n} leaves`);
    else await buildTreeInSql(client, n, log);
    const buildSeconds = round((performance.now() - started) / 1000, 1);
    const root = await withFetchedNodes(
      (node) => rootHash(n, node),
      (keys) => fetchNodes(client, keys),
    );
    const times: number[] = [];
    for (let i = 0; i < proofs; i++) {
      const eventId = 1 + Math.floor(Math.random() * n);
      const t0 = performance.now();
      const leaf = await findLeafOfEvent(client, eventId);
      const size = await countLeaves(client);
      const [proof] = await proveInclusion(client, [leaf!.leafIndex], size);
      times.push(performance.now() - t0);
      if (
        !verifyInclusion(
          leaf!.leafIndex,
          size,
          leaf!.leafHash,
          proof!.map((h) => Buffer.from(h, 'hex')),
          root,
        )
      )
        throw new Error(`the proof of leaf ${leaf!.leafIndex} does not verify`);
    }
    times.sort((a, b) => a - b);
    return { leaves: n, buildSeconds, proofs, p50Ms: round(percentile(times, 50), 2), p99Ms: round(percentile(times, 99), 2), maxMs: round(times[times.length - 1]!, 2) };
  } finally {
    await client.end();
  }
}

async function buildTreeInSql(client: pg.Client, n: number, log: (m: string) => void): Promise<void> {
  {
    await client.query('SET synchronous_commit = off');
    const chunk = 1_000_000;
    for (let from = 0; from < n; from += chunk) {
      const to = Math.min(n, from + chunk) - 1;
      await client.query(
        `INSERT INTO audit.leaf (leaf_index, event_id, salt, leaf_hash)
         SELECT g, g + 1, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea, sha256('\\x00'::bytea || int8send(g))
           FROM generate_series($1::bigint, $2::bigint) g`,
        [from, to],
      );
      log(`leaves ${to + 1}/${n}`);
    }
    let width = n;
    for (let level = 1; width >= 2; level++) {
      const source = level === 1 ? 'SELECT leaf_index AS idx, leaf_hash AS hash FROM audit.leaf' : `SELECT idx, hash FROM audit.tree_node WHERE level = ${level - 1}`;
      await client.query(
        `INSERT INTO audit.tree_node (level, idx, hash)
         SELECT ${level}, l.idx / 2, sha256('\\x01'::bytea || l.hash || r.hash)
           FROM (${source}) l JOIN (${source}) r ON r.idx = l.idx + 1
          WHERE l.idx % 2 = 0`,
      );
      width = Math.floor(width / 2);
      log(`level ${level}: ${width} nodes`);
    }
    await client.query('ANALYZE audit.leaf; ANALYZE audit.tree_node');
  }
}

export interface VerifyResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  ok: boolean;
}

/** `docket-verify audit` (the same function the CLI runs) over a database whose tree it recomputes. */
export async function measureVerifyAudit(databaseUrl: string): Promise<VerifyResult> {
  const started = performance.now();
  const verdict = await auditDatabase({ databaseUrl });
  const seconds = (performance.now() - started) / 1000;
  return { events: verdict.eventsChecked, seconds: round(seconds, 1), eventsPerSecond: round(verdict.eventsChecked / seconds, 0), ok: verdict.ok };
}

/** Stand-alone: the catch-up, 1M verify and 10M proof figures on the server PostgreSQL. */
async function main() {
  const serverUrl = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const which = new Set((process.env.LEDGER_BENCH ?? 'catchup,verify,proofs').split(','));
  const log = (m: string) => process.stderr.write(`[ledger] ${m}\n`);
  const out: Record<string, unknown> = { loadAverageAtStart: round(loadavg()[0]!, 2) };
  // Names of its own, so that a stand-alone run never drops the databases of a bench/run.ts run.
  const db = process.env.LEDGER_DATABASE_PREFIX ?? 'docket_ledger_solo';
  if (which.has('bulk')) {
    // The ledger beside the bulk create path on the embedded target, as configured by
    // DOCKET_AUDIT_SEQUENCER in this environment (default: worker thread; inline; off).
    const { startTarget } = await import('./target.ts');
    const { runSingleCreate } = await import('./creates.ts');
    const target = await startTarget('embedded', serverUrl);
    try {
      const requests = Number(process.env.LEDGER_BULK_REQUESTS ?? 3);
      out.sequencer = process.env.DOCKET_AUDIT_SEQUENCER ?? 'worker';
      out.duringBulk = await measureLedgerDuringBulk(target, requests, 10_000, 1);
      log(`during bulk: ${JSON.stringify(out.duringBulk)}`);
      const single = await runSingleCreate(target, 1, 10);
      out.singleCreate1 = { perSecond: single.perSecond, p50: single.p50, p99: single.p99, errors: single.errors + single.non2xx, loadAverage: single.loadAverage };
      log(`single create: ${JSON.stringify(out.singleCreate1)}`);
      out.latencyDuringCatchUp = await measureCreateLatencyDuringCatchUp(target, Number(process.env.LEDGER_BACKLOG ?? 60_000), 10);
      log(`single create during catch-up: ${JSON.stringify(out.latencyDuringCatchUp)}`);
    } finally {
      await target.stop();
    }
  }
  if (which.has('catchup') || which.has('verify')) {
    const events = Number(process.env.LEDGER_EVENTS ?? 1_000_000);
    const url = await scratchDatabase(serverUrl, db);
    log(`filling ${events} events`);
    out.fillSeconds = await fillAuditEvents(url, events);
    if (which.has('inline')) {
      const small = await scratchDatabase(serverUrl, `${db}_inline`);
      await fillAuditEvents(small, 100_000);
      out.catchUpInline = await measureLedgerCatchUp(small, 100_000, 'inline');
      await dropDatabase(serverUrl, `${db}_inline`);
      log(`inline: ${JSON.stringify(out.catchUpInline)}`);
    }
    out.catchUp = await measureLedgerCatchUp(url, events, 'worker');
    log(`catch-up: ${JSON.stringify(out.catchUp)}`);
    if (which.has('verify')) {
      out.verify = await measureVerifyAudit(url);
      log(`verify: ${JSON.stringify(out.verify)}`);
    }
    await dropDatabase(serverUrl, db);
  }
  if (which.has('proofs')) {
    const leaves = Number(process.env.LEDGER_TREE_LEAVES ?? 10_000_000);
    const url = process.env.LEDGER_REUSE_TREE === '1' ? withDatabase(serverUrl, `${db}_tree`) : await scratchDatabase(serverUrl, `${db}_tree`);
    out.proofs = await measureProofsOnLargeTree(url, leaves, 2_000, log);
    log(`proofs: ${JSON.stringify(out.proofs)}`);
    if (process.env.LEDGER_KEEP_TREE !== '1') await dropDatabase(serverUrl, `${db}_tree`);
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
}
