// Issue 16's SLA scheduler figures (BENCH_ONLY=sla): open cases with running clocks loaded in SQL,
// the scheduler's CPU while a million clocks wait in the future, then bursts of deadlines falling
// due at a set rate and the lag between each one's due time and its firing.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { round } from './http-load.ts';
import { loadCases, type LoadMillionResult } from './load-million.ts';
import type { Target } from './target.ts';

export interface SlaBenchOptions {
  /** Cases loaded, all open, each with a running clock. */
  cases: number;
  /** Deadlines falling due per second during the burst. */
  perSecond: number;
  /** How long the burst lasts. */
  seconds: number;
  /** How long the idle CPU is measured. */
  idleSeconds: number;
}

export interface SlaBenchResult {
  load?: LoadMillionResult;
  clocks: number;
  clockLoadSeconds: number;
  idle?: {
    seconds: number;
    cpuMs: number;
    shareOfCore: number;
    /** The scheduler's own part: its idle probe (the query it runs every poll interval), CPU per probe on the client side, ms. */
    probeCpuMs: number;
    /** probeCpuMs × probes per second at the default 250 ms poll, as a share of a core (%). */
    schedulerShareOfCore: number;
  };
  burst?: {
    deadlines: number;
    perSecond: number;
    seconds: number;
    fired: number;
    /** Due time → the firing's row written (the database's clock), ms. */
    lagMs: { p50: number; p99: number; max: number };
    firstDueToLastFiredSeconds: number;
    late: number;
  };
  errors: { part: string; error: string }[];
  seconds: number;
}

// The clocks of the loaded cases: 30 days of 24×7 time, a warning at 75 %, the breach, 2 h after.
const LEVELS = JSON.stringify([
  { index: 0, at: { kind: 'share', share: 0.75 }, actions: [] },
  { index: 1, at: { kind: 'breach' }, actions: [] },
  { index: 2, at: { kind: 'after-due', duration: 'PT2H' }, actions: [] },
]);
const BUDGET_SECONDS = 30 * 24 * 3600;

export async function measureSla(target: Target, options: SlaBenchOptions, log: (m: string) => void): Promise<SlaBenchResult> {
  const t0 = performance.now();
  const result: SlaBenchResult = { clocks: 0, clockLoadSeconds: 0, errors: [], seconds: 0 };
  const part = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      result.errors.push({ part: name, error: (error as Error).stack ?? String(error) });
      log(`  [${target.name}] ${name} failed: ${(error as Error).message}`);
    }
  };
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  try {
    await part('load', async () => {
      log(`  [${target.name}] loading ${options.cases.toLocaleString('en')} cases in SQL`);
      result.load = await loadCases(target.databaseUrl, target.adminId, options.cases, log);
      // The bench's book has the usual status mix; here every case is open, so the clocks number the cases.
      await client.query(`UPDATE cases.case SET status = 'open', status_category = 'open', resolved_at = NULL, closed_at = NULL WHERE status_category <> 'open'`);
      log(`  [${target.name}] a clock on every case`);
      const t1 = performance.now();
      const { rows: calendar } = await client.query<{ id: string; current_version: number }>("SELECT id, current_version FROM sla.calendar WHERE key = 'always-open'");
      // Started within the last day: the warnings fall 21½–22½ days ahead, never during the bench.
      await client.query(
        `INSERT INTO sla.target (id, case_id, key, kind, calendar_id, calendar_version, priority, budget_seconds, levels, state, started_at, running_since, due_at, next_fire_at, created_at, updated_at)
         SELECT gen_random_uuid(), c.id, 'resolution', 'resolution', $1, $2, c.priority, $3::bigint, $4::jsonb, 'running', s.t, s.t, s.t + $3::float8 * interval '1 second', s.t + 0.75 * $3::float8 * interval '1 second', now(), now()
           FROM cases.case c CROSS JOIN LATERAL (SELECT now() - (hashtext(c.id::text) & 65535) * interval '1 second' AS t) s
          WHERE c.status_category = 'open'`,
        [calendar[0]!.id, calendar[0]!.current_version, BUDGET_SECONDS, LEVELS],
      );
      await client.query('VACUUM ANALYZE sla.target');
      result.clocks = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM sla.target')).rows[0]!.n);
      result.clockLoadSeconds = round((performance.now() - t1) / 1000, 1);
      log(`    ${result.clocks.toLocaleString('en')} running clocks in ${result.clockLoadSeconds} s`);
    });

    await part('idle', async () => {
      // Settle first: what the load left to sequence in the audit ledger is not the scheduler's idle cost.
      await new Promise((r) => setTimeout(r, 10_000));
      log(`  [${target.name}] Docket's CPU over ${options.idleSeconds} s with ${result.clocks.toLocaleString('en')} clocks due in the future`);
      const before = await target.serverCpuMs();
      await new Promise((r) => setTimeout(r, options.idleSeconds * 1000));
      const cpuMs = (await target.serverCpuMs()) - before;
      // The scheduler's own part: the probe it runs every 250 ms when idle, timed here on a client like its own.
      const probes = 400;
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < probes; i++) await client.query("SELECT id FROM sla.target WHERE next_fire_at <= $1 AND state = 'running' LIMIT 1", [new Date()]);
      const cpu1 = process.cpuUsage(cpu0);
      const probeCpuMs = (cpu1.user + cpu1.system) / 1000 / probes;
      result.idle = {
        seconds: options.idleSeconds,
        cpuMs: round(cpuMs, 0),
        shareOfCore: round((100 * cpuMs) / (options.idleSeconds * 1000), 2),
        probeCpuMs: round(probeCpuMs, 3),
        schedulerShareOfCore: round((100 * probeCpuMs * 4) / 1000, 3),
      };
      log(`    ${result.idle.cpuMs} ms of CPU = ${result.idle.shareOfCore} % of a core (the whole process: scheduler, job runner, outbox, ledger)`);
      log(`    the scheduler's probe: ${result.idle.probeCpuMs} ms of CPU each, 4 a second = ${result.idle.schedulerShareOfCore} % of a core`);
    });

    await part('burst', async () => {
      const deadlines = Math.min(options.perSecond * options.seconds, result.clocks);
      log(`  [${target.name}] ${deadlines.toLocaleString('en')} breaches due at ${options.perSecond.toLocaleString('en')}/s from 5 s ahead`);
      // The chosen clocks' breach moves to start + k / perSecond (the warning counted as fired), so
      // exactly one level each falls due in the burst; the after-breach level stays 2 h ahead.
      await client.query(
        `WITH chosen AS (
           SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM sla.target WHERE state = 'running' ORDER BY id LIMIT $1::bigint
         ), start AS (SELECT date_trunc('second', now()) + interval '5 seconds' AS s)
         UPDATE sla.target t
            SET fired_levels = '{0}', at_risk_at = now(),
                running_since = start.s + (chosen.k::float8 / $2::float8) * interval '1 second' - $3::float8 * interval '1 second',
                due_at = start.s + (chosen.k::float8 / $2::float8) * interval '1 second',
                next_fire_at = start.s + (chosen.k::float8 / $2::float8) * interval '1 second'
           FROM chosen, start WHERE t.id = chosen.id`,
        [deadlines, options.perSecond, BUDGET_SECONDS],
      );
      const deadline = Date.now() + (options.seconds + 180) * 1000;
      let fired = 0;
      while (Date.now() < deadline) {
        fired = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM sla.firing WHERE kind = 'breach'")).rows[0]!.n);
        if (fired >= deadlines) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const { rows } = await client.query<{ p50: number; p99: number; max: number; span: number; late: string }>(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - due_at)) * 1000 AS p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - due_at)) * 1000 AS p99,
                max(extract(epoch FROM recorded_at - due_at)) * 1000 AS max,
                extract(epoch FROM max(recorded_at) - min(due_at)) AS span,
                count(*) FILTER (WHERE late) AS late
           FROM sla.firing WHERE kind = 'breach'`,
      );
      const r = rows[0]!;
      result.burst = {
        deadlines,
        perSecond: options.perSecond,
        seconds: options.seconds,
        fired,
        lagMs: { p50: round(Number(r.p50), 0), p99: round(Number(r.p99), 0), max: round(Number(r.max), 0) },
        firstDueToLastFiredSeconds: round(Number(r.span), 1),
        late: Number(r.late),
      };
      log(
        `    fired ${fired}/${deadlines}; lag p50 ${result.burst.lagMs.p50} ms p99 ${result.burst.lagMs.p99} ms max ${result.burst.lagMs.max} ms; first due → last fired ${result.burst.firstDueToLastFiredSeconds} s`,
      );
    });
  } finally {
    await client.end();
  }
  result.seconds = round((performance.now() - t0) / 1000, 0);
  return result;
}

export const SLA_GOALS = { lagP99Ms: 1_000, idleShareOfCore: 1 };

export function slaGoals(result: SlaBenchResult | undefined): { name: string; goal: string; measured: string; reached: boolean }[] {
  if (!result) return [];
  const goals = [];
  if (result.burst) {
    goals.push({
      name: `SLA firing lag (due → fired), ${result.burst.deadlines.toLocaleString('en')} breaches at ${result.burst.perSecond.toLocaleString('en')}/s over ${result.clocks.toLocaleString('en')} running clocks (issue 16)`,
      goal: `p99 ≤ ${SLA_GOALS.lagP99Ms} ms`,
      measured: `p50 ${result.burst.lagMs.p50} ms, p99 ${result.burst.lagMs.p99} ms, max ${result.burst.lagMs.max} ms (${result.burst.fired} fired)`,
      reached: result.burst.fired === result.burst.deadlines && result.burst.lagMs.p99 <= SLA_GOALS.lagP99Ms,
    });
  }
  if (result.idle) {
    goals.push({
      name: `SLA scheduler's CPU while idle with ${result.clocks.toLocaleString('en')} clocks pending (its probe every 250 ms) (issue 16)`,
      goal: `≤ ${SLA_GOALS.idleShareOfCore} % of a core`,
      measured: `${result.idle.schedulerShareOfCore} % (${result.idle.probeCpuMs} ms per probe)`,
      reached: result.idle.schedulerShareOfCore <= SLA_GOALS.idleShareOfCore,
    });
    goals.push({
      name: `Docket's CPU while idle with ${result.clocks.toLocaleString('en')} clocks pending, over ${result.idle.seconds} s (issue 16)`,
      goal: `≤ ${SLA_GOALS.idleShareOfCore} % of a core`,
      measured: `${result.idle.shareOfCore} % (${result.idle.cpuMs} ms)`,
      reached: result.idle.shareOfCore <= SLA_GOALS.idleShareOfCore,
    });
  }
  return goals;
}

/** bench/results/issue-16-sla.md: the figures, the goals, and how the machine stood. */
export function writeSlaReport(dir: string, target: Target, result: SlaBenchResult, note: string): void {
  const lines = [
    '# Issue 16 — SLA scheduler bench',
    '',
    `Target: ${target.name} (${target.postgresVersion.split(' ').slice(0, 2).join(' ')}), Docket pool ${target.dbPoolSize}, ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end. ${note}.`,
    '',
    ...(result.load && result.load.rows < 1_000_000
      ? [
          `**Dry run**: ${result.load.rows.toLocaleString('en')} cases, not the 1,000,000 of the goal (\`BENCH_SLA_CASES\`). The figures below say whether the scenario works; compare the lag with the raw single-row transactions above before reading it as the scheduler's.`,
          '',
        ]
      : []),
    '| goal | target | measured | reached |',
    '| --- | --- | --- | --- |',
    ...slaGoals(result).map((g) => `| ${g.name} | ${g.goal} | ${g.measured} | ${g.reached ? 'yes' : 'no'} |`),
    '',
    `- Load: ${result.load ? `${result.load.rows.toLocaleString('en')} cases in ${result.load.totalSeconds} s, all set open` : 'failed'}; ${result.clocks.toLocaleString('en')} running clocks (24×7 calendar, 30-day budget, warning at 75 %, breach, 2 h after) in ${result.clockLoadSeconds} s.`,
    result.burst
      ? `- Burst: ${result.burst.fired}/${result.burst.deadlines} breaches fired; first due → last fired ${result.burst.firstDueToLastFiredSeconds} s; ${result.burst.late} marked late (> 60 s).`
      : '- Burst: failed.',
    result.idle
      ? `- Idle: ${result.idle.cpuMs} ms of CPU in ${result.idle.seconds} s = ${result.idle.shareOfCore} % of a core for the whole Docket process (audit sequencer, job runner, outbox dispatcher, SLA scheduler); the scheduler's own probe (one indexed query every 250 ms) ${result.idle.probeCpuMs} ms each = ${result.idle.schedulerShareOfCore} % of a core.`
      : '- Idle: failed.',
    '',
    'Run: `BENCH_ONLY=sla BENCH_TARGETS=server npm run bench` (`BENCH_SLA_CASES`, `BENCH_SLA_PER_SECOND`, `BENCH_SLA_SECONDS`, `BENCH_SLA_IDLE_SECONDS`; `BENCH_SCRATCH_DATABASE` for a database of its own).',
    ...result.errors.map((e) => `- Error in ${e.part}: ${e.error.split('\n')[0]}`),
    '',
  ];
  writeFileSync(path.join(dir, 'issue-16-sla.md'), lines.join('\n'));
}
