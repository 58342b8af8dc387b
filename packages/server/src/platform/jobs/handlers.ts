import type { CommandContext } from '../commands/index.ts';

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
 * What runs a kind of job: a command of a named system actor. The runner resolves the actor and
 * runs `handle` through the command runner inside the job's claiming transaction, so the
 * handler's writes, its audit events (actor = the system actor, channel 'job', request id
 * `job:<id>`) and the events it publishes commit with the job's completion: exactly once. A
 * throw rolls all of them back and the job is retried. Anything outside the database (a webhook,
 * a broker) goes through the outbox, or must be idempotent: a crash after it and before the
 * commit runs the job again.
 */
export interface JobHandler {
  /** The job kind it runs ('sla.deadline', 'process.timer'). */
  kind: string;
  /** The system actor it acts as ('system:sla', 'system:process'): its grants bound what the handler may do. */
  actor: string;
  handle(ctx: CommandContext, job: Job): Promise<void>;
  /** Wait before the next attempt after `attempts` failures. @default 1 s doubling, at most 1 h */
  backoffMs?: (attempts: number) => number;
}

export interface RegisteredJobHandler {
  actor: string;
  handle: JobHandler['handle'];
  backoffMs: (attempts: number) => number;
}

/** Handlers by job kind. A runner claims only kinds it has a handler for, so a process of an older release leaves newer kinds to the others. */
export interface JobHandlers {
  register(handler: JobHandler): void;
  find(kind: string): RegisteredJobHandler | undefined;
  kinds(): string[];
}

export function defaultBackoffMs(attempts: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export function createJobHandlers(): JobHandlers {
  const byKind = new Map<string, RegisteredJobHandler>();
  return {
    register({ kind, actor, handle, backoffMs }) {
      if (byKind.has(kind)) throw new Error(`a handler for job kind ${kind} is already registered`);
      if (!actor.startsWith('system:')) throw new Error(`job kind ${kind} must act as a named system actor (system:…), not ${JSON.stringify(actor)}`);
      byKind.set(kind, { actor, handle, backoffMs: backoffMs ?? defaultBackoffMs });
    },
    find: (kind) => byKind.get(kind),
    kinds: () => [...byKind.keys()],
  };
}
