import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { Principal, PrincipalPermission } from '../../platform/http/principal.ts';
import { caseReadGrant, type PolicySubject } from './policy.ts';

type Executor = Db | Tx;

/**
 * What the policy needs of a user row `u` (its departments, the subtrees below them, its roles'
 * permissions): one fragment for the sign-in principal, another user's subject and the
 * assignable-user search, so the three can never judge a user differently.
 */
export const policySubjectColumns = sql`ARRAY(SELECT ud.department_id FROM access.user_department ud WHERE ud.user_id = u.id) AS department_ids,
      ARRAY(SELECT DISTINCT d.id FROM access.user_department ud
              JOIN access.department m ON m.id = ud.department_id
              JOIN access.department d ON d.path LIKE m.path || '%'
             WHERE ud.user_id = u.id) AS subtree_department_ids,
      COALESCE((SELECT jsonb_agg(p) FROM access.role r, jsonb_array_elements(r.permissions) p WHERE r.key = ANY (u.roles)), '[]') AS permissions,
      ARRAY(SELECT cr.case_id::text FROM cases.case_reader cr WHERE cr.user_id = u.id ORDER BY cr.case_id) AS read_grant_case_ids`;

/**
 * The roles' permissions and the person's read grants on named cases (抄送): the grants live in
 * the cases module's table (cases.case_reader), read here by the one query that builds a
 * subject, so a copied person is judged the same by every check, list and field mask.
 */
export function withCaseReadGrants(permissions: PrincipalPermission[], caseIds: readonly string[]): PrincipalPermission[] {
  const grant = caseReadGrant(permissions, caseIds);
  return grant ? [...permissions, grant as PrincipalPermission] : permissions;
}

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string | null;
  departmentId: string | null;
  roles: string[];
  status: 'active' | 'disabled';
  failedLoginCount: number;
  lockedUntil: Date | null;
}

export async function findUserByUsername(tx: Executor, username: string): Promise<UserRow | undefined> {
  const row = await tx.selectFrom('access.user').selectAll().where('username', '=', username).executeTakeFirst();
  return row && toUserRow(row);
}

export async function findUserById(tx: Executor, id: string): Promise<UserRow | undefined> {
  const row = await tx.selectFrom('access.user').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUserRow(row);
}

function toUserRow(row: {
  id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  department_id: string | null;
  roles: string[];
  status: 'active' | 'disabled';
  failed_login_count: number;
  locked_until: Date | null;
}): UserRow {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    departmentId: row.department_id,
    roles: row.roles,
    status: row.status,
    failedLoginCount: row.failed_login_count,
    lockedUntil: row.locked_until,
  };
}

export async function insertUser(
  tx: Executor,
  user: { id: string; username: string; displayName: string; passwordHash: string | null; departmentId: string | null; roles: string[]; departmentIds?: string[] },
): Promise<void> {
  await tx
    .insertInto('access.user')
    .values({
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      department_id: user.departmentId,
      roles: user.roles,
    })
    .execute();
  const departmentIds = [...new Set([...(user.departmentId ? [user.departmentId] : []), ...(user.departmentIds ?? [])])];
  if (departmentIds.length > 0) {
    await sql`INSERT INTO access.user_department (user_id, department_id) SELECT ${user.id}::uuid, unnest(${departmentIds}::uuid[])`.execute(tx);
  }
}

export async function recordLoginFailure(tx: Tx, userId: string, lockAfter: number, lockedUntil: Date, now: Date): Promise<number> {
  // A lock that has run out starts a new count: the user gets `lockAfter` fresh attempts, not one.
  const count = sql<number>`CASE WHEN locked_until <= ${now}::timestamptz THEN 1 ELSE failed_login_count + 1 END`;
  const row = await tx
    .updateTable('access.user')
    .set({
      failed_login_count: count,
      locked_until: sql`CASE WHEN ${count} >= ${lockAfter} THEN ${lockedUntil}::timestamptz WHEN locked_until <= ${now}::timestamptz THEN NULL ELSE locked_until END`,
    })
    .where('id', '=', userId)
    .returning('failed_login_count')
    .executeTakeFirstOrThrow();
  return row.failed_login_count;
}

export async function resetLoginFailures(tx: Tx, userId: string): Promise<void> {
  await tx.updateTable('access.user').set({ failed_login_count: 0, locked_until: null }).where('id', '=', userId).execute();
}

export async function insertSession(tx: Tx, session: { id: string; tokenHash: Buffer; userId: string; clientIp: string | null; userAgent: string | null; expiresAt: Date }): Promise<void> {
  await tx
    .insertInto('access.session')
    .values({
      id: session.id,
      token_hash: session.tokenHash,
      user_id: session.userId,
      client_ip: session.clientIp,
      user_agent: session.userAgent,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function revokeSession(tx: Tx, sessionId: string, now: Date): Promise<void> {
  await tx.updateTable('access.session').set({ revoked_at: now }).where('id', '=', sessionId).execute();
}

interface CredentialRow {
  user_id: string;
  username: string;
  display_name: string;
  department_id: string | null;
  roles: string[];
  credential_id: string;
  scopes: string[] | null;
  department_ids: string[];
  subtree_department_ids: string[];
  permissions: PrincipalPermission[];
  read_grant_case_ids: string[];
}

// One round trip per request: the live credential, its active user, the user's departments,
// their subtrees (by materialised path) and the permissions of the user's roles.
function principalQuery(credentialTable: 'access.session' | 'access.api_token', tokenHash: Buffer, now: Date) {
  const scopes = credentialTable === 'access.api_token' ? sql`c.scopes` : sql`NULL::text[]`;
  // A token minted by a token lives only while every ancestor does (#12). Revocation cascades when
  // it happens and a child never outlives its parent by construction; this check also covers rows
  // written any other way. A token minted at a session has no parent: one index probe, no rows.
  const lineage =
    credentialTable === 'access.api_token'
      ? sql`
      AND NOT EXISTS (
        WITH RECURSIVE ancestor AS (
          SELECT p.parent_token_id, p.revoked_at, p.expires_at FROM access.api_token p WHERE p.id = c.parent_token_id
          UNION ALL
          SELECT p.parent_token_id, p.revoked_at, p.expires_at FROM access.api_token p JOIN ancestor a ON p.id = a.parent_token_id
        )
        SELECT 1 FROM ancestor WHERE ancestor.revoked_at IS NOT NULL OR ancestor.expires_at <= ${now})`
      : sql``;
  return sql<CredentialRow>`
    SELECT u.id AS user_id, u.username, u.display_name, u.department_id, u.roles, c.id AS credential_id, ${scopes} AS scopes,
      ${policySubjectColumns}
    FROM ${sql.table(credentialTable)} c
    JOIN access.user u ON u.id = c.user_id
    WHERE c.token_hash = ${tokenHash} AND c.revoked_at IS NULL AND c.expires_at > ${now} AND u.status = 'active'${lineage}`;
}

function toPrincipal(row: CredentialRow, kind: Principal['kind']): Principal {
  // An API token acts with at most its scopes: permissions outside them are dropped here, once.
  const all = withCaseReadGrants(row.permissions, row.read_grant_case_ids);
  const permissions = row.scopes === null ? all : all.filter((p) => row.scopes!.includes(p.action));
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    departmentId: row.department_id,
    departmentIds: row.department_ids,
    subtreeDepartmentIds: row.subtree_department_ids,
    roles: row.roles,
    permissions,
    kind,
    scopes: row.scopes,
    credentialId: row.credential_id,
  };
}

/**
 * What the policy needs of another user (departments, subtree, role permissions), to ask
 * whether they may read a case before they are made to watch it. Undefined for an unknown or
 * disabled user.
 */
export async function findPolicySubjectOfUser(tx: Executor, userId: string): Promise<PolicySubject | undefined> {
  const result = await sql<{ department_ids: string[]; subtree_department_ids: string[]; permissions: PrincipalPermission[]; read_grant_case_ids: string[] }>`
    SELECT ${policySubjectColumns}
    FROM access.user u
    WHERE u.id = ${userId} AND u.status = 'active'`.execute(tx);
  const row = result.rows[0];
  return row && { userId, departmentIds: row.department_ids, subtreeDepartmentIds: row.subtree_department_ids, permissions: withCaseReadGrants(row.permissions, row.read_grant_case_ids) };
}

export async function findPrincipalBySessionHash(db: Db, tokenHash: Buffer, now: Date): Promise<Principal | undefined> {
  const row = (await principalQuery('access.session', tokenHash, now).execute(db)).rows[0];
  return row && toPrincipal(row, 'session');
}

export async function findPrincipalByApiTokenHash(db: Db, tokenHash: Buffer, now: Date): Promise<Principal | undefined> {
  const row = (await principalQuery('access.api_token', tokenHash, now).execute(db)).rows[0];
  return row && toPrincipal(row, 'api-token');
}

export interface ApiTokenRow {
  id: string;
  name: string;
  userId: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

// parent_token_id came with migration 20261204T2130; declared here until tables.ts carries it.
type ApiTokenLineageTable = { 'access.api_token': { parent_token_id: string | null } };

export async function insertApiToken(
  tx: Tx,
  token: { id: string; name: string; tokenHash: Buffer; userId: string; scopes: string[]; createdBy: string; createdAt: Date; expiresAt: Date; parentTokenId: string | null },
): Promise<void> {
  await tx
    .withTables<ApiTokenLineageTable>()
    .insertInto('access.api_token')
    .values({
      id: token.id,
      name: token.name,
      token_hash: token.tokenHash,
      user_id: token.userId,
      scopes: token.scopes,
      created_by: token.createdBy,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
      parent_token_id: token.parentTokenId,
    })
    .execute();
}

/** The token a request authenticated with: what a token it mints may at most carry. */
export async function findApiTokenById(tx: Tx, tokenId: string): Promise<{ id: string; scopes: string[]; expiresAt: Date } | undefined> {
  const row = await tx.selectFrom('access.api_token').select(['id', 'scopes', 'expires_at']).where('id', '=', tokenId).executeTakeFirst();
  return row && { id: row.id, scopes: row.scopes, expiresAt: row.expires_at };
}

export async function listApiTokensOfUser(tx: Tx, userId: string): Promise<ApiTokenRow[]> {
  const rows = await tx
    .selectFrom('access.api_token')
    .select(['id', 'name', 'user_id', 'scopes', 'created_at', 'expires_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    userId: r.user_id,
    scopes: r.scopes,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }));
}

/**
 * Revokes a live token of the user and every live token minted from it, at any depth; returns the
 * ids revoked, the requested one first, or [] when the user has no such live token.
 */
export async function revokeApiTokenAndDescendants(tx: Tx, tokenId: string, userId: string, now: Date): Promise<string[]> {
  const result = await sql<{ id: string }>`
    WITH RECURSIVE tree AS (
      SELECT id FROM access.api_token WHERE id = ${tokenId} AND user_id = ${userId} AND revoked_at IS NULL
      UNION
      SELECT t.id FROM access.api_token t JOIN tree ON t.parent_token_id = tree.id
    )
    UPDATE access.api_token SET revoked_at = ${now}
     WHERE id IN (SELECT id FROM tree) AND revoked_at IS NULL
    RETURNING id`.execute(tx);
  const ids = result.rows.map((r) => r.id);
  if (!ids.includes(tokenId)) return [];
  return [tokenId, ...ids.filter((id) => id !== tokenId).sort()];
}

export async function insertDepartment(
  tx: Executor,
  department: { id: string; code: string; name: string; kind: 'head-office' | 'branch' | 'sub-branch' | 'functional'; parentId: string | null; path: string },
): Promise<void> {
  await tx
    .insertInto('access.department')
    .values({ id: department.id, code: department.code, name: department.name, kind: department.kind, parent_id: department.parentId, path: department.path })
    .execute();
}

export async function countUsers(tx: Executor): Promise<number> {
  const row = await tx
    .selectFrom('access.user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An operator's password reset: new hash, lock lifted, every session ended. */
export async function replacePasswordAndEndSessions(tx: Tx, userId: string, passwordHash: string, now: Date): Promise<void> {
  await tx.updateTable('access.user').set({ password_hash: passwordHash, failed_login_count: 0, locked_until: null, updated_at: now }).where('id', '=', userId).execute();
  await tx.updateTable('access.session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** A named system actor as a principal: its roles' permissions, no credential, no department. */
export async function findPrincipalOfSystemActor(tx: Executor, username: string): Promise<Principal | undefined> {
  const result = await sql<Omit<CredentialRow, 'credential_id' | 'scopes'>>`
    SELECT u.id AS user_id, u.username, u.display_name, u.department_id, u.roles, ${policySubjectColumns}
    FROM access.user u
    WHERE u.username = ${username} AND u.kind = 'system' AND u.status = 'active'`.execute(tx);
  const row = result.rows[0];
  return row && toPrincipal({ ...row, credential_id: username, scopes: null }, 'system');
}

/** The actor of one message source, granted what every source is (role system-ingest). */
export async function insertIngestActorIfMissing(tx: Executor, username: string, displayName: string): Promise<void> {
  await sql`INSERT INTO access.user (id, username, display_name, password_hash, roles, kind)
    VALUES (gen_random_uuid(), ${username}, ${displayName}, NULL, '{system-ingest}', 'system')
    ON CONFLICT (username) DO NOTHING`.execute(tx);
}
