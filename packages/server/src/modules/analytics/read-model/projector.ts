import { Gauge, Histogram, type Registry } from 'prom-client';
import { sql } from 'kysely';
import type { Clock } from '../../../platform/clock/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { acknowledgeBatch, assignPositions, claimPartitions, ensureCursors, OUTBOX_PARTITIONS, type StoredOutboxEvent } from '../../../platform/outbox/index.ts';
import type { Worker, WorkerHealth } from '../../../platform/workers/index.ts';
import { findTasksWithChangedHolder, projectTouched } from './projection-store.ts';

/** The projector's name in platform.outbox_cursor (its progress per partition). Renaming it starts over. */
export const READ_MODEL_SUBSCRIBER = 'analytics-read-model';

/**
 * The events that change a fact. Each names its case (payload.caseId) and, for tasks, the task:
 * the projector re-projects those from the current rows, so it does not matter which change an
 * event describes, nor whether it arrives twice. Claims and hand-backs of process tasks publish no
 * event; the projector finds open tasks whose holder changed on each round (findTasksWithChangedHolder).
 */
export const READ_MODEL_EVENT_TYPES = [
  'case.created',
  'case.status-changed',
  'case.assigned',
  'case.fields-changed',
  'process.instance-started',
  'process.instance-completed',
  'process.instance-terminated',
  'process.task-created',
  'process.task-completed',
  'process.task-canceled',
  'process.instance-rewound',
  'sla.target-met',
  'sla.target-breached',
  'routing.decided',
] as const;

export interface ProjectorMetrics {
  lag: Histogram;
  batch: Histogram;
  lastLag: Gauge;
  applied: Gauge;
}

/** docket_analytics_read_model_lag_seconds: event committed → applied to the read model. */
export function createProjectorMetrics(registry: Registry): ProjectorMetrics {
  return {
    lag: new Histogram({
      name: 'docket_analytics_read_model_lag_seconds',
      help: 'Seconds from an outbox event being written to the analytics read model applying it (docs/operators/analytics-read-model.md)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    batch: new Histogram({
      name: 'docket_analytics_read_model_batch_seconds',
      help: 'Seconds one projector batch took (claim, re-project, roll up, move the cursors, commit): a growing lag with short batches means the process is starved, not the projection slow',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: [registry],
    }),
    lastLag: new Gauge({ name: 'docket_analytics_read_model_last_lag_seconds', help: 'Lag of the newest event the last batch applied', registers: [registry] }),
    applied: new Gauge({ name: 'docket_analytics_read_model_events_applied', help: 'Events this process applied to the read model since it started', registers: [registry] }),
  };
}

export interface BatchResult {
  events: number;
  cases: number;
  tasks: number;
  /** Seconds between each applied event's creation and its batch's commit time. */
  lags: number[];
}

const STAMP_BATCH = 5_000;
/** How often the worker looks for claimed or handed-back tasks (they publish no event). */
const HOLDER_SWEEP_MS = 5_000;

/**
 * One batch: claim every partition no other process holds, read up to `perPartition` new events
 * of each, re-project the cases and tasks they name and move the cursors — all in one
 * transaction, so a batch is applied exactly once or not at all. A failing batch rolls back and
 * is retried whole (the error is a bug or an outage; there is nothing per event to park).
 */
export async function applyBatch(db: Db, now: () => Date, perPartition = 500, sweepHolders = true): Promise<BatchResult> {
  return db.transaction().execute(async (tx) => {
    const claimed = await claimPartitions(tx, { subscriber: READ_MODEL_SUBSCRIBER, types: READ_MODEL_EVENT_TYPES, now: now(), maxPartitions: OUTBOX_PARTITIONS, perPartition, offset: 0 });
    const events: StoredOutboxEvent[] = claimed.flatMap((c) => c.events);
    const caseIds = new Set<string>();
    const taskIds = new Set<string>();
    for (const event of events) {
      const payload = (event.payload ?? {}) as { caseId?: unknown; taskId?: unknown };
      if (typeof payload.caseId === 'string') caseIds.add(payload.caseId);
      if (typeof payload.taskId === 'string' && event.type.startsWith('process.')) taskIds.add(payload.taskId);
    }
    if (sweepHolders) for (const id of await findTasksWithChangedHolder(tx, 1_000)) taskIds.add(id);
    const cursors = claimed
      .map((c) => ({ partition: c.partition, position: c.events.length === perPartition ? c.events[c.events.length - 1]!.position : Math.max(c.cursor, c.head) }))
      .filter((c, i) => c.position > claimed[i]!.cursor);
    if (caseIds.size === 0 && taskIds.size === 0 && cursors.length === 0) return { events: 0, cases: 0, tasks: 0, lags: [] };
    const appliedAt = now();
    await projectTouched(tx, { caseIds: [...caseIds], taskIds: [...taskIds] }, appliedAt);
    if (cursors.length > 0) await acknowledgeBatch(tx, READ_MODEL_SUBSCRIBER, { cursors, delivered: [], parked: [] });
    const newest = events.reduce<Date | null>((max, e) => (max === null || e.createdAt > max ? e.createdAt : max), null);
    if (events.length > 0) {
      await sql`UPDATE analytics.projector_state SET last_event_at = GREATEST(last_event_at, ${newest!.toISOString()}::timestamptz), last_applied_at = ${appliedAt.toISOString()}::timestamptz`.execute(
        tx,
      );
    }
    return { events: events.length, cases: caseIds.size, tasks: taskIds.size, lags: events.map((e) => Math.max(0, (appliedAt.getTime() - e.createdAt.getTime()) / 1000)) };
  });
}

/** Applies everything committed so far, batch after batch; returns how many events. */
export async function catchUp(db: Db, now: () => Date = () => new Date()): Promise<number> {
  await ensureCursors(db, READ_MODEL_SUBSCRIBER);
  while ((await assignPositions(db, STAMP_BATCH)) === STAMP_BATCH) {
    // A full stamp: more may wait.
  }
  let total = 0;
  for (;;) {
    const batch = await applyBatch(db, now);
    total += batch.events;
    if (batch.events === 0 && batch.cases === 0 && batch.tasks === 0) return total;
  }
}

export interface ReadModelProjectorOptions {
  db: Db;
  clock: Clock;
  metrics?: Registry;
  log?: { error(details: object, message: string): void };
  /** Idle wait between polls. @default 250 */
  pollIntervalMs?: number;
  /** New events read per partition per batch. @default 500 */
  eventsPerPartition?: number;
  /** Runs once before the first batch (main.ts: rebuild a read model never built). */
  beforeFirstBatch?: () => Promise<unknown>;
}

/**
 * The projector as a worker: polls the outbox, applies batches while there are events, waits
 * `pollIntervalMs` when idle. Several processes may run it: a batch claims partitions with SKIP
 * LOCKED and batches serialise on one advisory lock (case_daily rows are shared by partitions).
 */
export function createReadModelProjector(options: ReadModelProjectorOptions): Worker {
  const { db, clock } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const metrics = options.metrics ? createProjectorMetrics(options.metrics) : undefined;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let failure: string | undefined;
  let applied = 0;
  let lastSweep = 0;

  async function round(): Promise<number> {
    // No stamping here: positions are the outbox dispatcher's (its loop stamps every round). A test
    // clock's move drains exactly what was stamped when it began; a second stamper in the loop kept
    // handing it new events during a burst, and the move never returned (process crash test).
    // The holder sweep joins every open task with its fact: every few seconds, not every batch.
    const sweep = Date.now() - lastSweep >= HOLDER_SWEEP_MS;
    if (sweep) lastSweep = Date.now();
    const started = performance.now();
    const batch = await applyBatch(db, () => clock.now(), options.eventsPerPartition ?? 500, sweep);
    applied += batch.events;
    if (metrics) {
      if (batch.events > 0) metrics.batch.observe((performance.now() - started) / 1000);
      for (const lag of batch.lags) metrics.lag.observe(lag);
      if (batch.lags.length > 0) metrics.lastLag.set(Math.min(...batch.lags));
      metrics.applied.set(applied);
    }
    return batch.events;
  }

  async function runLoop(): Promise<void> {
    while (running) {
      try {
        await ensureCursors(db, READ_MODEL_SUBSCRIBER);
        await options.beforeFirstBatch?.();
        break;
      } catch (error) {
        failure = error instanceof Error ? error.name : 'unknown error';
        options.log?.error({ error: failure }, 'analytics read model could not start; retrying');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    while (running) {
      let work = 0;
      try {
        work = await round();
        failure = undefined;
      } catch (error) {
        failure = error instanceof Error ? error.name : 'unknown error';
        options.log?.error({ error: failure }, 'analytics read model batch failed; retrying');
      }
      if (work === 0 && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, failure ? Math.max(pollIntervalMs, 1_000) : pollIntervalMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  }

  return {
    name: 'analytics-read-model',
    async start() {
      if (running) return;
      running = true;
      loop = runLoop();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = undefined;
    },
    health(): WorkerHealth {
      if (failure) return { ok: false, detail: `last batch failed: ${failure}` };
      return { ok: true, detail: `${applied} event(s) applied${running ? '' : ', stopped'}` };
    },
    // No runDue: a move of the test clock waits for the work it made due (timers, escalations),
    // and nothing in the read model falls due with time; the loop applies events within its poll
    // interval anyway. Catching up on every move made each move wait for a whole backlog (the
    // process engine's crash test moves the clock while 12 clients complete tasks).
  };
}
