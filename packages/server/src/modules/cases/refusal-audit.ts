import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app-deps.ts';
import { Problem } from '../../platform/http/problem.ts';
import { insertAuditEvent, type AuditFact } from '../audit/index.ts';

// A refused command rolls back, and its audit events with it. Some refusals must still be on
// record (a probe for another department's external id, an unmask or an identity search that
// was not allowed), so the command tags the problem it throws with the fact to record, and the
// route writes that fact on its own connection after the rollback — as app.ts does for 403s.
// Facts carry names and reasons, never a value the caller may not read.

const factsOfProblem = new WeakMap<Problem, AuditFact>();

/** Tags a problem with the audit fact its refusal leaves behind; returns the same problem. */
export function withRefusalAudit(problem: Problem, fact: AuditFact): Problem {
  factsOfProblem.set(problem, fact);
  return problem;
}

/** Tags any problem `error` is (404, 403, 400 …) and rethrows it; other errors pass untouched. */
export function rethrowWithRefusalAudit(error: unknown, fact: AuditFact): never {
  if (error instanceof Problem && !factsOfProblem.has(error)) factsOfProblem.set(error, fact);
  throw error;
}

/** For `.catch` after a command: records the refusal fact of a tagged problem, then rethrows. */
export function auditRefusal(deps: AppDeps, request: FastifyRequest) {
  return async (error: unknown): Promise<never> => {
    const fact = error instanceof Problem ? factsOfProblem.get(error) : undefined;
    if (fact) {
      const principal = request.principal;
      await insertAuditEvent(deps.database.db, {
        ...fact,
        occurredAt: deps.clock.now(),
        actorId: principal?.userId ?? null,
        actorName: principal?.username ?? null,
        requestId: request.id,
        clientIp: request.ip ?? null,
        channel: principal?.kind === 'api-token' ? 'api' : 'web',
      }).catch((auditError: Error) => request.log.error({ err: { message: auditError.message } }, 'could not audit a refusal'));
    }
    throw error;
  };
}
