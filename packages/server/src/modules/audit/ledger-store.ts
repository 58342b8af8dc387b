import type pg from 'pg';
import { EVENT_COLUMNS_SQL, frontierPositions, type Frontier, type SignedTreeHead } from '@docket/verify';

// SQL of the ledger tables (audit.leaf, audit.tree_node, audit.tree_head, audit.signing_key).
// Plain pg rather than the query builder: the sequencer runs on one dedicated connection that
// holds its advisory lock, and the hot statements are unnest() batches the builder cannot type.

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
export type EventColumns = (string | null)[];

/** Where the tree ends in the (xid, id) order of audit.event. xid8 as decimal text. */
export interface Cursor {
  xid: string;
  eventId: string;
}

export interface TreeState {
  size: number;
  cursor: Cursor;
  frontier: Frontier;
}

const arrayRows = async (q: Queryable, text: string, values: unknown[] = []) => (await q.query<EventColumns>({ text, values, rowMode: 'array' })).rows;

/**
 * The tree's size, right edge and cursor. The cursor comes from audit.ledger_horizon, written
 * in the same statement as each batch of leaves; a tree whose last leaves predate that table
 * (integrated in id order before migration 20261123T0130) continues after its last leaf's event.
 */
export async function loadTreeState(q: Queryable): Promise<TreeState> {
  const [last] = (
    await q.query<{ leaf_index: string; event_id: string; xid: string | null; h_xid: string | null; h_event_id: string | null }>(
      `SELECT l.leaf_index::text AS leaf_index, l.event_id::text AS event_id, e.xid::text AS xid,
            h.last_xid::text AS h_xid, h.last_event_id::text AS h_event_id
       FROM (SELECT * FROM audit.leaf ORDER BY leaf_index DESC LIMIT 1) l
       LEFT JOIN audit.event e ON e.id = l.event_id
       LEFT JOIN audit.ledger_horizon h ON h.tree_size = l.leaf_index + 1`,
    )
  ).rows;
  if (!last) return { size: 0, cursor: { xid: '0', eventId: '0' }, frontier: { size: 0, nodes: [] } };
  const size = Number(last.leaf_index) + 1;
  let cursor: Cursor;
  if (last.h_xid !== null && last.h_event_id !== null) cursor = { xid: last.h_xid, eventId: last.h_event_id };
  else if (last.xid !== null) cursor = { xid: last.xid, eventId: last.event_id };
  else throw new Error(`the last leaf (${last.leaf_index}) holds event ${last.event_id}, which is not in audit.event: refusing to continue the tree (run docket-verify audit)`);
  const positions = frontierPositions(size);
  const nodes = await fetchNodes(q, positions);
  return {
    size,
    cursor,
    frontier: { size, nodes: positions.map((p) => ({ level: p.level, hash: nodes.get(`${p.level}:${p.index}`)! })) },
  };
}

/** Stored node hashes by "level:index"; level 0 are leaf hashes. */
export async function fetchNodes(q: Queryable, keys: { level: number; index: number }[]): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  const leaves = keys.filter((k) => k.level === 0).map((k) => k.index);
  const inner = keys.filter((k) => k.level > 0);
  if (leaves.length > 0) {
    const rows = (await q.query<{ leaf_index: string; leaf_hash: Buffer }>('SELECT leaf_index::text AS leaf_index, leaf_hash FROM audit.leaf WHERE leaf_index = ANY($1::bigint[])', [leaves])).rows;
    for (const row of rows) found.set(`0:${row.leaf_index}`, row.leaf_hash);
  }
  if (inner.length > 0) {
    const rows = (
      await q.query<{ level: number; idx: string; hash: Buffer }>(
        `SELECT n.level, n.idx::text, n.hash FROM unnest($1::smallint[], $2::bigint[]) AS k(level, idx)
           JOIN audit.tree_node n ON n.level = k.level AND n.idx = k.idx`,
        [inner.map((k) => k.level), inner.map((k) => k.index)],
      )
    ).rows;
    for (const row of rows) found.set(`${row.level}:${row.idx}`, row.hash);
  }
  return found;
}

/**
 * The transaction horizon: every transaction with a smaller id has committed or rolled back
 * (pg_snapshot_xmin of a fresh snapshot), so the events below it are final — none can still
 * appear. Read-only transactions have no id and never hold it back; a writing transaction holds
 * it back until it ends, whatever it writes, in any database of the server: transaction ids and
 * snapshots are the cluster's, not the database's.
 */
export async function readHorizon(q: Queryable): Promise<string> {
  return (await q.query<{ h: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS h')).rows[0]!.h;
}

/**
 * The oldest open writing transactions on the server, in any database, prepared ones included:
 * what holds the horizon back, for a message that names it. Without pg_read_all_stats another
 * role's sessions show no query.
 */
export async function describeOldestWritingTransactions(q: Queryable, limit = 3): Promise<string[]> {
  const rows = (
    await q.query<{ database: string | null; who: string; seconds: string | null; state: string | null; query: string | null }>(
      `SELECT database, who, seconds, state, query FROM (
         SELECT datname AS database, 'pid ' || pid AS who, round(extract(epoch FROM now() - xact_start))::text AS seconds,
                state, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 100) AS query, age(backend_xid) AS age
           FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
         UNION ALL
         SELECT database, 'prepared ' || gid, round(extract(epoch FROM now() - prepared))::text, 'prepared', NULL, age(transaction)
           FROM pg_prepared_xacts
       ) open ORDER BY age DESC LIMIT $1`,
      [limit],
    )
  ).rows;
  return rows.map((r) => `database ${r.database ?? '?'}, ${r.who}, open ${r.seconds ?? '?'} s, ${r.state ?? '?'}${r.query ? `: ${r.query}` : ''}`);
}

/**
 * Up to `limit` events after `cursor` whose transaction is below `horizon`, in (xid, id) order:
 * columns [xid, ...EVENT_COLUMNS_SQL]. Served by event_xid_idx; takes no lock beyond a read's.
 */
export async function readEventsBelowHorizon(q: Queryable, cursor: Cursor, horizon: string, limit: number): Promise<EventColumns[]> {
  return arrayRows(
    q,
    `SELECT e.xid::text, ${EVENT_COLUMNS_SQL} FROM audit.event e
      WHERE e.xid < $3::xid8 AND (e.xid, e.id) > ($1::xid8, $2::bigint)
      ORDER BY e.xid, e.id LIMIT $4`,
    [cursor.xid, cursor.eventId, horizon, limit],
  );
}

export interface LeafBatch {
  firstIndex: number;
  eventIds: string[];
  /** 32 bytes per leaf, concatenated. */
  salts: Uint8Array;
  leafHashes: Uint8Array;
  nodeLevels: number[];
  nodeIndexes: number[];
  /** 32 bytes per node, concatenated. */
  nodeHashes: Uint8Array;
  /** The last event of the batch and the horizon the batch was read below. */
  cursor: Cursor;
  integratedBelow: string;
}

const asBuffer = (u: Uint8Array) => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

/**
 * Appends a batch of leaves, the perfect-subtree nodes they complete and the horizon row in
 * one statement (so atomically, without BEGIN/COMMIT round trips). Hashes travel as one binary
 * bytea parameter each and are cut into 32-byte pieces by the server.
 */
export async function insertLeafBatch(q: Queryable, batch: LeafBatch): Promise<void> {
  const n = batch.eventIds.length;
  await q.query(
    `WITH leaves AS (
       INSERT INTO audit.leaf (leaf_index, event_id, salt, leaf_hash)
       SELECT $1::bigint + g.i - 1, g.event_id, substring($3::bytea FROM ((g.i - 1) * 32 + 1)::int FOR 32), substring($4::bytea FROM ((g.i - 1) * 32 + 1)::int FOR 32)
         FROM unnest($2::bigint[]) WITH ORDINALITY AS g(event_id, i)
       RETURNING 1
     ), nodes AS (
       INSERT INTO audit.tree_node (level, idx, hash)
       SELECT g.level, g.idx, substring($7::bytea FROM ((g.i - 1) * 32 + 1)::int FOR 32)
         FROM unnest($5::smallint[], $6::bigint[]) WITH ORDINALITY AS g(level, idx, i)
       RETURNING 1
     )
     INSERT INTO audit.ledger_horizon (tree_size, last_xid, last_event_id, integrated_below)
     SELECT $1::bigint + $8::bigint, $9::xid8, $10::bigint, $11::xid8
      WHERE (SELECT count(*) FROM leaves) = $8 AND (SELECT count(*) FROM nodes) = cardinality($5::smallint[])`,
    [
      batch.firstIndex,
      batch.eventIds,
      asBuffer(batch.salts),
      asBuffer(batch.leafHashes),
      batch.nodeLevels,
      batch.nodeIndexes,
      asBuffer(batch.nodeHashes),
      n,
      batch.cursor.xid,
      batch.cursor.eventId,
      batch.integratedBelow,
    ],
  );
}

export async function insertSigningKey(q: Queryable, keyId: string, publicKeyPem: string): Promise<void> {
  await q.query('INSERT INTO audit.signing_key (key_id, public_key_pem) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING', [keyId, publicKeyPem]);
}

export async function listSigningKeys(q: Queryable): Promise<{ keyId: string; algorithm: string; publicKey: string; firstUsedAt: Date }[]> {
  const rows = (
    await q.query<{ key_id: string; algorithm: string; public_key_pem: string; first_used_at: Date }>(
      'SELECT key_id, algorithm, public_key_pem, first_used_at FROM audit.signing_key ORDER BY first_used_at, key_id',
    )
  ).rows;
  return rows.map((r) => ({ keyId: r.key_id, algorithm: r.algorithm, publicKey: r.public_key_pem, firstUsedAt: r.first_used_at }));
}

export async function insertTreeHead(q: Queryable, head: SignedTreeHead): Promise<void> {
  await q.query('INSERT INTO audit.tree_head (tree_size, root_hash, timestamp_ms, key_id, signature) VALUES ($1, $2, $3, $4, $5)', [
    head.treeSize,
    Buffer.from(head.rootHash, 'hex'),
    head.timestamp,
    head.keyId,
    Buffer.from(head.signature, 'base64'),
  ]);
}

const HEAD_COLUMNS = `tree_size::text AS tree_size, encode(root_hash, 'hex') AS root_hash, timestamp_ms::text AS timestamp_ms, key_id, translate(encode(signature, 'base64'), E'\n', '') AS signature`;
type HeadRow = { tree_size: string; root_hash: string; timestamp_ms: string; key_id: string; signature: string };
const toHead = (r: HeadRow): SignedTreeHead => ({
  format: 'docket.audit.tree-head/v1',
  treeSize: Number(r.tree_size),
  rootHash: r.root_hash,
  timestamp: Number(r.timestamp_ms),
  keyId: r.key_id,
  signature: r.signature,
});

export async function findLatestTreeHead(q: Queryable): Promise<SignedTreeHead | undefined> {
  const [row] = (await q.query<HeadRow>(`SELECT ${HEAD_COLUMNS} FROM audit.tree_head h ORDER BY h.tree_size DESC LIMIT 1`)).rows;
  return row && toHead(row);
}

export async function findTreeHead(q: Queryable, treeSize: number): Promise<SignedTreeHead | undefined> {
  const [row] = (await q.query<HeadRow>(`SELECT ${HEAD_COLUMNS} FROM audit.tree_head h WHERE h.tree_size = $1`, [treeSize])).rows;
  return row && toHead(row);
}

export async function countLeaves(q: Queryable): Promise<number> {
  const [row] = (await q.query<{ n: string | null }>('SELECT (max(leaf_index) + 1)::text AS n FROM audit.leaf')).rows;
  return Number(row?.n ?? 0);
}

export async function findLeafOfEvent(q: Queryable, eventId: number): Promise<{ leafIndex: number; leafHash: Buffer } | undefined> {
  const [row] = (await q.query<{ leaf_index: string; leaf_hash: Buffer }>('SELECT leaf_index::text, leaf_hash FROM audit.leaf WHERE event_id = $1', [eventId])).rows;
  return row && { leafIndex: Number(row.leaf_index), leafHash: row.leaf_hash };
}

export interface LedgerEventRow {
  leafIndex: number;
  salt: Buffer;
  columns: EventColumns;
}

/** A case's events that are in the tree of size `treeSize`, in leaf order, with their salts. */
export async function listLedgerEventsOfCase(q: Queryable, caseId: string, treeSize: number): Promise<LedgerEventRow[]> {
  const rows = await arrayRows(
    q,
    `SELECT l.leaf_index::text, encode(l.salt, 'hex'), ${EVENT_COLUMNS_SQL}
       FROM audit.event e JOIN audit.leaf l ON l.event_id = e.id
      WHERE e.case_id = $1 AND l.leaf_index < $2 ORDER BY l.leaf_index`,
    [caseId, treeSize],
  );
  return rows.map((r) => ({ leafIndex: Number(r[0]), salt: Buffer.from(r[1]!, 'hex'), columns: r.slice(2) }));
}

export async function countCaseEventsOutside(q: Queryable, caseId: string, treeSize: number): Promise<number> {
  const [row] = (
    await q.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM audit.event e WHERE e.case_id = $1
          AND NOT EXISTS (SELECT 1 FROM audit.leaf l WHERE l.event_id = e.id AND l.leaf_index < $2)`,
      [caseId, treeSize],
    )
  ).rows;
  return Number(row?.n ?? 0);
}
