import { createHash, randomFillSync } from 'node:crypto';
import { encodeEvent, eventDocument, HASH_SIZE, type Frontier } from '@docket/verify';

// The CPU half of one integration batch, pure and free of I/O so that it can run on the
// sequencer's worker thread (sequencer-worker.ts) or inline: leaf hashes of the events in
// (xid, id) order, then the incremental RFC 9162 tree over them. Outputs are packed into a
// few flat buffers (32 bytes per hash) that go to PostgreSQL as single bytea parameters and
// cross the thread boundary without copying.

export interface BatchInput {
  /** Event columns as EVENT_COLUMNS_SQL selects them, in integration order. */
  rows: (string | null)[][];
  /** Columns of each row before the event's own (the sequencer selects the xid first). @default 0 */
  columnOffset?: number;
  frontier: Frontier;
}

export interface BatchOutput {
  /** audit.event ids in leaf order (the first leaf index is frontier.size). */
  eventIds: string[];
  /** 32 random bytes per event: its event salt. */
  salts: Uint8Array;
  /** 32 bytes per event: RFC 9162 leaf hash of the event's canonical encoding. */
  leafHashes: Uint8Array;
  /** Perfect-subtree nodes (level ≥ 1) the batch completed. */
  nodeLevels: number[];
  nodeIndexes: number[];
  nodeHashes: Uint8Array;
  frontier: Frontier;
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function computeBatch({ rows, columnOffset = 0, frontier }: BatchInput): BatchOutput {
  const n = rows.length;
  const salts = Buffer.allocUnsafe(n * HASH_SIZE);
  randomFillSync(salts);
  const leafHashes = Buffer.allocUnsafe(n * HASH_SIZE);
  const eventIds = new Array<string>(n);
  // At most one node per leaf plus the frontier's height.
  const nodeHashes = Buffer.allocUnsafe((n + 64) * HASH_SIZE);
  const nodeLevels: number[] = [];
  const nodeIndexes: number[] = [];
  // The frontier as a stack of (level, offset into `hashes`): no per-node objects while appending.
  const stackLevels: number[] = [];
  const stackHashes: Uint8Array[] = [];
  for (const node of frontier.nodes) {
    stackLevels.push(node.level);
    stackHashes.push(node.hash);
  }
  let size = frontier.size;
  let nodeCount = 0;
  for (let i = 0; i < n; i++) {
    const row = columnOffset === 0 ? rows[i]! : rows[i]!.slice(columnOffset);
    eventIds[i] = row[0]!;
    const salt = salts.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
    const leaf = leafHashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
    createHash('sha256')
      .update(LEAF_PREFIX)
      .update(encodeEvent(eventDocument(row), salt))
      .digest()
      .copy(leaf);
    let hash: Uint8Array = leaf;
    let level = 0;
    let index = size;
    while (stackLevels.length > 0 && stackLevels[stackLevels.length - 1] === level) {
      stackLevels.pop();
      const left = stackHashes.pop()!;
      const out = nodeHashes.subarray(nodeCount * HASH_SIZE, (nodeCount + 1) * HASH_SIZE);
      createHash('sha256').update(NODE_PREFIX).update(left).update(hash).digest().copy(out);
      hash = out;
      level += 1;
      index = Math.floor(index / 2);
      nodeLevels.push(level);
      nodeIndexes.push(index);
      nodeCount += 1;
    }
    stackLevels.push(level);
    stackHashes.push(hash);
    size += 1;
  }
  return {
    eventIds,
    salts,
    leafHashes,
    nodeLevels,
    nodeIndexes,
    nodeHashes: nodeHashes.subarray(0, nodeCount * HASH_SIZE),
    // Copies: the frontier outlives the batch buffers (which may be transferred to another thread).
    frontier: { size, nodes: stackLevels.map((level, i) => ({ level, hash: Buffer.from(stackHashes[i]!) })) },
  };
}
