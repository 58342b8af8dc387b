import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueOutboxEvents } from '../../../src/platform/outbox/index.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

// Real docket-like processes (outbox-dispatcher-process.ts) sharing one database: the only
// coordination between them is PostgreSQL's, as between docket processes in production.

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CHILD = 'test/api/platform/outbox-dispatcher-process.ts';

let t: TestApp;
let databaseUrl: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestApp();
  databaseUrl = (t.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;
  await t.sql(`CREATE TABLE public.outbox_test_delivery (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, subscriber text, event_id bigint, aggregate_id text, n int, process text)`);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await t.close();
});

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startDispatcher(name: string, options: { subscribers: string[]; types: string[]; delayMs?: number; eventsPerPartition?: number }): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      OUTBOX_TEST_PROCESS: name,
      OUTBOX_TEST_SUBSCRIBERS: options.subscribers.join(','),
      OUTBOX_TEST_TYPES: options.types.join(','),
      OUTBOX_TEST_DELAY_MS: String(options.delayMs ?? 0),
      OUTBOX_TEST_EVENTS_PER_PARTITION: String(options.eventsPerPartition ?? 200),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await waitFor(
    () => output.includes('ready'),
    30_000,
    () => `${name} did not start: ${output}`,
  );
  return { process: child, output: () => output, exited };
}

async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, message: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Writes `perAggregate` events for each aggregate, one transaction per round, from `writers` concurrent writers. */
async function writeEvents(type: string, prefix: string, aggregates: number, perAggregate: number, writers = 4): Promise<number> {
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const mine = Array.from({ length: aggregates }, (_, a) => `${prefix}-${a}`).filter((_, a) => a % writers === w);
      for (let n = 0; n < perAggregate; n++) {
        await t.database.db.transaction().execute((tx) =>
          enqueueOutboxEvents(
            tx,
            mine.map((aggregateId) => ({ type, aggregateType: 'test', aggregateId, payload: { n } })),
          ),
        );
      }
    }),
  );
  return aggregates * perAggregate;
}

const deliveries = (subscriber: string) =>
  t.sql<{ event_id: string; aggregate_id: string; n: number; process: string }>('SELECT event_id, aggregate_id, n, process FROM public.outbox_test_delivery WHERE subscriber = $1 ORDER BY seq', [
    subscriber,
  ]);
const countDeliveries = async (subscriber: string) => Number((await t.sql<{ c: string }>('SELECT count(*) AS c FROM public.outbox_test_delivery WHERE subscriber = $1', [subscriber]))[0]!.c);
const eventIds = async (type: string) => (await t.sql<{ id: string }>('SELECT id FROM platform.outbox_event WHERE type = $1 ORDER BY id', [type])).map((r) => String(r.id));

/** Per aggregate, the payload counters in delivery order. */
function sequencesByAggregate(rows: { aggregate_id: string; n: number }[]): Map<string, number[]> {
  const byAggregate = new Map<string, number[]>();
  for (const row of rows) byAggregate.set(row.aggregate_id, [...(byAggregate.get(row.aggregate_id) ?? []), row.n]);
  return byAggregate;
}

describe('the outbox dispatcher shared by several processes', () => {
  it('delivers each event to each subscriber exactly once, in order per aggregate, with both processes working', async () => {
    // given: two processes with the same two subscribers
    const options = { subscribers: ['shared-alpha', 'shared-beta'], types: ['test.shared'], delayMs: 1 };
    const [one, two] = await Promise.all([startDispatcher('one', options), startDispatcher('two', options)]);
    // when: 4 writers commit 60 aggregates × 8 events while both deliver
    const total = await writeEvents('test.shared', 'shared', 60, 8);
    for (const subscriber of options.subscribers) {
      await waitFor(
        async () => (await countDeliveries(subscriber)) >= total,
        60_000,
        () => `${subscriber}: not all delivered`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would show up by now
    one.process.kill('SIGTERM');
    two.process.kill('SIGTERM');
    expect((await one.exited).code).toBe(0);
    expect((await two.exited).code).toBe(0);
    // then
    const ids = await eventIds('test.shared');
    expect(ids).toHaveLength(total);
    for (const subscriber of options.subscribers) {
      const rows = await deliveries(subscriber);
      expect(rows.map((r) => String(r.event_id)).sort()).toEqual([...ids].sort());
      for (const [aggregate, sequence] of sequencesByAggregate(rows)) expect(sequence, aggregate).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(new Set(rows.map((r) => r.process))).toEqual(new Set(['one', 'two']));
    }
  });

  it('loses nothing when a process gets SIGTERM in the middle of a batch: it acknowledges what it delivered, the other delivers the rest', async () => {
    // given: a slow process with events waiting
    const total = await writeEvents('test.sigterm', 'sigterm', 40, 10);
    const slow = await startDispatcher('slow', { subscribers: ['sigterm'], types: ['test.sigterm'], delayMs: 15, eventsPerPartition: 25 });
    await waitFor(
      async () => (await countDeliveries('sigterm')) >= 20,
      30_000,
      () => `slow did not deliver: ${slow.output()}`,
    );
    // when: SIGTERM while its batch (4 partitions × 25 events) is in hand
    slow.process.kill('SIGTERM');
    const exit = await slow.exited;
    const deliveredBySlow = await countDeliveries('sigterm');
    expect(exit.code).toBe(0);
    expect(slow.output()).toContain('stopped');
    expect(deliveredBySlow).toBeGreaterThan(20);
    expect(deliveredBySlow).toBeLessThan(total);
    // then: another process takes over and every event arrives once, in order per aggregate
    const other = await startDispatcher('other', { subscribers: ['sigterm'], types: ['test.sigterm'] });
    await waitFor(
      async () => (await countDeliveries('sigterm')) >= total,
      60_000,
      () => 'not all delivered after the takeover',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    other.process.kill('SIGTERM');
    expect((await other.exited).code).toBe(0);
    const rows = await deliveries('sigterm');
    expect(rows.map((r) => String(r.event_id)).sort()).toEqual((await eventIds('test.sigterm')).sort());
    for (const [aggregate, sequence] of sequencesByAggregate(rows)) expect(sequence, aggregate).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('loses nothing when a process is killed outright mid-batch: the unacknowledged batch is delivered again', async () => {
    // given
    const total = await writeEvents('test.sigkill', 'sigkill', 40, 10);
    const doomed = await startDispatcher('doomed', { subscribers: ['sigkill'], types: ['test.sigkill'], delayMs: 15, eventsPerPartition: 25 });
    await waitFor(
      async () => (await countDeliveries('sigkill')) >= 20,
      30_000,
      () => `doomed did not deliver: ${doomed.output()}`,
    );
    // when
    doomed.process.kill('SIGKILL');
    await doomed.exited;
    const other = await startDispatcher('survivor', { subscribers: ['sigkill'], types: ['test.sigkill'] });
    const ids = await eventIds('test.sigkill');
    await waitFor(
      async () => new Set((await deliveries('sigkill')).map((r) => String(r.event_id))).size >= total,
      60_000,
      () => 'not all delivered after the kill',
    );
    other.process.kill('SIGTERM');
    await other.exited;
    // then: at least once; a repeat only of what the killed process had not acknowledged
    const rows = await deliveries('sigkill');
    expect([...new Set(rows.map((r) => String(r.event_id)))].sort()).toEqual([...ids].sort());
    const survivorRows = rows.filter((r) => r.process === 'survivor');
    for (const [aggregate, sequence] of sequencesByAggregate(survivorRows)) {
      expect(sequence, aggregate).toEqual([...sequence].sort((a, b) => a - b));
    }
  });
});
