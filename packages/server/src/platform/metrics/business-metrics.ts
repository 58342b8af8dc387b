import { Counter, Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/database.ts';
import type { DispatchedOutboxEvent, OutboxSubscriber } from '../outbox/index.ts';
import { boundedLabel } from './bounded-label.ts';
import { auditSequencerLag, caseTypeAndChannel, countOpenCasesByQueue, outboxOldestPendingSeconds } from './business-metrics-store.ts';

export interface MetricsLogger {
  warn(details: object, message: string): void;
}

/**
 * Gauges read from the database when Prometheus scrapes: open backlog per queue, outbox age per
 * subscriber, audit sequencer lag. Every process reports the same values (they are the database's),
 * so dashboards take max(), not sum(). A query that fails leaves its gauge empty for that scrape
 * and counts in docket_metrics_scrape_failures_total; /metrics still answers.
 */
export function registerScrapeMetrics(registry: Registry, database: Database, log?: MetricsLogger): void {
  const failures = new Counter({
    name: 'docket_metrics_scrape_failures_total',
    help: 'Scrape-time queries that failed, by metric',
    labelNames: ['metric'],
    registers: [registry],
  });
  const guarded = async (metric: string, gauge: { reset(): void }, read: () => Promise<void>) => {
    gauge.reset();
    try {
      await read();
    } catch (error) {
      failures.inc({ metric });
      // The error's name only: a driver message may quote a statement's parameters.
      log?.warn({ metric, error: error instanceof Error ? error.name : 'unknown' }, 'a metrics query failed; the gauge is empty for this scrape');
    }
  };
  const queueLabel = boundedLabel(200);
  new Gauge({
    name: 'docket_cases_open',
    help: "Unfinished cases (status category open or waiting) by queue key; queue='none' for cases in no queue",
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      await guarded('docket_cases_open', this, async () => {
        const byQueue = new Map<string, number>();
        for (const row of await countOpenCasesByQueue(database.db)) {
          const queue = queueLabel(row.queue);
          byQueue.set(queue, (byQueue.get(queue) ?? 0) + row.count);
        }
        for (const [queue, count] of byQueue) this.set({ queue }, count);
      });
    },
  });
  new Gauge({
    name: 'docket_outbox_oldest_pending_seconds',
    help: 'Age of the oldest outbox event a subscriber has not taken yet (0 when caught up), all processes',
    labelNames: ['subscriber'],
    registers: [registry],
    async collect() {
      await guarded('docket_outbox_oldest_pending_seconds', this, async () => {
        for (const row of await outboxOldestPendingSeconds(database.db)) this.set({ subscriber: row.subscriber }, row.seconds);
      });
    },
  });
  // Both gauges come from one statement, read once per scrape by whichever collects first.
  let lag: Promise<{ events: number; seconds: number }> | undefined;
  const readLag = () => {
    lag ??= auditSequencerLag(database.db).finally(() => {
      setImmediate(() => {
        lag = undefined;
      });
    });
    return lag;
  };
  new Gauge({
    name: 'docket_audit_sequencer_lag',
    help: 'Audit events not yet integrated into the ledger by the sequencer (counted up to 10000)',
    registers: [registry],
    async collect() {
      await guarded('docket_audit_sequencer_lag', this, async () => this.set((await readLag()).events));
    },
  });
  new Gauge({
    name: 'docket_audit_sequencer_lag_seconds',
    help: 'Age of the oldest audit event not yet integrated into the ledger (0 when none is waiting)',
    registers: [registry],
    async collect() {
      await guarded('docket_audit_sequencer_lag_seconds', this, async () => this.set((await readLag()).seconds));
    },
  });
}

export const METRICS_SUBSCRIBER = 'metrics';

/** Case creations waiting for their channel; flushed in batches, at the latest on the next scrape. */
const FLUSH_BATCH = 1_000;
const FLUSH_DELAY_MS = 100;

/**
 * The outbox subscriber 'metrics': counts cases created (by type and channel) and SLA breaches (by
 * target key) after their commit. Each event reaches one process (subscribers share a cursor), so
 * a counter counts what its process delivered and Prometheus sums the processes. A counter
 * restarts at 0 with its process; rate() and increase() account for that. A subscriber seen for
 * the first time starts at the oldest event the outbox still keeps (up to 7 days), so the first
 * scrape after an upgrade counts that backlog once.
 *
 * The channel is not in the event (payloads carry ids), so creations are queued and their channels
 * read in one statement per batch: a per-event lookup would hold up the dispatcher's other
 * subscribers during a bulk import.
 */
export function createMetricsSubscriber(registry: Registry, database: Database, log?: MetricsLogger): OutboxSubscriber & { flush(): Promise<void> } {
  const typeLabel = boundedLabel(100);
  const channelLabel = boundedLabel(50);
  const targetLabel = boundedLabel(50);
  const pending: { caseId: string; caseType: string }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const casesCreated = new Counter({
    name: 'docket_cases_created_total',
    help: 'Cases created, by case type key and channel (counted after commit by the outbox subscriber "metrics" of this process)',
    labelNames: ['type', 'channel'],
    registers: [registry],
    async collect() {
      await flush();
    },
  });
  const slaBreaches = new Counter({
    name: 'docket_sla_breaches_total',
    help: 'SLA clocks breached, by target key (counted after commit by the outbox subscriber "metrics" of this process)',
    labelNames: ['target'],
    registers: [registry],
  });

  async function flushOnce(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.splice(0, FLUSH_BATCH);
      let found: Awaited<ReturnType<typeof caseTypeAndChannel>>;
      try {
        found = await caseTypeAndChannel(database.db, [...new Set(batch.map((b) => b.caseId))]);
      } catch (error) {
        // Counted without the channel rather than lost or retried without end.
        log?.warn({ error: error instanceof Error ? error.name : 'unknown', cases: batch.length }, 'could not read the channels of created cases');
        found = new Map();
      }
      for (const b of batch) {
        const row = found.get(b.caseId);
        casesCreated.inc({ type: typeLabel(row?.typeKey ?? b.caseType), channel: row ? channelLabel(row.channel) : 'unknown' });
      }
    }
  }
  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    flushing = flushing.then(flushOnce).catch(() => undefined);
    return flushing;
  }

  return {
    name: METRICS_SUBSCRIBER,
    types: ['case.created', 'sla.target-breached'],
    async handle(event: DispatchedOutboxEvent) {
      const payload = event.payload as { caseId?: string; caseType?: string; key?: string };
      if (event.type === 'sla.target-breached') {
        slaBreaches.inc({ target: targetLabel(payload.key) });
        return;
      }
      if (typeof payload.caseId !== 'string') return;
      pending.push({ caseId: payload.caseId, caseType: payload.caseType ?? '' });
      if (pending.length >= FLUSH_BATCH) void flush();
      else
        timer ??= setTimeout(() => {
          void flush();
        }, FLUSH_DELAY_MS).unref();
    },
    flush,
  };
}
