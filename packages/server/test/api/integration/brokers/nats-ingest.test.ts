import { connect, type Msg, type NatsConnection } from 'nats';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrokerConnections } from '../../../../src/modules/integration/brokers/connections.ts';
import { createIngestConsumers } from '../../../../src/modules/integration/consumers/index.ts';
import { listActiveSources } from '../../../../src/modules/integration/index.ts';
import type { ConsumerSource } from '../../../../src/modules/integration/consumers/types.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { createSource, alertStream, NATS_URL, quietLog, sourceIngest, suffix, TEST_MESSAGES, waitFor, INGEST_WAIT_MS, INGEST_TEST_MS } from './helpers.ts';

// NATS JetStream ingestion against the real server (NATS_URL, default nats://127.0.0.1:4222):
// 10,000 alerts with 10 % duplicates and 1 % malformed make exactly one case per alert, and the
// malformed ones arrive on the dead-letter subject with their reasons.

let t: TestApp;
let admin: string;
let nc: NatsConnection;
const run = suffix();
const streams: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
}, 60_000);
afterAll(async () => {
  const jsm = await nc.jetstreamManager();
  for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
  await nc.drain();
  await t.close();
});

const countCases = async (source: string) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM cases.case WHERE external_source = '${source}'`))[0]!.n);

function natsSource(key: string): ConsumerSource & { nats: NonNullable<ConsumerSource['nats']> } {
  const stream = `DOCKET_TEST_${key.toUpperCase().replace(/-/g, '_')}`;
  streams.push(stream);
  return { key, transport: 'nats', nats: { stream, subject: `test.alerts.${key}`, durable: `docket-${key}`, deadLetterSubject: `test.alerts.${key}.dead` }, amqp: null };
}

async function publishAll(subject: string, bodies: string[]) {
  const js = nc.jetstream();
  for (let i = 0; i < bodies.length; i += 500) await Promise.all(bodies.slice(i, i + 500).map((b) => js.publish(subject, b)));
}

describe('NATS JetStream ingestion', () => {
  it('turns 10,000 alerts (10 % duplicates, 1 % malformed) into exactly one case each and dead-letters the malformed with reasons', { timeout: INGEST_TEST_MS }, async () => {
    // given: a source whose stream holds the alerts, and a listener on its dead-letter subject
    const source = natsSource(`nats-${run}`);
    await createSource(t, admin, source.key, { transport: 'nats', nats: source.nats });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: source.nats.stream, subjects: [source.nats.subject] });
    const { bodies, unique, malformed } = alertStream(`A${run}`, TEST_MESSAGES);
    await publishAll(source.nats.subject, bodies);
    const deadLetters: Msg[] = [];
    nc.subscribe(source.nats.deadLetterSubject, { callback: (_e, m) => deadLetters.push(m) });
    await nc.flush();

    // when: the consumers run (two supervisors: two Docket processes sharing the durable consumer)
    const ingest = sourceIngest(t);
    const registry = new Registry();
    const brokers = [createBrokerConnections({ natsUrl: NATS_URL, log: quietLog }), createBrokerConnections({ natsUrl: NATS_URL, log: quietLog })];
    const supervisors = brokers.map((b) => createIngestConsumers({ brokers: b, listSources: () => listActiveSources(t.database.db), ingest, log: quietLog, pollIntervalMs: 500, metrics: registry }));
    try {
      for (const s of supervisors) await s.start();
      // A consumer whose first start failed (a broker request timing out on a busy machine) is
      // started again at the next poll, as in production: both run within the wait, not at once.
      await waitFor(
        () => supervisors.every((s) => s.running().includes(source.key)),
        () => `running: ${JSON.stringify(supervisors.map((s) => s.running()))}; health: ${JSON.stringify(supervisors.map((s) => s.health()))}`,
        60_000,
      );
      expect(supervisors.map((s) => s.running())).toEqual([[source.key], [source.key]]);

      // then: every valid alert has one case, every malformed one a dead letter, nothing is left unacknowledged
      await waitFor(
        async () => (await countCases(source.key)) >= unique && new Set(deadLetters.map((m) => m.headers?.get('Docket-Message-Ref'))).size >= malformed,
        async () => `cases ${await countCases(source.key)}/${unique}, dead letters ${deadLetters.length}/${malformed}`,
        INGEST_WAIT_MS,
      );
      await waitFor(
        async () => {
          const info = await jsm.consumers.info(source.nats.stream, source.nats.durable);
          return info.num_pending === 0 && info.num_ack_pending === 0;
        },
        async () => JSON.stringify(await jsm.consumers.info(source.nats.stream, source.nats.durable)),
      );
    } finally {
      for (const s of supervisors) await s.stop();
      for (const b of brokers) await b.stop();
    }
    expect(await countCases(source.key)).toBe(unique);
    const distinct = await t.sql<{ n: string }>(`SELECT count(DISTINCT external_id) AS n FROM cases.case WHERE external_source = '${source.key}'`);
    expect(Number(distinct[0]!.n)).toBe(unique);
    // At least once: a redelivered malformed message is dead-lettered again, with the same reference.
    const byRef = new Map(deadLetters.map((m) => [m.headers?.get('Docket-Message-Ref'), m]));
    expect(byRef.size).toBe(malformed);
    const reasons = [...byRef.values()].map((m) => ({ reason: m.headers?.get('Docket-Reason'), source: m.headers?.get('Docket-Source'), errors: JSON.parse(m.headers?.get('Docket-Errors') ?? '[]') }));
    expect(reasons.filter((r) => r.errors.some((e: { field: string }) => e.field === '(message)'))).toHaveLength(malformed / 2);
    expect(reasons.filter((r) => r.errors.some((e: { field: string }) => e.field === 'fields.amount'))).toHaveLength(malformed / 2);
    expect(reasons.every((r) => r.reason === 'invalid' && r.source === source.key)).toBe(true);
    // The original body rides along; the headers carry no value of it.
    expect(deadLetters.every((m) => bodies.includes(new TextDecoder().decode(m.data)))).toBe(true);
    // The metrics of the brief: per source and result, the lag of every created case, the dead letters.
    const metric = async (name: string) => (await registry.getSingleMetric(name)!.get()).values;
    const messages = await metric('docket_ingest_messages_total');
    const counted = (result: string) => messages.filter((v) => v.labels.source === source.key && v.labels.result === result).reduce((n, v) => n + v.value, 0);
    // Exactly one created per case even when a redelivered copy met its first in one batch (each copy its own result).
    expect(counted('created')).toBe(unique);
    expect(counted('created') + counted('duplicate')).toBeGreaterThanOrEqual(bodies.length - malformed);
    const lagCount = (await metric('docket_ingest_lag_seconds')).find((v) => (v as { metricName?: string }).metricName === 'docket_ingest_lag_seconds_count' && v.labels.source === source.key);
    expect(lagCount?.value).toBe(counted('created'));
    expect((await metric('docket_ingest_dead_letters_total')).find((v) => v.labels.source === source.key)?.value).toBeGreaterThanOrEqual(malformed);
    expect(deadLetters.every((m) => !(m.headers?.get('Docket-Errors') ?? '').includes('6222020200112233445'))).toBe(true);
  });

  it('starts no consumer and connects nowhere without NATS_URL and AMQP_URL', async () => {
    const source = natsSource(`off-${run}`);
    let listed = 0;
    const brokers = createBrokerConnections({ log: quietLog });
    const supervisor = createIngestConsumers({
      brokers,
      listSources: async () => {
        listed++;
        return [source];
      },
      ingest: async () => [],
      log: quietLog,
      pollIntervalMs: 50,
    });
    await supervisor.start();
    await supervisor.reconcile();
    expect(supervisor.running()).toEqual([]);
    expect(listed).toBe(0);
    expect(supervisor.health()).toEqual({ ok: true, detail: 'no broker configured' });
    expect(await brokers.nats()).toBeUndefined();
    expect(await brokers.amqp()).toBeUndefined();
    await supervisor.stop();
    await brokers.stop();
  });
});
