import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { CommandContext } from '../../platform/commands/index.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import { insertAuditEvent, recordAuditEvent } from '../audit/index.ts';
import { LOCK_AFTER_FAILURES, LOCK_DURATION_MS, MFA_TOKEN_PREFIX } from './login.ts';
import { isPasswordCorrect } from './passwords.ts';
import { accessProblems } from './problems.ts';
import type { SecretBox } from './secret-box.ts';
import { hashSecretToken } from './secret-tokens.ts';
import { assertUserAdmin, openSession, type AuthMethod, type OpenedSession } from './sessions.ts';
import type { SignInOptions } from './sign-in-options.ts';
import { signInProblems } from './sign-in-problems.ts';
import {
  activateTotpCredential,
  consumeLoginChallenge,
  countUnusedRecoveryCodes,
  deleteTotpCredential,
  findLiveLoginChallengeForUpdate,
  findTotpCredential,
  recordLoginChallengeFailure,
  recordTotpStepUsed,
  replaceRecoveryCodes,
  upsertPendingTotpCredential,
  useRecoveryCode,
  type TotpCredentialRow,
} from './sign-in-store.ts';
import { findUserById, recordLoginFailure, resetLoginFailures } from './store.ts';
import { matchTotpStep, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, toBase32, totpUri } from './totp.ts';

// One MFA step takes at most five wrong answers; each one also counts toward the account lockout.
export const MFA_MAX_ATTEMPTS = 5;

const totpContext = (userId: string) => `docket/totp/${userId}`;

function openTotpSecret(box: SecretBox, credential: TotpCredentialRow): Buffer {
  return box.openOrThrow(credential.sealedSecret, totpContext(credential.userId));
}

function hashRecoveryCode(code: string): Buffer {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest();
}

async function issueRecoveryCodes(tx: Tx, userId: string, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(tx, { userId, codeHashes: codes.map(hashRecoveryCode), now });
  return codes;
}

async function startEnrolment(tx: Tx, options: SignInOptions, user: { id: string; username: string }, now: Date): Promise<TotpEnrolment> {
  const secret = newTotpSecret();
  await upsertPendingTotpCredential(tx, { userId: user.id, sealedSecret: options.secretBox().seal(secret, totpContext(user.id)), now });
  return { secret: toBase32(secret), otpauthUri: totpUri({ secret, issuer: options.totpIssuer, accountName: user.username }) };
}

export interface TotpEnrolment {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;
  otpauthUri: string;
}

// ── Second step of sign-in ──────────────────────────────────────────────────

export interface MfaLoginInput {
  mfaToken: string;
  code?: string;
  recoveryCode?: string;
  clientIp: string | null;
  userAgent: string | null;
  requestId: string;
  now: Date;
  sessionTtlMinutes: number;
}

type StepOutcome = { ok: true; session: OpenedSession; recoveryCodes?: string[] } | { ok: false; problem: ReturnType<typeof signInProblems.mfaCodeInvalid> };

/**
 * Answers the MFA step of a sign-in with a TOTP code or a recovery code; for a forced enrolment,
 * confirms the new TOTP secret with its first code and hands out recovery codes once.
 */
export async function completeMfaLogin(db: Db, options: SignInOptions, input: MfaLoginInput): Promise<{ session: OpenedSession; recoveryCodes?: string[] }> {
  if (!input.mfaToken.startsWith(MFA_TOKEN_PREFIX)) throw signInProblems.mfaTokenInvalid();
  // Wrong answers are committed (attempt counters, lockout, audit) and only then refused.
  const outcome = await db.transaction().execute(async (tx): Promise<StepOutcome> => {
    const challenge = await findLiveLoginChallengeForUpdate(tx, hashSecretToken(input.mfaToken), input.now);
    if (!challenge) throw signInProblems.mfaTokenInvalid();
    const user = await findUserById(tx, challenge.userId);
    if (user?.status !== 'active') throw signInProblems.mfaTokenInvalid();
    if (user.lockedUntil && user.lockedUntil > input.now) {
      throw accessProblems.accountLocked({ detail: `Try again after ${user.lockedUntil.toISOString()} or ask an administrator` });
    }
    const audit = { occurredAt: input.now, actorId: user.id, actorName: user.username, targetType: 'user', targetId: user.id, clientIp: input.clientIp, requestId: input.requestId, channel: 'web' };
    const credential = await findTotpCredential(tx, user.id, { forUpdate: true });
    const expected = challenge.purpose === 'mfa' ? 'active' : 'pending';
    if (!credential || credential.status !== expected) {
      if (challenge.purpose === 'enrol') throw signInProblems.mfaEnrolmentNotStarted({ detail: 'POST /api/v1/auth/login/mfa/enrolment with this mfaToken first' });
      throw signInProblems.mfaTokenInvalid();
    }

    let method: AuthMethod | undefined;
    if (input.code !== undefined) {
      const step = matchTotpStep(openTotpSecret(options.secretBox(), credential), input.code, input.now, credential.lastUsedStep);
      if (step !== null) {
        method = 'password+totp';
        if (challenge.purpose === 'enrol') await activateTotpCredential(tx, { userId: user.id, step, now: input.now });
        else await recordTotpStepUsed(tx, user.id, step);
      }
    } else if (input.recoveryCode !== undefined && challenge.purpose === 'mfa') {
      if (await useRecoveryCode(tx, { userId: user.id, codeHash: hashRecoveryCode(input.recoveryCode), now: input.now })) method = 'password+recovery-code';
    }

    if (!method) {
      await recordLoginChallengeFailure(tx, challenge.id, MFA_MAX_ATTEMPTS, input.now);
      const failures = await recordLoginFailure(tx, user.id, LOCK_AFTER_FAILURES, new Date(input.now.getTime() + LOCK_DURATION_MS), input.now);
      await insertAuditEvent(tx, { ...audit, action: failures === LOCK_AFTER_FAILURES ? 'auth.account-locked' : 'auth.mfa-failed', data: { challengeId: challenge.id } });
      return { ok: false, problem: signInProblems.mfaCodeInvalid({ attemptsLeft: Math.max(0, MFA_MAX_ATTEMPTS - challenge.failedAttempts - 1) }) };
    }

    await consumeLoginChallenge(tx, challenge.id, input.now);
    await resetLoginFailures(tx, user.id);
    let recoveryCodes: string[] | undefined;
    if (challenge.purpose === 'enrol') {
      recoveryCodes = await issueRecoveryCodes(tx, user.id, input.now);
      await insertAuditEvent(tx, { ...audit, action: 'auth.mfa-enabled', data: { factor: 'totp', forced: true } });
    }
    if (method === 'password+recovery-code') await insertAuditEvent(tx, { ...audit, action: 'auth.recovery-code-used' });
    const session = await openSession(tx, { userId: user.id, clientIp: input.clientIp, userAgent: input.userAgent, now: input.now, ttlMinutes: input.sessionTtlMinutes, authMethod: method });
    await insertAuditEvent(tx, { ...audit, action: 'auth.login', data: { sessionId: session.sessionId, method } });
    return { ok: true, session, recoveryCodes };
  });
  if (!outcome.ok) throw outcome.problem;
  return { session: outcome.session, recoveryCodes: outcome.recoveryCodes };
}

/** Forced enrolment during sign-in: the MFA step of kind 'enrol' may fetch a fresh TOTP secret. */
export async function startEnrolmentDuringLogin(db: Db, options: SignInOptions, input: { mfaToken: string; now: Date; requestId: string; clientIp: string | null }): Promise<TotpEnrolment> {
  if (!input.mfaToken.startsWith(MFA_TOKEN_PREFIX)) throw signInProblems.mfaTokenInvalid();
  return db.transaction().execute(async (tx) => {
    const challenge = await findLiveLoginChallengeForUpdate(tx, hashSecretToken(input.mfaToken), input.now);
    if (challenge?.purpose !== 'enrol') throw signInProblems.mfaTokenInvalid();
    const user = await findUserById(tx, challenge.userId);
    if (user?.status !== 'active') throw signInProblems.mfaTokenInvalid();
    const existing = await findTotpCredential(tx, user.id, { forUpdate: true });
    if (existing?.status === 'active') throw signInProblems.mfaAlreadyEnabled();
    const enrolment = await startEnrolment(tx, options, user, input.now);
    await insertAuditEvent(tx, {
      occurredAt: input.now,
      actorId: user.id,
      actorName: user.username,
      action: 'auth.mfa-enrolment-started',
      targetType: 'user',
      targetId: user.id,
      clientIp: input.clientIp,
      requestId: input.requestId,
      channel: 'web',
      data: { factor: 'totp', forced: true },
    });
    return enrolment;
  });
}

// ── Self-service, signed in ─────────────────────────────────────────────────

export interface MfaStatus {
  totp: 'none' | 'pending' | 'active';
  recoveryCodesLeft: number;
  requiredByRole: boolean;
}

export async function getMfaStatus(ctx: CommandContext, options: SignInOptions): Promise<MfaStatus> {
  const credential = await findTotpCredential(ctx.tx, ctx.actor.userId);
  return {
    totp: credential?.status ?? 'none',
    recoveryCodesLeft: credential?.status === 'active' ? await countUnusedRecoveryCodes(ctx.tx, ctx.actor.userId) : 0,
    requiredByRole: options.mfaRequiredRoles.some((role) => ctx.actor.roles.includes(role)),
  };
}

function assertSession(ctx: CommandContext): void {
  // A leaked API token must not be able to move the account's second factor.
  if (ctx.actor.kind !== 'session') throw httpProblems.forbidden({ detail: 'Manage the second factor from a signed-in session, not with an API token' });
}

export async function startTotpEnrolment(ctx: CommandContext, options: SignInOptions): Promise<TotpEnrolment> {
  assertSession(ctx);
  const existing = await findTotpCredential(ctx.tx, ctx.actor.userId, { forUpdate: true });
  if (existing?.status === 'active') throw signInProblems.mfaAlreadyEnabled();
  const enrolment = await startEnrolment(ctx.tx, options, { id: ctx.actor.userId, username: ctx.actor.username }, ctx.now);
  await recordAuditEvent(ctx, { action: 'auth.mfa-enrolment-started', targetType: 'user', targetId: ctx.actor.userId, data: { factor: 'totp' } });
  return enrolment;
}

export async function confirmTotpEnrolment(ctx: CommandContext, options: SignInOptions, code: string): Promise<string[]> {
  assertSession(ctx);
  const credential = await findTotpCredential(ctx.tx, ctx.actor.userId, { forUpdate: true });
  if (!credential) throw signInProblems.mfaEnrolmentNotStarted();
  if (credential.status === 'active') throw signInProblems.mfaAlreadyEnabled();
  const step = matchTotpStep(openTotpSecret(options.secretBox(), credential), code, ctx.now, credential.lastUsedStep);
  if (step === null) throw signInProblems.mfaCodeInvalid();
  await activateTotpCredential(ctx.tx, { userId: ctx.actor.userId, step, now: ctx.now });
  const codes = await issueRecoveryCodes(ctx.tx, ctx.actor.userId, ctx.now);
  await recordAuditEvent(ctx, { action: 'auth.mfa-enabled', targetType: 'user', targetId: ctx.actor.userId, data: { factor: 'totp' } });
  return codes;
}

/** New recovery codes replace every old one; proving possession of the authenticator is required. */
export async function regenerateRecoveryCodes(ctx: CommandContext, options: SignInOptions, code: string): Promise<string[]> {
  assertSession(ctx);
  const credential = await findTotpCredential(ctx.tx, ctx.actor.userId, { forUpdate: true });
  if (credential?.status !== 'active') throw signInProblems.mfaNotEnabled();
  const step = matchTotpStep(openTotpSecret(options.secretBox(), credential), code, ctx.now, credential.lastUsedStep);
  if (step === null) throw signInProblems.mfaCodeInvalid();
  await recordTotpStepUsed(ctx.tx, ctx.actor.userId, step);
  const codes = await issueRecoveryCodes(ctx.tx, ctx.actor.userId, ctx.now);
  await recordAuditEvent(ctx, { action: 'auth.recovery-codes-regenerated', targetType: 'user', targetId: ctx.actor.userId });
  return codes;
}

/** Turning the second factor off needs the password again, and is refused where a role requires it. */
export async function disableTotp(ctx: CommandContext, options: SignInOptions, password: string): Promise<void> {
  assertSession(ctx);
  const user = await findUserById(ctx.tx, ctx.actor.userId);
  if (!user || !(await isPasswordCorrect(user.passwordHash, password))) throw signInProblems.currentPasswordIncorrect();
  if (options.mfaRequiredRoles.some((role) => user.roles.includes(role))) throw signInProblems.mfaRequiredByRole();
  if (!(await deleteTotpCredential(ctx.tx, user.id))) throw signInProblems.mfaNotEnabled();
  await recordAuditEvent(ctx, { action: 'auth.mfa-disabled', targetType: 'user', targetId: user.id, data: { factor: 'totp' } });
}

/** An administrator clears a user's second factor (lost phone); the user enrols again at next sign-in. */
export async function resetMfaOfUser(ctx: CommandContext, userId: string): Promise<void> {
  assertUserAdmin(ctx);
  if (!(await findUserById(ctx.tx, userId))) throw signInProblems.userNotFound();
  if (!(await deleteTotpCredential(ctx.tx, userId))) throw signInProblems.mfaNotEnabled();
  await recordAuditEvent(ctx, { action: 'auth.mfa-reset', targetType: 'user', targetId: userId, data: { factor: 'totp' } });
}
