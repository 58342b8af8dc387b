import pino from 'pino';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { systemClock } from './platform/clock/clock.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './platform/db/embedded-postgres.ts';
import { migrate } from './platform/db/migrator.ts';
import { createCommandRunner } from './platform/http/command-context.ts';
import { loggerOptions } from './platform/log/redaction.ts';
import { ensureAdminUser, loadMasterKey, resolvePrincipal } from './modules/access/index.ts';
import { cipherSuiteFromEnvironment, createPgKeyStore, loadKeyRing, localMasterKey, masterKeysFromEnvironment, type KeyRing } from './platform/crypto/index.ts';
import { seedDemoData, DEMO_PASSWORD } from '../seed/demo.ts';
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
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, onLog: (m) => log.debug({ postgres: m.trim() }) });
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
  if (config.seedDemo) {
    const { seeded } = await seedDemoData(database, { now: systemClock.now(), keyRing });
    if (seeded) log.info('seeded demo data: 5 case types, 6 departments, 6 users, 200 cases');
  }

  const clock = systemClock;
  const app = await buildApp(
    { config, database, clock, keyRing, commands: createCommandRunner(database, clock, keyRing), resolvePrincipal: (token) => resolvePrincipal(database.db, token, clock.now()) },
    { logger: log },
  );
  const address = await app.listen({ port: config.port, host: config.host });
  const auditLedger = startAuditLedger(database.pool, ledgerOptionsFromEnv(process.env, config.dataDir), log);
  const url = `http://localhost:${new URL(address).port}`;

  // Printed to the terminal once, never logged: the generated password exists nowhere else.
  process.stdout.write(
    [
      '',
      `  Docket is running at ${url}`,
      `  API documentation:   ${url}/docs`,
      admin.generatedPassword
        ? `  Sign in as admin with the generated password: ${admin.generatedPassword}  (shown once; set DOCKET_ADMIN_PASSWORD to choose it)`
        : '  Sign in as admin with DOCKET_ADMIN_PASSWORD (or the password printed at the first start).',
      config.seedDemo ? `  Demo users agent.bj, agent.sh, agent.hd, supervisor.bj, cp.officer, risk.analyst, auditor, marketing: password ${DEMO_PASSWORD}` : '',
      '',
    ].join('\n') + '\n',
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

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    process.stderr.write(`Docket failed to start: ${error.message}\n`);
    process.exit(1);
  });
}
