import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpProblems, Problem } from '../../platform/http/problem.ts';
import { accessProblems } from './problems.ts';

/** How many times the per-client limit one connecting peer (a proxy serves many clients) may send. */
export const PEER_LIMIT_FACTOR = 10;
const WINDOW_MS = 60_000;

/**
 * Sign-in limits beyond the per-client one of the route config (#11). With DOCKET_TRUST_PROXY=true
 * the client address is read from X-Forwarded-For, which a client can rotate at will, so:
 * - per connecting peer (the socket address: the proxy, or the client itself), every attempt counts,
 *   at PEER_LIMIT_FACTOR times the per-client limit because a proxy speaks for many clients;
 * - per username, only wrong passwords count, at the per-client limit: guessing one account from
 *   many addresses is capped, while the account's owner is slowed only during such an attack.
 * Both answer 429 before the password is looked at, the same for the right and the wrong one.
 * The counters live in @fastify/rate-limit's store, the one the route limits use.
 */
export function signInRateLimits(app: FastifyInstance, perClientPerMinute: number) {
  const peer = app.createRateLimit({
    max: perClientPerMinute * PEER_LIMIT_FACTOR,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => `sign-in-peer:${request.socket.remoteAddress ?? 'unknown'}`,
  });
  const username = app.createRateLimit({
    max: perClientPerMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => `sign-in-username:${usernameOf(request)}`,
  });

  // A counted attempt is refused once it goes over the limit; a read one once the limit is used up.
  async function refuseWhenExceeded(reply: FastifyReply, result: Awaited<ReturnType<typeof peer>>, what: string, counted: boolean): Promise<void> {
    if (result.isAllowed || (counted ? !result.isExceeded : result.remaining > 0)) return;
    reply.header('retry-after', String(result.ttlInSeconds));
    throw httpProblems.tooManyRequests({ detail: `Too many sign-in attempts ${what}; try again in ${result.ttlInSeconds} s` });
  }

  return {
    async perPeer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      await refuseWhenExceeded(reply, await peer(request), 'through this connection', true);
    },
    async perUsername(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      // Read, not counted: a successful sign-in never uses up the owner's allowance.
      await refuseWhenExceeded(reply, await username(request, { increment: false }), 'for this username', false);
    },
    /** Runs the sign-in and counts a wrong password (or a locked answer) against the username. */
    async countingFailures<T>(request: FastifyRequest, signIn: () => Promise<T>): Promise<T> {
      try {
        return await signIn();
      } catch (error) {
        if (error instanceof Problem && (error.type === accessProblems.invalidCredentials.definition.type || error.type === accessProblems.accountLocked.definition.type)) {
          await username(request);
        }
        throw error;
      }
    },
  };
}

function usernameOf(request: FastifyRequest): string {
  const body = request.body as { username?: unknown } | undefined;
  return typeof body?.username === 'string' ? body.username.slice(0, 200) : '';
}
