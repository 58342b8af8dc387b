import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import { ANALYTICS_TIME_ZONE, type AnalyticsScope, createdInPeriod, scopeCondition } from '../scope.ts';
import { fieldKeyOfMeasure, type ReportCondition } from './report-definition.ts';
import { FIELD_DIMENSION_PREFIX, type ReportSubject } from './subject-catalogue.ts';

// The SQL of reports. Each subject is a CTE `src` whose rows the reader's scope already limits:
// the cases subject reads analytics.case_fact under scopeCondition (the case lists' predicate);
// tasks, SLA targets and routing decisions join the case facts the same scope admits, so a task
// of a case the reader may not open never counts. Dimensions and measures are fixed expressions
// over `src`, chosen by key: a definition never brings SQL of its own.

type Expr = RawBuilder<unknown>;
const day = (column: string, tz: string): Expr => sql`to_char((${sql.ref(`src.${column}`)} AT TIME ZONE ${tz})::date, 'YYYY-MM-DD')`;
const week = (column: string, tz: string): Expr => sql`to_char(date_trunc('week', ${sql.ref(`src.${column}`)} AT TIME ZONE ${tz}), 'IYYY-"W"IW')`;
const month = (column: string, tz: string): Expr => sql`to_char(${sql.ref(`src.${column}`)} AT TIME ZONE ${tz}, 'YYYY-MM')`;
const text = (column: string): Expr => sql`${sql.ref(`src.${column}`)}::text`;
const dates = (prefix: string, column: string, tz: string): Record<string, Expr> => ({
  [`${prefix}-day`]: day(column, tz),
  [`${prefix}-week`]: week(column, tz),
  [`${prefix}-month`]: month(column, tz),
});
const caseDims: Record<string, Expr> = { 'case-type': text('case_type'), 'case-channel': sql`nullif(src.case_channel, '')`, 'case-department': text('case_department_id') };
const hours = (seconds: Expr): Expr => sql`round((${seconds})::numeric / 3600, 2)`;
const rate = (part: Expr, whole: Expr): Expr => sql`round((${part})::numeric / nullif(${whole}, 0), 4)`;

// Built per analytics time zone (set at start, scope.ts): date dimensions are the bank's local days.
const dimensionsByZone = new Map<string, Record<ReportSubject, Record<string, Expr>>>();
function dimensions(): Record<ReportSubject, Record<string, Expr>> {
  let built = dimensionsByZone.get(ANALYTICS_TIME_ZONE);
  if (!built) {
    built = buildDimensions(ANALYTICS_TIME_ZONE);
    dimensionsByZone.set(ANALYTICS_TIME_ZONE, built);
  }
  return built;
}
const buildDimensions = (tz: string): Record<ReportSubject, Record<string, Expr>> => ({
  cases: {
    type: text('type_key'),
    channel: sql`nullif(src.channel, '')`,
    status: text('status'),
    'status-category': text('status_category'),
    priority: text('priority'),
    sensitivity: text('sensitivity'),
    outcome: sql`nullif(src.outcome, '')`,
    category: sql`nullif(src.category, '')`,
    product: sql`nullif(src.product, '')`,
    region: sql`nullif(src.region, '')`,
    department: text('department_id'),
    assignee: text('assignee_id'),
    ...dates('created', 'created_at', tz),
    ...dates('resolved', 'resolved_at', tz),
  },
  tasks: {
    process: text('process_key'),
    step: sql`coalesce(src.name, src.element_id)`,
    state: text('state'),
    outcome: text('outcome'),
    department: text('department_id'),
    assignee: text('assignee_id'),
    'assignee-department': text('assignee_department_id'),
    ...caseDims,
    ...dates('created', 'created_at', tz),
  },
  'sla-targets': {
    target: text('key'),
    kind: text('kind'),
    state: text('state'),
    priority: text('priority'),
    breached: sql`CASE WHEN src.breached_at IS NULL THEN 'no' ELSE 'yes' END`,
    ...caseDims,
    ...dates('started', 'started_at', tz),
  },
  'routing-decisions': {
    trigger: text('trigger'),
    outcome: text('outcome'),
    strategy: text('strategy'),
    rule: text('rule_key'),
    assignee: text('assignee_id'),
    ...caseDims,
    ...dates('decided', 'decided_at', tz),
  },
});

const MEASURES: Record<ReportSubject, Record<string, Expr>> = {
  cases: {
    count: sql`count(*)`,
    // Finished whatever the fact calls it (resolved/closed, or done): unfinished is open or waiting.
    resolved: sql`count(*) FILTER (WHERE src.status_category NOT IN ('open', 'waiting'))`,
    unfinished: sql`count(*) FILTER (WHERE src.status_category IN ('open', 'waiting'))`,
    reopened: sql`count(*) FILTER (WHERE src.reopen_count > 0)`,
    'sla-breaches': sql`coalesce(sum(src.sla_breached), 0)`,
    'first-contact-resolution-rate': rate(sql`count(*) FILTER (WHERE src.first_contact_resolution)`, sql`count(*) FILTER (WHERE src.first_contact_resolution IS NOT NULL)`),
    'on-time-rate': rate(sql`sum(src.sla_met_on_time)`, sql`sum(src.sla_met_on_time + src.sla_breached)`),
    'reopen-rate': rate(sql`count(*) FILTER (WHERE src.reopen_count > 0)`, sql`count(*) FILTER (WHERE src.first_resolved_at IS NOT NULL)`),
    'satisfaction-average': sql`round(avg(src.satisfaction), 2)`,
    'resolution-hours-average': hours(sql`avg(extract(epoch FROM src.resolved_at - src.created_at))`),
  },
  tasks: {
    count: sql`count(*)`,
    completed: sql`count(*) FILTER (WHERE src.state = 'completed')`,
    open: sql`count(*) FILTER (WHERE src.state = 'created')`,
    'wait-hours-average': hours(sql`avg(src.wait_seconds)`),
    'work-hours-average': hours(sql`avg(src.work_seconds)`),
    'work-hours-p90': hours(sql`percentile_cont(0.9) WITHIN GROUP (ORDER BY src.work_seconds)`),
  },
  'sla-targets': {
    count: sql`count(*)`,
    breached: sql`count(*) FILTER (WHERE src.breached_at IS NOT NULL)`,
    'met-on-time': sql`count(*) FILTER (WHERE src.state = 'met' AND src.breached_at IS NULL)`,
    'on-time-rate': rate(sql`count(*) FILTER (WHERE src.state = 'met' AND src.breached_at IS NULL)`, sql`count(*) FILTER (WHERE src.breached_at IS NOT NULL OR src.state = 'met')`),
    'elapsed-hours-average': hours(sql`avg(src.elapsed_seconds)`),
  },
  'routing-decisions': {
    count: sql`count(*)`,
    assigned: sql`count(*) FILTER (WHERE src.assignee_id IS NOT NULL)`,
    'duration-ms-average': sql`round(avg(src.duration_us)::numeric / 1000, 2)`,
  },
};

const numberField = (key: string): Expr => sql`CASE WHEN jsonb_typeof(src.case_fields -> ${key}) = 'number' THEN (src.case_fields ->> ${key})::numeric END`;

function dimensionSql(subject: ReportSubject, key: string): Expr {
  if (key.startsWith(FIELD_DIMENSION_PREFIX)) {
    const fieldKey = key.slice(FIELD_DIMENSION_PREFIX.length);
    // Arrays (checkboxes) read as their JSON text; scalars as text; absent as NULL.
    return sql`CASE WHEN jsonb_typeof(src.case_fields -> ${fieldKey}) IN ('string', 'number', 'boolean') THEN src.case_fields ->> ${fieldKey} ELSE (src.case_fields -> ${fieldKey})::text END`;
  }
  return dimensions()[subject][key]!;
}

function measureSql(subject: ReportSubject, key: string): Expr {
  const fieldKey = fieldKeyOfMeasure(key);
  if (fieldKey !== undefined) return key.startsWith('sum:') ? sql`coalesce(sum(${numberField(fieldKey)}), 0)` : sql`round(avg(${numberField(fieldKey)}), 2)`;
  return MEASURES[subject][key]!;
}

/** The subject's rows within the reader's scope and the period, as the CTE `src`. */
function sourceOf(subject: ReportSubject, scope: AnalyticsScope, withCaseFields: boolean): Expr {
  // scopeCondition reads unqualified case_fact columns: it stays inside a FROM of case_fact alone.
  const scopedCases = sql`SELECT id, type_key AS case_type, channel AS case_channel, department_id AS case_department_id FROM analytics.case_fact WHERE ${scopeCondition(scope)}`;
  switch (subject) {
    case 'cases': {
      const fields = withCaseFields ? sql`, (SELECT c.fields FROM cases.case c WHERE c.id = case_fact.id) AS case_fields` : sql``;
      return sql`SELECT case_fact.*${fields} FROM analytics.case_fact WHERE ${scopeCondition(scope)} AND ${createdInPeriod(scope)}`;
    }
    case 'tasks':
      return sql`SELECT t.*, f.case_type, f.case_channel, f.case_department_id FROM analytics.task_fact t JOIN (${scopedCases}) f ON f.id = t.case_id WHERE ${createdInPeriod(scope, 't.created_at')}`;
    case 'sla-targets':
      return sql`SELECT s.*, f.case_type, f.case_channel, f.case_department_id FROM sla.target s JOIN (${scopedCases}) f ON f.id = s.case_id WHERE ${createdInPeriod(scope, 's.started_at')}`;
    case 'routing-decisions':
      return sql`SELECT d.*, f.case_type, f.case_channel, f.case_department_id FROM routing.decision d JOIN (${scopedCases}) f ON f.id = d.case_id WHERE ${createdInPeriod(scope, 'd.decided_at')}`;
  }
}

export interface ReportQuery {
  subject: ReportSubject;
  groupBy: string[];
  measures: string[];
  conditions: ReportCondition[];
  /** Dimension keys that are dates: they sort by value, the others by the first measure. */
  dateDimensions: Set<string>;
  limit: number;
}

export interface ReportQueryResult {
  rows: { keys: (string | null)[]; values: (number | null)[] }[];
  total: (number | null)[];
  truncated: boolean;
}

const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Runs a validated report: its groups (at most `limit`, and whether more were left out) and the total over every row. */
export async function queryReport(tx: Tx, scope: AnalyticsScope, q: ReportQuery): Promise<ReportQueryResult> {
  const withCaseFields =
    q.subject === 'cases' && ([...q.groupBy, ...q.conditions.map((c) => c.dimension)].some((k) => k.startsWith(FIELD_DIMENSION_PREFIX)) || q.measures.some((m) => fieldKeyOfMeasure(m) !== undefined));
  const source = sourceOf(q.subject, scope, withCaseFields);
  const where =
    q.conditions.length === 0
      ? sql`TRUE`
      : sql.join(
          q.conditions.map((c) => sql`${dimensionSql(q.subject, c.dimension)} = ANY(${c.values}::text[])`),
          sql` AND `,
        );
  const measureList = sql.join(q.measures.map((m, i) => sql`${measureSql(q.subject, m)} AS ${sql.ref(`m${i}`)}`));
  const totalRow = await sql<Record<string, unknown>>`WITH src AS (${source}) SELECT ${measureList} FROM src WHERE ${where}`.execute(tx);
  const total = q.measures.map((_, i) => toNumber(totalRow.rows[0]?.[`m${i}`]));
  if (q.groupBy.length === 0) return { rows: [{ keys: [], values: total }], total, truncated: false };

  const keyList = sql.join(q.groupBy.map((g, i) => sql`${dimensionSql(q.subject, g)} AS ${sql.ref(`g${i}`)}`));
  const groupList = sql.join(q.groupBy.map((_, i) => sql.lit(i + 1)));
  // Dates in time order; other groups biggest first, then by key, so the order is stable.
  const order = q.groupBy.every((g) => q.dateDimensions.has(g))
    ? sql.join(q.groupBy.map((_, i) => sql`${sql.ref(`g${i}`)} NULLS LAST`))
    : sql`${sql.ref('m0')} DESC NULLS LAST, ${sql.join(q.groupBy.map((_, i) => sql`${sql.ref(`g${i}`)} NULLS LAST`))}`;
  const result = await sql<Record<string, unknown>>`
    WITH src AS (${source})
    SELECT ${keyList}, ${measureList} FROM src WHERE ${where}
     GROUP BY ${groupList} ORDER BY ${order} LIMIT ${q.limit + 1}`.execute(tx);
  const rows = result.rows.slice(0, q.limit).map((r) => ({
    keys: q.groupBy.map((_, i) => (r[`g${i}`] === null || r[`g${i}`] === undefined ? null : String(r[`g${i}`]))),
    values: q.measures.map((_, i) => toNumber(r[`m${i}`])),
  }));
  return { rows, total, truncated: result.rows.length > q.limit };
}
