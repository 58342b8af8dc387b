import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// Issue 12: a token never manages its owner's sessions, never mints a wider or longer-lived token
// than itself, and what it minted dies with it.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const HOUR_MS = 3600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR_MS).toISOString();
const api = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });
const mint = (token: string, body: { name: string; scopes: string[]; expiresAt: string }) => api(token, 'POST', '/auth/api-tokens', body);
const me = (token: string) => api(token, 'GET', '/me');
const count = async (table: string, where = 'true', values: unknown[] = []) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, values))[0]!.n);

describe('session management by API tokens', () => {
  it('refuses a case:read token listing, ending one or ending all other sessions of its owner, and ends none', async () => {
    // given: a person with two sessions and a read-only token
    const userId = await t.createUser('lineage.sessions', ['agent']);
    const session = await t.login('lineage.sessions');
    await t.login('lineage.sessions');
    const token = (await mint(session, { name: 'reader', scopes: ['case:read'], expiresAt: inHours(24) })).json().token as string;
    const sessionIds = (await t.sql<{ id: string }>('SELECT id FROM access.session WHERE user_id = $1', [userId])).map((r) => r.id);
    // when
    const list = await api(token, 'GET', '/auth/sessions');
    const endOne = await api(token, 'DELETE', `/auth/sessions/${sessionIds[0]}`);
    const endOthers = await api(token, 'POST', '/auth/sessions/revoke-others');
    // then
    for (const res of [list, endOne, endOthers]) expect(expectProblem(res, 403, 'forbidden').detail).toMatch(/not by an API token/);
    expect(list.body).not.toContain(sessionIds[0]);
    expect(await count('access.session', 'user_id = $1 AND revoked_at IS NULL', [userId])).toBe(2);
  });

  it('refuses even a token carrying every scope its owner has', async () => {
    await t.createUser('lineage.allscopes', ['agent']);
    const session = await t.login('lineage.allscopes');
    const token = (await mint(session, { name: 'broad', scopes: ['case:read', 'case:create', 'case:update', 'token:manage'], expiresAt: inHours(24) })).json().token as string;
    expectProblem(await api(token, 'GET', '/auth/sessions'), 403, 'forbidden');
    expectProblem(await api(token, 'POST', '/auth/sessions/revoke-others'), 403, 'forbidden');
    // The person at a session still manages them.
    expect((await api(session, 'GET', '/auth/sessions')).statusCode).toBe(200);
  });
});

describe('a token minting a token', () => {
  it('refuses a 1-hour token:manage token minting a 360-day token, naming expiresAt, and stores nothing', async () => {
    // given
    await t.createUser('lineage.longer', ['agent']);
    const session = await t.login('lineage.longer');
    const parent = (await mint(session, { name: 'one hour', scopes: ['token:manage', 'case:read'], expiresAt: inHours(1) })).json().token as string;
    const before = await count('access.api_token');
    // when
    const res = await mint(parent, { name: 'forever', scopes: ['case:read'], expiresAt: inHours(360 * 24) });
    // then
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toEqual([{ field: 'expiresAt', reason: expect.stringMatching(/^must not be later than the expiry of the token making the request \(\d{4}-/) }]);
    expect(await count('access.api_token')).toBe(before);
  });

  it('refuses a scope the minting token lacks even though the owner has it, and stores nothing', async () => {
    await t.createUser('lineage.wider', ['agent']);
    const session = await t.login('lineage.wider');
    const parent = (await mint(session, { name: 'narrow', scopes: ['token:manage', 'case:read'], expiresAt: inHours(2) })).json().token as string;
    const before = await count('access.api_token');
    const res = await mint(parent, { name: 'wider', scopes: ['case:read', 'case:update'], expiresAt: inHours(1) });
    expect(expectProblem(res, 403, 'forbidden').action).toBe('case:update');
    expect(await count('access.api_token')).toBe(before);
  });

  it('mints a narrower, shorter token and records its parent', async () => {
    await t.createUser('lineage.ok', ['agent']);
    const session = await t.login('lineage.ok');
    const parent = (await mint(session, { name: 'parent', scopes: ['token:manage', 'case:read'], expiresAt: inHours(2) })).json();
    const child = await mint(parent.token, { name: 'child', scopes: ['case:read'], expiresAt: inHours(1) });
    expect(child.statusCode).toBe(201);
    const [row] = await t.sql('SELECT parent_token_id FROM access.api_token WHERE id = $1', [child.json().id]);
    expect(row).toEqual({ parent_token_id: parent.id });
    const [minted] = await t.sql("SELECT data FROM audit.event WHERE action = 'api-token.created' AND target_id = $1", [child.json().id]);
    expect(minted).toEqual({ data: expect.objectContaining({ parentTokenId: parent.id }) });
    // A token minted at a session has no parent.
    const [top] = await t.sql('SELECT parent_token_id FROM access.api_token WHERE id = $1', [parent.id]);
    expect(top).toEqual({ parent_token_id: null });
  });
});

describe('revoking a token revokes what it minted', () => {
  async function family(username: string) {
    await t.createUser(username, ['agent']);
    const session = await t.login(username);
    const parent = (await mint(session, { name: 'parent', scopes: ['token:manage', 'case:read'], expiresAt: inHours(3) })).json();
    const child = (await mint(parent.token, { name: 'child', scopes: ['token:manage', 'case:read'], expiresAt: inHours(2) })).json();
    const grandchild = (await mint(child.token, { name: 'grandchild', scopes: ['case:read'], expiresAt: inHours(1) })).json();
    const sibling = (await mint(session, { name: 'sibling', scopes: ['case:read'], expiresAt: inHours(1) })).json();
    for (const token of [parent, child, grandchild, sibling]) expect((await me(token.token)).statusCode).toBe(200);
    return { session, parent, child, grandchild, sibling };
  }

  it('cascades to children and grandchildren, audits each, and leaves other tokens alone', async () => {
    // given
    const { session, parent, child, grandchild, sibling } = await family('lineage.cascade');
    // when
    const res = await api(session, 'DELETE', `/auth/api-tokens/${parent.id}`);
    // then
    expect(res.statusCode).toBe(204);
    for (const token of [parent, child, grandchild]) expectProblem(await me(token.token), 401, 'unauthenticated');
    expect((await me(sibling.token)).statusCode).toBe(200);
    const revoked = await t.sql<{ id: string }>('SELECT id FROM access.api_token WHERE revoked_at IS NOT NULL AND id = ANY($1)', [[parent.id, child.id, grandchild.id, sibling.id]]);
    expect(revoked.map((r) => r.id).sort()).toEqual([parent.id, child.id, grandchild.id].sort());
    const events = await t.sql<{ target_id: string }>("SELECT target_id FROM audit.event WHERE action = 'api-token.revoked' AND actor_name = 'lineage.cascade'");
    expect(events.map((e) => e.target_id).sort()).toEqual([parent.id, child.id, grandchild.id].sort());
  });

  it('revoking the middle token spares its parent and takes its child', async () => {
    const { session, parent, child, grandchild } = await family('lineage.middle');
    expect((await api(session, 'DELETE', `/auth/api-tokens/${child.id}`)).statusCode).toBe(204);
    expect((await me(parent.token)).statusCode).toBe(200);
    expectProblem(await me(child.token), 401, 'unauthenticated');
    expectProblem(await me(grandchild.token), 401, 'unauthenticated');
  });

  it('refuses a token whose ancestor was revoked or has expired, however that came about', async () => {
    // given: ancestors changed behind the application's back (a restore, a hand edit)
    const revokedLine = await family('lineage.revoked-ancestor');
    const expiredLine = await family('lineage.expired-ancestor');
    // when
    await t.sql('UPDATE access.api_token SET revoked_at = now() WHERE id = $1', [revokedLine.parent.id]);
    await t.sql("UPDATE access.api_token SET expires_at = now() - interval '1 second' WHERE id = $1", [expiredLine.parent.id]);
    // then: the children and grandchildren, still unrevoked and unexpired themselves, sign nothing in
    for (const line of [revokedLine, expiredLine]) {
      expectProblem(await me(line.child.token), 401, 'unauthenticated');
      expectProblem(await me(line.grandchild.token), 401, 'unauthenticated');
      expect((await me(line.sibling.token)).statusCode).toBe(200);
    }
    expect(await count('access.api_token', 'id = ANY($1) AND revoked_at IS NULL', [[revokedLine.child.id, revokedLine.grandchild.id]])).toBe(2);
  });
});
