import type { FastifyRequest } from 'fastify';
import type { CommandMeta } from '../commands/index.ts';
import type { Principal } from './principal.ts';
import { httpProblems } from './problem.ts';

export function principalOrThrow(request: FastifyRequest): Principal {
  if (!request.principal) throw httpProblems.unauthenticated();
  return request.principal;
}

/** A request as a command's meta: routes are thin adapters over the command runner. */
export function commandMetaOf(request: FastifyRequest): CommandMeta {
  const actor = principalOrThrow(request);
  return { actor, channel: actor.kind === 'api-token' ? 'api' : 'web', requestId: request.id, clientIp: request.ip ?? null };
}
