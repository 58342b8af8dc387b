import type { ConfirmChannel } from 'amqplib';
import type { Registry } from 'prom-client';
import type { Clock } from '../../../platform/clock/index.ts';
import type { Database, Db } from '../../../platform/db/database.ts';
import type { DispatchedOutboxEvent, OutboxSubscriber } from '../../../platform/outbox/index.ts';
import type { BrokerConnections } from '../brokers/connections.ts';
import { publishToSubject } from '../brokers/nats-publish.ts';
import { errorKind } from '../brokers/redact.ts';
import { signatureHeader } from '../webhooks/signature.ts';
import { ingestMetrics } from '../consumers/metrics.ts';
import type { ConsumerLog } from '../consumers/types.ts';
import { type CaseOrigin, findCaseOrigin } from '../../cases/index.ts';

/** A source's write-back settings (IngestSourceRow.writeBack). */
export interface WriteBackSettings {
  target: 'none' | 'nats' | 'amqp' | 'callback';
  subject?: string;
  exchange?: string;
  routingKey?: string;
  url?: string;
  events: string[];
}

/** What is written back: ids, the number and the workflow state, never a field or the customer. */
export interface WriteBackMessage {
  source: string;
  externalId: string;
  caseId: string;
  number: string;
  event: string;
  status: string;
  statusCategory: string;
  /** The final status, once the case is resolved or closed. */
  resolution?: string;
  occurredAt: string;
}

export const WRITE_BACK_EVENT_TYPES = ['case.created', 'case.status-changed', 'case.assigned', 'case.fields-changed', 'case.commented'] as const;

export interface WriteBackOptions {
  database: Database;
  clock: Clock;
  brokers: BrokerConnections;
  /** The source's write-back settings; undefined: none (no such source, or no write-back). */
  findWriteBack: (db: Db, sourceKey: string) => Promise<WriteBackSettings | null | undefined>;
  /** The source's callback secret, decrypted (sources/source-store findCallbackSecret). */
  findCallbackSecret: (db: Db, sourceKey: string) => Promise<string | undefined>;
  log: ConsumerLog;
  metrics?: Registry;
  /** A callback that has not answered by then has failed (the outbox retries it). @default 10000 */
  callbackTimeoutMs?: number;
}

/**
 * The outbox subscriber 'integration-write-back': tells the system a case came from what became
 * of it. A failure throws, and the outbox dispatcher retries with back-off and parks the case's
 * later events behind it, so outcomes arrive in order. At least once: a receiver deduplicates by
 * the message id / Docket-Delivery (the outbox event id); NATS streams do it by Nats-Msg-Id.
 */
export function createWriteBackSubscriber(options: WriteBackOptions): OutboxSubscriber {
  const { database, brokers, log } = options;
  const metrics = ingestMetrics(options.metrics);
  const timeoutMs = options.callbackTimeoutMs ?? 10_000;

  // One confirm channel for every AMQP write-back, opened on first use, not one per event.
  let openChannel: Promise<ConfirmChannel> | undefined;
  const forgetChannel = (channel: ConfirmChannel) => {
    void openChannel?.then((current) => {
      if (current === channel) openChannel = undefined;
    });
    channel.close().catch(() => undefined);
  };
  const amqpChannel = async (): Promise<ConfirmChannel> => {
    if (!openChannel) {
      const opening = (async () => {
        const connection = await brokers.amqp();
        if (!connection) throw new WriteBackUnavailable('amqp');
        const channel = await connection.createConfirmChannel();
        channel.on('close', () => {
          if (openChannel === opening) openChannel = undefined;
        });
        channel.on('error', () => undefined);
        return channel;
      })();
      openChannel = opening;
      opening.catch(() => {
        if (openChannel === opening) openChannel = undefined;
      });
    }
    return openChannel;
  };

  const send = async (settings: WriteBackSettings, message: WriteBackMessage, event: DispatchedOutboxEvent) => {
    const body = JSON.stringify(message);
    const deliveryId = String(event.id);
    if (settings.target === 'nats') {
      const nc = await brokers.nats();
      if (!nc || !settings.subject) throw new WriteBackUnavailable('nats');
      await publishToSubject(nc, settings.subject, body, { 'Docket-Event': event.type, 'Docket-Delivery': deliveryId }, `write-back:${deliveryId}`);
    } else if (settings.target === 'amqp') {
      const channel = await amqpChannel();
      try {
        channel.publish(settings.exchange ?? '', settings.routingKey ?? '', Buffer.from(body), {
          persistent: true,
          contentType: 'application/json',
          messageId: deliveryId,
          type: event.type,
          timestamp: Math.floor(options.clock.now().getTime() / 1000),
          headers: { 'Docket-Event': event.type, 'Docket-Delivery': deliveryId },
        });
        await channel.waitForConfirms();
      } catch (error) {
        // A channel that failed is closed by the broker: the next write-back opens a new one.
        forgetChannel(channel);
        throw error;
      }
    } else if (settings.target === 'callback') {
      if (!settings.url) throw new WriteBackUnavailable('callback');
      const secret = await options.findCallbackSecret(database.db, message.source);
      if (!secret) throw new WriteBackUnavailable('callback secret');
      const response = await fetch(settings.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Docket-Signature': signatureHeader(body, [secret], options.clock.now()),
          'Docket-Event': event.type,
          'Docket-Delivery': deliveryId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new WriteBackRefused(response.status);
    }
  };

  return {
    name: 'integration-write-back',
    types: WRITE_BACK_EVENT_TYPES,
    async handle(event) {
      const caseId = (event.payload as { caseId?: unknown }).caseId;
      if (typeof caseId !== 'string') return;
      const origin = await findCaseOrigin(database.db, caseId);
      if (!origin) return;
      const settings = await options.findWriteBack(database.db, origin.externalSource);
      if (!settings || settings.target === 'none' || !settings.events.includes(event.type)) return;
      const message = writeBackMessage(origin, event);
      try {
        await send(settings, message, event);
        metrics.writeBack.inc({ source: origin.externalSource, result: 'succeeded' });
      } catch (error) {
        metrics.writeBack.inc({ source: origin.externalSource, result: 'failed' });
        log.warn({ source: origin.externalSource, target: settings.target, eventId: event.id, error: errorKind(error) }, 'write-back failed; the outbox retries it');
        throw error;
      }
    },
  };
}

export function writeBackMessage(origin: CaseOrigin, event: DispatchedOutboxEvent): WriteBackMessage {
  // A status change says which status it moved to; later events may already have moved it on.
  const to = event.type === 'case.status-changed' ? (event.payload as { to?: unknown }).to : undefined;
  const status = typeof to === 'string' ? to : origin.status;
  return {
    source: origin.externalSource,
    externalId: origin.externalId,
    caseId: origin.caseId,
    number: origin.number,
    event: event.type,
    status,
    statusCategory: origin.statusCategory,
    ...(origin.resolvedAt ? { resolution: origin.status } : {}),
    occurredAt: new Date(event.createdAt).toISOString(),
  };
}

class WriteBackUnavailable extends Error {
  override name = 'WriteBackUnavailable';
  constructor(readonly target: string) {
    super(`write-back target not configured: ${target}`);
  }
}
class WriteBackRefused extends Error {
  override name = 'WriteBackRefused';
  constructor(readonly code: number) {
    super(`callback answered ${code}`);
  }
}
