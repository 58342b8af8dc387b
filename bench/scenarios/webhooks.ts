// Issue 18: webhook deliveries per second to a local receiver that answers 200 at once, beside the
// raw limit of the same run: the same number of signed POSTs of the same bodies, as many at once,
// without the database. Measured in process over the server's database and key ring (as routing.ts).
//
// A delivery is the worker's own path: claimed (SKIP LOCKED, the oldest undelivered one per webhook
// and case, leased), its body built at send time (the case read as the webhook's owner through the
// case view, masked by the owner's field rules), signed with the sealed secret opened by the key
// ring, POSTed, and its attempt recorded (one statement: the delivery's state and the attempt row).
// Two mixes: pings (no case: the sending path alone) and case.created deliveries spread over the
// cases made through the API (each body a GET /cases/{id} as the owner).
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../packages/server/src/config/config.ts';
import { openKeyRing } from '../../packages/server/src/main.ts';
import { findSystemActorOrThrow } from '../../packages/server/src/modules/access/index.ts';
import { createWebhook, createWebhookDeliveryWorker, signatureHeader } from '../../packages/server/src/modules/integration/index.ts';
import { systemClock } from '../../packages/server/src/platform/clock/index.ts';
import { createCommandRunner } from '../../packages/server/src/platform/commands/index.ts';
import { openDatabase } from '../../packages/server/src/platform/db/database.ts';
import { complaintBody } from './data.ts';
import { round } from './http-load.ts';
import { api, type Target } from './target.ts';

export interface WebhookBenchOptions {
  deliveries: number;
  cases: number;
  concurrency: number;
}

export interface WebhookBenchMix {
  deliveries: number;
  seconds: number;
  perSecond: number;
  received: number;
  /** Deliveries of the run that had not succeeded when it ended, by status and error. */
  unsent: Record<string, number>;
}

export interface WebhookBenchResult {
  concurrency: number;
  pings: WebhookBenchMix;
  cases: WebhookBenchMix & { cases: number };
  raw: { posts: number; seconds: number; perSecond: number };
  loadAverage: number[];
}

const POOL_SIZE = 20;

async function startReceiver(): Promise<{ url: string; count: (tag: string) => number; close: () => Promise<void> }> {
  // Counted per bench run (the eventId's prefix): the server's own outbox may send others.
  const received = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const eventId = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { eventId?: unknown }).eventId ?? '');
      const tag = eventId.slice(0, eventId.lastIndexOf('-') + 1);
      received.set(tag, (received.get(tag) ?? 0) + 1);
      response.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: (tag) => received.get(tag) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function measureWebhooks(target: Target, options: WebhookBenchOptions, log: (m: string) => void): Promise<WebhookBenchResult> {
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  const config = loadConfig({ ...process.env, DATABASE_URL: target.databaseUrl, DOCKET_DATA_DIR: target.dataDir, DOCKET_CONFIG: '', LOG_LEVEL: 'silent' });
  const database = openDatabase(target.databaseUrl, POOL_SIZE);
  const receiver = await startReceiver();
  try {
    const keyRing = await openKeyRing(database, config);
    const commands = createCommandRunner(database, systemClock, keyRing);
    const seed = await findSystemActorOrThrow(database.db, 'system:seed');
    const make = (eventTypes: string[]) =>
      commands.runCommand({ actor: seed, channel: 'bench' }, (ctx) => createWebhook(ctx, { name: `bench ${eventTypes[0]}`, url: receiver.url, eventTypes, ownerId: target.adminId }));
    log(`  [${target.name}] webhooks: ${options.cases} cases through the API`);
    const caseIds: string[] = [];
    for (let i = 0; i < options.cases; i++) {
      const res = await api(target, 'POST', '/api/v1/cases', complaintBody(900_000 + i));
      if (res.status !== 201) throw new Error(`case: ${res.status} ${JSON.stringify(res.body)}`);
      caseIds.push((res.body as { id: string }).id);
    }
    // After the cases: their own case.created events are no part of the measured deliveries.
    const pingHook = (await make(['webhook.ping'])).webhook.id;
    const caseHook = (await make(['case.created'])).webhook.id;
    const worker = createWebhookDeliveryWorker({ database, clock: systemClock, commands, keyRing, concurrency: options.concurrency, batchSize: 200, timeoutMs: 10_000 });

    const run = async (webhookId: string, withCases: boolean, tag: string): Promise<WebhookBenchMix> => {
      // Written straight into the table as the fan-out would: the bench measures the sending.
      await client.query(
        `INSERT INTO integration.webhook_delivery (id, webhook_id, event_id, event_type, case_id, payload, occurred_at, next_attempt_at, created_at)
         SELECT gen_random_uuid(), $1, $2 || g, $3, CASE WHEN $4::uuid[] IS NULL THEN NULL ELSE ($4::uuid[])[1 + g % cardinality($4::uuid[])] END, '{}'::jsonb, now(), now(), now()
           FROM generate_series(1, $5) g`,
        [webhookId, `bench-${tag}-`, withCases ? 'case.created' : 'webhook.ping', withCases ? caseIds : null, options.deliveries],
      );
      const started = performance.now();
      await worker.runDue(new Date(Date.now() + 1000));
      // The Docket server's own worker shares the sending (two processes on one database, as in
      // production): the run ends when every delivery of it has succeeded, whoever sent it.
      const deadline = Date.now() + 120_000;
      const left = async () =>
        (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM integration.webhook_delivery WHERE event_id LIKE $1 AND status <> 'succeeded'`, [`bench-${tag}-%`])).rows[0]!.n;
      while ((await left()) > 0 && Date.now() < deadline) {
        await worker.runDue(new Date(Date.now() + 1000));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const seconds = (performance.now() - started) / 1000;
      const received = receiver.count(`bench-${tag}-`);
      // What did not succeed in the run, by state and error (retrying ones wait their back-off).
      const { rows } = await client.query<{ status: string; error: string | null; n: number }>(
        `SELECT status, error, count(*)::int AS n FROM integration.webhook_delivery WHERE event_id LIKE $1 AND status <> 'succeeded' GROUP BY 1, 2`,
        [`bench-${tag}-%`],
      );
      const unsent = Object.fromEntries(rows.map((r) => [`${r.status}: ${r.error ?? '-'}`, r.n]));
      return { deliveries: options.deliveries, seconds: round(seconds, 2), perSecond: round(received / seconds, 0), received, unsent };
    };
    await run(pingHook, false, 'warm'); // pool connections, plans, keep-alive sockets
    log(`  [${target.name}] webhooks: ${options.deliveries} pings, ${options.concurrency} at once`);
    const pings = await run(pingHook, false, 'ping');
    log(`    ${pings.perSecond} deliveries/s (${pings.received} received in ${pings.seconds} s; not sent: ${JSON.stringify(pings.unsent)})`);
    log(`  [${target.name}] webhooks: ${options.deliveries} case.created over ${options.cases} cases`);
    const cases = await run(caseHook, true, 'case');
    log(`    ${cases.perSecond} deliveries/s (${cases.received} received in ${cases.seconds} s; not sent: ${JSON.stringify(cases.unsent)})`);

    // The raw limit: the same signed POSTs, as many at once, no database.
    const http = await import('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
    const body = JSON.stringify({ id: 'x', type: 'webhook.ping', data: {}, case: null });
    const post = () =>
      new Promise<void>((resolve, reject) => {
        const request = http.request(
          receiver.url,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'docket-signature': signatureHeader(body, ['bench-secret'], new Date()) } },
          (response) => {
            response.resume();
            response.on('end', resolve);
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next++ < options.deliveries) await post();
      }),
    );
    const rawSeconds = (performance.now() - started) / 1000;
    agent.destroy();
    const raw = { posts: options.deliveries, seconds: round(rawSeconds, 2), perSecond: round(options.deliveries / rawSeconds, 0) };
    log(`    raw: ${raw.perSecond} signed POSTs/s without the database`);
    return { concurrency: options.concurrency, pings, cases: { ...cases, cases: options.cases }, raw, loadAverage: loadavg().map((l) => round(l, 2)) };
  } finally {
    await receiver.close();
    await database.close();
    await client.end();
  }
}

export function writeWebhooksReport(dir: string, target: Target, result: WebhookBenchResult, raw: string, log: (m: string) => void): void {
  const mix = (name: string, m: WebhookBenchMix) =>
    `| ${name} | ${m.deliveries} | ${m.seconds} s | **${m.perSecond}/s** | ${round((100 * m.perSecond) / result.raw.perSecond, 0)} % | ${Object.keys(m.unsent).length === 0 ? 'none' : JSON.stringify(m.unsent)} |`;
  const lines = [
    '# Issue 18 — webhook deliveries bench',
    '',
    `Target: ${target.name} (${target.postgresVersion}), Docket pool ${POOL_SIZE} in process, ${result.concurrency} sends at once, load average ${result.loadAverage.join(' ')} at the end. ${raw}.`,
    '',
    '| mix | deliveries | time | delivered | of the raw limit | not delivered at the end |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    mix('webhook.ping (no case)', result.pings),
    mix(`case.created over ${result.cases.cases} cases (body = the case as the owner reads it)`, result.cases),
    `| raw limit: the same signed POSTs to the same receiver, no database | ${result.raw.posts} | ${result.raw.seconds} s | ${result.raw.perSecond}/s | 100 % | |`,
    '',
    '- A delivery: claimed (SKIP LOCKED, oldest undelivered per webhook and case, leased), the body built at send time (the case through the cases view as the owner, masked by their field rules), signed with the sealed secret, POSTed over a kept-alive connection to a local receiver answering 200 at once, the attempt recorded (one statement).',
    "- The Docket server process's own webhook worker shares the sending (two processes on one database); the time runs until every delivery of the mix has succeeded.",
    `- Per-case order: a round claims at most one delivery per case, so the case mix runs in rounds of at most ${result.cases.cases} deliveries.`,
    '',
    'Run: `BENCH_ONLY=webhooks BENCH_TARGETS=server npm run bench` (`BENCH_WEBHOOK_DELIVERIES`, `BENCH_WEBHOOK_CASES`, `BENCH_WEBHOOK_CONCURRENCY`).',
    '',
  ];
  writeFileSync(path.join(dir, 'issue-18-webhooks.md'), lines.join('\n'));
  log(`  webhooks: pings ${result.pings.perSecond}/s, case.created ${result.cases.perSecond}/s over ${result.cases.cases} cases, raw signed POSTs ${result.raw.perSecond}/s`);
}
