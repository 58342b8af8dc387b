// Issue 17: a routing decision over a 500-agent push queue, p50/p99 at 200 cases a second, and
// dispatch throughput with 64 routings at once, beside the raw single-row transaction limit of the
// same run. Measured in process over the server's database and key ring (as process-in-process.ts).
//
// Until helper B's routeCase (rules, branch push, keep-with-previous) is merged, a decision here is
// dispatch's rule-free path: selectAgent over the queue's 500 members (presence, capacity recounted
// under the SKIP LOCKED profile lock, skills, languages, least-loaded), the assignment through
// applyCaseRouting, the routing.decision row with every candidate's verdict, routing.case_state,
// the audit event and the domain event, one transaction per decision.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../packages/server/src/config/config.ts';
import { openKeyRing } from '../../packages/server/src/main.ts';
import { findSystemActorOrThrow } from '../../packages/server/src/modules/access/index.ts';
import { recordAuditEvent } from '../../packages/server/src/modules/audit/index.ts';
import { applyCaseRouting } from '../../packages/server/src/modules/cases/index.ts';
import { recordDispatchDecision } from '../../packages/server/src/modules/routing/dispatch/dispatch-decision.ts';
import { selectAgent } from '../../packages/server/src/modules/routing/dispatch/select-agent.ts';
import { findQueue } from '../../packages/server/src/modules/routing/queues/queue-store.ts';
import type { RoutingSubject } from '../../packages/server/src/modules/routing/model.ts';
import { systemClock } from '../../packages/server/src/platform/clock/index.ts';
import { type CommandRunner, createCommandRunner } from '../../packages/server/src/platform/commands/index.ts';
import { openDatabase } from '../../packages/server/src/platform/db/database.ts';
import { complaintBody } from './data.ts';
import { percentile, round } from './http-load.ts';
import { api, type Target } from './target.ts';

export interface RoutingBenchOptions {
  agents: number;
  cases: number;
  perSecond: number;
  seconds: number;
  concurrency: number;
}

export interface RoutingBenchResult {
  agents: number;
  cases: number;
  paced: { perSecond: number; seconds: number; decisions: number; achievedPerSecond: number; p50: number; p99: number; max: number; failures: number };
  burst: { concurrency: number; seconds: number; decisions: number; perSecond: number; p50: number; p99: number; failures: number; firstFailure?: string };
  loadAverage: number[];
}

const POOL_SIZE = 20;
const QUEUE_KEY = 'bench-routing';

export async function measureRouting(target: Target, options: RoutingBenchOptions, log: (m: string) => void): Promise<RoutingBenchResult> {
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  const config = loadConfig({ ...process.env, DATABASE_URL: target.databaseUrl, DOCKET_DATA_DIR: target.dataDir, DOCKET_CONFIG: '', LOG_LEVEL: 'silent' });
  const database = openDatabase(target.databaseUrl, POOL_SIZE);
  try {
    log(`  [${target.name}] routing: ${options.agents} agents in a push queue, ${options.cases} cases`);
    const agentIds = await setUpQueue(client, options.agents);
    const caseIds = await createCases(target, client, options.cases, agentIds);
    const keyRing = await openKeyRing(database, config);
    const commands = createCommandRunner(database, systemClock, keyRing);
    const actor = await findSystemActorOrThrow(database.db, 'system:routing');
    const route = (caseId: string) => commands.runCommand({ actor, channel: 'bench' }, (ctx) => routeRuleFree(ctx, caseId));
    for (let i = 0; i < 50; i++) await route(caseIds[i % caseIds.length]!); // warm-up: pool connections, plans, JIT

    log(`  [${target.name}] routing: decisions paced at ${options.perSecond}/s for ${options.seconds} s`);
    const paced = await runPaced(route, caseIds, options.perSecond, options.seconds);
    log(`    ${paced.decisions} decisions, p50 ${paced.p50} ms p99 ${paced.p99} ms`);
    log(`  [${target.name}] routing: ${options.concurrency} at once for ${options.seconds} s`);
    const burst = await runBurst(route, caseIds, options.concurrency, options.seconds);
    log(`    ${burst.perSecond} decisions/s p50 ${burst.p50} ms p99 ${burst.p99} ms (failures ${burst.failures})`);
    return { agents: options.agents, cases: options.cases, paced, burst, loadAverage: loadavg().map((l) => round(l, 1)) };
  } finally {
    await database.close();
    await client.end();
  }
}

type Ctx = Parameters<Parameters<CommandRunner['runCommand']>[1]>[0];

/** Dispatch's rule-free decision: the case back in the queue, selectAgent, the assignment, the decision, the audit event. */
async function routeRuleFree(ctx: Ctx, caseId: string): Promise<void> {
  const queue = (await findQueue(ctx.tx, QUEUE_KEY))!;
  const { before } = await applyCaseRouting(ctx, caseId, { assigneeId: null });
  const selection = await selectAgent(ctx, {
    queue,
    subject: subjectOf(caseId, before.typeKey, before.channel, before.priority),
    requiredSkills: [{ skill: 'line:retail', minLevel: 2 }],
    requiredLanguages: ['zh'],
  });
  if (selection.chosenUserId) await applyCaseRouting(ctx, caseId, { assigneeId: selection.chosenUserId });
  const decisionId = await recordDispatchDecision(ctx, {
    caseId,
    trigger: 'retry',
    outcome: selection.chosenUserId ? 'assigned' : 'queued',
    queueId: queue.id,
    previousQueueId: queue.id,
    assigneeId: selection.chosenUserId,
    previousAssigneeId: before.assigneeId,
    candidates: selection.candidates,
  });
  await recordAuditEvent(ctx, { action: 'routing.case-routed', targetType: 'case', targetId: caseId, caseId, data: { decisionId, trigger: 'retry', candidates: selection.candidates.length } });
}

async function runPaced(route: (caseId: string) => Promise<void>, caseIds: string[], perSecond: number, seconds: number): Promise<RoutingBenchResult['paced']> {
  const total = perSecond * seconds;
  const times: number[] = [];
  let failures = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const dueAt = started + (i * 1000) / perSecond;
    const wait = dueAt - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Each decision on its own case among those not in flight: 200/s over the case pool round-robin.
    const caseId = caseIds[i % caseIds.length]!;
    const at = performance.now();
    inFlight.push(
      route(caseId).then(
        () => void times.push(performance.now() - at),
        () => void failures++,
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    perSecond,
    seconds,
    decisions: times.length,
    achievedPerSecond: round(times.length / elapsed, 0),
    p50: round(percentile(times, 50), 2),
    p99: round(percentile(times, 99), 2),
    max: round(times.at(-1) ?? 0, 2),
    failures,
  };
}

async function runBurst(route: (caseId: string) => Promise<void>, caseIds: string[], concurrency: number, seconds: number): Promise<RoutingBenchResult['burst']> {
  const times: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  // Lane k routes cases k, k + concurrency, …: no two lanes touch one case (its version would race).
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      for (let i = lane; performance.now() < deadline; i += concurrency) {
        const at = performance.now();
        try {
          await route(caseIds[i % caseIds.length]!);
          times.push(performance.now() - at);
        } catch (error) {
          failures++;
          firstFailure ??= (error as Error).message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    concurrency,
    seconds,
    decisions: times.length,
    perSecond: round(times.length / elapsed, 0),
    p50: round(percentile(times, 50), 2),
    p99: round(percentile(times, 99), 2),
    failures,
    ...(firstFailure ? { firstFailure } : {}),
  };
}

/** 500 available agents with skills, languages and a capacity nobody reaches, in one least-loaded push queue. */
async function setUpQueue(client: pg.Client, agents: number): Promise<string[]> {
  const ids = Array.from({ length: agents }, () => randomUUID());
  await client.query(
    `INSERT INTO access.user (id, username, display_name, password_hash, roles)
     SELECT id, 'bench.route.' || i, 'Bench agent ' || i, NULL, '{agent}' FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, i)`,
    [ids],
  );
  await client.query(
    `INSERT INTO routing.agent_profile (user_id, skills, languages, capacity, presence, presence_changed_at, last_seen_at, updated_at)
     SELECT id, jsonb_build_array(jsonb_build_object('skill', 'line:retail', 'level', 1 + (i % 5))), '{zh,en}',
            '{"total": 1000, "byChannel": {"phone": 500}, "byCaseType": {}}'::jsonb,
            CASE WHEN i % 10 = 0 THEN 'away' ELSE 'available' END, now(), now() + interval '1 day', now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, i)`,
    [ids],
  );
  const queueId = randomUUID();
  await client.query("INSERT INTO routing.queue (id, key, name, strategy, mode, created_at, updated_at) VALUES ($1, $2, $2, 'least-loaded', 'push', now(), now())", [queueId, QUEUE_KEY]);
  await client.query('INSERT INTO routing.queue_member (queue_id, user_id) SELECT $1, id FROM unnest($2::uuid[]) AS a(id)', [queueId, ids]);
  return ids;
}

/** Cases made through the API (their sealed fields open only for their own id), given to the agents round-robin: load to count. */
async function createCases(target: Target, client: pg.Client, howMany: number, agentIds: string[]): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < howMany; i = next++) {
        const res = await api<{ id: string }>(target, 'POST', '/api/v1/cases', { ...complaintBody(i), queue: undefined });
        if (res.status !== 201) throw new Error(`case: ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.id);
      }
    }),
  );
  await client.query(
    `UPDATE cases.case c SET assignee_id = ($2::uuid[])[1 + (a.i % array_length($2::uuid[], 1))], queue = NULL FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, i) WHERE c.id = a.id`,
    [ids, agentIds],
  );
  return ids;
}

function subjectOf(caseId: string, caseType: string, channel: string | null, priority: string): RoutingSubject {
  return {
    kind: 'case',
    caseId,
    taskId: null,
    caseType,
    channel,
    source: null,
    category: null,
    product: null,
    customerId: null,
    customerTier: null,
    customerRegion: null,
    customerBranch: null,
    customerAddress: null,
    tags: [],
    riskLevel: null,
    slaState: null,
    priority,
    departmentId: null,
    queueId: null,
    assigneeId: null,
    processKey: null,
    taskElementId: null,
  };
}

export const ROUTING_GOALS = { decisionP99Ms: 5 };

export function routingGoals(result: RoutingBenchResult | undefined): { name: string; goal: string; measured: string; reached: boolean }[] {
  if (!result) return [];
  return [
    {
      name: `routing decision (candidate scoring over ${result.agents} agents, rule-free path) at ${result.paced.perSecond} cases/s (issue 17)`,
      goal: `p99 ≤ ${ROUTING_GOALS.decisionP99Ms} ms`,
      measured: `p50 ${result.paced.p50} ms, p99 ${result.paced.p99} ms, max ${result.paced.max} ms (${result.paced.decisions} decisions, ${result.paced.achievedPerSecond}/s achieved, ${result.paced.failures} failed)`,
      reached: result.paced.p99 <= ROUTING_GOALS.decisionP99Ms && result.paced.failures === 0,
    },
  ];
}

export function writeRoutingReport(dir: string, target: Target, result: RoutingBenchResult, raw: string): void {
  const goals = routingGoals(result);
  const lines = [
    '# Issue 17 — routing and dispatch bench',
    '',
    `Target: ${target.name} (PostgreSQL ${target.postgresVersion}), Docket pool ${POOL_SIZE} in process, load average ${result.loadAverage.join(' ')} at the end. ${raw}.`,
    '',
    '| goal | target | measured | reached |',
    '| --- | --- | --- | --- |',
    ...goals.map((g) => `| ${g.name} | ${g.goal} | ${g.measured} | ${g.reached ? 'yes' : 'no'} |`),
    '',
    `- Dispatch under ${result.burst.concurrency} routings at once for ${result.burst.seconds} s: ${result.burst.perSecond} decisions/s, p50 ${result.burst.p50} ms, p99 ${result.burst.p99} ms, ${result.burst.failures} failed${result.burst.firstFailure ? ` (first: ${result.burst.firstFailure})` : ''}.`,
    `- A decision: the case back in the queue and selectAgent over ${result.agents} members (10 % away; skills, languages, capacity by channel), the chosen agent's profile locked (SKIP LOCKED) and their load recounted, the assignment (applyCaseRouting), the routing.decision row with all ${result.agents} verdicts, routing.case_state, the audit event and routing.decided, in one transaction. ${result.cases} cases made through the API and given to the agents first, so loads are counted over real rows.`,
    "- Rules are not in this figure: helper B's routeCase (rules, branch push, keep-with-previous) was not merged when it was measured; re-run after the merge.",
    '',
    'Run: `BENCH_ONLY=routing BENCH_TARGETS=server npm run bench` (`BENCH_ROUTING_AGENTS`, `BENCH_ROUTING_CASES`, `BENCH_ROUTING_PER_SECOND`, `BENCH_ROUTING_SECONDS`, `BENCH_ROUTING_CONCURRENCY`).',
    '',
  ];
  writeFileSync(path.join(dir, 'issue-17-routing.md'), lines.join('\n'));
}
