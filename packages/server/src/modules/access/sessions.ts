import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../../platform/db/database.ts';
import type { CommandContext } from '../../platform/commands/index.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import { newId } from '../../platform/ids/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { SESSION_COOKIE } from './authenticate.ts';
import { isAllowed } from './permissions.ts';
import { newSecretToken, SESSION_TOKEN_PREFIX } from './secret-tokens.ts';
import { signInProblems } from './sign-in-problems.ts';
import { listLiveSessionsOfUser, revokeSessionsOfUser, setSessionAuthMethod, type SessionRow } from './sign-in-store.ts';
import { findUserById, insertSession } from './store.ts';

export const AUTH_METHODS = ['password', 'password+totp', 'password+recovery-code', 'oidc'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export interface OpenedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
  userId: string;
}

/** Opens a session with an absolute expiry; the secret is returned once and stored only as a hash. */
export async function openSession(tx: Tx, input: { userId: string; clientIp: string | null; userAgent: string | null; now: Date; ttlMinutes: number; authMethod: AuthMethod }): Promise<OpenedSession> {
  const { token, hash } = newSecretToken(SESSION_TOKEN_PREFIX);
  const sessionId = newId();
  const expiresAt = new Date(input.now.getTime() + input.ttlMinutes * 60_000);
  await insertSession(tx, { id: sessionId, tokenHash: hash, userId: input.userId, clientIp: input.clientIp, userAgent: input.userAgent, expiresAt });
  if (input.authMethod !== 'password') await setSessionAuthMethod(tx, sessionId, input.authMethod);
  return { token, sessionId, expiresAt, userId: input.userId };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: { token: string; expiresAt: Date }): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    expires: session.expiresAt,
  });
}

export interface SessionView extends SessionRow {
  current: boolean;
}

/**
 * Sessions are a person's sign-ins and are managed only by a person at a session: an API token,
 * whatever its scopes, neither lists nor ends them (#12). A system has no use for them, and a
 * narrow token (say `case:read`) must not be able to sign its owner out everywhere.
 */
export function assertSignedInPerson(ctx: CommandContext): void {
  if (ctx.actor.kind !== 'session' || ctx.actor.scopes !== null) {
    throw httpProblems.forbidden({ detail: 'Sessions are managed by a person signed in, not by an API token' });
  }
}

export async function listMySessions(ctx: CommandContext): Promise<SessionView[]> {
  assertSignedInPerson(ctx);
  const sessions = await listLiveSessionsOfUser(ctx.tx, ctx.actor.userId, ctx.now);
  return sessions.map((s) => ({ ...s, current: ctx.actor.kind === 'session' && s.id === ctx.actor.credentialId }));
}

export async function revokeMySession(ctx: CommandContext, sessionId: string): Promise<void> {
  assertSignedInPerson(ctx);
  const revoked = await revokeSessionsOfUser(ctx.tx, { userId: ctx.actor.userId, now: ctx.now, onlySessionId: sessionId });
  if (revoked.length === 0) throw signInProblems.sessionNotFound();
  await recordAuditEvent(ctx, { action: 'auth.session-revoked', targetType: 'user', targetId: ctx.actor.userId, data: { sessionIds: revoked } });
}

/** Signs out everywhere else: every live session of the caller except the one making the call. */
export async function revokeMyOtherSessions(ctx: CommandContext): Promise<number> {
  assertSignedInPerson(ctx);
  const except = ctx.actor.kind === 'session' ? ctx.actor.credentialId : undefined;
  const revoked = await revokeSessionsOfUser(ctx.tx, { userId: ctx.actor.userId, now: ctx.now, exceptSessionId: except });
  await recordAuditEvent(ctx, { action: 'auth.sessions-revoked', targetType: 'user', targetId: ctx.actor.userId, data: { sessionIds: revoked, scope: 'others' } });
  return revoked.length;
}

/** User administration by a person at a session (never an API token): the user:admin policy action. */
export function assertUserAdmin(ctx: CommandContext): void {
  if (!isAllowed(ctx.actor, 'user:admin') || ctx.actor.scopes !== null) {
    throw httpProblems.forbidden({ detail: 'Only a user administrator may do this', action: 'user:admin' });
  }
}

/** An administrator ends every session of a user (stolen laptop, leaver). */
export async function revokeAllSessionsOfUser(ctx: CommandContext, userId: string): Promise<number> {
  assertUserAdmin(ctx);
  if (!(await findUserById(ctx.tx, userId))) throw signInProblems.userNotFound();
  const revoked = await revokeSessionsOfUser(ctx.tx, { userId, now: ctx.now });
  await recordAuditEvent(ctx, { action: 'auth.sessions-revoked', targetType: 'user', targetId: userId, data: { sessionIds: revoked, scope: 'all', byAdmin: true } });
  return revoked.length;
}
