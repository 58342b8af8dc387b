import { Counter, Histogram, type Registry } from 'prom-client';

/** The ingestion and write-back metrics (names fixed by the brief of issue 18, docs/operators/brokers.md). */
export interface IngestMetrics {
  messages: Counter<'source' | 'result'>;
  lag: Histogram<'source'>;
  deadLetters: Counter<'source'>;
  writeBack: Counter<'source' | 'result'>;
}

const byRegistry = new WeakMap<Registry, IngestMetrics>();
let unregistered: IngestMetrics | undefined;

/** The metrics on `registry` (created once per registry: the consumers and the write-back share them), or unregistered ones without. */
export function ingestMetrics(registry?: Registry): IngestMetrics {
  if (!registry) {
    unregistered ??= create([]);
    return unregistered;
  }
  let found = byRegistry.get(registry);
  if (!found) {
    found = create([registry]);
    byRegistry.set(registry, found);
  }
  return found;
}

function create(registers: Registry[]): IngestMetrics {
  return {
    messages: new Counter({
      name: 'docket_ingest_messages_total',
      help: 'Broker messages ingested, by source and result (created, updated, duplicate, invalid, refused, failed)',
      labelNames: ['source', 'result'],
      registers,
    }),
    lag: new Histogram({
      name: 'docket_ingest_lag_seconds',
      help: 'From the broker receiving a message (its publish time) to its case committed',
      labelNames: ['source'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    deadLetters: new Counter({ name: 'docket_ingest_dead_letters_total', help: 'Messages sent to the dead-letter subject or exchange, by source', labelNames: ['source'], registers }),
    writeBack: new Counter({ name: 'docket_writeback_total', help: 'Case outcomes written back to a source (succeeded, failed)', labelNames: ['source', 'result'], registers }),
  };
}
