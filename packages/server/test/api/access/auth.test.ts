import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../src/platform/clock/clock.ts';
import { bearer, createTestApp, expectProblem, USER_PASSWORD, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
});
afterAll(() => t.close());

const DAY_MS = 24 * 3600 * 1000;
const loginAs = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
const count = async (table: string, where = 'true', values: unknown[] = []) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, values))[0]!.n);
const eventsOf = (actorName: string) => t.sql<{ action: string; actor_id: string | null }>('SELECT action, actor_id FROM audit.event WHERE actor_name = $1 ORDER BY id', [actorName]);
const createToken = (token: string, body: object) => t.app.inject({ method: 'POST', url: '/api/v1/auth/api-tokens', headers: bearer(token), payload: body });
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

describe('POST /api/v1/auth/login', () => {
  it('answers a session token and sets it as an httpOnly cookie that signs in GET /me', async () => {
    // given
    const userId = await t.createUser('login.ok', ['agent']);
    // when
    const res = await loginAs('login.ok', USER_PASSWORD);
    // then
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^dks_[\w-]{43}$/);
    expect(body.user).toMatchObject({ id: userId, username: 'login.ok', roles: ['agent'], authenticatedBy: 'session', scopes: null });
    const cookie = res.cookies.find((c) => c.name === 'docket_session');
    expect(cookie).toMatchObject({ value: body.token, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(new Date(cookie!.expires!).toISOString()).toBe(new Date(body.expiresAt).toISOString().replace(/\.\d{3}Z$/, '.000Z'));
    const byCookie = await me({ cookie: `docket_session=${cookie!.value}` });
    expect(byCookie.statusCode).toBe(200);
    expect(byCookie.json()).toMatchObject({ id: userId, username: 'login.ok', authenticatedBy: 'session' });
    expect(await eventsOf('login.ok')).toEqual([{ action: 'auth.login', actor_id: userId }]);
  });

  it('refuses a wrong password with 401 invalid-credentials, audits it and opens no session', async () => {
    // given
    const userId = await t.createUser('login.wrong', ['agent']);
    // when
    const res = await loginAs('login.wrong', 'not-the-password');
    // then
    expectProblem(res, 401, 'invalid-credentials');
    expect(res.cookies).toEqual([]);
    expect(await eventsOf('login.wrong')).toEqual([{ action: 'auth.login-failed', actor_id: userId }]);
    expect(await count('access.session', 'user_id = $1', [userId])).toBe(0);
  });

  it('answers an unknown user exactly as a wrong password, so usernames cannot be probed', async () => {
    // given
    await t.createUser('login.known', ['agent']);
    // when
    const unknown = await loginAs('login.nobody', 'whatever-password');
    const wrong = await loginAs('login.known', 'whatever-password');
    // then
    const strip = ({ requestId: _r, ...rest }: Record<string, unknown>) => rest;
    expect(strip(expectProblem(unknown, 401, 'invalid-credentials'))).toEqual(strip(expectProblem(wrong, 401, 'invalid-credentials')));
    expect(await eventsOf('login.nobody')).toEqual([{ action: 'auth.login-failed', actor_id: null }]);
  });

  it('locks the username from this address after five failures in a row: 423 even with the right password', async () => {
    // given
    const userId = await t.createUser('login.locked', ['agent']);
    for (let i = 0; i < 4; i++) expectProblem(await loginAs('login.locked', `wrong-${i}`), 401, 'invalid-credentials');
    // when
    const fifth = await loginAs('login.locked', 'wrong-5');
    const right = await loginAs('login.locked', USER_PASSWORD);
    // then
    expectProblem(fifth, 401, 'invalid-credentials');
    expect(expectProblem(right, 423, 'account-locked').detail).toMatch(/^Try again after \d{4}-/);
    expect((await eventsOf('login.locked')).map((e) => e.action)).toEqual([...Array(4).fill('auth.login-failed'), 'auth.account-locked', 'auth.login-refused-locked']);
    expect(await count('access.session', 'user_id = $1', [userId])).toBe(0);
    const [pair] = await t.sql<{ failures: number; locks: number; locked: boolean }>(
      "SELECT failures, locks, locked_until > now() AS locked FROM access.sign_in_throttle WHERE username = 'login.locked'",
    );
    expect(pair).toEqual({ failures: 5, locks: 1, locked: true });
  });

  it('gives five fresh attempts once a lock has expired, and audits the next lock', async () => {
    // given: an account locked by five failures, and the lock's fifteen minutes passed
    const clock = new FixedClock(new Date('2026-05-04T09:00:00.000Z'));
    const timed = await createTestApp({ clock });
    try {
      await timed.createUser('login.expired', ['agent']);
      const attempt = (password: string) => timed.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'login.expired', password } });
      for (let i = 0; i < 5; i++) await attempt(`wrong-${i}`);
      expectProblem(await attempt(USER_PASSWORD), 423, 'account-locked');
      clock.advanceMs(16 * 60 * 1000);
      // when
      const oneMoreWrong = await attempt('wrong-after-expiry');
      const right = await attempt(USER_PASSWORD);
      // then
      expectProblem(oneMoreWrong, 401, 'invalid-credentials');
      expect(right.statusCode).toBe(200);
      for (let i = 0; i < 5; i++) await attempt(`wrong-again-${i}`);
      const actions = (await timed.sql<{ action: string }>("SELECT action FROM audit.event WHERE actor_name = 'login.expired' ORDER BY id")).map((e) => e.action);
      expect(actions.filter((a) => a === 'auth.account-locked')).toHaveLength(2);
      expect(actions.at(-1)).toBe('auth.account-locked');
    } finally {
      await timed.close();
    }
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    // given
    const userId = await t.createUser('login.reset', ['agent']);
    for (let i = 0; i < 4; i++) await loginAs('login.reset', `wrong-${i}`);
    // when
    expect((await loginAs('login.reset', USER_PASSWORD)).statusCode).toBe(200);
    await loginAs('login.reset', 'wrong-again');
    // then
    expect((await loginAs('login.reset', USER_PASSWORD)).statusCode).toBe(200);
    const [user] = await t.sql('SELECT failed_login_count, locked_until FROM access.user WHERE id = $1', [userId]);
    expect(user).toEqual({ failed_login_count: 0, locked_until: null });
  });

  it('refuses a body without password with 400 naming the field', async () => {
    // given
    const before = await count('audit.event');
    // when
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin' } });
    // then
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'password', reason: 'is required', code: 'required' }]);
    expect(await count('audit.event')).toBe(before);
  });

  it('refuses the fourth sign-in within a minute with 429 when the limit is three, opening no session', async () => {
    // given
    const limited = await createTestApp({ config: { loginRateLimitPerMinute: 3 } });
    try {
      const attempt = () => limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'wrong-password' } });
      for (let i = 0; i < 3; i++) expectProblem(await attempt(), 401, 'invalid-credentials');
      const sessionsBefore = (await limited.sql('SELECT id FROM access.session')).length;
      const eventsBefore = (await limited.sql('SELECT id FROM audit.event')).length;
      // when
      const res = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'admin-password-for-tests' } });
      // then
      expectProblem(res, 429, 'too-many-requests');
      expect(res.headers['retry-after']).toBeDefined();
      expect((await limited.sql('SELECT id FROM access.session')).length).toBe(sessionsBefore);
      expect((await limited.sql('SELECT id FROM audit.event')).length).toBe(eventsBefore);
    } finally {
      await limited.close();
    }
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('revokes the session: the same token then answers 401', async () => {
    // given
    const userId = await t.createUser('logout.user', ['agent']);
    const token = await t.login('logout.user');
    expect((await me(bearer(token))).statusCode).toBe(200);
    // when
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) });
    // then
    expect(res.statusCode).toBe(204);
    expect(res.cookies.find((c) => c.name === 'docket_session')?.value).toBe('');
    expectProblem(await me(bearer(token)), 401, 'unauthenticated');
    expectProblem(await me({ cookie: `docket_session=${token}` }), 401, 'unauthenticated');
    expect(await count('access.session', 'user_id = $1 AND revoked_at IS NOT NULL', [userId])).toBe(1);
    expect((await eventsOf('logout.user')).map((e) => e.action)).toEqual(['auth.login', 'auth.logout']);
  });

  it("leaves the user's other sessions signed in", async () => {
    // given
    await t.createUser('logout.two', ['agent']);
    const first = await t.login('logout.two');
    const second = await t.login('logout.two');
    // when
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(first) });
    // then
    expect((await me(bearer(second))).statusCode).toBe(200);
  });
});

describe('GET /api/v1/me', () => {
  it('refuses a call without credentials and with a forged one', async () => {
    expectProblem(await me({}), 401, 'unauthenticated');
    expectProblem(await me(bearer('dks_not-a-real-session')), 401, 'unauthenticated');
    expectProblem(await me(bearer('dkt_not-a-real-token')), 401, 'unauthenticated');
    expectProblem(await me(bearer('something-else')), 401, 'unauthenticated');
  });
});

describe('API tokens', () => {
  it('shows the secret once on creation and never in the list', async () => {
    // given
    await t.createUser('tokens.list', ['agent']);
    const session = await t.login('tokens.list');
    // when
    const created = await createToken(session, { name: 'core banking', scopes: ['case:read', 'case:create'], expiresAt: inDays(30) });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/auth/api-tokens', headers: bearer(session) });
    // then
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ name: 'core banking', scopes: ['case:read', 'case:create'], revokedAt: null });
    expect(body.token).toMatch(/^dkt_[\w-]{43}$/);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([{ id: body.id, name: 'core banking', scopes: ['case:read', 'case:create'], createdAt: body.createdAt, expiresAt: body.expiresAt, revokedAt: null }]);
    expect(list.body).not.toContain(body.token);
    const [row] = await t.sql<{ token_hash: Buffer }>('SELECT token_hash FROM access.api_token WHERE id = $1', [body.id]);
    expect(row!.token_hash.toString('utf8')).not.toContain(body.token);
    expect((await eventsOf('tokens.list')).map((e) => e.action)).toEqual(['auth.login', 'api-token.created']);
  });

  it("signs a system in with the token, acting as the user with the token's scopes", async () => {
    // given
    await t.createUser('tokens.use', ['agent']);
    const session = await t.login('tokens.use');
    const token = (await createToken(session, { name: 'intake', scopes: ['case:read', 'case:create'], expiresAt: inDays(1) })).json().token;
    // when
    const who = await me(bearer(token));
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: complaint() });
    // then
    expect(who.json()).toMatchObject({ username: 'tokens.use', authenticatedBy: 'api-token', scopes: ['case:read', 'case:create'], actions: ['case:create', 'case:read'] }); // a token acts with its scopes only
    expect(created.statusCode).toBe(201);
    const [event] = await t.sql('SELECT actor_name, channel FROM audit.event WHERE case_id = $1', [created.json().id]);
    expect(event).toEqual({ actor_name: 'tokens.use', channel: 'api' });
  });

  it("refuses an action outside the token's scopes with 403 and changes nothing", async () => {
    // given
    await t.createUser('tokens.scope', ['agent']);
    const session = await t.login('tokens.scope');
    const token = (await createToken(session, { name: 'read only', scopes: ['case:read'], expiresAt: inDays(1) })).json().token;
    const casesBefore = await count('cases.case');
    const tokensBefore = await count('access.api_token');
    // when
    const createCase = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: complaint() });
    const mintToken = await createToken(token, { name: 'escalate', scopes: ['case:create'], expiresAt: inDays(1) });
    // then
    expect(expectProblem(createCase, 403, 'forbidden').action).toBe('case:create');
    expect(expectProblem(mintToken, 403, 'forbidden').action).toBe('token:manage');
    expect(await count('cases.case')).toBe(casesBefore);
    expect(await count('access.api_token')).toBe(tokensBefore);
  });

  it('refuses a token that would grant more than the caller may do, and stores nothing', async () => {
    // given: a token that may only manage tokens
    await t.createUser('tokens.escalate', ['agent']);
    const session = await t.login('tokens.escalate');
    const manager = (await createToken(session, { name: 'token manager', scopes: ['token:manage'], expiresAt: inDays(1) })).json().token;
    const tokensBefore = await count('access.api_token');
    // when
    const widerThanToken = await createToken(manager, { name: 'wider', scopes: ['case:create'], expiresAt: inDays(1) });
    const widerThanRole = await createToken(session, { name: 'auditor scope', scopes: ['audit:read'], expiresAt: inDays(1) });
    // then
    expect(expectProblem(widerThanToken, 403, 'forbidden').action).toBe('case:create');
    expect(expectProblem(widerThanRole, 403, 'forbidden').action).toBe('audit:read');
    expect(await count('access.api_token')).toBe(tokensBefore);
  });

  it.each([
    ['in the past', () => new Date(Date.now() - 60_000).toISOString()],
    ['more than a year ahead', () => inDays(400)],
  ])('refuses expiresAt %s with 400 naming expiresAt, and stores nothing', async (_case, expiresAt) => {
    // given
    const before = await count('access.api_token');
    // when
    const res = await createToken(admin, { name: 'bad expiry', scopes: ['case:read'], expiresAt: expiresAt() });
    // then
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'expiresAt', reason: 'must be in the future and at most one year ahead' }]);
    expect(await count('access.api_token')).toBe(before);
  });

  it('refuses an unknown scope and a malformed expiresAt, naming both', async () => {
    // given
    const before = await count('access.api_token');
    // when
    const res = await createToken(admin, { name: 'bad', scopes: ['case:fly'], expiresAt: 'next week' });
    // then
    const fields = expectProblem(res, 400, 'validation-failed').errors!.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['scopes.0', 'expiresAt']));
    expect(await count('access.api_token')).toBe(before);
  });

  it('revokes a token: it then answers 401, and a second revoke 404', async () => {
    // given
    await t.createUser('tokens.revoke', ['agent']);
    const session = await t.login('tokens.revoke');
    const created = (await createToken(session, { name: 'to revoke', scopes: ['case:read'], expiresAt: inDays(1) })).json();
    expect((await me(bearer(created.token))).statusCode).toBe(200);
    // when
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/api-tokens/${created.id}`, headers: bearer(session) });
    // then
    expect(res.statusCode).toBe(204);
    expectProblem(await me(bearer(created.token)), 401, 'unauthenticated');
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/api-tokens', headers: bearer(session) })).json().items;
    expect(listed[0].revokedAt).not.toBeNull();
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/api-tokens/${created.id}`, headers: bearer(session) }), 404, 'api-token-not-found');
    expect((await eventsOf('tokens.revoke')).map((e) => e.action)).toEqual(['auth.login', 'api-token.created', 'api-token.revoked']);
  });

  it("answers 404 for revoking an unknown token or another user's, and changes nothing", async () => {
    // given
    await t.createUser('tokens.owner', ['agent']);
    await t.createUser('tokens.other', ['agent']);
    const owner = await t.login('tokens.owner');
    const other = await t.login('tokens.other');
    const created = (await createToken(owner, { name: 'mine', scopes: ['case:read'], expiresAt: inDays(1) })).json();
    const eventsBefore = await count('audit.event');
    // when
    const unknown = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/api-tokens/01900000-0000-7000-8000-000000000000', headers: bearer(owner) });
    const notMine = await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/api-tokens/${created.id}`, headers: bearer(other) });
    // then
    expectProblem(unknown, 404, 'api-token-not-found');
    expectProblem(notMine, 404, 'api-token-not-found');
    expect((await me(bearer(created.token))).statusCode).toBe(200);
    expect(await count('audit.event')).toBe(eventsBefore);
  });

  it('refuses logging out with an API token: tokens are revoked, not logged out', async () => {
    // given
    await t.createUser('tokens.logout', ['agent']);
    const session = await t.login('tokens.logout');
    const token = (await createToken(session, { name: 'system', scopes: ['case:read'], expiresAt: inDays(1) })).json().token;
    // when
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) });
    // then
    expectProblem(res, 400, 'bad-request');
    expect((await me(bearer(token))).statusCode).toBe(200);
  });
});
