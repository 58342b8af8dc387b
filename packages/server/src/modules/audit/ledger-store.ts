import type pg from 'pg';
import { EVENT_COLUMNS_SQL, frontierPositions, type Frontier, type SignedTreeHead } from '../../../../verify/src/index.ts';

// SQL of the ledger tables (audit.leaf, audit.tree_node, audit.tree_head, audit.signing_key).
// Plain pg rather than the query builder: the sequencer runs on one dedicated connection that
// holds its advisory lock, and the hot statements are unnest() batches the builder cannot type.

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
export type EventColumns = (string | null)[];

export interface TreeState {
  size: number;
  lastEventId: number;
  frontier: Frontier;
}

const arrayRows = async (q: Queryable, text: string, values: unknown[] = []) =>
  (await q.query<EventColumns>({ text, values, rowMode: 'array' })).rows;

export async function loadTreeState(q: Queryable): Promise<TreeState> {
  const [last] = (await q.query<{ leaf_index: string; event_id: string }>('SELECT l.leaf_index::text AS leaf_index, l.event_id::text AS event_id FROM audit.leaf l ORDER BY l.leaf_index DESC LIMIT 1')).rows;
  if (!last) return { size: 0, lastEventId: 0, frontier: { size: 0, nodes: [] } };
  const size = Number(last.leaf_index) + 1;
  const positions = frontierPositions(size);
  const nodes = await fetchNodes(q, positions);
  return {
    size,
    lastEventId: Number(last.event_id),
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

/** Committed events after `afterId` in id order, as the columns eventDocument() reads. */
export async function readEventsAfter(q: Queryable, afterId: number, limit: number): Promise<EventColumns[]> {
  return arrayRows(q, `SELECT ${EVENT_COLUMNS_SQL} FROM audit.event e WHERE e.id > $1 ORDER BY e.id LIMIT $2`, [afterId, limit]);
}

/**
 * The same read after waiting out every transaction that is inserting into audit.event.
 * SHARE mode conflicts with the ROW EXCLUSIVE lock each inserter holds from its INSERT until
 * it ends, so once granted no identity value below the ones we see can still commit: a gap
 * in the ids we read is a rolled-back transaction and will never fill. Used only when a gap
 * outlives the grace period, because it briefly queues new inserts behind it.
 */
export async function readEventsAfterSettled(client: pg.PoolClient, afterId: number, limit: number, lockTimeoutMs: number): Promise<EventColumns[]> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
    await client.query('SELECT audit.wait_for_event_writers()');
    const rows = await readEventsAfter(client, afterId, limit);
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export interface NewLeaf {
  leafIndex: number;
  eventId: number;
  salt: Buffer;
  leafHash: Uint8Array;
}

/** Appends leaves and the perfect-subtree nodes they complete, atomically. */
export async function insertLeaves(client: pg.PoolClient, leaves: NewLeaf[], nodes: { level: number; index: number; hash: Uint8Array }[]): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO audit.leaf (leaf_index, event_id, salt, leaf_hash)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[])`,
      [leaves.map((l) => l.leafIndex), leaves.map((l) => l.eventId), leaves.map((l) => l.salt), leaves.map((l) => Buffer.from(l.leafHash))],
    );
    if (nodes.length > 0) {
      await client.query(
        'INSERT INTO audit.tree_node (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])',
        [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => Buffer.from(n.hash))],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export async function insertSigningKey(q: Queryable, keyId: string, publicKeyPem: string): Promise<void> {
  await q.query('INSERT INTO audit.signing_key (key_id, public_key_pem) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING', [keyId, publicKeyPem]);
}

export async function listSigningKeys(q: Queryable): Promise<{ keyId: string; algorithm: string; publicKey: string; firstUsedAt: Date }[]> {
  const rows = (await q.query<{ key_id: string; algorithm: string; public_key_pem: string; first_used_at: Date }>('SELECT key_id, algorithm, public_key_pem, first_used_at FROM audit.signing_key ORDER BY first_used_at, key_id')).rows;
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
