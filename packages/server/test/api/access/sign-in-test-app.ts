import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { FixedClock } from '../../../src/platform/clock/clock.ts';
import { createCommandRunner, type CommandRunner } from '../../../src/platform/commands/index.ts';
import type { AppDeps } from '../../../src/app-deps.ts';
import { createSecretBox, resolvePrincipal, type SignInOptions } from '../../../src/modules/access/index.ts';
import { totpCodeAt, fromBase32 } from '../../../src/modules/access/totp.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

export const SIGN_IN_EPOCH = new Date('2026-11-23T09:00:00.000Z');

/**
 * The shared test app, rebuilt over the same database with sign-in options of the test's
 * choosing (roles that require MFA, OIDC) and a fixed clock, so TOTP codes are predictable.
 */
export async function createSignInTestApp(signIn: Partial<SignInOptions> = {}): Promise<TestApp & { clock: FixedClock; masterKey: Buffer }> {
  const clock = new FixedClock(SIGN_IN_EPOCH);
  const base = await createTestApp({ clock });
  const masterKey = randomBytes(32);
  const box = createSecretBox(masterKey);
  // Whatever else the base app's deps carry (the key ring) is passed on as it is, so this helper
  // follows test-app.ts without copying its wiring.
  const { app: _baseApp, sql: _sql, login: _login, createUser: _createUser, close: _close, ...carried } = base as TestApp & Record<string, unknown>;
  const runner = createCommandRunner as (...args: unknown[]) => CommandRunner;
  const app: FastifyInstance = await buildApp(
    {
      ...carried,
      config: { ...loadConfig({}), seedDemo: false, loginRateLimitPerMinute: 1000 },
      database: base.database,
      clock,
      commands: runner(base.database, clock, carried.keyRing),
      resolvePrincipal: (token: string) => resolvePrincipal(base.database.db, token, clock.now()),
    } as unknown as AppDeps,
    { signIn: { secretBox: () => box, mfaRequiredRoles: [], totpIssuer: 'Docket Test', ...signIn } },
  );
  await app.ready();
  return {
    ...base,
    app,
    clock,
    masterKey,
    async close() {
      await app.close();
      await base.close();
    },
  };
}

export function codeFor(secretBase32: string, clock: FixedClock): string {
  return totpCodeAt(fromBase32(secretBase32), clock.now());
}
