import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { resolvePrincipal } from '../../../src/modules/access/index.ts';
import { ingestCases, type IngestItem, type IngestResult } from '../../../src/modules/cases/ingest-cases.ts';
import type { CommandContext } from '../../../src/platform/commands/index.ts';

// The ingestion path (modules/cases/ingest-cases.ts) behind POST /api/v1/cases/bulk, and fed
// directly the way a message consumer will: an async stream of inputs, results per batch.

let t: TestApp;
let agent: string;

beforeAll(async () => {
  t = await createTestApp();
  await createSeedCaseTypes(t, await t.login('admin'));
  await t.createUser('agent.ingest', ['agent']);
  agent = await t.login('agent.ingest');
});
afterAll(() => t.close());

const count = async (sql: string) => Number((await t.sql<{ n: string }>(sql))[0]!.n);
const countCases = () => count('SELECT count(*) AS n FROM cases.case');
const countCreatedEvents = () => count("SELECT count(*) AS n FROM audit.event WHERE action = 'case.created'");
const countOutbox = () => count("SELECT count(*) AS n FROM platform.outbox_event WHERE type = 'case.created'");
const postBulk = (lines: (object | string)[]) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/cases/bulk',
    headers: { ...bearer(agent), 'content-type': 'application/x-ndjson' },
    payload: lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'),
  });

describe('ingestion through POST /api/v1/cases/bulk', () => {
  it('lands the good lines, refuses the bad one with its reason, and a replay creates nothing more', async () => {
    // given: an import of four lines, the third with a resident id whose check digit is wrong
    const lines = [
      complaint({ externalId: 'ING-1' }),
      complaint({ externalId: 'ING-2' }),
      complaint({ externalId: 'ING-3' }, { residentId: '110105194912310021' }),
      complaint({ externalId: 'ING-4' }),
    ];
    const before = { cases: await countCases(), events: await countCreatedEvents(), outbox: await countOutbox() };
    // when
    const first = await postBulk(lines);
    // then: three created, each with its audit event and outbox row; the bad line names field and reason
    expect(first.statusCode).toBe(200);
    const answer = first.json();
    expect(answer).toMatchObject({ created: 3, duplicates: 0, invalid: 1, refused: 0 });
    expect(answer.results.map((r: IngestResult) => [r.line, r.status])).toEqual([
      [1, 'created'],
      [2, 'created'],
      [3, 'invalid'],
      [4, 'created'],
    ]);
    expect(answer.results[2]).toEqual({ line: 3, status: 'invalid', errors: [{ field: 'fields.residentId', reason: 'check digit does not match (GB 11643)' }] });
    expect(await countCases()).toBe(before.cases + 3);
    expect(await countCreatedEvents()).toBe(before.events + 3);
    expect(await countOutbox()).toBe(before.outbox + 3);

    // when: the same import is replayed (a retry after a lost answer)
    const replay = await postBulk(lines);
    // then: every good line answers duplicate with the first case's id and number; nothing is written
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ created: 0, duplicates: 3, invalid: 1, refused: 0 });
    const created = answer.results.filter((r: IngestResult) => r.status === 'created');
    const duplicates = replay.json().results.filter((r: IngestResult) => r.status === 'duplicate');
    expect(duplicates.map((r: { id: string; number: string }) => [r.id, r.number])).toEqual(created.map((r: { id: string; number: string }) => [r.id, r.number]));
    expect(await countCases()).toBe(before.cases + 3);
    expect(await countCreatedEvents()).toBe(before.events + 3);
    expect(await countOutbox()).toBe(before.outbox + 3);
  });
});

describe('ingestCases fed by a stream, as a consumer', () => {
  it('yields each batch of results after its own transaction, in input order', async () => {
    // given: an async source of five inputs (one invalid) and batches of two
    const principal = (await resolvePrincipal(t.database.db, agent, t.clock.now()))!;
    const transactions: string[] = [];
    const inTransaction = <T>(fn: (ctx: CommandContext) => Promise<T>) =>
      t.commands.runCommand({ actor: principal, requestId: 'consumer-test', channel: 'api' }, async (ctx) => {
        transactions.push((await ctx.tx.selectNoFrom((eb) => eb.fn<string>('txid_current', []).as('x')).executeTakeFirstOrThrow()).x);
        return fn(ctx);
      });
    async function* messages(): AsyncGenerator<IngestItem> {
      for (let i = 1; i <= 5; i++) {
        yield i === 2 ? { line: i, errors: [{ field: '(message)', reason: 'is not valid JSON' }] } : { line: i, input: complaint({ externalId: `MSG-${i}`, source: 'mq' }) as IngestItem['input'] };
      }
    }
    // when
    const batches: IngestResult[][] = [];
    for await (const batch of ingestCases(messages(), { inTransaction, batchSize: 2, concurrentBatches: 2 })) {
      // then: a yielded batch is committed, visible outside its transaction
      const ids = batch.flatMap((r) => (r.status === 'created' ? [r.id] : []));
      expect(await count(`SELECT count(*) AS n FROM cases.case WHERE id = ANY('{${ids.join(',')}}'::uuid[])`)).toBe(ids.length);
      batches.push(batch);
    }
    expect(batches.map((b) => b.map((r) => `${r.line}:${r.status}`))).toEqual([['1:created', '2:invalid'], ['3:created', '4:created'], ['5:created']]);
    expect(new Set(transactions).size).toBe(3);
    const stored = await t.sql<{ external_source: string; external_id: string }>("SELECT external_source, external_id FROM cases.case WHERE external_source = 'mq' ORDER BY external_id");
    expect(stored.map((r) => r.external_id)).toEqual(['MSG-1', 'MSG-3', 'MSG-4', 'MSG-5']);
  });

  it('stops at a batch the database refuses, with the batches before it committed', async () => {
    const principal = (await resolvePrincipal(t.database.db, agent, t.clock.now()))!;
    let calls = 0;
    const inTransaction = <T>(fn: (ctx: CommandContext) => Promise<T>) =>
      t.commands.runCommand({ actor: principal, requestId: 'consumer-test', channel: 'api' }, async (ctx) => {
        calls++;
        if (calls === 2) throw new Error('connection lost');
        return fn(ctx);
      });
    const items: IngestItem[] = [1, 2, 3].map((i) => ({ line: i, input: complaint({ externalId: `FAIL-${i}`, source: 'mq' }) as IngestItem['input'] }));
    const yielded: IngestResult[][] = [];
    await expect(async () => {
      for await (const batch of ingestCases(items, { inTransaction, batchSize: 1, concurrentBatches: 1 })) yielded.push(batch);
    }).rejects.toThrow('connection lost');
    expect(yielded.map((b) => b.map((r) => r.status))).toEqual([['created']]);
    expect(await count("SELECT count(*) AS n FROM cases.case WHERE external_id LIKE 'FAIL-%'")).toBe(1);
  });
});
