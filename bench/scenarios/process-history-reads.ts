// Issue 14: a case's process history read back from the loaded history (process-history.ts),
// through the API route that lists it, with the statement that route sends EXPLAINed.
import { loadavg } from 'node:os';
import pg from 'pg';
import { percentile, round, runLoad, withServerCpu } from './http-load.ts';
import { sampleHistoryCaseIds } from './process-history.ts';
import type { HistoryReadResult, ProcessOptions, ProcessResult } from './process.ts';
import type { Target } from './target.ts';

/** The route that answers "every element instance of every process of this case". */
export const historyByCasePath = (caseId: string) => `/api/v1/process-history?caseId=${caseId}`;

export async function runHistoryByCase(target: Target, options: ProcessOptions, log: (m: string) => void): Promise<{ reads: HistoryReadResult[]; explain?: ProcessResult['historyExplain'] }> {
  const instances = options.historyInstances;
  const ids = await sampleHistoryCaseIds(target.databaseUrl, instances, options.historyReads + 200);
  const probe = await fetch(`${target.url}${historyByCasePath(ids[0]!)}`, { headers: { authorization: `Bearer ${target.token}` } });
  const probeBody = (await probe.json()) as unknown;
  if (probe.status !== 200) throw new Error(`${historyByCasePath(ids[0]!)}: ${probe.status} ${JSON.stringify(probeBody)}`);
  const rows = countRows(probeBody);
  if (rows === 0) throw new Error(`${historyByCasePath(ids[0]!)} answered no history for a loaded case: ${JSON.stringify(probeBody).slice(0, 500)}`);

  // The statement the route sends, recorded from the server, EXPLAINed on the loaded history.
  const recorded = await target.recordQueries(async () => {
    await fetch(`${target.url}${historyByCasePath(ids[1]!)}`, { headers: { authorization: `Bearer ${target.token}` } }).then((r) => r.arrayBuffer());
  });
  const statement = recorded.find((q) => /element_history/.test(q.text));
  const explain = statement ? await explainStatement(target.databaseUrl, statement.text, statement.values) : undefined;

  const reads: HistoryReadResult[] = [];
  let cursor = 0;
  const nextPath = () => historyByCasePath(ids[cursor++ % ids.length]!);
  // Warm-up, as the case reads do: the first requests of a fresh process compile and connect.
  await runLoad({ url: target.url, token: target.token, connections: 1, amount: 200, maxSeconds: 10, nextPath });
  for (const connections of options.historyConnections) {
    log(`  [${target.name}] history of a case, GET ${historyByCasePath(':caseId')}, ${connections} connection(s)`);
    const r = await withServerCpu(target, () =>
      runLoad({ url: target.url, token: target.token, connections, amount: options.historyReads, maxSeconds: options.historyReadMaxSeconds, nextPath }),
    );
    reads.push({ ...r, through: `GET ${historyByCasePath('…')}`, rowsPerAnswer: rows });
    log(`    ${r.perSecond}/s p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms (non-2xx ${r.non2xx})`);
  }
  if (statement) reads.push(await runStatement(target.databaseUrl, statement.text, statement.values, ids, options));
  return { reads, explain };
}

function countRows(body: unknown): number {
  if (Array.isArray(body)) return body.reduce<number>((n, item) => n + (item && typeof item === 'object' && Object.values(item).some(Array.isArray) ? countRows(item) : 1), 0);
  if (body && typeof body === 'object') return Object.values(body).filter(Array.isArray).reduce<number>((n, list) => n + countRows(list), 0);
  return 0;
}

/** The route's own statement straight from pg, 1 connection: the database's share of the route's time. */
async function runStatement(databaseUrl: string, text: string, values: unknown[], ids: string[], options: ProcessOptions): Promise<HistoryReadResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const caseIndex = values.findIndex((v) => typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v));
  try {
    const times: number[] = [];
    let rows = 0;
    const started = performance.now();
    const deadline = started + options.historyReadMaxSeconds * 1000;
    for (let i = 0; i < options.historyReads && performance.now() < deadline; i++) {
      const params = [...values];
      if (caseIndex >= 0) params[caseIndex] = ids[i % ids.length];
      const t0 = performance.now();
      rows += (await client.query(text, params)).rowCount ?? 0;
      times.push(performance.now() - t0);
    }
    const seconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    return {
      through: 'the route\'s statement from pg (no HTTP, no Docket)',
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
