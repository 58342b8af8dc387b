import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { FixedClock } from '../../../src/platform/clock/clock.ts';
import { createCommandRunner } from '../../../src/platform/http/command-context.ts';
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
  const app: FastifyInstance = await buildApp(
    {
      config: { ...loadConfig({}), seedDemo: false, loginRateLimitPerMinute: 1000 },
      database: base.database,
      clock,
      commands: createCommandRunner(base.database, clock),
      resolvePrincipal: (token) => resolvePrincipal(base.database.db, token, clock.now()),
    },
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
