import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestSource } from '../../../../src/modules/integration/sources/source-commands.ts';
import { ingestSourceMessages } from '../../../../src/modules/integration/sources/ingest-messages.ts';
import { findSource } from '../../../../src/modules/integration/sources/source-store.ts';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { amlAlert, amlSourceBody, asUser, ingestDepsOf } from './source-fixtures.ts';

// The ingestion core the broker consumers (and the http transport) are built on: messages of one
// source mapped, validated and written through the bulk ingestion path, bad ones dead-lettered.

let t: TestApp;
let admin: string;
const key = `aml-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await asUser(t, admin, (ctx) => createIngestSource(ctx, amlSourceBody(key) as never));
});
afterAll(() => t.close());

const count = async (sql: string, values: unknown[] = []) => Number((await t.sql<{ n: string }>(sql, values))[0]!.n);

describe('ingestSourceMessages', () => {
  it('creates a case per good message, dead-letters the bad ones sealed, and a redelivery has no second effect', async () => {
    // given: three alerts, a repeat of the first, a message that is not JSON, one without an amount
    const messages = [
      { ref: '1', body: Buffer.from(JSON.stringify(amlAlert('A-1'))) },
      { ref: '2', body: JSON.stringify(amlAlert('A-2', { score: 50 })) },
      { ref: '3', body: amlAlert('A-3', { score: 10 }) },
      { ref: '4', body: JSON.stringify(amlAlert('A-1')) },
      { ref: '5', body: '{"alert": {"id": "A-5", 6222020299887766' },
      { ref: '6', body: JSON.stringify(amlAlert('A-6', { amount: null, account: '6222020277665544' })) },
    ];
    // when
    const results = await ingestSourceMessages(ingestDepsOf(t), key, messages);
    // then: one result per message, in order
    expect(results.map((r) => [r.ref, r.status])).toEqual([
      ['1', 'created'],
      ['2', 'created'],
      ['3', 'created'],
      ['4', 'duplicate'],
      ['5', 'invalid'],
      ['6', 'invalid'],
    ]);
    expect(results[3]!.caseId).toBe(results[0]!.caseId);
    expect(results[4]!.errors).toEqual([{ field: '(message)', reason: 'is not valid JSON' }]);
    expect(results[5]!.errors).toEqual([expect.objectContaining({ field: 'fields.amount' })]);
    expect(results[4]!.deadLetterId).toBeDefined();
    expect(results[5]!.deadLetterId).toBeDefined();

    // the cases carry the source as external source, the alert id as external id, the mapped values
    const cases = await t.sql<{ external_source: string; external_id: string; priority: string; channel: string; created_by: string }>(
      'SELECT c.external_source, c.external_id, c.priority, c.channel, u.username AS created_by FROM cases.case c JOIN access.user u ON u.id = c.created_by WHERE c.external_source = $1 ORDER BY c.external_id',
      [key],
    );
    expect(cases).toEqual([
      { external_source: key, external_id: 'A-1', priority: 'urgent', channel: key, created_by: `system:ingest:${key}` },
      { external_source: key, external_id: 'A-2', priority: 'normal', channel: key, created_by: `system:ingest:${key}` },
      { external_source: key, external_id: 'A-3', priority: 'normal', channel: key, created_by: `system:ingest:${key}` },
    ]);

    // the dead letters keep the message sealed: no account number in clear
    const letters = await t.sql<{ external_id: string | null; reason: string; message: string }>(
      'SELECT external_id, reason, message FROM integration.ingest_dead_letter WHERE source_key = $1 ORDER BY external_id',
      [key],
    );
    expect(letters).toHaveLength(2);
    expect(letters.map((l) => l.external_id)).toEqual(['A-6', null]);
    expect(letters[0]!.reason).toContain('fields.amount');
    for (const letter of letters) {
      expect(letter.message).toMatch(/^dk1\./);
      expect(letter.message).not.toContain('6222020');
      expect(letter.reason).not.toContain('6222020');
    }

    // when: the whole batch is redelivered
    const again = await ingestSourceMessages(ingestDepsOf(t), key, messages);
    // then: nothing new, and the bad ones find the dead letters they have
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'invalid', 'invalid']);
    expect(again.map((r) => r.caseId)).toEqual(results.map((r) => r.caseId));
    expect(again[4]!.deadLetterId).toBe(results[4]!.deadLetterId);
    expect(again[5]!.deadLetterId).toBe(results[5]!.deadLetterId);
    expect(await count('SELECT count(*) AS n FROM cases.case WHERE external_source = $1', [key])).toBe(3);
    expect(await count('SELECT count(*) AS n FROM integration.ingest_dead_letter WHERE source_key = $1', [key])).toBe(2);

    // the counters moved once per batch
    const source = await findSource(t.database.db, key);
    expect(source!.stats).toMatchObject({ received: 12, created: 3, updated: 0, duplicates: 5, deadLetters: 2 });
    expect(source!.stats.lastMessageAt).toBeInstanceOf(Date);
  });

  it('refuses a message whose external id is taken by a case the source may not read, naming nothing of that case', async () => {
    // given: a person opened a case under the source's external id T-1
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: bearer(admin),
      payload: { type: 'suggestion', title: 'by hand', fields: { suggestion: 'x' }, externalId: 'T-1', source: key },
    });
    expect(res.statusCode).toBe(201);
    // when
    const [result] = await ingestSourceMessages(ingestDepsOf(t), key, [{ ref: 't', body: amlAlert('T-1') }]);
    // then
    expect(result).toEqual({ ref: 't', status: 'refused', errors: [{ field: 'externalId', reason: 'is already used by a case you may not read' }], deadLetterId: expect.any(String) });
    expect(await count('SELECT count(*) AS n FROM integration.ingest_dead_letter WHERE id = $1 AND external_id = $2', [result!.deadLetterId, 'T-1'])).toBe(1);
  });
});
