import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../src/platform/clock/clock.ts';
import { createTestApp, expectProblem, USER_PASSWORD, type TestApp } from '../../helpers/test-app.ts';

// Issue 12, item 11: the lock is no oracle (right and wrong passwords get the same answer), no
// denial of service (it binds a username to one address, with back-off), and rotating
// X-Forwarded-For does not escape the sign-in rate limits.

const clock = new FixedClock(new Date('2026-12-01T09:00:00.000Z'));
let t: TestApp;

beforeAll(async () => {
  // Proxies trusted, so X-Forwarded-For sets the client address, as behind a reverse proxy.
  t = await createTestApp({ clock, config: { trustProxy: true } });
});
afterAll(() => t.close());

const MINUTE_MS = 60_000;
const signIn = (app: TestApp, username: string, password: string, from = '203.0.113.10') =>
  app.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-for': from }, payload: { username, password } });
const strip = (res: { json(): Record<string, unknown> }) => {
  const { requestId: _r, ...rest } = res.json();
  return rest;
};
const actionsOf = async (app: TestApp, actorName: string) => (await app.sql<{ action: string }>('SELECT action FROM audit.event WHERE actor_name = $1 ORDER BY id', [actorName])).map((e) => e.action);
const sessionsOf = async (app: TestApp, userId: string) => Number((await app.sql<{ n: string }>('SELECT count(*) AS n FROM access.session WHERE user_id = $1', [userId]))[0]!.n);

// CPU time of this process (the hash runs on libuv's threads, counted too), not wall time: on a
// loaded machine one request's wall time says more about the other processes than about the hash.
async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const start = process.cpuUsage();
  const result = await f();
  const used = process.cpuUsage(start);
  return [result, (used.user + used.system) / 1000];
}

describe('a lock after repeated failures', () => {
  it('answers the right and the wrong password alike while locked: same status and body, the hash still run, no session', async () => {
    // given: five failures from one address
    const userId = await t.createUser('lock.oracle', ['agent']);
    const unlockedWrong: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [res, ms] = await timed(() => signIn(t, 'lock.oracle', `wrong-${i}`));
      expectProblem(res, 401, 'invalid-credentials');
      unlockedWrong.push(ms);
    }
    // when
    const [right, rightMs] = await timed(() => signIn(t, 'lock.oracle', USER_PASSWORD));
    const [wrong, wrongMs] = await timed(() => signIn(t, 'lock.oracle', 'still-wrong'));
    // then
    expectProblem(right, 423, 'account-locked');
    expect(wrong.statusCode).toBe(right.statusCode);
    expect(strip(wrong)).toEqual(strip(right));
    expect(right.cookies).toEqual([]);
    expect(await sessionsOf(t, userId)).toBe(0);
    // The locked answer costs a password hash like any other (in CPU time, so load does not blur it).
    const typical = [...unlockedWrong].sort((a, b) => a - b)[2]!;
    expect(Math.min(rightMs, wrongMs)).toBeGreaterThan(typical * 0.3);
    expect(await actionsOf(t, 'lock.oracle')).toEqual([...Array(4).fill('auth.login-failed'), 'auth.account-locked', 'auth.login-refused-locked', 'auth.login-refused-locked']);
  });

  it('locks an unknown username exactly like a known one, so locks tell no usernames', async () => {
    await t.createUser('lock.known', ['agent']);
    for (let i = 0; i < 5; i++) {
      await signIn(t, 'lock.known', `wrong-${i}`);
      await signIn(t, 'lock.nobody', `wrong-${i}`);
    }
    const known = await signIn(t, 'lock.known', 'wrong');
    const unknown = await signIn(t, 'lock.nobody', 'wrong');
    expectProblem(unknown, 423, 'account-locked');
    expect(strip(unknown)).toEqual(strip(known));
    expect(await actionsOf(t, 'lock.nobody')).toContain('auth.account-locked');
  });

  it('does not lock the user out from another address', async () => {
    // given: someone fails five times at 198.51.100.66
    const userId = await t.createUser('lock.victim', ['agent']);
    for (let i = 0; i < 6; i++) await signIn(t, 'lock.victim', `guess-${i}`, '198.51.100.66');
    expectProblem(await signIn(t, 'lock.victim', USER_PASSWORD, '198.51.100.66'), 423, 'account-locked');
    // when: the owner signs in from their own address
    const owner = await signIn(t, 'lock.victim', USER_PASSWORD, '192.0.2.44');
    // then
    expect(owner.statusCode).toBe(200);
    expect(await sessionsOf(t, userId)).toBe(1);
    // and the attacker's address stays locked
    expectProblem(await signIn(t, 'lock.victim', USER_PASSWORD, '198.51.100.66'), 423, 'account-locked');
  });

  it('backs off exponentially: 15 minutes, then 30, each lock audited with its number and end', async () => {
    // given
    const userId = await t.createUser('lock.backoff', ['agent']);
    const fail5 = async () => {
      for (let i = 0; i < 5; i++) expectProblem(await signIn(t, 'lock.backoff', `wrong-${i}`), 401, 'invalid-credentials');
    };
    await fail5();
    clock.advanceMs(14 * MINUTE_MS);
    expectProblem(await signIn(t, 'lock.backoff', USER_PASSWORD), 423, 'account-locked');
    clock.advanceMs(2 * MINUTE_MS);
    // when: five fresh attempts after the first lock ran out, all wrong
    await fail5();
    // then: the second lock lasts thirty minutes
    clock.advanceMs(29 * MINUTE_MS);
    expectProblem(await signIn(t, 'lock.backoff', USER_PASSWORD), 423, 'account-locked');
    clock.advanceMs(2 * MINUTE_MS);
    expect((await signIn(t, 'lock.backoff', USER_PASSWORD)).statusCode).toBe(200);
    const locks = await t.sql<{ data: { lockNumber: number; lockedUntil: string } }>("SELECT data FROM audit.event WHERE action = 'auth.account-locked' AND actor_id = $1 ORDER BY id", [userId]);
    expect(locks.map((l) => l.data.lockNumber)).toEqual([1, 2]);
    const [first, second] = locks.map((l) => new Date(l.data.lockedUntil).getTime());
    // The first ends 15 minutes after it was set; the second was set 16 minutes after the first and lasts 30.
    expect(second! - first!).toBe((16 + 30 - 15) * MINUTE_MS);
    // A successful sign-in forgets the pair's failures and back-off.
    expect(await t.sql("SELECT * FROM access.sign_in_throttle WHERE username = 'lock.backoff'")).toEqual([]);
  });
});

describe('sign-in rate limits across rotating X-Forwarded-For', () => {
  let limited: TestApp;
  beforeAll(async () => {
    // Three a minute per client address; a client that invents a new address for every request.
    limited = await createTestApp({ config: { trustProxy: true, loginRateLimitPerMinute: 3 } });
  });
  afterAll(() => limited.close());
  let n = 0;
  const freshAddress = () => `10.${Math.floor(++n / 250)}.${n % 250}.7`;

  it('caps wrong passwords for one username whatever address they claim, answering the right one alike', async () => {
    const userId = await limited.createUser('limit.target', ['agent']);
    for (let i = 0; i < 3; i++) expectProblem(await signIn(limited, 'limit.target', `guess-${i}`, freshAddress()), 401, 'invalid-credentials');
    const wrong = await signIn(limited, 'limit.target', 'guess-4', freshAddress());
    const right = await signIn(limited, 'limit.target', USER_PASSWORD, freshAddress());
    expectProblem(wrong, 429, 'too-many-requests');
    expect(strip(right)).toEqual(strip(wrong));
    expect(wrong.headers['retry-after']).toMatch(/^\d+$/);
    expect(await sessionsOf(limited, userId)).toBe(0);
    // Only three guesses reached the password check.
    expect((await actionsOf(limited, 'limit.target')).filter((a) => a === 'auth.login-failed')).toHaveLength(3);
  });

  it('caps all sign-in attempts through one connection at ten times the per-client limit', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 31; i++) answers.push((await signIn(limited, `limit.spray-${i}`, 'guess', freshAddress())).statusCode);
    // The first test used 5 of the peer's 30; the 26th of these is the 31st through this connection.
    expect(answers.slice(0, 25).every((s) => s === 401)).toBe(true);
    expect(answers.slice(25).every((s) => s === 429)).toBe(true);
  });
});
