import { readFileSync } from 'node:fs';
import { encodeEvent } from './encoding.ts';
import { eventDocument, EVENT_COLUMNS_SQL } from './event-row.ts';
import { appendLeaves, frontierRoot, hashLeaf, type Frontier } from './merkle.ts';
import { connectPg } from './pg-wire.ts';
import { checkTreeHead, type SignedTreeHead } from './tree-head.ts';
import type { Finding } from './bundle.ts';

export interface AuditOptions {
  databaseUrl: string;
  /** PEM of the key the operator published; without it the keys stored in the database are used (and said so). */
  trustedPublicKey?: string;
  /** Files of tree heads kept by witnesses: one JSON tree head per line. */
  witnessFiles?: string[];
  /** Leaves read per round trip. */
  pageSize?: number;
  /** Stop listing problems after this many. */
  maxProblems?: number;
}

export interface AuditVerdict {
  ok: boolean;
  findings: Finding[];
  leaves: number;
  eventsChecked: number;
}

// Qualified ORDER BY: an output column named like the input one would sort as text.
const HEAD_SQL = `SELECT h.tree_size::text, encode(h.root_hash, 'hex'), h.timestamp_ms::text, h.key_id, encode(h.signature, 'hex') FROM audit.tree_head h ORDER BY h.tree_size`;

export function readWitnessFile(file: string): SignedTreeHead[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SignedTreeHead);
}

/**
 * Recomputes every leaf from the audit.event rows and their salts, rebuilds the tree, and
 * compares it with every signed tree head in the database and every head a witness holds.
 * What each check catches: an edited payload (leaf hash differs), a deleted event (leaf
 * without event), reordered events (out of (xid, id) order, leaf hashes differ), a truncated tail
 * (a signed or witnessed head larger than the tree), a consistent rewrite of everything with
 * fresh hashes and re-signed heads (the witnessed roots no longer match).
 */
export async function auditDatabase(options: AuditOptions): Promise<AuditVerdict> {
  const findings: Finding[] = [];
  const maxProblems = options.maxProblems ?? 50;
  let problems = 0;
  const problem = (message: string) => {
    problems += 1;
    if (problems <= maxProblems) findings.push({ ok: false, message });
    else if (problems === maxProblems + 1) findings.push({ ok: false, message: '… more problems not listed' });
  };
  const db = await connectPg(options.databaseUrl);
  try {
    const keys = new Map((await db.query('SELECT key_id, public_key_pem FROM audit.signing_key')).map(([id, pem]) => [id!, pem!]));
    let trusted: Map<string, string>;
    if (options.trustedPublicKey) {
      const { keyIdOf } = await import('./tree-head.ts');
      trusted = new Map([[keyIdOf(options.trustedPublicKey), options.trustedPublicKey]]);
      findings.push({ ok: true, message: 'signatures are checked against the key given with --public-key' });
    } else {
      trusted = keys;
      findings.push({ ok: true, message: `signatures are checked against the ${keys.size} key(s) stored in the database; pass --public-key to pin the published key` });
    }
    const checkHead = (head: SignedTreeHead, where: string) => {
      const pem = trusted.get(head.keyId);
      if (!pem) return problem(`${where} of size ${head.treeSize} is signed by unknown key ${head.keyId}`);
      const reason = checkTreeHead(head, pem);
      if (reason) problem(`${where} of size ${head.treeSize}: ${reason}`);
    };

    const dbHeads: SignedTreeHead[] = (await db.query(HEAD_SQL)).map(([size, root, ts, keyId, sig]) => ({
      format: 'docket.audit.tree-head/v1',
      treeSize: Number(size),
      rootHash: root!,
      timestamp: Number(ts),
      keyId: keyId!,
      signature: Buffer.from(sig!, 'hex').toString('base64'),
    }));
    for (const head of dbHeads) checkHead(head, 'the stored tree head');
    const witnessHeads: { head: SignedTreeHead; source: string }[] = [];
    for (const file of options.witnessFiles ?? []) {
      for (const head of readWitnessFile(file)) {
        witnessHeads.push({ head, source: file });
        checkHead(head, `the tree head witnessed in ${file}`);
      }
    }
    // size → expected roots to compare with the recomputed tree when it reaches that size
    const checkpoints = new Map<number, { root: string; what: string }[]>();
    for (const head of dbHeads) checkpoints.set(head.treeSize, [...(checkpoints.get(head.treeSize) ?? []), { root: head.rootHash, what: 'the stored tree head' }]);
    for (const { head, source } of witnessHeads) checkpoints.set(head.treeSize, [...(checkpoints.get(head.treeSize) ?? []), { root: head.rootHash, what: `the head witnessed in ${source}` }]);

    let frontier: Frontier = { size: 0, nodes: [] };
    // Leaves follow the events' (xid, id) order: the writing transaction's id, then the event id.
    let previous: { xid: bigint; id: bigint } = { xid: -1n, id: 0n };
    let eventsChecked = 0;
    const compareAt = (size: number) => {
      const root = Buffer.from(frontierRoot(frontier)).toString('hex');
      for (const expected of checkpoints.get(size) ?? []) {
        if (expected.root !== root) problem(`at tree size ${size} the recomputed root ${root.slice(0, 16)}… differs from ${expected.what} (${expected.root.slice(0, 16)}…): the history was rewritten`);
        else findings.push({ ok: true, message: `tree size ${size}: recomputed root matches ${expected.what}` });
      }
    };
    const pageSize = options.pageSize ?? 20_000;
    for (;;) {
      const rows = await db.query(`SELECT l.leaf_index::text, l.event_id::text, encode(l.salt, 'hex'), encode(l.leaf_hash, 'hex'), e.xid::text, ${EVENT_COLUMNS_SQL}
        FROM audit.leaf l LEFT JOIN audit.event e ON e.id = l.event_id
        WHERE l.leaf_index >= ${frontier.size} ORDER BY l.leaf_index LIMIT ${pageSize}`);
      if (rows.length === 0) break;
      const hashes: Buffer[] = [];
      for (const row of rows) {
        const [leafIndexText, eventIdText, saltHex, storedHash] = row;
        const leafIndex = Number(leafIndexText);
        const eventId = Number(eventIdText);
        const expectedIndex = frontier.size + hashes.length;
        if (leafIndex !== expectedIndex) {
          problem(`leaf ${expectedIndex} is missing (next stored leaf is ${leafIndex}): leaves were deleted`);
          return { ok: false, findings, leaves: expectedIndex, eventsChecked };
        }
        const columns = row.slice(5);
        if (columns[0] === null) {
          problem(`event ${eventId} (leaf ${leafIndex}) is missing from audit.event: it was deleted`);
          hashes.push(Buffer.from(storedHash!, 'hex'));
          continue;
        }
        const here = { xid: BigInt(row[4]!), id: BigInt(eventId) };
        if (here.xid < previous.xid || (here.xid === previous.xid && here.id <= previous.id)) {
          problem(`leaf ${leafIndex} holds event ${eventId} (transaction ${here.xid}) after event ${previous.id} (transaction ${previous.xid}): the order was changed`);
        } else previous = here;
        const recomputed = hashLeaf(encodeEvent(eventDocument(columns), Buffer.from(saltHex!, 'hex')));
        eventsChecked += 1;
        if (recomputed.toString('hex') !== storedHash) problem(`event ${eventId} (leaf ${leafIndex}) does not match its leaf hash: the event was altered`);
        hashes.push(recomputed);
      }
      // Feed leaves one checkpoint at a time so every signed size is compared.
      let offset = 0;
      while (offset < hashes.length) {
        const nextCheckpoint = [...checkpoints.keys()].filter((s) => s > frontier.size).sort((a, b) => a - b)[0];
        const take = nextCheckpoint !== undefined ? Math.min(hashes.length - offset, nextCheckpoint - frontier.size) : hashes.length - offset;
        frontier = appendLeaves(frontier, hashes.slice(offset, offset + take)).frontier;
        offset += take;
        if (checkpoints.has(frontier.size)) compareAt(frontier.size);
      }
    }
    const leaves = frontier.size;
    for (const size of [...checkpoints.keys()].filter((s) => s > leaves).sort((a, b) => a - b)) {
      for (const expected of checkpoints.get(size)!) problem(`${expected.what} covers ${size} events but the database tree has only ${leaves}: the log was truncated`);
    }
    const [[behind]] = (await db.query(
      `SELECT count(*)::text FROM audit.event e WHERE (e.xid, e.id) <= ('${previous.xid < 0n ? 0n : previous.xid}'::xid8, ${previous.id}) AND NOT EXISTS (SELECT 1 FROM audit.leaf l WHERE l.event_id = e.id)`,
    )) as [[string]];
    if (Number(behind) > 0) problem(`${behind} event(s) ordered before the last integrated one (by transaction id, then id) are not in the tree: they were inserted behind the ledger`);
    const [[pending]] = (await db.query(`SELECT count(*)::text FROM audit.event e WHERE (e.xid, e.id) > ('${previous.xid < 0n ? 0n : previous.xid}'::xid8, ${previous.id})`)) as [[string]];
    if (Number(pending) > 0) findings.push({ ok: true, message: `${pending} newer event(s) are waiting for the sequencer and were not checked` });
    if (witnessHeads.length === 0) findings.push({ ok: true, message: 'no witness files given: a consistent rewrite of the whole database would not be caught (pass --witness)' });
    findings.push({ ok: problems === 0, message: `${leaves} leaves recomputed, ${eventsChecked} events checked, ${dbHeads.length} stored and ${witnessHeads.length} witnessed tree heads compared` });
    return { ok: problems === 0, findings, leaves, eventsChecked };
  } finally {
    await db.close();
  }
}
