import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, bearer, expectProblem, USER_PASSWORD, type TestApp } from '../../helpers/test-app.ts';
import { createSignInTestApp } from './sign-in-test-app.ts';
import { checkPasswordPolicy } from '../../../src/modules/access/index.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createSignInTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const changePassword = (token: string, currentPassword: string, newPassword: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: bearer(token), payload: { currentPassword, newPassword } });
const passwordHash = async (userId: string) => (await t.sql<{ password_hash: string }>('SELECT password_hash FROM access.user WHERE id = $1', [userId]))[0]!.password_hash;

describe('checkPasswordPolicy', () => {
  it.each([
    ['short', 'must be at least 12 characters'],
    ['password1234', 'is too common; choose a longer passphrase'],
    ['Qwerty123456', 'is too common; choose a longer passphrase'],
    ['aaaaaaaaaaaaaaaa', 'is too common; choose a longer passphrase'],
    ['alice.wang', 'must be at least 12 characters'],
    ['my-alice.wang-2026', 'must not contain the username'],
    ['ALICE.WANG.ABC', 'must not contain the username'],
  ])('refuses %s: %s', (password, reason) => {
    expect(checkPasswordPolicy(password, { username: 'alice.wang' }).map((e) => e.reason)).toContain(reason);
  });

  const COMMON = 'is too common; choose a longer passphrase';
  const KEYBOARD = 'is a keyboard pattern, sequence or repetition; choose a longer passphrase';
  const PRODUCT = 'must not contain the product name';
  it.each([
    // Breached-list passwords with digits or symbols around them (the list: @zxcvbn-ts/language-common).
    ['qwertyuiop12', COMMON],
    ['P@ssw0rd2026!', COMMON],
    ['iloveyou2026', COMMON],
    ['Welcome@2026!!', COMMON],
    // Keyboard walks, including zig-zags across rows that are on no list.
    ['qwertyuiop12', KEYBOARD],
    ['zaqxswcdevfrbgt', KEYBOARD],
    ['ytrewqasdfgh2026', KEYBOARD],
    ['abcdef123456', KEYBOARD],
    // The product's name, plain or in leet, and the published demo password.
    ['docket-demo-2026', PRODUCT],
    ['MyD0ck3tPassphrase', PRODUCT],
  ])('refuses %s: %s', (password, reason) => {
    expect(checkPasswordPolicy(password, { username: 'alice.wang' })).toContainEqual({ field: 'password', reason });
  });

  it('accepts the passwords the test suites and browser tests sign in with', () => {
    for (const password of [USER_PASSWORD, ADMIN_PASSWORD, 'a much longer passphrase 2026', 'a-brand-new-passphrase-2026', 'correct horse battery 2026']) {
      expect(checkPasswordPolicy(password, { username: 'alice.wang' }), password).toEqual([]);
    }
  });

  it('accepts a long passphrase, counting Chinese characters as one each', () => {
    expect(checkPasswordPolicy('correct horse battery staple', { username: 'alice.wang' })).toEqual([]);
    expect(checkPasswordPolicy('我的密码是一二三四五六七八', { username: 'alice.wang' })).toEqual([]);
    expect(checkPasswordPolicy('我的密码是一二三四五', { username: 'alice.wang' }).map((e) => e.reason)).toEqual(['must be at least 12 characters']);
  });
});

describe('POST /api/v1/auth/password', () => {
  it('changes the password, ends my other sessions, keeps this one, and audits it', async () => {
    // given
    const userId = await t.createUser('pw.change', ['agent']);
    const token = await t.login('pw.change');
    const other = await t.login('pw.change');
    // when
    const res = await changePassword(token, USER_PASSWORD, 'a much longer passphrase 2026');
    // then
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ otherSessionsRevoked: 1 });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(other) }), 401, 'unauthenticated');
    expectProblem(await login('pw.change', USER_PASSWORD), 401, 'invalid-credentials');
    expect((await login('pw.change', 'a much longer passphrase 2026')).statusCode).toBe(200);
    const events = await t.sql<{ action: string }>("SELECT action FROM audit.event WHERE target_id = $1 AND action = 'auth.password-changed'", [userId]);
    expect(events).toHaveLength(1);
    expect(await passwordHash(userId)).toMatch(/^\$argon2id\$/);
  });

  it('refuses a wrong current password with 403 and changes nothing', async () => {
    const userId = await t.createUser('pw.wrong', ['agent']);
    const token = await t.login('pw.wrong');
    const before = await passwordHash(userId);
    expectProblem(await changePassword(token, 'not-my-password', 'a much longer passphrase 2026'), 403, 'current-password-incorrect');
    expect(await passwordHash(userId)).toBe(before);
  });

  it('refuses a new password against the policy, listing every reason, and changes nothing', async () => {
    const userId = await t.createUser('pw.policy', ['agent']);
    const token = await t.login('pw.policy');
    const before = await passwordHash(userId);
    const short = expectProblem(await changePassword(token, USER_PASSWORD, 'short'), 400, 'password-policy-violated');
    expect(short.errors).toEqual([{ field: 'newPassword', reason: 'must be at least 12 characters' }]);
    const common = expectProblem(await changePassword(token, USER_PASSWORD, 'Password1234'), 400, 'password-policy-violated');
    expect(common.errors).toEqual([{ field: 'newPassword', reason: 'is too common; choose a longer passphrase' }]);
    const named = expectProblem(await changePassword(token, USER_PASSWORD, 'pw.policy-is-my-name'), 400, 'password-policy-violated');
    expect(named.errors).toEqual([{ field: 'newPassword', reason: 'must not contain the username' }]);
    const same = expectProblem(await changePassword(token, USER_PASSWORD, USER_PASSWORD), 400, 'password-policy-violated');
    expect(same.errors).toEqual([{ field: 'newPassword', reason: 'must differ from the current password' }]);
    expect(await passwordHash(userId)).toBe(before);
  });

  it('refuses a breached-list password, a keyboard walk and the demo password, naming newPassword, and changes nothing', async () => {
    const userId = await t.createUser('pw.list', ['agent']);
    const token = await t.login('pw.list');
    const before = await passwordHash(userId);
    const listed = expectProblem(await changePassword(token, USER_PASSWORD, 'qwertyuiop12'), 400, 'password-policy-violated');
    expect(listed.errors).toEqual(expect.arrayContaining([{ field: 'newPassword', reason: 'is too common; choose a longer passphrase' }]));
    const walk = expectProblem(await changePassword(token, USER_PASSWORD, 'zaqxswcdevfrbgt'), 400, 'password-policy-violated');
    expect(walk.errors).toEqual([{ field: 'newPassword', reason: 'is a keyboard pattern, sequence or repetition; choose a longer passphrase' }]);
    const demo = expectProblem(await changePassword(token, USER_PASSWORD, 'docket-demo-2026'), 400, 'password-policy-violated');
    expect(demo.errors).toEqual([{ field: 'newPassword', reason: 'must not contain the product name' }]);
    expect(await passwordHash(userId)).toBe(before);
    expect(await t.sql("SELECT 1 FROM audit.event WHERE action = 'auth.password-changed' AND actor_id = $1", [userId])).toEqual([]);
  });

  it('refuses an administrator creating a user with a common password, naming password, and creates no one', async () => {
    const admin = await t.login('admin');
    const create = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(admin), payload: { username, password, displayName: username } });
    const res = await create('pw.created', 'qwertyuiop12');
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual(expect.arrayContaining([{ field: 'password', reason: 'is too common; choose a longer passphrase' }]));
    expect(await t.sql("SELECT id FROM access.user WHERE username = 'pw.created'")).toEqual([]);
    // The suite's own password is still accepted where it is set through the API.
    expect((await create('pw.created', USER_PASSWORD)).statusCode).toBe(201);
    expect((await login('pw.created', USER_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses an API token and an unauthenticated call', async () => {
    const userId = await t.createUser('pw.token', ['agent']);
    const session = await t.login('pw.token');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/api-tokens',
      headers: bearer(session),
      payload: { name: 'ci', scopes: ['case:read'], expiresAt: new Date(Date.now() + 86_400_000 * 30).toISOString() },
    });
    const before = await passwordHash(userId);
    expectProblem(await changePassword(created.json().token, USER_PASSWORD, 'a much longer passphrase 2026'), 403, 'forbidden');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: 'x', newPassword: 'y' } }), 401, 'unauthenticated');
    expect(await passwordHash(userId)).toBe(before);
  });

  it('still locks an account after five wrong passwords', async () => {
    await t.createUser('pw.lock', ['agent']);
    for (let i = 0; i < 5; i++) expectProblem(await login('pw.lock', 'wrong-password-attempt'), 401, 'invalid-credentials');
    expectProblem(await login('pw.lock', USER_PASSWORD), 423, 'account-locked');
  });
});
