import { randomBytes } from 'node:crypto';
import { buildApp } from './app.ts';
import { loadConfig } from './config/config.ts';
import { systemClock } from './platform/clock/clock.ts';
import { createMemoryKeyStore, loadKeyRing, localMasterKey } from './platform/crypto/index.ts';
import { openDatabase } from './platform/db/database.ts';
import { createCommandRunner } from './platform/commands/index.ts';

/**
 * The OpenAPI document of the server as /openapi.json serves it, built in-process: for the client
 * generator and the tests that lint it. No database is opened (the pool connects lazily).
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const keyRing = await loadKeyRing({ store: createMemoryKeyStore(), masterKeys: localMasterKey(randomBytes(32)), suite: 'aes-256-gcm' });
  const database = openDatabase('postgres://docket@127.0.0.1:1/unused', 1);
  const app = await buildApp({
    config: { ...loadConfig({}), seedDemo: false },
    database,
    clock: systemClock,
    keyRing,
    commands: createCommandRunner(database, systemClock, keyRing),
    resolvePrincipal: async () => undefined,
  });
  try {
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    if (res.statusCode !== 200) throw new Error(`/openapi.json answered ${res.statusCode}`);
    return res.json() as Record<string, unknown>;
  } finally {
    await app.close();
    await database.close();
  }
}
