import type { Registry } from 'prom-client';
import type { Worker, WorkerHealth } from '../../../platform/workers/index.ts';
import type { BrokerConnections } from '../brokers/connections.ts';
import { errorKind } from '../brokers/redact.ts';
import { startAmqpConsumer } from './amqp-consumer.ts';
import { inLockOrder } from './lock-order.ts';
import { ingestMetrics } from './metrics.ts';
import { startNatsConsumer } from './nats-consumer.ts';
import { type ConsumerLog, type ConsumerSource, type IngestBatch, type SourceConsumer, sourceFingerprint } from './types.ts';

export interface IngestConsumersOptions {
  brokers: BrokerConnections;
  /** The active sources (all transports; http ones are left to their route). */
  listSources: () => Promise<ConsumerSource[]>;
  ingest: IngestBatch;
  log: ConsumerLog;
  metrics?: Registry;
  /** How often the active sources are read again: a source added, changed or switched off takes effect within this. @default 3000 */
  pollIntervalMs?: number;
  /** Messages per batch (one transaction). @default 1000, as the bulk route's */
  batchSize?: number;
  /** Batches of one consumer written at once. @default 2, as the bulk route's */
  concurrentBatches?: number;
  /** How long the first message of a batch waits for more. @default 50 */
  batchWaitMs?: number;
}

export interface IngestConsumers extends Worker {
  /** Reads the sources and starts, restarts or stops consumers to match (what every poll does). */
  reconcile(): Promise<void>;
  /** Keys of the sources being consumed now. */
  running(): string[];
}

/**
 * The 'ingest-consumers' worker: one consumer per active nats/amqp source whose broker is
 * configured, kept in step with the sources table by polling it. Without NATS_URL and AMQP_URL it
 * reads nothing and connects nowhere.
 */
export function createIngestConsumers(options: IngestConsumersOptions): IngestConsumers {
  const { brokers, log } = options;
  const metrics = ingestMetrics(options.metrics);
  const pollIntervalMs = options.pollIntervalMs ?? 3_000;
  const consumerOptions = {
    ingest: inLockOrder(options.ingest),
    log,
    metrics,
    batchSize: options.batchSize ?? 1_000,
    batchWaitMs: options.batchWaitMs ?? 50,
    concurrentBatches: options.concurrentBatches ?? 2,
  };
  const consumers = new Map<string, SourceConsumer>();
  const problems = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let reconciling: Promise<void> | undefined;
  let stopped = true;

  const wanted = (source: ConsumerSource) => (source.transport === 'nats' && brokers.natsConfigured && source.nats) || (source.transport === 'amqp' && brokers.amqpConfigured && source.amqp);

  const start = async (source: ConsumerSource): Promise<SourceConsumer | undefined> => {
    if (source.transport === 'nats') {
      const nc = await brokers.nats();
      return nc && startNatsConsumer(nc, source, consumerOptions);
    }
    const connection = await brokers.amqp();
    return connection && startAmqpConsumer(connection, source, consumerOptions);
  };

  const reconcileOnce = async () => {
    if (stopped || (!brokers.natsConfigured && !brokers.amqpConfigured)) return;
    const sources = (await options.listSources()).filter(wanted);
    const byKey = new Map(sources.map((s) => [s.key, s]));
    for (const [key, consumer] of consumers) {
      const source = byKey.get(key);
      if (source && !consumer.failed && sourceFingerprint(source) === consumer.fingerprint) continue;
      consumers.delete(key);
      await consumer.stop().catch((error) => log.warn({ source: key, error: errorKind(error) }, 'stopping a consumer failed'));
    }
    for (const source of sources) {
      if (consumers.has(source.key) || stopped) continue;
      try {
        const consumer = await start(source);
        if (!consumer) continue;
        if (stopped) {
          await consumer.stop();
          continue;
        }
        consumers.set(source.key, consumer);
        problems.delete(source.key);
      } catch (error) {
        const kind = errorKind(error);
        if (problems.get(source.key) !== kind) log.warn({ source: source.key, transport: source.transport, error: kind }, 'could not start the consumer; retrying');
        problems.set(source.key, kind);
      }
    }
    for (const key of problems.keys()) if (!byKey.has(key)) problems.delete(key);
  };

  const reconcile = () => {
    reconciling ??= reconcileOnce()
      .catch((error) => log.error({ error: errorKind(error) }, 'reading the ingestion sources failed'))
      .finally(() => {
        reconciling = undefined;
      });
    return reconciling;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void reconcile().finally(schedule), pollIntervalMs);
    timer.unref();
  };

  return {
    name: 'ingest-consumers',
    reconcile,
    running: () => [...consumers.keys()].sort(),
    async start() {
      stopped = false;
      if (!brokers.natsConfigured && !brokers.amqpConfigured) {
        log.info({}, 'no broker configured (NATS_URL, AMQP_URL): no ingestion consumer runs');
        return;
      }
      await reconcile();
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await reconciling;
      const all = [...consumers.values()];
      consumers.clear();
      await Promise.allSettled(all.map((c) => c.stop()));
    },
    health(): WorkerHealth {
      if (!brokers.natsConfigured && !brokers.amqpConfigured) return { ok: true, detail: 'no broker configured' };
      const detail = `${consumers.size} consumer(s)${problems.size > 0 ? `; not started: ${[...problems.entries()].map(([k, e]) => `${k} (${e})`).join(', ')}` : ''}`;
      return { ok: true, detail };
    },
  };
}
