import { type Expression, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { ProcessGraph } from '../../process/index.ts';
import { ANALYTICS_TIME_ZONE, type AnalyticsScope, scopeCondition } from '../scope.ts';
import { STEP_TYPES } from './process-model.ts';

/**
 * Every SQL statement of process mining. The analysis reads the engine's own history
 * (process.instance, element_history, element_instance, task, task_action) through two temporary
 * tables made once per request: the instances in scope, and their steps numbered in start order.
 * Every aggregate then reads those instead of re-joining the history.
 */

export interface DefinitionRow {
  key: string;
  version: number;
  name: string | null;
  graph: ProcessGraph;
}

/** The definition to check conformance against: the version asked for, else the latest. */
export async function findDefinition(tx: Tx, processKey: string, version: number | undefined): Promise<DefinitionRow | undefined> {
  const rows = await sql<DefinitionRow>`
    SELECT key, version, name, graph FROM process.definition
     WHERE key = ${processKey} ${version === undefined ? sql`` : sql`AND version = ${version}`}
     ORDER BY version DESC LIMIT 1`.execute(tx);
  return rows.rows[0];
}

/** Every deployed process key with its latest version's name and its versions, for the screen's picker. */
export async function listDeployedProcesses(tx: Tx): Promise<{ key: string; name: string | null; versions: number[] }[]> {
  const rows = await sql<{ key: string; name: string | null; versions: number[] }>`
    SELECT key, (array_agg(name ORDER BY version DESC))[1] AS name, array_agg(version ORDER BY version DESC) AS versions
      FROM process.definition GROUP BY key ORDER BY key`.execute(tx);
  return rows.rows;
}

export interface MiningSelection {
  processKey: string;
  version?: number;
  scope: AnalyticsScope;
}

const nextDay = (date: string) => {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
};

/**
 * Instances of the process started in the period whose case the reader's policy and the filter
 * reach (through analytics.case_fact: the same predicate as the case lists). An instance without a
 * case is nobody's record: it is not counted.
 */
function instancesInScope(selection: MiningSelection, afterId?: string): Expression<SqlBool> {
  const { scope } = selection;
  return sql<SqlBool>`(i.process_key = ${selection.processKey}
    ${selection.version === undefined ? sql`` : sql`AND i.version = ${selection.version}`}
    AND i.started_at >= (${scope.from}::date)::timestamp AT TIME ZONE ${ANALYTICS_TIME_ZONE}
    AND i.started_at < (${nextDay(scope.to)}::date)::timestamp AT TIME ZONE ${ANALYTICS_TIME_ZONE}
    AND i.case_id IN (SELECT id FROM analytics.case_fact WHERE ${scopeCondition(scope)})
    ${afterId === undefined ? sql`` : sql`AND i.id > ${afterId}::uuid`})`;
}

const stepTypes = sql`ARRAY[${sql.join(STEP_TYPES.map((t) => sql`${t}`))}]::text[]`;

/**
 * Fills pg_temp.mining_instance and pg_temp.mining_step for this connection. Multi-instance inner
 * executions (loop_counter set) are left out: the body stands for the step once.
 */
export async function loadMiningTables(tx: Tx, selection: MiningSelection): Promise<void> {
  await sql`DROP TABLE IF EXISTS pg_temp.mining_step, pg_temp.mining_instance`.execute(tx);
  await sql`
    CREATE TEMP TABLE mining_instance AS
    SELECT i.id, i.case_id, i.state, i.started_at, i.ended_at FROM process.instance i
     WHERE ${instancesInScope(selection)}`.execute(tx);
  await sql`
    CREATE TEMP TABLE mining_step AS
    SELECT s.*, row_number() OVER (PARTITION BY s.instance_id ORDER BY s.started_at, s.ended_at NULLS LAST, s.id)::int AS seq
      FROM (
        SELECT h.id, h.instance_id, h.element_id, h.state, h.started_at, h.ended_at
          FROM mining_instance mi JOIN process.element_history h ON h.instance_id = mi.id AND h.ended_at >= mi.started_at
         WHERE h.element_type = ANY(${stepTypes}) AND h.loop_counter IS NULL
        UNION ALL
        SELECT e.id, e.instance_id, e.element_id, e.state, e.started_at, NULL
          FROM mining_instance mi JOIN process.element_instance e ON e.instance_id = mi.id
         WHERE e.element_type = ANY(${stepTypes}) AND e.loop_counter IS NULL
      ) s`.execute(tx);
  await sql`ANALYZE mining_instance, mining_step`.execute(tx);
}

export async function dropMiningTables(tx: Tx): Promise<void> {
  await sql`DROP TABLE IF EXISTS pg_temp.mining_step, pg_temp.mining_instance`.execute(tx);
}

export async function countInstances(tx: Tx) {
  const row = await sql<{ total: number; completed: number; active: number; terminated: number }>`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE state = 'completed')::int AS completed,
           count(*) FILTER (WHERE state IN ('active', 'incident'))::int AS active,
           count(*) FILTER (WHERE state = 'terminated')::int AS terminated
      FROM mining_instance`.execute(tx);
  return row.rows[0]!;
}

export interface StepStatsRow {
  elementId: string;
  executions: number;
  instances: number;
  durationP50: number | null;
  durationP90: number | null;
}

/** Per step: executions, instances, and how long an execution took from start to end (seconds). */
export async function stepStats(tx: Tx): Promise<StepStatsRow[]> {
  const rows = await sql<StepStatsRow>`
    SELECT element_id AS "elementId", count(*)::int AS executions, count(DISTINCT instance_id)::int AS instances,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ended_at - started_at)) AS "durationP50",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM ended_at - started_at)) AS "durationP90"
      FROM mining_step GROUP BY element_id`.execute(tx);
  return rows.rows;
}

export interface TaskTimesRow {
  elementId: string;
  tasks: number;
  waitP50: number | null;
  waitP90: number | null;
  workP50: number | null;
  workP90: number | null;
}

/**
 * Waiting and working time of user tasks, from the read model's task facts (analytics.task_fact,
 * kept by the projector): waiting from the task's creation until a person first held it (a claim,
 * a transfer or delegation to someone; at creation when the model or a return assigned it
 * directly), working from then until it ended; a task never held by anyone waited its whole life.
 * Open tasks are left out: their times are not known yet. The process key and the period's start
 * narrow the facts by their index before the instances in scope do.
 */
export async function taskTimes(tx: Tx, selection: MiningSelection): Promise<TaskTimesRow[]> {
  const rows = await sql<TaskTimesRow>`
    SELECT f.element_id AS "elementId", count(*)::int AS tasks,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY f.wait_seconds) AS "waitP50",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY f.wait_seconds) AS "waitP90",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY f.work_seconds) AS "workP50",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY f.work_seconds) AS "workP90"
      FROM analytics.task_fact f
     WHERE f.process_key = ${selection.processKey}
       AND f.created_at >= (${selection.scope.from}::date)::timestamp AT TIME ZONE ${ANALYTICS_TIME_ZONE}
       AND f.ended_at IS NOT NULL
       AND f.instance_id IN (SELECT id FROM mining_instance)
     GROUP BY f.element_id`.execute(tx);
  return rows.rows;
}

export interface EdgeRow {
  from: string | null;
  to: string | null;
  count: number;
  medianSeconds: number | null;
}

/**
 * The directly-follows relation: consecutive steps of an instance (by start), with the median
 * time from the end of one to the start of the next. `from` null: the instance's first step;
 * `to` null: the last step of an instance that completed.
 */
export async function directlyFollows(tx: Tx): Promise<EdgeRow[]> {
  const rows = await sql<EdgeRow>`
    WITH ordered AS (
      SELECT instance_id, element_id, started_at, ended_at,
             lag(element_id) OVER w AS prev, lag(ended_at) OVER w AS prev_ended_at, lead(seq) OVER w IS NULL AS is_last
        FROM mining_step WINDOW w AS (PARTITION BY instance_id ORDER BY seq)
    ), pairs AS (
      SELECT prev AS "from", element_id AS "to", extract(epoch FROM started_at - prev_ended_at) AS gap FROM ordered
      UNION ALL
      SELECT o.element_id, NULL, extract(epoch FROM mi.ended_at - o.ended_at)
        FROM ordered o JOIN mining_instance mi ON mi.id = o.instance_id AND mi.state = 'completed'
       WHERE o.is_last
    )
    SELECT "from", "to", count(*)::int AS count,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY GREATEST(gap, 0)) AS "medianSeconds"
      FROM pairs GROUP BY "from", "to"`.execute(tx);
  return rows.rows;
}

export interface VariantRow {
  trace: string[];
  count: number;
  completed: number;
  meanSeconds: number | null;
  medianSeconds: number | null;
}

/**
 * Instances grouped by their sequence of steps, most frequent first, with the duration of those
 * that ended. At most `limit` variants: conformance is judged per variant, so this bounds it.
 */
export async function variants(tx: Tx, limit: number): Promise<{ rows: VariantRow[]; total: number }> {
  const rows = await sql<VariantRow & { total: number }>`
    WITH per_instance AS (
      SELECT mi.id, mi.state, extract(epoch FROM mi.ended_at - mi.started_at) AS duration,
             COALESCE(array_agg(s.element_id ORDER BY s.seq) FILTER (WHERE s.element_id IS NOT NULL), '{}') AS trace
        FROM mining_instance mi LEFT JOIN mining_step s ON s.instance_id = mi.id
       GROUP BY mi.id, mi.state, mi.ended_at, mi.started_at
    )
    SELECT trace, count(*)::int AS count, count(*) FILTER (WHERE state = 'completed')::int AS completed,
           (avg(duration) FILTER (WHERE state = 'completed'))::float8 AS "meanSeconds",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY duration) FILTER (WHERE state = 'completed') AS "medianSeconds",
           (count(*) OVER ())::int AS total
      FROM per_instance GROUP BY trace
     ORDER BY count(*) DESC, trace LIMIT ${limit}`.execute(tx);
  return { rows: rows.rows.map(({ total: _total, ...row }) => row), total: rows.rows[0]?.total ?? 0 };
}

export interface HandoffRow {
  fromDepartmentId: string | null;
  fromDepartmentName: string | null;
  toDepartmentId: string | null;
  toDepartmentName: string | null;
  count: number;
}

/**
 * Hand-offs: consecutive completed user tasks of an instance completed by people of different
 * departments (each person's department now: a move between departments is rare and the past
 * one is not kept).
 */
export async function handoffs(tx: Tx): Promise<HandoffRow[]> {
  const rows = await sql<HandoffRow>`
    WITH done AS (
      SELECT t.instance_id, t.completed_at, t.id, u.department_id
        FROM mining_instance mi JOIN process.task t ON t.instance_id = mi.id
        LEFT JOIN access.user u ON u.id::text = t.completed_by
       WHERE t.state = 'completed' AND t.completed_by IS NOT NULL
    ), pairs AS (
      SELECT lag(department_id) OVER (PARTITION BY instance_id ORDER BY completed_at, id) AS from_id, department_id AS to_id,
             row_number() OVER (PARTITION BY instance_id ORDER BY completed_at, id) AS n
        FROM done
    )
    SELECT p.from_id AS "fromDepartmentId", fd.name AS "fromDepartmentName", p.to_id AS "toDepartmentId", td.name AS "toDepartmentName", count(*)::int AS count
      FROM pairs p
      LEFT JOIN access.department fd ON fd.id = p.from_id
      LEFT JOIN access.department td ON td.id = p.to_id
     WHERE p.n > 1 AND p.from_id IS DISTINCT FROM p.to_id
     GROUP BY p.from_id, fd.name, p.to_id, td.name
     ORDER BY count(*) DESC`.execute(tx);
  return rows.rows;
}

/** Returns (退回) and withdrawals (撤回) on the instances' tasks, by the step they were taken on. */
export async function rewinds(tx: Tx): Promise<{ elementId: string | null; action: string; count: number }[]> {
  const rows = await sql<{ elementId: string | null; action: string; count: number }>`
    SELECT a.element_id AS "elementId", a.action, count(*)::int AS count
      FROM mining_instance mi JOIN process.task_action a ON a.instance_id = mi.id
     WHERE a.action IN ('return', 'withdraw')
     GROUP BY a.element_id, a.action`.execute(tx);
  return rows.rows;
}

/** Reopenings of the instances' cases (done → unfinished), from the read model's case facts. */
export async function reopenings(tx: Tx): Promise<{ cases: number; reopenings: number }> {
  const rows = await sql<{ cases: number; reopenings: number }>`
    SELECT count(*) FILTER (WHERE cf.reopen_count > 0)::int AS cases, COALESCE(sum(cf.reopen_count), 0)::int AS reopenings
      FROM analytics.case_fact cf WHERE cf.id IN (SELECT case_id FROM mining_instance)`.execute(tx);
  return rows.rows[0]!;
}

// ---- the event log -------------------------------------------------------------------------

export interface EventLogRow {
  instanceId: string;
  caseId: string;
  elementId: string;
  elementType: string;
  state: string;
  startedAt: Date;
  endedAt: Date | null;
  /** The user id that completed the task (user tasks only); never a name. */
  resource: string | null;
}

/**
 * One page of the event log: the steps of up to `limit` instances after `afterId` (instance ids
 * ascending), every step with the person who completed it.
 */
export async function eventLogPage(tx: Tx, selection: MiningSelection, afterId: string | undefined, limit: number): Promise<{ rows: EventLogRow[]; lastInstanceId: string | undefined }> {
  const instances = await sql<{ id: string; case_id: string; started_at: Date }>`
    SELECT i.id, i.case_id, i.started_at FROM process.instance i WHERE ${instancesInScope(selection, afterId)}
     ORDER BY i.id LIMIT ${limit}`.execute(tx);
  if (instances.rows.length === 0) return { rows: [], lastInstanceId: undefined };
  const ids = instances.rows.map((r) => r.id);
  const minStart = new Date(Math.min(...instances.rows.map((r) => r.started_at.getTime())));
  const rows = await sql<EventLogRow>`
    SELECT s.instance_id AS "instanceId", i.case_id AS "caseId", s.element_id AS "elementId", s.element_type AS "elementType",
           s.state, s.started_at AS "startedAt", s.ended_at AS "endedAt", t.completed_by AS resource
      FROM (
        SELECT h.id, h.instance_id, h.element_id, h.element_type, h.state, h.started_at, h.ended_at FROM process.element_history h
         WHERE h.instance_id = ANY(${ids}::uuid[]) AND h.ended_at >= ${minStart} AND h.element_type = ANY(${stepTypes}) AND h.loop_counter IS NULL
        UNION ALL
        SELECT e.id, e.instance_id, e.element_id, e.element_type, e.state, e.started_at, NULL FROM process.element_instance e
         WHERE e.instance_id = ANY(${ids}::uuid[]) AND e.element_type = ANY(${stepTypes}) AND e.loop_counter IS NULL
      ) s
      JOIN process.instance i ON i.id = s.instance_id
      LEFT JOIN process.task t ON t.element_instance_id = s.id AND t.state = 'completed'
     ORDER BY s.instance_id, s.started_at, s.ended_at NULLS LAST, s.id`.execute(tx);
  return { rows: rows.rows, lastInstanceId: ids[ids.length - 1] };
}

export async function countInstancesInScope(tx: Tx, selection: MiningSelection): Promise<number> {
  const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM process.instance i WHERE ${instancesInScope(selection)}`.execute(tx);
  return rows.rows[0]!.n;
}
