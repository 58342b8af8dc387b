import type { Registry } from 'prom-client';
import { Counter, Gauge } from 'prom-client';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/database.ts';
import type { Worker, WorkerHealth } from '../workers/worker.ts';
import type { CommandContext, CommandRunner, SystemActorResolver } from '../commands/index.ts';
import {
  acknowledgeBatch,
  assignPositions,
  claimPartitions,
  countDeadLetters,
  deleteTakenEvents,
  ensureCursors,
  listParkedDeliveries,
  OUTBOX_PARTITIONS,
  type BatchAcknowledgement,
  type ClaimedPartition,
  type ParkedDelivery,
  type DispatchedOutboxEvent,
  type StoredOutboxEvent,
} from './outbox-store.ts';

/**
 * A delivery target: an in-process handler now, a webhook or a broker subject later. Delivery is
 * at least once (a crash between delivery and acknowledgement repeats it), so `handle` must be
 * idempotent; events of one aggregate arrive in commit order. A throw is retried with back-off.
 */
export interface OutboxSubscriber {
  /** Stable: the subscriber's progress is stored under it. Renaming starts it over. */
  readonly name: string;
  /** Event types to receive ('case.created', …), or ['*'] for all. */
  readonly types: readonly string[];
  handle(event: DispatchedOutboxEvent, delivery: OutboxDelivery): Promise<void>;
}

/** What a subscriber may use beside the event. */
export interface OutboxDelivery {
  /**
   * Runs fn as a command of a named system actor ('system:process'), in a transaction of its own
   * (channel 'outbox', request id `outbox:<subscriber>:<event id>`): the way a subscriber changes
   * data, with the actor's grants, audit events and `publish`. The command commits before the
   * delivery is acknowledged, so a crash in between delivers the event again: the command must
   * be idempotent (check whether its effect is already there, or use a key it cannot repeat).
   */
  runCommandAs<T>(actor: string, fn: (ctx: CommandContext) => Promise<T>): Promise<T>;
}

export interface OutboxDispatcherLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface OutboxDispatcherOptions {
  database: Database;
  clock: Clock;
  /** For subscribers that change data (`delivery.runCommandAs`); main.ts passes both. */
  commands?: CommandRunner;
  systemActor?: SystemActorResolver;
  log?: OutboxDispatcherLogger;
  /** Registers docket_outbox_* metrics here (the app's /metrics registry). */
  metrics?: Registry;
  /** Idle wait between polls. @default 200 */
  pollIntervalMs?: number;
  /** Partitions one batch claims; with 16 partitions, 4 lets four processes work side by side. @default 4 */
  partitionsPerBatch?: number;
  /** New events read per claimed partition per batch. @default 200 */
  eventsPerPartition?: number;
  /** Attempts before an event is dead-lettered for a subscriber. @default 8 */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt up to maxRetryDelayMs. @default 1000 */
  retryDelayMs?: number;
  /** @default 300000 (5 min) */
  maxRetryDelayMs?: number;
  /** A handler that has not settled after this long has failed. @default 30000 */
  deliveryTimeoutMs?: number;
  /** Events every subscriber has taken are deleted once older than this. @default 7 days */
  retentionMs?: number;
  /** @default 60000 */
  cleanupIntervalMs?: number;
}

export interface OutboxDispatcher extends Worker {
  /** Adds a subscriber; its first start begins at the oldest event still kept. */
  subscribe(subscriber: OutboxSubscriber): void;
  runDue(now: Date): Promise<void>;
}

const STAMP_BATCH = 5_000;
const CLEANUP_BATCH = 5_000;
const noLog: OutboxDispatcherLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const { database, clock } = options;
  const log = options.log ?? noLog;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const partitionsPerBatch = options.partitionsPerBatch ?? 4;
  const eventsPerPartition = options.eventsPerPartition ?? 200;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 300_000;
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 30_000;
  const retentionMs = options.retentionMs ?? 7 * 24 * 3600_000;
  const cleanupIntervalMs = options.cleanupIntervalMs ?? 60_000;
  const metrics = options.metrics ? createMetrics(options.metrics, database) : undefined;

  const subscribers: OutboxSubscriber[] = [];
  const withCursors = new Set<string>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let lastCleanupAt = 0;
  let rotation = 0;
  let failure: string | undefined;
  // Rounds in one process run one at a time, so runDue waits for the batch the loop has in hand.
  let exclusive: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = exclusive.then(fn, fn);
    exclusive = next.catch(() => undefined);
    return next;
  };

  async function ensureAllCursors(): Promise<void> {
    for (const s of subscribers) {
      if (withCursors.has(s.name)) continue;
      await ensureCursors(database.db, s.name);
      withCursors.add(s.name);
    }
  }

  /** One round: stamp, then one batch per subscriber. Returns how much work was done. */
  async function runRound(now: Date, stamp = true): Promise<number> {
    await ensureAllCursors();
    let work = stamp ? await assignPositions(database.db, STAMP_BATCH) : 0;
    rotation = (rotation + partitionsPerBatch) % OUTBOX_PARTITIONS;
    for (const subscriber of subscribers) {
      work += await dispatchBatch(subscriber, now);
    }
    if (now.getTime() - lastCleanupAt >= cleanupIntervalMs) {
      lastCleanupAt = now.getTime();
      const deleted = await deleteTakenEvents(database.db, { createdBefore: new Date(now.getTime() - retentionMs), limit: CLEANUP_BATCH });
      if (deleted === CLEANUP_BATCH) lastCleanupAt = 0; // more to delete: again next round
    }
    return work;
  }

  function dispatchBatch(subscriber: OutboxSubscriber, now: Date): Promise<number> {
    const types = subscriber.types.includes('*') ? 'all' : subscriber.types;
    return database.db.transaction().execute(async (tx) => {
      const claimed = await claimPartitions(tx, {
        subscriber: subscriber.name,
        types,
        now,
        maxPartitions: partitionsPerBatch,
        perPartition: eventsPerPartition,
        offset: rotation,
      });
      if (claimed.length === 0) return 0;
      const withParked = claimed.filter((c) => c.hasParked).map((c) => c.partition);
      const parked = withParked.length > 0 ? await listParkedDeliveries(tx, subscriber.name, withParked) : [];
      const ack: BatchAcknowledgement = { cursors: [], delivered: [], parked: [] };
      let work = 0;

      // Queues of parked deliveries by aggregate: the head is retried when due; the rest wait.
      const queues = new Map<string, ParkedDelivery[]>();
      for (const p of parked) {
        const key = aggregateKey(p.event);
        queues.set(key, [...(queues.get(key) ?? []), p]);
      }
      for (const queue of queues.values()) {
        while (queue.length > 0) {
          const head = queue[0]!;
          if (head.nextAttemptAt && head.nextAttemptAt > now) break;
          work++;
          const error = await attempt(subscriber, head.event);
          if (!error) {
            ack.delivered.push(head.event.id);
            queue.shift();
            continue;
          }
          head.attempts += 1;
          const parkedWrite = afterFailure(subscriber, head.event, head.attempts, error, now);
          ack.parked.push(parkedWrite);
          if (parkedWrite.deadAt === null) {
            head.nextAttemptAt = parkedWrite.nextAttemptAt;
            break;
          }
          queue.shift();
        }
      }

      for (const partition of claimed) {
        for (const event of partition.events) {
          work++;
          const key = aggregateKey(event);
          const queue = queues.get(key);
          if (queue && queue.length > 0) {
            // Per-key order: an event never overtakes an earlier one of its aggregate still parked.
            queue.push({ event, attempts: 0, nextAttemptAt: null });
            ack.parked.push({ event, attempts: 0, nextAttemptAt: null, deadAt: null, lastError: null });
            continue;
          }
          const error = await attempt(subscriber, event);
          if (!error) continue;
          const parkedWrite = afterFailure(subscriber, event, 1, error, now);
          ack.parked.push(parkedWrite);
          if (parkedWrite.deadAt === null) queues.set(key, [{ event, attempts: 1, nextAttemptAt: parkedWrite.nextAttemptAt }]);
        }
        const next = nextCursor(partition, eventsPerPartition);
        if (next > partition.cursor) {
          ack.cursors.push({ partition: partition.partition, position: next });
          work++;
        }
      }
      if (work > 0) await acknowledgeBatch(tx, subscriber.name, ack);
      return work;
    });
  }

  function deliveryOf(subscriber: OutboxSubscriber, event: StoredOutboxEvent): OutboxDelivery {
    return {
      async runCommandAs(actorName, fn) {
        const { commands, systemActor } = options;
        if (!commands || !systemActor) throw new Error('this outbox dispatcher was created without commands and systemActor: its subscribers cannot run commands');
        const actor = await systemActor(database.db, actorName);
        return commands.runCommand({ actor, channel: 'outbox', requestId: `outbox:${subscriber.name}:${event.id}` }, fn);
      },
    };
  }

  async function attempt(subscriber: OutboxSubscriber, event: StoredOutboxEvent): Promise<Error | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        subscriber.handle(toDispatched(event), deliveryOf(subscriber, event)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${deliveryTimeoutMs} ms`)), deliveryTimeoutMs);
        }),
      ]);
      metrics?.delivered.inc({ subscriber: subscriber.name });
      return undefined;
    } catch (error) {
      metrics?.failed.inc({ subscriber: subscriber.name });
      return error instanceof Error ? error : new Error(String(error));
    } finally {
      clearTimeout(timer);
    }
  }

  function afterFailure(subscriber: OutboxSubscriber, event: StoredOutboxEvent, attempts: number, error: Error, now: Date) {
    // The error's name only in logs and the table: a handler's message may quote the values it saw.
    const lastError = error.name.slice(0, 200);
    const where = { subscriber: subscriber.name, eventId: event.id, type: event.type, aggregateType: event.aggregateType, attempts, error: lastError };
    if (attempts >= maxAttempts) {
      metrics?.deadLettered.inc({ subscriber: subscriber.name });
      log.error(where, 'outbox event dead-lettered: the subscriber failed on every attempt');
      return { event, attempts, nextAttemptAt: null, deadAt: now, lastError };
    }
    const delayMs = Math.min(retryDelayMs * 2 ** (attempts - 1), maxRetryDelayMs);
    log.warn({ ...where, retryInMs: delayMs }, 'outbox delivery failed; will retry');
    return { event, attempts, nextAttemptAt: new Date(now.getTime() + delayMs), deadAt: null, lastError };
  }

  async function runLoop(): Promise<void> {
    while (running) {
      let work = 0;
      try {
        work = await inTurn(() => runRound(clock.now()));
        failure = undefined;
      } catch (error) {
        failure = error instanceof Error ? error.name : 'unknown error';
        log.error({ error: failure }, 'outbox dispatcher round failed; retrying');
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
    name: 'outbox-dispatcher',
    subscribe(subscriber) {
      if (!/^[a-z0-9][a-z0-9:._-]{0,99}$/.test(subscriber.name)) throw new Error(`outbox subscriber name ${JSON.stringify(subscriber.name)}: lower-case letters, digits and :._- only`);
      if (subscribers.some((s) => s.name === subscriber.name)) throw new Error(`outbox subscriber ${subscriber.name} is already subscribed`);
      if (subscriber.types.length === 0) throw new Error(`outbox subscriber ${subscriber.name} names no event types`);
      subscribers.push(subscriber);
    },
    async start() {
      if (running) return;
      await ensureAllCursors();
      running = true;
      loop = runLoop();
    },
    async stop() {
      running = false;
      wake?.();
      // The batch in hand finishes and commits its acknowledgement; row locks go with the transaction.
      await loop;
      loop = undefined;
    },
    health(): WorkerHealth {
      if (failure) return { ok: false, detail: `last round failed: ${failure}` };
      return { ok: true, detail: `${subscribers.length} subscriber(s)${running ? '' : ', stopped'}` };
    },
    runDue(now) {
      return inTurn(async () => {
        // Positions are given to what has committed by now, then only those events are drained:
        // events committed while runDue runs wait for the loop or the next runDue. Otherwise a
        // steady stream of commands (a burst beside a test-clock move) keeps runDue from returning.
        while ((await assignPositions(database.db, STAMP_BATCH)) === STAMP_BATCH) {
          // A full batch: more of the backlog that was there when runDue began may wait.
        }
        while ((await runRound(now, false)) > 0) {
          // Drain: each round may free the next (a delivered parked head, a further page).
        }
      });
    },
  };
}

function aggregateKey(event: StoredOutboxEvent): string {
  return `${event.aggregateType}\u0000${event.aggregateId}`;
}

function toDispatched(event: StoredOutboxEvent): DispatchedOutboxEvent {
  return { id: event.id, type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload: event.payload, createdAt: event.createdAt };
}

/** Past the last event read; to the head when the page was not full (the rest were other types). */
function nextCursor(partition: ClaimedPartition, perPartition: number): number {
  if (partition.events.length === perPartition) return partition.events[partition.events.length - 1]!.position;
  return Math.max(partition.cursor, partition.head);
}

function createMetrics(registry: Registry, database: Database) {
  const labelNames = ['subscriber'];
  new Gauge({
    name: 'docket_outbox_dead_letters',
    help: 'Outbox events a subscriber gave up on (all processes); see docs/operators/outbox.md',
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await countDeadLetters(database.db)) this.set({ subscriber: row.subscriber }, row.count);
    },
  });
  return {
    delivered: new Counter({ name: 'docket_outbox_delivered_total', help: 'Outbox deliveries that succeeded', labelNames, registers: [registry] }),
    failed: new Counter({ name: 'docket_outbox_delivery_failures_total', help: 'Outbox deliveries that failed (retried or dead-lettered)', labelNames, registers: [registry] }),
    deadLettered: new Counter({ name: 'docket_outbox_dead_lettered_total', help: 'Outbox events dead-lettered by this process', labelNames, registers: [registry] }),
  };
}
