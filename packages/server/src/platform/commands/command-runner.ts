import { randomUUID } from 'node:crypto';
import type { Database, Db, Tx } from '../db/database.ts';
import type { Clock } from '../clock/clock.ts';
import type { KeyRing } from '../crypto/index.ts';
import { Problem } from '../http/problem.ts';
import { createInTransactionSubscribers, writeEventsToOutbox, type InTransactionSubscribers } from '../events/index.ts';
import type { Actor, CommandContext, CommandMeta } from './command-context.ts';

const MAX_PUBLISH_DEPTH = 8;

export type CommandSubscribers = InTransactionSubscribers<CommandContext>;

/**
 * Finds a named system actor ('system:sla') as the principal its commands run under. Passed in
 * by the composition root (modules/access owns system actors; platform/ may not import it). Given
 * the caller's transaction when there is one, so a job's lookup uses the job's connection.
 */
export type SystemActorResolver = (db: Db, name: string) => Promise<Actor>;

export interface CommandRunnerOptions {
  subscribers?: CommandSubscribers;
  /**
   * Records a refusal (403) of a system actor after its transaction rolled back. Requests have
   * their own (app.ts records every 403); a worker or the seed has no request to do it.
   */
  onSystemActorRefused?(meta: CommandMeta, problem: Problem, now: Date): Promise<void>;
}

export interface CommandRunner {
  /** Runs fn in one transaction under meta's actor; commits only if fn (and every subscriber) returns. */
  runCommand<T>(meta: CommandMeta, fn: (ctx: CommandContext) => Promise<T>): Promise<T>;
  /**
   * Runs fn as a command inside a transaction the caller owns (a job's claiming transaction):
   * its writes, audit events and outbox rows commit with whatever else that transaction does.
   * On a throw the caller must roll back (a savepoint) before going on; a system actor's refusal
   * (403) is recorded on its own connection, as for runCommand.
   */
  runCommandIn<T>(tx: Tx, meta: CommandMeta, fn: (ctx: CommandContext) => Promise<T>): Promise<T>;
  /**
   * Several commands in one transaction (group commit): each keeps its own context (actor,
   * request, events), and they commit or roll back together.
   */
  runCommandsTogether<T>(metas: CommandMeta[], fn: (ctxs: CommandContext[]) => Promise<T>): Promise<T>;
  /** Reads on one connection, outside a transaction; audit events a read writes commit on their own. */
  inQuery<T>(meta: CommandMeta, fn: (ctx: CommandContext) => Promise<T>): Promise<T>;
  /** The in-transaction subscribers every command's events go to. */
  subscribers: CommandSubscribers;
}

export function createCommandRunner(database: Database, clock: Clock, keyRing: KeyRing, options: CommandRunnerOptions = {}): CommandRunner {
  const subscribers = options.subscribers ?? createInTransactionSubscribers<CommandContext>();
  const contextOf = (meta: CommandMeta, tx: Tx, now: Date, publish: CommandContext['publish']): CommandContext => ({
    tx,
    actor: meta.actor,
    onBehalfOf: meta.onBehalfOf ?? null,
    requestId: meta.requestId ?? randomUUID(),
    clientIp: meta.clientIp ?? null,
    channel: meta.channel,
    reason: meta.reason ?? null,
    now,
    keyRing,
    publish,
  });
  const commandContextOf = (meta: CommandMeta, tx: Tx, now: Date): CommandContext => {
    let depth = 0;
    const ctx: CommandContext = contextOf(meta, tx, now, async (...events) => {
      // A subscriber may publish in turn; one that answers its own event would never end while
      // holding the transaction's locks, so a cascade this deep is a bug, said once.
      if (++depth > MAX_PUBLISH_DEPTH) throw new Error(`Events published in a cascade deeper than ${MAX_PUBLISH_DEPTH}: ${events.map((e) => e.type).join(', ')}`);
      try {
        // Outbox first: what a subscriber publishes in reaction then follows its cause in the
        // outbox's per-case order (case.created before the comment it led to). Both commit or
        // roll back together, so writing first costs nothing when a subscriber refuses.
        await writeEventsToOutbox(tx, events);
        for (const event of events) await subscribers.deliverInTransaction(ctx, event);
      } finally {
        depth--;
      }
    });
    return ctx;
  };
  const readsPublishNothing: CommandContext['publish'] = async () => {
    throw new Error('A query publishes no events: run it as a command');
  };

  const recordRefusal = async (meta: CommandMeta, error: unknown, now: Date) => {
    if (meta.actor.kind === 'system' && error instanceof Problem && error.status === 403 && options.onSystemActorRefused) {
      await options.onSystemActorRefused(meta, error, now);
    }
  };

  return {
    subscribers,
    async runCommand(meta, fn) {
      const now = clock.now();
      try {
        return await database.db.transaction().execute((tx) => fn(commandContextOf(meta, tx, now)));
      } catch (error) {
        await recordRefusal(meta, error, now);
        throw error;
      }
    },
    async runCommandIn(tx, meta, fn) {
      const now = clock.now();
      try {
        return await fn(commandContextOf(meta, tx, now));
      } catch (error) {
        await recordRefusal(meta, error, now);
        throw error;
      }
    },
    runCommandsTogether(metas, fn) {
      const now = clock.now();
      return database.db.transaction().execute((tx) => fn(metas.map((meta) => commandContextOf(meta, tx, now))));
    },
    // Reads run on one pinned connection without BEGIN/COMMIT: two round trips fewer per read.
    // A read is one statement, or statements that tolerate seeing commits in between.
    inQuery: (meta, fn) => database.db.connection().execute((connection) => fn(contextOf(meta, connection as unknown as Tx, clock.now(), readsPublishNothing))),
  };
}
