import type { CommandContext } from '../../platform/commands/index.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import { newId } from '../../platform/ids/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { assertAllowed, type Action } from './permissions.ts';
import { accessProblems } from './problems.ts';
import { API_TOKEN_PREFIX, newSecretToken } from './secret-tokens.ts';
import { findApiTokenById, insertApiToken, listApiTokensOfUser, revokeApiTokenAndDescendants, type ApiTokenRow } from './store.ts';

export interface CreateApiTokenInput {
  name: string;
  scopes: Action[];
  expiresAt: Date;
}

/** Issues a token acting as the caller with at most the given scopes. The secret is returned once, never stored. */
export async function createApiToken(ctx: CommandContext, input: CreateApiTokenInput): Promise<ApiTokenRow & { token: string }> {
  assertAllowed(ctx.actor, 'token:manage');
  // A token never grants more than its creator may do now: no escalation through a narrower token.
  const parentTokenId = ctx.actor.kind === 'api-token' ? await assertWithinMintingToken(ctx, input) : null;
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
    parentTokenId,
  });
  await recordAuditEvent(ctx, {
    action: 'api-token.created',
    targetType: 'api-token',
    targetId: id,
    data: { name: input.name, scopes: input.scopes, expiresAt: input.expiresAt.toISOString(), parentTokenId },
  });
  return { id, name: input.name, userId: ctx.actor.userId, scopes: input.scopes, createdAt: ctx.now, expiresAt: input.expiresAt, revokedAt: null, token };
}

/**
 * A token that mints a token hands on part of itself, never more: scopes within its own, an expiry
 * no later than its own. Returns the minting token's id, recorded as the parent so that revoking it
 * revokes the child too.
 */
async function assertWithinMintingToken(ctx: CommandContext, input: CreateApiTokenInput): Promise<string> {
  const parent = await findApiTokenById(ctx.tx, ctx.actor.credentialId);
  if (!parent) throw httpProblems.unauthenticated({ detail: 'The session or token is unknown, expired or revoked' });
  const wider = input.scopes.filter((scope) => !parent.scopes.includes(scope));
  if (wider.length > 0) {
    throw httpProblems.forbidden({ detail: `A token cannot grant what it does not carry: ${wider.join(', ')}`, action: wider[0] });
  }
  if (input.expiresAt > parent.expiresAt) {
    throw httpProblems.validationFailed({
      errors: [{ field: 'expiresAt', reason: `must not be later than the expiry of the token making the request (${parent.expiresAt.toISOString()})` }],
    });
  }
  return parent.id;
}

export async function listApiTokens(ctx: CommandContext): Promise<ApiTokenRow[]> {
  assertAllowed(ctx.actor, 'token:manage');
  return listApiTokensOfUser(ctx.tx, ctx.actor.userId);
}

export async function revokeOwnApiToken(ctx: CommandContext, tokenId: string): Promise<void> {
  assertAllowed(ctx.actor, 'token:manage');
  const revoked = await revokeApiTokenAndDescendants(ctx.tx, tokenId, ctx.actor.userId, ctx.now);
  if (revoked.length === 0) throw accessProblems.tokenNotFound();
  // One event per token, so each revoked token's history shows why it stopped working.
  await recordAuditEvent(ctx, { action: 'api-token.revoked', targetType: 'api-token', targetId: tokenId, data: { mintedTokensRevoked: revoked.slice(1) } });
  for (const childId of revoked.slice(1)) {
    await recordAuditEvent(ctx, { action: 'api-token.revoked', targetType: 'api-token', targetId: childId, data: { cascadedFrom: tokenId } });
  }
}
