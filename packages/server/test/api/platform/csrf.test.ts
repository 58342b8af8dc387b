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

describe('CSRF protection holds whatever the path looks like', () => {
  // The router decodes and normalises what it can (`%61` is `a`): the check must follow the
  // route, not the text of the URL. Every variant either reaches the route and is refused for the
  // missing token, or reaches no route; none may write.
  const variants = (id: string) => [
    `/%61pi/v1/cases/${id}/comments`,
    `/api/v1/cases/${id}/%63omments`,
    `/api/%76%31/cases/${id}/comments`,
    `//api/v1/cases/${id}/comments`,
    `/api//v1/cases/${id}/comments`,
    `/API/v1/cases/${id}/comments`,
    `/Api/V1/cases/${id}/comments`,
    `/api/v1/cases/${id}/comments.`,
    `/api/v1/cases/${id}/comments/`,
    `/api/v1/./cases/${id}/comments`,
    `/api/v1/cases/${id}/comments?x=/api/v1/auth/login`,
    `/api/v1/auth/../cases/${id}/comments`,
    `/api/v1/auth/login/../../cases/${id}/comments`,
  ];

  it('refuses a cookie-only comment on every encoded, doubled, cased or dotted variant of the path and writes nothing', async () => {
    // given: a case, and a browser session without the CSRF header
    const { session, token } = await signInWithCookies();
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: suggestion });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const comments = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.comment WHERE case_id = $1', [id]))[0]!.n);
    for (const url of variants(id)) {
      // when
      const res = await t.app.inject({ method: 'POST', url, cookies: { docket_session: session.value }, payload: { body: 'csrf', visibility: 'internal' } });
      // then: never written; a routed variant is refused as a CSRF mismatch
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      if (res.statusCode !== 404) expectProblem(res, 403, 'csrf-token-mismatch');
    }
    expect(await comments()).toBe(0);
    // and the encoded form that answered 201 before is refused by the CSRF check itself
    const encoded = await t.app.inject({ method: 'POST', url: `/%61pi/v1/cases/${id}/comments`, cookies: { docket_session: session.value }, payload: { body: 'csrf', visibility: 'internal' } });
    expectProblem(encoded, 403, 'csrf-token-mismatch');
  });

  it('still accepts the encoded path with the CSRF header, so the check is on the route and not a path filter', async () => {
    const { session, csrf, token } = await signInWithCookies();
    const id = (await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: suggestion })).json().id as string;
    const res = await t.app.inject({
      method: 'POST',
      url: `/%61pi/v1/cases/${id}/comments`,
      cookies: { docket_session: session.value, docket_csrf: csrf.value },
      headers: { 'x-csrf-token': csrf.value },
      payload: { body: 'with token', visibility: 'internal' },
    });
    expect(res.statusCode).toBe(201);
  });

  it('exempts only the sign-in steps themselves, also when reached by an encoded path', async () => {
    const { session } = await signInWithCookies();
    const res = await t.app.inject({
      method: 'POST',
      url: '/%61pi/v1/auth/login',
      cookies: { docket_session: session.value },
      payload: { username: 'agent.csrf', password: 'user-password-for-tests' },
    });
    expect(res.statusCode).toBe(200);
    // Sign-out is not a sign-in step: it needs the token like any other change.
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { docket_session: session.value } });
    expectProblem(logout, 403, 'csrf-token-mismatch');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { docket_session: session.value } })).statusCode).toBe(200);
  });
});
