import type pg from 'pg';
import { systemClock, type Clock } from '../../platform/clock/clock.ts';
import { frontierRoot, type SignedTreeHead } from '@docket/verify';
import { computeBatch, type BatchInput, type BatchOutput } from './ledger-batch.ts';
import {
  describeOldestWritingTransactions,
  findLatestTreeHead,
  insertLeafBatch,
  insertSigningKey,
  insertTreeHead,
  loadTreeState,
  readEventsBelowHorizon,
  readHorizon,
  type TreeState,
} from './ledger-store.ts';
import type { TreeHeadSigner } from './signing-key.ts';
import type { Witness } from './witnesses.ts';

// One sequencer integrates across all Docket processes: whoever holds this session-level
// advisory lock on its dedicated connection. If that connection dies, PostgreSQL releases the
// lock and a standby takes over; the leaf table's primary key and unique event id make a
// stale leader's late write fail rather than fork or duplicate the tree.
export const SEQUENCER_LOCK_KEY = 727_002;

export interface SequencerOptions {
  signer: TreeHeadSigner;
  witnesses?: Witness[];
  /** How often the leader looks for new events. @default 200 */
  pollIntervalMs?: number;
  /** How often a standby tries to become leader. @default 2000 */
  standbyIntervalMs?: number;
  /** Minimum time between two signed tree heads. @default 1000 */
  signIntervalMs?: number;
  /** Events integrated per statement. @default 10000 */
  batchSize?: number;
  /** Batches one pass may integrate below one horizon before it signs and polls again. @default 20 */
  maxBatchesPerPass?: number;
  /** Runs the CPU half of a batch (hashing, tree); the worker thread's when given. @default inline computeBatch */
  compute?: (input: BatchInput) => Promise<BatchOutput> | BatchOutput;
  /** The time a tree head states. @default systemClock */
  clock?: Clock;
  /** Elapsed time for the sign interval and timeouts, never recorded: a held test clock must not stop signing. @default Date.now */
  now?: () => number;
  log?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export interface Sequencer {
  /** Runs one integration pass now (tests); returns how many events it integrated. */
  integrateNow(): Promise<number>;
  /**
   * Integrates every event committed before the call: passes until the horizon has passed every
   * transaction that had started by then (so it waits, up to `timeoutMs`, while an older
   * writing transaction anywhere in the cluster is still open, in any database; the timeout's
   * message names the oldest). Returns how many it integrated.
   */
  integrateCommitted(timeoutMs?: number): Promise<number>;
  /** Signs a tree head now if the tree grew since the last one. */
  signNow(): Promise<SignedTreeHead | undefined>;
  isLeader(): boolean;
  /** Not ok while the last pass failed (the sequencer reconnects and tries again). */
  health(): { ok: boolean; detail?: string };
  stop(): Promise<void>;
}

const silent = { info: () => undefined, warn: () => undefined };

export function startSequencer(pool: pg.Pool, options: SequencerOptions): Sequencer {
  const pollMs = options.pollIntervalMs ?? 200;
  const standbyMs = options.standbyIntervalMs ?? 2_000;
  const signIntervalMs = options.signIntervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 10_000;
  const compute = options.compute ?? computeBatch;
  const maxBatchesPerPass = options.maxBatchesPerPass ?? 20;
  const now = options.now ?? Date.now;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silent;
  const witnesses = options.witnesses ?? [];

  let client: pg.PoolClient | undefined;
  let leader = false;
  let state: TreeState | undefined;
  let lastHead: SignedTreeHead | undefined;
  // On the `now` axis (elapsed time), not the clock's: the clock may stand still or jump.
  let lastSignedAt: number | undefined;
  let lastPassError: string | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  const pendingPublishes = new Set<Promise<void>>();
  let busy: Promise<unknown> = Promise.resolve();

  // Passes never overlap: the loop and integrateNow()/signNow() queue on one chain.
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = busy.then(fn, fn);
    busy = result.catch(() => undefined);
    return result;
  };

  async function ensureLeader(): Promise<boolean> {
    if (leader && client) return true;
    if (!client) {
      client = await pool.connect();
      client.on('error', () => dropConnection());
    }
    const [row] = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [SEQUENCER_LOCK_KEY])).rows;
    if (!row?.locked) return false;
    leader = true;
    state = await loadTreeState(client);
    lastHead = await findLatestTreeHead(client);
    // The head another leader signed counts towards the interval as the clock measures its age.
    lastSignedAt = lastHead ? now() - Math.max(0, clock.now().getTime() - lastHead.timestamp) : undefined;
    await insertSigningKey(client, options.signer.keyId, options.signer.publicKeyPem);
    log.info({ treeSize: state.size, keyId: options.signer.keyId }, 'audit sequencer is the leader');
    return true;
  }

  function dropConnection() {
    const c = client;
    client = undefined;
    leader = false;
    state = undefined;
    // Destroying the connection (release(true)) also drops the advisory lock.
    c?.release(true);
  }

  // Integrates the events whose writing transaction is below the horizon — a final set: no
  // transaction that could still add to it is running — in (xid, id) order, after the cursor.
  // A transaction that began earlier but commits later has the smaller xid and holds the
  // horizon (and so everything after it) back until it ends; a rolled-back one simply never
  // shows up. No table lock: the read is a plain index scan, inserts never wait for it.
  // A pass reads up to `maxBatchesPerPass` batches below one horizon and pipelines them: while
  // batch k is hashed (on the worker thread when there is one), batch k+1 is read; while k+1 is
  // hashed, k is written. Each write is one statement, so a failure leaves the tree at the end
  // of the last written batch, and `state` only ever moves to what was written.
  async function integrate(): Promise<number> {
    if (!(await ensureLeader()) || !client || !state) return 0;
    const db = client;
    const horizon = await readHorizon(db);
    const read = async (after: TreeState['cursor']) => {
      const rows = await readEventsBelowHorizon(db, after, horizon, batchSize);
      const last = rows[rows.length - 1];
      return { rows, cursor: last ? { xid: last[0]!, eventId: last[1]! } : after };
    };
    let batch = await read(state.cursor);
    if (batch.rows.length === 0) return 0;
    let computing = Promise.resolve(compute({ rows: batch.rows, columnOffset: 1, frontier: state.frontier }));
    computing.catch(() => undefined); // observed below; never an unhandled rejection if a write fails first
    let integrated = 0;
    for (let k = 0; ; k++) {
      const more = batch.rows.length === batchSize && k + 1 < maxBatchesPerPass;
      const nextRead = more ? read(batch.cursor) : undefined;
      // Keep the read's rejection observed while the hashing is awaited.
      nextRead?.catch(() => undefined);
      const out = await computing;
      const next = nextRead !== undefined ? await nextRead : undefined;
      if (next && next.rows.length > 0) {
        computing = Promise.resolve(compute({ rows: next.rows, columnOffset: 1, frontier: out.frontier }));
        computing.catch(() => undefined);
      }
      await insertLeafBatch(db, {
        firstIndex: state.size,
        eventIds: out.eventIds,
        salts: out.salts,
        leafHashes: out.leafHashes,
        nodeLevels: out.nodeLevels,
        nodeIndexes: out.nodeIndexes,
        nodeHashes: out.nodeHashes,
        cursor: batch.cursor,
        // A full batch may stop inside a transaction's events: only the xids before its last are complete.
        integratedBelow: batch.rows.length < batchSize ? horizon : batch.cursor.xid,
      });
      state = { size: out.frontier.size, cursor: batch.cursor, frontier: out.frontier };
      integrated += batch.rows.length;
      if (!next || next.rows.length === 0) return integrated;
      batch = next;
    }
  }

  async function sign(force: boolean): Promise<SignedTreeHead | undefined> {
    if (!leader || !client || !state || state.size === 0) return undefined;
    if (lastHead && lastHead.treeSize >= state.size) return undefined;
    if (!force && lastHead && lastSignedAt !== undefined && now() - lastSignedAt < signIntervalMs) return undefined;
    let head: SignedTreeHead;
    try {
      head = await options.signer.sign({ treeSize: state.size, rootHash: Buffer.from(frontierRoot(state.frontier)).toString('hex'), timestamp: clock.now().getTime() });
    } catch (error) {
      // An external signer can fail; sequencing goes on and the next head covers everything.
      if (force) throw error;
      log.warn({ treeSize: state.size, err: (error as Error).message }, 'the audit signer did not sign the tree head');
      return undefined;
    }
    await insertTreeHead(client, head);
    lastHead = head;
    lastSignedAt = now();
    for (const witness of witnesses) {
      const publishing = witness
        .publish(head)
        .catch((error: Error) => log.warn({ witness: witness.name, treeSize: head.treeSize, err: error.message }, 'a witness did not take the tree head'))
        .finally(() => pendingPublishes.delete(publishing));
      pendingPublishes.add(publishing);
    }
    return head;
  }

  async function loop() {
    while (!stopped) {
      let integrated = 0;
      try {
        integrated = await exclusive(async () => {
          const n = await integrate();
          await sign(false);
          return n;
        });
        lastPassError = undefined;
      } catch (error) {
        lastPassError = (error as Error).message;
        log.warn({ err: (error as Error).message }, 'audit sequencer pass failed; reconnecting');
        dropConnection();
      }
      if (stopped) break;
      if (integrated >= batchSize * maxBatchesPerPass) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, leader ? pollMs : standbyMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
  const running = loop();

  async function integrateUntilCaughtUp(): Promise<number> {
    let total = 0;
    for (let n = await exclusive(integrate); n > 0; n = await exclusive(integrate)) total += n;
    return total;
  }

  async function integrateCommitted(timeoutMs = 10_000): Promise<number> {
    const target = (await pool.query<{ x: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x')).rows[0]!.x;
    const deadline = now() + timeoutMs;
    let total = 0;
    for (;;) {
      total += await integrateUntilCaughtUp();
      if (!leader) return total;
      const passed = (await pool.query<{ ok: boolean }>('SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 AS ok', [target])).rows[0]!.ok;
      if (passed) return total + (await integrateUntilCaughtUp());
      if (now() > deadline) {
        // Name the holder: it is often not this database's (a neighbour on a shared server, or in
        // the test suite another test file's database), and the message is all a CI log keeps.
        const oldest = await describeOldestWritingTransactions(pool).catch(() => []);
        throw new Error(`the transaction horizon did not pass ${target} within ${timeoutMs} ms: a writing transaction is still open${oldest.length > 0 ? ` (oldest: ${oldest.join('; ')})` : ''}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  return {
    integrateNow: () => exclusive(integrate),
    integrateCommitted,
    signNow: () => exclusive(() => sign(true)),
    isLeader: () => leader,
    health: () => (lastPassError ? { ok: false, detail: `the last pass failed: ${lastPassError}` } : { ok: true, detail: leader ? 'leader' : 'standby' }),
    async stop() {
      stopped = true;
      wake?.();
      await running;
      await busy;
      await Promise.allSettled([...pendingPublishes]);
      for (const witness of witnesses) await witness.close?.();
      if (client) {
        await client.query('SELECT pg_advisory_unlock($1)', [SEQUENCER_LOCK_KEY]).catch(() => undefined);
        client.release();
        client = undefined;
      }
      leader = false;
    },
  };
}
