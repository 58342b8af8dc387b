import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendLeaves, canonicalJson, encodeEvent, eventDocument, hashLeaf, leafInputOf, type Json } from '@docket/verify';
import { sha256PrefixedText, UnitHasher } from '@docket/verify/sha256';
import { computeBatch } from '../../../src/modules/audit/ledger-batch.ts';
import { startBatchWorker } from '../../../src/modules/audit/index.ts';

// The sequencer's fast paths must produce exactly the bytes of the straightforward definitions.

const texts = ['', 'a', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'x'.repeat(119), '张三'.repeat(40), '😀\u2028"\\', 'y'.repeat(5000)];

describe('ledger hashing fast paths', () => {
  it('UnitHasher and sha256PrefixedText equal node:crypto HMAC-SHA256 and SHA-256 at every padding boundary', () => {
    for (let i = 0; i < 400; i++) {
      const key = randomBytes(32);
      const hasher = new UnitHasher(key);
      const pointer = i % 5 === 0 ? `/changes/${'é'.repeat(i % 70)}` : `/changes/${i}/after`;
      const text = texts[i % texts.length]! + 'z'.repeat(i % 67);
      const salt = createHmac('sha256', key).update(pointer, 'utf8').digest();
      expect(hasher.salt(pointer).equals(salt)).toBe(true);
      expect(hasher.digest(pointer, text)).toBe(createHash('sha256').update(salt).update(text, 'utf8').digest('hex'));
      expect(sha256PrefixedText(key, text)).toBe(createHash('sha256').update(key).update(text, 'utf8').digest('hex'));
    }
  });

  it('encodeEvent equals the definition: digest = SHA-256(HMAC(eventSalt, pointer) || canonical JSON)', () => {
    const event = eventDocument([
      '7',
      '2026-11-23T00:00:00.000001Z',
      null,
      'a',
      null,
      'case.updated',
      'case',
      'x',
      null,
      JSON.stringify([
        { field: 'title', before: 'old', after: 'new 😀' },
        { field: 'fields.amount', before: null, after: { b: [1, 2.5], a: null } },
      ]),
      null,
      null,
      null,
      null,
      JSON.stringify({ z: 1, é: true }),
    ]);
    const salt = randomBytes(32);
    const unit = (pointer: string, value: Json) => createHash('sha256').update(createHmac('sha256', salt).update(pointer).digest()).update(canonicalJson(value), 'utf8').digest('hex');
    const e = event as { [k: string]: Json } & { changes: { field: string; before: Json; after: Json }[] };
    const committed = { ...e, changes: e.changes.map((c, i) => ({ ...c, before: unit(`/changes/${i}/before`, c.before), after: unit(`/changes/${i}/after`, c.after) })), data: unit('/data', e.data!) };
    expect(encodeEvent(event, salt).equals(leafInputOf(committed))).toBe(true);
  });

  it('computeBatch on the worker thread builds the same leaves and nodes as appendLeaves', async () => {
    const rows = Array.from({ length: 37 }, (_, i) => [String(i + 1), '2026-11-23T00:00:00.000000Z', null, null, null, 'test', 't', String(i), null, '[]', null, null, null, null, null]);
    const prefix = appendLeaves({ size: 0, nodes: [] }, [hashLeaf(Buffer.from('a')), hashLeaf(Buffer.from('b')), hashLeaf(Buffer.from('c'))]);
    const worker = startBatchWorker();
    try {
      const out = await worker.compute({ rows, frontier: prefix.frontier });
      const leafHashes = rows.map((row, i) => hashLeaf(encodeEvent(eventDocument(row), out.salts.subarray(i * 32, (i + 1) * 32))));
      expect(Buffer.from(out.leafHashes).equals(Buffer.concat(leafHashes))).toBe(true);
      const expected = appendLeaves(prefix.frontier, leafHashes);
      expect(out.nodeLevels).toEqual(expected.created.map((n) => n.level));
      expect(out.nodeIndexes).toEqual(expected.created.map((n) => n.index));
      expect(Buffer.from(out.nodeHashes).equals(Buffer.concat(expected.created.map((n) => n.hash)))).toBe(true);
      expect(out.frontier.size).toBe(40);
      expect(out.frontier.nodes.map((n) => Buffer.from(n.hash).toString('hex'))).toEqual(expected.frontier.nodes.map((n) => Buffer.from(n.hash).toString('hex')));
      const inline = computeBatch({ rows: rows.map((r) => ['xid', ...r]), columnOffset: 1, frontier: prefix.frontier });
      expect(inline.eventIds).toEqual(out.eventIds);
    } finally {
      await worker.close();
    }
  });
});
