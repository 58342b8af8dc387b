// Docket benchmark: `npm run bench`. For each target (the embedded PostgreSQL and a
// PostgreSQL server), on a fresh scratch database:
//   1. raw limit: COPY of N cases + N audit events (what the API writes), rows/s
//   2. single create, POST /api/v1/cases, at 1 and 64 connections
//   3. bulk NDJSON create, 10,000 lines per request, and its ratio to the raw COPY rate
//   4. 1,000,000 cases loaded in SQL, then reads: case by id, queue page, department pages,
//      with EXPLAIN (ANALYZE, BUFFERS) of the list queries
//   5. issue 14, beside the raw single-row transactions of 2.: straight-through process instances
//      (HTTP and in-process), credit-approval task completions, 1,000,000 completed instances of
//      history read by case (BENCH_ONLY=process runs only 2.'s raw limit and these)
//   6. issue 15, beside the same raw limit: the to-do list (GET /api/v1/tasks?assignee=me, 50 rows)
//      over 1,000,000 open tasks and an approval action end to end (BENCH_ONLY=todo runs only
//      2.'s raw limit and these: bench/scenarios/todo.ts)
//   7. issue 19, beside the same raw limit: knowledge search over 100,000 articles and suggestions on
//      a case over 10,000 resolved cases, as a branch agent (BENCH_ONLY=knowledge, or
//      knowledge-search / knowledge-suggestions alone: bench/scenarios/knowledge.ts)
//   8. issue 22, no database: the built-in classifier trained on 100,000 labelled rows and a 2,000-character
//      prediction (BENCH_ONLY=assist-train: bench/scenarios/assist-train.ts)
//   9. issue 22, beside the same raw limit: POST /api/v1/assist/prefill on the built-in path for a
//      2,000-character text (BENCH_ONLY=assist-prefill: bench/scenarios/assist-prefill.ts)
// Writes bench/results/latest.json and bench/results/latest.md. See bench/README.md.
import { execSync } from 'node:child_process';
import pg from 'pg';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeBulkFormats, runBulkCreate, runSingleCreate, type BulkResult } from './scenarios/creates.ts';
import { round, type LoadResult } from './scenarios/http-load.ts';
import { departmentId, loadCases, type LoadMillionResult } from './scenarios/load-million.ts';
import { runRawCopy, waitForLedger, type LedgerCatchUp, type RawCopyResult } from './scenarios/raw-copy.ts';
import { runRawTransactions, type RawTransactionResult } from './scenarios/raw-transactions.ts';
import { explainRequest, readScenarios, runRead, sampleCaseIds, type Explained } from './scenarios/reads.ts';
import { runAccessReads, type AccessResult } from './scenarios/access.ts';
import type { CatchUpResult, LargeTreeResult, LedgerDuringBulkResult, VerifyResult } from './scenarios/ledger.ts';
import { measureProcess, type ProcessResult } from './scenarios/process.ts';
import { renderMarkdown } from './scenarios/report.ts';
import { probeServer, startTarget, type Target, type TargetName } from './scenarios/target.ts';

const env = process.env;
const int = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
export const settings = {
  targets: (env.BENCH_TARGETS ?? 'embedded,server')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean) as TargetName[],
  serverUrl: env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  copyRows: int('BENCH_COPY_ROWS', 30_000),
  createSeconds: int('BENCH_CREATE_SECONDS', 10),
  createConnections: [1, 64],
  bulkRequests: int('BENCH_BULK_REQUESTS', 3),
  bulkLines: int('BENCH_BULK_LINES', 10_000),
  loadRows: int('BENCH_LOAD_ROWS', 1_000_000),
  readRequests: int('BENCH_READ_REQUESTS', 2_000),
  readMaxSeconds: int('BENCH_READ_MAX_SECONDS', 20),
  ledgerMaxWaitSeconds: int('BENCH_LEDGER_MAX_WAIT_SECONDS', 60),
  /** `writes` stops after the bulk figures (no 1,000,000-case load, no reads); `process` runs the raw single-row limit and issue 14's figures only. */
  only:
    env.BENCH_ONLY === 'writes'
      ? ('writes' as const)
      : env.BENCH_ONLY === 'process'
        ? ('process' as const)
        : env.BENCH_ONLY === 'todo'
          ? ('todo' as const)
          : env.BENCH_ONLY === 'sla'
            ? ('sla' as const)
            : env.BENCH_ONLY === 'routing'
              ? ('routing' as const)
              : env.BENCH_ONLY === 'webhooks'
                ? ('webhooks' as const)
                : env.BENCH_ONLY === 'ingest-nats'
                  ? ('ingest-nats' as const)
                  : env.BENCH_ONLY === 'knowledge' || env.BENCH_ONLY === 'knowledge-search' || env.BENCH_ONLY === 'knowledge-suggestions'
                    ? env.BENCH_ONLY
                    : env.BENCH_ONLY === 'analytics'
                      ? ('analytics' as const)
                      : env.BENCH_ONLY === 'automation-date-scan'
                        ? ('automation-date-scan' as const)
                        : env.BENCH_ONLY === 'automation-rule-evaluation'
                          ? ('automation-rule-evaluation' as const)
                          : env.BENCH_ONLY === 'assist-train'
                            ? ('assist-train' as const)
                            : env.BENCH_ONLY === 'assist-prefill'
                              ? ('assist-prefill' as const)
                              : undefined,
  /** Results go to bench/results/<name>.json and .md. */
  resultName:
    env.BENCH_RESULT_NAME ??
    (env.BENCH_ONLY === 'todo'
      ? 'issue-15-todo'
      : env.BENCH_ONLY === 'sla'
        ? 'issue-16-sla-run'
        : env.BENCH_ONLY === 'routing'
          ? 'issue-17-routing-run'
          : env.BENCH_ONLY === 'ingest-nats'
            ? 'issue-18-ingest-nats-run'
            : env.BENCH_ONLY?.startsWith('knowledge')
              ? 'issue-19-knowledge-run'
              : env.BENCH_ONLY === 'analytics'
                ? 'issue-20-analytics-run'
                : env.BENCH_ONLY === 'automation-date-scan'
                  ? 'issue-21-date-scan-run'
                  : env.BENCH_ONLY === 'automation-rule-evaluation'
                    ? 'issue-21-rule-evaluation-run'
                    : env.BENCH_ONLY === 'assist-train'
                      ? 'issue-22-assist-train-run'
                      : env.BENCH_ONLY === 'assist-prefill'
                        ? 'issue-22-assist-prefill-run'
                        : 'latest'),
  /** Server settings passed through to the Docket process that change what is measured. */
  serverEnv: Object.fromEntries(
    Object.entries(env)
      .filter(([k]) => k.startsWith('DOCKET_AUDIT_'))
      .map(([k, v]) => [k, v ?? '']),
  ) as Record<string, string>,
  readConnections: [1, 16],
  /** What-if: SQL run on the loaded book before the reads (e.g. a candidate index), then ANALYZE; stated in the report. */
  afterLoadSql: env.BENCH_AFTER_LOAD_SQL ?? '',
  /** Issue 4's ledger figures (bench/scenarios/ledger.ts); BENCH_LEDGER=0 skips them. */
  ledger: env.BENCH_LEDGER !== '0',
  ledgerEvents: int('BENCH_LEDGER_EVENTS', 1_000_000),
  ledgerTreeLeaves: int('BENCH_LEDGER_TREE_LEAVES', 10_000_000),
  ledgerProofs: int('BENCH_LEDGER_PROOFS', 2_000),
  /** Issue 9's console figures (bench/scenarios/console.ts, Debian's Chromium); BENCH_CONSOLE=0 skips them. */
  console: env.BENCH_CONSOLE !== '0',
  /** The branch (1…10 of the department tree) whose agent and supervisor read in the access figures. */
  accessBranch: int('BENCH_ACCESS_BRANCH', 5),
  /** Issue 14's process figures (bench/scenarios/process.ts); BENCH_PROCESS=0 skips them. */
  process: env.BENCH_PROCESS !== '0',
  processSeconds: int('BENCH_PROCESS_SECONDS', 10),
  /** Credit approvals started per completion figure (each gives 4 completions), by connection count. */
  processCompletionInstances: { 1: int('BENCH_PROCESS_INSTANCES_1', 150), 64: int('BENCH_PROCESS_INSTANCES_64', 800) } as Record<number, number>,
  /** Completed instances of history loaded in SQL before the history-by-case reads; 0 skips them. */
  processHistoryInstances: int('BENCH_PROCESS_HISTORY_INSTANCES', 1_000_000),
  /** Issue 15's to-do figures (bench/scenarios/todo.ts): open tasks loaded in SQL; approval actions by connection count. */
  todoTasks: int('BENCH_TODO_TASKS', 1_000_000),
  /** Issue 16's SLA figures (bench/scenarios/sla.ts): cases loaded (a clock on each open one), deadlines per second and for how long, idle CPU window. */
  slaCases: int('BENCH_SLA_CASES', 1_000_000),
  slaPerSecond: int('BENCH_SLA_PER_SECOND', 10_000),
  slaSeconds: int('BENCH_SLA_SECONDS', 10),
  slaIdleSeconds: int('BENCH_SLA_IDLE_SECONDS', 60),
  /** Issue 17's routing figures (bench/scenarios/routing.ts): agents in the push queue, cases routed over and over, decisions per second paced, for how long, routings at once. */
  routingAgents: int('BENCH_ROUTING_AGENTS', 500),
  routingCases: int('BENCH_ROUTING_CASES', 2_000),
  routingPerSecond: int('BENCH_ROUTING_PER_SECOND', 200),
  routingSeconds: int('BENCH_ROUTING_SECONDS', 10),
  routingConcurrency: int('BENCH_ROUTING_CONCURRENCY', 64),
  /** Issue 18's webhook figures (bench/scenarios/webhooks.ts): deliveries per mix, cases they spread over, sends at once. */
  webhookDeliveries: int('BENCH_WEBHOOK_DELIVERIES', 5_000),
  webhookCases: int('BENCH_WEBHOOK_CASES', 500),
  webhookConcurrency: int('BENCH_WEBHOOK_CONCURRENCY', 16),
  /** Issue 18's NATS ingestion figures (bench/scenarios/ingest-nats.ts). */
  ingestAlerts: int('BENCH_INGEST_ALERTS', 20_000),
  ingestRate: int('BENCH_INGEST_RATE', 1_000),
  ingestSeconds: int('BENCH_INGEST_SECONDS', 10),
  todoApprovals: { 1: int('BENCH_TODO_APPROVALS_1', 300), 64: int('BENCH_TODO_APPROVALS_64', 1_000) } as Record<number, number>,
  /** Issue 19's knowledge figures (bench/scenarios/knowledge.ts): published articles, the import's time budget before the direct path takes over, its batch, seconds per search run; resolved and open cases for suggestions, seconds; connections of the throughput runs. */
  knowledgeArticles: int('BENCH_KNOWLEDGE_ARTICLES', 100_000),
  knowledgeImportSeconds: int('BENCH_KNOWLEDGE_IMPORT_SECONDS', 120),
  knowledgeImportBatch: int('BENCH_KNOWLEDGE_IMPORT_BATCH', 500),
  knowledgeSearchSeconds: int('BENCH_KNOWLEDGE_SEARCH_SECONDS', 30),
  knowledgeCases: int('BENCH_KNOWLEDGE_CASES', 10_000),
  knowledgeOpenCases: int('BENCH_KNOWLEDGE_OPEN_CASES', 200),
  knowledgeSuggestionSeconds: int('BENCH_KNOWLEDGE_SUGGESTION_SECONDS', 30),
  knowledgeConnections: int('BENCH_KNOWLEDGE_CONNECTIONS', 8),
  /** Issue 20's analytics figures (bench/scenarios/analytics.ts): facts generated in SQL, reads per reader and endpoint, process-map requests, bulk ingest for the lag. */
  analyticsCases: int('BENCH_ANALYTICS_CASES', 10_000_000),
  analyticsTasks: int('BENCH_ANALYTICS_TASKS', 50_000_000),
  analyticsMiningInstances: int('BENCH_ANALYTICS_MINING_INSTANCES', 1_000_000),
  analyticsDays: int('BENCH_ANALYTICS_DAYS', 730),
  /** Issue 22's classifier training (bench/scenarios/assist-train.ts): synthetic labelled rows trained on, no database. */
  assistTrainRows: int('BENCH_ASSIST_TRAIN_ROWS', 100_000),
  /** Issue 21's time-trigger scan (bench/scenarios/automation-date-scan.ts): customer records with a birthday, timed scans per day. */
  dateScanRecords: int('BENCH_DATE_SCAN_RECORDS', 1_000_000),
  dateScanRepeats: int('BENCH_DATE_SCAN_REPEATS', 20),
  analyticsReads: int('BENCH_ANALYTICS_READS', 200),
  analyticsMiningReads: int('BENCH_ANALYTICS_MINING_READS', 3),
  analyticsBulkRequests: int('BENCH_ANALYTICS_BULK_REQUESTS', 6),
  analyticsBulkLines: int('BENCH_ANALYTICS_BULK_LINES', 5_000),
  /** Issue 22's prefill figure (bench/scenarios/assist-prefill.ts): timed requests one after another, after a warm-up. */
  assistPrefillRequests: int('BENCH_ASSIST_PREFILL_REQUESTS', 500),
  assistPrefillWarmup: int('BENCH_ASSIST_PREFILL_WARMUP', 30),
};
// The Docket process under test inherits this environment: with NATS_URL its ingest-consumers worker runs.
if (settings.only === 'ingest-nats') process.env.NATS_URL ??= 'nats://127.0.0.1:4222';
// Issue 20 reads the read model's lag histogram from /metrics, served only with a token.
if (settings.only === 'analytics') process.env.DOCKET_METRICS_TOKEN ??= 'bench-metrics-token-issue-20';

export const GOALS = {
  /** Issue 13: bulk NDJSON (1 stream) ÷ raw COPY of the same rows, same run. */
  bulkShareOfCopy: 0.6,
  queuePageP95Ms: 20,
  /** Issue 13: single create at 64 connections ÷ raw single-row transactions at 64, same run, with this p99. */
  singleCreateShareOfRawTx64: 0.4,
  singleCreateP99Ms64: 50,
  /** Issue 13: queue page req/s at 16 connections ÷ the issue-12 figure (bench/results/issue-12-ab.md, server target). */
  queuePage16Factor: 2,
  queuePage16BaselinePerSecond: Number(process.env.BENCH_QUEUE16_BASELINE ?? 191.5),
  /** Issue 3: a restricted user's filtered queue page within this factor of the unrestricted user's. */
  restrictedQueueRatio: 1.5,
  /** Issue 14: straight-through instances (start → business rule → service → end) per second. */
  straightThroughPerSecond: 2_000,
  /** Issue 14: credit-approval task completions ÷ raw single-row transactions at the same connection count, same run. */
  taskCompletionsShareOfRawTx: 0.25,
  /** Issue 15: GET /api/v1/tasks?assignee=me, 50 rows, over BENCH_TODO_TASKS open tasks, 1 connection. */
  todoListP95Ms: 20,
  /** Issue 14: a case's process history over BENCH_PROCESS_HISTORY_INSTANCES completed instances, 1 connection. */
  processHistoryByCaseP95Ms: 10,
};

export interface TargetResult {
  name: TargetName;
  skipped?: string;
  error?: string;
  postgresVersion?: string;
  postgresSettings?: Record<string, string>;
  dbPoolSize?: number;
  rawCopy?: RawCopyResult;
  singleCreate?: LoadResult[];
  /** BEGIN; INSERT case; INSERT audit event; COMMIT from pg clients: the single-create limit. */
  rawTransactions?: RawTransactionResult[];
  bulk?: BulkResult[];
  /** One bulk line with dueAt and departmentId (valid for single create): accepted or not. */
  bulkFormatProbe?: { accepted: boolean; answer: unknown };
  /** Waits for the audit ledger sequencer to integrate the events a figure wrote. */
  ledger?: LedgerCatchUp[];
  load?: Omit<LoadMillionResult, 'departments' | 'queues'> & { queues: number; largestQueueOpen: number; departments: number; largestDepartmentCases: number };
  reads?: { scenario: string; shape: string; result: LoadResult }[];
  explains?: Explained[];
  /** Issue 4: the target's own sequencer integrating while bulk create runs. */
  ledgerDuringBulk?: LedgerDuringBulkResult;
  ledgerDuringBulkError?: string;
  /** Issue 3: the same pages for admin, a branch agent and a branch supervisor. */
  access?: AccessResult;
  accessError?: string;
  goals?: { name: string; goal: string; measured: string; reached: boolean }[];
  /** Issue 14: process instances, task completions, history by case. */
  process?: ProcessResult;
  processError?: string;
  /** Issue 15: the to-do list over 1,000,000 open tasks, approval actions. */
  todo?: import('./scenarios/todo.ts').TodoResult;
  todoError?: string;
  /** Issue 16: the SLA scheduler's firing lag and idle CPU. */
  sla?: import('./scenarios/sla.ts').SlaBenchResult;
  /** Issue 17: a routing decision's latency at a steady rate, and dispatch throughput with many at once. */
  routing?: import('./scenarios/routing.ts').RoutingBenchResult;
  /** Issue 18: webhook deliveries per second to a local receiver, beside the raw signed-POST limit. */
  webhooks?: import('./scenarios/webhooks.ts').WebhookBenchResult;
  /** Issue 18: alerts over NATS → cases beside bulk NDJSON, and the publish → commit lag. */
  ingestNats?: import('./scenarios/ingest-nats.ts').IngestNatsResult;
  /** Issue 19: knowledge search over 100,000 articles and suggestions on a case, as a branch agent. */
  knowledge?: import('./scenarios/knowledge.ts').KnowledgeBenchResult;
  knowledgeError?: string;
  analytics?: import('./scenarios/analytics.ts').AnalyticsBenchResult;
  seconds?: number;
}

const git = (args: string) => {
  try {
    return execSync(`git ${args}`, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
};
const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

async function benchTarget(target: Target, result: TargetResult): Promise<void> {
  result.postgresVersion = target.postgresVersion;
  result.postgresSettings = target.settings;
  result.dbPoolSize = target.dbPoolSize;

  result.bulkFormatProbe = await probeBulkFormats(target);
  if (!result.bulkFormatProbe.accepted) log(`  [${target.name}] bulk refuses a line with dueAt/departmentId: ${JSON.stringify(result.bulkFormatProbe.answer)}`);
  const lineOptions = result.bulkFormatProbe.accepted ? {} : { dueAt: false };
  result.ledger = [];
  const settle = async (after: string) => {
    const wait = await waitForLedger(target.databaseUrl, after, settings.ledgerMaxWaitSeconds);
    if (!wait) return;
    result.ledger!.push(wait);
    log(`    audit ledger backlog after ${after}: ${wait.backlog} events, ${wait.caughtUp ? 'integrated' : 'NOT integrated'} in ${wait.seconds} s`);
  };
  await settle('start');

  const todoOnly = settings.only === 'todo';
  const slaOnly = settings.only === 'sla';
  const routingOnly = settings.only === 'routing';
  const webhooksOnly = settings.only === 'webhooks';
  const ingestNatsOnly = settings.only === 'ingest-nats';
  const knowledgeOnly = settings.only?.startsWith('knowledge') ?? false;
  const analyticsOnly = settings.only === 'analytics';
  const dateScanOnly = settings.only === 'automation-date-scan';
  const ruleEvaluationOnly = settings.only === 'automation-rule-evaluation';
  const assistPrefillOnly = settings.only === 'assist-prefill';
  const processOnly =
    settings.only === 'process' || todoOnly || slaOnly || routingOnly || webhooksOnly || ingestNatsOnly || knowledgeOnly || analyticsOnly || dateScanOnly || ruleEvaluationOnly || assistPrefillOnly;
  if (!processOnly) {
    log(`  [${target.name}] raw COPY of ${settings.copyRows.toLocaleString('en')} cases + audit events`);
    result.rawCopy = await runRawCopy(target.databaseUrl, target.adminId, settings.copyRows, 'RAWCOPY', lineOptions);
    log(`    ${result.rawCopy.casesPerSecond} cases/s (${result.rawCopy.rowsPerSecond} rows/s)`);
    await settle('raw COPY');
    log(`  [${target.name}] single create warm-up`);
    await runSingleCreate(target, 8, 2);
  }
  result.singleCreate = [];
  result.rawTransactions = [];
  for (const connections of settings.createConnections) {
    // The raw limit right beside the figure it bounds, so both see the same machine load.
    log(`  [${target.name}] raw single-row transactions, ${connections} connection(s), ${settings.createSeconds} s`);
    const raw = await runRawTransactions(target.databaseUrl, target.adminId, connections, settings.createSeconds, `RAWTX${connections}`, lineOptions);
    result.rawTransactions.push(raw);
    log(`    ${raw.perSecond} tx/s p50 ${raw.p50} ms p99 ${raw.p99} ms`);
    if (processOnly) continue;
    log(`  [${target.name}] single create, ${connections} connection(s), ${settings.createSeconds} s`);
    const r = await runSingleCreate(target, connections, settings.createSeconds);
    result.singleCreate.push(r);
    log(`    ${r.perSecond} cases/s p50 ${r.p50} ms p99 ${r.p99} ms (non-2xx ${r.non2xx}, errors ${r.errors}) = ${round((100 * r.perSecond) / raw.perSecond, 0)}% of raw transactions`);
  }

  await settle(processOnly ? 'raw transactions' : 'single create');
  if (routingOnly) {
    const { measureRouting, routingGoals, writeRoutingReport } = await import('./scenarios/routing.ts');
    result.routing = await measureRouting(
      target,
      { agents: settings.routingAgents, cases: settings.routingCases, perSecond: settings.routingPerSecond, seconds: settings.routingSeconds, concurrency: settings.routingConcurrency },
      log,
    );
    result.goals = routingGoals(result.routing);
    const raw = result.rawTransactions.map((r) => `raw single-row transactions in the same run: ${r.perSecond} tx/s at ${r.connections} connection(s)`).join('; ');
    writeRoutingReport(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results'), target, result.routing, raw);
    return;
  }
  if (webhooksOnly) {
    const { measureWebhooks, writeWebhooksReport } = await import('./scenarios/webhooks.ts');
    result.webhooks = await measureWebhooks(target, { deliveries: settings.webhookDeliveries, cases: settings.webhookCases, concurrency: settings.webhookConcurrency }, log);
    const raw = result.rawTransactions.map((r) => `raw single-row transactions in the same run: ${r.perSecond} tx/s at ${r.connections} connection(s)`).join('; ');
    writeWebhooksReport(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results'), target, result.webhooks, raw, log);
    return;
  }
  if (ingestNatsOnly) {
    const { measureIngestNats, ingestNatsGoals, writeIngestNatsReport } = await import('./scenarios/ingest-nats.ts');
    result.ingestNats = await measureIngestNats(target, { alerts: settings.ingestAlerts, rate: settings.ingestRate, seconds: settings.ingestSeconds }, log);
    result.goals = ingestNatsGoals(result.ingestNats);
    writeIngestNatsReport(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results'), target, result.ingestNats);
    return;
  }
  if (knowledgeOnly) {
    const { measureKnowledge } = await import('./scenarios/knowledge.ts');
    const { knowledgeGoals, writeKnowledgeReport } = await import('./scenarios/knowledge-report.ts');
    try {
      result.knowledge = await measureKnowledge(
        target,
        {
          articles: settings.knowledgeArticles,
          importMaxSeconds: settings.knowledgeImportSeconds,
          importBatch: settings.knowledgeImportBatch,
          searchSeconds: settings.knowledgeSearchSeconds,
          resolvedCases: settings.knowledgeCases,
          openCases: settings.knowledgeOpenCases,
          suggestionSeconds: settings.knowledgeSuggestionSeconds,
          connections: settings.knowledgeConnections,
          search: settings.only !== 'knowledge-suggestions',
          suggestions: settings.only !== 'knowledge-search',
        },
        log,
      );
      const raw = `Raw single-row transactions in the same run (the machine's limit for a write): ${result.rawTransactions.map((r) => `${r.perSecond} tx/s at ${r.connections} connection(s), p50 ${r.p50} ms, p99 ${r.p99} ms`).join('; ')}`;
      writeKnowledgeReport(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results'), target, result.knowledge, raw, `BENCH_ONLY=${settings.only} BENCH_TARGETS=${target.name} npm run bench`);
    } catch (error) {
      result.knowledgeError = (error as Error).stack ?? String(error);
      log(`  [${target.name}] knowledge figures failed: ${result.knowledgeError}`);
    }
    result.goals = knowledgeGoals(result.knowledge, result.knowledgeError);
    return;
  }
  if (analyticsOnly) {
    const { measureAnalytics, analyticsGoals, writeAnalyticsReport } = await import('./scenarios/analytics.ts');
    result.analytics = await measureAnalytics(
      target,
      {
        cases: settings.analyticsCases,
        tasks: settings.analyticsTasks,
        miningInstances: settings.analyticsMiningInstances,
        days: settings.analyticsDays,
        reads: settings.analyticsReads,
        readMaxSeconds: Math.max(settings.readMaxSeconds, 60),
        miningReads: settings.analyticsMiningReads,
        bulkRequests: settings.analyticsBulkRequests,
        bulkLines: settings.analyticsBulkLines,
        lineOptions,
      },
      log,
    );
    result.goals = analyticsGoals(result.analytics);
    const raw = `Raw single-row transactions in the same run (the machine's limit for a write): ${result.rawTransactions.map((r) => `${r.perSecond} tx/s at ${r.connections} connection(s), p50 ${r.p50} ms, p99 ${r.p99} ms`).join('; ')}`;
    writeAnalyticsReport(
      path.join(path.dirname(fileURLToPath(import.meta.url)), 'results'),
      `${settings.resultName}-${target.name}`,
      target,
      result.analytics,
      raw,
      `BENCH_ONLY=analytics BENCH_TARGETS=${target.name} npm run bench`,
    );
    return;
  }
  if (dateScanOnly) {
    const { measureDateScanOnTarget, dateScanGoals, writeDateScanReport } = await import('./scenarios/automation-date-scan.ts');
    const dateScan = await measureDateScanOnTarget(target, { records: settings.dateScanRecords, repeats: settings.dateScanRepeats }, log);
    result.goals = dateScanGoals(dateScan);
    const raw = `Target: ${target.name} (${target.postgresVersion.split(' ').slice(0, 2).join(' ')}). Raw single-row transactions in the same run (the machine's limit for a write): ${result.rawTransactions.map((r) => `${r.perSecond} tx/s at ${r.connections} connection(s), p50 ${r.p50} ms, p99 ${r.p99} ms`).join('; ')}`;
    writeDateScanReport(
      path.join(path.dirname(fileURLToPath(import.meta.url)), 'results'),
      `${settings.resultName}-${target.name}`,
      dateScan,
      raw,
      `BENCH_ONLY=automation-date-scan BENCH_TARGETS=${target.name} npm run bench`,
    );
    return;
  }
  if (ruleEvaluationOnly) {
    const { runAutomationRuleEvaluation, ruleEvaluationGoals, writeRuleEvaluationReport } = await import('./scenarios/automation-rule-evaluation.ts');
    // The scenario makes (and drops) its own scratch database on the target's server.
    const server = new URL(target.databaseUrl);
    server.pathname = '';
    log(`  [${target.name}] rule evaluation on a case change: 0, 48 and 50 enabled rules`);
    const evaluation = await runAutomationRuleEvaluation({ serverUrl: server.toString().replace(/\/$/, '') });
    result.goals = ruleEvaluationGoals(evaluation);
    const raw = `Target: ${target.name}. Raw single-row transactions in the same run (the machine's limit for a write): ${result.rawTransactions.map((r) => `${r.perSecond} tx/s at ${r.connections} connection(s), p50 ${r.p50} ms, p99 ${r.p99} ms`).join('; ')}`;
    writeRuleEvaluationReport(
      path.join(path.dirname(fileURLToPath(import.meta.url)), 'results'),
      `${settings.resultName}-${target.name}`,
      evaluation,
      raw,
      `BENCH_ONLY=automation-rule-evaluation BENCH_TARGETS=${target.name} npm run bench`,
    );
    return;
  }
  if (assistPrefillOnly) {
    const { measureAssistPrefill, assistPrefillGoals, writeAssistPrefillReport } = await import('./scenarios/assist-prefill.ts');
    const prefill = await measureAssistPrefill(target, { requests: settings.assistPrefillRequests, warmup: settings.assistPrefillWarmup }, log);
    result.goals = assistPrefillGoals(prefill);
    const raw = `Raw single-row transactions in the same run (the machine's limit for a write): ${result.rawTransactions.map((r) => `${r.perSecond} tx/s at ${r.connections} connection(s), p50 ${r.p50} ms, p99 ${r.p99} ms`).join('; ')}`;
    writeAssistPrefillReport(
      path.join(path.dirname(fileURLToPath(import.meta.url)), 'results'),
      `${settings.resultName}-${target.name}`,
      target,
      prefill,
      raw,
      `BENCH_ONLY=assist-prefill BENCH_TARGETS=${target.name} npm run bench`,
    );
    return;
  }
  if (slaOnly) {
    const { measureSla, slaGoals, writeSlaReport } = await import('./scenarios/sla.ts');
    result.sla = await measureSla(target, { cases: settings.slaCases, perSecond: settings.slaPerSecond, seconds: settings.slaSeconds, idleSeconds: settings.slaIdleSeconds }, log);
    result.goals = slaGoals(result.sla);
    const raw = result.rawTransactions.map((r) => `raw single-row transactions in the same run: ${r.perSecond} tx/s at ${r.connections} connection(s)`).join('; ');
    writeSlaReport(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results'), target, result.sla, raw);
    return;
  }
  if (todoOnly) {
    // Right after the raw single-row limit the approval action is set beside.
    try {
      const { measureTodo } = await import('./scenarios/todo.ts');
      result.todo = await measureTodo(
        target,
        { tasks: settings.todoTasks, reads: settings.readRequests, readMaxSeconds: settings.readMaxSeconds, readConnections: settings.readConnections, approvals: settings.todoApprovals },
        log,
      );
    } catch (error) {
      result.todoError = (error as Error).stack ?? String(error);
      log(`  [${target.name}] to-do figures failed: ${result.todoError}`);
    }
    result.goals = todoGoals(result);
    return;
  }
  if (settings.process) {
    // Right after the raw single-row limit it is compared with, before bulk and the case book load the machine.
    try {
      result.process = await measureProcess(
        target,
        {
          seconds: settings.processSeconds,
          connections: settings.createConnections,
          completionInstances: settings.processCompletionInstances,
          historyInstances: settings.processHistoryInstances,
          historyReads: settings.readRequests,
          historyReadMaxSeconds: settings.readMaxSeconds,
          historyConnections: settings.readConnections,
        },
        log,
      );
    } catch (error) {
      result.processError = (error as Error).stack ?? String(error);
      log(`  [${target.name}] process figures failed: ${result.processError}`);
    }
    await settle('process figures');
  }
  if (processOnly) {
    result.goals = processGoals(result);
    return;
  }
  result.bulk = [];
  for (const concurrency of [1, 2]) {
    const requests = concurrency === 1 ? settings.bulkRequests : Math.max(2, settings.bulkRequests - 1);
    log(`  [${target.name}] bulk NDJSON: ${requests} × ${settings.bulkLines} lines, ${concurrency} at a time`);
    const b = await runBulkCreate(target, requests, settings.bulkLines, concurrency, `${target.name}-${concurrency}-${Date.now()}`, lineOptions);
    result.bulk.push(b);
    log(`    ${b.casesPerSecond} cases/s = ${round((100 * b.casesPerSecond) / result.rawCopy!.casesPerSecond, 0)}% of raw COPY`);
    await settle(`bulk (${concurrency} at a time)`);
  }

  if (settings.ledger && existsSync(LEDGER_SCENARIO)) {
    try {
      const { measureLedgerDuringBulk } = (await import(LEDGER_SCENARIO)) as typeof import('./scenarios/ledger.ts');
      log(`  [${target.name}] audit ledger during bulk: ${Math.max(2, settings.bulkRequests - 1)} × ${settings.bulkLines} lines, 1 at a time`);
      result.ledgerDuringBulk = await measureLedgerDuringBulk(target, Math.max(2, settings.bulkRequests - 1), settings.bulkLines, 1);
      log(
        `    bulk ${result.ledgerDuringBulk.bulk.casesPerSecond} cases/s, sequencer ${result.ledgerDuringBulk.integratedPerSecondDuringBulk} events/s, max backlog ${result.ledgerDuringBulk.maxBacklog}, drained in ${result.ledgerDuringBulk.drainSeconds} s`,
      );
    } catch (error) {
      result.ledgerDuringBulkError = (error as Error).stack ?? String(error);
      log(`  [${target.name}] ledger during bulk failed: ${result.ledgerDuringBulkError}`);
    }
  }

  if (settings.only === 'writes') return writeGoals(result);

  log(`  [${target.name}] loading ${settings.loadRows.toLocaleString('en')} cases in SQL`);
  const load = await loadCases(target.databaseUrl, target.adminId, settings.loadRows, log);
  const { queues, departments, ...loadRest } = load;
  result.load = { ...loadRest, queues: queues.length, largestQueueOpen: queues[0]?.open ?? 0, departments: departments.length, largestDepartmentCases: departments[0]?.cases ?? 0 };
  log(`    ${load.totalSeconds} s (insert ${load.insertSeconds}, indexes ${load.indexSeconds}, vacuum/analyze ${load.vacuumAnalyzeSeconds}); ${load.tableSize} + ${load.indexesSize} of indexes`);

  if (settings.afterLoadSql) {
    log(`  [${target.name}] what-if SQL before the reads: ${settings.afterLoadSql}`);
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      await client.query(settings.afterLoadSql);
      await client.query('ANALYZE cases.case');
    } finally {
      await client.end();
    }
  }

  const ids = await sampleCaseIds(target.databaseUrl, settings.readRequests);
  const scenarios = readScenarios(
    ids,
    queues.map((q) => q.queue),
    departments.map((d) => d.id),
  );
  result.reads = [];
  for (const scenario of scenarios) {
    for (const connections of settings.readConnections) {
      const r = await runRead(target, scenario, connections, settings.readRequests, settings.readMaxSeconds);
      result.reads.push({ scenario: scenario.name, shape: scenario.shape, result: r });
      log(`  [${target.name}] ${scenario.name} @${connections}: ${r.perSecond}/s p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms (non-2xx ${r.non2xx})`);
    }
  }

  const biggestQueue = queues[0]!.queue;
  const biggestDepartment = departments[0]?.id ?? departmentId(0);
  result.explains = [
    await explainRequest(target, `queue page (largest queue, ${biggestQueue})`, `/api/v1/cases?queue=${biggestQueue}&statusCategory=open,waiting&sort=dueAt&limit=50`),
    await explainRequest(target, 'department page, open cases (largest department)', `/api/v1/cases?departmentId=${biggestDepartment}&statusCategory=open,waiting&sort=-createdAt&limit=50`),
    await explainRequest(target, 'department page, all cases (largest department)', `/api/v1/cases?departmentId=${biggestDepartment}&sort=-createdAt&limit=50`),
  ];
  for (const e of result.explains) log(`  [${target.name}] EXPLAIN ${e.name}: ${e.executionMs} ms, indexes ${e.indexes.join(', ') || 'none'}`);

  try {
    result.access = await runAccessReads(
      target,
      queues.map((q) => q.queue),
      settings.accessBranch,
      settings.readRequests,
      settings.readMaxSeconds,
      log,
    );
  } catch (error) {
    result.accessError = (error as Error).stack ?? String(error);
    log(`  [${target.name}] access figures failed: ${result.accessError}`);
  }

  writeGoals(result);
  for (const read of result.access?.reads.filter((r) => r.page === 'queue' && r.user !== 'admin') ?? []) {
    const admin = result.access!.reads.find((r) => r.page === 'queue' && r.user === 'admin')!.result;
    result.goals!.push({
      name: `queue page p95, ${read.user === 'agent' ? 'branch agent' : 'branch supervisor'} ÷ admin (issue 3)`,
      goal: `≤ ${GOALS.restrictedQueueRatio}×`,
      measured: `${read.ratioP95}× (${read.result.p95} vs ${admin.p95} ms; p50 ${read.ratioP50}×)`,
      reached: (read.ratioP95 ?? Infinity) <= GOALS.restrictedQueueRatio && read.result.non2xx === 0,
    });
  }
  const queue1 = result.reads.find((r) => r.scenario === 'queue page' && r.result.connections === 1)!.result;
  result.goals!.splice(2, 0, { name: 'queue page p95 (1 connection)', goal: `≤ ${GOALS.queuePageP95Ms} ms`, measured: `${queue1.p95} ms`, reached: queue1.p95 <= GOALS.queuePageP95Ms });
  const queue16 = result.reads.find((r) => r.scenario === 'queue page' && r.result.connections === 16)!.result;
  const factor = queue16.perSecond / GOALS.queuePage16BaselinePerSecond;
  result.goals!.splice(2, 0, {
    name: 'queue page req/s at 16 connections ÷ issue 12 (191.5 req/s, server target, issue-12-ab.md)',
    goal: `≥ ${GOALS.queuePage16Factor}×`,
    measured: `${round(factor, 2)}× (${queue16.perSecond} req/s, p99 ${queue16.p99} ms; a figure from another run: compare the load averages)`,
    reached: factor >= GOALS.queuePage16Factor && queue16.non2xx === 0,
  });
}

/** The write goals of issue 13, each a ratio of two figures taken in this run. */
function writeGoals(result: TargetResult): void {
  const bulkSeq = result.bulk![0]!;
  const share = bulkSeq.casesPerSecond / result.rawCopy!.casesPerSecond;
  const create64 = result.singleCreate!.find((r) => r.connections === 64)!;
  const raw64 = result.rawTransactions!.find((r) => r.connections === 64)!;
  const createShare = create64.perSecond / raw64.perSecond;
  result.goals = [
    {
      name: 'bulk create ÷ raw COPY',
      goal: `≥ ${GOALS.bulkShareOfCopy * 100}%`,
      measured: `${round(share * 100, 0)}% (${bulkSeq.casesPerSecond} vs ${result.rawCopy!.casesPerSecond} cases/s)`,
      reached: share >= GOALS.bulkShareOfCopy,
    },
    {
      name: 'single create @64 ÷ raw single-row transactions @64, and its p99',
      goal: `≥ ${GOALS.singleCreateShareOfRawTx64 * 100}%, p99 ≤ ${GOALS.singleCreateP99Ms64} ms`,
      measured: `${round(createShare * 100, 0)}% (${create64.perSecond} vs ${raw64.perSecond} cases/s), p99 ${create64.p99} ms`,
      reached: createShare >= GOALS.singleCreateShareOfRawTx64 && create64.p99 <= GOALS.singleCreateP99Ms64 && create64.non2xx === 0,
    },
    ...processGoals(result),
  ];
}

/** Issue 14's goals: instances/s as such, completions as a share of the raw single-row limit beside them, history p95. */
function processGoals(result: TargetResult): NonNullable<TargetResult['goals']> {
  const p = result.process;
  if (!p) return [];
  const goals: NonNullable<TargetResult['goals']> = [];
  const notMeasured = (part: string) => {
    const failed = p.errors.find((e) => e.part === part) ?? p.errors.find((e) => e.part === 'deploy');
    return `not measured (${failed ? `${failed.part}: ${failed.error.split('\n')[0]!.slice(0, 300)}` : 'not run'})`;
  };
  const best = [...p.straightThroughHttp].sort((a, b) => b.perSecond - a.perSecond)[0];
  goals.push({
    name: 'straight-through process instances/s, POST /api/v1/process-instances (issue 14)',
    goal: `≥ ${fmtInt(GOALS.straightThroughPerSecond)}/s`,
    measured: best
      ? `${best.perSecond}/s at ${best.connections} connection(s) (p50 ${best.p50} / p99 ${best.p99} ms; ${p.straightThroughHttp.map((r) => `@${r.connections}: ${r.perSecond}/s`).join(', ')})`
      : notMeasured('straight-through over HTTP'),
    reached: !!best && best.perSecond >= GOALS.straightThroughPerSecond && best.non2xx === 0,
  });
  const bestInProcess = [...p.straightThroughInProcess].sort((a, b) => b.perSecond - a.perSecond)[0];
  goals.push({
    name: 'straight-through process instances/s, in-process through the commands layer (issue 14)',
    goal: `≥ ${fmtInt(GOALS.straightThroughPerSecond)}/s`,
    measured: bestInProcess
      ? `${bestInProcess.perSecond}/s at ${bestInProcess.connections} at a time (p50 ${bestInProcess.p50} / p99 ${bestInProcess.p99} ms)`
      : notMeasured('straight-through in-process'),
    reached: !!bestInProcess && bestInProcess.perSecond >= GOALS.straightThroughPerSecond && bestInProcess.failures === 0,
  });
  for (const connections of settings.createConnections) {
    const c = p.completions.find((r) => r.connections === connections);
    const raw = result.rawTransactions?.find((r) => r.connections === connections);
    const share = c && raw ? c.perSecond / raw.perSecond : undefined;
    goals.push({
      name: `credit-approval task completions @${connections} ÷ raw single-row transactions @${connections} (issue 14)`,
      goal: `≥ ${GOALS.taskCompletionsShareOfRawTx * 100}%`,
      measured: c && raw ? `${round(share! * 100, 0)}% (${c.perSecond} vs ${raw.perSecond}/s), p99 ${c.p99} ms` : notMeasured('user-task completions'),
      reached: share !== undefined && share >= GOALS.taskCompletionsShareOfRawTx && c!.non2xx === 0,
    });
  }
  const h = p.historyReads.find((r) => r.connections === 1);
  goals.push({
    name: `process history of a case over ${fmtInt(p.historyLoad?.instances ?? settings.processHistoryInstances)} completed instances, p95 at 1 connection (issue 14)`,
    goal: `≤ ${GOALS.processHistoryByCaseP95Ms} ms`,
    measured: h ? `${h.p95} ms (p50 ${h.p50}, through ${h.through})` : notMeasured(p.historyLoad ? 'history by case' : 'history load'),
    reached: !!h && h.p95 <= GOALS.processHistoryByCaseP95Ms && h.non2xx === 0,
  });
  return goals;
}

/** Issue 15's goals: the to-do list's p95 at 1 connection; the approval action's p99 stated beside the raw limit (no goal of its own). */
function todoGoals(result: TargetResult): NonNullable<TargetResult['goals']> {
  const t = result.todo;
  if (!t) return [];
  const failed = (part: string) =>
    t.errors
      .find((e) => e.part === part)
      ?.error.split('\n')[0]
      ?.slice(0, 300);
  const r = t.reads.find((x) => x.connections === 1);
  const goals: NonNullable<TargetResult['goals']> = [
    {
      name: `to-do list GET /api/v1/tasks?assignee=me&limit=50 over ${fmtInt(t.load?.tasks ?? settings.todoTasks)} open tasks, p95 at 1 connection (issue 15)`,
      goal: `≤ ${GOALS.todoListP95Ms} ms`,
      measured: r ? `${r.p95} ms (p50 ${r.p50}, p99 ${r.p99}; ${r.rowsPerAnswer} rows per answer)` : `not measured (${failed('to-do list') ?? failed('load') ?? failed('bench user') ?? 'not run'})`,
      reached: !!r && r.p95 <= GOALS.todoListP95Ms && r.non2xx === 0,
    },
  ];
  for (const a of t.approvals) {
    const raw = result.rawTransactions?.find((x) => x.connections === a.connections);
    goals.push({
      name: `approval action end to end (${a.through}) @${a.connections}, p99, beside the raw single-row transaction @${a.connections} (issue 15)`,
      goal: 'stated',
      measured: `p99 ${a.p99} ms (p50 ${a.p50}), ${a.perSecond}/s${raw ? ` = ${round((100 * a.perSecond) / raw.perSecond, 0)}% of raw ${raw.perSecond}/s (raw p99 ${raw.p99} ms)` : ''}`,
      reached: a.non2xx === 0 && a.errors === 0,
    });
  }
  return goals;
}

const fmtInt = (n: number) => n.toLocaleString('en');

const LEDGER_SCENARIO = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scenarios/ledger.ts');

export interface LedgerSection {
  skipped?: string;
  error?: string;
  at?: string;
  fillSeconds?: number;
  catchUp?: CatchUpResult;
  verify?: VerifyResult;
  proofs?: LargeTreeResult;
  seconds?: number;
  loadAverage?: number[];
}

/**
 * Issue 4: the ledger engineer's bench/scenarios/ledger.ts on scratch databases of the PostgreSQL
 * server: sequencer catch-up and `docket-verify audit` over BENCH_LEDGER_EVENTS events, inclusion
 * proofs on a BENCH_LEDGER_TREE_LEAVES-leaf tree. Each part failing is reported, not hidden.
 */
async function runLedger(): Promise<LedgerSection> {
  if (!existsSync(LEDGER_SCENARIO)) return { skipped: 'bench/scenarios/ledger.ts is not in the tree' };
  const problem = await probeServer(settings.serverUrl);
  if (problem) return { skipped: `the PostgreSQL server the ledger figures use is unreachable: ${problem}` };
  const t0 = performance.now();
  const section: LedgerSection = { at: 'server' };
  const errors: string[] = [];
  const ledger = (await import(LEDGER_SCENARIO)) as typeof import('./scenarios/ledger.ts');
  try {
    log(`[ledger] ${settings.ledgerEvents.toLocaleString('en')} audit events: sequencer catch-up, then docket-verify audit`);
    const url = await ledger.scratchDatabase(settings.serverUrl, 'docket_bench_ledger');
    try {
      section.fillSeconds = await ledger.fillAuditEvents(url, settings.ledgerEvents);
      section.catchUp = await ledger.measureLedgerCatchUp(url, settings.ledgerEvents, 'worker');
      log(`    catch-up ${section.catchUp.eventsPerSecond} events/s (${section.catchUp.seconds} s)`);
      section.verify = await ledger.measureVerifyAudit(url);
      log(`    verify ${section.verify.events} events in ${section.verify.seconds} s, ok ${section.verify.ok}`);
    } finally {
      await ledger.dropDatabase(settings.serverUrl, 'docket_bench_ledger');
    }
  } catch (error) {
    errors.push(`catch-up/verify: ${(error as Error).stack ?? String(error)}`);
    log(`[ledger] catch-up/verify failed: ${(error as Error).message}`);
  }
  try {
    log(`[ledger] inclusion proofs on a ${settings.ledgerTreeLeaves.toLocaleString('en')}-leaf tree`);
    const url = await ledger.scratchDatabase(settings.serverUrl, 'docket_bench_ledger_tree');
    try {
      section.proofs = await ledger.measureProofsOnLargeTree(url, settings.ledgerTreeLeaves, settings.ledgerProofs);
      log(`    built in ${section.proofs.buildSeconds} s; proof p50 ${section.proofs.p50Ms} ms p99 ${section.proofs.p99Ms} ms`);
    } finally {
      await ledger.dropDatabase(settings.serverUrl, 'docket_bench_ledger_tree');
    }
  } catch (error) {
    errors.push(`proofs: ${(error as Error).stack ?? String(error)}`);
    log(`[ledger] proofs failed: ${(error as Error).message}`);
  }
  if (errors.length) section.error = errors.join('\n\n');
  section.seconds = round((performance.now() - t0) / 1000, 0);
  section.loadAverage = os.loadavg().map((n) => round(n, 2));
  return section;
}

export interface ConsoleSection {
  skipped?: string;
  error?: string;
  results?: import('./scenarios/console.ts').ConsoleResults;
  seconds?: number;
  loadAverage?: number[];
  webBuiltAt?: string;
}

/**
 * Issue 9: the web engineer's bench/scenarios/console.ts (its own Docket on the embedded
 * PostgreSQL with the demo data, the built console, Debian's Chromium). Not measured, with the
 * reason, when the file, the build or the browser is missing or the scenario fails.
 */
async function runConsole(): Promise<ConsoleSection> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const scenario = path.join(root, 'bench/scenarios/console.ts');
  const built = path.join(root, 'packages/web/dist/index.html');
  if (!existsSync(scenario)) return { skipped: 'bench/scenarios/console.ts is not in the tree' };
  if (!existsSync(built)) return { skipped: 'the console is not built (packages/web/dist/index.html missing; npm run web:build)' };
  const chromium = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return { skipped: `no Chromium at ${chromium}` };
  const webBuiltAt = git('log -1 --format=%cI -- packages/web/src');
  const t0 = performance.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'docket-bench-console-'));
  log('[console] workspace first paint, case view with 500 timeline events, JavaScript gzip size (Chromium)');
  try {
    const { measureConsole } = (await import(scenario)) as typeof import('./scenarios/console.ts');
    const results = await measureConsole({ resultsPath: path.join(tmp, 'console.json') });
    log(
      `    first meaningful paint ${results.workspaceFirstMeaningfulPaintMs.median} ms, case view ${results.caseViewLoadMs.median} ms, timeline ${results.caseTimelineRenderMs.median} ms, JS ${results.javascriptGzipBytes.signIn} / ${results.javascriptGzipBytes.workspace} B gzip`,
    );
    return { results, seconds: round((performance.now() - t0) / 1000, 0), loadAverage: os.loadavg().map((n) => round(n, 2)), webBuiltAt };
  } catch (error) {
    log(`[console] failed: ${(error as Error).stack ?? String(error)}`);
    return { error: (error as Error).stack ?? String(error), seconds: round((performance.now() - t0) / 1000, 0), webBuiltAt };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const machine = {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((n) => round(n, 2)),
    loadAverageAtEnd: [] as number[],
    /** The server code measured: the commit, and whether the tree had uncommitted changes. */
    gitHead: git('rev-parse --short HEAD'),
    uncommittedServerChanges: git('status --porcelain -- packages/server').split('\n').filter(Boolean).length,
  };
  log(`Docket bench on ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')}`);
  if (settings.only === 'assist-train') {
    // In-process and without a database: no target is started.
    const { measureAssistTrain, assistTrainGoals, renderAssistTrain } = await import('./scenarios/assist-train.ts');
    const assistTrain = measureAssistTrain(settings.assistTrainRows, log);
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${settings.resultName}.json`), `${JSON.stringify({ startedAt: started.toISOString(), machine, assistTrain, goals: assistTrainGoals(assistTrain) }, null, 2)}\n`);
    writeFileSync(path.join(dir, `${settings.resultName}.md`), renderAssistTrain(assistTrain));
    log(`wrote ${path.relative(process.cwd(), path.join(dir, settings.resultName))}.json and .md`);
    return;
  }
  const results: TargetResult[] = [];
  for (const name of settings.targets) {
    const result: TargetResult = { name };
    results.push(result);
    const t0 = performance.now();
    if (name === 'server') {
      const problem = await probeServer(settings.serverUrl);
      if (problem) {
        result.skipped = `PostgreSQL server at ${settings.serverUrl.replace(/:[^:@/]*@/, ':***@')} unreachable: ${problem}`;
        log(`  [server] skipped: ${result.skipped}`);
        continue;
      }
    }
    log(`[${name}] starting Docket`);
    let target: Target | undefined;
    try {
      target = await startTarget(name, settings.serverUrl);
      await benchTarget(target, result);
    } catch (error) {
      result.error = (error as Error).stack ?? String(error);
      log(`[${name}] failed: ${result.error}`);
    } finally {
      await target?.stop().catch((error: Error) => log(`[${name}] stop failed: ${error.message}`));
      result.seconds = round((performance.now() - t0) / 1000, 0);
      log(`[${name}] done in ${result.seconds} s`);
    }
  }
  const ledgerSection = settings.ledger && !settings.only ? await runLedger() : { skipped: 'not run (BENCH_LEDGER=0 or BENCH_ONLY)' };
  const consoleSection = settings.console && !settings.only ? await runConsole() : { skipped: 'not run (BENCH_CONSOLE=0 or BENCH_ONLY)' };
  machine.loadAverageAtEnd = os.loadavg().map((n) => round(n, 2));
  const report = { startedAt: started.toISOString(), finishedAt: new Date().toISOString(), machine, settings, goals: GOALS, targets: results, ledger: ledgerSection, console: consoleSection };
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${settings.resultName}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, `${settings.resultName}.md`), renderMarkdown(report));
  log(`wrote ${path.relative(process.cwd(), path.join(dir, settings.resultName))}.json and .md`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

await main();
