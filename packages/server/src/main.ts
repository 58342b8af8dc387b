import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp } from './app.ts';
import { apiDocsEnabled, ConfigError, isLoopbackHost, loadConfig, shouldSeedDemo, type Config } from './config/config.ts';
import { systemClock } from './platform/clock/clock.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './platform/db/embedded-postgres.ts';
import { migrate } from './platform/db/migrator.ts';
import { createCommandRunner } from './platform/http/command-context.ts';
import { loggerOptions } from './platform/log/redaction.ts';
import { ensureAdminUser, loadMasterKey, resolvePrincipal } from './modules/access/index.ts';
import { cipherSuiteFromEnvironment, createPgKeyStore, loadKeyRing, localMasterKey, masterKeysFromEnvironment, type KeyRing } from './platform/crypto/index.ts';
import { retirePublishedDemoPassword, seedDemoData, DEMO_USERNAMES } from '../seed/demo.ts';
import { ledgerOptionsFromEnv, startAuditLedger } from './modules/audit/index.ts';
import { resealPersonalDataBacklog } from './modules/cases/index.ts';

export interface RunningDocket {
  url: string;
  stop(): Promise<void>;
}

/** Opens the database named by DATABASE_URL, or starts the embedded one in the data directory. */
export async function openConfiguredDatabase(config: Config, log: pino.Logger): Promise<{ database: Database; embedded?: EmbeddedDatabase }> {
  if (config.databaseUrl) return { database: openDatabase(config.databaseUrl, config.dbPoolSize) };
  log.info({ dataDir: config.dataDir }, 'starting embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPostgresPort,
    rootFallbackDir: config.embeddedPostgresDir,
    onLog: (m) => log.debug({ postgres: m.trim() }),
  });
  if (path.dirname(embedded.clusterDir) !== realpathSync(config.dataDir)) log.warn({ clusterDir: embedded.clusterDir }, 'the embedded database lives outside the data directory: the postgres user cannot reach it (back up both)');
  return { database: openDatabase(embedded.url, config.dbPoolSize), embedded };
}

/**
 * The field-encryption key ring. The master key comes from DOCKET_MASTER_KEY(_FILE); without
 * one (evaluation installs) a key file is generated in the data directory on first start.
 */
export async function openKeyRing(database: Database, config: Config): Promise<KeyRing> {
  const configured = Boolean(process.env.DOCKET_MASTER_KEY || process.env.DOCKET_MASTER_KEY_FILE);
  const masterKeys = configured
    ? masterKeysFromEnvironment()
    : { current: localMasterKey(loadMasterKey({ dataDir: config.dataDir })), previous: [] };
  return loadKeyRing({ store: createPgKeyStore(database.db), masterKeys, suite: cipherSuiteFromEnvironment() });
}

export async function startDocket(config: Config): Promise<RunningDocket> {
  const log = pino(loggerOptions(config.logLevel));
  const { database, embedded } = await openConfiguredDatabase(config, log);
  const applied = await migrate(database.pool);
  if (applied.length > 0) log.info({ migrations: applied }, 'applied migrations');

  const keyRing = await openKeyRing(database, config);
  // Rows from before customer fields and free text were sealed: sealed now, before anyone reads them.
  const resealed = await resealPersonalDataBacklog(database.db, keyRing);
  if (resealed > 0) log.info({ rows: resealed }, 'sealed personal data in rows written before this release');
  const admin = await ensureAdminUser(database.db, config.adminPassword);
  const seedDemo = shouldSeedDemo(config);
  const demo = seedDemo ? await seedDemoData(database, { now: systemClock.now(), keyRing, password: config.demoPassword }) : undefined;
  if (demo?.seeded) log.info('seeded demo data: 5 case types, 6 departments, 8 users, 200 cases');
  const retired = await retirePublishedDemoPassword(database, { now: systemClock.now(), password: config.demoPassword });
  if (retired.retired.length > 0) log.warn({ users: retired.retired }, 'demo users had the password once published in the README: they have a new one, printed below');
  if (!seedDemo && config.seedDemo === undefined) {
    log.info({ host: config.host, databaseUrl: Boolean(config.databaseUrl) }, 'no demo data: HOST is not loopback or DATABASE_URL is set (DOCKET_SEED_DEMO=true seeds anyway)');
  }

  const clock = systemClock;
  const app = await buildApp(
    { config, database, clock, keyRing, commands: createCommandRunner(database, clock, keyRing), resolvePrincipal: (token) => resolvePrincipal(database.db, token, clock.now()) },
    { logger: log },
  );
  const address = await app.listen({ port: config.port, host: config.host });
  const auditLedger = startAuditLedger(database.pool, ledgerOptionsFromEnv(process.env, config), log);
  const url = `http://localhost:${new URL(address).port}`;

  // Printed to the terminal once, never logged: the generated password exists nowhere else.
  process.stdout.write(
    [
      '',
      `  Docket is running at ${url}`,
      isLoopbackHost(config.host) ? '' : `  Listening on ${config.host}: reachable from other machines`,
      apiDocsEnabled(config) ? `  API documentation:   ${url}/docs` : '',
      admin.generatedPassword
        ? `  Sign in as admin with the generated password: ${admin.generatedPassword}  (shown once; set DOCKET_ADMIN_PASSWORD to choose it)`
        : '  Sign in as admin with DOCKET_ADMIN_PASSWORD (or the password printed at the first start).',
      demo ? `  Demo users ${DEMO_USERNAMES.join(', ')}: ${demoPasswordHint(demo.generatedPassword)}` : '',
      retired.generatedPassword ? `  Demo users ${retired.retired.join(', ')} had the published password; new password ${retired.generatedPassword}  (shown once)` : '',
      '',
    ]
      .filter((line, i, lines) => line !== '' || i === 0 || i === lines.length - 1)
      .join('\n') + '\n',
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('stopping: draining requests');
      await app.close();
      await auditLedger.stop();
      await database.close();
      await embedded?.stop();
      log.info('stopped');
    })());
  return { url, stop };
}

function demoPasswordHint(generated: string | undefined): string {
  if (generated) return `password ${generated}  (shown once; set DOCKET_DEMO_PASSWORD to choose it)`;
  return 'the password from DOCKET_DEMO_PASSWORD, or the one printed at the first start';
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const docket = await startDocket(config);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      docket.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

// Compared as paths: a checkout under a directory with a space has %20 in its URL, not in argv.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  main().catch((error: Error) => {
    process.stderr.write(`Docket failed to start: ${error.message}\n`);
    process.exit(1);
  });
}
