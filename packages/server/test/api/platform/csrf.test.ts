import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { createSeedCaseTypes } from '../../helpers/factories.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await createSeedCaseTypes(t, await t.login('admin'));
  await t.createUser('agent.csrf', ['agent']);
});
afterAll(() => t.close());

/** Signs in as a browser would and returns the cookies it was given. */
async function signInWithCookies() {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'agent.csrf', password: 'user-password-for-tests' } });
  expect(res.statusCode).toBe(200);
  const cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c]));
  return { token: res.json().token as string, session: cookies.docket_session!, csrf: cookies.docket_csrf! };
}

const suggestion = { type: 'suggestion', title: 'CSRF check', fields: { customerName: '张三', suggestion: '周末营业' } };

describe('CSRF protection for cookie-authenticated requests', () => {
  it('sets a readable docket_csrf cookie at sign-in next to the httpOnly session cookie', async () => {
    const { session, csrf } = await signInWithCookies();
    expect(session.httpOnly).toBe(true);
    expect(csrf).toBeDefined();
    expect(csrf.httpOnly).toBeFalsy();
    expect(csrf.sameSite).toBe('Strict');
    expect(csrf.value).toMatch(/^[\w-]{43}$/);
  });

  it('refuses an unsafe request by cookie without the x-csrf-token header and changes nothing', async () => {
    const { session } = await signInWithCookies();
    const before = (await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', cookies: { docket_session: session.value }, payload: suggestion });
    expectProblem(res, 403, 'csrf-token-mismatch');
    expect((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n).toBe(before);
  });

  it('refuses a header that does not match the session, even when the cookie is forged to match it', async () => {
    const { session } = await signInWithCookies();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      cookies: { docket_session: session.value, docket_csrf: 'forged' },
      headers: { 'x-csrf-token': 'forged' },
      payload: suggestion,
    });
    expectProblem(res, 403, 'csrf-token-mismatch');
  });

  it('accepts an unsafe request by cookie that echoes the cookie as x-csrf-token', async () => {
    const { session, csrf } = await signInWithCookies();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      cookies: { docket_session: session.value, docket_csrf: csrf.value },
      headers: { 'x-csrf-token': csrf.value },
      payload: suggestion,
    });
    expect(res.statusCode).toBe(201);
  });

  it('lets safe requests by cookie through without the header', async () => {
    const { session } = await signInWithCookies();
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { docket_session: session.value } });
    expect(res.statusCode).toBe(200);
    // The session lacked its CSRF cookie: the answer restores it.
    expect(res.cookies.find((c) => c.name === 'docket_csrf')?.value).toMatch(/^[\w-]{43}$/);
  });

  it('needs no CSRF token for bearer requests', async () => {
    const { token } = await signInWithCookies();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: suggestion });
    expect(res.statusCode).toBe(201);
  });

  it('clears the CSRF cookie at sign-out', async () => {
    const { session, csrf } = await signInWithCookies();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { docket_session: session.value, docket_csrf: csrf.value },
      headers: { 'x-csrf-token': csrf.value },
    });
    expect(res.statusCode).toBe(204);
    expect(res.cookies.find((c) => c.name === 'docket_csrf')?.value).toBe('');
  });
});
