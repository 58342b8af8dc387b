import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../src/platform/clock/clock.ts';
import { createOutboxDispatcher, enqueueOutboxEvents, type OutboxDispatcher } from '../../../src/platform/outbox/index.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;
// Starts at the real time: the retention test compares the clock with created_at, which is the
// database's real time. A fixed start (2026-12-05T09:00Z, two days on = 12-07 09:00, minus a day of
// retention) failed once the suite ran after 2026-12-06 09:00 — the events were not yet older.
const clock = new FixedClock(new Date(Math.floor(Date.now() / 1000) * 1000));
let dispatcher: OutboxDispatcher;
const registry = new Registry();
const logged: { level: string; details: object; message: string }[] = [];
const received: string[] = [];
let flakyFailuresLeft = 2;
const attempts = new Map<string, number>();
// Aggregate ids in the same partition as 'bad', so "not blocked" means more than "another partition".
let good: string[];

const PAYLOAD_MARKER = 'value-that-must-not-be-logged';

beforeAll(async () => {
  t = await createTestApp({ clock });
  const candidates = await t.sql<{ id: string }>(
    `SELECT 'good-' || i AS id FROM generate_series(1, 2000) AS i
     WHERE (hashtext('test:good-' || i) & 15) = (hashtext('test:bad') & 15) LIMIT 2`,
  );
  good = candidates.map((c) => c.id);
  dispatcher = createOutboxDispatcher({
    database: t.database,
    clock,
    metrics: registry,
    maxAttempts: 3,
    retryDelayMs: 1_000,
    retentionMs: 24 * 3600_000,
    log: {
      info: (details, message) => logged.push({ level: 'info', details, message }),
      warn: (details, message) => logged.push({ level: 'warn', details, message }),
      error: (details, message) => logged.push({ level: 'error', details, message }),
    },
  });
  dispatcher.subscribe({
    name: 'fragile',
    types: ['test.happened'],
    async handle(event) {
      const { n } = event.payload as { n: number };
      const label = `${event.aggregateId}#${n}`;
      attempts.set(label, (attempts.get(label) ?? 0) + 1);
      if (event.aggregateId === 'bad') throw new TypeError(`cannot handle ${PAYLOAD_MARKER}`);
      if (event.aggregateId === 'flaky' && flakyFailuresLeft-- > 0) throw new Error('temporarily down');
      received.push(label);
    },
  });
  await dispatcher.runDue(clock.now());
});
afterAll(async () => {
  await dispatcher.stop();
  await t.close();
});

const enqueue = (events: [string, number][]) =>
  t.database.db.transaction().execute((tx) =>
    enqueueOutboxEvents(
      tx,
      events.map(([aggregateId, n]) => ({ type: 'test.happened', aggregateType: 'test', aggregateId, payload: { n, secret: PAYLOAD_MARKER } })),
    ),
  );
const advance = async (ms: number) => {
  clock.advanceMs(ms);
  await dispatcher.runDue(clock.now());
};
const parked = () =>
  t.sql<{ aggregate_id: string; attempts: number; next_attempt_at: Date | null; dead_at: Date | null; last_error: string | null }>(
    `SELECT p.aggregate_id, p.attempts, p.next_attempt_at, p.dead_at, p.last_error FROM platform.outbox_parked p ORDER BY p.position`,
  );

describe('a failing outbox subscriber', () => {
  it('is retried with back-off while other aggregates, even in the same partition, go on', async () => {
    // given
    await enqueue([
      ['bad', 1],
      [good[0]!, 1],
      ['flaky', 1],
    ]);
    await enqueue([
      ['bad', 2],
      [good[0]!, 2],
      ['flaky', 2],
      [good[1]!, 1],
    ]);
    // when
    await dispatcher.runDue(clock.now());
    // then: the good ones arrived; bad#2 and flaky#2 wait behind their first events, untried
    expect([...received].sort()).toEqual([`${good[0]}#1`, `${good[0]}#2`, `${good[1]}#1`].sort());
    expect(attempts.get('bad#1')).toBe(1);
    expect(attempts.get('bad#2')).toBeUndefined();
    expect(attempts.get('flaky#2')).toBeUndefined();
    expect(await parked()).toEqual(
      expect.arrayContaining([
        { aggregate_id: 'bad', attempts: 1, next_attempt_at: new Date(clock.now().getTime() + 1_000), dead_at: null, last_error: 'TypeError' },
        { aggregate_id: 'bad', attempts: 0, next_attempt_at: null, dead_at: null, last_error: null },
        { aggregate_id: 'flaky', attempts: 1, next_attempt_at: new Date(clock.now().getTime() + 1_000), dead_at: null, last_error: 'Error' },
      ]),
    );
    // and nothing is retried before the back-off has passed
    await advance(999);
    expect(attempts.get('bad#1')).toBe(1);
  });

  it('delivers a recovered aggregate in order: the held event follows the retried one', async () => {
    await advance(1); // second attempt of flaky#1 fails; back-off doubles to 2 s
    expect(attempts.get('flaky#1')).toBe(2);
    await advance(1_999);
    expect(attempts.get('flaky#1')).toBe(2);
    await advance(1); // third attempt succeeds, and flaky#2 follows at once
    expect(received.slice(-2)).toEqual(['flaky#1', 'flaky#2']);
    expect(attempts.get('flaky#1')).toBe(3);
    expect(attempts.get('flaky#2')).toBe(1);
    expect((await parked()).filter((r) => r.aggregate_id === 'flaky')).toEqual([]);
  });

  it('dead-letters after the last attempt, with a metric and a log line naming no payload value, and moves on', async () => {
    await advance(60_000);
    await advance(60_000);
    await advance(60_000);
    const rows = await parked();
    const bad = rows.filter((r) => r.aggregate_id === 'bad');
    expect(bad).toHaveLength(2);
    for (const row of bad) expect(row).toMatchObject({ attempts: 3, next_attempt_at: null, last_error: 'TypeError', dead_at: expect.any(Date) });
    expect(attempts.get('bad#1')).toBe(3);
    expect(attempts.get('bad#2')).toBe(3);
    const metrics = await registry.getSingleMetricAsString('docket_outbox_dead_letters');
    expect(metrics).toContain('docket_outbox_dead_letters{subscriber="fragile"} 2');
    const deadLines = logged.filter((l) => l.message.includes('dead-lettered'));
    expect(deadLines.map((l) => l.details)).toEqual([
      expect.objectContaining({ subscriber: 'fragile', type: 'test.happened', aggregateType: 'test', attempts: 3, error: 'TypeError' }),
      expect.objectContaining({ subscriber: 'fragile', type: 'test.happened', aggregateType: 'test', attempts: 3, error: 'TypeError' }),
    ]);
    expect(JSON.stringify(logged)).not.toContain(PAYLOAD_MARKER);
    expect(JSON.stringify(rows)).not.toContain(PAYLOAD_MARKER);
    // and a later event of a healthy aggregate is still delivered at once
    await enqueue([[good[1]!, 2]]);
    await dispatcher.runDue(clock.now());
    expect(received.at(-1)).toBe(`${good[1]}#2`);
  });

  it('after the retention period deletes the events every subscriber took, keeping dead letters', async () => {
    // given: the events are older than a day by the clock (created_at is the database's time)
    const before = await t.sql<{ id: string }>('SELECT id FROM platform.outbox_event');
    expect(before.length).toBe(8);
    // when
    clock.advanceMs(2 * 24 * 3600_000);
    await dispatcher.runDue(clock.now());
    // then
    const left = await t.sql<{ aggregate_id: string }>('SELECT aggregate_id FROM platform.outbox_event ORDER BY id');
    expect(left).toEqual([{ aggregate_id: 'bad' }, { aggregate_id: 'bad' }]);
  });
});
