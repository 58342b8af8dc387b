import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/platform/db/migrator.ts';
import { startEmbeddedOnFreePort } from './free-port.ts';
import { warmShippedModels } from '../../src/modules/assist/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDatabase: string;
  }
}

interface SharedDatabase {
  serverUrl: string;
  templateDatabase: string;
  teardown(): Promise<void>;
}

// Both projects of vitest.config.ts (files on a shared module graph, files on their own) name this
// setup, and vitest loads it afresh for the root and for each project, in one process. They share
// one server and one template, held on globalThis (module state is not shared between the
// loads): the first call starts them, the last teardown stops them.
const SHARED = Symbol.for('docket.test.shared-database');
type Holder = { database?: Promise<SharedDatabase>; models?: Promise<string[]>; users: number };
const slots = globalThis as Record<symbol, Holder | undefined>;
slots[SHARED] ??= { users: 0 };
const holder: Holder = slots[SHARED];

export default async function setup(project: TestProject) {
  holder.users++;
  holder.database ??= startSharedDatabase();
  // Beside the database's start: the shipped assistance models, trained once into the cache
  // directory, so no test file trains them (seconds of CPU each) inside its own time limits.
  holder.models ??= warmShippedModels({ keepAlive: true });
  const [{ serverUrl, templateDatabase, teardown }] = await Promise.all([holder.database, holder.models]);
  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);
  return async () => {
    if (--holder.users === 0) {
      holder.database = undefined;
      await teardown();
    }
  };
}

// The integration suite runs on the embedded PostgreSQL by default and on the server named by
// DATABASE_URL when it is set: the same tests, the same migrations, the same SQL.
async function startSharedDatabase(): Promise<SharedDatabase> {
  let serverUrl: string;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'docket-test-'));
    const embedded = await startEmbeddedOnFreePort({ dataDir, ephemeral: true });
    // The bootstrap superuser: the suite creates a database per test file (Docket itself connects as the owner role).
    serverUrl = embedded.adminUrl;
    stopEmbedded = embedded.stop;
  }
  const templateDatabase = `docket_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase}`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  const templatePool = new pg.Pool({ connectionString: withDatabase(serverUrl, templateDatabase), max: 1 });
  await migrate(templatePool);
  await templatePool.end();

  return {
    serverUrl,
    templateDatabase,
    async teardown() {
      const leftovers = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'docket_t_${process.pid}_%'`);
      for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
      await admin.end();
      await stopEmbedded?.();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Drops a test's scratch database once nothing is connected to it. `pool.end()` resolves when its
 * clients are told to end, not when their backends are gone; a forced drop before then terminates
 * one, and its client (no longer the pool's, so with no error listener) throws "terminating
 * connection due to administrator command" as an unhandled error that fails the run.
 */
export async function dropDatabaseWhenIdle(admin: pg.Client, database: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1', [database])).rowCount! > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}
