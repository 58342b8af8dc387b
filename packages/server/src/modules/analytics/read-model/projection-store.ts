import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { ANALYTICS_TIME_ZONE } from '../scope.ts';

type Executor = Db | Tx;

// The read model's SQL. One projection of a case (caseFactsSelect) and of a task
// (taskFactsSelect) serves both the rebuild (every row) and the projector (the touched rows), so
// the two cannot drift apart; the property test holds them equal after random histories.

/** Statuses of these categories count as done (resolved or closed) in analytics.case_fact.status_category. */
const DONE = sql`ARRAY['resolved', 'closed']::text[]`;
/** A field's value becomes a dimension only when the case type declares it a plain select (a code, never free text or a sealed value). */
const selectField = (key: string) => sql.lit(`strict $.** ? (@.key == "${key}" && (@.type == "select" || @.type == "radio") && !exists(@.properties.dataClass))`);
/** Codes only, for values taken from process variables: no free text reaches the read model. */
const CODE = sql.lit('^[a-z][a-z0-9-]{0,39}$');
/** process.task keeps its holder as text; a holder that is not a user id (none today) is no person of the facts. */
const UUID = sql.lit('^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$');

/** When cases: undefined, every case; else those ids. */
function caseFilter(alias: string, ids: readonly string[] | undefined): RawBuilder<unknown> {
  return ids === undefined ? sql`TRUE` : sql`${sql.ref(`${alias}.id`)} = ANY(${[...ids]}::uuid[])`;
}

/**
 * The case_fact rows of the given cases (all when undefined), computed from the domain tables:
 * cases.case, the audit trail (status, assignee and department changes, routing decisions),
 * sla.target, the case's process instances' variables, departments' provinces.
 */
export function caseFactsSelect(ids: readonly string[] | undefined, now: Date): RawBuilder<CaseFactRow> {
  return sql<CaseFactRow>`
    WITH dept_region AS (
      SELECT d.id,
        coalesce(
          (SELECT r.region FROM analytics.department_region r JOIN access.department a ON a.id = r.department_id
            WHERE d.path LIKE a.path || '%' ORDER BY length(a.path) DESC LIMIT 1),
          (SELECT left(b.area, 2) FROM routing.branch_area b JOIN access.department a ON a.id = b.department_id
            WHERE d.path LIKE a.path || '%' AND b.area ~ '^[0-9]{2}' ORDER BY length(a.path) DESC, b.area LIMIT 1),
          '') AS region
      FROM access.department d
    ),
    type_dims AS (
      SELECT v.key, v.version, v.lifecycle,
        jsonb_path_exists(v.schema, ${selectField('category')}) AS has_category,
        jsonb_path_exists(v.schema, ${selectField('product')}) AS has_product,
        jsonb_path_exists(v.schema, ${selectField('outcome')}) AS has_outcome
      FROM cases.case_type_version v
    ),
    base AS (
      SELECT c.*, td.has_category, td.has_product, td.has_outcome, td.lifecycle,
        CASE WHEN c.status_category = ANY(${DONE}) THEN coalesce(c.resolved_at, c.closed_at) END AS current_resolved_at,
        h.first_done_at, coalesce(h.reopens, 0) AS reopens, coalesce(h.handoffs, 0) AS handoffs, coalesce(h.assignees, 0) AS assignees,
        s.targets, s.met_on_time, s.breached, pv.satisfaction, pv.resolution
      FROM cases.case c
      JOIN type_dims td ON td.key = c.type_key AND td.version = c.type_version
      LEFT JOIN LATERAL (
        SELECT
          min(e.occurred_at) FILTER (WHERE e.field = 'status' AND e.after_category = ANY(${DONE})) AS first_done_at,
          count(*) FILTER (WHERE e.field = 'status' AND e.before_category = ANY(${DONE}) AND e.after_category IN ('open', 'waiting')) AS reopens,
          count(*) FILTER (WHERE e.field = 'departmentId' AND e.before IS NOT NULL AND e.after IS DISTINCT FROM e.before) AS handoffs,
          count(DISTINCT e.after) FILTER (WHERE e.field = 'assigneeId' AND e.after IS NOT NULL AND e.after <> coalesce(c.assignee_id::text, '')) +
            (c.assignee_id IS NOT NULL)::int AS assignees
        FROM (
          SELECT ev.occurred_at, ch->>'field' AS field, ch->>'before' AS before, ch->>'after' AS after,
            (SELECT st->>'category' FROM jsonb_array_elements(td.lifecycle->'statuses') st WHERE st->>'key' = ch->>'before' LIMIT 1) AS before_category,
            (SELECT st->>'category' FROM jsonb_array_elements(td.lifecycle->'statuses') st WHERE st->>'key' = ch->>'after' LIMIT 1) AS after_category
          FROM audit.event ev CROSS JOIN LATERAL jsonb_array_elements(ev.changes) ch
          -- By target (audit.event_target_idx, both columns): with case_id the planner ANDs in every 'case' target.
          WHERE ev.target_type = 'case' AND ev.target_id = c.id::text AND ch->>'field' IN ('status', 'assigneeId', 'departmentId')
          UNION ALL
          SELECT ev.occurred_at, 'assigneeId', NULL, ev.data->>'assigneeId', NULL, NULL
          FROM audit.event ev
          WHERE ev.case_id = c.id AND ev.action = 'routing.case-routed' AND ev.data->>'assigneeId' IS NOT NULL
        ) e
      ) h ON true
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE t.state = 'met' OR t.breached_at IS NOT NULL)::int AS targets,
          count(*) FILTER (WHERE t.state = 'met' AND t.breached_at IS NULL)::int AS met_on_time,
          count(*) FILTER (WHERE t.breached_at IS NOT NULL)::int AS breached
        FROM sla.target t WHERE t.case_id = c.id
      ) s ON true
      LEFT JOIN LATERAL (
        SELECT
          (SELECT round((i.variables->>'satisfaction')::numeric)::smallint FROM process.instance i
            WHERE i.case_id = c.id AND jsonb_typeof(i.variables->'satisfaction') = 'number'
              AND (i.variables->>'satisfaction')::numeric BETWEEN 1 AND 5
            ORDER BY i.started_at DESC, i.id DESC LIMIT 1) AS satisfaction,
          (SELECT i.variables->>'resolution' FROM process.instance i
            WHERE i.case_id = c.id AND jsonb_typeof(i.variables->'resolution') = 'string' AND i.variables->>'resolution' ~ ${CODE}
            ORDER BY i.started_at DESC, i.id DESC LIMIT 1) AS resolution
      ) pv ON true
      WHERE ${caseFilter('c', ids)}
    )
    SELECT b.id, b.number, b.type_key, coalesce(b.channel, '') AS channel,
      CASE WHEN b.has_category AND jsonb_typeof(b.fields->'category') = 'string' THEN b.fields->>'category' ELSE '' END AS category,
      CASE WHEN b.has_product AND jsonb_typeof(b.fields->'product') = 'string' THEN b.fields->>'product' ELSE '' END AS product,
      coalesce(dr.region, '') AS region,
      b.department_id, b.created_by, b.assignee_id, b.queue_id, b.tags, b.sensitivity, b.priority, b.status,
      CASE WHEN b.status_category = ANY(${DONE}) THEN 'done' ELSE b.status_category END AS status_category,
      b.created_at,
      CASE WHEN b.first_done_at IS NOT NULL OR b.current_resolved_at IS NOT NULL
        THEN LEAST(b.first_done_at, b.current_resolved_at) END AS first_resolved_at,
      b.current_resolved_at AS resolved_at,
      b.closed_at,
      b.reopens::int AS reopen_count,
      b.assignees::int AS assignment_count,
      b.handoffs::int AS handoff_count,
      CASE WHEN b.first_done_at IS NULL AND b.current_resolved_at IS NULL THEN NULL
        ELSE b.reopens = 0 AND b.handoffs = 0 AND b.assignees <= 1 END AS first_contact_resolution,
      b.satisfaction,
      CASE WHEN b.has_outcome AND jsonb_typeof(b.fields->'outcome') = 'string' THEN b.fields->>'outcome'
        ELSE coalesce(b.resolution, '') END AS outcome,
      coalesce(b.targets, 0) AS sla_targets, coalesce(b.met_on_time, 0) AS sla_met_on_time, coalesce(b.breached, 0) AS sla_breached,
      b.version AS projected_version,
      ${now.toISOString()}::timestamptz AS projected_at
    FROM base b
    LEFT JOIN dept_region dr ON dr.id = b.department_id`;
}

export interface CaseFactRow {
  id: string;
  number: string;
  type_key: string;
  channel: string;
  category: string;
  product: string;
  region: string;
  department_id: string | null;
  created_by: string;
  assignee_id: string | null;
  queue_id: string | null;
  tags: string[];
  sensitivity: string;
  priority: string;
  status: string;
  status_category: string;
  created_at: Date;
  first_resolved_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  reopen_count: number;
  assignment_count: number;
  handoff_count: number;
  first_contact_resolution: boolean | null;
  satisfaction: number | null;
  outcome: string;
  sla_targets: number;
  sla_met_on_time: number;
  sla_breached: number;
  projected_version: number;
  projected_at: Date;
}

const FACT_COLUMNS = [
  'id',
  'number',
  'type_key',
  'channel',
  'category',
  'product',
  'region',
  'department_id',
  'created_by',
  'assignee_id',
  'queue_id',
  'tags',
  'sensitivity',
  'priority',
  'status',
  'status_category',
  'created_at',
  'first_resolved_at',
  'resolved_at',
  'closed_at',
  'reopen_count',
  'assignment_count',
  'handoff_count',
  'first_contact_resolution',
  'satisfaction',
  'outcome',
  'sla_targets',
  'sla_met_on_time',
  'sla_breached',
  'projected_version',
  'projected_at',
] as const;

const DAILY_KEYS = ['day', 'department_id', 'type_key', 'channel', 'category', 'product', 'region', 'sensitivity'] as const;
const DAILY_COUNTERS = [
  'created',
  'resolved',
  'first_contact_resolved',
  'reopened',
  'sla_met_on_time',
  'sla_breached',
  'sla_targets',
  'satisfaction_sum',
  'satisfaction_count',
  'resolution_seconds_sum',
] as const;

const cols = (names: readonly string[], alias?: string) => sql.join(names.map((n) => (alias ? sql.ref(`${alias}.${n}`) : sql.ref(n))));

/**
 * What one case contributes to analytics.case_daily, as rows (sign × counters) over the facts in
 * relation `alias`: on the local day it was created, created = 1 and its SLA targets and
 * satisfaction; on the local day of its current resolution, resolved = 1, first-contact
 * resolution, reopened (resolved after at least one reopening) and created → resolved seconds.
 */
function contributions(from: RawBuilder<unknown>, sign: number): RawBuilder<unknown> {
  const tz = ANALYTICS_TIME_ZONE;
  return sql`
    SELECT (f.created_at AT TIME ZONE ${tz})::date AS day, f.department_id, f.type_key, f.channel, f.category, f.product, f.region, f.sensitivity,
      ${sign}::int AS created, 0 AS resolved, 0 AS first_contact_resolved, 0 AS reopened,
      ${sign}::int * f.sla_met_on_time AS sla_met_on_time, ${sign}::int * f.sla_breached AS sla_breached, ${sign}::int * f.sla_targets AS sla_targets,
      ${sign}::int * coalesce(f.satisfaction, 0) AS satisfaction_sum, ${sign}::int * (f.satisfaction IS NOT NULL)::int AS satisfaction_count,
      0::bigint AS resolution_seconds_sum
    FROM ${from} f
    UNION ALL
    SELECT (f.resolved_at AT TIME ZONE ${tz})::date, f.department_id, f.type_key, f.channel, f.category, f.product, f.region, f.sensitivity,
      0, ${sign}::int, ${sign}::int * coalesce(f.first_contact_resolution, false)::int, ${sign}::int * (f.reopen_count > 0)::int,
      0, 0, 0, 0, 0,
      ${sign}::bigint * floor(extract(epoch FROM f.resolved_at - f.created_at))::bigint
    FROM ${from} f WHERE f.resolved_at IS NOT NULL`;
}

const sumCounters = sql.join(DAILY_COUNTERS.map((c) => sql`sum(${sql.ref(c)})::${sql.raw(c === 'resolution_seconds_sum' ? 'bigint' : 'int')} AS ${sql.ref(c)}`));

/**
 * The task_fact rows of the given tasks and of every task of the given cases (all when both are
 * undefined): process.task, its instance, its log of actions (the first claim, transfer or
 * delegation ends the wait), the case's department and the holder's department.
 */
export function taskFactsSelect(scope: { taskIds?: readonly string[]; caseIds?: readonly string[] } | undefined, now: Date): RawBuilder<TaskFactRow> {
  const where = scope === undefined ? sql`TRUE` : sql`(t.id = ANY(${[...(scope.taskIds ?? [])]}::uuid[]) OR t.case_id = ANY(${[...(scope.caseIds ?? [])]}::uuid[]))`;
  return sql<TaskFactRow>`
    SELECT x.task_id, x.case_id, x.instance_id, x.process_key, x.process_version, x.element_id, x.name, x.department_id, x.assignee_id,
      (SELECT u.department_id FROM access.user u WHERE u.id = x.assignee_id) AS assignee_department_id,
      x.state, x.outcome, x.created_at, x.claimed_at, x.ended_at,
      floor(extract(epoch FROM coalesce(x.claimed_at, x.ended_at) - x.created_at))::int AS wait_seconds,
      CASE WHEN x.claimed_at IS NOT NULL AND x.ended_at IS NOT NULL THEN floor(extract(epoch FROM x.ended_at - x.claimed_at))::int END AS work_seconds,
      ${now.toISOString()}::timestamptz AS projected_at
    FROM (
      SELECT t.id AS task_id, t.case_id, t.instance_id, i.process_key, i.version AS process_version, t.element_id, t.name,
        c.department_id, (SELECT h::uuid FROM (SELECT coalesce(t.completed_by, t.assignee) AS h) holder WHERE h ~* ${UUID}) AS assignee_id, t.state, t.outcome, t.created_at,
        CASE WHEN t.state = 'open' THEN NULL ELSE t.completed_at END AS ended_at,
        coalesce(
          (SELECT min(a.at) FROM process.task_action a WHERE a.task_id = t.id AND a.action IN ('claim', 'transfer', 'delegate')),
          CASE WHEN t.assignee IS NOT NULL THEN t.created_at END) AS claimed_at
      FROM process.task t
      LEFT JOIN process.instance i ON i.id = t.instance_id
      LEFT JOIN cases.case c ON c.id = t.case_id
      WHERE ${where}
    ) x`;
}

export interface TaskFactRow {
  task_id: string;
  case_id: string | null;
  instance_id: string | null;
  process_key: string | null;
  process_version: number | null;
  element_id: string;
  name: string | null;
  department_id: string | null;
  assignee_id: string | null;
  assignee_department_id: string | null;
  state: string;
  outcome: string | null;
  created_at: Date;
  claimed_at: Date | null;
  ended_at: Date | null;
  wait_seconds: number | null;
  work_seconds: number | null;
  projected_at: Date;
}

const TASK_COLUMNS = [
  'task_id',
  'case_id',
  'instance_id',
  'process_key',
  'process_version',
  'element_id',
  'name',
  'department_id',
  'assignee_id',
  'assignee_department_id',
  'state',
  'outcome',
  'created_at',
  'claimed_at',
  'ended_at',
  'wait_seconds',
  'work_seconds',
  'projected_at',
] as const;

/** Serialises the rebuild and the projector's batches (and several processes' projectors). */
const lockReadModel = (tx: Tx) => sql`SELECT pg_advisory_xact_lock(hashtext('analytics-read-model'))`.execute(tx);

/**
 * Recomputes analytics.case_daily from analytics.case_fact (the GROUP BY the projector keeps
 * incrementally). The rebuild's second step, and the bench's after it generates facts in SQL.
 */
export async function rollUpDailyFromFacts(tx: Executor): Promise<void> {
  await sql`TRUNCATE analytics.case_daily`.execute(tx);
  await sql`INSERT INTO analytics.case_daily (${cols(DAILY_KEYS)}, ${cols(DAILY_COUNTERS)})
    SELECT ${cols(DAILY_KEYS)}, ${sumCounters}
    FROM (${contributions(sql`analytics.case_fact`, 1)}) c
    GROUP BY ${cols(DAILY_KEYS)}`.execute(tx);
}

/** Replaces the whole read model with the projection of the domain tables. Returns the number of cases. */
export async function rebuildAll(tx: Tx, now: Date): Promise<number> {
  await lockReadModel(tx);
  await sql`TRUNCATE analytics.case_fact, analytics.case_daily, analytics.task_fact`.execute(tx);
  const facts = await sql`INSERT INTO analytics.case_fact (${cols(FACT_COLUMNS)}) SELECT ${cols(FACT_COLUMNS)} FROM (${caseFactsSelect(undefined, now)}) p`.execute(tx);
  await rollUpDailyFromFacts(tx);
  await sql`INSERT INTO analytics.task_fact (${cols(TASK_COLUMNS)}) SELECT ${cols(TASK_COLUMNS)} FROM (${taskFactsSelect(undefined, now)}) p`.execute(tx);
  return Number(facts.numAffectedRows ?? 0n);
}

/**
 * Re-projects the given cases and tasks (and every task of those cases) from the current domain
 * rows: the facts are replaced, and case_daily receives each case's new contribution minus its
 * old one, in the caller's transaction. Idempotent: re-projecting an unchanged case changes
 * nothing. Returns the number of case facts written.
 */
export async function projectTouched(tx: Tx, touched: { caseIds: readonly string[]; taskIds: readonly string[] }, now: Date): Promise<number> {
  await lockReadModel(tx);
  let written = 0;
  if (touched.caseIds.length > 0) {
    const ids = [...touched.caseIds];
    const updates = sql.join(FACT_COLUMNS.filter((c) => c !== 'id').map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
    const counterUpdates = sql.join(DAILY_COUNTERS.map((c) => sql`${sql.ref(c)} = analytics.case_daily.${sql.ref(c)} + excluded.${sql.ref(c)}`));
    const emptyRow = sql.join(
      DAILY_COUNTERS.map((c) => sql`analytics.case_daily.${sql.ref(c)} + excluded.${sql.ref(c)} = 0`),
      sql` AND `,
    );
    // One statement: every CTE reads the facts as they were before it, so `old` is the old fact.
    const result = await sql<{ key: string; written: number }>`
      WITH new_facts AS MATERIALIZED (${caseFactsSelect(ids, now)}),
      old_facts AS MATERIALIZED (SELECT * FROM analytics.case_fact WHERE id = ANY(${ids}::uuid[])),
      gone AS (DELETE FROM analytics.case_fact f WHERE f.id = ANY(${ids}::uuid[]) AND NOT EXISTS (SELECT 1 FROM new_facts n WHERE n.id = f.id)),
      upserted AS (
        INSERT INTO analytics.case_fact (${cols(FACT_COLUMNS)}) SELECT ${cols(FACT_COLUMNS)} FROM new_facts
        ON CONFLICT (id) DO UPDATE SET ${updates}
        RETURNING 1
      ),
      delta AS (
        SELECT ${cols(DAILY_KEYS)}, ${sumCounters}
        FROM (${contributions(sql`old_facts`, -1)} UNION ALL ${contributions(sql`new_facts`, 1)}) c
        GROUP BY ${cols(DAILY_KEYS)}
        HAVING ${sql.join(
          DAILY_COUNTERS.map((c) => sql`sum(${sql.ref(c)}) <> 0`),
          sql` OR `,
        )}
      ),
      applied AS (
        INSERT INTO analytics.case_daily (${cols(DAILY_KEYS)}, ${cols(DAILY_COUNTERS)}) SELECT ${cols(DAILY_KEYS)}, ${cols(DAILY_COUNTERS)} FROM delta
        ON CONFLICT (${cols(DAILY_KEYS)}) DO UPDATE SET ${counterUpdates}
        WHERE NOT (${emptyRow})
        RETURNING 1
      ),
      emptied AS (
        DELETE FROM analytics.case_daily d USING delta x
        -- Equalities the key index can use (a row-wise IS NOT DISTINCT FROM could only be a nested scan).
        WHERE d.day = x.day AND d.type_key = x.type_key AND d.channel = x.channel AND d.category = x.category AND d.product = x.product
          AND d.region = x.region AND d.sensitivity = x.sensitivity
          AND (d.department_id = x.department_id OR (d.department_id IS NULL AND x.department_id IS NULL))
          AND ${sql.join(
            DAILY_COUNTERS.map((c) => sql`d.${sql.ref(c)} + x.${sql.ref(c)} = 0`),
            sql` AND `,
          )}
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM upserted)::int AS written, (SELECT count(*) FROM applied)::int + (SELECT count(*) FROM emptied)::int AS key`.execute(tx);
    written = result.rows[0]?.written ?? 0;
  }
  if (touched.taskIds.length > 0 || touched.caseIds.length > 0) {
    const scope = { taskIds: touched.taskIds, caseIds: touched.caseIds };
    const updates = sql.join(TASK_COLUMNS.filter((c) => c !== 'task_id').map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
    await sql`INSERT INTO analytics.task_fact (${cols(TASK_COLUMNS)}) SELECT ${cols(TASK_COLUMNS)} FROM (${taskFactsSelect(scope, now)}) p
      ON CONFLICT (task_id) DO UPDATE SET ${updates}`.execute(tx);
  }
  return written;
}

/** Open tasks whose holder changed since they were projected: claims and hand-backs publish no domain event. */
export async function findTasksWithChangedHolder(executor: Executor, limit: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT t.id FROM process.task t JOIN analytics.task_fact f ON f.task_id = t.id
    WHERE t.state = 'open' AND f.state = 'open' AND t.assignee IS DISTINCT FROM f.assignee_id::text
    LIMIT ${limit}`.execute(executor);
  return rows.map((r) => r.id);
}
