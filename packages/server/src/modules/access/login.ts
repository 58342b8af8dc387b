import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids/ids.ts';
import { insertAuditEvent } from '../audit/index.ts';
import { isPasswordCorrect } from './passwords.ts';
import { accessProblems } from './problems.ts';
import { newSecretToken } from './secret-tokens.ts';
import { openSession, type OpenedSession } from './sessions.ts';
import { findTotpCredential, insertLoginChallenge } from './sign-in-store.ts';
import { findUserByUsername, recordLoginFailure, resetLoginFailures, revokeSession } from './store.ts';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_DURATION_MS = 15 * 60 * 1000;
// The step between password and second factor lives long enough to open an authenticator app.
export const MFA_CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const MFA_TOKEN_PREFIX = 'dkm_';

export interface LoginInput {
  username: string;
  password: string;
  clientIp: string | null;
  userAgent: string | null;
  requestId: string;
  now: Date;
  sessionTtlMinutes: number;
  /** Roles whose holders must pass a second factor; without enrolment they are sent to enrol. */
  mfaRequiredRoles?: string[];
}

export type LoginResult = OpenedSession;

/** A correct password is only the first step: the second one is answered at POST /auth/login/mfa. */
export interface MfaStep {
  step: 'mfa-required' | 'mfa-enrolment-required';
  mfaToken: string;
  expiresAt: Date;
  userId: string;
}

export type LoginOutcome = ({ step: 'signed-in' } & LoginResult) | MfaStep;

export function isMfaStep(outcome: LoginOutcome): outcome is MfaStep {
  return outcome.step !== 'signed-in';
}

/**
 * Signs a user in: one session per login, or a short-lived MFA step when the user has TOTP
 * (or must enrol because of a role). Failures are audited and lock the account after five in a row.
 */
export async function login(db: Db, input: LoginInput): Promise<LoginOutcome> {
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
        const failures = await recordLoginFailure(tx, user.id, LOCK_AFTER_FAILURES, new Date(input.now.getTime() + LOCK_DURATION_MS), input.now);
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

  const totp = await findTotpCredential(db, user.id);
  const mustEnrol = (input.mfaRequiredRoles ?? []).some((role) => user.roles.includes(role));
  if (totp?.status === 'active' || mustEnrol) {
    // Failures are not reset here: the sign-in is not complete until the second factor passes.
    const purpose = totp?.status === 'active' ? 'mfa' : 'enrol';
    const { token, hash } = newSecretToken(MFA_TOKEN_PREFIX);
    const expiresAt = new Date(input.now.getTime() + MFA_CHALLENGE_TTL_MS);
    const challengeId = newId();
    await db.transaction().execute(async (tx) => {
      await insertLoginChallenge(tx, { id: challengeId, tokenHash: hash, userId: user.id, purpose, clientIp: input.clientIp, userAgent: input.userAgent, now: input.now, expiresAt });
      await insertAuditEvent(tx, {
        ...audit,
        actorId: user.id,
        actorName: user.username,
        action: purpose === 'mfa' ? 'auth.password-verified-mfa-pending' : 'auth.password-verified-enrolment-required',
        targetId: user.id,
        data: { challengeId },
      });
    });
    return { step: purpose === 'mfa' ? 'mfa-required' : 'mfa-enrolment-required', mfaToken: token, expiresAt, userId: user.id };
  }

  const session = await db.transaction().execute(async (tx) => {
    await resetLoginFailures(tx, user.id);
    const opened = await openSession(tx, {
      userId: user.id,
      clientIp: input.clientIp,
      userAgent: input.userAgent,
      now: input.now,
      ttlMinutes: input.sessionTtlMinutes,
      authMethod: 'password',
    });
    await insertAuditEvent(tx, { ...audit, actorId: user.id, actorName: user.username, action: 'auth.login', targetId: user.id, data: { sessionId: opened.sessionId, method: 'password' } });
    return opened;
  });
  return { step: 'signed-in', ...session };
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
