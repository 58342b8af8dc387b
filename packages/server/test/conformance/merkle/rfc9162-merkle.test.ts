import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  appendLeaves,
  consistencyProof,
  EMPTY_ROOT,
  frontierPositions,
  frontierRoot,
  hashLeaf,
  inclusionProof,
  rootFromInclusionProof,
  rootHash,
  rootOfLeaves,
  verifyConsistency,
  verifyInclusion,
  type NodeReader,
} from '@docket/verify';

// Known answers from the Certificate Transparency Go implementation (transparency-dev/merkle);
// see rfc6962-vectors.json for the exact source files and commits.
const here = path.dirname(fileURLToPath(import.meta.url));
const vectors = JSON.parse(readFileSync(path.join(here, 'rfc6962-vectors.json'), 'utf8')) as {
  leafInputs: string[];
  nodeHashes: string[][];
  rootHashes: string[];
  inclusionProofs: { leaf: number; size: number; proof: string[] }[];
  consistencyProofs: { size1: number; size2: number; proof: string[] }[];
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const h = (s: string) => Buffer.from(s, 'hex');
const leafHashes = vectors.leafInputs.map((input) => hashLeaf(h(input)));
const storedNode: NodeReader = (level, index) => h(vectors.nodeHashes[level]![index]!);
const someHash = h('abacaba000000000000000000000000000000000000000000060061e00123456');

describe('RFC 9162 hashing against the CT known answers', () => {
  it('hashes every leaf input to the published level-0 node', () => {
    expect(leafHashes.map(hex)).toEqual(vectors.nodeHashes[0]);
  });

  it('computes the published root for every tree size 0…8, in memory and from stored nodes', () => {
    for (let size = 0; size <= 8; size++) {
      expect(hex(rootOfLeaves(leafHashes.slice(0, size))), `size ${size}`).toBe(vectors.rootHashes[size]);
      expect(hex(rootHash(size, storedNode)), `size ${size}`).toBe(vectors.rootHashes[size]);
    }
    expect(hex(EMPTY_ROOT)).toBe(vectors.rootHashes[0]);
  });

  it('creates exactly the published perfect-subtree nodes while appending, and a frontier that gives each root', () => {
    let frontier = { size: 0, nodes: [] as { level: number; hash: Uint8Array }[] };
    const created = new Map<string, string>();
    for (let i = 0; i < 8; i++) {
      const step = appendLeaves(frontier, [leafHashes[i]!]);
      frontier = step.frontier;
      for (const node of step.created) created.set(`${node.level}:${node.index}`, hex(node.hash));
      expect(hex(frontierRoot(frontier))).toBe(vectors.rootHashes[i + 1]);
      expect(frontier.nodes.map((n) => n.level)).toEqual(frontierPositions(i + 1).map((p) => p.level));
    }
    for (let level = 1; level < vectors.nodeHashes.length; level++) {
      for (const [index, hash] of vectors.nodeHashes[level]!.entries()) expect(created.get(`${level}:${index}`)).toBe(hash);
    }
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it.each(vectors.inclusionProofs)('generates and verifies the published proof for leaf $leaf of $size', ({ leaf, size, proof }) => {
    const index = leaf - 1;
    expect(inclusionProof(index, size, storedNode).map(hex)).toEqual(proof);
    expect(verifyInclusion(index, size, leafHashes[index]!, proof.map(h), h(vectors.rootHashes[size]!))).toBe(true);
  });

  it.each(vectors.inclusionProofs.filter((v) => v.size > 1))('refuses every corruption of the proof for leaf $leaf of $size', ({ leaf, size, proof }) => {
    // The probes of transparency-dev/merkle proof/verify_test.go corruptInclusionProof.
    const index = leaf - 1;
    const root = h(vectors.rootHashes[size]!);
    const leafHash = leafHashes[index]!;
    const p = proof.map(h);
    const probes: [number, number, Uint8Array, Uint8Array[], Uint8Array, string][] = [
      [index - 1, size, leafHash, p, root, 'leafIndex - 1'],
      [index + 1, size, leafHash, p, root, 'leafIndex + 1'],
      [index ^ 2, size, leafHash, p, root, 'leafIndex ^ 2'],
      [index, size * 2, leafHash, p, root, 'treeSize * 2'],
      [index, Math.floor(size / 2), leafHash, p, root, 'treeSize / 2'],
      [index, size, Buffer.from('WrongLeaf'), p, root, 'wrong leaf'],
      [index, size, leafHash, p, EMPTY_ROOT, 'empty root'],
      [index, size, leafHash, p, someHash, 'random root'],
      [index, size, leafHash, [...p, Buffer.alloc(0)], root, 'trailing garbage'],
      [index, size, leafHash, [...p, root], root, 'trailing root'],
      [index, size, leafHash, [Buffer.alloc(0), ...p], root, 'preceding garbage'],
      [index, size, leafHash, [root, ...p], root, 'preceding root'],
      ...p.map((_, i): [number, number, Uint8Array, Uint8Array[], Uint8Array, string] => {
        const wrong = p.map((x) => Buffer.from(x));
        wrong[i]![0]! ^= 8;
        return [index, size, leafHash, wrong, root, `modified proof[${i}] bit 3`];
      }),
      [index, size, leafHash, p.slice(0, -1), root, 'removed component'],
      ...(p.length > 1 ? [[index, size, leafHash, [p[0]!, someHash, ...p.slice(1)], root, 'inserted component'] as [number, number, Uint8Array, Uint8Array[], Uint8Array, string]] : []),
    ];
    for (const [i, s, lh, pr, r, desc] of probes) expect(verifyInclusion(i, s, lh, pr, r), desc).toBe(false);
  });

  it('verifies the transparency-dev testdata file verbatim', () => {
    const v = JSON.parse(readFileSync(path.join(here, 'transparency-dev/inclusion-1-happy-path.json'), 'utf8'));
    const b = (s: string) => Buffer.from(s, 'base64');
    expect(verifyInclusion(v.leafIdx, v.treeSize, b(v.leafHash), v.proof.map(b), b(v.root))).toBe(!v.wantErr);
  });

  it('refuses out-of-range indices and empty trees', () => {
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
    ] as const) {
      expect(rootFromInclusionProof(index, size, someHash, [])).toBeUndefined();
    }
    expect(verifyInclusion(0, 1, leafHashes[0]!, [], leafHashes[0]!)).toBe(true);
    expect(verifyInclusion(0, 1, Buffer.alloc(0), [], Buffer.alloc(0))).toBe(false);
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  it.each(vectors.consistencyProofs)('generates and verifies the published proof from $size1 to $size2', ({ size1, size2, proof }) => {
    expect(consistencyProof(size1, size2, storedNode).map(hex)).toEqual(proof);
    expect(verifyConsistency(size1, size2, proof.map(h), h(vectors.rootHashes[size1]!), h(vectors.rootHashes[size2]!))).toBe(true);
  });

  it.each(vectors.consistencyProofs.filter((v) => v.proof.length > 0))('refuses every corruption of the proof from $size1 to $size2', ({ size1, size2, proof }) => {
    // The probes of transparency-dev/merkle proof/verify_test.go corruptConsistencyProof.
    const r1 = h(vectors.rootHashes[size1]!);
    const r2 = h(vectors.rootHashes[size2]!);
    const p = proof.map(h);
    const wrongRoot = Buffer.from('WrongRoot');
    const probes: [number, number, Uint8Array, Uint8Array, Uint8Array[], string][] = [
      [size1 - 1, size2, r1, r2, p, 'size1 - 1'],
      [size1 + 1, size2, r1, r2, p, 'size1 + 1'],
      [size1 ^ 2, size2, r1, r2, p, 'size1 ^ 2'],
      [size1, size2 * 2, r1, r2, p, 'size2 * 2'],
      [size1, Math.floor(size2 / 2), r1, r2, p, 'size2 / 2'],
      [size1, size2, wrongRoot, r2, p, 'wrong root1'],
      [size1, size2, r1, wrongRoot, p, 'wrong root2'],
      [size1, size2, r2, r1, p, 'swapped roots'],
      [size1, size2, r1, r2, [], 'empty proof'],
      [size1, size2, r1, r2, [...p, Buffer.alloc(0)], 'trailing garbage'],
      [size1, size2, r1, r2, [...p, r1], 'trailing root1'],
      [size1, size2, r1, r2, [...p, r2], 'trailing root2'],
      [size1, size2, r1, r2, [Buffer.alloc(0), ...p], 'preceding garbage'],
      [size1, size2, r1, r2, [r1, ...p], 'preceding root1'],
      [size1, size2, r1, r2, [r2, ...p], 'preceding root2'],
      [size1, size2, r1, r2, [p[0]!, ...p], 'preceding proof[0]'],
      [size1, size2, r1, r2, p.slice(0, -1), 'truncated proof'],
      ...p.map((_, i): [number, number, Uint8Array, Uint8Array, Uint8Array[], string] => {
        const wrong = p.map((x) => Buffer.from(x));
        wrong[i]![0]! ^= 16;
        return [size1, size2, r1, r2, wrong, `modified proof[${i}] bit 4`];
      }),
    ];
    for (const [s1, s2, a, b, pr, desc] of probes) expect(verifyConsistency(s1, s2, pr, a, b), desc).toBe(false);
  });

  it('answers the edge cases of transparency-dev TestVerifyConsistency (current upstream: no proof from size 0)', () => {
    const root1 = Buffer.from("don't care 1");
    const root2 = Buffer.from("don't care 2");
    const cases: [number, number, Uint8Array, Uint8Array, Uint8Array[], boolean][] = [
      [0, 0, root1, root2, [], false],
      [1, 1, root1, root2, [], false],
      // RFC 9162 §2.1.4: a consistency proof is defined for 0 < first ≤ second only.
      [0, 0, root1, root1, [], false],
      [0, 1, root1, root2, [], false],
      [0, 1, EMPTY_ROOT, root2, [], false],
      [0, 5, EMPTY_ROOT, h(vectors.rootHashes[5]!), [], false],
      [1, 1, root2, root2, [], true],
      [1, 0, root1, root2, [], false],
      [2, 1, root1, root2, [], false],
      [1, 2, root1, root2, [], false],
      [0, 0, EMPTY_ROOT, root2, [], false],
      [1, 1, EMPTY_ROOT, root2, [], false],
      [0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], false],
      [0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], false],
      [1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], false],
      [-1, 1, root1, root2, [], false],
      [1.5, 2, root1, root2, [], false],
    ];
    for (const [s1, s2, a, b, p, want] of cases) expect(verifyConsistency(s1, s2, p, a, b), `${s1}→${s2}`).toBe(want);
  });

  const additional = readdirSync(path.join(here, 'transparency-dev/consistency-additional')).sort();
  it.each(additional)('answers transparency-dev testdata/consistency/additional/%s as upstream wants', (file) => {
    const b = (s: string) => Buffer.from(s, 'base64');
    const v = JSON.parse(readFileSync(path.join(here, 'transparency-dev/consistency-additional', file), 'utf8'));
    expect(verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b), b(v.root1), b(v.root2)), v.desc).toBe(!v.wantErr);
  });

  it('refuses every "must fail" upstream vector, among them the three from size 0 it used to accept', () => {
    const b = (s: string) => Buffer.from(s, 'base64');
    const mustFail = additional.map((file) => JSON.parse(readFileSync(path.join(here, 'transparency-dev/consistency-additional', file), 'utf8'))).filter((v) => v.wantErr);
    expect(mustFail.length).toBe(13);
    for (const v of mustFail) expect(verifyConsistency(v.size1, v.size2, v.proof.map(b), b(v.root1), b(v.root2)), v.desc).toBe(false);
    expect(
      mustFail
        .filter((v) => v.size1 === 0 && v.proof.length === 0 && (v.size2 > 0 || v.root1 === v.root2))
        .map((v) => v.desc)
        .sort(),
    ).toEqual(['size1 is zero and does not equal size2', 'size1 is zero and size2 is not zero', 'sizes are equal (zero) and proof is empty']);
  });

  it('never generates a proof from size 0 or backwards', () => {
    for (const [m, n] of [
      [0, 0],
      [0, 1],
      [0, 8],
      [2, 1],
      [-1, 3],
    ] as const)
      expect(() => consistencyProof(m, n, storedNode), `${m}→${n}`).toThrow(RangeError);
  });

  it('verifies the transparency-dev testdata files verbatim', () => {
    const b = (s: string) => Buffer.from(s, 'base64');
    for (const file of ['consistency-1-happy-path.json', 'consistency-4-happy-path.json']) {
      const v = JSON.parse(readFileSync(path.join(here, 'transparency-dev', file), 'utf8'));
      expect(verifyConsistency(v.size1, v.size2, v.proof.map(b), b(v.root1), b(v.root2)), file).toBe(!v.wantErr);
    }
  });
});

describe('proofs over larger trees built incrementally', () => {
  const leaves = Array.from({ length: 70 }, (_, i) => hashLeaf(Buffer.from(`event ${i}`)));
  const nodes = new Map<string, Uint8Array>();
  let frontier = { size: 0, nodes: [] as { level: number; hash: Uint8Array }[] };
  leaves.forEach((leaf, i) => {
    nodes.set(`0:${i}`, leaf);
    const step = appendLeaves(frontier, [leaf]);
    frontier = step.frontier;
    for (const n of step.created) nodes.set(`${n.level}:${n.index}`, n.hash);
  });
  const reader: NodeReader = (level, index) => nodes.get(`${level}:${index}`)!;

  it('proves every leaf in every tree size and every prefix in every larger tree', () => {
    for (let size = 1; size <= leaves.length; size++) {
      const root = rootOfLeaves(leaves.slice(0, size));
      expect(hex(rootHash(size, reader))).toBe(hex(root));
      for (let i = 0; i < size; i++) expect(verifyInclusion(i, size, leaves[i]!, inclusionProof(i, size, reader), root)).toBe(true);
      for (let m = 1; m <= size; m++) {
        expect(verifyConsistency(m, size, consistencyProof(m, size, reader), rootOfLeaves(leaves.slice(0, m)), root), `${m}→${size}`).toBe(true);
      }
    }
  });
});
