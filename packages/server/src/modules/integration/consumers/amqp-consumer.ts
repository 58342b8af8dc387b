import type { ConsumeMessage } from 'amqplib';
import type { AmqpConnection } from '../brokers/amqp.ts';
import { errorKind } from '../brokers/redact.ts';
import { createBatcher } from './batcher.ts';
import type { IngestMetrics } from './metrics.ts';
import { type ConsumerLog, type ConsumerSource, deadLetterHeaders, type IngestBatch, type SourceConsumer, sourceFingerprint } from './types.ts';

export interface AmqpConsumerOptions {
  ingest: IngestBatch;
  log: ConsumerLog;
  metrics: IngestMetrics;
  batchSize: number;
  batchWaitMs: number;
  /** Batches written at once. */
  concurrentBatches: number;
}

/**
 * A manual-ack consumer of the source's queue on a confirm channel of its own. An invalid message
 * is published to the source's dead-letter exchange with Docket-Reason / Docket-Errors headers and,
 * once the broker confirmed it, acknowledged: a queue's own x-dead-letter-exchange cannot carry
 * the reasons, and the bank may use it for something else. Valid messages are acknowledged after
 * their batch committed; a crash in between leaves them unacknowledged, RabbitMQ redelivers them
 * and the ingestion answers 'duplicate'. The queue must exist (it is the bank's topology).
 */
export async function startAmqpConsumer(connection: AmqpConnection, source: ConsumerSource, options: AmqpConsumerOptions): Promise<SourceConsumer> {
  const config = source.amqp;
  if (!config) throw new Error(`source ${source.key} has no amqp settings`);
  const { log, metrics } = options;
  const channel = await connection.createConfirmChannel();
  let failed = false;
  channel.on('error', (error: unknown) => log.warn({ source: source.key, error: errorKind(error) }, 'amqp channel error'));
  channel.on('close', () => {
    failed = true;
  });
  try {
    await channel.checkQueue(config.queue);
    await channel.prefetch(config.prefetch ?? options.batchSize * (options.concurrentBatches + 1));
  } catch (error) {
    await channel.close().catch(() => undefined);
    throw error;
  }

  const handle = async (batch: ConsumeMessage[]) => {
    const receivedAt = new Date();
    const messages = batch.map((m) => ({ ref: `${config.queue}:${m.fields.deliveryTag}`, body: m.content, receivedAt, publishedAt: publishTime(m) }));
    let results: Awaited<ReturnType<IngestBatch>>;
    try {
      results = await options.ingest(source.key, messages);
    } catch (error) {
      if (!failed) for (const m of batch) channel.nack(m, false, true);
      metrics.messages.inc({ source: source.key, result: 'failed' }, batch.length);
      log.error({ source: source.key, messages: batch.length, error: errorKind(error) }, 'ingesting a batch failed; the messages go back to the queue');
      return;
    }
    const committedAt = Date.now();
    let deadLetters = 0;
    for (const [i, m] of batch.entries()) {
      const result = results[i];
      if (!result) continue;
      metrics.messages.inc({ source: source.key, result: result.status });
      const publishedAt = messages[i]!.publishedAt;
      if ((result.status === 'created' || result.status === 'updated') && publishedAt) metrics.lag.observe({ source: source.key }, Math.max(0, committedAt - publishedAt.getTime()) / 1000);
      if (result.status === 'invalid' || result.status === 'refused') {
        channel.publish(config.deadLetterExchange, config.deadLetterRoutingKey ?? config.queue, m.content, {
          persistent: true,
          contentType: m.properties.contentType,
          messageId: m.properties.messageId,
          headers: { ...deadLetterHeaders(source.key, result), 'Docket-Queue': config.queue },
        });
        deadLetters++;
      }
    }
    if (deadLetters > 0) {
      try {
        await channel.waitForConfirms();
        metrics.deadLetters.inc({ source: source.key }, deadLetters);
      } catch (error) {
        log.warn({ source: source.key, error: errorKind(error) }, 'publishing dead letters failed; the messages go back to the queue');
        if (!failed) for (const m of batch) channel.nack(m, false, true);
        return;
      }
    }
    if (failed) return;
    for (const [i, m] of batch.entries()) {
      if (results[i]) channel.ack(m);
      else channel.nack(m, false, true);
    }
  };

  const batcher = createBatcher<ConsumeMessage>({
    size: options.batchSize,
    waitMs: options.batchWaitMs,
    concurrency: options.concurrentBatches,
    handle,
    onError: (error) => log.error({ source: source.key, error: errorKind(error) }, 'amqp consumer batch failed'),
  });
  const { consumerTag } = await channel.consume(
    config.queue,
    (m) => {
      // null: the broker cancelled the consumer (the queue was deleted).
      if (m === null) failed = true;
      else if (!batcher.push(m) && !failed) channel.nack(m, false, true);
    },
    { noAck: false },
  );
  log.info({ source: source.key, queue: config.queue }, 'amqp consumer started');

  return {
    key: source.key,
    fingerprint: sourceFingerprint(source),
    get failed() {
      return failed;
    },
    async stop() {
      if (!failed) await channel.cancel(consumerTag).catch(() => undefined);
      await batcher.close();
      // Closing the channel returns every unacknowledged message to the queue.
      if (!failed) await channel.close().catch(() => undefined);
      log.info({ source: source.key }, 'amqp consumer stopped');
    },
  };
}

/** The AMQP timestamp property, when the publisher set one (seconds; some publishers send milliseconds). */
function publishTime(m: ConsumeMessage): Date | undefined {
  const t = m.properties.timestamp;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) return undefined;
  return new Date(t > 1e12 ? t : t * 1000);
}
