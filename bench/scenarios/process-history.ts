// Issue 14: the history of many completed process instances, loaded in SQL (generate_series into
// the store's own tables, in the shapes its migrations give them), then read back by case.
//
// Each instance is a completed credit approval linked to a case (two instances per case, started
// about three days apart, as a resubmission would be), with five element-history rows (start, credit review,
// risk review, legal review, end) and three completed tasks; instances start over the last twelve
// months, so the history spreads over twelve or thirteen monthly partitions.
import pg from 'pg';
import { round } from './http-load.ts';
import { CREDIT_APPROVAL_KEY } from './process-models.ts';

export const HISTORY_ELEMENTS = [
  ['start', 'startEvent'],
  ['creditReview', 'userTask'],
  ['riskReview', 'userTask'],
  ['legalReview', 'userTask'],
  ['end', 'endEvent'],
] as const;
const TASK_ELEMENTS = HISTORY_ELEMENTS.filter(([, type]) => type === 'userTask').map(([id]) => id);
const INSTANCES_PER_CASE = 2;

export interface HistoryLoadResult {
  instances: number;
  cases: number;
  elementRows: number;
  taskRows: number;
  partitions: number;
  totalSeconds: number;
  insertSeconds: number;
  indexSeconds: number;
  analyzeSeconds: number;
  historySize: string;
  historyIndexesSize: string;
}

/** The bench's case id for case number `n` (0-based): deterministic, so the reads can name cases without a lookup. */
export const historyCaseIdSql = (n: string) => `(md5('bench-case-' || (${n})::text))::uuid`;

/**
 * Loads `instances` completed instances of the credit approval (which must be deployed). Secondary
 * indexes of the three tables are dropped for the load and rebuilt after from their own
 * definitions (pg_indexes), so the bench follows whatever indexes the store's migrations make.
 */
export async function loadProcessHistory(databaseUrl: string, instances: number, log: (m: string) => void): Promise<HistoryLoadResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const t0 = performance.now();
    await client.query(`SET maintenance_work_mem = '512MB'`);
    const definition = (await client.query<{ id: string; version: number }>('SELECT id, version FROM process.definition WHERE key = $1 ORDER BY version DESC LIMIT 1', [CREDIT_APPROVAL_KEY])).rows[0];
    if (!definition) throw new Error(`${CREDIT_APPROVAL_KEY} is not deployed`);

    // Months the history will fall into; the migration makes only the months around its own run.
    const { rows: months } = await client.query<{ month: string }>(
      `SELECT to_char(m, 'YYYY-MM-DD') AS month FROM generate_series(date_trunc('month', now() - interval '13 months'), date_trunc('month', now()), interval '1 month') AS m`,
    );
    for (const { month } of months) {
      const name = `element_history_${month.slice(0, 4)}_${month.slice(5, 7)}`;
      await client.query(
        `DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'process' AND c.relname = '${name}') THEN
             EXECUTE format('CREATE TABLE process.%I PARTITION OF process.element_history FOR VALUES FROM (%L) TO (%L)', '${name}', DATE '${month}', DATE '${month}' + interval '1 month');
           END IF;
         END $$`,
      );
    }
    const partitions = Number(
      (
        await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace s ON s.oid = p.relnamespace WHERE s.nspname = 'process' AND p.relname = 'element_history'`,
        )
      ).rows[0]!.n,
    );

    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT ic.relname AS name, pg_get_indexdef(ic.oid) AS definition
         FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class tc ON tc.oid = x.indrelid JOIN pg_namespace n ON n.oid = tc.relnamespace
        WHERE n.nspname = 'process' AND tc.relname IN ('instance', 'task', 'element_history')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    );
    for (const index of indexes) await client.query(`DROP INDEX process.${client.escapeIdentifier(index.name)}`);

    const tInsert = performance.now();
    // Instance i: case i / 2; started somewhere in the last 365 days (a stride over i, so
    // neighbouring ids land in different months); ended two days later.
    const started = `now() - interval '365 days' * (((g::bigint * 7919) % ${instances})::float8 / ${instances}) - interval '3 days'`;
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO process.instance (id, definition_id, process_key, version, state, case_id, root_instance_id, variables, started_at, ended_at, started_by, revision)
       SELECT md5('bench-instance-' || g)::uuid, $1, $2, $3, 'completed', ${historyCaseIdSql(`g / ${INSTANCES_PER_CASE}`)}, md5('bench-instance-' || g)::uuid,
              jsonb_build_object('amount', 10000 + g % 90000, 'applicant', 'bench-' || g), s, s + interval '2 days', 'bench', 4
         FROM generate_series(0, ${instances - 1}) AS g, LATERAL (SELECT ${started} AS s) AS t`,
      [definition.id, CREDIT_APPROVAL_KEY, definition.version],
    );
    log(`    instances inserted (${round((performance.now() - tInsert) / 1000, 1)} s)`);
    const elementValues = HISTORY_ELEMENTS.map(([id, type], k) => `(${k}, '${id}', '${type}')`).join(', ');
    await client.query(
      `INSERT INTO process.element_history (id, instance_id, case_id, element_id, element_type, scope_id, state, outcome, loop_counter, started_at, ended_at)
       SELECT md5('bench-element-' || i.id || '-' || e.k)::uuid, i.id, i.case_id, e.element_id, e.element_type, NULL, 'completed', 'completed', NULL,
              i.started_at + interval '9 hours' * e.k, i.started_at + interval '9 hours' * e.k + CASE WHEN e.element_type = 'userTask' THEN interval '8 hours' ELSE interval '0' END
         FROM process.instance i, (VALUES ${elementValues}) AS e (k, element_id, element_type)
        WHERE i.started_by = 'bench'`,
    );
    log(`    element history inserted (${round((performance.now() - tInsert) / 1000, 1)} s)`);
    const taskValues = TASK_ELEMENTS.map((id, k) => `(${k + 1}, '${id}')`).join(', ');
    await client.query(
      `INSERT INTO process.task (id, instance_id, element_instance_id, element_id, name, case_id, state, candidate_groups, created_at, completed_at, completed_by, outcome)
       SELECT md5('bench-task-' || i.id || '-' || t.k)::uuid, i.id, md5('bench-element-' || i.id || '-' || t.k)::uuid, t.element_id, t.element_id, i.case_id, 'completed',
              ARRAY['credit-officers'], i.started_at + interval '9 hours' * t.k, i.started_at + interval '9 hours' * t.k + interval '8 hours', 'bench', 'approved'
         FROM process.instance i, (VALUES ${taskValues}) AS t (k, element_id)
        WHERE i.started_by = 'bench'`,
    );
    await client.query('COMMIT');
    const insertSeconds = (performance.now() - tInsert) / 1000;
    log(`    tasks inserted (${round(insertSeconds, 1)} s); rebuilding ${indexes.length} indexes`);

    const tIndex = performance.now();
    // A partitioned table's index reads "ON ONLY" (the parent alone); without it the rebuild covers every partition.
    for (const index of indexes) await client.query(index.definition.replace(' ON ONLY ', ' ON '));
    const indexSeconds = (performance.now() - tIndex) / 1000;
    const tAnalyze = performance.now();
    await client.query('VACUUM ANALYZE process.instance');
    await client.query('VACUUM ANALYZE process.task');
    await client.query('ANALYZE process.element_history');
    for (const { month } of months) await client.query(`VACUUM ANALYZE process.element_history_${month.slice(0, 4)}_${month.slice(5, 7)}`);
    const analyzeSeconds = (performance.now() - tAnalyze) / 1000;

    const size = (
      await client.query<{ history: string; indexes: string }>(
        `SELECT pg_size_pretty(sum(pg_table_size(i.inhrelid))) AS history, pg_size_pretty(sum(pg_indexes_size(i.inhrelid))) AS indexes
           FROM pg_inherits i WHERE i.inhparent = 'process.element_history'::regclass`,
      )
    ).rows[0]!;
    return {
      instances,
      cases: Math.ceil(instances / INSTANCES_PER_CASE),
      elementRows: instances * HISTORY_ELEMENTS.length,
      taskRows: instances * TASK_ELEMENTS.length,
      partitions,
      totalSeconds: round((performance.now() - t0) / 1000, 1),
      insertSeconds: round(insertSeconds, 1),
      indexSeconds: round(indexSeconds, 1),
      analyzeSeconds: round(analyzeSeconds, 1),
      historySize: size.history,
      historyIndexesSize: size.indexes,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** `count` case ids of the loaded history, spread over all cases (the same ones every run). */
export async function sampleHistoryCaseIds(databaseUrl: string, instances: number, count: number): Promise<string[]> {
  const cases = Math.ceil(instances / INSTANCES_PER_CASE);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT ${historyCaseIdSql(`(g::bigint * 104729) % ${cases}`)}::text AS id FROM generate_series(1, $1) AS g`, [count]);
    return rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}
