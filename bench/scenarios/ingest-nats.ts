// Issue 18: alerts over NATS JetStream → cases, beside the bulk NDJSON rate of the same cases in
// the same run, and the lag from publish to case committed at a steady rate.
//  - throughput: BENCH_INGEST_ALERTS alerts are published to a stream first, then a nats source is
//    made through the API; the Docket process's ingest-consumers worker (NATS_URL) drains the
//    stream. Rate = cases / (last case's commit − first case's commit), seen from the database.
//  - bulk: the same number of the same cases (suspicious-transaction, the fields the mapping
//    gives) through POST /cases/bulk, 10,000 lines a request, one at a time.
//  - lag: BENCH_INGEST_RATE alerts/s for BENCH_INGEST_SECONDS to a second source already
//    consumed; the bench counts that source's cases every 10 ms. Batches commit in stream order,
//    so the k-th message is committed once the count reaches k: lag_k = first time count ≥ k −
//    publish time of message k (resolution: the poll, 10 ms, and the count query).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import pg from 'pg';
import { round } from './http-load.ts';
import { api, type Target } from './target.ts';

export interface IngestNatsResult {
  alerts: number;
  nats: { seconds: number; casesPerSecond: number };
  bulk: { seconds: number; casesPerSecond: number };
  shareOfBulk: number;
  lag: { perSecond: number; seconds: number; published: number; publishedPerSecond: number; p50Ms: number; p99Ms: number; maxMs: number };
  loadAverage: number[];
}

export interface IngestNatsSettings {
  alerts: number;
  rate: number;
  seconds: number;
}

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

function alert(id: string, i: number) {
  return {
    alert: { id, score: (i * 37) % 100, amount: 10_000 + (i % 1_000) * 250, rule: 'large-amount' },
    account: { number: `62220202001${String(i % 100_000_000).padStart(8, '0')}`, holder: '李四' },
  };
}

function sourceBody(key: string, stream: string, subject: string) {
  return {
    key,
    name: `Bench AML ${key}`,
    transport: 'nats',
    nats: { stream, subject, durable: `docket-${key}`, deadLetterSubject: `${subject}.dead` },
    mapping: {
      externalId: '$.alert.id',
      caseType: 'suspicious-transaction',
      fields: [
        { target: 'title', feel: '"可疑交易预警 " + message.alert.id' },
        { target: 'priority', feel: 'if message.alert.score > 80 then "urgent" else "normal"' },
        { target: 'fields.alertId', path: '$.alert.id' },
        { target: 'fields.accountNumber', path: '$.account.number' },
        { target: 'fields.accountHolder', path: '$.account.holder' },
        { target: 'fields.amount', path: '$.alert.amount' },
        { target: 'fields.rule', path: '$.alert.rule' },
        { target: 'fields.riskLevel', feel: 'if message.alert.score > 80 then "high" else if message.alert.score > 40 then "medium" else "low"' },
      ],
    },
  };
}

/** The case the mapping makes of alert(id, i), as a bulk NDJSON line. */
function bulkLine(id: string, i: number, source: string): string {
  const a = alert(id, i);
  const score = a.alert.score;
  return JSON.stringify({
    type: 'suspicious-transaction',
    title: `可疑交易预警 ${id}`,
    priority: score > 80 ? 'urgent' : 'normal',
    externalId: id,
    source,
    fields: {
      alertId: id,
      accountNumber: a.account.number,
      accountHolder: a.account.holder,
      amount: a.alert.amount,
      rule: a.alert.rule,
      riskLevel: score > 80 ? 'high' : score > 40 ? 'medium' : 'low',
    },
  });
}

async function caseCount(db: pg.Client, source: string): Promise<number> {
  return Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM cases.case WHERE external_source = $1', [source])).rows[0]!.n);
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function makeSource(target: Target, nc: NatsConnection, key: string) {
  const stream = `BENCH_${key.toUpperCase().replace(/-/g, '_')}`;
  const subject = `bench.alerts.${key}`;
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({ name: stream, subjects: [subject] });
  return {
    stream,
    subject,
    create: async () => {
      const res = await api(target, 'POST', '/api/v1/ingest-sources', sourceBody(key, stream, subject));
      if (res.status !== 201) throw new Error(`source ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    },
  };
}

export async function measureIngestNats(target: Target, settings: IngestNatsSettings, log: (m: string) => void): Promise<IngestNatsResult> {
  const run = Date.now().toString(36);
  const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') });
  const db = new pg.Client({ connectionString: target.databaseUrl });
  await db.connect();
  const streams: string[] = [];
  try {
    // 1. Bulk NDJSON of the same cases, the figure the transport is set beside.
    log(`  [${target.name}] bulk NDJSON, ${settings.alerts} suspicious-transaction cases`);
    const bulkSource = `bench-bulk-${run}`;
    const lines = Array.from({ length: settings.alerts }, (_, i) => bulkLine(`B-${run}-${i}`, i, bulkSource));
    const bulkStarted = performance.now();
    for (let i = 0; i < lines.length; i += 10_000) {
      const res = await fetch(`${target.url}/api/v1/cases/bulk`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/x-ndjson' },
        body: lines.slice(i, i + 10_000).join('\n'),
      });
      const json = (await res.json()) as { created: number; invalid: number; results?: unknown[] };
      if (res.status !== 200 || json.created !== Math.min(10_000, lines.length - i)) throw new Error(`bulk answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
    }
    const bulkSeconds = (performance.now() - bulkStarted) / 1000;
    const bulk = { seconds: round(bulkSeconds, 2), casesPerSecond: round(settings.alerts / bulkSeconds, 0) };
    log(`    ${bulk.casesPerSecond} cases/s`);

    // 2. The same number of alerts over NATS, published first, drained by the Docket process.
    log(`  [${target.name}] NATS: ${settings.alerts} alerts published, then drained by the ingest-consumers worker`);
    const key = `bench-nats-${run}`;
    const source = await makeSource(target, nc, key);
    streams.push(source.stream);
    const js = nc.jetstream();
    for (let i = 0; i < settings.alerts; i += 1_000) {
      await Promise.all(Array.from({ length: Math.min(1_000, settings.alerts - i) }, (_, k) => js.publish(source.subject, JSON.stringify(alert(`N-${run}-${i + k}`, i + k)))));
    }
    await source.create();
    await until(async () => (await caseCount(db, key)) >= settings.alerts, 600_000, `${settings.alerts} cases from ${key}`);
    // created_at is the transaction's time: the first and the last batch's, a batch's write apart from the true span.
    const span = (await db.query<{ s: number }>('SELECT extract(epoch FROM max(created_at) - min(created_at))::float8 AS s FROM cases.case WHERE external_source = $1', [key])).rows[0]!.s;
    const natsSeconds = Math.max(0.001, span);
    const nats = { seconds: round(natsSeconds, 2), casesPerSecond: round(settings.alerts / natsSeconds, 0) };
    log(`    ${nats.casesPerSecond} cases/s = ${round((100 * nats.casesPerSecond) / bulk.casesPerSecond, 0)}% of bulk NDJSON`);

    // 3. Lag at a steady rate, on a source already being consumed.
    log(`  [${target.name}] NATS lag at ${settings.rate} alerts/s for ${settings.seconds} s`);
    const lagKey = `bench-lag-${run}`;
    const lagSource = await makeSource(target, nc, lagKey);
    streams.push(lagSource.stream);
    await lagSource.create();
    // Warm: one alert through before measuring (the supervisor starts the consumer within its poll).
    await js.publish(lagSource.subject, JSON.stringify(alert(`L-${run}-warm`, 0)));
    await until(async () => (await caseCount(db, lagKey)) >= 1, 60_000, 'the lag source consumed');
    const total = settings.rate * settings.seconds;
    const publishedAt: number[] = [];
    const committedAt: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const n = (await caseCount(db, lagKey)) - 1;
        const now = performance.now();
        while (committedAt.length < Math.min(n, total)) committedAt.push(now);
        if (committedAt.length >= total) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const started = performance.now();
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      // Paced: message i leaves at started + i / rate.
      const due = started + (i * 1000) / settings.rate;
      const wait = due - performance.now();
      if (wait > 2) await new Promise((r) => setTimeout(r, wait));
      publishedAt.push(performance.now());
      pending.push(js.publish(lagSource.subject, JSON.stringify(alert(`L-${run}-${i}`, i))));
    }
    await Promise.all(pending);
    const publishSeconds = (performance.now() - started) / 1000;
    await Promise.race([poller, new Promise((r) => setTimeout(r, 120_000))]);
    polling = false;
    const lags = committedAt.map((c, i) => c - publishedAt[i]!).sort((a, b) => a - b);
    const pct = (p: number) => round(lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))] ?? Number.NaN, 0);
    const lag = {
      perSecond: settings.rate,
      seconds: settings.seconds,
      published: total,
      publishedPerSecond: round(total / publishSeconds, 0),
      p50Ms: pct(50),
      p99Ms: pct(99),
      maxMs: round(lags.at(-1) ?? Number.NaN, 0),
    };
    if (committedAt.length < total) throw new Error(`lag: only ${committedAt.length} of ${total} alerts became cases within 120 s`);
    log(`    published ${lag.publishedPerSecond}/s: lag p50 ${lag.p50Ms} ms p99 ${lag.p99Ms} ms max ${lag.maxMs} ms`);
    return { alerts: settings.alerts, nats, bulk, shareOfBulk: round(nats.casesPerSecond / bulk.casesPerSecond, 2), lag, loadAverage: loadavg().map((l) => round(l, 2)) };
  } finally {
    const jsm = await nc.jetstreamManager();
    for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
    await nc.drain();
    await db.end();
  }
}

export function ingestNatsGoals(result: IngestNatsResult) {
  return [
    {
      name: 'alerts over NATS ÷ bulk NDJSON, same run',
      goal: '≥ 50 %',
      measured: `${round(result.shareOfBulk * 100, 0)} % (${result.nats.casesPerSecond} ÷ ${result.bulk.casesPerSecond} cases/s)`,
      reached: result.shareOfBulk >= 0.5,
    },
    {
      name: `lag publish → case committed at ${result.lag.perSecond} alerts/s, p99`,
      goal: '≤ 500 ms',
      measured: `${result.lag.p99Ms} ms (p50 ${result.lag.p50Ms} ms)`,
      reached: result.lag.p99Ms <= 500,
    },
  ];
}

export function writeIngestNatsReport(dir: string, target: Target, result: IngestNatsResult): void {
  const goals = ingestNatsGoals(result);
  const lines = [
    '# Issue 18 — alerts over NATS JetStream → cases',
    '',
    `Target: ${target.name} (PostgreSQL ${target.postgresVersion}), Docket pool ${target.dbPoolSize}, load average ${result.loadAverage.join(' ')} at the end.`,
    '',
    '| goal | target | measured | reached |',
    '| --- | --- | --- | --- |',
    ...goals.map((g) => `| ${g.name} | ${g.goal} | ${g.measured} | ${g.reached ? 'yes' : 'no'} |`),
    '',
    `- Throughput: ${result.alerts} alerts published to a stream, then a nats source made through the API; the Docket process's ingest-consumers worker (one durable pull consumer, batches of up to 1,000 or 50 ms, two written at once, ingestSourceMessages: JSONPath and FEEL mapping, validation, sealing, one transaction per batch) made them into cases in ${result.nats.seconds} s = ${result.nats.casesPerSecond} cases/s.`,
    `- Bulk NDJSON in the same run: the same ${result.alerts} cases (the mapping's output as lines) through POST /cases/bulk, 10,000 lines a request: ${result.bulk.seconds} s = ${result.bulk.casesPerSecond} cases/s.`,
    `- Lag: ${result.lag.published} alerts paced at ${result.lag.perSecond}/s (published ${result.lag.publishedPerSecond}/s) to a source already consumed; committed cases counted every 10 ms: p50 ${result.lag.p50Ms} ms, p99 ${result.lag.p99Ms} ms, max ${result.lag.maxMs} ms.`,
    '',
    'Run: `BENCH_ONLY=ingest-nats BENCH_TARGETS=server npm run bench` (`NATS_URL` [nats://127.0.0.1:4222], `BENCH_INGEST_ALERTS` [20000], `BENCH_INGEST_RATE` [1000], `BENCH_INGEST_SECONDS` [10]).',
    '',
  ];
  const file = path.join(dir, 'issue-18-ingest-nats.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const reading = previous.indexOf('\n## Reading');
  writeFileSync(file, lines.join('\n') + (reading >= 0 ? previous.slice(reading + 1) : ''));
}
