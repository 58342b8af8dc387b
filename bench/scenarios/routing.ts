// Issue 17: a routing decision over a 500-agent push queue, p50/p99 at 200 cases a second, and
// dispatch throughput with 64 routings at once, beside the raw single-row transaction limit of the
// same run. Measured in process over the server's database and key ring (as process-in-process.ts).
//
// A decision is the router's own routeCase(ctx, caseId, 'retry'), one command (one transaction)
// each, with the server's in-transaction subscribers (SLA clocks, process work, routing) wired as
// app.ts wires them: the case read as a routing subject; the enabled rules in force read and tried
// first match first (ten rules made through createRoutingRule: channels, case types, tags, customer
// tiers, one FEEL condition, priority boosts; every bench case matches one of the last two, which
// send complaints to the 500-agent push queue, one of them boosting gold customers' priority);
// branch push (the matching rules ask for none); keep-with-previous (the customer's last handler
// within 7 days, tried first: each customer has several cases); pending offers withdrawn;
// selectAgent over the queue's 500 members (presence, capacity recounted under the SKIP LOCKED
// profile lock, skills, languages, least-loaded); the routing.decision row with every rule
// considered and every candidate's verdict; routing.case_state; the assignment and the priority
// through applyCaseRouting (its own case version: 'retry' is no part of another change); the audit
// event routing.case-routed and the domain event routing.decided.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../packages/server/src/config/config.ts';
import { openKeyRing } from '../../packages/server/src/main.ts';
import { findSystemActorOrThrow } from '../../packages/server/src/modules/access/index.ts';
import { subscribeProcessWork } from '../../packages/server/src/modules/process/index.ts';
import { createRoutingRule, routeCase, subscribeRouting, type RuleActions, type RuleConditions } from '../../packages/server/src/modules/routing/index.ts';
import { subscribeSlaClocks } from '../../packages/server/src/modules/sla/index.ts';
import { systemClock } from '../../packages/server/src/platform/clock/index.ts';
import { createCommandRunner } from '../../packages/server/src/platform/commands/index.ts';
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
  /** The rules in force when the decisions ran (enabled, in match order). */
  rules: number;
  /** Every measured decision (warm-up left out) by its outcome and by the rule that matched. */
  outcomes: Record<string, number>;
  matchedRules: Record<string, number>;
  loadAverage: number[];
}

const POOL_SIZE = 20;
const QUEUE_KEY = 'bench-routing';
/** Cases per customer: keep-with-previous finds the customer's other cases and their handlers. */
const CASES_PER_CUSTOMER = 4;

export async function measureRouting(target: Target, options: RoutingBenchOptions, log: (m: string) => void): Promise<RoutingBenchResult> {
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  const config = loadConfig({ ...process.env, DATABASE_URL: target.databaseUrl, DOCKET_DATA_DIR: target.dataDir, DOCKET_CONFIG: '', LOG_LEVEL: 'silent' });
  const database = openDatabase(target.databaseUrl, POOL_SIZE);
  try {
    log(`  [${target.name}] routing: ${options.agents} agents in a push queue, ${options.cases} cases`);
    const { agentIds, queueIds } = await setUpQueues(client, options.agents);
    // The cases first, while no rule is in force: made through the API, they are not routed at creation.
    const caseIds = await createCases(target, client, options.cases, agentIds);
    const keyRing = await openKeyRing(database, config);
    const commands = createCommandRunner(database, systemClock, keyRing);
    // What else runs inside a command's transaction in the server (app.ts).
    subscribeProcessWork(commands.subscribers);
    subscribeSlaClocks(commands.subscribers);
    subscribeRouting(commands.subscribers);
    const rules = await createRules(commands, await findSystemActorOrThrow(database.db, 'system:seed'), queueIds);
    log(`  [${target.name}] routing: ${rules} rules in force`);
    const actor = await findSystemActorOrThrow(database.db, 'system:routing');
    const benchQueueId = queueIds.get(QUEUE_KEY)!;
    const outcomes: Record<string, number> = {};
    let counting = false;
    const route = async (caseId: string) => {
      const decision = await commands.runCommand({ actor, channel: 'bench' }, (ctx) => routeCase(ctx, caseId, 'retry'));
      // Every decision must be the rules' answer: the 500-agent queue, someone given the case or the case waiting there.
      if ((decision.outcome !== 'assigned' && decision.outcome !== 'queued') || decision.queueId !== benchQueueId) {
        throw new Error(`case ${caseId}: ${decision.outcome} in queue ${decision.queueId}`);
      }
      if (counting) outcomes[decision.outcome] = (outcomes[decision.outcome] ?? 0) + 1;
    };
    for (let i = 0; i < 50; i++) await route(caseIds[i % caseIds.length]!); // warm-up: pool connections, plans, JIT
    counting = true;
    const measuredFrom = new Date();

    log(`  [${target.name}] routing: decisions paced at ${options.perSecond}/s for ${options.seconds} s`);
    const paced = await runPaced(route, caseIds, options.perSecond, options.seconds);
    log(`    ${paced.decisions} decisions, p50 ${paced.p50} ms p99 ${paced.p99} ms (failures ${paced.failures})`);
    log(`  [${target.name}] routing: ${options.concurrency} at once for ${options.seconds} s`);
    const burst = await runBurst(route, caseIds, options.concurrency, options.seconds);
    log(`    ${burst.perSecond} decisions/s p50 ${burst.p50} ms p99 ${burst.p99} ms (failures ${burst.failures}${burst.firstFailure ? `, first: ${burst.firstFailure}` : ''})`);
    // Which rule each measured decision took, read afterwards (not inside the measured transactions).
    const matched = await client.query<{ rule_key: string | null; n: string }>(
      "SELECT rule_key, count(*) AS n FROM routing.decision WHERE trigger = 'retry' AND decided_at >= $1 GROUP BY rule_key ORDER BY rule_key",
      [measuredFrom],
    );
    const matchedRules = Object.fromEntries(matched.rows.map((r) => [r.rule_key ?? 'none', Number(r.n)]));
    log(`    outcomes ${JSON.stringify(outcomes)}, rules matched ${JSON.stringify(matchedRules)}`);
    return { agents: options.agents, cases: options.cases, paced, burst, rules, outcomes, matchedRules, loadAverage: loadavg().map((l) => round(l, 1)) };
  } finally {
    await database.close();
    await client.end();
  }
}

type Commands = ReturnType<typeof createCommandRunner>;
type Actor = Awaited<ReturnType<typeof findSystemActorOrThrow>>;

/**
 * A bank's rule table, first match first, made as the seed makes rules (createRoutingRule as
 * system:seed). The bench cases are complaints by phone or at a branch, standard or gold
 * customers, no tags: each is tried against the eight rules above the last two and matches one of
 * those, which send complaints to the 500-agent push queue (gold customers' raised one step).
 */
const BENCH_RULES: { key: string; name: string; conditions: RuleConditions; queue: string; actions: RuleActions }[] = [
  {
    key: 'hotline-12378',
    name: '12378 hotline to consumer protection',
    conditions: { channels: ['12378'], caseTypes: ['complaint', 'consultation', 'suggestion'] },
    queue: 'bench-cp',
    actions: { priorityBoost: 1 },
  },
  {
    key: 'foreign-in-english',
    name: 'Foreign customers, in English',
    conditions: { tags: ['foreign'], caseTypes: ['complaint', 'consultation', 'suggestion'] },
    queue: 'bench-vip',
    actions: { priorityBoost: 1, requiredLanguages: ['en'], keepWithPreviousHandlerDays: 7 },
  },
  {
    key: 'elderly-vulnerable-first',
    name: 'Elderly and vulnerable customers first',
    conditions: { tags: ['elderly', 'vulnerable'] },
    queue: 'bench-cp',
    actions: { priorityBoost: 1, keepWithPreviousHandlerDays: 7 },
  },
  { key: 'aml-alerts', name: 'Suspicious transactions to AML review', conditions: { caseTypes: ['suspicious-transaction'] }, queue: 'bench-aml', actions: {} },
  { key: 'credit-cases', name: 'Credit applications to credit', conditions: { caseTypes: ['credit-approval'] }, queue: 'bench-credit', actions: {} },
  {
    key: 'private-banking',
    name: 'Private-banking customers to the VIP desk',
    conditions: { customerTiers: ['private', 'diamond'] },
    queue: 'bench-vip',
    actions: { requiredSkills: [{ skill: 'line:private', minLevel: 3 }] },
  },
  {
    key: 'urgent-wealth-mis-selling',
    name: 'Urgent wealth-product complaints to consumer protection',
    conditions: { caseTypes: ['complaint'], feel: 'fields.category = "wealth" and priority = "urgent" and customer.tier != null' },
    queue: 'bench-cp',
    actions: { priorityBoost: 1 },
  },
  {
    key: 'consultations',
    name: 'Consultations and suggestions to the service desk',
    conditions: { caseTypes: ['consultation', 'suggestion'], channels: ['phone', 'branch', 'online'] },
    queue: 'bench-service',
    actions: {},
  },
  {
    key: 'gold-complaints',
    name: 'Gold customers’ complaints, raised one step',
    conditions: { caseTypes: ['complaint'], customerTiers: ['gold'], channels: ['phone', 'branch', 'online'] },
    queue: QUEUE_KEY,
    actions: { priorityBoost: 1, requiredSkills: [{ skill: 'line:retail', minLevel: 2 }], requiredLanguages: ['zh'], keepWithPreviousHandlerDays: 7 },
  },
  {
    key: 'complaints',
    name: 'Complaints to the retail complaints queue',
    conditions: { caseTypes: ['complaint'], channels: ['phone', 'branch', 'online'] },
    queue: QUEUE_KEY,
    actions: { requiredSkills: [{ skill: 'line:retail', minLevel: 2 }], requiredLanguages: ['zh'], keepWithPreviousHandlerDays: 7 },
  },
];

async function createRules(commands: Commands, seedActor: Actor, queueIds: ReadonlyMap<string, string>): Promise<number> {
  for (const rule of BENCH_RULES) {
    await commands.runCommand({ actor: seedActor, channel: 'bench' }, (ctx) =>
      createRoutingRule(ctx, { key: rule.key, name: rule.name, conditions: rule.conditions, actions: { queueId: queueIds.get(rule.queue)!, ...rule.actions } }),
    );
  }
  return BENCH_RULES.length;
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

/**
 * 500 available agents with skills, languages and a capacity nobody reaches, in one least-loaded
 * push queue; the other rules' queues beside it (empty: no bench case goes there).
 */
async function setUpQueues(client: pg.Client, agents: number): Promise<{ agentIds: string[]; queueIds: Map<string, string> }> {
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
  const queueIds = new Map<string, string>();
  for (const key of [QUEUE_KEY, 'bench-cp', 'bench-vip', 'bench-aml', 'bench-credit', 'bench-service']) {
    const queueId = randomUUID();
    await client.query("INSERT INTO routing.queue (id, key, name, strategy, mode, created_at, updated_at) VALUES ($1, $2, $2, 'least-loaded', $3, now(), now())", [
      queueId,
      key,
      key === 'bench-aml' ? 'pull' : 'push',
    ]);
    queueIds.set(key, queueId);
  }
  await client.query('INSERT INTO routing.queue_member (queue_id, user_id) SELECT $1, id FROM unnest($2::uuid[]) AS a(id)', [queueIds.get(QUEUE_KEY), ids]);
  return { agentIds: ids, queueIds };
}

/**
 * Cases made through the API (their sealed fields open only for their own id), given to the agents
 * round-robin: load to count. Each customer has CASES_PER_CUSTOMER of them (keep-with-previous).
 */
async function createCases(target: Target, client: pg.Client, howMany: number, agentIds: string[]): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < howMany; i = next++) {
        const body = complaintBody(i);
        const customer = Math.floor(i / CASES_PER_CUSTOMER);
        const res = await api<{ id: string }>(target, 'POST', '/api/v1/cases', {
          ...body,
          customer: { id: `C${String(100_000 + customer).padStart(8, '0')}`, tier: customer % 5 === 0 ? 'gold' : 'standard' },
          queue: undefined,
        });
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

export const ROUTING_GOALS = { decisionP99Ms: 5 };

export function routingGoals(result: RoutingBenchResult | undefined): { name: string; goal: string; measured: string; reached: boolean }[] {
  if (!result) return [];
  return [
    {
      name: `routing decision (routeCase: ${result.rules} rules, then dispatch over ${result.agents} agents) at ${result.paced.perSecond} cases/s (issue 17)`,
      goal: `p99 ≤ ${ROUTING_GOALS.decisionP99Ms} ms`,
      measured: `p50 ${result.paced.p50} ms, p99 ${result.paced.p99} ms, max ${result.paced.max} ms (${result.paced.decisions} decisions, ${result.paced.achievedPerSecond}/s achieved, ${result.paced.failures} failed)`,
      reached: result.paced.p99 <= ROUTING_GOALS.decisionP99Ms && result.paced.failures === 0,
    },
  ];
}

const tally = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || 'none';

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
    `- A decision: routeCase(ctx, caseId, 'retry') in one command (one transaction), with the server's in-transaction subscribers: the case read as a routing subject, the ${result.rules} enabled rules in force tried first match first (channels, case types, tags, customer tiers, a FEEL condition, priority boosts; each bench complaint fails the eight or nine above and matches one of the last two, which send it to the ${result.agents}-agent push queue, gold customers raised one step), keep-with-previous (the customer's last handler within 7 days tried first; ${CASES_PER_CUSTOMER} cases per customer), pending offers withdrawn, selectAgent over ${result.agents} members (10 % away; skills, languages, capacity by channel), the chosen agent's profile locked (SKIP LOCKED) and their load recounted, the routing.decision row with every rule considered and all ${result.agents} verdicts, routing.case_state, the assignment and priority (applyCaseRouting), the audit event and routing.decided. ${result.cases} cases made through the API and given to the agents first, so loads are counted over real rows.`,
    `- Outcomes of the measured decisions: ${tally(result.outcomes)}; rules matched: ${tally(result.matchedRules)}.`,
    '',
    'Run: `BENCH_ONLY=routing BENCH_TARGETS=server npm run bench` (`BENCH_ROUTING_AGENTS`, `BENCH_ROUTING_CASES`, `BENCH_ROUTING_PER_SECOND`, `BENCH_ROUTING_SECONDS`, `BENCH_ROUTING_CONCURRENCY`).',
    '',
  ];
  // The reading of a run is written by hand below the figures: kept until it is rewritten.
  const file = path.join(dir, 'issue-17-routing.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const reading = previous.indexOf('\n## Reading');
  writeFileSync(file, lines.join('\n') + (reading >= 0 ? previous.slice(reading + 1) : ''));
}
