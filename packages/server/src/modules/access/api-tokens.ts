import type { CommandContext } from '../../platform/http/command-context.ts';
import { newId } from '../../platform/ids/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { assertAllowed, type Action } from './permissions.ts';
import { accessProblems } from './problems.ts';
import { API_TOKEN_PREFIX, newSecretToken } from './secret-tokens.ts';
import { insertApiToken, listApiTokensOfUser, revokeApiToken, type ApiTokenRow } from './store.ts';

export interface CreateApiTokenInput {
  name: string;
  scopes: Action[];
  expiresAt: Date;
}

/** Issues a token acting as the caller with at most the given scopes. The secret is returned once, never stored. */
export async function createApiToken(ctx: CommandContext, input: CreateApiTokenInput): Promise<ApiTokenRow & { token: string }> {
  assertAllowed(ctx.actor, 'token:manage');
  // A token never grants more than its creator may do now: no escalation through a narrower token.
  for (const scope of input.scopes) assertAllowed(ctx.actor, scope);
  const { token, hash } = newSecretToken(API_TOKEN_PREFIX);
  const id = newId();
  await insertApiToken(ctx.tx, {
    id,
    name: input.name,
    tokenHash: hash,
    userId: ctx.actor.userId,
    scopes: input.scopes,
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
    expiresAt: input.expiresAt,
  });
  await recordAuditEvent(ctx, {
    action: 'api-token.created',
    targetType: 'api-token',
    targetId: id,
    data: { name: input.name, scopes: input.scopes, expiresAt: input.expiresAt.toISOString() },
  });
  return { id, name: input.name, userId: ctx.actor.userId, scopes: input.scopes, createdAt: ctx.now, expiresAt: input.expiresAt, revokedAt: null, token };
}

export async function listApiTokens(ctx: CommandContext): Promise<ApiTokenRow[]> {
  assertAllowed(ctx.actor, 'token:manage');
  return listApiTokensOfUser(ctx.tx, ctx.actor.userId);
}

export async function revokeOwnApiToken(ctx: CommandContext, tokenId: string): Promise<void> {
  assertAllowed(ctx.actor, 'token:manage');
  if (!(await revokeApiToken(ctx.tx, tokenId, ctx.actor.userId, ctx.now))) throw accessProblems.tokenNotFound();
  await recordAuditEvent(ctx, { action: 'api-token.revoked', targetType: 'api-token', targetId: tokenId });
}
