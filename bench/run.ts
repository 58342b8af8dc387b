// Docket benchmark: `npm run bench`. For each target (the embedded PostgreSQL and a
// PostgreSQL server), on a fresh scratch database:
//   1. raw limit: COPY of N cases + N audit events (what the API writes), rows/s
//   2. single create, POST /api/v1/cases, at 1 and 64 connections
//   3. bulk NDJSON create, 10,000 lines per request, and its ratio to the raw COPY rate
//   4. 1,000,000 cases loaded in SQL, then reads: case by id, queue page, department pages,
//      with EXPLAIN (ANALYZE, BUFFERS) of the list queries
// Writes bench/results/latest.json and bench/results/latest.md. See bench/README.md.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeBulkFormats, runBulkCreate, runSingleCreate, type BulkResult } from './scenarios/creates.ts';
import { round, type LoadResult } from './scenarios/http-load.ts';
import { departmentId, loadCases, type LoadMillionResult } from './scenarios/load-million.ts';
import { runRawCopy, waitForLedger, type LedgerCatchUp, type RawCopyResult } from './scenarios/raw-copy.ts';
import { explainRequest, readScenarios, runRead, sampleCaseIds, type Explained } from './scenarios/reads.ts';
import { renderMarkdown } from './scenarios/report.ts';
import { probeServer, startTarget, type Target, type TargetName } from './scenarios/target.ts';

const env = process.env;
const int = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
export const settings = {
  targets: (env.BENCH_TARGETS ?? 'embedded,server').split(',').map((s) => s.trim()).filter(Boolean) as TargetName[],
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
  /** `writes` stops after the bulk figures (no 1,000,000-case load, no reads). */
  only: env.BENCH_ONLY === 'writes' ? ('writes' as const) : undefined,
  /** Results go to bench/results/<name>.json and .md. */
  resultName: env.BENCH_RESULT_NAME ?? 'latest',
  /** Server settings passed through to the Docket process that change what is measured. */
  serverEnv: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('DOCKET_AUDIT_')).map(([k, v]) => [k, v ?? ''])) as Record<string, string>,
  readConnections: [1, 16],
};

export const GOALS = {
  bulkShareOfCopy: 0.4,
  queuePageP95Ms: 20,
  singleCreateP99Ms64: 25,
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
  bulk?: BulkResult[];
  /** One bulk line with dueAt and departmentId (valid for single create): accepted or not. */
  bulkFormatProbe?: { accepted: boolean; answer: unknown };
  /** Waits for the audit ledger sequencer to integrate the events a figure wrote. */
  ledger?: LedgerCatchUp[];
  load?: Omit<LoadMillionResult, 'departments' | 'queues'> & { queues: number; largestQueueOpen: number; departments: number; largestDepartmentCases: number };
  reads?: { scenario: string; shape: string; result: LoadResult }[];
  explains?: Explained[];
  goals?: { name: string; goal: string; measured: string; reached: boolean }[];
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

  log(`  [${target.name}] raw COPY of ${settings.copyRows.toLocaleString('en')} cases + audit events`);
  result.rawCopy = await runRawCopy(target.databaseUrl, target.adminId, settings.copyRows, 'RAWCOPY', lineOptions);
  log(`    ${result.rawCopy.casesPerSecond} cases/s (${result.rawCopy.rowsPerSecond} rows/s)`);
  await settle('raw COPY');

  log(`  [${target.name}] single create warm-up`);
  await runSingleCreate(target, 8, 2);
  result.singleCreate = [];
  for (const connections of settings.createConnections) {
    log(`  [${target.name}] single create, ${connections} connection(s), ${settings.createSeconds} s`);
    const r = await runSingleCreate(target, connections, settings.createSeconds);
    result.singleCreate.push(r);
    log(`    ${r.perSecond} cases/s p50 ${r.p50} ms p99 ${r.p99} ms (non-2xx ${r.non2xx}, errors ${r.errors})`);
  }

  await settle('single create');
  result.bulk = [];
  for (const concurrency of [1, 2]) {
    const requests = concurrency === 1 ? settings.bulkRequests : Math.max(2, settings.bulkRequests - 1);
    log(`  [${target.name}] bulk NDJSON: ${requests} × ${settings.bulkLines} lines, ${concurrency} at a time`);
    const b = await runBulkCreate(target, requests, settings.bulkLines, concurrency, `${target.name}-${concurrency}-${Date.now()}`, lineOptions);
    result.bulk.push(b);
    log(`    ${b.casesPerSecond} cases/s = ${round((100 * b.casesPerSecond) / result.rawCopy.casesPerSecond, 0)}% of raw COPY`);
    await settle(`bulk (${concurrency} at a time)`);
  }

  if (settings.only === 'writes') return writeGoals(result);

  log(`  [${target.name}] loading ${settings.loadRows.toLocaleString('en')} cases in SQL`);
  const load = await loadCases(target.databaseUrl, target.adminId, settings.loadRows, log);
  const { queues, departments, ...loadRest } = load;
  result.load = { ...loadRest, queues: queues.length, largestQueueOpen: queues[0]?.open ?? 0, departments: departments.length, largestDepartmentCases: departments[0]?.cases ?? 0 };
  log(`    ${load.totalSeconds} s (insert ${load.insertSeconds}, indexes ${load.indexSeconds}, vacuum/analyze ${load.vacuumAnalyzeSeconds}); ${load.tableSize} + ${load.indexesSize} of indexes`);

  const ids = await sampleCaseIds(target.databaseUrl, settings.readRequests);
  const scenarios = readScenarios(ids, queues.map((q) => q.queue), departments.map((d) => d.id));
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
    await explainRequest(target, `queue page (largest queue, ${biggestQueue})`, `/api/v1/cases?queue=${biggestQueue}&status=new,open,pending&sort=dueAt&limit=50`),
    await explainRequest(target, 'department page, open cases (largest department)', `/api/v1/cases?departmentId=${biggestDepartment}&status=new,open,pending&sort=-createdAt&limit=50`),
    await explainRequest(target, 'department page, all cases (largest department)', `/api/v1/cases?departmentId=${biggestDepartment}&sort=-createdAt&limit=50`),
  ];
  for (const e of result.explains) log(`  [${target.name}] EXPLAIN ${e.name}: ${e.executionMs} ms, indexes ${e.indexes.join(', ') || 'none'}`);

  writeGoals(result);
  const queue1 = result.reads.find((r) => r.scenario === 'queue page' && r.result.connections === 1)!.result;
  result.goals!.splice(1, 0, { name: 'queue page p95 (1 connection)', goal: `≤ ${GOALS.queuePageP95Ms} ms`, measured: `${queue1.p95} ms`, reached: queue1.p95 <= GOALS.queuePageP95Ms });
}

function writeGoals(result: TargetResult): void {
  const bulkSeq = result.bulk![0]!;
  const share = bulkSeq.casesPerSecond / result.rawCopy!.casesPerSecond;
  const create64 = result.singleCreate!.find((r) => r.connections === 64)!;
  result.goals = [
    { name: 'bulk create vs raw COPY', goal: `≥ ${GOALS.bulkShareOfCopy * 100}%`, measured: `${round(share * 100, 0)}% (${bulkSeq.casesPerSecond} vs ${result.rawCopy!.casesPerSecond} cases/s)`, reached: share >= GOALS.bulkShareOfCopy },
    { name: 'single create p99 at 64 connections', goal: `≤ ${GOALS.singleCreateP99Ms64} ms`, measured: `${create64.p99} ms (${create64.perSecond} cases/s)`, reached: create64.p99 <= GOALS.singleCreateP99Ms64 && create64.non2xx === 0 },
  ];
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
  machine.loadAverageAtEnd = os.loadavg().map((n) => round(n, 2));
  const report = { startedAt: started.toISOString(), finishedAt: new Date().toISOString(), machine, settings, goals: GOALS, targets: results };
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${settings.resultName}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, `${settings.resultName}.md`), renderMarkdown(report));
  log(`wrote ${path.relative(process.cwd(), path.join(dir, settings.resultName))}.json and .md`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

await main();
