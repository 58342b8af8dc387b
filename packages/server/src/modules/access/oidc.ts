import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids/ids.ts';
import { insertAuditEvent } from '../audit/index.ts';
import { openSession, type OpenedSession } from './sessions.ts';
import { signInProblems } from './sign-in-problems.ts';
import {
  consumeOidcLoginState,
  findDepartmentIdByCode,
  findExternalIdentityUserId,
  insertExternalIdentity,
  insertOidcLoginState,
  touchExternalIdentity,
  updateUserFromIdentityProvider,
} from './sign-in-store.ts';
import { findUserById, findUserByUsername, insertUser } from './store.ts';

/** OpenID Connect single sign-on (authorization code flow with PKCE, RFC 7636). */
export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Must be registered at the provider: https://docket.example/api/v1/auth/oidc/callback */
  redirectUri: string;
  /** @default 'openid profile email' */
  scope: string;
  /** Dot paths into the claims, e.g. `realm_access.roles` for Keycloak. @default 'preferred_username' */
  usernameClaim: string;
  /** @default 'name' */
  displayNameClaim: string;
  /** @default 'roles' */
  roleClaim: string;
  /** Holds a department code (access.department.code). @default 'department' */
  departmentClaim: string;
  /** Provider value → Docket role. Empty: provider values are Docket role names. Unmapped values are dropped. */
  roleMap: Record<string, string>;
  /** Only these Docket roles may come from the provider; anything else is dropped. Empty: any. */
  allowedRoles: string[];
  /** Link a first-time subject to an existing local user of the same username (only for a trusted provider). @default false */
  linkByUsername: boolean;
  /** Plain-http issuer, for development and tests only. @default false */
  allowInsecureHttp: boolean;
}

export type OidcConfig = Pick<
  Config,
  | 'oidcIssuer'
  | 'oidcClientId'
  | 'oidcClientSecret'
  | 'oidcRedirectUri'
  | 'oidcScope'
  | 'oidcUsernameClaim'
  | 'oidcNameClaim'
  | 'oidcRoleClaim'
  | 'oidcDepartmentClaim'
  | 'oidcRoleMap'
  | 'oidcAllowedRoles'
  | 'oidcLinkByUsername'
  | 'oidcAllowInsecureHttp'
>;

/** Single sign-on from the DOCKET_OIDC_* settings; undefined without an issuer (loadConfig refuses a partial set). */
export function oidcOptionsFromConfig(config: OidcConfig): OidcOptions | undefined {
  const { oidcIssuer: issuer, oidcClientId: clientId, oidcClientSecret: clientSecret, oidcRedirectUri: redirectUri } = config;
  if (!issuer || !clientId || !clientSecret || !redirectUri) return undefined;
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri,
    scope: config.oidcScope,
    usernameClaim: config.oidcUsernameClaim,
    displayNameClaim: config.oidcNameClaim,
    roleClaim: config.oidcRoleClaim,
    departmentClaim: config.oidcDepartmentClaim,
    roleMap: { ...config.oidcRoleMap },
    allowedRoles: [...config.oidcAllowedRoles],
    linkByUsername: config.oidcLinkByUsername,
    allowInsecureHttp: config.oidcAllowInsecureHttp,
  };
}

export interface MappedAccount {
  username: string;
  displayName: string;
  roles: string[];
  departmentCode: string | null;
}

function claimAt(claims: Record<string, unknown>, dotPath: string): unknown {
  if (dotPath in claims) return claims[dotPath];
  return dotPath.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), claims);
}

/** Pure: the provider's claims → the Docket account they describe. */
export function mapClaimsToAccount(claims: Record<string, unknown>, options: OidcOptions): MappedAccount {
  const sub = String(claims.sub);
  const usernameClaim = claimAt(claims, options.usernameClaim);
  const username = (typeof usernameClaim === 'string' && usernameClaim.trim() ? usernameClaim.trim() : sub).slice(0, 100);
  const nameClaim = claimAt(claims, options.displayNameClaim);
  const displayName = (typeof nameClaim === 'string' && nameClaim.trim() ? nameClaim.trim() : username).slice(0, 200);
  const rawRoles = claimAt(claims, options.roleClaim);
  const values = Array.isArray(rawRoles) ? rawRoles.map(String) : typeof rawRoles === 'string' ? rawRoles.split(/[\s,]+/).filter(Boolean) : [];
  const hasMap = Object.keys(options.roleMap).length > 0;
  const roles = [...new Set(values.map((v) => (hasMap ? options.roleMap[v] : v)).filter((r): r is string => !!r))]
    .filter((r) => options.allowedRoles.length === 0 || options.allowedRoles.includes(r))
    .sort();
  const department = claimAt(claims, options.departmentClaim);
  const departmentCode = typeof department === 'string' && department.trim() ? department.trim() : Array.isArray(department) && department.length > 0 ? String(department[0]) : null;
  return { username, displayName, roles, departmentCode };
}

// An authorization request lives ten minutes: long enough for a password and a second factor at the provider.
export const OIDC_STATE_TTL_MS = 10 * 60 * 1000;

const hashState = (state: string) => createHash('sha256').update(state).digest();

export interface OidcSignIn {
  readonly options: OidcOptions;
  /** Where to send the browser, and the state to bind to it in a cookie. */
  startSignIn(db: Db, now: Date): Promise<{ url: URL; state: string }>;
  finishSignIn(db: Db, input: FinishSignInInput): Promise<OpenedSession>;
}

export interface FinishSignInInput {
  /** The callback URL as the provider sent the browser to it (query included). */
  callbackQuery: URLSearchParams;
  stateCookie: string | undefined;
  clientIp: string | null;
  userAgent: string | null;
  requestId: string;
  now: Date;
  sessionTtlMinutes: number;
}

export function createOidcSignIn(options: OidcOptions): OidcSignIn {
  let configuration: Promise<client.Configuration> | undefined;
  const discover = () => {
    configuration ??= client
      .discovery(new URL(options.issuer), options.clientId, undefined, client.ClientSecretBasic(options.clientSecret), {
        ...(options.allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        configuration = undefined; // the provider may be back at the next attempt
        throw signInProblems.oidcSignInFailed({ detail: `The identity provider's discovery document could not be read: ${(error as Error).message}` });
      });
    return configuration;
  };

  return {
    options,
    async startSignIn(db, now) {
      const config = await discover();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      await insertOidcLoginState(db, { stateHash: hashState(state), codeVerifier, nonce, now, expiresAt: new Date(now.getTime() + OIDC_STATE_TTL_MS) });
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scope,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, state };
    },

    async finishSignIn(db, input) {
      const audit = { occurredAt: input.now, clientIp: input.clientIp, requestId: input.requestId, channel: 'web', targetType: 'user' };
      const fail = async (reason: string, problem = signInProblems.oidcSignInFailed({ detail: reason })) => {
        await insertAuditEvent(db, { ...audit, actorId: null, actorName: null, action: 'auth.oidc-login-failed', targetId: options.issuer, data: { reason } });
        return problem;
      };
      const state = input.callbackQuery.get('state');
      // The state must come back to the browser that started the sign-in (login CSRF, RFC 6749 §10.12).
      if (!state || !input.stateCookie || state !== input.stateCookie) throw await fail('state missing or from another browser', signInProblems.oidcStateInvalid());
      const stored = await consumeOidcLoginState(db, hashState(state), input.now);
      if (!stored) throw await fail('state unknown, expired or used', signInProblems.oidcStateInvalid());
      const providerError = input.callbackQuery.get('error');
      if (providerError) throw await fail(`the provider answered ${providerError.slice(0, 100)}`);

      const config = await discover();
      const callbackUrl = new URL(options.redirectUri);
      callbackUrl.search = input.callbackQuery.toString();
      let claims: Record<string, unknown>;
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: stored.codeVerifier,
          expectedState: state,
          expectedNonce: stored.nonce,
          idTokenExpected: true,
        });
        claims = { ...tokens.claims()! };
        if (config.serverMetadata().userinfo_endpoint) {
          // Many providers put roles and departments only in userinfo (OpenID Connect Core §5.4).
          const userinfo = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
          claims = { ...userinfo, ...claims };
        }
      } catch (error) {
        const code = (error as { code?: string; error?: string }).error ?? (error as { code?: string }).code ?? 'unknown';
        throw await fail(`the token exchange failed (${code})`);
      }

      const issuer = config.serverMetadata().issuer;
      const subject = String(claims.sub);
      const account = mapClaimsToAccount(claims, options);
      return db.transaction().execute(async (tx) => {
        let userId = await findExternalIdentityUserId(tx, issuer, subject);
        let created = false;
        if (!userId) {
          const existing = await findUserByUsername(tx, account.username);
          // A system actor's name (system:sla …) is never a person's: linking would sign in as it.
          if ((existing && !options.linkByUsername) || account.username.startsWith('system:')) {
            throw signInProblems.oidcAccountConflict({ detail: `Ask an administrator to link ${account.username} to single sign-on` });
          }
          userId = existing?.id ?? newId();
          if (!existing) {
            await insertUser(tx, { id: userId, username: account.username, displayName: account.displayName, passwordHash: null, departmentId: null, roles: [] });
            created = true;
          }
          await insertExternalIdentity(tx, { issuer, subject, userId, now: input.now });
        } else {
          await touchExternalIdentity(tx, { issuer, subject, now: input.now });
        }
        const user = await findUserById(tx, userId);
        if (user?.status !== 'active') throw signInProblems.oidcAccountDisabled();
        const departmentId = account.departmentCode ? ((await findDepartmentIdByCode(tx, account.departmentCode)) ?? null) : null;
        await updateUserFromIdentityProvider(tx, { userId, displayName: account.displayName, roles: account.roles, departmentId, now: input.now });
        const actor = { ...audit, actorId: userId, actorName: user.username, targetId: userId };
        if (created) await insertAuditEvent(tx, { ...actor, action: 'auth.oidc-user-created', data: { issuer, subject } });
        if (JSON.stringify([...user.roles].sort()) !== JSON.stringify(account.roles) || user.departmentId !== departmentId) {
          await insertAuditEvent(tx, {
            ...actor,
            action: 'auth.oidc-claims-applied',
            changes: [
              { field: 'roles', before: user.roles, after: account.roles },
              { field: 'departmentId', before: user.departmentId, after: departmentId },
            ],
          });
        }
        const session = await openSession(tx, { userId, clientIp: input.clientIp, userAgent: input.userAgent, now: input.now, ttlMinutes: input.sessionTtlMinutes, authMethod: 'oidc' });
        await insertAuditEvent(tx, { ...actor, action: 'auth.login', data: { sessionId: session.sessionId, method: 'oidc', issuer } });
        return session;
      });
    },
  };
}
