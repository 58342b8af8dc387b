import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Principal } from '../../platform/http/principal.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import { API_TOKEN_PREFIX, hashSecretToken, SESSION_TOKEN_PREFIX } from './secret-tokens.ts';
import { findPrincipalByApiTokenHash, findPrincipalBySessionHash } from './store.ts';

export const SESSION_COOKIE = 'docket_session';

function readCredential(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return request.cookies?.[SESSION_COOKIE];
}

export async function resolvePrincipal(db: Db, token: string, now: Date): Promise<Principal | undefined> {
  if (token.startsWith(SESSION_TOKEN_PREFIX)) return findPrincipalBySessionHash(db, hashSecretToken(token), now);
  if (token.startsWith(API_TOKEN_PREFIX)) return findPrincipalByApiTokenHash(db, hashSecretToken(token), now);
  return undefined;
}

/** onRequest hook for every route under /api/v1 except sign-in: no principal, no entry. */
export function authenticate(db: Db, clock: Clock) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = readCredential(request);
    const principal = token ? await resolvePrincipal(db, token, clock.now()) : undefined;
    if (!principal) {
      throw httpProblems.unauthenticated({
        detail: token ? 'The session or token is unknown, expired or revoked' : 'Send a bearer token or sign in',
      });
    }
    request.principal = principal;
  };
}
