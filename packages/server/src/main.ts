import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp } from './app.ts';
import { apiDocsEnabled, ConfigError, isLoopbackHost, loadConfig, shouldSeedDemo, type Config } from './config/config.ts';
import { systemClock, TestClock, type Clock } from './platform/clock/index.ts';
import { openDatabase, type Database, type Db } from './platform/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './platform/db/embedded-postgres.ts';
import { migrate } from './platform/db/migrator.ts';
import { createCommandRunner } from './platform/commands/index.ts';
import { loggerOptions } from './platform/log/redaction.ts';
import { ensureAdminUser, findSystemActorOrThrow, resolvePrincipal, type SystemActorName } from './modules/access/index.ts';
import { createPgKeyStore, loadKeyRing, loadMasterKeys, MasterKeyError, type KeyRing, type MasterKeys } from './platform/crypto/index.ts';
import { retirePublishedDemoPassword, seedDemoData, DEMO_USERNAMES } from '../seed/demo.ts';
import { auditSequencerWorker, ledgerOptionsFromConfig, recordSystemActorRefusal } from './modules/audit/index.ts';
import { createJobHandlers, createJobRunner, registerProbeJob } from './platform/jobs/index.ts';
import { createWorkerRegistry, type WorkerRegistry } from './platform/workers/index.ts';
import { createOutboxDispatcher } from './platform/outbox/index.ts';
import { createMetricsRegistry, createMetricsSubscriber } from './platform/metrics/index.ts';
import { resealPersonalDataBacklog } from './modules/cases/index.ts';
import { registerProcessJobs, scheduleProcessMaintenance } from './modules/process/index.ts';
import { registerNotificationJobs, scheduleNotificationRetention } from './modules/notifications/index.ts';
import { addOfficialYearsToShippedCalendars, addProvisionalYearsToShippedCalendars, createSlaScheduler, ensureShippedCalendars, findShippedCalendarsWithoutNextYear } from './modules/sla/index.ts';
import { createRoutingWorker } from './modules/routing/index.ts';
import { createMailListener, registerEmailJobs } from './modules/integration/index.ts';
import { createWebhookDeliveryWorker, createWebhookFanOut, type WebhookDeliveryWorker } from './modules/integration/index.ts';
import { createBrokerIntegration } from './modules/integration/index.ts';
import { indexCasesWithoutDocument } from './modules/knowledge/index.ts';
import { registerAutomationJobs, registerAutomationTimeJobs, scheduleTimeTriggers } from './modules/automation/index.ts';
import { registerQualityJobs, warmShippedModelsInBackground } from './modules/assist/index.ts';
import { createReadModelProjector, createSpikeDetector, ensureSpikeCaseType, rebuildIfNeverBuilt, registerReportScheduleJobs, setAnalyticsTimeZone } from './modules/analytics/index.ts';

export interface RunningDocket {
  url: string;
  workers: WorkerRegistry;
  /** Graceful: stops accepting HTTP, finishes the requests in flight, stops the workers (reverse start order), closes the pool, stops embedded PostgreSQL. */
  stop(): Promise<void>;
}

// Below Kubernetes' default 30 s grace period, so a stuck stop ends with our message, not a SIGKILL.
const STOP_TIMEOUT_MS = 25_000;

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
  if (path.dirname(embedded.clusterDir) !== realpathSync(config.dataDir))
    log.warn({ clusterDir: embedded.clusterDir }, 'the embedded database lives outside the data directory: the postgres user cannot reach it (back up both)');
  return { database: openDatabase(embedded.url, config.dbPoolSize), embedded };
}

/** The field-encryption key ring, under the master key(s) of loadMasterKeys (configured, or generated in the data directory). */
export async function openKeyRing(database: Database, config: Config, masterKeys: MasterKeys = loadMasterKeys(config)): Promise<KeyRing> {
  return loadKeyRing({ store: createPgKeyStore(database.db), masterKeys, suite: config.fieldCipher });
}

/** A wrong setting or an unreadable master key: the operator fixes the configuration (EX_CONFIG, 78), not the code. */
export function isConfigurationError(error: unknown): boolean {
  return error instanceof ConfigError || error instanceof MasterKeyError;
}

export async function startDocket(config: Config): Promise<RunningDocket> {
  const log = pino(loggerOptions(config.logLevel));
  // One clock for everything: commands, workers, the audit sequencer, the demo seed.
  const clock: Clock = config.testClock ? new TestClock(systemClock.now()) : systemClock;
  if (config.testClock) log.warn({ now: clock.now().toISOString() }, 'DOCKET_TEST_CLOCK=true: time stands still until POST /api/v1/test-clock moves it');
  // Before the database opens: a missing or malformed key file stops the start with nothing to undo.
  const masterKeys = loadMasterKeys(config);
  setAnalyticsTimeZone(config.analyticsTimeZone);
  const { database, embedded } = await openConfiguredDatabase(config, log);
  const applied = await migrate(database.pool);
  if (applied.length > 0) log.info({ migrations: applied }, 'applied migrations');

  const keyRing = await openKeyRing(database, config, masterKeys);
  // Rows from before customer fields and free text were sealed: sealed now, before anyone reads them.
  const resealed = await resealPersonalDataBacklog(database.db, keyRing);
  if (resealed > 0) log.info({ rows: resealed }, 'sealed personal data in rows written before this release');
  const admin = await ensureAdminUser(database.db, config.adminPassword);
  const calendars = await ensureShippedCalendars(database.db, clock.now());
  if (calendars.length > 0) log.info({ calendars }, 'added the shipped business calendars');
  // Every command, from a request, a worker or the seed, runs through this one runner.
  const commands = createCommandRunner(database, clock, keyRing, { onSystemActorRefused: recordSystemActorRefusal(database.db) });
  // An upgrade that ships a new year's official holidays brings them to the calendars a bank
  // already has; a failure here is logged, not fatal: the administrator can still add the year.
  try {
    const officialYears = await addOfficialYearsToShippedCalendars(database.db, commands, clock.now());
    if (officialYears.length > 0) log.info({ officialYears }, 'added the official holiday schedules of new years to the shipped business calendars');
  } catch (error) {
    log.error({ err: error }, 'could not add the official holiday schedules of new years to the shipped business calendars; add them by a calendar correction');
  }
  // Years no release carries yet get the statutory holidays (fixed by law), marked provisional,
  // rather than count New Year and National Day as working days until the notice is entered.
  try {
    const provisionalYears = await addProvisionalYearsToShippedCalendars(database.db, commands, clock.now());
    if (provisionalYears.length > 0) log.info({ provisionalYears }, 'added the statutory holidays, provisional until the State Council notice, of years the shipped official schedules lack');
  } catch (error) {
    log.error({ err: error }, 'could not add the provisional statutory holidays to the shipped business calendars; add them by a calendar correction');
  }
  const withoutNextYear = await findShippedCalendarsWithoutNextYear(database.db, clock.now());
  if (withoutNextYear) {
    log.warn(
      withoutNextYear,
      `the business calendars ${withoutNextYear.keys.join(', ')} have no official holidays for ${withoutNextYear.year} (at most the provisional statutory ones, without bridging or make-up days): add the State Council's schedule (PUT /api/v1/calendars/{key}, docs/designers/calendars.md) or upgrade Docket`,
    );
  }
  const seedDemo = shouldSeedDemo(config);
  const demo = seedDemo ? await seedDemoData(database, { now: clock.now(), keyRing, password: config.demoPassword, subscribers: commands.subscribers, analyticsHistory: {} }) : undefined;
  if (demo?.seeded) log.info({ analyticsHistory: demo.analyticsHistory }, 'seeded demo data: 5 case types, 6 departments, 8 users, 200 cases, and the analytics history');
  const retired = await retirePublishedDemoPassword(database, { now: clock.now(), password: config.demoPassword });
  if (retired.retired.length > 0) log.warn({ users: retired.retired }, 'demo users had the password once published in the README: they have a new one, printed below');
  // Spike warnings (issue 20, part D): the risk case type spike rules open, when missing.
  if (await ensureSpikeCaseType(database.db, commands)) log.info('added the complaint-spike case type (spike warnings open these)');
  if (!seedDemo && config.seedDemo === undefined) {
    log.info({ host: config.host, databaseUrl: Boolean(config.databaseUrl) }, 'no demo data: HOST is not loopback or DATABASE_URL is set (DOCKET_SEED_DEMO=true seeds anyway)');
  }

  // The workers, in start order; they stop in reverse, after the HTTP server has drained.
  const jobHandlers = createJobHandlers();
  registerProbeJob(jobHandlers);
  registerProcessJobs(jobHandlers, { retentionMonths: config.processHistoryRetentionMonths, httpMaxTimeoutMs: config.processHttpConnectorMaxTimeoutMs });
  // Always registered: without DOCKET_SMTP_URL an e-mail job ends without sending, never waits forever.
  registerNotificationJobs(jobHandlers, { smtpUrl: config.smtpUrl, from: config.smtpFrom, publicUrl: config.publicUrl });
  // Automation rules (issue 21): each run a domain event triggered, as system:automation for the rule's owner.
  registerAutomationJobs(jobHandlers, { publicUrl: config.publicUrl });
  // Quality inspection (issue 22): each finished case, as system:analytics.
  registerQualityJobs(jobHandlers);
  // The shipped assistance models, trained off the event loop at the first start on a machine.
  warmShippedModelsInBackground(log);
  const workers = createWorkerRegistry(log);
  // The one registry /metrics serves: HTTP, the outbox dispatcher and every worker register on it.
  const metrics = createMetricsRegistry();
  workers.register(auditSequencerWorker(database.pool, ledgerOptionsFromConfig(config), log, clock));
  // Workers act as named system actors, through the same command runner as requests.
  const systemActor = (db: Db, name: string) => findSystemActorOrThrow(db, name as SystemActorName);
  // Before the job runner: the e-mails an escalation schedules are due at once, and the test clock's runDue goes in this order.
  if (config.slaSchedulerEnabled) {
    workers.register(
      createSlaScheduler({
        database,
        clock,
        commands,
        systemActor,
        batchSize: config.slaSchedulerBatchSize,
        pollIntervalMs: config.slaSchedulerPollIntervalMs,
        log: log.child({ worker: 'sla-scheduler' }),
      }),
    );
  }
  // Before the job runner too: the overflow notices it writes schedule e-mails due at once.
  if (config.routingWorkerEnabled) {
    workers.register(
      createRoutingWorker({
        database,
        clock,
        commands,
        systemActor,
        batchSize: config.routingWorkerBatchSize,
        pollIntervalMs: config.routingWorkerPollIntervalMs,
        awayAfterSeconds: config.routingAwayAfterMinutes * 60,
        log: log.child({ worker: 'routing-worker' }),
      }),
    );
  }
  // Webhooks (issue 18, part A): the worker that signs and sends deliveries; the outbox subscriber
  // 'webhooks' below writes them, on every process, whether or not this one sends.
  let webhookWorker: WebhookDeliveryWorker | undefined;
  if (config.webhookWorkerEnabled) {
    webhookWorker = createWebhookDeliveryWorker({
      database,
      clock,
      commands,
      keyRing,
      timeoutMs: config.webhookTimeoutMs,
      maxAttempts: config.webhookMaxAttempts,
      log: log.child({ worker: 'webhook-deliveries' }),
      metrics,
    });
    workers.register(webhookWorker);
  }
  // E-mail in and out (issue 18, part D): agents' public replies are sent by a job through
  // DOCKET_SMTP_URL (always registered: without it a queued reply is marked failed, never waits);
  // the SMTP listener 'mail-listener' runs only when DOCKET_MAIL_INBOUND_PORT is set.
  registerEmailJobs(jobHandlers, { smtpUrl: config.smtpUrl, metrics });
  // Scheduled reports (issue 20, part F): run with the owner's policy, e-mailed through DOCKET_SMTP_URL.
  registerReportScheduleJobs(jobHandlers, { smtpUrl: config.smtpUrl, from: config.smtpFrom });
  // Date and schedule triggers of automation rules (issue 21): daily scans, their runs, cron fires.
  registerAutomationTimeJobs(jobHandlers, { publicUrl: config.publicUrl });
  if (config.mailInboundPort !== undefined) {
    workers.register(
      createMailListener({
        database,
        clock,
        commands,
        systemActor,
        keyRing,
        log: log.child({ worker: 'mail-listener' }),
        metrics,
        port: config.mailInboundPort,
        host: config.mailInboundHost,
        maxBytes: config.mailInboundMaxBytes,
      }),
    );
  }
  // Integration, brokers (issue 18, part C): NATS JetStream / RabbitMQ ingestion consumers and the
  // write-back of outcomes. Without NATS_URL and AMQP_URL nothing connects; the connections worker
  // is registered first so it closes them after the consumers and the outbox have stopped.
  const brokerIntegration = createBrokerIntegration({
    database,
    clock,
    commands,
    systemActor,
    keyRing,
    log: log.child({ worker: 'ingest-consumers' }),
    metrics,
    natsUrl: config.natsUrl,
    amqpUrl: config.amqpUrl,
    consumersEnabled: config.ingestConsumersEnabled,
  });
  workers.register(brokerIntegration.brokers);
  if (brokerIntegration.consumers) workers.register(brokerIntegration.consumers);
  workers.register(createJobRunner({ database, clock, handlers: jobHandlers, commands, systemActor, log }));
  // Spike warnings (issue 20, part D): evaluates the spike rules over the read model's rollups.
  if (config.analyticsSpikeDetectorEnabled) {
    workers.register(createSpikeDetector({ database, clock, commands, intervalMs: config.analyticsSpikeIntervalMinutes * 60_000, log: log.child({ worker: 'analytics-spike-detector' }) }));
  }

  // After-commit subscribers (webhooks, brokers, analytics) subscribe here before the workers start.
  const outbox = createOutboxDispatcher({ database, clock, commands, systemActor, log: log.child({ worker: 'outbox-dispatcher' }), metrics });
  // Business counters (cases created, SLA breaches), counted after commit (platform/metrics).
  outbox.subscribe(createMetricsSubscriber(metrics, database, log.child({ subscriber: 'metrics' })));
  outbox.subscribe(createWebhookFanOut({ database, clock, onDeliveries: () => webhookWorker?.wake() }));
  outbox.subscribe(brokerIntegration.writeBack);
  workers.register(outbox);
  // Analytics (issue 20): the read model follows the outbox in batches of its own (projection and
  // cursor in one transaction); a read model never built is rebuilt first.
  workers.register(
    createReadModelProjector({
      db: database.db,
      clock,
      metrics,
      log: log.child({ worker: 'analytics-read-model' }),
      beforeFirstBatch: () => rebuildIfNeverBuilt(database.db, clock.now()),
    }),
  );

  const app = await buildApp({ config, database, clock, keyRing, commands, resolvePrincipal: (token) => resolvePrincipal(database.db, token, clock.now()), workers, metrics }, { logger: log });
  await scheduleProcessMaintenance(database.db, clock.now());
  await scheduleNotificationRetention(database.db, clock.now());
  // Every enabled date or schedule rule has its next job; overdue scans run at once and catch up.
  await scheduleTimeTriggers(database.db, clock.now());
  await workers.startAll();
  // Cases without a knowledge document (from before issue 19, or seeded before the app subscribed),
  // indexed in the background in chunks; the server answers meanwhile.
  void indexCasesWithoutDocument(database.db, clock).then(
    (indexed) => indexed > 0 && log.info({ cases: indexed }, 'indexed case words for similar-case suggestions'),
    (error: unknown) => log.warn({ err: error }, 'indexing case words for similar-case suggestions stopped; it resumes at the next start'),
  );
  let address: string;
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // Port taken, address not ours: the workers give their locks back before the process ends.
    await workers.stopAll();
    await database.close();
    await embedded?.stop();
    throw error;
  }
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
      // Fastify closes idle keep-alive connections once, when the close starts; a connection
      // whose request was still in flight would then stay open for its keep-alive timeout
      // (72 s) after answering. Close each as soon as it is idle.
      const closeIdle = setInterval(() => app.server.closeIdleConnections(), 100);
      try {
        await app.close();
      } finally {
        clearInterval(closeIdle);
      }
      log.info('stopping: workers finish the batch in hand');
      await workers.stopAll();
      await database.close();
      await embedded?.stop();
      log.info('stopped');
    })());
  return { url, workers, stop };
}

function demoPasswordHint(generated: string | undefined): string {
  if (generated) return `password ${generated}  (shown once; set DOCKET_DEMO_PASSWORD to choose it)`;
  return 'the password from DOCKET_DEMO_PASSWORD, or the one printed at the first start';
}

/**
 * The first SIGTERM/SIGINT stops gracefully and exits 0; a second one, a stop that outlasts
 * the timeout, or a failed stop exits 1 at once: what a worker had in hand rolls back with its
 * connection and is taken by another process or the next start. `npm start` and `docket serve` alike.
 */
export function stopOnSignals(docket: RunningDocket): void {
  let stopRequested = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopRequested) {
      process.stderr.write(`Docket: second ${signal}, exiting without finishing the work in hand\n`);
      process.exit(1);
    }
    stopRequested = true;
    setTimeout(() => {
      process.stderr.write(`Docket did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting without finishing the work in hand\n`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    docket.stop().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`Docket did not stop cleanly: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function main(): Promise<void> {
  let docket: RunningDocket;
  try {
    docket = await startDocket(loadConfig());
  } catch (error) {
    if (isConfigurationError(error)) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  stopOnSignals(docket);
}

// Compared as paths: a checkout under a directory with a space has %20 in its URL, not in argv.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  main().catch((error: Error) => {
    process.stderr.write(`Docket failed to start: ${error.message}\n`);
    process.exit(1);
  });
}
