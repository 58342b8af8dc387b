import { leafInputOfDisclosed, type Disclosure, type Json } from './encoding.ts';
import { hashLeaf, verifyInclusion } from './merkle.ts';
import { checkTreeHead, keyIdOf, type SignedTreeHead } from './tree-head.ts';

export const BUNDLE_FORMAT = 'docket.audit.evidence/v1';

/** One case's evidence: its events, each with an inclusion proof against one signed tree head. */
export interface EvidenceBundle {
  format: typeof BUNDLE_FORMAT;
  caseId: string;
  publicKey: string;
  treeHead: SignedTreeHead;
  events: BundleEvent[];
}

export interface BundleEvent {
  leafIndex: number;
  /** The event document; a withheld value is shown as null. */
  event: Json;
  disclosure: Disclosure;
  /** Hex hashes, RFC 9162 §2.1.3.1 order (nearest the leaf first). */
  inclusionProof: string[];
}

export interface Finding {
  ok: boolean;
  message: string;
}

export interface BundleVerdict {
  ok: boolean;
  findings: Finding[];
  keyId?: string;
}

const HEX32 = /^[0-9a-f]{64}$/;

// Every key is known and required: nothing in a bundle may change without the verdict changing.
function exactKeys(value: unknown, keys: string[], where: string): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${where} is not an object`;
  const actual = Object.keys(value).sort();
  const expected = [...keys].sort();
  if (actual.join(',') !== expected.join(',')) return `${where} must have exactly the keys ${expected.join(', ')} (has ${actual.join(', ')})`;
  return undefined;
}

/** Checks a bundle completely: structure, signature, every event's commitment and inclusion proof. */
export function verifyBundle(bundle: unknown, options: { trustedPublicKey?: string } = {}): BundleVerdict {
  const findings: Finding[] = [];
  const fail = (message: string): BundleVerdict => ({ ok: false, findings: [...findings, { ok: false, message }] });
  const shape = exactKeys(bundle, ['format', 'caseId', 'publicKey', 'treeHead', 'events'], 'the bundle');
  if (shape) return fail(shape);
  const b = bundle as EvidenceBundle;
  if (b.format !== BUNDLE_FORMAT) return fail(`unknown bundle format ${String(b.format)}`);
  if (typeof b.caseId !== 'string' || !/^[0-9a-f-]{36}$/.test(b.caseId)) return fail('caseId is not a UUID');
  const headShape = exactKeys(b.treeHead, ['format', 'treeSize', 'rootHash', 'timestamp', 'keyId', 'signature'], 'treeHead');
  if (headShape) return fail(headShape);
  if (typeof b.publicKey !== 'string') return fail('publicKey is not a PEM string');
  let keyId: string;
  try {
    keyId = keyIdOf(b.publicKey);
  } catch {
    return fail('publicKey is not a valid PEM public key');
  }
  if (options.trustedPublicKey !== undefined) {
    if (keyIdOf(options.trustedPublicKey) !== keyId) return fail(`the bundle's key ${keyId} is not the trusted key ${keyIdOf(options.trustedPublicKey)}`);
    findings.push({ ok: true, message: 'the bundle is signed with the trusted key' });
  }
  const headProblem = checkTreeHead(b.treeHead, b.publicKey);
  if (headProblem) return fail(`tree head: ${headProblem}`);
  findings.push({ ok: true, message: `tree head of size ${b.treeHead.treeSize} at ${new Date(b.treeHead.timestamp).toISOString()} is signed by key ${keyId.slice(0, 16)}…` });
  if (!Array.isArray(b.events) || b.events.length === 0) return fail('the bundle has no events');

  const root = Buffer.from(b.treeHead.rootHash, 'hex');
  const seen = new Set<number>();
  let previous = -1;
  for (const [i, item] of b.events.entries()) {
    const where = `events[${i}]`;
    const itemShape = exactKeys(item, ['leafIndex', 'event', 'disclosure', 'inclusionProof'], where);
    if (itemShape) return fail(itemShape);
    const disclosureShape = exactKeys(item.disclosure, ['salts', 'withheld'], `${where}.disclosure`);
    if (disclosureShape) return fail(disclosureShape);
    if (!Number.isSafeInteger(item.leafIndex) || item.leafIndex <= previous || seen.has(item.leafIndex)) return fail(`${where}: leaf indices must increase`);
    seen.add(item.leafIndex);
    previous = item.leafIndex;
    const event = item.event as { [key: string]: Json };
    if (event === null || typeof event !== 'object' || event.caseId !== b.caseId) return fail(`${where}: the event does not belong to case ${b.caseId}`);
    for (const [pointer, digest] of Object.entries(item.disclosure.withheld)) {
      if (shownValue(item.event, pointer) !== null) return fail(`${where}: withheld ${pointer} must be shown as null`);
      if (!HEX32.test(String(digest))) return fail(`${where}: malformed digest at ${pointer}`);
    }
    if (!Array.isArray(item.inclusionProof) || !item.inclusionProof.every((h) => typeof h === 'string' && HEX32.test(h))) return fail(`${where}: the inclusion proof must be 64-digit hex hashes`);
    const leafInput = leafInputOfDisclosed(item.event, item.disclosure);
    if (typeof leafInput === 'string') return fail(`${where}: ${leafInput}`);
    const proof = item.inclusionProof.map((h) => Buffer.from(h, 'hex'));
    if (!verifyInclusion(item.leafIndex, b.treeHead.treeSize, hashLeaf(leafInput), proof, root)) {
      return fail(`${where} (event ${String(event.id)}, leaf ${item.leafIndex}): the inclusion proof does not lead to the signed root — the event or the proof was altered`);
    }
  }
  const withheld = b.events.reduce((n, e) => n + Object.keys(e.disclosure.withheld).length, 0);
  findings.push({ ok: true, message: `${b.events.length} events of case ${b.caseId} are in the signed tree${withheld ? ` (${withheld} values withheld, committed by digest)` : ''}` });
  return { ok: true, findings, keyId };
}

function shownValue(value: Json, pointer: string): Json | undefined {
  let current: Json | undefined = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(key)] : current[key];
  }
  return current;
}
