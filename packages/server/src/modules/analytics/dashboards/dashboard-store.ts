import { type RawBuilder, type SqlBool, type Expression, sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { ANALYTICS_TIME_ZONE, type AnalyticsScope, createdInPeriod, dayInPeriod, scopeCondition } from '../scope.ts';

type Executor = Db | Tx;

/**
 * The day-keyed counters every dashboard figure is summed from, as rows shaped like
 * analytics.case_daily: the rollup itself when the reader's policy is rollup-safe, else the same
 * contributions derived from case_fact: a case counts once on its creation day (created, SLA,
 * satisfaction) and once on its current resolution's day (resolved, first-contact, reopened), as
 * the read model attributes case_daily's counters (read-model/projection-store.ts
 * contributions). Both paths run the same aggregates, so they cannot drift apart in what they sum.
 */
function dailySource(scope: AnalyticsScope): RawBuilder<unknown> {
  const where = scopeCondition(scope);
  if (scope.rollupSafe) {
    return sql`SELECT day, department_id, type_key, channel, created, resolved, first_contact_resolved, reopened,
                      sla_met_on_time, sla_breached, satisfaction_sum, satisfaction_count
                 FROM analytics.case_daily WHERE ${where} AND ${dayInPeriod(scope)}`;
  }
  return sql`SELECT (created_at AT TIME ZONE ${ANALYTICS_TIME_ZONE})::date AS day, department_id, type_key, channel,
                    1 AS created, 0 AS resolved, 0 AS first_contact_resolved, 0 AS reopened,
                    sla_met_on_time, sla_breached, coalesce(satisfaction, 0) AS satisfaction_sum, (satisfaction IS NOT NULL)::int AS satisfaction_count
               FROM analytics.case_fact WHERE ${where} AND ${createdInPeriod(scope)}
             UNION ALL
             SELECT (resolved_at AT TIME ZONE ${ANALYTICS_TIME_ZONE})::date, department_id, type_key, channel,
                    0, 1, (first_contact_resolution IS TRUE)::int, (reopen_count > 0)::int,
                    0, 0, 0, 0
               FROM analytics.case_fact WHERE ${where} AND ${createdInPeriod(scope, 'resolved_at')}`;
}

export interface DailyCounters {
  created: number;
  resolved: number;
  firstContactResolved: number;
  reopened: number;
  slaMetOnTime: number;
  slaBreached: number;
  satisfactionSum: number;
  satisfactionCount: number;
}

interface CounterRow {
  created: number;
  resolved: number;
  fcr: number;
  reopened: number;
  met: number;
  breached: number;
  sat_sum: number;
  sat_count: number;
}

const COUNTER_SUMS = sql`coalesce(sum(created), 0)::int AS created, coalesce(sum(resolved), 0)::int AS resolved,
  coalesce(sum(first_contact_resolved), 0)::int AS fcr, coalesce(sum(reopened), 0)::int AS reopened,
  coalesce(sum(sla_met_on_time), 0)::int AS met, coalesce(sum(sla_breached), 0)::int AS breached,
  coalesce(sum(satisfaction_sum), 0)::int AS sat_sum, coalesce(sum(satisfaction_count), 0)::int AS sat_count`;

const toCounters = (r: CounterRow): DailyCounters => ({
  created: r.created,
  resolved: r.resolved,
  firstContactResolved: r.fcr,
  reopened: r.reopened,
  slaMetOnTime: r.met,
  slaBreached: r.breached,
  satisfactionSum: r.sat_sum,
  satisfactionCount: r.sat_count,
});

export interface PeriodCounters {
  total: DailyCounters;
  byDay: ({ day: string } & DailyCounters)[];
  byType: ({ typeKey: string } & DailyCounters)[];
  byChannel: ({ channel: string } & DailyCounters)[];
  byDepartment: ({ departmentId: string | null } & DailyCounters)[];
}

/** The period's counters in one pass: the total and per day, type, channel and department. */
export async function sumPeriodCounters(tx: Executor, scope: AnalyticsScope): Promise<PeriodCounters> {
  const result = await sql<CounterRow & { set: number; day: string | null; type_key: string | null; channel: string | null; department_id: string | null }>`
    WITH daily AS (${dailySource(scope)})
    SELECT GROUPING(day, type_key, channel, department_id) AS set, to_char(day, 'YYYY-MM-DD') AS day, type_key, channel, department_id, ${COUNTER_SUMS}
      FROM daily
     GROUP BY GROUPING SETS ((), (day), (type_key), (channel), (department_id))`.execute(tx);
  const out: PeriodCounters = {
    total: toCounters({ created: 0, resolved: 0, fcr: 0, reopened: 0, met: 0, breached: 0, sat_sum: 0, sat_count: 0 }),
    byDay: [],
    byType: [],
    byChannel: [],
    byDepartment: [],
  };
  // GROUPING(day, type_key, channel, department_id) is a bit mask with day as the highest bit: 0b0111 is "by day".
  for (const r of result.rows) {
    const counters = toCounters(r);
    if (r.set === 0b1111) out.total = counters;
    else if (r.set === 0b0111) out.byDay.push({ day: r.day!, ...counters });
    else if (r.set === 0b1011) out.byType.push({ typeKey: r.type_key!, ...counters });
    else if (r.set === 0b1101) out.byChannel.push({ channel: r.channel!, ...counters });
    else if (r.set === 0b1110) out.byDepartment.push({ departmentId: r.department_id, ...counters });
  }
  return out;
}

/** The cockpit's counters per department for the current period and the one before it. */
export async function sumCountersByDepartmentAndPeriod(tx: Executor, scope: AnalyticsScope, previousFrom: string): Promise<({ departmentId: string | null; current: boolean } & DailyCounters)[]> {
  const both: AnalyticsScope = { ...scope, from: previousFrom };
  const result = await sql<CounterRow & { department_id: string | null; current: boolean }>`
    WITH daily AS (${dailySource(both)})
    SELECT department_id, day >= ${scope.from}::date AS current, ${COUNTER_SUMS}
      FROM daily GROUP BY 1, 2`.execute(tx);
  return result.rows.map((r) => ({ departmentId: r.department_id, current: r.current, ...toCounters(r) }));
}

export const AGE_BUCKETS = ['lt1d', '1to3d', '3to7d', '7to30d', 'gt30d'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
/** Lower bounds of each age bucket, in days; a case of exactly 3 days' age is in 3to7d. */
const AGE_BOUNDS_DAYS: Record<AgeBucket, [number, number | null]> = { lt1d: [0, 1], '1to3d': [1, 3], '3to7d': [3, 7], '7to30d': [7, 30], gt30d: [30, null] };

/** created_at within an age bucket at `now` (age = now − created_at). */
export function ageBucketCondition(bucket: AgeBucket, now: Date): Expression<SqlBool> {
  const [fromDays, toDays] = AGE_BOUNDS_DAYS[bucket];
  const newest = new Date(now.getTime() - fromDays * 86_400_000);
  const upper = sql<SqlBool>`created_at <= ${newest}::timestamptz`;
  if (toDays === null) return upper;
  return sql<SqlBool>`(${upper} AND created_at > ${new Date(now.getTime() - toDays * 86_400_000)}::timestamptz)`;
}

// Facts fold resolved and closed into 'done' (read model); this is the partial index's own predicate.
const UNFINISHED = sql<SqlBool>`status_category <> 'done'`;

export interface BacklogCounts {
  total: number;
  byAge: Record<AgeBucket, number>;
  byAssignee: { assigneeId: string; open: number }[];
  byDepartment: { departmentId: string | null; open: number }[];
}

/**
 * The unfinished cases now (whatever the period: a backlog is a state, not a flow), by age, by
 * assignee and by department, in one pass over case_fact's partial index of unfinished cases.
 */
export async function countBacklog(tx: Executor, scope: AnalyticsScope, now: Date): Promise<BacklogCounts> {
  const ages = AGE_BUCKETS.map((b) => sql`count(*) FILTER (WHERE ${ageBucketCondition(b, now)})::int AS ${sql.ref(`age_${b}`)}`);
  const result = await sql<{ set: number; assignee_id: string | null; department_id: string | null; open: number } & Record<string, number>>`
    SELECT GROUPING(assignee_id, department_id) AS set, assignee_id, department_id, count(*)::int AS open, ${sql.join(ages, sql`, `)}
      FROM analytics.case_fact
     WHERE ${UNFINISHED} AND ${scopeCondition(scope)}
     GROUP BY GROUPING SETS ((), (assignee_id), (department_id))`.execute(tx);
  const out: BacklogCounts = { total: 0, byAge: { lt1d: 0, '1to3d': 0, '3to7d': 0, '7to30d': 0, gt30d: 0 }, byAssignee: [], byDepartment: [] };
  for (const r of result.rows) {
    if (r.set === 0b11) {
      out.total = r.open;
      for (const b of AGE_BUCKETS) out.byAge[b] = r[`age_${b}`]!;
    } else if (r.set === 0b01) {
      if (r.assignee_id !== null) out.byAssignee.push({ assigneeId: r.assignee_id, open: r.open });
    } else if (r.set === 0b10) out.byDepartment.push({ departmentId: r.department_id, open: r.open });
  }
  return out;
}

/** Cases resolved in the period per their (current) assignee: the person's resolved work. */
export async function countResolvedByAssignee(tx: Executor, scope: AnalyticsScope): Promise<{ assigneeId: string; resolved: number }[]> {
  const result = await sql<{ assignee_id: string; resolved: number }>`
    SELECT assignee_id, count(*)::int AS resolved FROM analytics.case_fact
     WHERE assignee_id IS NOT NULL AND ${scopeCondition(scope)} AND ${createdInPeriod(scope, 'resolved_at')}
     GROUP BY assignee_id`.execute(tx);
  return result.rows.map((r) => ({ assigneeId: r.assignee_id, resolved: r.resolved }));
}

export interface DepartmentNode {
  id: string;
  name: string;
  parentId: string | null;
  path: string;
}

/** A department and its direct children (or the top-level departments when `rootId` is null). */
export async function findDepartmentWithChildren(tx: Executor, rootId: string | null): Promise<{ root: DepartmentNode | null; children: DepartmentNode[] }> {
  const result = await sql<{ id: string; name: string; parent_id: string | null; path: string }>`
    SELECT id, name, parent_id, path FROM access.department
     WHERE ${rootId === null ? sql`parent_id IS NULL` : sql`id = ${rootId}::uuid OR parent_id = ${rootId}::uuid`}
     ORDER BY code, id`.execute(tx);
  const nodes = result.rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id, path: r.path }));
  return { root: nodes.find((n) => n.id === rootId) ?? null, children: nodes.filter((n) => n.id !== rootId) };
}

/** The departments below each of `paths` (themselves included), as id → the path it falls under. */
export async function mapDepartmentsToSubtrees(tx: Executor, roots: DepartmentNode[]): Promise<Map<string, string>> {
  if (roots.length === 0) return new Map();
  const result = await sql<{ id: string; root_id: string }>`
    SELECT d.id, r.id AS root_id FROM access.department r JOIN access.department d ON d.path LIKE r.path || '%'
     WHERE r.id = ANY(${roots.map((r) => r.id)}::uuid[])`.execute(tx);
  return new Map(result.rows.map((r) => [r.id, r.root_id]));
}

export const DRILL_METRICS = ['created', 'resolved', 'first-contact-resolved', 'reopened', 'rated', 'sla-met', 'sla-breached', 'backlog'] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];

export interface DrillQuery {
  metric: DrillMetric;
  /** A local day within the period: only the cases counted on that day. */
  day?: string;
  ageBucket?: AgeBucket;
  assigneeId?: string;
  /** Exactly this department (a workload-per-team row), not its subtree. */
  teamId?: string;
}

function localDayIs(column: string, day: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(column)} AT TIME ZONE ${ANALYTICS_TIME_ZONE})::date = ${day}::date`;
}

/**
 * The condition picking the cases a figure counted: the same facts and the same day each
 * counter is attributed to in dailySource (created, SLA, rated: creation day; resolution counters:
 * the current resolution's day; backlog: unfinished now).
 */
function drillCondition(scope: AnalyticsScope, query: DrillQuery, now: Date): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [scopeCondition(scope)];
  const byCreation = query.metric === 'created' || query.metric === 'sla-met' || query.metric === 'sla-breached' || query.metric === 'rated';
  if (query.metric === 'backlog') {
    parts.push(UNFINISHED);
    if (query.ageBucket) parts.push(ageBucketCondition(query.ageBucket, now));
  } else {
    const column = byCreation ? 'created_at' : 'resolved_at';
    parts.push(query.day ? localDayIs(column, query.day) : createdInPeriod(scope, column));
  }
  if (query.metric === 'first-contact-resolved') parts.push(sql<SqlBool>`first_contact_resolution IS TRUE`);
  if (query.metric === 'reopened') parts.push(sql<SqlBool>`reopen_count > 0`);
  if (query.metric === 'rated') parts.push(sql<SqlBool>`satisfaction IS NOT NULL`);
  if (query.metric === 'sla-met') parts.push(sql<SqlBool>`sla_met_on_time > 0`);
  if (query.metric === 'sla-breached') parts.push(sql<SqlBool>`sla_breached > 0`);
  if (query.assigneeId) parts.push(sql<SqlBool>`assignee_id = ${query.assigneeId}::uuid`);
  if (query.teamId) parts.push(sql<SqlBool>`department_id = ${query.teamId}::uuid`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

export interface DrillKeyset {
  createdAt: string;
  id: string;
}

/** One page of the ids of the cases behind a figure, newest first. */
export async function listDrillCaseIds(tx: Executor, scope: AnalyticsScope, query: DrillQuery, now: Date, after: DrillKeyset | undefined, limit: number): Promise<{ id: string; createdAt: Date }[]> {
  const keyset = after ? sql`AND (created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``;
  const result = await sql<{ id: string; created_at: Date }>`
    SELECT id, created_at FROM analytics.case_fact
     WHERE ${drillCondition(scope, query, now)} ${keyset}
     ORDER BY created_at DESC, id DESC LIMIT ${limit}`.execute(tx);
  return result.rows.map((r) => ({ id: r.id, createdAt: r.created_at }));
}
