import type { Tx } from '../db/database.ts';

/** A due job as its handler sees it. */
export interface Job {
  id: number;
  kind: string;
  key: string;
  dueAt: Date;
  payload: unknown;
  /** Failed attempts before this one. */
  attempts: number;
}

/**
 * What a handler may use: the claiming transaction and the clock's time. Writes on `tx` commit
 * with the job's completion, so they happen exactly once; anything outside the database (a
 * webhook, a broker) goes through the outbox, or must be idempotent: a crash after it and
 * before the commit runs the job again.
 */
export interface JobContext {
  tx: Tx;
  now: Date;
}

export type JobHandler = (job: Job, ctx: JobContext) => Promise<void>;

export interface JobHandlerOptions {
  /** Wait before the next attempt after `attempts` failures. @default 1 s doubling, at most 1 h */
  backoffMs?: (attempts: number) => number;
}

export interface RegisteredJobHandler {
  run: JobHandler;
  backoffMs: (attempts: number) => number;
}

/** Handlers by job kind. A runner claims only kinds it has a handler for, so a process of an older release leaves newer kinds to the others. */
export interface JobHandlers {
  register(kind: string, handler: JobHandler, options?: JobHandlerOptions): void;
  find(kind: string): RegisteredJobHandler | undefined;
  kinds(): string[];
}

export function defaultBackoffMs(attempts: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export function createJobHandlers(): JobHandlers {
  const byKind = new Map<string, RegisteredJobHandler>();
  return {
    register(kind, handler, options = {}) {
      if (byKind.has(kind)) throw new Error(`a handler for job kind ${kind} is already registered`);
      byKind.set(kind, { run: handler, backoffMs: options.backoffMs ?? defaultBackoffMs });
    },
    find: (kind) => byKind.get(kind),
    kinds: () => [...byKind.keys()],
  };
}
