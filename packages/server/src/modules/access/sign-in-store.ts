import { sql, type ColumnType } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

// Every SQL statement on the sign-in tables (migration 20261123T0200). Their row types live here,
// added to the shared ones with withTables, so this file owns its tables end to end.
// TODO(#3): move these interfaces into platform/db/tables.ts when the schema-types test lands.
type Timestamp = ColumnType<Date, Date | string, Date | string>;

interface TotpCredentialTable {
  user_id: string;
  sealed_secret: Buffer;
  status: 'pending' | 'active';
  last_used_step: number | null;
  created_at: Timestamp;
  activated_at: Timestamp | null;
}
interface RecoveryCodeTable {
  user_id: string;
  code_hash: Buffer;
  created_at: Timestamp;
  used_at: Timestamp | null;
}
interface LoginChallengeTable {
  id: string;
  token_hash: Buffer;
  user_id: string;
  purpose: 'mfa' | 'enrol';
  client_ip: string | null;
  user_agent: string | null;
  failed_attempts: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
}
interface OidcLoginStateTable {
  state_hash: Buffer;
  code_verifier: string;
  nonce: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
}
interface ExternalIdentityTable {
  issuer: string;
  subject: string;
  user_id: string;
  created_at: Timestamp;
  last_login_at: Timestamp;
}
interface SignInThrottleTable {
  username: string;
  client_ip: string;
  failures: ColumnType<number, number | undefined, number>;
  locks: ColumnType<number, number | undefined, number>;
  locked_until: Timestamp | null;
  last_failure_at: Timestamp;
}
type SignInTables = {
  'access.sign_in_throttle': SignInThrottleTable;
  'access.totp_credential': TotpCredentialTable;
  'access.recovery_code': RecoveryCodeTable;
  'access.login_challenge': LoginChallengeTable;
  'access.oidc_login_state': OidcLoginStateTable;
  'access.external_identity': ExternalIdentityTable;
};

// A Tx is a Db (Transaction extends Kysely), so one parameter type serves both.
const tables = (db: Db) => db.withTables<SignInTables>();

// ── TOTP ────────────────────────────────────────────────────────────────────

export interface TotpCredentialRow {
  userId: string;
  sealedSecret: Buffer;
  status: 'pending' | 'active';
  lastUsedStep: number | null;
}

export async function findTotpCredential(db: Db, userId: string, options: { forUpdate?: boolean } = {}): Promise<TotpCredentialRow | undefined> {
  let query = tables(db).selectFrom('access.totp_credential').selectAll().where('user_id', '=', userId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && { userId: row.user_id, sealedSecret: row.sealed_secret, status: row.status, lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step) };
}

/** Starts (or restarts) enrolment; an active credential is never overwritten here. */
export async function upsertPendingTotpCredential(db: Db, input: { userId: string; sealedSecret: Buffer; now: Date }): Promise<void> {
  await tables(db)
    .insertInto('access.totp_credential')
    .values({ user_id: input.userId, sealed_secret: input.sealedSecret, status: 'pending', created_at: input.now })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ sealed_secret: input.sealedSecret, status: 'pending', created_at: input.now, last_used_step: null, activated_at: null })
        .where('access.totp_credential.status', '=', 'pending'),
    )
    .execute();
}

export async function activateTotpCredential(db: Db, input: { userId: string; step: number; now: Date }): Promise<void> {
  await tables(db).updateTable('access.totp_credential').set({ status: 'active', activated_at: input.now, last_used_step: input.step }).where('user_id', '=', input.userId).execute();
}

export async function recordTotpStepUsed(db: Db, userId: string, step: number): Promise<void> {
  await tables(db).updateTable('access.totp_credential').set({ last_used_step: step }).where('user_id', '=', userId).execute();
}

export async function deleteTotpCredential(db: Db, userId: string): Promise<boolean> {
  const result = await tables(db).deleteFrom('access.totp_credential').where('user_id', '=', userId).executeTakeFirst();
  await tables(db).deleteFrom('access.recovery_code').where('user_id', '=', userId).execute();
  return Number(result.numDeletedRows) > 0;
}

// ── Recovery codes ──────────────────────────────────────────────────────────

export async function replaceRecoveryCodes(db: Db, input: { userId: string; codeHashes: Buffer[]; now: Date }): Promise<void> {
  await tables(db).deleteFrom('access.recovery_code').where('user_id', '=', input.userId).execute();
  await tables(db)
    .insertInto('access.recovery_code')
    .values(input.codeHashes.map((hash) => ({ user_id: input.userId, code_hash: hash, created_at: input.now })))
    .execute();
}

/** Marks one unused code used; false when no such unused code exists. Single use by construction. */
export async function useRecoveryCode(db: Db, input: { userId: string; codeHash: Buffer; now: Date }): Promise<boolean> {
  const result = await tables(db)
    .updateTable('access.recovery_code')
    .set({ used_at: input.now })
    .where('user_id', '=', input.userId)
    .where('code_hash', '=', input.codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const row = await tables(db)
    .selectFrom('access.recovery_code')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ── Login challenges (the step between password and second factor) ───────────

export interface LoginChallengeRow {
  id: string;
  userId: string;
  purpose: 'mfa' | 'enrol';
  clientIp: string | null;
  userAgent: string | null;
  failedAttempts: number;
}

export async function insertLoginChallenge(
  db: Db,
  input: { id: string; tokenHash: Buffer; userId: string; purpose: 'mfa' | 'enrol'; clientIp: string | null; userAgent: string | null; now: Date; expiresAt: Date },
): Promise<void> {
  await tables(db)
    .insertInto('access.login_challenge')
    .values({
      id: input.id,
      token_hash: input.tokenHash,
      user_id: input.userId,
      purpose: input.purpose,
      client_ip: input.clientIp,
      user_agent: input.userAgent,
      created_at: input.now,
      expires_at: input.expiresAt,
    })
    .execute();
}

/** The live challenge for a token, locked for this transaction so two answers cannot both win. */
export async function findLiveLoginChallengeForUpdate(db: Db, tokenHash: Buffer, now: Date): Promise<LoginChallengeRow | undefined> {
  const row = await tables(db)
    .selectFrom('access.login_challenge')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .forUpdate()
    .executeTakeFirst();
  return row && { id: row.id, userId: row.user_id, purpose: row.purpose, clientIp: row.client_ip, userAgent: row.user_agent, failedAttempts: row.failed_attempts };
}

export async function consumeLoginChallenge(db: Db, id: string, now: Date): Promise<void> {
  await tables(db).updateTable('access.login_challenge').set({ consumed_at: now }).where('id', '=', id).execute();
}

/** Counts a wrong answer; the challenge is burnt after `maxAttempts`. */
export async function recordLoginChallengeFailure(db: Db, id: string, maxAttempts: number, now: Date): Promise<void> {
  await tables(db)
    .updateTable('access.login_challenge')
    .set({
      failed_attempts: sql`failed_attempts + 1`,
      consumed_at: sql`CASE WHEN failed_attempts + 1 >= ${maxAttempts} THEN ${now}::timestamptz ELSE consumed_at END`,
    })
    .where('id', '=', id)
    .execute();
}

// ── Sign-in throttle (per username as typed and client address; migration 20261204T2131) ──

export interface SignInThrottleRow {
  failures: number;
  locks: number;
  lockedUntil: Date | null;
  lastFailureAt: Date;
}

export interface SignInThrottleKey {
  username: string;
  clientIp: string;
}

export async function findSignInThrottle(db: Db, key: SignInThrottleKey, options: { forUpdate?: boolean } = {}): Promise<SignInThrottleRow | undefined> {
  let query = tables(db).selectFrom('access.sign_in_throttle').selectAll().where('username', '=', key.username).where('client_ip', '=', key.clientIp);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && { failures: row.failures, locks: row.locks, lockedUntil: row.locked_until, lastFailureAt: row.last_failure_at };
}

/** Creates the pair's row when missing and locks it for this transaction: concurrent failures count one by one. */
export async function lockSignInThrottle(db: Db, key: SignInThrottleKey, now: Date): Promise<SignInThrottleRow> {
  await tables(db)
    .insertInto('access.sign_in_throttle')
    .values({ username: key.username, client_ip: key.clientIp, last_failure_at: now })
    .onConflict((oc) => oc.columns(['username', 'client_ip']).doNothing())
    .execute();
  return (await findSignInThrottle(db, key, { forUpdate: true }))!;
}

export async function updateSignInThrottle(db: Db, key: SignInThrottleKey, row: SignInThrottleRow): Promise<void> {
  await tables(db)
    .updateTable('access.sign_in_throttle')
    .set({ failures: row.failures, locks: row.locks, locked_until: row.lockedUntil, last_failure_at: row.lastFailureAt })
    .where('username', '=', key.username)
    .where('client_ip', '=', key.clientIp)
    .execute();
  // Housekeeping on the write path: pairs quiet for two days are forgotten (their back-off too).
  await tables(db)
    .deleteFrom('access.sign_in_throttle')
    .where('last_failure_at', '<', new Date(row.lastFailureAt.getTime() - 2 * 24 * 3600_000))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', row.lastFailureAt)]))
    .execute();
}

/** A successful sign-in from the pair forgets its failures and back-off. */
export async function clearSignInThrottle(db: Db, key: SignInThrottleKey): Promise<void> {
  await tables(db).deleteFrom('access.sign_in_throttle').where('username', '=', key.username).where('client_ip', '=', key.clientIp).execute();
}

/** An operator's password reset lifts every lock on the username, from every address. */
export async function clearSignInThrottlesOfUsername(db: Db, username: string): Promise<void> {
  await tables(db).deleteFrom('access.sign_in_throttle').where('username', '=', username).execute();
}

// ── Sessions ────────────────────────────────────────────────────────────────

export interface SessionRow {
  id: string;
  userId: string;
  clientIp: string | null;
  userAgent: string | null;
  authMethod: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function setSessionAuthMethod(db: Db, sessionId: string, authMethod: string): Promise<void> {
  await sql`UPDATE access.session SET auth_method = ${authMethod} WHERE id = ${sessionId}`.execute(db);
}

export async function listLiveSessionsOfUser(db: Db, userId: string, now: Date): Promise<SessionRow[]> {
  const result = await sql<{ id: string; user_id: string; client_ip: string | null; user_agent: string | null; auth_method: string; created_at: Date; expires_at: Date }>`
    SELECT id, user_id, client_ip, user_agent, auth_method, created_at, expires_at
      FROM access.session
     WHERE user_id = ${userId} AND revoked_at IS NULL AND expires_at > ${now}
     ORDER BY created_at DESC, id DESC`.execute(db);
  return result.rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    clientIp: r.client_ip,
    userAgent: r.user_agent,
    authMethod: r.auth_method,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  }));
}

/** Revokes the user's live sessions, except `exceptSessionId`; returns the ids revoked. */
export async function revokeSessionsOfUser(db: Db, input: { userId: string; now: Date; exceptSessionId?: string; onlySessionId?: string }): Promise<string[]> {
  let query = db.updateTable('access.session').set({ revoked_at: input.now }).where('user_id', '=', input.userId).where('revoked_at', 'is', null).where('expires_at', '>', input.now);
  if (input.exceptSessionId) query = query.where('id', '<>', input.exceptSessionId);
  if (input.onlySessionId) query = query.where('id', '=', input.onlySessionId);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}

// ── Users (sign-in columns only) ────────────────────────────────────────────

export async function updatePasswordHash(db: Db, userId: string, passwordHash: string, now: Date): Promise<void> {
  await db.updateTable('access.user').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', userId).execute();
}

// ── OpenID Connect ──────────────────────────────────────────────────────────

export async function insertOidcLoginState(db: Db, input: { stateHash: Buffer; codeVerifier: string; nonce: string; now: Date; expiresAt: Date }): Promise<void> {
  await tables(db)
    .insertInto('access.oidc_login_state')
    .values({ state_hash: input.stateHash, code_verifier: input.codeVerifier, nonce: input.nonce, created_at: input.now, expires_at: input.expiresAt })
    .execute();
  // Housekeeping on the write path: abandoned attempts never pile up.
  await tables(db)
    .deleteFrom('access.oidc_login_state')
    .where('expires_at', '<', new Date(input.now.getTime() - 24 * 3600_000))
    .execute();
}

/** Consumes the live state once; a replayed or expired state yields undefined. */
export async function consumeOidcLoginState(db: Db, stateHash: Buffer, now: Date): Promise<{ codeVerifier: string; nonce: string } | undefined> {
  const row = await tables(db)
    .updateTable('access.oidc_login_state')
    .set({ consumed_at: now })
    .where('state_hash', '=', stateHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['code_verifier', 'nonce'])
    .executeTakeFirst();
  return row && { codeVerifier: row.code_verifier, nonce: row.nonce };
}

export async function findExternalIdentityUserId(db: Db, issuer: string, subject: string): Promise<string | undefined> {
  const row = await tables(db).selectFrom('access.external_identity').select('user_id').where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
  return row?.user_id;
}

export async function insertExternalIdentity(db: Db, input: { issuer: string; subject: string; userId: string; now: Date }): Promise<void> {
  await tables(db).insertInto('access.external_identity').values({ issuer: input.issuer, subject: input.subject, user_id: input.userId, created_at: input.now, last_login_at: input.now }).execute();
}

export async function touchExternalIdentity(db: Db, input: { issuer: string; subject: string; now: Date }): Promise<void> {
  await tables(db).updateTable('access.external_identity').set({ last_login_at: input.now }).where('issuer', '=', input.issuer).where('subject', '=', input.subject).execute();
}

/** The IdP is the source of truth for a linked user's roles and department. */
export async function updateUserFromIdentityProvider(db: Db, input: { userId: string; displayName: string; roles: string[]; departmentId: string | null; now: Date }): Promise<void> {
  await db.updateTable('access.user').set({ display_name: input.displayName, roles: input.roles, department_id: input.departmentId, updated_at: input.now }).where('id', '=', input.userId).execute();
}

export async function findDepartmentIdByCode(db: Db, code: string): Promise<string | undefined> {
  const row = await db.selectFrom('access.department').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id;
}
