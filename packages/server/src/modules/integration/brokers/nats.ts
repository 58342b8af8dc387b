import { connect, type NatsConnection } from 'nats';
import type { BrokerLog } from './connections.ts';
import { brokerAddress, errorKind } from './redact.ts';

/**
 * One NATS connection for the process: the client reconnects by itself (forever, every 2 s), and
 * JetStream consumers resume on the new connection. Credentials stay in the URL handed to the
 * client; only the host and port are logged.
 */
export async function connectNats(url: string, log: BrokerLog): Promise<NatsConnection> {
  const parsed = new URL(url);
  const nc = await connect({
    servers: `${parsed.hostname}:${parsed.port || '4222'}`,
    ...(parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : {}),
    name: 'docket-integration',
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 2_000,
    waitOnFirstConnect: true,
  });
  const address = brokerAddress(url);
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') log.warn({ broker: address, status: status.type }, 'nats connection status');
    }
  })().catch((error) => log.warn({ broker: address, error: errorKind(error) }, 'nats status watch ended'));
  return nc;
}
