import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrokerConnections } from '../../../../src/modules/integration/brokers/connections.ts';
import { createIngestConsumers } from '../../../../src/modules/integration/consumers/index.ts';
import { listActiveSources } from '../../../../src/modules/integration/index.ts';
import type { ConsumerSource } from '../../../../src/modules/integration/consumers/types.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { AMQP_URL, createSource, alertStream, quietLog, sourceIngest, suffix, TEST_MESSAGES, waitFor, INGEST_WAIT_MS, INGEST_TEST_MS } from './helpers.ts';

// RabbitMQ ingestion against the real server (AMQP_URL, default amqp://guest:guest@127.0.0.1:5672):
// the same 10,000 alerts as over NATS, the malformed ones published to the dead-letter exchange
// with Docket-Reason / Docket-Errors headers, nothing left unacknowledged.

let t: TestApp;
let admin: string;
let connection: Awaited<ReturnType<typeof amqp.connect>>;
let channel: Awaited<ReturnType<Awaited<ReturnType<typeof amqp.connect>>['createConfirmChannel']>>;
const run = suffix();
const queues: string[] = [];
const exchanges: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  connection = await amqp.connect(AMQP_URL);
  channel = await connection.createConfirmChannel();
}, 60_000);
afterAll(async () => {
  for (const q of queues) await channel.deleteQueue(q).catch(() => undefined);
  for (const e of exchanges) await channel.deleteExchange(e).catch(() => undefined);
  await connection.close();
  await t.close();
});

const countCases = async (source: string) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM cases.case WHERE external_source = '${source}'`))[0]!.n);

describe('RabbitMQ ingestion', () => {
  it('turns 10,000 alerts (10 % duplicates, 1 % malformed) into exactly one case each and dead-letters the malformed with reasons', { timeout: INGEST_TEST_MS }, async () => {
    // given: the bank's topology (an alert queue, a dead-letter exchange and its queue) holding the alerts
    const key = `amqp-${run}`;
    const queue = `docket.test.alerts.${run}`;
    const dlx = `docket.test.dlx.${run}`;
    const deadQueue = `docket.test.dead.${run}`;
    queues.push(queue, deadQueue);
    exchanges.push(dlx);
    await channel.assertQueue(queue, { durable: false });
    await channel.assertExchange(dlx, 'direct', { durable: false });
    await channel.assertQueue(deadQueue, { durable: false });
    await channel.bindQueue(deadQueue, dlx, 'malformed');
    const { bodies, unique, malformed } = alertStream(`Q${run}`, TEST_MESSAGES);
    for (const body of bodies) channel.sendToQueue(queue, Buffer.from(body), { contentType: 'application/json', timestamp: Math.floor(Date.now() / 1000) });
    await channel.waitForConfirms();
    const source: ConsumerSource = { key, transport: 'amqp', nats: null, amqp: { queue, deadLetterExchange: dlx, deadLetterRoutingKey: 'malformed', prefetch: 1000 } };
    await createSource(t, admin, key, { transport: 'amqp', amqp: source.amqp });

    // when: two supervisors (two Docket processes) consume the queue
    const ingest = sourceIngest(t);
    const brokers = [createBrokerConnections({ amqpUrl: AMQP_URL, log: quietLog }), createBrokerConnections({ amqpUrl: AMQP_URL, log: quietLog })];
    const supervisors = brokers.map((b) => createIngestConsumers({ brokers: b, listSources: () => listActiveSources(t.database.db), ingest, log: quietLog, pollIntervalMs: 500 }));
    try {
      for (const s of supervisors) await s.start();
      // A consumer whose first start failed (a broker request timing out on a busy machine) is
      // started again at the next poll, as in production: both run within the wait, not at once.
      await waitFor(
        () => supervisors.every((s) => s.running().includes(key)),
        () => `running: ${JSON.stringify(supervisors.map((s) => s.running()))}; health: ${JSON.stringify(supervisors.map((s) => s.health()))}`,
        60_000,
      );
      expect(supervisors.map((s) => s.running())).toEqual([[key], [key]]);
      // then: one case per alert, the queue drained and acknowledged, the malformed on the dead-letter queue
      await waitFor(
        async () => (await countCases(key)) >= unique && (await channel.checkQueue(deadQueue)).messageCount >= malformed,
        async () => `cases ${await countCases(key)}/${unique}, dead letters ${(await channel.checkQueue(deadQueue)).messageCount}/${malformed}`,
        INGEST_WAIT_MS,
      );
      await waitFor(
        async () => (await channel.checkQueue(queue)).messageCount === 0,
        async () => JSON.stringify(await channel.checkQueue(queue)),
      );
    } finally {
      for (const s of supervisors) await s.stop();
      for (const b of brokers) await b.stop();
    }
    // Stopped consumers returned nothing unacknowledged: the queue stays empty.
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    expect(await countCases(key)).toBe(unique);
    const dead: amqp.GetMessage[] = [];
    for (let m = await channel.get(deadQueue, { noAck: true }); m; m = await channel.get(deadQueue, { noAck: true })) dead.push(m);
    expect(dead).toHaveLength(malformed);
    const headers = dead.map((m) => m.properties.headers ?? {});
    expect(headers.every((h) => h['Docket-Reason'] === 'invalid' && h['Docket-Source'] === key && h['Docket-Queue'] === queue)).toBe(true);
    const fields = headers.map((h) =>
      JSON.parse(String(h['Docket-Errors']))
        .map((e: { field: string }) => e.field)
        .join(),
    );
    expect(fields.filter((f) => f === '(message)')).toHaveLength(malformed / 2);
    expect(fields.filter((f) => f.includes('fields.amount'))).toHaveLength(malformed / 2);
    expect(dead.every((m) => bodies.includes(m.content.toString()))).toBe(true);
  });

  it('leaves a source whose queue does not exist unstarted, says so in health, and starts it once the queue is there', async () => {
    const key = `amqp-late-${run}`;
    const queue = `docket.test.late.${run}`;
    queues.push(queue);
    const brokers = createBrokerConnections({ amqpUrl: AMQP_URL, log: quietLog });
    const source: ConsumerSource = { key, transport: 'amqp', nats: null, amqp: { queue, deadLetterExchange: 'amq.direct' } };
    const supervisor = createIngestConsumers({ brokers, listSources: async () => [source], ingest: async () => [], log: quietLog, pollIntervalMs: 60_000 });
    try {
      await supervisor.start();
      expect(supervisor.running()).toEqual([]);
      expect(supervisor.health().detail).toContain(`not started: ${key}`);
      await channel.assertQueue(queue, { durable: false });
      await supervisor.reconcile();
      expect(supervisor.running()).toEqual([key]);
    } finally {
      await supervisor.stop();
      await brokers.stop();
    }
  });
});
