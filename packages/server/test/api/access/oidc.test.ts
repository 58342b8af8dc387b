import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { createSignInTestApp } from './sign-in-test-app.ts';
import { followProviderUntil, startTestProvider, type TestProvider } from './oidc-test-provider.ts';
import { insertDepartment, mapClaimsToAccount, oidcOptionsFromConfig, type OidcOptions } from '../../../src/modules/access/index.ts';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';
import { newId } from '../../../src/platform/ids/ids.ts';

const oidcOptionsFromEnv = (env: Record<string, string>) => oidcOptionsFromConfig(loadConfig(env));
const REDIRECT_URI = 'http://docket.test/api/v1/auth/oidc/callback';
const CLIENT = { clientId: 'docket', clientSecret: 'docket-client-secret', redirectUri: REDIRECT_URI };

let idp: TestProvider;
let t: TestApp;
let departmentId: string;

beforeAll(async () => {
  idp = await startTestProvider(CLIENT);
  const oidc = oidcOptionsFromEnv({
    DOCKET_OIDC_ISSUER: idp.issuer,
    DOCKET_OIDC_CLIENT_ID: CLIENT.clientId,
    DOCKET_OIDC_CLIENT_SECRET: CLIENT.clientSecret,
    DOCKET_OIDC_REDIRECT_URI: REDIRECT_URI,
    DOCKET_OIDC_SCOPE: 'openid profile docket',
    DOCKET_OIDC_ROLE_CLAIM: 'groups',
    DOCKET_OIDC_ROLE_MAP: 'docket-agents=agent,docket-auditors=auditor',
    DOCKET_OIDC_ALLOW_INSECURE_HTTP: 'true',
  });
  t = await createSignInTestApp({ oidc });
  departmentId = newId();
  await insertDepartment(t.database.db, { id: departmentId, code: 'BJ', name: '北京分行', kind: 'branch', parentId: null, path: `/${departmentId}/` });
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

const cookiesOf = (res: { cookies: { name: string; value: string }[] }) => Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
const count = async (table: string) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

/** Starts sign-in at Docket, signs in at the provider, and returns the callback URL and state cookie. */
async function throughProvider(accountId: string) {
  idp.signInAs(accountId);
  const start = await t.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
  expect(start.statusCode).toBe(302);
  const stateCookie = cookiesOf(start).docket_oidc_state!;
  const callback = await followProviderUntil(start.headers.location as string, REDIRECT_URI);
  return { start, stateCookie, callback };
}
const callbackWith = (callback: URL, stateCookie?: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1/auth/oidc/callback${callback.search}`, cookies: stateCookie ? { docket_oidc_state: stateCookie } : {} });

describe('OpenID Connect single sign-on against oidc-provider', () => {
  it('redirects to the provider with PKCE (S256), state and nonce, keeping state server-side and in a cookie', async () => {
    const before = await count('access.oidc_login_state');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location as string);
    expect(location.origin + location.pathname).toBe(`${idp.issuer}/auth`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: 'docket',
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      code_challenge_method: 'S256',
      scope: 'openid profile docket',
    });
    expect(location.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(location.searchParams.get('nonce')).toBeTruthy();
    const cookie = res.cookies.find((c) => c.name === 'docket_oidc_state')!;
    expect(cookie).toMatchObject({ value: location.searchParams.get('state'), httpOnly: true, sameSite: 'Lax', path: '/api/v1/auth/oidc' });
    expect(await count('access.oidc_login_state')).toBe(before + 1);
    const [row] = await t.sql<{ state_hash: Buffer }>('SELECT state_hash FROM access.oidc_login_state ORDER BY created_at DESC LIMIT 1');
    expect(row!.state_hash.toString('latin1')).not.toContain(cookie.value);
  });

  it('creates the user on first sign-in, maps groups to roles and the department claim, and opens a session', async () => {
    // given
    idp.accounts['sub-alice'] = { preferred_username: 'alice.sso', name: 'Alice Wang', groups: ['docket-agents', 'unrelated-group'], department: 'BJ' };
    // when
    const { callback, stateCookie } = await throughProvider('sub-alice');
    const res = await callbackWith(callback, stateCookie);
    // then
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/');
    const session = cookiesOf(res).docket_session!;
    expect(session).toMatch(/^dks_/);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(session) });
    expect(me.json()).toMatchObject({ username: 'alice.sso', displayName: 'Alice Wang', roles: ['agent'], departmentId });
    const [identity] = await t.sql<{ issuer: string; subject: string }>('SELECT issuer, subject FROM access.external_identity');
    expect(identity).toEqual({ issuer: idp.issuer, subject: 'sub-alice' });
    const [user] = await t.sql<{ id: string; password_hash: string | null }>("SELECT id, password_hash FROM access.user WHERE username = 'alice.sso'");
    expect(user!.password_hash).toBeNull();
    const actions = (await t.sql<{ action: string }>('SELECT action FROM audit.event WHERE target_id = $1 ORDER BY id', [user!.id])).map((r) => r.action);
    expect(actions).toEqual(['auth.oidc-user-created', 'auth.oidc-claims-applied', 'auth.login']);
    const [sessionRow] = await t.sql<{ auth_method: string }>('SELECT auth_method FROM access.session WHERE user_id = $1', [user!.id]);
    expect(sessionRow!.auth_method).toBe('oidc');
  });

  it('links the returning subject to the same user and applies changed roles from the provider', async () => {
    idp.accounts['sub-bob'] = { preferred_username: 'bob.sso', name: 'Bob', groups: ['docket-agents'] };
    const first = await throughProvider('sub-bob');
    expect((await callbackWith(first.callback, first.stateCookie)).statusCode).toBe(302);
    const usersBefore = await count('access.user');
    idp.accounts['sub-bob'] = { preferred_username: 'bob.sso', name: 'Bob', groups: ['docket-auditors'] };
    const again = await throughProvider('sub-bob');
    const res = await callbackWith(again.callback, again.stateCookie);
    expect(res.statusCode).toBe(302);
    expect(await count('access.user')).toBe(usersBefore);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(cookiesOf(res).docket_session!) });
    expect(me.json()).toMatchObject({ username: 'bob.sso', roles: ['auditor'] });
  });

  it('refuses a callback without the state cookie, or with another one, and opens no session', async () => {
    idp.accounts['sub-carol'] = { preferred_username: 'carol.sso', groups: [] };
    const { callback, stateCookie } = await throughProvider('sub-carol');
    const sessionsBefore = await count('access.session');
    expectProblem(await callbackWith(callback), 400, 'oidc-state-invalid');
    expectProblem(await callbackWith(callback, 'another-browsers-state'), 400, 'oidc-state-invalid');
    expect(await count('access.session')).toBe(sessionsBefore);
    expect(await count("access.user WHERE username = 'carol.sso'")).toBe(0);
    // the real browser still completes it
    expect((await callbackWith(callback, stateCookie)).statusCode).toBe(302);
  });

  it('refuses a replayed callback', async () => {
    idp.accounts['sub-dave'] = { preferred_username: 'dave.sso', groups: [] };
    const { callback, stateCookie } = await throughProvider('sub-dave');
    expect((await callbackWith(callback, stateCookie)).statusCode).toBe(302);
    const sessionsBefore = await count('access.session');
    expectProblem(await callbackWith(callback, stateCookie), 400, 'oidc-state-invalid');
    expect(await count('access.session')).toBe(sessionsBefore);
  });

  it('refuses a forged authorization code, and an error answer from the provider, audited', async () => {
    idp.accounts['sub-erin'] = { preferred_username: 'erin.sso', groups: [] };
    const { callback, stateCookie } = await throughProvider('sub-erin');
    callback.searchParams.set('code', 'forged-code');
    const sessionsBefore = await count('access.session');
    expectProblem(await callbackWith(callback, stateCookie), 401, 'oidc-sign-in-failed');

    const start = await t.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
    const state = cookiesOf(start).docket_oidc_state!;
    const denied = new URL(`${REDIRECT_URI}?error=access_denied&state=${state}&iss=${encodeURIComponent(idp.issuer)}`);
    expectProblem(await callbackWith(denied, state), 401, 'oidc-sign-in-failed');
    expect(await count('access.session')).toBe(sessionsBefore);
    expect(await count("access.user WHERE username = 'erin.sso'")).toBe(0);
    expect(await count("audit.event WHERE action = 'auth.oidc-login-failed'")).toBeGreaterThanOrEqual(2);
  });

  it('refuses to take over a local account of the same username', async () => {
    const localId = await t.createUser('frank', ['admin']);
    idp.accounts['sub-frank'] = { preferred_username: 'frank', groups: ['docket-agents'] };
    const { callback, stateCookie } = await throughProvider('sub-frank');
    const sessionsBefore = await count('access.session');
    expectProblem(await callbackWith(callback, stateCookie), 409, 'oidc-account-conflict');
    expect(await count('access.session')).toBe(sessionsBefore);
    expect(await count("access.external_identity WHERE subject = 'sub-frank'")).toBe(0);
    const [local] = await t.sql<{ roles: string[] }>('SELECT roles FROM access.user WHERE id = $1', [localId]);
    expect(local!.roles).toEqual(['admin']);
  });

  it("refuses a provider's account named like a system actor: it would sign in as system:…", async () => {
    idp.accounts['sub-mallory'] = { preferred_username: 'system:sla', groups: ['docket-agents'] };
    idp.accounts['sub-mallory-2'] = { preferred_username: 'system:ingest:new-source', groups: [] };
    for (const account of ['sub-mallory', 'sub-mallory-2']) {
      const { callback, stateCookie } = await throughProvider(account);
      const sessionsBefore = await count('access.session');
      expectProblem(await callbackWith(callback, stateCookie), 409, 'oidc-account-conflict');
      expect(await count('access.session')).toBe(sessionsBefore);
      expect(await count(`access.external_identity WHERE subject = '${account}'`)).toBe(0);
    }
    expect(await count("access.user WHERE username = 'system:ingest:new-source'")).toBe(0);
  });

  it('refuses a disabled user', async () => {
    idp.accounts['sub-gina'] = { preferred_username: 'gina.sso', groups: [] };
    const first = await throughProvider('sub-gina');
    expect((await callbackWith(first.callback, first.stateCookie)).statusCode).toBe(302);
    await t.sql("UPDATE access.user SET status = 'disabled' WHERE username = 'gina.sso'");
    const sessionsBefore = await count('access.session');
    const again = await throughProvider('sub-gina');
    expectProblem(await callbackWith(again.callback, again.stateCookie), 403, 'oidc-account-disabled');
    expect(await count('access.session')).toBe(sessionsBefore);
  });
});

describe('without single sign-on configured', () => {
  it('answers 404 oidc-not-configured', async () => {
    const plain = await createSignInTestApp();
    try {
      expectProblem(await plain.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' }), 404, 'oidc-not-configured');
      expectProblem(await plain.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/callback?code=x&state=y' }), 404, 'oidc-not-configured');
    } finally {
      await plain.close();
    }
  });
});

describe('mapClaimsToAccount', () => {
  const options = oidcOptionsFromEnv({
    DOCKET_OIDC_ISSUER: 'https://idp.example',
    DOCKET_OIDC_CLIENT_ID: 'c',
    DOCKET_OIDC_CLIENT_SECRET: 's',
    DOCKET_OIDC_REDIRECT_URI: 'https://docket.example/api/v1/auth/oidc/callback',
    DOCKET_OIDC_ROLE_CLAIM: 'realm_access.roles',
    DOCKET_OIDC_ALLOWED_ROLES: 'agent,auditor',
  }) as OidcOptions;

  it('reads nested claims (Keycloak realm_access.roles) and drops roles not allowed', () => {
    expect(mapClaimsToAccount({ sub: 's1', preferred_username: 'li.lei', realm_access: { roles: ['agent', 'admin', 'offline_access'] }, department: 'SH' }, options)).toEqual({
      username: 'li.lei',
      displayName: 'li.lei',
      roles: ['agent'],
      departmentCode: 'SH',
    });
  });

  it('falls back to the subject for a missing username', () => {
    expect(mapClaimsToAccount({ sub: 's2' }, options)).toEqual({ username: 's2', displayName: 's2', roles: [], departmentCode: null });
  });

  it('refuses a partial configuration, naming what is missing and hiding the client secret', () => {
    expect(() => oidcOptionsFromEnv({ DOCKET_OIDC_ISSUER: 'https://idp.example' })).toThrow(ConfigError);
    expect(() => oidcOptionsFromEnv({ DOCKET_OIDC_ISSUER: 'https://idp.example' })).toThrow(/missing DOCKET_OIDC_CLIENT_ID, DOCKET_OIDC_CLIENT_SECRET, DOCKET_OIDC_REDIRECT_URI/);
    expect(() => oidcOptionsFromEnv({ DOCKET_OIDC_CLIENT_SECRET: 'sso-secret-value' })).not.toThrow(/sso-secret-value/);
    expect(oidcOptionsFromEnv({})).toBeUndefined();
  });

  it('refuses a role map that is not provider-value=docket-role, naming it', () => {
    expect(() => oidcOptionsFromEnv({ DOCKET_OIDC_ROLE_MAP: 'docket-agents=agent,auditors' })).toThrow(/DOCKET_OIDC_ROLE_MAP = "docket-agents=agent,auditors": "auditors" is not name=value/);
  });
});
