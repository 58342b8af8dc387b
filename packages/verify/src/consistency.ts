import { verifyConsistency } from './merkle.ts';
import { checkTreeHead, type SignedTreeHead } from './tree-head.ts';
import type { BundleVerdict, Finding } from './bundle.ts';

/** The answer of GET /api/v1/audit/consistency. */
export interface ConsistencyProofDocument {
  from: number;
  to: number;
  proof: string[];
}

/** Checks that the older signed head is a prefix of the newer one (RFC 9162 §2.1.4.2). */
export function verifyConsistencyFiles(oldHead: SignedTreeHead, newHead: SignedTreeHead, proof: ConsistencyProofDocument, publicKey?: string): BundleVerdict {
  const findings: Finding[] = [];
  const fail = (message: string) => ({ ok: false, findings: [...findings, { ok: false, message }] });
  if (publicKey) {
    for (const [name, head] of [
      ['old', oldHead],
      ['new', newHead],
    ] as const) {
      const reason = checkTreeHead(head, publicKey);
      if (reason) return fail(`${name} tree head: ${reason}`);
    }
    findings.push({ ok: true, message: 'both tree heads are signed by the given key' });
  } else findings.push({ ok: true, message: 'signatures NOT checked (pass --public-key)' });
  if (proof.from !== oldHead.treeSize || proof.to !== newHead.treeSize) return fail(`the proof is from ${proof.from} to ${proof.to}, the heads have sizes ${oldHead.treeSize} and ${newHead.treeSize}`);
  if (!(Number.isSafeInteger(oldHead.treeSize) && oldHead.treeSize >= 1))
    return fail(`the old tree head has size ${oldHead.treeSize}: a consistency proof from an empty tree is not defined (RFC 9162 §2.1.4), it would match any newer tree`);
  if (!(Number.isSafeInteger(newHead.treeSize) && newHead.treeSize >= oldHead.treeSize))
    return fail(`the new tree head (size ${newHead.treeSize}) is smaller than the old one (size ${oldHead.treeSize})`);
  if (!Array.isArray(proof.proof) || !proof.proof.every((h) => /^[0-9a-f]{64}$/.test(h))) return fail('the proof must be a list of 64-digit hex hashes');
  const ok = verifyConsistency(
    oldHead.treeSize,
    newHead.treeSize,
    proof.proof.map((h) => Buffer.from(h, 'hex')),
    Buffer.from(oldHead.rootHash, 'hex'),
    Buffer.from(newHead.rootHash, 'hex'),
  );
  if (!ok) return fail(`the tree of size ${oldHead.treeSize} is NOT a prefix of the tree of size ${newHead.treeSize}: history was rewritten or the proof is wrong`);
  findings.push({ ok: true, message: `the tree of size ${oldHead.treeSize} is a prefix of the tree of size ${newHead.treeSize}: nothing was changed or removed in between` });
  return { ok: true, findings };
}
