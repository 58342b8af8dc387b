import type { NatsConnection } from 'nats';
import type { Worker, WorkerHealth } from '../../../platform/workers/index.ts';
import { type AmqpConnection, connectAmqp } from './amqp.ts';
import { connectNats } from './nats.ts';
import { brokerAddress, errorKind } from './redact.ts';

export interface BrokerLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * The process's broker connections, opened on first use and shared by the ingestion consumers and
 * the write-back. A Worker only so that it closes after them (registered before both, it stops
 * after both) and reports the brokers in /readyz. A broker whose URL is not configured is never
 * contacted: `nats()` / `amqp()` resolve undefined.
 */
export interface BrokerConnections extends Worker {
  readonly natsConfigured: boolean;
  readonly amqpConfigured: boolean;
  nats(): Promise<NatsConnection | undefined>;
  amqp(): Promise<AmqpConnection | undefined>;
}

export interface BrokerConnectionsOptions {
  natsUrl?: string;
  amqpUrl?: string;
  log: BrokerLog;
}

export function createBrokerConnections(options: BrokerConnectionsOptions): BrokerConnections {
  const { natsUrl, amqpUrl, log } = options;
  let nats: Promise<NatsConnection> | undefined;
  let amqp: Promise<AmqpConnection> | undefined;
  let stopped = false;
  let lastError: string | undefined;

  const remember = <T>(p: Promise<T>, which: string, forget: () => void): Promise<T> =>
    p.catch((error) => {
      forget();
      lastError = `${which}: ${errorKind(error)}`;
      throw error;
    });

  return {
    name: 'integration-brokers',
    natsConfigured: Boolean(natsUrl),
    amqpConfigured: Boolean(amqpUrl),
    async nats() {
      if (!natsUrl || stopped) return undefined;
      if (!nats) {
        const opening: Promise<NatsConnection> = remember(connectNats(natsUrl, log), 'nats', () => {
          if (nats === opening) nats = undefined;
        });
        nats = opening;
      }
      const nc = await nats;
      if (nc.isClosed()) {
        nats = undefined;
        return this.nats();
      }
      return nc;
    },
    async amqp() {
      if (!amqpUrl || stopped) return undefined;
      if (!amqp) {
        const forget = () => {
          if (amqp === opening) amqp = undefined;
        };
        const opening: Promise<AmqpConnection> = remember(connectAmqp(amqpUrl, log, forget), 'amqp', forget);
        amqp = opening;
      }
      return amqp;
    },
    async start() {
      stopped = false;
      if (natsUrl || amqpUrl) log.info({ nats: natsUrl ? brokerAddress(natsUrl) : null, amqp: amqpUrl ? brokerAddress(amqpUrl) : null }, 'brokers configured');
    },
    async stop() {
      stopped = true;
      const [n, a] = [nats, amqp];
      nats = undefined;
      amqp = undefined;
      await Promise.allSettled([n?.then((c) => c.drain()), a?.then((c) => c.close())]);
    },
    health(): WorkerHealth {
      if (!natsUrl && !amqpUrl) return { ok: true, detail: 'no broker configured' };
      return { ok: true, detail: lastError ? `last connection error ${lastError}` : 'brokers configured' };
    },
  };
}
