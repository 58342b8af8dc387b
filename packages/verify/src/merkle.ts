import { createHash } from 'node:crypto';

// RFC 9162 §2.1.1: leaves and interior nodes hash with different prefixes, so a leaf
// can never be passed off as a node (second-preimage attack on the audit tree).
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;
export const HASH_SIZE = 32;

/** SHA-256 of the empty string: the root of the empty tree (RFC 9162 §2.1.1). */
export const EMPTY_ROOT = createHash('sha256').digest();

export function hashLeaf(leafInput: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(LEAF_PREFIX)).update(leafInput).digest();
}

export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(NODE_PREFIX)).update(left).update(right).digest();
}

/** The largest power of two strictly smaller than n (n ≥ 2): the split point k of RFC 9162 §2.1.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => n > 0 && Number.isInteger(Math.log2(n));

/**
 * Reads the hash of the perfect subtree at (level, index): it covers leaves
 * [index·2^level, (index+1)·2^level). Level 0 are leaf hashes. A store keeps these nodes,
 * so every proof needs O(log² n) reads and no recomputation.
 */
export type NodeReader = (level: number, index: number) => Uint8Array;

/** MTH(D[start:end]) per RFC 9162 §2.1.1, from stored perfect-subtree nodes. */
export function subtreeHash(start: number, end: number, node: NodeReader): Uint8Array {
  const size = end - start;
  if (size <= 0) return EMPTY_ROOT;
  if (isPowerOfTwo(size) && start % size === 0) return node(Math.log2(size), start / size);
  const k = splitPoint(size);
  return hashChildren(subtreeHash(start, start + k, node), subtreeHash(start + k, end, node));
}

/** The root of the tree over the first `size` leaves. */
export function rootHash(size: number, node: NodeReader): Uint8Array {
  return subtreeHash(0, size, node);
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): the audit path of leaf m in the tree of size n. */
export function inclusionProof(leafIndex: number, treeSize: number, node: NodeReader): Uint8Array[] {
  if (!(leafIndex >= 0 && leafIndex < treeSize)) throw new RangeError(`leaf ${leafIndex} is not in a tree of size ${treeSize}`);
  const path: Uint8Array[] = [];
  const walk = (m: number, start: number, end: number) => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push(subtreeHash(start + k, end, node));
    } else {
      walk(m - k, start + k, end);
      path.push(subtreeHash(start, start + k, node));
    }
  };
  walk(leafIndex, 0, treeSize);
  return path;
}

/**
 * RFC 9162 §2.1.4.1 PROOF(m, D[n]): proves the tree of size m is a prefix of the tree of size n.
 * Defined for 0 < m ≤ n only: the empty tree is a prefix of everything, so a "proof" from size 0
 * proves nothing and verifiers refuse it (§2.1.4.2; transparency-dev/merkle does the same).
 */
export function consistencyProof(m: number, n: number, node: NodeReader): Uint8Array[] {
  if (!(Number.isSafeInteger(m) && Number.isSafeInteger(n) && m >= 1 && m <= n)) throw new RangeError(`no consistency proof from size ${m} to size ${n}: need 0 < from ≤ to`);
  if (m === n) return [];
  const proof: Uint8Array[] = [];
  const sub = (m: number, start: number, end: number, b: boolean) => {
    const n = end - start;
    if (m === n) {
      if (!b) proof.push(subtreeHash(start, end, node));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, b);
      proof.push(subtreeHash(start + k, end, node));
    } else {
      sub(m - k, start + k, end, false);
      proof.push(subtreeHash(start, start + k, node));
    }
  };
  sub(m, 0, n, true);
  return proof;
}

/**
 * Runs `compute` once with a recording reader to learn which nodes it needs, lets the caller
 * fetch them in one round trip, then runs it again over the fetched nodes. Keeps proof code pure.
 */
export async function withFetchedNodes<T>(compute: (node: NodeReader) => T, fetch: (keys: { level: number; index: number }[]) => Promise<Map<string, Uint8Array>>): Promise<T> {
  const wanted = new Map<string, { level: number; index: number }>();
  compute((level, index) => {
    wanted.set(`${level}:${index}`, { level, index });
    return EMPTY_ROOT;
  });
  const fetched = await fetch([...wanted.values()]);
  return compute((level, index) => {
    const hash = fetched.get(`${level}:${index}`);
    if (!hash) throw new Error(`tree node ${level}:${index} is missing`);
    return hash;
  });
}

const lsb = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);
const sameHash = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const validHashes = (hashes: Uint8Array[]) => hashes.every((h) => h.length === HASH_SIZE);

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or undefined if it cannot lead anywhere. */
export function rootFromInclusionProof(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: Uint8Array[]): Uint8Array | undefined {
  if (!(Number.isSafeInteger(leafIndex) && Number.isSafeInteger(treeSize)) || leafIndex < 0 || leafIndex >= treeSize) return undefined;
  if (leafHash.length !== HASH_SIZE || !validHashes(proof)) return undefined;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Uint8Array = leafHash;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (lsb(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

export function verifyInclusion(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: Uint8Array[], root: Uint8Array): boolean {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  return computed !== undefined && sameHash(computed, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree (size1, root1) is a prefix of (size2, root2)?
 * Refuses size1 = 0 (a proof from the empty tree is not defined: it would "verify" against any
 * second tree, so a verifier accepting it accepts a rewritten log) and size1 > size2.
 */
export function verifyConsistency(size1: number, size2: number, proof: Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2)) || size1 < 1 || size2 < size1) return false;
  if (size1 === size2) return proof.length === 0 && sameHash(root1, root2);
  if (proof.length === 0 || !validHashes(proof) || root1.length !== HASH_SIZE || root2.length !== HASH_SIZE) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameHash(fr, root1) && sameHash(sr, root2);
}

/**
 * The right edge of a tree: one perfect-subtree hash per set bit of its size, largest first.
 * Appending a leaf touches only this frontier, so the tree grows in O(log n) per event.
 */
export interface Frontier {
  size: number;
  /** [level, hash] pairs, highest level first. */
  nodes: { level: number; hash: Uint8Array }[];
}

/** Appends leaf hashes; returns the new frontier and every perfect-subtree node created (level ≥ 1). */
export function appendLeaves(frontier: Frontier, leafHashes: Uint8Array[]): { frontier: Frontier; created: { level: number; index: number; hash: Uint8Array }[] } {
  const nodes = frontier.nodes.map((n) => ({ ...n }));
  const created: { level: number; index: number; hash: Uint8Array }[] = [];
  let size = frontier.size;
  for (const leaf of leafHashes) {
    let hash: Uint8Array = leaf;
    let level = 0;
    let index = size;
    while (nodes.length > 0 && nodes[nodes.length - 1]!.level === level) {
      const left = nodes.pop()!;
      hash = hashChildren(left.hash, hash);
      level += 1;
      index = half(index);
      created.push({ level, index, hash });
    }
    nodes.push({ level, hash });
    size += 1;
  }
  return { frontier: { size, nodes }, created };
}

/** The root of the tree whose right edge is `frontier`. */
export function frontierRoot(frontier: Frontier): Uint8Array {
  if (frontier.nodes.length === 0) return EMPTY_ROOT;
  let root = frontier.nodes[frontier.nodes.length - 1]!.hash;
  for (let i = frontier.nodes.length - 2; i >= 0; i--) root = hashChildren(frontier.nodes[i]!.hash, root);
  return root;
}

/** Which perfect subtrees form the frontier of a tree of `size` leaves: [level, index] pairs, highest first. */
export function frontierPositions(size: number): { level: number; index: number }[] {
  const positions: { level: number; index: number }[] = [];
  let offset = 0;
  for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level--) {
    const width = 2 ** level;
    if (size - offset >= width) {
      positions.push({ level, index: offset / width });
      offset += width;
    }
  }
  return positions;
}

/** MTH over all leaf hashes in memory (the verifier's full recomputation). */
export function rootOfLeaves(leafHashes: Uint8Array[]): Uint8Array {
  return frontierRoot(appendLeaves({ size: 0, nodes: [] }, leafHashes).frontier);
}
