// Issue 14: a case's process history read back from the loaded history (process-history.ts),
// with the store's own query (listCaseHistory, exported by the process module: the statement
// the case's process history is read with), called in the bench process over a pool like the
// server's; and through an HTTP route when one lists a case's process history
// (BENCH_PROCESS_HISTORY_ROUTE, `{caseId}` replaced). The statement is EXPLAINed on the loaded history.
import { loadavg } from 'node:os';
import pg from 'pg';
import { listCaseHistory } from '../../packages/server/src/modules/process/index.ts';
import { openDatabase } from '../../packages/server/src/platform/db/database.ts';
import { percentile, round, runLoad, withServerCpu } from './http-load.ts';
import { sampleHistoryCaseIds } from './process-history.ts';
import type { HistoryReadResult, ProcessOptions, ProcessResult } from './process.ts';
import type { Target } from './target.ts';

/** Rows a case page asks for at once. */
const PAGE = 100;
const ROUTE = process.env.BENCH_PROCESS_HISTORY_ROUTE ?? '';

export async function runHistoryByCase(target: Target, options: ProcessOptions, log: (m: string) => void): Promise<{ reads: HistoryReadResult[]; explain?: ProcessResult['historyExplain'] }> {
  const ids = await sampleHistoryCaseIds(target.databaseUrl, options.historyInstances, options.historyReads + 200);
  const reads: HistoryReadResult[] = [];
  const database = openDatabase(target.databaseUrl, 20);
  let statements: CapturedStatement[] = [];
  try {
    statements = await captureStatements(() => listCaseHistory(database.db, ids[0]!, PAGE));
    const first = await listCaseHistory(database.db, ids[1]!, PAGE);
    if (first.length === 0) throw new Error(`listCaseHistory answered no history for loaded case ${ids[1]}`);
    for (let i = 0; i < 200; i++) await listCaseHistory(database.db, ids[i % ids.length]!, PAGE); // warm-up
    let cursor = 200;
    for (const connections of options.historyConnections) {
      log(`  [${target.name}] history of a case, listCaseHistory(db, caseId, ${PAGE}) in-process, ${connections} at a time`);
      const r = await timedCalls(connections, options.historyReads, options.historyReadMaxSeconds, async () => (await listCaseHistory(database.db, ids[cursor++ % ids.length]!, PAGE)).length);
      reads.push({ ...r, through: `listCaseHistory (the store's query, in-process, pool of 20)` });
      log(`    ${r.perSecond}/s p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms, ${r.rowsPerAnswer} rows per answer`);
    }
  } finally {
    await database.close();
  }
  if (ROUTE) {
    const pathOf = (caseId: string) => ROUTE.replace('{caseId}', caseId);
    const probe = await fetch(`${target.url}${pathOf(ids[0]!)}`, { headers: { authorization: `Bearer ${target.token}` } });
    const probeBody = (await probe.json()) as unknown;
    if (probe.status !== 200) throw new Error(`${pathOf(ids[0]!)}: ${probe.status} ${JSON.stringify(probeBody)}`);
    let cursor = 0;
    const nextPath = () => pathOf(ids[cursor++ % ids.length]!);
    await runLoad({ url: target.url, token: target.token, connections: 1, amount: 200, maxSeconds: 10, nextPath });
    for (const connections of options.historyConnections) {
      log(`  [${target.name}] history of a case, GET ${ROUTE}, ${connections} connection(s)`);
      const r = await withServerCpu(target, () => runLoad({ url: target.url, token: target.token, connections, amount: options.historyReads, maxSeconds: options.historyReadMaxSeconds, nextPath }));
      reads.push({ ...r, through: `GET ${ROUTE}`, rowsPerAnswer: countRows(probeBody) });
      log(`    ${r.perSecond}/s p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms (non-2xx ${r.non2xx})`);
    }
  }
  const history = statements.find((q) => q.text.includes('element_history'));
  const explain = history ? await explainStatement(target.databaseUrl, history.text, history.values) : undefined;
  if (history) reads.push(await runStatements(target.databaseUrl, statements, ids[0]!, ids, options));
  return { reads, explain };
}

interface CapturedStatement {
  text: string;
  values: unknown[];
  /** The first row it answered, so a replay can feed a later statement what an earlier one found. */
  firstRow?: Record<string, unknown>;
}

/** The statements (text, parameters, first row answered) `fn` sends through pg, in order. */
async function captureStatements(fn: () => Promise<unknown>): Promise<CapturedStatement[]> {
  const original = pg.Client.prototype.query;
  const captured: CapturedStatement[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown];
    const text = typeof config === 'string' ? config : config?.text;
    const params = Array.isArray(values) ? values : typeof config === 'object' ? config?.values : undefined;
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (typeof text === 'string') {
      const entry: CapturedStatement = { text, values: params ?? [] };
      captured.push(entry);
      if (result instanceof Promise)
        void result.then(
          (r: { rows?: Record<string, unknown>[] }) => (entry.firstRow = r.rows?.[0]),
          () => undefined,
        );
    }
    return result;
  } as typeof pg.Client.prototype.query;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return captured;
}

/** `fn` called `amount` times (or until `maxSeconds`), `concurrency` at a time; fn answers the rows it read. */
async function timedCalls(concurrency: number, amount: number, maxSeconds: number, fn: () => Promise<number>): Promise<HistoryReadResult> {
  const times: number[] = [];
  let rows = 0;
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < amount && performance.now() < deadline) {
        issued++;
        const t0 = performance.now();
        try {
          const read = await fn();
          times.push(performance.now() - t0);
          rows += read;
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    through: '',
    connections: concurrency,
    requests: times.length + errors,
    ok: times.length,
    errors,
    non2xx: 0,
    durationSeconds: round(seconds, 2),
    perSecond: round(times.length / seconds, 1),
    p50: round(percentile(times, 50), 2),
    p95: round(percentile(times, 95), 2),
    p99: round(percentile(times, 99), 2),
    max: round(times[times.length - 1] ?? Number.NaN, 2),
    statusCodes: {},
    loadAverage: round(loadavg()[0]!, 2),
    rowsPerAnswer: round(rows / Math.max(1, times.length), 1),
  };
}

function countRows(body: unknown): number {
  if (Array.isArray(body)) return body.reduce<number>((n, item) => n + (item && typeof item === 'object' && Object.values(item).some(Array.isArray) ? countRows(item) : 1), 0);
  if (body && typeof body === 'object')
    return Object.values(body)
      .filter(Array.isArray)
      .reduce<number>((n, list) => n + countRows(list), 0);
  return 0;
}

const same = (a: unknown, b: unknown) => (a instanceof Date ? a.getTime() : a) === (b instanceof Date ? b.getTime() : b);

/**
 * The statements listCaseHistory sent, replayed straight from pg for other cases, 1 connection:
 * the database's share of its time. The case id is replaced in every statement, and a parameter
 * that was a value an earlier statement answered (the instances' first start) is replaced by what
 * that statement answers for the new case.
 */
async function runStatements(databaseUrl: string, statements: CapturedStatement[], capturedCase: string, ids: string[], options: ProcessOptions): Promise<HistoryReadResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const times: number[] = [];
    let rows = 0;
    const started = performance.now();
    const deadline = started + options.historyReadMaxSeconds * 1000;
    for (let i = 0; i < options.historyReads && performance.now() < deadline; i++) {
      const caseId = ids[i % ids.length]!;
      const answered: (Record<string, unknown> | undefined)[] = [];
      const t0 = performance.now();
      let last = 0;
      for (const [k, statement] of statements.entries()) {
        const params = statement.values.map((v) => {
          if (v === capturedCase) return caseId;
          for (let j = 0; j < k; j++) {
            const column = Object.entries(statements[j]!.firstRow ?? {}).find(([, value]) => same(value, v))?.[0];
            if (column) return answered[j]?.[column];
          }
          return v;
        });
        const result = await client.query(statement.text, params);
        answered.push(result.rows[0]);
        last = result.rowCount ?? 0;
      }
      times.push(performance.now() - t0);
      rows += last;
    }
    const seconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    return {
      through: `the same ${statements.length} statement(s) straight from pg, 1 connection (no pool, no Kysely)`,
      connections: 1,
      requests: times.length,
      ok: times.length,
      errors: 0,
      non2xx: 0,
      durationSeconds: round(seconds, 2),
      perSecond: round(times.length / seconds, 1),
      p50: round(percentile(times, 50), 2),
      p95: round(percentile(times, 95), 2),
      p99: round(percentile(times, 99), 2),
      max: round(times[times.length - 1] ?? Number.NaN, 2),
      statusCodes: {},
      loadAverage: round(loadavg()[0]!, 2),
      rowsPerAnswer: round(rows / Math.max(1, times.length), 1),
    };
  } finally {
    await client.end();
  }
}

async function explainStatement(databaseUrl: string, text: string, values: unknown[]): Promise<ProcessResult['historyExplain']> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN);
    // Partitions read, not those pruned at run time ("never executed"); a bitmap index scan names its index, not its table.
    const scanned = new Set(
      plan
        .split('\n')
        .filter((line) => !/never executed|Bitmap Index Scan/.test(line))
        .flatMap((line) => [...line.matchAll(/ on (element_history_\w+)/g)].map((m) => m[1])),
    );
    return { sql: text, plan, executionMs, partitionsScanned: scanned.size };
  } finally {
    await client.end();
  }
}
