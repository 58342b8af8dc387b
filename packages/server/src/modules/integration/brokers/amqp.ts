import amqp from 'amqplib';
import type { BrokerLog } from './connections.ts';
import { brokerAddress, errorKind } from './redact.ts';

export type AmqpConnection = Awaited<ReturnType<typeof amqp.connect>>;

/**
 * A RabbitMQ connection. amqplib does not reconnect: when the connection closes, `onClose` runs
 * and the owner (BrokerConnections) opens a new one on the next request for it.
 */
export async function connectAmqp(url: string, log: BrokerLog, onClose: () => void): Promise<AmqpConnection> {
  const address = brokerAddress(url);
  const connection = await amqp.connect(url, { clientProperties: { connection_name: 'docket-integration' } });
  connection.on('error', (error: unknown) => log.warn({ broker: address, error: errorKind(error) }, 'amqp connection error'));
  connection.on('close', () => {
    log.warn({ broker: address }, 'amqp connection closed');
    onClose();
  });
  return connection;
}
