import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids/ids.ts';
import { insertAuditEvent } from '../audit/index.ts';
import { isPasswordCorrect } from './passwords.ts';
import { accessProblems } from './problems.ts';
import { newSecretToken, SESSION_TOKEN_PREFIX } from './secret-tokens.ts';
import { findUserByUsername, insertSession, recordLoginFailure, resetLoginFailures, revokeSession } from './store.ts';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

export interface LoginInput {
  username: string;
  password: string;
  clientIp: string | null;
  userAgent: string | null;
  requestId: string;
  now: Date;
  sessionTtlMinutes: number;
}

export interface LoginResult {
  token: string;
  sessionId: string;
  expiresAt: Date;
  userId: string;
}

/** Signs a user in: one session per login. Failures are audited and lock the account after five in a row. */
export async function login(db: Db, input: LoginInput): Promise<LoginResult> {
  const user = await findUserByUsername(db, input.username);
  const passwordOk = await isPasswordCorrect(user?.passwordHash ?? null, input.password);
  const audit = {
    occurredAt: input.now,
    clientIp: input.clientIp,
    requestId: input.requestId,
    channel: 'web',
    targetType: 'user',
  };
  if (!user || user.status !== 'active' || !passwordOk) {
    await db.transaction().execute(async (tx) => {
      let lockedNow = false;
      if (user) {
        const failures = await recordLoginFailure(tx, user.id, LOCK_AFTER_FAILURES, new Date(input.now.getTime() + LOCK_DURATION_MS));
        lockedNow = failures === LOCK_AFTER_FAILURES;
      }
      await insertAuditEvent(tx, {
        ...audit,
        actorId: user?.id ?? null,
        actorName: input.username.slice(0, 100),
        action: lockedNow ? 'auth.account-locked' : 'auth.login-failed',
        targetId: user?.id ?? input.username.slice(0, 100),
      });
    });
    throw accessProblems.invalidCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > input.now) {
    await insertAuditEvent(db, { ...audit, actorId: user.id, actorName: user.username, action: 'auth.login-refused-locked', targetId: user.id });
    throw accessProblems.accountLocked({ detail: `Try again after ${user.lockedUntil.toISOString()} or ask an administrator` });
  }
  const { token, hash } = newSecretToken(SESSION_TOKEN_PREFIX);
  const sessionId = newId();
  const expiresAt = new Date(input.now.getTime() + input.sessionTtlMinutes * 60_000);
  await db.transaction().execute(async (tx) => {
    await resetLoginFailures(tx, user.id);
    await insertSession(tx, { id: sessionId, tokenHash: hash, userId: user.id, clientIp: input.clientIp, userAgent: input.userAgent, expiresAt });
    await insertAuditEvent(tx, { ...audit, actorId: user.id, actorName: user.username, action: 'auth.login', targetId: user.id, data: { sessionId } });
  });
  return { token, sessionId, expiresAt, userId: user.id };
}

export async function logout(
  db: Db,
  input: { sessionId: string; userId: string; username: string; now: Date; clientIp: string | null; requestId: string },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await revokeSession(tx, input.sessionId, input.now);
    await insertAuditEvent(tx, {
      occurredAt: input.now,
      actorId: input.userId,
      actorName: input.username,
      action: 'auth.logout',
      targetType: 'user',
      targetId: input.userId,
      clientIp: input.clientIp,
      requestId: input.requestId,
      channel: 'web',
      data: { sessionId: input.sessionId },
    });
  });
}
