import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type pg from 'pg';
import { rootHash, withFetchedNodes, type SignedTreeHead } from '@docket/verify';
import { countLeaves, fetchNodes } from './ledger-store.ts';

/** The last tree head of a witness file (one JSON head per line), reading only its tail. */
export function lastWitnessedHead(file: string): SignedTreeHead | undefined {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return undefined;
    const length = Math.min(size, 64 * 1024);
    const tail = Buffer.alloc(length);
    readSync(fd, tail, 0, length, size - length);
    const line = tail
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .at(-1);
    return line ? (JSON.parse(line) as SignedTreeHead) : undefined;
  } finally {
    closeSync(fd);
  }
}

export interface WitnessFinding {
  ok: boolean;
  treeSize: number;
  message: string;
}

/**
 * At start: does the database's tree still have the root the witness recorded at that size?
 * A rewrite of the audit tables (even re-signed with the key) changes it; so does a restore of
 * an older or foreign database. The full check stays `docket-verify audit --witness`.
 */
export async function compareWithWitnessFile(pool: pg.Pool, file: string): Promise<WitnessFinding | undefined> {
  const head = lastWitnessedHead(file);
  if (!head) return undefined;
  const leaves = await countLeaves(pool);
  if (leaves < head.treeSize) {
    return {
      ok: false,
      treeSize: head.treeSize,
      message: `the audit ledger has ${leaves} leaves but the witness file holds a head of size ${head.treeSize}: the ledger was truncated or replaced; run docket-verify audit --witness`,
    };
  }
  const root = await withFetchedNodes(
    (node) => rootHash(head.treeSize, node),
    (keys) => fetchNodes(pool, keys),
  );
  if (Buffer.from(root).toString('hex') !== head.rootHash) {
    return {
      ok: false,
      treeSize: head.treeSize,
      message: `the audit ledger's root at tree size ${head.treeSize} differs from the witnessed head: the audit history was rewritten after it was witnessed; run docket-verify audit --witness`,
    };
  }
  return { ok: true, treeSize: head.treeSize, message: 'the audit ledger agrees with the last witnessed tree head' };
}
