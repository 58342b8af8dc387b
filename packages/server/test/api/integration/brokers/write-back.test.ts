import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import amqp from 'amqplib';
import { connect, type Msg, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSystemActorOrThrow, type SystemActorName } from '../../../../src/modules/access/index.ts';
import { verifySignature } from '../../../../src/modules/integration/webhooks/signature.ts';
import { type BrokerIntegration, createBrokerIntegration } from '../../../../src/modules/integration/index.ts';
import { createOutboxDispatcher, type OutboxDispatcher } from '../../../../src/platform/outbox/index.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { AMQP_URL, alert, createSource, NATS_URL, quietLog, sourceIngest, suffix, waitFor } from './helpers.ts';

// Write-back: a case created from a source's message tells that source what became of it, over
// the source's NATS subject, AMQP exchange and routing key, or a callback signed like a webhook.

let t: TestApp;
let admin: string;
let nc: NatsConnection;
let connection: Awaited<ReturnType<typeof amqp.connect>>;
let integration: BrokerIntegration;
let dispatcher: OutboxDispatcher;
let receiver: Server;
let receiverUrl: string;
const callbacks: { headers: IncomingHttpHeaders; body: string }[] = [];
let failNextCallbacks = 0;
const run = suffix();
const SECRET = `callback-secret-${run}-0123456789`;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
  connection = await amqp.connect(AMQP_URL);
  // As main.ts puts it together (this process consumes nothing): the real sources, their sealed callback secret.
  integration = createBrokerIntegration({
    database: t.database,
    clock: t.clock,
    commands: t.commands,
    systemActor: (db, name) => findSystemActorOrThrow(db, name as SystemActorName),
    keyRing: t.keyRing,
    log: quietLog,
    natsUrl: NATS_URL,
    amqpUrl: AMQP_URL,
    consumersEnabled: false,
  });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      callbacks.push({ headers: req.headers, body });
      if (failNextCallbacks > 0) {
        failNextCallbacks--;
        res.writeHead(503).end();
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/docket/outcomes`;
  dispatcher = createOutboxDispatcher({ database: t.database, clock: t.clock, retryDelayMs: 10, maxRetryDelayMs: 10 });
  dispatcher.subscribe(integration.writeBack);
  // Events from before the test (the case types' own) are taken now, not in a test's run.
  await dispatcher.runDue(new Date());
}, 60_000);
afterAll(async () => {
  await integration.brokers.stop();
  await nc.drain();
  await connection.close();
  await new Promise((r) => receiver.close(r));
  await t.close();
});

async function createAlertCase(source: string, alertId: string): Promise<{ caseId: string; number: string }> {
  const [result] = await sourceIngest(t)(source, [{ ref: 'test:1', body: Buffer.from(JSON.stringify(alert(alertId))) }]);
  expect(result).toMatchObject({ status: 'created' });
  return { caseId: result!.caseId!, number: result!.number! };
}

describe('write-back of a case created from a source', () => {
  it('publishes the outcome to the source’s NATS subject: ids, number and status, no field', async () => {
    // given: a source writing back case.created to a subject, and a system listening there
    const source = `wb-nats-${run}`;
    const subject = `test.outcomes.${run}`;
    await createSource(t, admin, source, { transport: 'http', writeBack: { target: 'nats', subject, events: ['case.created'] } });
    const received: Msg[] = [];
    nc.subscribe(subject, { callback: (_e, m) => received.push(m) });
    await nc.flush();
    // when
    const created = await createAlertCase(source, `WB-N-${run}`);
    await dispatcher.runDue(new Date());
    // then
    await waitFor(
      () => received.length === 1,
      () => `received ${received.length}`,
      30_000,
    );
    const message = JSON.parse(new TextDecoder().decode(received[0]!.data));
    expect(message).toEqual({
      source,
      externalId: `WB-N-${run}`,
      caseId: created.caseId,
      number: created.number,
      event: 'case.created',
      status: expect.any(String),
      statusCategory: expect.any(String),
      occurredAt: expect.any(String),
    });
    expect(received[0]!.headers?.get('Docket-Event')).toBe('case.created');
    expect(JSON.stringify(message)).not.toContain('6222020200112233445');
  });

  it('publishes the outcome to the source’s AMQP exchange and routing key', async () => {
    const source = `wb-amqp-${run}`;
    const channel = await connection.createChannel();
    const queue = `docket.test.outcomes.${run}`;
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
    await channel.bindQueue(queue, 'amq.direct', `outcomes.${run}`);
    try {
      await createSource(t, admin, source, { transport: 'http', writeBack: { target: 'amqp', exchange: 'amq.direct', routingKey: `outcomes.${run}`, events: ['case.created'] } });
      const created = await createAlertCase(source, `WB-A-${run}`);
      await dispatcher.runDue(new Date());
      let got: amqp.GetMessage | false = false;
      await waitFor(
        async () => {
          got = await channel.get(queue, { noAck: true });
          return got !== false;
        },
        () => 'no message on the outcome queue',
        30_000,
      );
      const m = got as unknown as amqp.GetMessage;
      expect(JSON.parse(m.content.toString())).toMatchObject({ source, externalId: `WB-A-${run}`, caseId: created.caseId, number: created.number, event: 'case.created' });
      expect(m.properties.headers?.['Docket-Event']).toBe('case.created');
      expect(m.properties.contentType).toBe('application/json');
    } finally {
      await channel.deleteQueue(queue).catch(() => undefined);
      await channel.close();
    }
  });

  it('POSTs the outcome to the callback URL with a valid Docket-Signature, and retries a callback that failed', async () => {
    const source = `wb-callback-${run}`;
    await createSource(t, admin, source, { transport: 'http', writeBack: { target: 'callback', url: receiverUrl, callbackSecret: SECRET, events: ['case.created'] } });
    callbacks.length = 0;
    failNextCallbacks = 1;
    const created = await createAlertCase(source, `WB-C-${run}`);
    // when: the first attempt meets a 503, the outbox retries
    await dispatcher.runDue(new Date());
    await waitFor(
      async () => {
        await dispatcher.runDue(new Date(Date.now() + 60_000));
        return callbacks.length >= 2;
      },
      () => `callbacks ${callbacks.length}`,
      30_000,
    );
    // then: both attempts are the same delivery, and the signature verifies with the shared secret
    expect(callbacks.map((c) => c.headers['docket-delivery'])).toEqual([callbacks[0]!.headers['docket-delivery'], callbacks[0]!.headers['docket-delivery']]);
    const last = callbacks[1]!;
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers['docket-event']).toBe('case.created');
    expect(verifySignature(String(last.headers['docket-signature']), last.body, SECRET, new Date())).toBe(true);
    expect(verifySignature(String(last.headers['docket-signature']), last.body, 'another-secret-of-enough-length', new Date())).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({ source, externalId: `WB-C-${run}`, caseId: created.caseId, number: created.number, event: 'case.created' });
  });

  it('writes back nothing for an event the source did not ask for, or a case from no source', async () => {
    const source = `wb-none-${run}`;
    const subject = `test.outcomes.none.${run}`;
    await createSource(t, admin, source, { transport: 'http', writeBack: { target: 'nats', subject, events: ['case.status-changed'] } });
    const received: Msg[] = [];
    nc.subscribe(subject, { callback: (_e, m) => received.push(m) });
    await nc.flush();
    await createAlertCase(source, `WB-X-${run}`);
    await dispatcher.runDue(new Date());
    await nc.flush();
    expect(received).toEqual([]);
  });
});
