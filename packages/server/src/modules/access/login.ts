import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids/ids.ts';
import { insertAuditEvent } from '../audit/index.ts';
import { isPasswordCorrect } from './passwords.ts';
import { accessProblems } from './problems.ts';
import { newSecretToken } from './secret-tokens.ts';
import { openSession, type OpenedSession } from './sessions.ts';
import { clearSignInThrottle, findSignInThrottle, findTotpCredential, insertLoginChallenge, lockSignInThrottle, updateSignInThrottle, type SignInThrottleKey } from './sign-in-store.ts';
import { activeLockUntil, afterFailure, FIRST_LOCK_MS, LOCK_AFTER_FAILURES } from './sign-in-throttle.ts';
import { findUserByUsername, resetLoginFailures, revokeSession } from './store.ts';

export { LOCK_AFTER_FAILURES };
/** The second-factor step still locks the account (mfa.ts): only someone holding the password gets there. */
export const LOCK_DURATION_MS = FIRST_LOCK_MS;
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
 * (or must enrol because of a role). Failures are audited and, five in a row, lock this username
 * from this client address (sign-in-throttle.ts). While locked, the right and the wrong password
 * get the same answer after the same work, so the lock tells nothing about the password.
 */
export async function login(db: Db, input: LoginInput): Promise<LoginOutcome> {
  const throttleKey: SignInThrottleKey = { username: input.username.slice(0, 200), clientIp: input.clientIp ?? 'unknown' };
  const [user, throttle] = await Promise.all([findUserByUsername(db, input.username), findSignInThrottle(db, throttleKey)]);
  // Verified before the lock is looked at, and for unknown users too: every answer costs one hash.
  const passwordOk = await isPasswordCorrect(user?.passwordHash ?? null, input.password);
  const audit = {
    occurredAt: input.now,
    clientIp: input.clientIp,
    requestId: input.requestId,
    channel: 'web',
    targetType: 'user',
  };
  // user.lockedUntil is set only by failed second factors, after a correct password (mfa.ts).
  const lockedUntil = activeLockUntil(input.now, throttle?.lockedUntil, user?.lockedUntil);
  if (lockedUntil) {
    await insertAuditEvent(db, {
      ...audit,
      actorId: user?.id ?? null,
      actorName: input.username.slice(0, 100),
      action: 'auth.login-refused-locked',
      targetId: user?.id ?? input.username.slice(0, 100),
      data: { lockedUntil: lockedUntil.toISOString() },
    });
    throw accessProblems.accountLocked({ detail: `Try again after ${lockedUntil.toISOString()} or ask an administrator` });
  }
  if (user?.status !== 'active' || !passwordOk) {
    await db.transaction().execute(async (tx) => {
      const next = afterFailure(await lockSignInThrottle(tx, throttleKey, input.now), input.now);
      await updateSignInThrottle(tx, throttleKey, next.row);
      await insertAuditEvent(tx, {
        ...audit,
        actorId: user?.id ?? null,
        actorName: input.username.slice(0, 100),
        action: next.lockedNow ? 'auth.account-locked' : 'auth.login-failed',
        targetId: user?.id ?? input.username.slice(0, 100),
        ...(next.lockedNow ? { data: { lockedUntil: next.row.lockedUntil!.toISOString(), lockNumber: next.row.locks, failures: LOCK_AFTER_FAILURES } } : {}),
      });
    });
    throw accessProblems.invalidCredentials();
  }
  // The password is right: this address's guesses and back-off are forgotten.
  await clearSignInThrottle(db, throttleKey);

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

export async function logout(db: Db, input: { sessionId: string; userId: string; username: string; now: Date; clientIp: string | null; requestId: string }): Promise<void> {
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
