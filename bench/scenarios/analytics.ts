// Issue 20's analytics figures (BENCH_ONLY=analytics): a read model of 10,000,000 case facts
// (with their daily rollups) and 50,000,000 task facts generated in SQL, then over HTTP against
// the Docket process: the dashboard and the cockpit (p50/p95 over a mix of filters, as a
// head-office reader, a branch supervisor and a branch agent whose `own` clause sends the
// figures to case_fact), the process map over 1,000,000 instances, and the read model's lag
// behind commits while cases arrive by bulk NDJSON.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { rollUpDailyFromFacts } from '../../packages/server/src/modules/analytics/read-model/index.ts';
import { openDatabase } from '../../packages/server/src/platform/db/database.ts';
import { runBulkCreate } from './creates.ts';
import type { BulkLineOptions } from './data.ts';
import { percentile, round, runLoad, withServerCpu, type LoadResult } from './http-load.ts';
import { BRANCHES, DEPARTMENT_COUNT, departmentId } from './load-million.ts';
import { api, type Target } from './target.ts';

export interface AnalyticsBenchOptions {
  /** Case facts generated (BENCH_ANALYTICS_CASES). */
  cases: number;
  /** Task facts generated (BENCH_ANALYTICS_TASKS); spread over the cases, 5 steps per process instance. */
  tasks: number;
  /** Of those, process instances of the mined process (BENCH_ANALYTICS_MINING_INSTANCES). */
  miningInstances: number;
  /** Local days the facts span, ending today (BENCH_ANALYTICS_DAYS). */
  days: number;
  /** Requests per reader and endpoint (BENCH_ANALYTICS_READS), at 1 connection. */
  reads: number;
  readMaxSeconds: number;
  /** Process-map requests (BENCH_ANALYTICS_MINING_READS). */
  miningReads: number;
  /** Bulk ingest for the lag figure: requests × lines (BENCH_ANALYTICS_BULK_REQUESTS, BENCH_ANALYTICS_BULK_LINES), concurrency 2. */
  bulkRequests: number;
  bulkLines: number;
  lineOptions: BulkLineOptions;
}

export interface AnalyticsReadFigure {
  endpoint: 'dashboard' | 'cockpit';
  reader: string;
  /** The record policy's path: rollups (department / type / sensitivity clauses) or case facts (an `own` clause). */
  path: 'case_daily' | 'case_fact';
  load?: LoadResult;
  /** The endpoint is not in this build (404 on the first request): the parts that serve it are merged later. */
  missing?: boolean;
}

export interface AnalyticsBenchResult {
  load?: { caseFacts: number; dailyRows: number; taskFacts: number; miningInstances: number; seconds: Record<string, number>; sizes: Record<string, string> };
  reads: AnalyticsReadFigure[];
  mining?: { processKey: string; instances: number; requestSeconds: number[]; missing?: boolean; status?: number };
  lag?: {
    cases: number;
    bulkSeconds: number;
    casesPerSecond: number;
    samples: number;
    /** Commit seen → its case fact seen (sampled every SAMPLE_MS), seconds. */
    lagSeconds: { p50: number; p99: number; max: number };
    /** The server's own histogram (docket_analytics_read_model_lag_seconds): the smallest bucket holding 99 % of the events applied during the run. */
    serverHistogramP99Bucket?: number;
    /** The server's docket_analytics_read_model_batch_seconds during the run: batches and their mean duration. */
    batches?: { count: number; meanSeconds: number };
    caughtUpSeconds: number;
  };
  errors: { part: string; error: string }[];
  seconds: number;
}

export const MINED_PROCESS = 'complaint-handling';
const SAMPLE_MS = 100;
const PASSWORD = 'bench-analytics-password-1';
// Shares as a bank's book has them: drawn from bags of 20 (8 of 20 cases are complaints, 8 of 20 come by phone …).
const bag = (weights: [string, number][]) => weights.flatMap(([value, n]) => Array<string>(n).fill(value));
const TYPES = bag([
  ['complaint', 8],
  ['consultation', 7],
  ['suggestion', 2],
  ['credit-approval', 2],
  ['suspicious-transaction', 1],
]);
const CHANNELS = bag([
  ['phone', 8],
  ['app', 5],
  ['branch', 3],
  ['wechat', 2],
  ['12378', 1],
  ['email', 1],
]);
/** Only complaints have a category and only credit applications a product, as the shipped case types. */
const CATEGORIES = ['fees', 'service', 'wealth', 'credit-card', 'other'];
const PRODUCTS = ['personal-loan', 'mortgage', 'small-business', 'credit-line'];
/** GB/T 2260 provinces of the ten bench branches (Beijing, Shanghai, Guangdong, …). */
const PROVINCES = ['11', '31', '44', '51', '42', '61', '32', '33', '37', '50'];
const STEPS = ['classify', 'handle', 'review', 'reply', 'followUp'];

const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]::text[]`;

/**
 * The department tree of load-million (head office, 10 branches, 49 sub-branches), each branch
 * with a province, then the facts: INSERT … SELECT generate_series with the secondary indexes
 * dropped and rebuilt from their own definitions, case_daily by the read model's own roll-up.
 */
export async function loadAnalyticsFacts(databaseUrl: string, adminId: string, options: AnalyticsBenchOptions, log: (m: string) => void): Promise<NonNullable<AnalyticsBenchResult['load']>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const seconds: Record<string, number> = {};
  const timed = async (name: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    seconds[name] = round((performance.now() - t0) / 1000, 1);
    log(`    ${name}: ${seconds[name]} s`);
  };
  try {
    await client.query(`SET work_mem = '256MB'`);
    await client.query(`SET maintenance_work_mem = '1GB'`);
    await client.query(
      `INSERT INTO access.department (id, code, name, kind, parent_id, path)
       SELECT id, code, name, kind, parent_id, path FROM (
         SELECT d, ('00000000-0000-4000-8000-' || lpad(to_hex(d), 12, '0'))::uuid AS id, 'BENCH' || d AS code,
                CASE WHEN d = 0 THEN '总行 Head office' WHEN d <= ${BRANCHES} THEN '基准测试分行 Bench branch ' || d ELSE '基准测试支行 Bench sub-branch ' || d END AS name,
                CASE WHEN d = 0 THEN 'head-office' WHEN d <= ${BRANCHES} THEN 'branch' ELSE 'sub-branch' END AS kind,
                CASE WHEN d = 0 THEN NULL ELSE ('00000000-0000-4000-8000-' || lpad(to_hex(CASE WHEN d <= ${BRANCHES} THEN 0 ELSE 1 + (d - ${BRANCHES + 1}) % ${BRANCHES} END), 12, '0'))::uuid END AS parent_id,
                '/00000000-0000-4000-8000-000000000000/'
                  || CASE WHEN d = 0 THEN '' ELSE '00000000-0000-4000-8000-' || lpad(to_hex(CASE WHEN d <= ${BRANCHES} THEN d ELSE 1 + (d - ${BRANCHES + 1}) % ${BRANCHES} END), 12, '0') || '/' END
                  || CASE WHEN d <= ${BRANCHES} THEN '' ELSE '00000000-0000-4000-8000-' || lpad(to_hex(d), 12, '0') || '/' END AS path
         FROM generate_series(0, ${DEPARTMENT_COUNT - 1}) AS d ORDER BY d
       ) t
       ON CONFLICT DO NOTHING`,
    );
    for (let b = 1; b <= BRANCHES; b++) {
      await client.query('INSERT INTO analytics.department_region (department_id, region) VALUES ($1, $2) ON CONFLICT DO NOTHING', [departmentId(b), PROVINCES[b - 1]]);
    }
    const dropIndexes = async (table: string) => {
      const { rows } = await client.query<{ name: string; def: string }>(
        `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
         WHERE i.schemaname = 'analytics' AND i.tablename = $1
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
        [table],
      );
      for (const index of rows) await client.query(`DROP INDEX analytics.${index.name}`);
      return rows;
    };
    // Facts of cases created over `days` local days ending now, newest with the highest i; older
    // cases mostly done. Every value derives from i (deterministic across runs); ids are ascending
    // (…-b000-<i>, tasks …-c000-, instances …-d000-) so primary keys grow at their right edge, as
    // UUIDv7 ids do, and never meet a real case's id.
    const caseIndexes = await dropIndexes('case_fact');
    await timed('case facts', () =>
      client.query(
        `INSERT INTO analytics.case_fact (id, number, type_key, channel, category, product, region, department_id, created_by, assignee_id, queue_id, tags,
           sensitivity, priority, status, status_category, created_at, first_resolved_at, resolved_at, closed_at, reopen_count, assignment_count, handoff_count,
           first_contact_resolution, satisfaction, outcome, sla_targets, sla_met_on_time, sla_breached, projected_version, projected_at)
         SELECT ('00000000-0000-4000-b000-' || lpad(to_hex(i), 12, '0'))::uuid, 'BNC-' || i, t, ch, cat, prod, reg, dept, $1::uuid,
           CASE WHEN i % 7 = 0 THEN NULL ELSE ('00000000-0000-4000-9000-' || lpad(to_hex(i % 500), 12, '0'))::uuid END, NULL, '{}',
           CASE WHEN i % 50 = 0 THEN 'restricted' ELSE 'internal' END, CASE WHEN i % 10 = 0 THEN 'high' ELSE 'normal' END,
           CASE WHEN done THEN 'resolved' ELSE 'open' END, CASE WHEN done THEN 'done' WHEN i % 5 = 0 THEN 'waiting' ELSE 'open' END,
           created, CASE WHEN done THEN created + resolve_after END, CASE WHEN done THEN created + resolve_after + reopen_extra END, NULL,
           reopens, 1 + (i % 3 = 0)::int, (i % 17 = 0)::int,
           CASE WHEN done THEN reopens = 0 AND i % 3 <> 0 AND i % 17 <> 0 END,
           CASE WHEN done AND t = 'complaint' AND i % 4 = 0 THEN (1 + i % 5)::smallint END,
           CASE WHEN done AND t = 'complaint' THEN (${sqlArray(['resolved', 'partial', 'rejected'])})[1 + i % 3] ELSE '' END,
           1, (done AND i % 9 <> 0)::int, (i % 9 = 0)::int, 1, now()
         FROM (
           SELECT i, t, (${sqlArray(CHANNELS)})[1 + (i * 11) % ${CHANNELS.length}] AS ch,
             CASE WHEN t = 'complaint' THEN (${sqlArray(CATEGORIES)})[1 + (i * 13) % ${CATEGORIES.length}] ELSE '' END AS cat,
             CASE WHEN t = 'credit-approval' THEN (${sqlArray(PRODUCTS)})[1 + (i * 17) % ${PRODUCTS.length}] ELSE '' END AS prod,
             d AS dept_index, ('00000000-0000-4000-8000-' || lpad(to_hex(d), 12, '0'))::uuid AS dept,
             CASE WHEN d = 0 THEN '' ELSE (${sqlArray(PROVINCES)})[1 + ((CASE WHEN d <= ${BRANCHES} THEN d ELSE 1 + (d - ${BRANCHES + 1}) % ${BRANCHES} END) - 1)] END AS reg,
             now() - make_interval(secs => ((${options.cases}::bigint - i) * ${options.days}::bigint * 86400 / ${options.cases}::bigint)) AS created,
             (${options.cases}::bigint - i) * ${options.days}::bigint / ${options.cases}::bigint > 3 OR i % 3 = 0 AS done,
             make_interval(secs => 600 + (i * 7919) % (5 * 86400)) AS resolve_after,
             CASE WHEN i % 23 = 0 THEN make_interval(secs => 86400) ELSE make_interval() END AS reopen_extra,
             (i % 23 = 0)::int AS reopens
           FROM (SELECT i, (i * 31) % ${DEPARTMENT_COUNT} AS d, (${sqlArray(TYPES)})[1 + (i * 7) % ${TYPES.length}] AS t FROM generate_series(1, ${options.cases}) AS i) g
         ) x`,
        [adminId],
      ),
    );
    await timed('case fact indexes', async () => {
      for (const index of caseIndexes) await client.query(index.def);
    });
    await timed('case_daily roll-up', async () => {
      const database = openDatabase(databaseUrl, 1);
      try {
        await rollUpDailyFromFacts(database.db);
      } finally {
        await database.close();
      }
    });
    // Task facts: 5 steps per instance; the first `miningInstances` instances are the mined
    // process, the rest another process key. Instances go to cases in turn.
    const instances = Math.ceil(options.tasks / STEPS.length);
    const taskIndexes = await dropIndexes('task_fact');
    await timed('task facts', () =>
      client.query(
        `INSERT INTO analytics.task_fact (task_id, case_id, instance_id, process_key, process_version, element_id, name, department_id, assignee_id,
           assignee_department_id, state, outcome, created_at, claimed_at, ended_at, wait_seconds, work_seconds, projected_at)
         SELECT ('00000000-0000-4000-c000-' || lpad(to_hex(n::bigint * 8 + s), 12, '0'))::uuid, ('00000000-0000-4000-b000-' || lpad(to_hex(1 + (n - 1) % ${options.cases}), 12, '0'))::uuid,
           ('00000000-0000-4000-d000-' || lpad(to_hex(n), 12, '0'))::uuid,
           CASE WHEN n <= ${options.miningInstances} THEN '${MINED_PROCESS}' ELSE 'bench-other' END, 1,
           (${sqlArray(STEPS)})[s], NULL, ('00000000-0000-4000-8000-' || lpad(to_hex(((1 + (n - 1) % ${options.cases}) * 31) % ${DEPARTMENT_COUNT}), 12, '0'))::uuid,
           ('00000000-0000-4000-9000-' || lpad(to_hex(n % 500), 12, '0'))::uuid, NULL,
           'completed', NULL, started, started + make_interval(secs => wait), started + make_interval(secs => wait + work), wait, work, now()
         FROM (
           SELECT n, s, now() - make_interval(days => (n % ${options.days})) + make_interval(hours => s * 6) AS started,
             (60 + (n * 13 + s * 7) % (CASE WHEN s = 2 THEN 86400 ELSE 7200 END))::int AS wait, (120 + (n * 17 + s) % 3600)::int AS work
           FROM generate_series(1, ${instances}) AS n CROSS JOIN generate_series(1, ${STEPS.length}) AS s
         ) x`,
      ),
    );
    await timed('task fact indexes', async () => {
      for (const index of taskIndexes) await client.query(index.def);
    });
    await timed('vacuum analyze', async () => {
      await client.query('VACUUM ANALYZE analytics.case_fact');
      await client.query('VACUUM ANALYZE analytics.case_daily');
      await client.query('VACUUM ANALYZE analytics.task_fact');
    });
    const count = async (table: string) => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM analytics.${table}`)).rows[0]!.n);
    const size = async (table: string) => (await client.query<{ s: string }>(`SELECT pg_size_pretty(pg_total_relation_size('analytics.${table}')) AS s`)).rows[0]!.s;
    return {
      caseFacts: await count('case_fact'),
      dailyRows: await count('case_daily'),
      taskFacts: await count('task_fact'),
      miningInstances: Math.min(options.miningInstances, instances),
      seconds,
      sizes: { case_fact: await size('case_fact'), case_daily: await size('case_daily'), task_fact: await size('task_fact') },
    };
  } finally {
    await client.end();
  }
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** The filter mix every reader cycles through: periods of a month to a year, with and without a department, type or channel. */
function filterMix(branch: number, days: number): string[] {
  const day = (back: number) => new Date(Date.now() + 8 * 3600_000 - back * 86_400_000).toISOString().slice(0, 10);
  const periods = [
    [day(29), day(0)],
    [day(89), day(0)],
    [day(Math.min(days, 364)), day(0)],
    [day(Math.min(days, 180)), day(Math.min(days, 90))],
  ];
  const extras = ['', `&departmentId=${departmentId(branch)}`, '&caseType=complaint', '&channel=phone', `&departmentId=${departmentId(branch)}&caseType=complaint`];
  const mix: string[] = [];
  for (const [from, to] of periods) for (const extra of extras) mix.push(`from=${from}&to=${to}${extra}`);
  return mix;
}

export async function measureAnalytics(target: Target, options: AnalyticsBenchOptions, log: (m: string) => void): Promise<AnalyticsBenchResult> {
  const t0 = performance.now();
  const result: AnalyticsBenchResult = { reads: [], errors: [], seconds: 0 };
  const attempt = async (part: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      result.errors.push({ part, error: (error as Error).stack ?? String(error) });
      log(`  [${target.name}] analytics ${part} failed: ${(error as Error).message}`);
    }
  };

  await attempt('load', async () => {
    log(`  [${target.name}] analytics: ${options.cases.toLocaleString('en')} case facts, ${options.tasks.toLocaleString('en')} task facts in SQL`);
    result.load = await loadAnalyticsFacts(target.databaseUrl, target.adminId, options, log);
  });

  // Readers: head office (case:read over everything, masked: the analyst role), a supervisor of
  // branch 5 (its subtree), an agent of branch 5 (department + own: figures from case_fact).
  const branch = 5;
  const stamp = Date.now().toString(36);
  const readers: { key: string; token: string; path: AnalyticsReadFigure['path'] }[] = [];
  await attempt('readers', async () => {
    for (const [key, role, department, via] of [
      ['head office (analyst)', 'analyst', 0, 'case_daily'],
      [`branch ${branch} supervisor`, 'supervisor', branch, 'case_daily'],
      [`branch ${branch} agent`, 'agent', branch, 'case_fact'],
    ] as const) {
      const username = `bench-analytics-${role}-${stamp}`;
      const res = await api(target, 'POST', '/api/v1/users', { username, password: PASSWORD, displayName: username, departmentIds: [departmentId(department)], roleIds: [role] });
      if (res.status !== 201) throw new Error(`create ${role}: ${res.status} ${JSON.stringify(res.body)}`);
      readers.push({ key, token: await login(target.url, username), path: via });
    }
  });

  const mix = filterMix(branch, options.days);
  for (const endpoint of ['dashboard', 'cockpit'] as const) {
    for (const reader of readers) {
      await attempt(`${endpoint} as ${reader.key}`, async () => {
        const probe = await fetch(`${target.url}/api/v1/analytics/${endpoint}?${mix[0]}`, { headers: { authorization: `Bearer ${reader.token}` } });
        await probe.text();
        if (probe.status === 404) {
          result.reads.push({ endpoint, reader: reader.key, path: reader.path, missing: true });
          log(`  [${target.name}] /analytics/${endpoint}: not in this build (404)`);
          return;
        }
        let next = 0;
        const load = await withServerCpu(target, () =>
          runLoad({
            url: target.url,
            token: reader.token,
            connections: 1,
            amount: options.reads,
            maxSeconds: options.readMaxSeconds,
            nextPath: () => `/api/v1/analytics/${endpoint}?${mix[next++ % mix.length]}`,
          }),
        );
        result.reads.push({ endpoint, reader: reader.key, path: reader.path, load });
        log(`    ${endpoint} as ${reader.key}: p50 ${load.p50} ms p95 ${load.p95} ms (${load.ok}/${load.requests} 2xx)`);
      });
    }
  }

  await attempt('process map', async () => {
    const from = new Date(Date.now() + 8 * 3600_000 - Math.min(options.days, 730) * 86_400_000).toISOString().slice(0, 10);
    const url = `${target.url}/api/v1/analytics/process-mining?processKey=${MINED_PROCESS}&from=${from}`;
    const requestSeconds: number[] = [];
    let status = 0;
    for (let r = 0; r < options.miningReads; r++) {
      const started = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${readers[0]?.token ?? target.token}` } });
      await res.text();
      status = res.status;
      if (res.status === 404) break;
      requestSeconds.push(round((performance.now() - started) / 1000, 2));
    }
    result.mining = { processKey: MINED_PROCESS, instances: result.load?.miningInstances ?? 0, requestSeconds, status, ...(status === 404 ? { missing: true } : {}) };
    log(`    process map over ${result.mining.instances.toLocaleString('en')} instances: ${status === 404 ? 'not in this build (404)' : `${requestSeconds.join(', ')} s (status ${status})`}`);
  });

  await attempt('lag during bulk ingest', async () => {
    result.lag = await measureLagDuringBulk(target, options, log);
  });
  result.seconds = round((performance.now() - t0) / 1000, 1);
  return result;
}

/**
 * Cases arrive by bulk NDJSON (2 requests at a time) while a sampler, every SAMPLE_MS, counts the
 * run's committed cases and their case facts: each sample's committed count is matched with the
 * first later sample whose fact count reaches it, and the time between is that sample's lag.
 */
async function measureLagDuringBulk(target: Target, options: AnalyticsBenchOptions, log: (m: string) => void): Promise<NonNullable<AnalyticsBenchResult['lag']>> {
  const runId = `alag-${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  const histogramBefore = await lagHistogram(target);
  const samples: { at: number; committed: number; projected: number }[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const at = performance.now();
      const { rows } = await client.query<{ committed: string; projected: string }>(
        `SELECT count(*) AS committed, count(f.id) AS projected FROM cases.case c LEFT JOIN analytics.case_fact f ON f.id = c.id
         WHERE c.external_source = 'core-crm' AND c.external_id LIKE $1`,
        [`bulk-${runId}-%`],
      );
      samples.push({ at, committed: Number(rows[0]!.committed), projected: Number(rows[0]!.projected) });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, SAMPLE_MS - (performance.now() - at))));
    }
  })();
  try {
    log(`  [${target.name}] read-model lag during bulk: ${options.bulkRequests} × ${options.bulkLines} lines, 2 at a time`);
    const bulk = await runBulkCreate(target, options.bulkRequests, options.bulkLines, 2, runId, options.lineOptions);
    const done = performance.now();
    while (performance.now() - done < 120_000) {
      const last = samples[samples.length - 1];
      if (last && last.committed === bulk.created && last.projected === bulk.created) break;
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
    sampling = false;
    await sampler;
    const lags: number[] = [];
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      if (s.committed === 0 || (i > 0 && samples[i - 1]!.committed === s.committed)) continue;
      const caught = samples.slice(i).find((later) => later.projected >= s.committed);
      lags.push(caught ? (caught.at - s.at) / 1000 : (samples[samples.length - 1]!.at - s.at) / 1000);
    }
    lags.sort((a, b) => a - b);
    const caughtUp = samples.find((s) => s.committed === bulk.created && s.projected === bulk.created);
    const histogramAfter = await lagHistogram(target);
    const figure = {
      cases: bulk.created,
      bulkSeconds: bulk.seconds,
      casesPerSecond: bulk.casesPerSecond,
      samples: lags.length,
      lagSeconds: { p50: round(percentile(lags, 50), 2), p99: round(percentile(lags, 99), 2), max: round(lags[lags.length - 1] ?? NaN, 2) },
      ...(histogramBefore && histogramAfter ? { serverHistogramP99Bucket: p99Bucket(histogramBefore, histogramAfter) } : {}),
      ...(histogramAfter?.batchCount !== undefined
        ? (() => {
            const count = histogramAfter.batchCount! - (histogramBefore?.batchCount ?? 0);
            return { batches: { count, meanSeconds: round((histogramAfter.batchSum! - (histogramBefore?.batchSum ?? 0)) / Math.max(1, count), 3) } };
          })()
        : {}),
      caughtUpSeconds: caughtUp ? round((caughtUp.at - (samples.find((s) => s.committed > 0)?.at ?? caughtUp.at)) / 1000, 2) : NaN,
    };
    log(`    ${bulk.created} cases at ${bulk.casesPerSecond}/s; lag p50 ${figure.lagSeconds.p50} s p99 ${figure.lagSeconds.p99} s max ${figure.lagSeconds.max} s`);
    return figure;
  } finally {
    sampling = false;
    await sampler.catch(() => undefined);
    await client.end();
  }
}

/** The server's lag histogram (cumulative bucket counts by upper bound) from /metrics, if it is served. */
async function lagHistogram(target: Target): Promise<(Map<number, number> & { batchCount?: number; batchSum?: number }) | undefined> {
  const token = process.env.DOCKET_METRICS_TOKEN;
  if (!token) return undefined;
  const res = await fetch(`${target.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) return undefined;
  const buckets: Map<number, number> & { batchCount?: number; batchSum?: number } = new Map<number, number>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^docket_analytics_read_model_lag_seconds_bucket\{le="([^"]+)"\} (\d+)/.exec(line);
    if (m) buckets.set(m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]), Number(m[2]));
    const count = /^docket_analytics_read_model_batch_seconds_count (\S+)/.exec(line);
    if (count) buckets.batchCount = Number(count[1]);
    const sum = /^docket_analytics_read_model_batch_seconds_sum (\S+)/.exec(line);
    if (sum) buckets.batchSum = Number(sum[1]);
  }
  return buckets.size > 0 ? buckets : undefined;
}

function p99Bucket(before: Map<number, number>, after: Map<number, number>): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Number.POSITIVE_INFINITY) ?? 0) - (before.get(Number.POSITIVE_INFINITY) ?? 0);
  for (const le of bounds) if ((after.get(le) ?? 0) - (before.get(le) ?? 0) >= 0.99 * total) return le;
  return Number.POSITIVE_INFINITY;
}

export function analyticsGoals(r: AnalyticsBenchResult) {
  const measured = r.reads.filter((f) => f.load);
  const worstP95 = measured.length > 0 ? Math.max(...measured.map((f) => f.load!.p95)) : NaN;
  const mapSeconds = r.mining?.requestSeconds.length ? Math.max(...r.mining.requestSeconds) : NaN;
  return [
    { name: 'dashboard and cockpit p95, every reader (ms)', goal: '≤ 300', measured: Number.isNaN(worstP95) ? 'not measured' : String(worstP95), reached: measured.length > 0 && worstP95 <= 300 },
    {
      name: `process map over ${r.mining?.instances ?? 0} instances, slowest request (s)`,
      goal: '≤ 10',
      measured: Number.isNaN(mapSeconds) ? 'not measured' : String(mapSeconds),
      reached: mapSeconds <= 10,
    },
    {
      name: 'read-model lag behind commits during bulk ingest, p99 (s)',
      goal: '≤ 2',
      measured: r.lag ? String(r.lag.lagSeconds.p99) : 'not measured',
      reached: (r.lag?.lagSeconds.p99 ?? Number.POSITIVE_INFINITY) <= 2,
    },
  ];
}

export function writeAnalyticsReport(dir: string, name: string, target: Target, r: AnalyticsBenchResult, raw: string, command: string): void {
  const lines: string[] = [];
  const cpus = os.cpus();
  lines.push(`# Issue 20: analytics (${target.name} target)`, '');
  lines.push(
    `\`${command}\` — ${new Date().toISOString()}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${round(os.totalmem() / 2 ** 30, 1)} GiB, PostgreSQL ${target.postgresVersion}, load average ${os
      .loadavg()
      .map((l) => round(l, 2))
      .join(' / ')}.`,
    '',
  );
  lines.push(raw, '');
  if (r.load) {
    lines.push('## Read model generated in SQL', '');
    lines.push(
      `${r.load.caseFacts.toLocaleString('en')} case facts (${r.load.sizes.case_fact}), ${r.load.dailyRows.toLocaleString('en')} daily rollup rows (${r.load.sizes.case_daily}), ${r.load.taskFacts.toLocaleString('en')} task facts (${r.load.sizes.task_fact}); ${r.load.miningInstances.toLocaleString('en')} instances of ${MINED_PROCESS}.`,
      '',
    );
    lines.push('| step | seconds |', '|---|---:|', ...Object.entries(r.load.seconds).map(([k, v]) => `| ${k} | ${v} |`), '');
  }
  lines.push('## Dashboard and cockpit (1 connection, a mix of 20 filters)', '');
  lines.push('| endpoint | reader | figures from | requests | p50 ms | p95 ms | p99 ms | server CPU ms/request | load avg |', '|---|---|---|---:|---:|---:|---:|---:|---:|');
  for (const f of r.reads) {
    if (!f.load) lines.push(`| ${f.endpoint} | ${f.reader} | ${f.path} | not in this build | | | | | |`);
    else
      lines.push(
        `| ${f.endpoint} | ${f.reader} | ${f.path} | ${f.load.ok}/${f.load.requests} | ${f.load.p50} | ${f.load.p95} | ${f.load.p99} | ${f.load.serverCpuMsPerRequest ?? ''} | ${f.load.loadAverage} |`,
      );
  }
  lines.push('');
  if (r.mining) {
    lines.push('## Process map', '');
    lines.push(
      r.mining.missing
        ? `GET /api/v1/analytics/process-mining: not in this build (404).`
        : `GET /api/v1/analytics/process-mining?processKey=${r.mining.processKey} over ${r.mining.instances.toLocaleString('en')} instances: ${r.mining.requestSeconds.join(' s, ')} s.`,
      '',
    );
  }
  if (r.lag) {
    lines.push('## Read-model lag during bulk ingest', '');
    lines.push(
      `${r.lag.cases} cases by POST /api/v1/cases/bulk in ${r.lag.bulkSeconds} s (${r.lag.casesPerSecond}/s, 2 requests at a time). Lag from a commit being visible to its case fact being visible, sampled every ${SAMPLE_MS} ms (${r.lag.samples} samples): p50 ${r.lag.lagSeconds.p50} s, p99 ${r.lag.lagSeconds.p99} s, max ${r.lag.lagSeconds.max} s; all applied ${r.lag.caughtUpSeconds} s after the first commit.${r.lag.serverHistogramP99Bucket !== undefined ? ` The server's docket_analytics_read_model_lag_seconds: 99 % of events applied within ${r.lag.serverHistogramP99Bucket} s (bucket bound; measured from the event's write, which is the start of its transaction).` : ''}${r.lag.batches ? ` ${r.lag.batches.count} projector batches, ${r.lag.batches.meanSeconds} s each on average (docket_analytics_read_model_batch_seconds).` : ''}`,
      '',
    );
  }
  lines.push('## Goals', '', '| figure | goal | value | met |', '|---|---|---:|---|', ...analyticsGoals(r).map((g) => `| ${g.name} | ${g.goal} | ${g.measured} | ${g.reached ? 'yes' : 'no'} |`), '');
  if (r.errors.length > 0) lines.push('## Errors', '', ...r.errors.map((e) => `- ${e.part}: \`${e.error.split('\n')[0]}\``), '');
  writeFileSync(path.join(dir, `${name}.md`), `${lines.join('\n')}\n`);
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ target: target.name, result: r, goals: analyticsGoals(r) }, null, 2)}\n`);
}
