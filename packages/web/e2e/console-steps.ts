import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DocketProcess } from './docket-under-test.ts';

// The steps the browser specs share: sign in as someone through the console, call the API as
// someone to find or make a test's own data, the two screen sizes the console is checked at.

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 768 };

/** Signs in through the sign-in screen, starting signed out, and waits for the signed-in shell. */
export async function signInThroughConsole(page: Page, url: string, username: string, password: string): Promise<void> {
  // Leave the previous person's page before dropping the session, so its requests still in flight
  // (a task refetched after approval, the bell, the to-do list) never ask without one.
  await page.goto('about:blank');
  await page.context().clearCookies();
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor();
}

/** Signs in as another person; signInThroughConsole already leaves the previous person's page first. */
export const switchUserThroughConsole = signInThroughConsole;

/** The signed-in user as POST /api/v1/auth/login answers it. */
export interface SignedInUser {
  id: string;
  username: string;
  displayName: string;
  departmentId: string;
}

/** Calls the API as one user (bearer token) and expects a 2xx answer; the parsed body, if any. */
export interface ApiAs {
  <T>(method: string, path: string, body?: unknown): Promise<T>;
  user: SignedInUser;
}

/** Signs in over the API (no browser) as one user: tests find and make their own data with it. */
export async function apiAsUser(docket: DocketProcess, username: string, password: string): Promise<ApiAs> {
  const login = await fetch(`${docket.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(login.status, `API sign-in as ${username}`).toBe(200);
  const { token, user } = (await login.json()) as { token: string; user: SignedInUser };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${docket.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    expect(res.status, `${method} ${path} as ${username}: ${text.slice(0, 300)}`).toBeLessThan(300);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return Object.assign(call, { user });
}

/** Signs in over the API with the session cookie, as the console does, and answers a GET (200 expected). */
export async function apiGetWithSessionCookie<T>(docket: DocketProcess, username: string, password: string, path: string): Promise<T> {
  const login = await fetch(`${docket.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(login.status, `API sign-in as ${username}`).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${docket.url}${path}`, { headers: { cookie } });
  expect(res.status, `GET ${path} as ${username}`).toBe(200);
  return (await res.json()) as T;
}
