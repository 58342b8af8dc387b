import type { FastifyRequest } from 'fastify';
import type { Database, Tx } from '../db/database.ts';
import type { Clock } from '../clock/clock.ts';
import type { Principal } from './principal.ts';
import type { KeyRing } from '../crypto/index.ts';
import { httpProblems } from './problem.ts';

/** Everything a command may use, passed in: one transaction, who acts, and the time. */
export interface CommandContext {
  tx: Tx;
  actor: Principal;
  requestId: string;
  clientIp: string | null;
  channel: string;
  now: Date;
  /** Seals and opens sensitive values (encryption at rest). */
  keyRing: KeyRing;
}

export interface CommandRunner {
  /** Runs fn in one transaction for the request's principal; commits only if fn returns. */
  inCommand<T>(request: FastifyRequest, fn: (ctx: CommandContext) => Promise<T>): Promise<T>;
  /** Reads on one connection, outside a transaction; audit events a read writes commit on their own. */
  inQuery<T>(request: FastifyRequest, fn: (ctx: CommandContext) => Promise<T>): Promise<T>;
}

export function principalOrThrow(request: FastifyRequest): Principal {
  if (!request.principal) throw httpProblems.unauthenticated();
  return request.principal;
}

export function createCommandRunner(database: Database, clock: Clock, keyRing: KeyRing): CommandRunner {
  const contextOf = (request: FastifyRequest, tx: Tx): CommandContext => ({
    tx,
    actor: principalOrThrow(request),
    requestId: request.id,
    clientIp: request.ip ?? null,
    channel: request.principal?.kind === 'api-token' ? 'api' : 'web',
    now: clock.now(),
    keyRing,
  });
  return {
    inCommand: (request, fn) => database.db.transaction().execute((tx) => fn(contextOf(request, tx))),
    // Reads run on one pinned connection without BEGIN/COMMIT: two round trips fewer per read.
    // A read is one statement, or statements that tolerate seeing commits in between.
    inQuery: (request, fn) => database.db.connection().execute((connection) => fn(contextOf(request, connection as unknown as Tx))),
  };
}
