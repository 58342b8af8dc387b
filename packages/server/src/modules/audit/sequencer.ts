import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { appendLeaves, encodeEvent, eventDocument, frontierRoot, hashLeaf, type SignedTreeHead } from '../../../../verify/src/index.ts';
import {
  findLatestTreeHead,
  insertLeaves,
  insertSigningKey,
  insertTreeHead,
  loadTreeState,
  readEventsAfter,
  readEventsAfterSettled,
  type EventColumns,
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
  /** Events integrated per transaction. @default 5000 */
  batchSize?: number;
  /** How long an id gap may stay open before the sequencer waits out in-flight inserts. @default 300 */
  gapGraceMs?: number;
  now?: () => number;
  log?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export interface Sequencer {
  /** Runs one integration pass now (tests); returns how many events it integrated. */
  integrateNow(): Promise<number>;
  /** Signs a tree head now if the tree grew since the last one. */
  signNow(): Promise<SignedTreeHead | undefined>;
  isLeader(): boolean;
  stop(): Promise<void>;
}

const silent = { info: () => undefined, warn: () => undefined };

export function startSequencer(pool: pg.Pool, options: SequencerOptions): Sequencer {
  const pollMs = options.pollIntervalMs ?? 200;
  const standbyMs = options.standbyIntervalMs ?? 2_000;
  const signIntervalMs = options.signIntervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 5_000;
  const gapGraceMs = options.gapGraceMs ?? 300;
  const now = options.now ?? Date.now;
  const log = options.log ?? silent;
  const witnesses = options.witnesses ?? [];

  let client: pg.PoolClient | undefined;
  let leader = false;
  let state: TreeState | undefined;
  let lastHead: SignedTreeHead | undefined;
  let gapSince: number | undefined;
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

  async function integrate(): Promise<number> {
    if (!(await ensureLeader()) || !client || !state) return 0;
    let rows = await readEventsAfter(client, state.lastEventId, batchSize);
    let take = contiguousPrefix(rows, state.lastEventId);
    if (take === 0 && rows.length > 0) {
      // The next id is missing but later ones committed: an in-flight transaction, or a
      // rolled-back one whose id will never commit. Give it the grace period, then wait out
      // every in-flight insert; after that every gap in what we read is permanent.
      gapSince ??= now();
      if (now() - gapSince < gapGraceMs) return 0;
      rows = await readEventsAfterSettled(client, state.lastEventId, batchSize, 2_000);
      take = rows.length;
      gapSince = undefined;
    } else if (take === rows.length) gapSince = undefined;
    if (take === 0) return 0;
    const batch = rows.slice(0, take);
    const leaves = batch.map((columns, i) => {
      const salt = randomBytes(32);
      return { leafIndex: state!.size + i, eventId: Number(columns[0]), salt, leafHash: hashLeaf(encodeEvent(eventDocument(columns), salt)) };
    });
    const grown = appendLeaves(state.frontier, leaves.map((l) => l.leafHash));
    await insertLeaves(client, leaves, grown.created);
    state = { size: grown.frontier.size, lastEventId: leaves[leaves.length - 1]!.eventId, frontier: grown.frontier };
    return take;
  }

  async function sign(force: boolean): Promise<SignedTreeHead | undefined> {
    if (!leader || !client || !state || state.size === 0) return undefined;
    if (lastHead && lastHead.treeSize >= state.size) return undefined;
    if (!force && lastHead && now() - lastHead.timestamp < signIntervalMs) return undefined;
    const head = options.signer.sign({ treeSize: state.size, rootHash: Buffer.from(frontierRoot(state.frontier)).toString('hex'), timestamp: now() });
    await insertTreeHead(client, head);
    lastHead = head;
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
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'audit sequencer pass failed; reconnecting');
        dropConnection();
      }
      if (stopped) break;
      if (integrated >= batchSize) continue;
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

  return {
    integrateNow: () => exclusive(integrate),
    signNow: () => exclusive(() => sign(true)),
    isLeader: () => leader,
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

/** How many rows continue the id sequence after `lastEventId` without a gap. */
export function contiguousPrefix(rows: EventColumns[], lastEventId: number): number {
  let i = 0;
  while (i < rows.length && Number(rows[i]![0]) === lastEventId + 1 + i) i++;
  return i;
}
