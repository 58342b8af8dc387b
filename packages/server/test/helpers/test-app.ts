import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import type { Registry } from 'prom-client';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { systemClock, type Clock } from '../../src/platform/clock/clock.ts';
import type { WorkerRegistry } from '../../src/platform/workers/index.ts';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { createCommandRunner, type CommandRunner } from '../../src/platform/commands/index.ts';
import { recordSystemActorRefusal } from '../../src/modules/audit/index.ts';
import { newId } from '../../src/platform/ids/ids.ts';
import { ensureAdminUser, hashPassword, insertUser, resolvePrincipal } from '../../src/modules/access/index.ts';
import { dropDatabaseWhenIdle, withDatabase } from './global-setup.ts';
import { ensureShippedCalendars } from '../../src/modules/sla/index.ts';
import { createPgKeyStore, loadKeyRing, localMasterKey, type CipherSuite, type KeyRing } from '../../src/platform/crypto/index.ts';
import { resetProcessCaches } from '../../src/platform/process-caches.ts';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const USER_PASSWORD = 'user-password-for-tests';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  /** Runs raw SQL against this test's own database, for "nothing changed" checks. */
  sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** Signs in through the API and returns the bearer token. */
  login(username: string, password?: string): Promise<string>;
  createUser(username: string, roles: string[], departmentId?: string | null): Promise<string>;
  close(): Promise<void>;
  clock: Clock;
  keyRing: KeyRing;
  /** The runner the app's routes use: for commands outside a request and in-transaction subscribers. */
  commands: CommandRunner;
}

let cachedPasswordHash: Promise<string> | undefined;

/** A fresh database cloned from the migrated template, and the app over it. */
export async function createTestApp(
  options: { config?: Partial<Config>; clock?: Clock; workers?: WorkerRegistry; masterKey?: Buffer; cipherSuite?: CipherSuite; metrics?: Registry } = {},
): Promise<TestApp> {
  // A test process may run several files, each on its own database: nothing cached from the last one.
  resetProcessCaches();
  const serverUrl = inject('pgServerUrl');
  const template = inject('templateDatabase');
  const name = `docket_t_${template.replace('docket_template_', '')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  // Commits need not wait for the WAL flush (the embedded server runs so already): on the PostgreSQL
  // server of CI's second pass each commit otherwise waits for a disk flush. What a committed
  // transaction shows to the next is the same; only a crash of that server could lose one.
  await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  const database = openDatabase(withDatabase(serverUrl, name), 10);
  const config: Config = { ...loadConfig({}), seedDemo: false, loginRateLimitPerMinute: 1000, ...options.config };
  const clock = options.clock ?? systemClock;
  await ensureAdminUser(database.db, ADMIN_PASSWORD);
  await ensureShippedCalendars(database.db, clock.now());
  const keyRing = await loadKeyRing({
    store: createPgKeyStore(database.db),
    masterKeys: { current: localMasterKey(options.masterKey ?? randomBytes(32)), previous: [] },
    suite: options.cipherSuite ?? 'aes-256-gcm',
  });
  const commands = createCommandRunner(database, clock, keyRing, { onSystemActorRefused: recordSystemActorRefusal(database.db) });
  const app = await buildApp({
    config,
    database,
    clock,
    keyRing,
    commands,
    resolvePrincipal: (token) => resolvePrincipal(database.db, token, clock.now()),
    workers: options.workers,
    metrics: options.metrics,
  });
  await app.ready();
  cachedPasswordHash ??= hashPassword(USER_PASSWORD);

  const testApp: TestApp = {
    app,
    database,
    clock,
    keyRing,
    commands,
    sql: async (text, values) => (await database.pool.query(text, values)).rows,
    async login(username, password) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: password ?? (username === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD) } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return res.json().token as string;
    },
    async createUser(username, roles, departmentId = null) {
      const id = newId();
      await insertUser(database.db, { id, username, displayName: username, passwordHash: await cachedPasswordHash!, departmentId, roles });
      return id;
    },
    async close() {
      await app.close();
      await database.close();
      await dropDatabaseWhenIdle(admin, name);
      await admin.end();
    },
  };
  return testApp;
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

/** Asserts an RFC 9457 problem document of the given type and returns it. */
export function expectProblem(res: LightMyRequestResponse, status: number, type: string) {
  const body = res.json();
  if (res.statusCode !== status || body.type !== `/problems/${type}`) {
    throw new Error(`expected ${status} /problems/${type}, got ${res.statusCode}: ${res.body}`);
  }
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) throw new Error(`content-type ${res.headers['content-type']}`);
  return body as { type: string; title: string; status: number; detail?: string; errors?: { field: string; reason: string }[]; [k: string]: unknown };
}

/** Every row of every Docket table as text: what a database dump holds. */
export async function dumpAllTables(t: TestApp): Promise<string> {
  const tables = await t.sql<{ name: string }>("SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname IN ('platform', 'access', 'cases', 'audit')");
  let dump = '';
  for (const { name } of tables) {
    const rows = await t.sql<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
    dump += rows.map((r) => r.row).join('\n');
  }
  return dump;
}
