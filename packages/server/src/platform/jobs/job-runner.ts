import type { Database } from '../db/database.ts';
import type { Clock } from '../clock/clock.ts';
import type { Worker, WorkerHealth } from '../workers/worker.ts';
import type { Actor, CommandRunner, SystemActorResolver } from '../commands/index.ts';
import type { JobHandlers } from './handlers.ts';
import { claimDueJobs, countDueJobs, markJobAttemptFailed, markJobsDone, savepoint } from './store.ts';

type Log = { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };

export interface JobRunnerOptions {
  database: Database;
  clock: Clock;
  handlers: JobHandlers;
  /** Every job runs as a command through this runner (audit events, `publish`, the system actor's grants). */
  commands: CommandRunner;
  /** Finds the system actor a handler acts as (main.ts passes modules/access's findSystemActorOrThrow). */
  systemActor: SystemActorResolver;
  log?: Log;
  /** Jobs claimed and run per transaction. @default 20 */
  batchSize?: number;
  /** How often the runner looks for due jobs when the last batch was not full. @default 1000 */
  pollIntervalMs?: number;
  /** How long runDue waits for due jobs another runner holds. @default 30000 */
  runDueTimeoutMs?: number;
}

export interface JobRunner extends Worker {
  runDue(now: Date): Promise<void>;
  /** Claims and runs one batch of jobs due at `now`; returns how many it claimed. */
  runBatch(now: Date): Promise<number>;
}

/** The channel of every job's audit events. */
export const JOB_CHANNEL = 'job';

const silent: Log = { info: () => undefined, warn: () => undefined };
// Stored for operators; a stack or a driver's long message is not what they need.
const MAX_ERROR_LENGTH = 500;

/** The 'job-runner' worker: runs due jobs in batches, any number of processes side by side. */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { database, clock, handlers, commands, systemActor } = options;
  const log = options.log ?? silent;
  const batchSize = options.batchSize ?? 20;
  const pollMs = options.pollIntervalMs ?? 1_000;
  const runDueTimeoutMs = options.runDueTimeoutMs ?? 30_000;

  let stopping = false;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let lastFailure: string | undefined;
  const inFlight = new Set<Promise<number>>();

  async function runBatchNow(now: Date): Promise<number> {
    const kinds = handlers.kinds();
    if (kinds.length === 0) return 0;
    // One transaction per batch: the claimed rows stay locked until every job in it has run,
    // and the completions commit together (one commit per batch, not per job).
    return database.db.transaction().execute(async (tx) => {
      const jobs = await claimDueJobs(tx, { kinds, now, limit: batchSize });
      const done: number[] = [];
      // Looked up once per batch and actor: a grant taken away applies from the next batch.
      const actors = new Map<string, Promise<Actor>>();
      const actorOf = (name: string) => {
        if (!actors.has(name)) actors.set(name, systemActor(tx, name));
        return actors.get(name)!;
      };
      for (const job of jobs) {
        const handler = handlers.find(job.kind)!;
        const attempts = job.attempts + 1;
        await savepoint.begin(tx);
        try {
          const actor = await actorOf(handler.actor);
          const run = { id: job.id, kind: job.kind, key: job.key, dueAt: job.dueAt, payload: job.payload, attempts: job.attempts };
          // The request id ties the job's audit events and log lines to its row in platform.job.
          await commands.runCommandIn(tx, { actor, channel: JOB_CHANNEL, requestId: `job:${job.id}` }, (ctx) => handler.handle(ctx, run));
          await savepoint.release(tx);
          done.push(job.id);
        } catch (error) {
          await savepoint.rollback(tx);
          // What the lookup wrote (a message source's actor made on first use) rolled back too.
          actors.delete(handler.actor);
          const message = String((error as Error)?.message ?? error).slice(0, MAX_ERROR_LENGTH);
          const retryAt = attempts < job.maxAttempts ? new Date(now.getTime() + handler.backoffMs(attempts)) : undefined;
          await markJobAttemptFailed(tx, { id: job.id, attempts, error: message, retryAt, now });
          log.warn({ job: job.id, kind: job.kind, attempts, retryAt, err: message }, retryAt ? 'a job failed; it will be retried' : 'a job failed for good');
        }
      }
      // One statement for the batch's completions: a round trip per job fewer.
      await markJobsDone(tx, { ids: done, now });
      return jobs.length;
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
      let claimed = 0;
      try {
        claimed = await runBatch(clock.now());
        lastFailure = undefined;
      } catch (error) {
        lastFailure = (error as Error).message;
        log.warn({ err: lastFailure }, 'the job runner could not run a batch; it tries again');
      }
      if (stopping) break;
      if (claimed === batchSize) continue;
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
    name: 'job-runner',
    async start() {
      stopping = false;
      running ??= loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = undefined;
      // The batches in hand (the loop's, a test clock's runDue) finish and commit, releasing their locks.
      await Promise.allSettled([...inFlight]);
    },
    health(): WorkerHealth {
      if (lastFailure) return { ok: false, detail: `the last batch failed: ${lastFailure}` };
      return { ok: true };
    },
    runBatch,
    // Runs batches until nothing is due at `now`, jobs that handlers schedule due by then
    // included. Jobs another runner holds are waited for: the caller (the test clock) answers
    // only when every due job has run. A failed job is due again only after its back-off.
    async runDue(now) {
      const deadline = performance.now() + runDueTimeoutMs;
      for (;;) {
        if ((await runBatch(now)) > 0) continue;
        const kinds = handlers.kinds();
        if (kinds.length === 0 || (await countDueJobs(database.db, { kinds, now })) === 0) return;
        if (performance.now() > deadline) throw new Error(`jobs due at ${now.toISOString()} are still held by another runner after ${runDueTimeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
