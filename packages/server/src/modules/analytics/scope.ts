import type { Static } from '@sinclair/typebox';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { CommandContext } from '../../platform/commands/index.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import { type CaseFilter, compileCaseFilter } from '../access/index.ts';
import { visibilityCondition } from '../cases/index.ts';
import type { AnalyticsFilterQuery } from './filter.ts';

/**
 * The local day of analytic figures: days, weeks and quarters are the bank's, not UTC's. A live
 * binding: startDocket sets it once from DOCKET_ANALYTICS_TIME_ZONE (settings.ts) before anything
 * is served, so every importer reads the configured zone.
 */
export let ANALYTICS_TIME_ZONE = 'Asia/Shanghai';

/** Sets the analytics time zone (startDocket, from the configuration); refuses a zone Intl does not know. */
export function setAnalyticsTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone });
  ANALYTICS_TIME_ZONE = timeZone;
}
/** The longest period one query may cover: a dashboard over ten years is a report pack's job. */
export const MAX_PERIOD_DAYS = 731;
const DEFAULT_PERIOD_DAYS = 30;

/**
 * What every analytic query is limited to: the period and filters the caller chose, and the
 * cases the caller's case:read policy reaches. Resolved once per request.
 */
export interface AnalyticsScope {
  /** Local dates, both inclusive. */
  from: string;
  to: string;
  /** The chosen department and every department below it; undefined: no department filter. */
  departmentIds?: string[];
  caseType?: string;
  product?: string;
  channel?: string;
  category?: string;
  /** The reader's record policy (the case lists' compiled filter). */
  visible: CaseFilter;
  /**
   * True when the policy is made only of department, case type and sensitivity clauses, which
   * analytics.case_daily carries as keys: rollups then answer exactly what case_fact would. With
   * `own`, tag or named-case clauses the figures come from case_fact.
   */
  rollupSafe: boolean;
}

export type AnalyticsFilter = Static<typeof AnalyticsFilterQuery>;

/** The local date (YYYY-MM-DD) of an instant in the analytics time zone. */
export function localDateOf(instant: Date, timeZone = ANALYTICS_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/**
 * The scope of one analytic request: defaults (the last 30 days), the department's subtree, the
 * reader's policy. A bad period is a 400 naming the field; a department that does not exist
 * is one too (not an empty answer that reads like "no cases").
 */
export async function resolveAnalyticsScope(ctx: CommandContext, filter: AnalyticsFilter): Promise<AnalyticsScope> {
  const today = localDateOf(ctx.now);
  const to = filter.to ?? today;
  const from = filter.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  const errors: { field: string; reason: string }[] = [];
  // The schema's date format takes year 0000, which PostgreSQL refuses: a 400, not a 500.
  for (const [field, value] of [
    ['from', filter.from],
    ['to', filter.to],
  ] as const) {
    if (value !== undefined && (value < '1900-01-01' || value > '2199-12-31')) errors.push({ field: `querystring.${field}`, reason: 'must be a date between 1900 and 2199' });
  }
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });
  if (from > to) errors.push({ field: 'querystring.from', reason: `must not be after to (${to})` });
  else if ((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1 > MAX_PERIOD_DAYS) {
    errors.push({ field: 'querystring.from', reason: `the period may span at most ${MAX_PERIOD_DAYS} days` });
  }
  let departmentIds: string[] | undefined;
  if (filter.departmentId !== undefined) {
    const rows = await sql<{ id: string }>`
      SELECT d.id FROM access.department root JOIN access.department d ON d.path LIKE root.path || '%'
       WHERE root.id = ${filter.departmentId}::uuid`.execute(ctx.tx);
    if (rows.rows.length === 0) errors.push({ field: 'querystring.departmentId', reason: 'no such department' });
    departmentIds = rows.rows.map((r) => r.id);
  }
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });
  const visible = compileCaseFilter(ctx.actor, 'case:read');
  const rollupSafe = visible.kind !== 'any' || visible.clauses.every((c) => c.ownedBy === undefined && c.tagsAny === undefined && c.idIn === undefined);
  return { from, to, departmentIds, caseType: filter.caseType, product: filter.product, channel: filter.channel, category: filter.category, visible, rollupSafe };
}

/**
 * The scope's dimension filters and the reader's policy over unqualified columns of
 * analytics.case_fact (or analytics.case_daily: the same names), without the period: each query
 * says which date its period applies to (created, resolved, the day of a rollup).
 */
export function scopeCondition(scope: AnalyticsScope): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [visibilityCondition(scope.visible)];
  if (scope.departmentIds !== undefined) parts.push(sql<SqlBool>`department_id = ANY(${scope.departmentIds}::uuid[])`);
  if (scope.caseType !== undefined) parts.push(sql<SqlBool>`type_key = ${scope.caseType}`);
  if (scope.product !== undefined) parts.push(sql<SqlBool>`product = ${scope.product}`);
  if (scope.channel !== undefined) parts.push(sql<SqlBool>`channel = ${scope.channel}`);
  if (scope.category !== undefined) parts.push(sql<SqlBool>`category = ${scope.category}`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

/** created_at within the scope's period (local days), over analytics.case_fact. */
export function createdInPeriod(scope: AnalyticsScope, column = 'created_at'): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(column)} >= (${scope.from}::date)::timestamp AT TIME ZONE ${ANALYTICS_TIME_ZONE}
    AND ${sql.ref(column)} < (${addDays(scope.to, 1)}::date)::timestamp AT TIME ZONE ${ANALYTICS_TIME_ZONE})`;
}

/** day within the scope's period, over analytics.case_daily. */
export function dayInPeriod(scope: AnalyticsScope): Expression<SqlBool> {
  return sql<SqlBool>`(day BETWEEN ${scope.from}::date AND ${scope.to}::date)`;
}
