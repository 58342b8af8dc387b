import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../platform/clock/index.ts';
import type { CommandContext, CommandRunner, SystemActorResolver } from '../../../platform/commands/index.ts';
import type { Database, Tx } from '../../../platform/db/database.ts';
import type { Worker, WorkerHealth } from '../../../platform/workers/index.ts';
import { sweepInactiveAgents } from './away-sweep.ts';
import { expireOffer } from './expire-offer.ts';
import { overflowCase } from './overflow-case.ts';
import { claimExpiredOffer, claimOverflowDueCase, hasRoutingWorkDue } from './store.ts';

type Log = { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };

export interface RoutingWorkerOptions {
  database: Database;
  /** The one clock: an offer expires, a case overflows, an agent goes away when it says so (the test clock included). */
  clock: Clock;
  commands: CommandRunner;
  systemActor: SystemActorResolver;
  log?: Log;
  /** Items handled per kind per pass (each in its own transaction); agents marked away per statement. @default 200 */
  batchSize?: number;
  /** How often an idle worker looks for due work (one indexed probe). @default 1000 */
  pollIntervalMs?: number;
  /** Available agents unheard of this long become away. @default 900 */
  awayAfterSeconds?: number;
  /** How long runDue waits for due items another process holds. @default 30000 */
  runDueTimeoutMs?: number;
}

export interface RoutingWorker extends Worker {
  runDue(now: Date): Promise<void>;
  /** One pass over what is due at `now`; returns how many items it handled. */
  runPass(now: Date, failed?: Map<string, string>): Promise<number>;
}

export const ROUTING_WORKER_ACTOR = 'system:routing';
const ROUTING_WORKER_CHANNEL = 'job';
const silent: Log = { info: () => undefined, warn: () => undefined };

/**
 * The `routing-worker`: expires offers nobody answered and routes their cases again, moves cases
 * that waited past their queue's overflow time to the overflow queue (telling the supervisors),
 * and sets agents whose console went quiet to away. Runs as `system:routing` in every process:
 * each due item is claimed with FOR UPDATE SKIP LOCKED in its own transaction, so processes share
 * the work, none waits on a case a person is editing, and one item that fails rolls back alone.
 */
export function createRoutingWorker(options: RoutingWorkerOptions): RoutingWorker {
  const { database, clock, commands, systemActor } = options;
  const log = options.log ?? silent;
  const batchSize = options.batchSize ?? 200;
  const pollMs = options.pollIntervalMs ?? 1000;
  const awayAfterSeconds = options.awayAfterSeconds ?? 900;
  const runDueTimeoutMs = options.runDueTimeoutMs ?? 30_000;

  let stopping = false;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let lastFailure: string | undefined;

  function inCommand<T>(fn: (tx: Tx, run: (handle: (ctx: CommandContext) => Promise<T>) => Promise<T>) => Promise<T>): Promise<T> {
    return database.db.transaction().execute(async (tx) =>
      fn(tx, async (handle) => {
        // Looked up per item: a grant taken away applies at once.
        const actor = await systemActor(tx, ROUTING_WORKER_ACTOR);
        return commands.runCommandIn(tx, { actor, channel: ROUTING_WORKER_CHANNEL, requestId: `routing:${randomUUID()}` }, handle);
      }),
    );
  }

  /** Claims and handles due items one transaction each until none is left or the batch is done; a failing item is kept out of the rest of the pass. */
  async function drain(kind: string, now: Date, failed: Map<string, string>, step: (now: Date, skip: string[]) => Promise<'none' | 'done' | { failedId: string; error: string }>): Promise<number> {
    let handled = 0;
    for (; handled < batchSize && !stopping; handled++) {
      const outcome = await step(now, [...failed.keys()]);
      if (outcome === 'none') break;
      if (outcome !== 'done') {
        failed.set(outcome.failedId, outcome.error);
        log.warn({ kind, id: outcome.failedId, err: outcome.error }, 'the routing worker could not handle an item; it tries again on a later pass');
      }
    }
    return handled;
  }

  async function handleOne<T extends { id?: string; caseId: string }>(
    now: Date,
    skip: string[],
    claim: (tx: Tx, now: Date, skip: string[]) => Promise<T | undefined>,
    handle: (ctx: CommandContext, item: T) => Promise<unknown>,
  ): Promise<'none' | 'done' | { failedId: string; error: string }> {
    let claimedId: string | undefined;
    try {
      return await inCommand<'none' | 'done'>(async (tx, run) => {
        const item = await claim(tx, now, skip);
        if (!item) return 'none';
        claimedId = item.id ?? item.caseId;
        await run(async (ctx) => {
          await handle(ctx, item);
          return 'done';
        });
        return 'done';
      });
    } catch (error) {
      if (!claimedId) throw error;
      return { failedId: claimedId, error: (error as Error).message };
    }
  }

  async function runPass(now: Date, failed = new Map<string, string>()): Promise<number> {
    const offers = await drain('offer-expired', now, failed, (at, skip) => handleOne(at, skip, claimExpiredOffer, expireOffer));
    const overflows = await drain('overflow', now, failed, (at, skip) => handleOne(at, skip, claimOverflowDueCase, overflowCase));
    const away = await inCommand<number>(async (_tx, run) => run((ctx) => sweepInactiveAgents(ctx, awayAfterSeconds, batchSize)));
    return offers + overflows + away;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let busy = false;
      try {
        const now = clock.now();
        if (await hasRoutingWorkDue(database.db, now, new Date(now.getTime() - awayAfterSeconds * 1000))) busy = (await runPass(now)) >= batchSize;
        lastFailure = undefined;
      } catch (error) {
        lastFailure = (error as Error).message;
        log.warn({ err: lastFailure }, 'the routing worker could not finish a pass; it tries again');
      }
      if (stopping) break;
      if (busy) continue;
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
    name: 'routing-worker',
    async start() {
      stopping = false;
      running ??= loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = undefined;
    },
    health(): WorkerHealth {
      if (lastFailure) return { ok: false, detail: `the last pass failed: ${lastFailure}` };
      return { ok: true };
    },
    runPass,
    // Passes until nothing is due at `now`; items another process holds are waited for, so the
    // test clock answers only once every offer, overflow and away due by then is done.
    async runDue(now) {
      const deadline = performance.now() + runDueTimeoutMs;
      const failed = new Map<string, string>();
      for (;;) {
        if ((await runPass(now, failed)) > 0) continue;
        if (failed.size > 0) throw new Error(`the routing worker could not handle ${[...failed].map(([id, err]) => `${id}: ${err}`).join('; ')}`);
        if (!(await hasRoutingWorkDue(database.db, now, new Date(now.getTime() - awayAfterSeconds * 1000)))) return;
        if (performance.now() > deadline) throw new Error(`routing work due at ${now.toISOString()} is still held by another process after ${runDueTimeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
