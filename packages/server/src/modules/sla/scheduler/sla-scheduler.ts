import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../../../platform/clock/index.ts';
import type { CommandRunner, SystemActorResolver } from '../../../platform/commands/index.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { Worker, WorkerHealth } from '../../../platform/workers/index.ts';
import { fireClaimedTargets } from './fire-batch.ts';
import { claimDueTargets, countDueTargets, hasDueTarget } from './store.ts';

type Log = { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };

export interface SlaSchedulerOptions {
  database: Database;
  /** The one clock: a level is due when this clock reaches it (the test clock included). */
  clock: Clock;
  /** Each batch runs as one command of `system:sla` through this runner. */
  commands: CommandRunner;
  systemActor: SystemActorResolver;
  log?: Log;
  /** Clocks claimed and fired per transaction. @default 500 */
  batchSize?: number;
  /** Batches fired side by side (each its own transaction and connection) while levels are due. @default 2 */
  concurrency?: number;
  /** How often the scheduler looks for due levels when the last batch was not full, on the process's own timer. @default 250 */
  pollIntervalMs?: number;
  /** How long runDue waits for due clocks another process holds. @default 30000 */
  runDueTimeoutMs?: number;
  /** Recorded in sla.firing.worker. @default host:pid */
  workerName?: string;
}

export interface SlaScheduler extends Worker {
  runDue(now: Date): Promise<void>;
  /** Claims and fires one batch of clocks due at `now`; returns how many clocks it handled. */
  runBatch(now: Date): Promise<number>;
}

export const SLA_SCHEDULER_ACTOR = 'system:sla';
/** The channel of the scheduler's audit events: it runs as a background job. */
export const SLA_SCHEDULER_CHANNEL = 'job';

const silent: Log = { info: () => undefined, warn: () => undefined };

/**
 * The `sla-scheduler` worker: fires the warning, breach and after-breach levels of SLA clocks
 * (sla.target.next_fire_at) when they fall due, any number of processes side by side. Each level
 * fires once: the claim locks the rows (FOR UPDATE SKIP LOCKED), and the level is marked in
 * fired_levels (and sla.firing) in the transaction that runs its effects.
 */
export function createSlaScheduler(options: SlaSchedulerOptions): SlaScheduler {
  const { database, clock, commands, systemActor } = options;
  const log = options.log ?? silent;
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollIntervalMs ?? 250;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const runDueTimeoutMs = options.runDueTimeoutMs ?? 30_000;
  const worker = options.workerName ?? `${hostname()}:${process.pid}`;

  let stopping = false;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let lastFailure: string | undefined;
  const inFlight = new Set<Promise<number>>();

  async function runBatchNow(now: Date): Promise<number> {
    return database.db.transaction().execute(async (tx) => {
      const claimed = await claimDueTargets(tx, { now, limit: batchSize });
      if (claimed.length === 0) return 0;
      // Looked up per batch: a grant taken away applies from the next batch.
      const actor = await systemActor(tx, SLA_SCHEDULER_ACTOR);
      const outcome = await commands.runCommandIn(tx, { actor, channel: SLA_SCHEDULER_CHANNEL, requestId: `sla:${randomUUID()}` }, (ctx) => fireClaimedTargets(ctx, claimed, worker, log));
      if (outcome.skipped > 0) log.warn({ skipped: outcome.skipped }, 'SLA clocks skipped: their calendar or levels cannot be computed');
      // Clocks whose case another transaction held are due again at once: a full batch of those
      // must not read as "more to do now" (the loop would spin while that command runs).
      return outcome.handled;
    });
  }

  function runBatch(now: Date): Promise<number> {
    const batch = runBatchNow(now);
    inFlight.add(batch);
    const settle = () => inFlight.delete(batch);
    batch.then(settle, settle);
    return batch;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let full = false;
      try {
        const now = clock.now();
        // Idle, the usual case: one indexed probe outside a transaction, not BEGIN/claim/COMMIT.
        if (await hasDueTarget(database.db, now)) {
          // A burst: several batches at once, SKIP LOCKED giving each its own clocks; the
          // database's cores work on them while this process waits on the others' round trips.
          const claimed = await Promise.allSettled(Array.from({ length: concurrency }, () => runBatch(now)));
          const failed = claimed.find((c) => c.status === 'rejected');
          if (failed) throw (failed as PromiseRejectedResult).reason;
          full = claimed.some((c) => c.status === 'fulfilled' && c.value === batchSize);
        }
        lastFailure = undefined;
      } catch (error) {
        // A deadlock with a command on the same case, a failover: the batch rolled back whole; the next pass takes it again.
        lastFailure = (error as Error).message;
        log.warn({ err: lastFailure }, 'the SLA scheduler could not fire a batch; it tries again');
      }
      if (stopping) break;
      if (full) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  return {
    name: 'sla-scheduler',
    async start() {
      stopping = false;
      running ??= loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = undefined;
      await Promise.allSettled([...inFlight]);
    },
    health(): WorkerHealth {
      if (lastFailure) return { ok: false, detail: `the last batch failed: ${lastFailure}` };
      return { ok: true };
    },
    runBatch,
    // Fires batches until nothing is due at `now`; clocks another process holds are waited for, so
    // the test clock answers only once every level due by then has fired.
    async runDue(now) {
      const deadline = performance.now() + runDueTimeoutMs;
      for (;;) {
        if ((await runBatch(now)) > 0) continue;
        if ((await countDueTargets(database.db, now)) === 0) return;
        if (performance.now() > deadline) throw new Error(`SLA levels due at ${now.toISOString()} are still held by another process after ${runDueTimeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
