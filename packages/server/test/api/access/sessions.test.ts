import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectProblem, USER_PASSWORD, type TestApp } from '../../helpers/test-app.ts';
import { createSignInTestApp } from './sign-in-test-app.ts';
import type { FixedClock } from '../../../src/platform/clock/clock.ts';

let t: TestApp & { clock: FixedClock };

beforeAll(async () => {
  t = await createSignInTestApp();
});
afterAll(() => t.close());

const signIn = async (username: string, userAgent = 'vitest') => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'user-agent': userAgent }, payload: { username, password: USER_PASSWORD } });
  expect(res.statusCode).toBe(200);
  return res.json().token as string;
};
const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
const liveSessions = async (userId: string) =>
  (await t.sql<{ id: string }>('SELECT id FROM access.session WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY id', [userId, t.clock.now()])).map((r) => r.id);

describe('GET /api/v1/auth/sessions', () => {
  it('lists my live sessions, marks the current one, and never shows secrets or other users', async () => {
    // given
    await t.createUser('sess.list', ['agent']);
    await t.createUser('sess.someone', ['agent']);
    await signIn('sess.someone');
    const laptop = await signIn('sess.list', 'laptop');
    await signIn('sess.list', 'phone');
    // when
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: bearer(laptop) });
    // then
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { userAgent: string; current: boolean; authMethod: string }[];
    expect(items.map((i) => [i.userAgent, i.current, i.authMethod]).sort()).toEqual([
      ['laptop', true, 'password'],
      ['phone', false, 'password'],
    ]);
    expect(res.body).not.toContain('dks_');
  });

  it('leaves out expired sessions: a session ends at its absolute expiry', async () => {
    await t.createUser('sess.expiry', ['agent']);
    const token = await signIn('sess.expiry');
    t.clock.advanceMs(8 * 60 * 60_000 + 1); // the default 8-hour session lifetime
    expectProblem(await me(token), 401, 'unauthenticated');
    const fresh = await signIn('sess.expiry');
    const items = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: bearer(fresh) })).json().items;
    expect(items).toHaveLength(1);
  });
});

describe('revoking my sessions', () => {
  it('ends one of my sessions by id, audited', async () => {
    const userId = await t.createUser('sess.one', ['agent']);
    const a = await signIn('sess.one');
    const b = await signIn('sess.one');
    const bId = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: bearer(b) })).json().items.find((i: { current: boolean }) => i.current).id;
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${bId}`, headers: bearer(a) });
    expect(res.statusCode).toBe(204);
    expectProblem(await me(b), 401, 'unauthenticated');
    expect((await me(a)).statusCode).toBe(200);
    const [event] = await t.sql<{ action: string; data: { sessionIds: string[] } }>("SELECT action, data FROM audit.event WHERE target_id = $1 AND action = 'auth.session-revoked'", [userId]);
    expect(event!.data.sessionIds).toEqual([bId]);
  });

  it("refuses to end another user's session with 404 and changes nothing", async () => {
    const victimId = await t.createUser('sess.victim', ['agent']);
    await signIn('sess.victim');
    await t.createUser('sess.attacker', ['agent']);
    const attacker = await signIn('sess.attacker');
    const before = await liveSessions(victimId);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${before[0]}`, headers: bearer(attacker) });
    expectProblem(res, 404, 'session-not-found');
    expect(await liveSessions(victimId)).toEqual(before);
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/sessions/not-a-uuid', headers: bearer(attacker) }), 400, 'validation-failed');
  });

  it('ends every other session of mine and keeps this one', async () => {
    const userId = await t.createUser('sess.others', ['agent']);
    const keep = await signIn('sess.others');
    const other1 = await signIn('sess.others');
    const other2 = await signIn('sess.others');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sessions/revoke-others', headers: bearer(keep) });
    expect(res.json()).toEqual({ revoked: 2 });
    expect((await me(keep)).statusCode).toBe(200);
    for (const token of [other1, other2]) expectProblem(await me(token), 401, 'unauthenticated');
    expect(await liveSessions(userId)).toHaveLength(1);
  });

  it('logs out: the session ends and the logout is audited', async () => {
    const userId = await t.createUser('sess.logout', ['agent']);
    const token = await signIn('sess.logout');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) })).statusCode).toBe(204);
    expectProblem(await me(token), 401, 'unauthenticated');
    const actions = (await t.sql<{ action: string }>('SELECT action FROM audit.event WHERE target_id = $1 ORDER BY id', [userId])).map((r) => r.action);
    expect(actions).toEqual(['auth.login', 'auth.logout']);
  });
});

describe('DELETE /api/v1/users/{id}/sessions', () => {
  it('lets an administrator end every session of a user', async () => {
    const userId = await t.createUser('sess.stolen', ['agent']);
    const s1 = await signIn('sess.stolen');
    const s2 = await signIn('sess.stolen');
    const admin = await t.login('admin');
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${userId}/sessions`, headers: bearer(admin) });
    expect(res.json()).toEqual({ revoked: 2 });
    for (const token of [s1, s2]) expectProblem(await me(token), 401, 'unauthenticated');
    const [event] = await t.sql<{ action: string; actor_name: string }>("SELECT action, actor_name FROM audit.event WHERE target_id = $1 AND action = 'auth.sessions-revoked'", [userId]);
    expect(event).toEqual({ action: 'auth.sessions-revoked', actor_name: 'admin' });
  });

  it('refuses a non-administrator with 403 and an unknown user with 404, changing nothing', async () => {
    const userId = await t.createUser('sess.target', ['agent']);
    await signIn('sess.target');
    await t.createUser('sess.peer', ['agent']);
    const peer = await signIn('sess.peer');
    const before = await liveSessions(userId);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${userId}/sessions`, headers: bearer(peer) }), 403, 'forbidden');
    expect(await liveSessions(userId)).toEqual(before);
    const admin = await t.login('admin');
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/v1/users/01900000-0000-7000-8000-000000000000/sessions', headers: bearer(admin) }), 404, 'user-not-found');
    expect(await liveSessions(userId)).toEqual(before);
  });
});
