import { AckPolicy, DeliverPolicy, type JetStreamManager, type JsMsg, type NatsConnection, nanos } from 'nats';
import { publishToSubject } from '../brokers/nats-publish.ts';
import { errorKind } from '../brokers/redact.ts';
import { createBatcher } from './batcher.ts';
import type { IngestMetrics } from './metrics.ts';
import { type ConsumerLog, type ConsumerSource, deadLetterHeaders, type IngestBatch, type NatsSourceConfig, type SourceConsumer, sourceFingerprint } from './types.ts';

export interface NatsConsumerOptions {
  ingest: IngestBatch;
  log: ConsumerLog;
  metrics: IngestMetrics;
  batchSize: number;
  batchWaitMs: number;
  /** Batches written at once. */
  concurrentBatches: number;
}

/** Long enough for a batch of thousands on a loaded database; a message not acknowledged by then goes to another process. */
export const NATS_ACK_WAIT_MS = 30_000;
/** Redeliveries only follow a failed write (the database away); with the growing delay this is about two hours. */
export const NATS_MAX_DELIVER = 200;

/**
 * A durable pull consumer of the source's stream, shared by every Docket process (each pulls its
 * own batches from it). A message is acknowledged only after its batch committed (or, invalid,
 * after it was published to the dead-letter subject): a crash in between redelivers it and the
 * ingestion answers 'duplicate', so each message has exactly one effect.
 */
export async function startNatsConsumer(nc: NatsConnection, source: ConsumerSource, options: NatsConsumerOptions): Promise<SourceConsumer> {
  const config = source.nats;
  if (!config) throw new Error(`source ${source.key} has no nats settings`);
  const jsm = await nc.jetstreamManager();
  await ensureStream(jsm, config);
  await ensureDurable(jsm, config, options.batchSize);
  const js = nc.jetstream();
  const consumer = await js.consumers.get(config.stream, config.durable);
  const { log, metrics } = options;
  let failed = false;

  const deadLetter = (m: JsMsg, headers: Record<string, string>) => publishToSubject(nc, config.deadLetterSubject, m.data, headers, `${config.stream}:${m.seq}:dead-letter`);

  const handle = async (batch: JsMsg[]) => {
    const receivedAt = new Date();
    const messages = batch.map((m) => ({ ref: `${config.stream}:${m.seq}`, body: Buffer.from(m.data), receivedAt, publishedAt: new Date(Math.floor(m.info.timestampNanos / 1e6)) }));
    let results: Awaited<ReturnType<IngestBatch>>;
    try {
      results = await options.ingest(source.key, messages);
    } catch (error) {
      // Nothing of the batch committed: every message comes back later (sooner for a first failure).
      for (const m of batch) m.nak(Math.min(60_000, 1_000 * 2 ** Math.min(6, m.info.redeliveryCount)));
      metrics.messages.inc({ source: source.key, result: 'failed' }, batch.length);
      log.error({ source: source.key, messages: batch.length, error: errorKind(error) }, 'ingesting a batch failed; the broker redelivers it');
      return;
    }
    const committedAt = Date.now();
    await Promise.all(
      batch.map(async (m, i) => {
        const result = results[i];
        if (!result) {
          m.nak(1_000);
          return;
        }
        metrics.messages.inc({ source: source.key, result: result.status });
        if (result.status === 'created' || result.status === 'updated') metrics.lag.observe({ source: source.key }, Math.max(0, committedAt - messages[i]!.publishedAt.getTime()) / 1000);
        if (result.status === 'invalid' || result.status === 'refused') {
          try {
            await deadLetter(m, deadLetterHeaders(source.key, result));
            metrics.deadLetters.inc({ source: source.key });
          } catch (error) {
            log.warn({ source: source.key, error: errorKind(error) }, 'publishing a dead letter failed; the message comes back');
            m.nak(5_000);
            return;
          }
        }
        m.ack();
      }),
    );
  };

  const batcher = createBatcher<JsMsg>({
    size: options.batchSize,
    waitMs: options.batchWaitMs,
    concurrency: options.concurrentBatches,
    handle,
    onError: (error) => log.error({ source: source.key, error: errorKind(error) }, 'nats consumer batch failed'),
  });
  // Iterator, not callback: the client pulls more only as this loop takes them, and the loop takes
  // them only while at most one batch beyond those being written is held, so no message waits here past its ack wait.
  const messages = await consumer.consume({ max_messages: options.batchSize });
  // A loaded database may hold a batch longer than the ack wait: held messages say they are being
  // worked on, so the server does not hand them to another process meanwhile.
  const keepAlive = setInterval(() => {
    for (const m of batcher.held()) m.working();
  }, NATS_ACK_WAIT_MS / 3);
  keepAlive.unref();
  const pulling = (async () => {
    for await (const m of messages) {
      if (!batcher.push(m)) {
        m.nak();
        continue;
      }
      if (batcher.size() >= options.batchSize * (options.concurrentBatches + 1)) await batcher.whenBelow(options.batchSize * options.concurrentBatches);
    }
  })().catch((error) => {
    failed = true;
    log.warn({ source: source.key, error: errorKind(error) }, 'nats consumer ended');
  });
  void messages.closed().then(
    (error) => {
      if (error) failed = true;
    },
    () => {
      failed = true;
    },
  );
  log.info({ source: source.key, stream: config.stream, durable: config.durable }, 'nats consumer started');

  return {
    key: source.key,
    fingerprint: sourceFingerprint(source),
    get failed() {
      return failed || nc.isClosed();
    },
    async stop() {
      await messages.close().catch(() => undefined);
      const rest = await batcher.close();
      clearInterval(keepAlive);
      await pulling;
      // Given back now rather than after the ack wait: another process takes them at once.
      for (const m of rest) m.nak();
      log.info({ source: source.key }, 'nats consumer stopped');
    },
  };
}

function isNotFound(error: unknown): boolean {
  const e = error as { code?: string; api_error?: { code?: number } };
  return e.code === '404' || e.api_error?.code === 404;
}

/** The stream is created when missing (a development set-up); an existing one is the operator's and left as it is. */
async function ensureStream(jsm: JetStreamManager, config: NatsSourceConfig): Promise<void> {
  try {
    await jsm.streams.info(config.stream);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add({ name: config.stream, subjects: [config.subject] }).catch(async (e) => {
      // Another process created it in the meantime.
      await jsm.streams.info(config.stream).catch(() => Promise.reject(e));
    });
  }
}

async function ensureDurable(jsm: JetStreamManager, config: NatsSourceConfig, batchSize: number): Promise<void> {
  try {
    await jsm.consumers.info(config.stream, config.durable);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers
      .add(config.stream, {
        durable_name: config.durable,
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(NATS_ACK_WAIT_MS),
        max_deliver: NATS_MAX_DELIVER,
        deliver_policy: DeliverPolicy.All,
        filter_subject: config.subject,
        // Several processes, each with a batch in hand and the next one buffered.
        max_ack_pending: Math.max(10_000, batchSize * 8),
      })
      .catch(async (e) => {
        await jsm.consumers.info(config.stream, config.durable).catch(() => Promise.reject(e));
      });
  }
}
