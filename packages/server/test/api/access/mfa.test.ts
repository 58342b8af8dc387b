import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectProblem, USER_PASSWORD, type TestApp } from '../../helpers/test-app.ts';
import { codeFor, createSignInTestApp } from './sign-in-test-app.ts';
import type { FixedClock } from '../../../src/platform/clock/clock.ts';

let t: TestApp & { clock: FixedClock; masterKey: Buffer };

beforeAll(async () => {
  t = await createSignInTestApp({ mfaRequiredRoles: ['auditor'] });
});
afterAll(() => t.close());

const post = (url: string, payload: object, token?: string) => t.app.inject({ method: 'POST', url, payload, headers: token ? bearer(token) : {} });
const passwordLogin = (username: string, password = USER_PASSWORD) => post('/api/v1/auth/login', { username, password });
const signIn = async (username: string) => {
  const res = await passwordLogin(username);
  expect(res.statusCode).toBe(200);
  return res.json().token as string;
};
const countSessions = async (userId: string) => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM access.session WHERE user_id = $1', [userId]))[0]!.n);
const totpRow = async (userId: string) => (await t.sql<{ status: string; sealed_secret: Buffer }>('SELECT status, sealed_secret FROM access.totp_credential WHERE user_id = $1', [userId]))[0];
const actions = async (userId: string) => (await t.sql<{ action: string }>('SELECT action FROM audit.event WHERE target_id = $1 ORDER BY id', [userId])).map((r) => r.action);

/** Enrols TOTP for a user through the API and returns the secret and recovery codes. */
async function enrol(username: string) {
  const token = await signIn(username);
  const started = await post('/api/v1/auth/mfa/totp', {}, token);
  expect(started.statusCode).toBe(200);
  const { secret } = started.json() as { secret: string };
  const confirmed = await post('/api/v1/auth/mfa/totp/confirm', { code: codeFor(secret, t.clock) }, token);
  expect(confirmed.statusCode).toBe(200);
  t.clock.advanceMs(30_000); // the enrolment code is used; the next sign-in needs the next one
  return { token, secret, recoveryCodes: confirmed.json().recoveryCodes as string[] };
}

describe('TOTP enrolment', () => {
  it('enrols with a first code, stores the secret sealed, and hands out ten recovery codes once', async () => {
    // given
    const userId = await t.createUser('mfa.enrol', ['agent']);
    const token = await signIn('mfa.enrol');
    // when
    const started = await post('/api/v1/auth/mfa/totp', {}, token);
    // then
    expect(started.statusCode).toBe(200);
    const { secret, otpauthUri } = started.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Docket%20Test:mfa\.enrol\?secret=[A-Z2-7]+&issuer=Docket\+Test/);
    const pending = await totpRow(userId);
    expect(pending!.status).toBe('pending');
    expect(pending!.sealed_secret.toString('latin1')).not.toContain(secret);
    const dump = JSON.stringify(await t.sql('SELECT * FROM access.totp_credential'));
    expect(dump).not.toContain(secret);

    const confirmed = await post('/api/v1/auth/mfa/totp/confirm', { code: codeFor(secret, t.clock) }, token);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().recoveryCodes).toHaveLength(10);
    expect((await totpRow(userId))!.status).toBe('active');
    const status = await t.app.inject({ method: 'GET', url: '/api/v1/auth/mfa', headers: bearer(token) });
    expect(status.json()).toEqual({ totp: 'active', recoveryCodesLeft: 10, requiredByRole: false });
    expect(await actions(userId)).toEqual(expect.arrayContaining(['auth.mfa-enrolment-started', 'auth.mfa-enabled']));
    const stored = await t.sql<{ code_hash: Buffer }>('SELECT code_hash FROM access.recovery_code WHERE user_id = $1', [userId]);
    expect(stored.map((r) => r.code_hash.length)).toEqual(Array(10).fill(32));
  });

  it('refuses a wrong confirmation code and leaves the enrolment pending', async () => {
    const userId = await t.createUser('mfa.wrong', ['agent']);
    const token = await signIn('mfa.wrong');
    const { secret } = (await post('/api/v1/auth/mfa/totp', {}, token)).json();
    const wrong = codeFor(secret, t.clock) === '000000' ? '111111' : '000000';
    expectProblem(await post('/api/v1/auth/mfa/totp/confirm', { code: wrong }, token), 401, 'mfa-code-invalid');
    expect((await totpRow(userId))!.status).toBe('pending');
    expect(Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM access.recovery_code WHERE user_id = $1', [userId]))[0]!.n)).toBe(0);
  });

  it('refuses to confirm before starting, and to start again once enabled', async () => {
    await t.createUser('mfa.order', ['agent']);
    const token = await signIn('mfa.order');
    expectProblem(await post('/api/v1/auth/mfa/totp/confirm', { code: '123456' }, token), 409, 'mfa-enrolment-not-started');
    const { token: enrolled } = await enrol('mfa.order');
    const before = await t.sql('SELECT * FROM access.totp_credential');
    expectProblem(await post('/api/v1/auth/mfa/totp', {}, enrolled), 409, 'mfa-already-enabled');
    expect(await t.sql('SELECT * FROM access.totp_credential')).toEqual(before);
  });

  it('refuses malformed codes with validation-failed', async () => {
    await t.createUser('mfa.format', ['agent']);
    const token = await signIn('mfa.format');
    const problem = expectProblem(await post('/api/v1/auth/mfa/totp/confirm', { code: '12ab56' }, token), 400, 'validation-failed');
    expect(problem.errors![0]!.field).toBe('code');
  });
});

describe('POST /api/v1/auth/login with TOTP enabled', () => {
  it('answers an MFA step instead of a session, then opens the session for the right code', async () => {
    // given
    const userId = await t.createUser('mfa.login', ['agent']);
    const { secret } = await enrol('mfa.login');
    const sessionsBefore = await countSessions(userId);
    // when
    const step = await passwordLogin('mfa.login');
    // then
    expect(step.statusCode).toBe(200);
    const body = step.json();
    expect(body).toMatchObject({ mfaRequired: true, mfaEnrolmentRequired: false, mfaToken: expect.stringMatching(/^dkm_/) });
    expect(body.token).toBeUndefined();
    expect(step.headers['set-cookie']).toBeUndefined();
    expect(await countSessions(userId)).toBe(sessionsBefore);
    const [challenge] = await t.sql<{ token_hash: Buffer }>('SELECT token_hash FROM access.login_challenge WHERE user_id = $1', [userId]);
    expect(challenge!.token_hash.toString('latin1')).not.toContain(body.mfaToken);

    const done = await post('/api/v1/auth/login/mfa', { mfaToken: body.mfaToken, code: codeFor(secret, t.clock) });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ token: expect.stringMatching(/^dks_/), user: { username: 'mfa.login' } });
    expect(done.json().recoveryCodes).toBeUndefined();
    expect(String(done.headers['set-cookie'])).toContain('docket_session=');
    expect(String(done.headers['set-cookie'])).toContain('docket_csrf='); // the console's next POST needs it
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(done.json().token) });
    expect(me.statusCode).toBe(200);
    const [session] = await t.sql<{ auth_method: string }>('SELECT auth_method FROM access.session WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1', [userId]);
    expect(session!.auth_method).toBe('password+totp');
    expect((await actions(userId)).slice(-2)).toEqual(['auth.password-verified-mfa-pending', 'auth.login']);

    // the MFA step is single use
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken: body.mfaToken, code: codeFor(secret, t.clock) }), 401, 'mfa-token-invalid');
  });

  it('refuses a wrong code, counts it, and opens no session', async () => {
    const userId = await t.createUser('mfa.badcode', ['agent']);
    const { secret } = await enrol('mfa.badcode');
    const sessionsBefore = await countSessions(userId);
    const { mfaToken } = (await passwordLogin('mfa.badcode')).json();
    const right = codeFor(secret, t.clock);
    const problem = expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken, code: right === '000000' ? '111111' : '000000' }), 401, 'mfa-code-invalid');
    expect(problem.attemptsLeft).toBe(4);
    expect(await countSessions(userId)).toBe(sessionsBefore);
    const [user] = await t.sql<{ failed_login_count: number }>('SELECT failed_login_count FROM access.user WHERE id = $1', [userId]);
    expect(user!.failed_login_count).toBe(1);
    expect((await actions(userId)).at(-1)).toBe('auth.mfa-failed');
    // the right code still completes the same step, and resets the counter
    expect((await post('/api/v1/auth/login/mfa', { mfaToken, code: right })).statusCode).toBe(200);
    expect((await t.sql<{ failed_login_count: number }>('SELECT failed_login_count FROM access.user WHERE id = $1', [userId]))[0]!.failed_login_count).toBe(0);
  });

  it('refuses a code already used (RFC 6238 §5.2 replay)', async () => {
    const userId = await t.createUser('mfa.replay', ['agent']);
    const { secret } = await enrol('mfa.replay');
    const code = codeFor(secret, t.clock);
    const first = (await passwordLogin('mfa.replay')).json().mfaToken;
    expect((await post('/api/v1/auth/login/mfa', { mfaToken: first, code })).statusCode).toBe(200);
    const sessionsBefore = await countSessions(userId);
    const second = (await passwordLogin('mfa.replay')).json().mfaToken;
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken: second, code }), 401, 'mfa-code-invalid');
    expect(await countSessions(userId)).toBe(sessionsBefore);
  });

  it('accepts each recovery code once', async () => {
    const userId = await t.createUser('mfa.recovery', ['agent']);
    const { recoveryCodes } = await enrol('mfa.recovery');
    const first = (await passwordLogin('mfa.recovery')).json().mfaToken;
    const ok = await post('/api/v1/auth/login/mfa', { mfaToken: first, recoveryCode: recoveryCodes[0]!.toUpperCase() });
    expect(ok.statusCode).toBe(200);
    const [session] = await t.sql<{ auth_method: string }>('SELECT auth_method FROM access.session WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1', [userId]);
    expect(session!.auth_method).toBe('password+recovery-code');
    expect(await actions(userId)).toContain('auth.recovery-code-used');

    const sessionsBefore = await countSessions(userId);
    const second = (await passwordLogin('mfa.recovery')).json().mfaToken;
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken: second, recoveryCode: recoveryCodes[0]! }), 401, 'mfa-code-invalid');
    expect(await countSessions(userId)).toBe(sessionsBefore);
    const status = await t.app.inject({ method: 'GET', url: '/api/v1/auth/mfa', headers: bearer(ok.json().token) });
    expect(status.json().recoveryCodesLeft).toBe(9);
  });

  it('refuses an unknown, forged or expired MFA step', async () => {
    const userId = await t.createUser('mfa.expired', ['agent']);
    const { secret } = await enrol('mfa.expired');
    const sessionsBefore = await countSessions(userId);
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken: 'dkm_forged', code: '123456' }), 401, 'mfa-token-invalid');
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken: 'dks_not-an-mfa-token', code: '123456' }), 401, 'mfa-token-invalid');
    const { mfaToken } = (await passwordLogin('mfa.expired')).json();
    t.clock.advanceMs(5 * 60_000 + 1);
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken, code: codeFor(secret, t.clock) }), 401, 'mfa-token-invalid');
    expect(await countSessions(userId)).toBe(sessionsBefore);
  });

  it('refuses both or neither of code and recoveryCode', async () => {
    await t.createUser('mfa.both', ['agent']);
    await enrol('mfa.both');
    const { mfaToken } = (await passwordLogin('mfa.both')).json();
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken }), 400, 'validation-failed');
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken, code: '123456', recoveryCode: 'abcd-efgh-ijkl-mnop' }), 400, 'validation-failed');
  });

  it('locks the account after five wrong codes in a row, across steps', async () => {
    const userId = await t.createUser('mfa.lock', ['agent']);
    const { secret } = await enrol('mfa.lock');
    const wrong = () => (codeFor(secret, t.clock) === '000000' ? '111111' : '000000');
    let { mfaToken } = (await passwordLogin('mfa.lock')).json();
    for (let i = 0; i < 4; i++) expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken, code: wrong() }), 401, 'mfa-code-invalid');
    mfaToken = (await passwordLogin('mfa.lock')).json().mfaToken;
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken, code: wrong() }), 401, 'mfa-code-invalid');
    expect(await actions(userId)).toContain('auth.account-locked');
    const sessionsBefore = await countSessions(userId);
    expectProblem(await passwordLogin('mfa.lock'), 423, 'account-locked');
    expect(await countSessions(userId)).toBe(sessionsBefore);
  });

  it('burns one MFA step after five wrong answers', async () => {
    await t.createUser('mfa.burn', ['agent']);
    const { secret } = await enrol('mfa.burn');
    const { mfaToken } = (await passwordLogin('mfa.burn')).json();
    await t.sql('UPDATE access.login_challenge SET failed_attempts = 4 WHERE consumed_at IS NULL');
    const wrong = codeFor(secret, t.clock) === '000000' ? '111111' : '000000';
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken, code: wrong }), 401, 'mfa-code-invalid');
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken, code: codeFor(secret, t.clock) }), 401, 'mfa-token-invalid');
  });
});

describe('MFA required by role', () => {
  it('sends a user of such a role to enrol during sign-in, then signs them in with recovery codes', async () => {
    // given
    const userId = await t.createUser('mfa.auditor', ['auditor']);
    const sessionsBefore = await countSessions(userId);
    // when
    const step = (await passwordLogin('mfa.auditor')).json();
    // then
    expect(step).toMatchObject({ mfaRequired: true, mfaEnrolmentRequired: true });
    expect(await countSessions(userId)).toBe(sessionsBefore);
    expectProblem(await post('/api/v1/auth/login/mfa', { mfaToken: step.mfaToken, code: '123456' }), 409, 'mfa-enrolment-not-started');
    expect(await countSessions(userId)).toBe(sessionsBefore);

    const enrolment = await post('/api/v1/auth/login/mfa/enrolment', { mfaToken: step.mfaToken });
    expect(enrolment.statusCode).toBe(200);
    const { secret } = enrolment.json();
    const done = await post('/api/v1/auth/login/mfa', { mfaToken: step.mfaToken, code: codeFor(secret, t.clock) });
    expect(done.statusCode).toBe(200);
    expect(done.json().recoveryCodes).toHaveLength(10);
    expect((await totpRow(userId))!.status).toBe('active');
    expect(await actions(userId)).toEqual(expect.arrayContaining(['auth.password-verified-enrolment-required', 'auth.mfa-enrolment-started', 'auth.mfa-enabled', 'auth.login']));

    // and may not turn it off
    const token = done.json().token as string;
    const disable = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/mfa/totp', headers: bearer(token), payload: { password: USER_PASSWORD } });
    expectProblem(disable, 409, 'mfa-required-by-role');
    expect((await totpRow(userId))!.status).toBe('active');
  });

  it('refuses the enrolment endpoint for an MFA step that is not an enrolment', async () => {
    await t.createUser('mfa.notenrol', ['agent']);
    await enrol('mfa.notenrol');
    const { mfaToken } = (await passwordLogin('mfa.notenrol')).json();
    const before = await t.sql('SELECT * FROM access.totp_credential');
    expectProblem(await post('/api/v1/auth/login/mfa/enrolment', { mfaToken }), 401, 'mfa-token-invalid');
    expect(await t.sql('SELECT * FROM access.totp_credential')).toEqual(before);
  });
});

describe('managing the second factor', () => {
  it('turns TOTP off with the password, and refuses a wrong password', async () => {
    const userId = await t.createUser('mfa.off', ['agent']);
    const { secret } = await enrol('mfa.off');
    const { mfaToken } = (await passwordLogin('mfa.off')).json();
    const token = (await post('/api/v1/auth/login/mfa', { mfaToken, code: codeFor(secret, t.clock) })).json().token;
    const del = (password: string) => t.app.inject({ method: 'DELETE', url: '/api/v1/auth/mfa/totp', headers: bearer(token), payload: { password } });
    expectProblem(await del('not-the-password'), 403, 'current-password-incorrect');
    expect((await totpRow(userId))!.status).toBe('active');
    expect((await del(USER_PASSWORD)).statusCode).toBe(204);
    expect(await totpRow(userId)).toBeUndefined();
    expect(await actions(userId)).toContain('auth.mfa-disabled');
    expect((await passwordLogin('mfa.off')).json().token).toMatch(/^dks_/);
    expectProblem(await del(USER_PASSWORD), 409, 'mfa-not-enabled');
  });

  it('replaces recovery codes only with a current code', async () => {
    const userId = await t.createUser('mfa.regen', ['agent']);
    const { token, secret, recoveryCodes } = await enrol('mfa.regen');
    const before = await t.sql('SELECT code_hash FROM access.recovery_code WHERE user_id = $1 ORDER BY code_hash', [userId]);
    const wrong = codeFor(secret, t.clock) === '000000' ? '111111' : '000000';
    expectProblem(await post('/api/v1/auth/mfa/recovery-codes', { code: wrong }, token), 401, 'mfa-code-invalid');
    expect(await t.sql('SELECT code_hash FROM access.recovery_code WHERE user_id = $1 ORDER BY code_hash', [userId])).toEqual(before);
    const res = await post('/api/v1/auth/mfa/recovery-codes', { code: codeFor(secret, t.clock) }, token);
    expect(res.statusCode).toBe(200);
    expect(res.json().recoveryCodes).toHaveLength(10);
    expect(res.json().recoveryCodes).not.toContain(recoveryCodes[0]);
    expect(await actions(userId)).toContain('auth.recovery-codes-regenerated');
  });

  it("lets an administrator clear a user's second factor, and nobody else", async () => {
    const userId = await t.createUser('mfa.lost', ['agent']);
    await enrol('mfa.lost');
    await t.createUser('mfa.other', ['agent']);
    const other = await signIn('mfa.other');
    const reset = (token: string, id = userId) => t.app.inject({ method: 'DELETE', url: `/api/v1/users/${id}/mfa`, headers: bearer(token) });
    expectProblem(await reset(other), 403, 'forbidden');
    expect((await totpRow(userId))!.status).toBe('active');
    const admin = await t.login('admin');
    expectProblem(await reset(admin, '01900000-0000-7000-8000-000000000000'), 404, 'user-not-found');
    expect((await reset(admin)).statusCode).toBe(204);
    expect(await totpRow(userId)).toBeUndefined();
    expect(await actions(userId)).toContain('auth.mfa-reset');
  });

  it('refuses MFA management with an API token', async () => {
    await t.createUser('mfa.apitoken', ['agent']);
    const session = await signIn('mfa.apitoken');
    const created = await post('/api/v1/auth/api-tokens', { name: 'ci', scopes: ['case:read'], expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() }, session);
    expect(created.statusCode).toBe(201);
    expectProblem(await post('/api/v1/auth/mfa/totp', {}, created.json().token), 403, 'forbidden');
  });
});
