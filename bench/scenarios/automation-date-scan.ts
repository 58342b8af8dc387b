// Issue 21's time-trigger figure (BENCH_ONLY=automation-date-scan): a date rule's daily scan
// ("7 days before birthday", yearly) over 1,000,000 customer records finds the day's due records
// in ≤ 1 s. The records and their objects.record_date rows are loaded with generate_series; the
// scan is the module's own function (dueSubjectsForDateTrigger: one statement over the
// record_date month_day index, joined to the live records, less those already run), called in
// the bench process over a pool, warm, for several scan days; each day's statement is EXPLAINed
// (ANALYZE, BUFFERS). Also: a day scanned again after its runs (all excluded), and the whole scan
// job's database work for a day (find + schedule one run job per due record), rolled back.
//
// Alone, on any migrated database or a fresh one it migrates:
//   node --conditions=@docket/source --import tsx bench/scenarios/automation-date-scan.ts postgres://postgres@127.0.0.1:5432/<db>
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { dueSubjectsForDateTrigger, scanDateRuleDay } from '../../packages/server/src/modules/automation/index.ts';
import type { CommandContext } from '../../packages/server/src/platform/commands/index.ts';
import { openDatabase } from '../../packages/server/src/platform/db/database.ts';
import { percentile, round } from './http-load.ts';
import type { Target } from './target.ts';

export interface DateScanBenchOptions {
  /** Customer records loaded, each with a birthday. */
  records: number;
  /** Timed calls per scan day (after warm-up). */
  repeats: number;
}

interface DayFigure {
  day: string;
  target: string;
  due: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  explainMs: number;
  plan: string;
}

export interface DateScanBenchResult {
  records: number;
  loadSeconds: number;
  tableSizes: string;
  days: DayFigure[];
  /** Every timed call of every day. */
  overall: { calls: number; p50Ms: number; p95Ms: number; maxMs: number };
  rescan?: { day: string; due: number; p50Ms: number; p95Ms: number };
  scanJob?: { day: string; scheduled: number; ms: number };
  sql?: string;
  errors: { part: string; error: string }[];
  seconds: number;
}

/** Scan days: ordinary, the year boundary (birthdays 1–7 January), 28 February 2027 (29 February birthdays observed), a leap year's 22 February. */
const SCAN_DAYS = ['2026-12-06', '2026-12-27', '2027-02-21', '2027-06-15', '2028-02-22'];
const TYPE_ID = '00000000-0000-4000-a000-0000000021e0';
const RULE_ID = '00000000-0000-4000-a000-0000000021e1';
const TRIGGER = { kind: 'date', objectType: 'bench-customer', field: 'birthday', offsetDays: -7, recurrence: 'yearly', at: '09:00', timeZone: 'Asia/Shanghai' };

export const DATE_SCAN_GOAL_MS = 1_000;

/** Loads the records (once per database: a second run reuses them), then times the scan. */
export async function measureDateScan(databaseUrl: string, options: DateScanBenchOptions, log: (m: string) => void): Promise<DateScanBenchResult> {
  const t0 = performance.now();
  const result: DateScanBenchResult = { records: options.records, loadSeconds: 0, tableSizes: '', days: [], overall: { calls: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 }, errors: [], seconds: 0 };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const database = openDatabase(databaseUrl, 4);
  try {
    const loadStart = performance.now();
    await loadRecords(client, options.records, log);
    result.loadSeconds = round((performance.now() - loadStart) / 1000, 1);
    result.tableSizes = (
      await client.query<{ s: string }>(
        `SELECT format('objects.record %s + indexes %s; objects.record_date %s + indexes %s',
           pg_size_pretty(pg_table_size('objects.record')), pg_size_pretty(pg_indexes_size('objects.record')),
           pg_size_pretty(pg_table_size('objects.record_date')), pg_size_pretty(pg_indexes_size('objects.record_date'))) AS s`,
      )
    ).rows[0]!.s;
    log(`    ${result.tableSizes}`);
    const rule = { id: RULE_ID, trigger: TRIGGER };
    const all: number[] = [];
    for (const day of SCAN_DAYS) {
      // Warm: the first call reads the pages; the figure is the steady state of a daily job.
      const [statement] = await captureStatements(() => dueSubjectsForDateTrigger(database.db, rule, day));
      for (let i = 0; i < 3; i++) await dueSubjectsForDateTrigger(database.db, rule, day);
      const times: number[] = [];
      let due = 0;
      for (let i = 0; i < options.repeats; i++) {
        const s = performance.now();
        due = (await dueSubjectsForDateTrigger(database.db, rule, day)).length;
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      const explained = statement ? await explain(client, statement.text, statement.values) : { plan: 'not captured', executionMs: Number.NaN };
      const figure: DayFigure = {
        day,
        target: addDays(day, 7),
        due,
        p50Ms: round(percentile(times, 50), 1),
        p95Ms: round(percentile(times, 95), 1),
        maxMs: round(times[times.length - 1]!, 1),
        explainMs: round(explained.executionMs, 1),
        plan: explained.plan,
      };
      result.days.push(figure);
      result.sql ??= statement?.text;
      log(`    scan of ${day} (birthdays on ${figure.target}): ${due} due; p50 ${figure.p50Ms} ms p95 ${figure.p95Ms} ms max ${figure.maxMs} ms; EXPLAIN ANALYZE ${figure.explainMs} ms`);
    }
    all.sort((a, b) => a - b);
    result.overall = { calls: all.length, p50Ms: round(percentile(all, 50), 1), p95Ms: round(percentile(all, 95), 1), maxMs: round(all[all.length - 1]!, 1) };

    // The whole scan job's database work for a day: find, then one run job per due record; rolled back.
    try {
      const day = SCAN_DAYS[0]!;
      const s = performance.now();
      let scheduled = 0;
      await database.db
        .transaction()
        .execute(async (tx) => {
          scheduled = await scanDateRuleDay({ tx, now: new Date() } as CommandContext, rule, day);
          throw new RollBack();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RollBack)) throw error;
        });
      result.scanJob = { day, scheduled, ms: round(performance.now() - s, 0) };
      log(`    scan job of ${day} (find + schedule ${scheduled} run jobs, rolled back): ${result.scanJob.ms} ms`);
    } catch (error) {
      result.errors.push({ part: 'scan job', error: (error as Error).stack ?? String(error) });
    }

    // A day scanned again after its runs happened: the NOT EXISTS on automation.run leaves every record out.
    try {
      const day = SCAN_DAYS[1]!;
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO automation.run (id, rule_id, rule_version, trigger_kind, trigger_detail, subject_type, subject_id, occurrence, status, started_at, finished_at)
         SELECT gen_random_uuid(), $1, 1, 'date', 'date:birthday', 'record', s.id, $2, 'succeeded', now(), now() FROM unnest($3::uuid[]) AS s(id)`,
        [RULE_ID, addDays(day, 7), (await dueSubjectsForDateTrigger(database.db, rule, day)).map((s) => s.subjectId)],
      );
      await client.query('COMMIT');
      const times: number[] = [];
      let due = 0;
      for (let i = 0; i < options.repeats + 3; i++) {
        const s = performance.now();
        due = (await dueSubjectsForDateTrigger(database.db, rule, day)).length;
        if (i >= 3) times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      result.rescan = { day, due, p50Ms: round(percentile(times, 50), 1), p95Ms: round(percentile(times, 95), 1) };
      log(`    scan of ${day} again after its runs: ${due} due; p50 ${result.rescan.p50Ms} ms p95 ${result.rescan.p95Ms} ms`);
      await client.query('DELETE FROM automation.run WHERE rule_id = $1', [RULE_ID]);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      result.errors.push({ part: 'rescan', error: (error as Error).stack ?? String(error) });
    }
  } catch (error) {
    result.errors.push({ part: 'scan', error: (error as Error).stack ?? String(error) });
    log(`    date scan failed: ${(error as Error).message}`);
  } finally {
    await database.close();
    await client.end();
  }
  result.seconds = round((performance.now() - t0) / 1000, 0);
  return result;
}

class RollBack extends Error {}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + n)).toISOString().slice(0, 10);
}

async function loadRecords(client: pg.Client, records: number, log: (m: string) => void): Promise<void> {
  const admin = (await client.query<{ id: string }>(`SELECT id FROM access.user WHERE username = 'admin'`)).rows[0]?.id;
  if (!admin) throw new Error('no admin user in the bench database');
  const loaded = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM objects.record_date WHERE type_id = $1', [TYPE_ID])).rows[0]!.n);
  if (loaded === records) {
    log(`  ${records.toLocaleString('en')} bench customers already loaded`);
    return;
  }
  log(`  loading ${records.toLocaleString('en')} customer records with birthdays (generate_series)`);
  await client.query('DELETE FROM objects.record_date WHERE type_id = $1', [TYPE_ID]);
  await client.query('DELETE FROM objects.record WHERE type_id = $1', [TYPE_ID]);
  await client.query(
    `INSERT INTO objects.object_type (id, key, name_zh, name_en, number_prefix, display_field, role, fields, layout, created_by, created_at, updated_at)
     VALUES ($1, 'bench-customer', '基准客户', 'Bench customer', 'BC', 'name', 'standard',
       '[{"key":"name","type":"text","label":{"zh-CN":"姓名","en-US":"Name"},"required":true},{"key":"birthday","type":"date","label":{"zh-CN":"生日","en-US":"Birthday"}}]', '{}', $2, now(), now())
     ON CONFLICT (id) DO NOTHING`,
    [TYPE_ID, admin],
  );
  await client.query(
    `INSERT INTO automation.rule (id, key, name, owner_id, enabled, trigger_kind, trigger, actions, created_by, created_at, updated_at, enabled_at)
     VALUES ($1, 'bench-birthday', 'Bench birthday', $2, true, 'date', $3, '[]', $2, now(), now(), now()) ON CONFLICT (id) DO NOTHING`,
    [RULE_ID, admin, JSON.stringify(TRIGGER)],
  );
  // The usual fast-load path: secondary indexes dropped for the load, rebuilt from their own definitions.
  const indexes = (
    await client.query<{ schema: string; name: string; def: string }>(
      `SELECT i.schemaname AS schema, i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = 'objects' AND i.tablename IN ('record', 'record_date')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
    )
  ).rows;
  for (const index of indexes) await client.query(`DROP INDEX ${index.schema}.${index.name}`);
  // Birthdays 1940-01-01 … 2005-12-31, uniform by a hash of the row number (the same in both tables); 1 % of the records deleted.
  const birthday = `date '1940-01-01' + ((hashint4(g)::bigint & 2147483647) % 24107)::int`;
  const id = `md5('bench-customer-' || g)::uuid`;
  const batch = 250_000;
  for (let from = 1; from <= records; from += batch) {
    const to = Math.min(records, from + batch - 1);
    await client.query(
      `INSERT INTO objects.record (id, type_id, type_key, type_version, number, display_name, fields, search_text, created_by, created_at, updated_at, deleted_at)
       SELECT ${id}, $1, 'bench-customer', 1, 'BC-' || lpad(g::text, 8, '0'), 'Customer ' || g,
              jsonb_build_object('name', 'Customer ' || g, 'birthday', to_char(${birthday}, 'YYYY-MM-DD')), 'customer ' || g, $2, now(), now(),
              CASE WHEN g % 100 = 0 THEN now() END
         FROM generate_series($3::int, $4::int) AS g`,
      [TYPE_ID, admin, from, to],
    );
    await client.query(
      `INSERT INTO objects.record_date (record_id, type_id, field_key, value, month_day)
       SELECT ${id}, $1, 'birthday', ${birthday}, (extract(month FROM ${birthday}) * 100 + extract(day FROM ${birthday}))::smallint
         FROM generate_series($2::int, $3::int) AS g`,
      [TYPE_ID, from, to],
    );
    log(`    ${to.toLocaleString('en')} records`);
  }
  for (const index of indexes) await client.query(index.def);
  await client.query('VACUUM (ANALYZE) objects.record, objects.record_date');
}

interface CapturedStatement {
  text: string;
  values: unknown[];
}

/** The statements `fn` sends through pg, in order (text and parameters). */
async function captureStatements(fn: () => Promise<unknown>): Promise<CapturedStatement[]> {
  const original = pg.Client.prototype.query;
  const captured: CapturedStatement[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown];
    const text = typeof config === 'string' ? config : config?.text;
    const params = Array.isArray(values) ? values : typeof config === 'object' ? config?.values : undefined;
    if (typeof text === 'string' && text.includes('record_date')) captured.push({ text, values: params ?? [] });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return captured;
}

async function explain(client: pg.Client, text: string, values: unknown[]): Promise<{ plan: string; executionMs: number }> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  return { plan, executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN) };
}

export function dateScanGoals(result: DateScanBenchResult | undefined): { name: string; goal: string; measured: string; reached: boolean }[] {
  if (!result || result.days.length === 0) return [];
  const worstP95 = Math.max(...result.days.map((d) => d.p95Ms));
  return [
    {
      name: `Time-trigger scan over ${result.records.toLocaleString('en')} customer records: the day's due records ("7 days before birthday"), warm, ${result.days.length} scan days (issue 21)`,
      goal: `≤ ${DATE_SCAN_GOAL_MS} ms`,
      measured: `p50 ${result.overall.p50Ms} ms, p95 ${result.overall.p95Ms} ms, worst day's p95 ${worstP95} ms, max ${result.overall.maxMs} ms (${result.overall.calls} calls); EXPLAIN ANALYZE ${result.days.map((d) => d.explainMs).join(' / ')} ms`,
      reached: result.overall.maxMs <= DATE_SCAN_GOAL_MS,
    },
  ];
}

/** bench/results/issue-21-date-scan.md: the figures, the goal, the plans, and how the machine stood. */
export function writeDateScanReport(dir: string, name: string, result: DateScanBenchResult, note: string, command: string): void {
  const lines = [
    '# Issue 21 — time-trigger scan bench',
    '',
    `${note}. ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end.`,
    '',
    ...(result.records < 1_000_000 ? [`**Dry run**: ${result.records.toLocaleString('en')} records, not the 1,000,000 of the goal (\`BENCH_DATE_SCAN_RECORDS\`).`, ''] : []),
    '| goal | target | measured | reached |',
    '| --- | --- | --- | --- |',
    ...dateScanGoals(result).map((g) => `| ${g.name} | ${g.goal} | ${g.measured} | ${g.reached ? 'yes' : 'no'} |`),
    '',
    `- Load: ${result.records.toLocaleString('en')} records of type bench-customer (1 % deleted) and their birthday rows in objects.record_date, generate_series, in ${result.loadSeconds} s; ${result.tableSizes}.`,
    '- The rule: `{ kind: date, objectType: bench-customer, field: birthday, offsetDays: -7, recurrence: yearly, at: 09:00, timeZone: Asia/Shanghai }`; the scan is `dueSubjectsForDateTrigger(db, rule, day)`, the function the daily scan job and the dry-run call.',
    '',
    '| scan day | birthdays on | due | p50 ms | p95 ms | max ms | EXPLAIN ANALYZE ms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...result.days.map((d) => `| ${d.day} | ${d.target} | ${d.due} | ${d.p50Ms} | ${d.p95Ms} | ${d.maxMs} | ${d.explainMs} |`),
    '',
    result.rescan
      ? `- The same day scanned again after its ${result.days[1]?.due ?? ''} runs: ${result.rescan.due} due, p50 ${result.rescan.p50Ms} ms, p95 ${result.rescan.p95Ms} ms.`
      : '- Rescan: not measured.',
    result.scanJob
      ? `- The scan job's database work for ${result.scanJob.day}: find the due records and schedule ${result.scanJob.scheduled} run jobs in platform.job (rolled back): ${result.scanJob.ms} ms.`
      : '- Scan job: not measured.',
    '',
    'The statement (as the server sends it):',
    '',
    '```sql',
    (result.sql ?? '').trim(),
    '```',
    '',
    `Plan of ${result.days[2]?.day ?? ''} (28 February 2027: 28 and 29 February birthdays):`,
    '',
    '```',
    result.days[2]?.plan ?? '',
    '```',
    '',
    `Run: \`${command}\` (\`BENCH_DATE_SCAN_RECORDS\`, \`BENCH_DATE_SCAN_REPEATS\`).`,
    ...result.errors.map((e) => `- Error in ${e.part}: ${e.error.split('\n')[0]}`),
    '',
  ];
  writeFileSync(path.join(dir, `${name}.md`), lines.join('\n'));
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(result, null, 2));
}

/** From run.ts (BENCH_ONLY=automation-date-scan): on the target's database, beside the raw single-row limit measured just before. */
export async function measureDateScanOnTarget(target: Target, options: DateScanBenchOptions, log: (m: string) => void): Promise<DateScanBenchResult> {
  log(`  [${target.name}] time-trigger scan over ${options.records.toLocaleString('en')} customer records`);
  return measureDateScan(target.databaseUrl, options, log);
}

// Alone: node --conditions=@docket/source --import tsx bench/scenarios/automation-date-scan.ts <database-url>
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/docket_bench_date_scan';
  const { migrate } = await import('../../packages/server/src/platform/db/migrator.ts');
  const { ensureAdminUser } = await import('../../packages/server/src/modules/access/index.ts');
  const admin = new pg.Client({ connectionString: new URL('/postgres', url).toString() });
  await admin.connect();
  const name = new URL(url).pathname.slice(1);
  if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await migrate(pool);
  await pool.end();
  const database = openDatabase(url, 2);
  await ensureAdminUser(database.db, 'bench-admin-password-21');
  await database.close();
  const records = Number(process.env.BENCH_DATE_SCAN_RECORDS ?? 1_000_000);
  const repeats = Number(process.env.BENCH_DATE_SCAN_REPEATS ?? 20);
  const result = await measureDateScan(url, { records, repeats }, (m) => console.log(m));
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');
  const pgVersion = await (async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const v = (await c.query<{ v: string }>('SHOW server_version')).rows[0]!.v;
    await c.end();
    return v;
  })();
  writeDateScanReport(
    dir,
    'issue-21-date-scan',
    result,
    `Target: PostgreSQL ${pgVersion} at ${new URL(url).host} (no Docket process: the scan is a database read; the raw single-row limit is in \`BENCH_ONLY=automation-date-scan npm run bench\`)`,
    `node --conditions=@docket/source --import tsx bench/scenarios/automation-date-scan.ts ${url}`,
  );
  for (const g of dateScanGoals(result)) console.log(`${g.reached ? 'REACHED' : 'MISSED '} ${g.name}: ${g.measured}`);
  process.exit(result.errors.length > 0 ? 1 : 0);
}
