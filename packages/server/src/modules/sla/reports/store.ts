import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { ReportGrouping } from './schemas.ts';

export interface ReportFigureRow {
  /** null on the totals row, and for cases without a department or queue. */
  key: string | null;
  isTotal: boolean;
  closed: number;
  closedOnTime: number;
  responded: number;
  respondedOnTime: number;
  breaches: number;
  avgResolutionSeconds: number | null;
  p90ResolutionSeconds: number | null;
  avgFirstResponseSeconds: number | null;
  p90FirstResponseSeconds: number | null;
}

const GROUP_COLUMNS: Record<ReportGrouping, RawBuilder<unknown>> = {
  caseType: sql`c.type_key`,
  department: sql`c.department_id::text`,
  queue: sql`c.queue`,
};

/**
 * On-time figures of the clocks on `cases` (a relation with id, type_key, department_id, queue —
 * the reader's cases) in [from, to): resolution and first-response clocks met in the period, and
 * clocks of any kind breached in it. One row per group and a totals row (GROUPING SETS).
 * On target_stopped and target_breached.
 */
export async function selectOnTimeFigures(tx: Tx, cases: RawBuilder<unknown>, groupBy: ReportGrouping, from: Date, to: Date): Promise<ReportFigureRow[]> {
  const group = GROUP_COLUMNS[groupBy];
  const result = await sql<{
    key: string | null;
    is_total: boolean;
    closed: number;
    closed_on_time: number;
    responded: number;
    responded_on_time: number;
    breaches: number;
    avg_resolution: number | null;
    p90_resolution: number | null;
    avg_first_response: number | null;
    p90_first_response: number | null;
  }>`
    WITH clocks AS (
      SELECT t.kind, t.state, t.stopped_at, t.breached_at, t.elapsed_seconds, ${group} AS key,
             (t.state = 'met' AND t.stopped_at >= ${from} AND t.stopped_at < ${to}) AS met_in_period,
             (t.breached_at >= ${from} AND t.breached_at < ${to}) AS breached_in_period
        FROM sla.target t JOIN (${cases}) c ON c.id = t.case_id
       WHERE (t.stopped_at >= ${from} AND t.stopped_at < ${to}) OR (t.breached_at >= ${from} AND t.breached_at < ${to})
    )
    SELECT key, GROUPING(key) = 1 AS is_total,
           count(*) FILTER (WHERE met_in_period AND kind = 'resolution')::int AS closed,
           count(*) FILTER (WHERE met_in_period AND kind = 'resolution' AND breached_at IS NULL)::int AS closed_on_time,
           count(*) FILTER (WHERE met_in_period AND kind = 'first-response')::int AS responded,
           count(*) FILTER (WHERE met_in_period AND kind = 'first-response' AND breached_at IS NULL)::int AS responded_on_time,
           count(*) FILTER (WHERE breached_in_period)::int AS breaches,
           round(avg(elapsed_seconds) FILTER (WHERE met_in_period AND kind = 'resolution'))::float8 AS avg_resolution,
           round((percentile_cont(0.9) WITHIN GROUP (ORDER BY elapsed_seconds) FILTER (WHERE met_in_period AND kind = 'resolution'))::numeric)::float8 AS p90_resolution,
           round(avg(elapsed_seconds) FILTER (WHERE met_in_period AND kind = 'first-response'))::float8 AS avg_first_response,
           round((percentile_cont(0.9) WITHIN GROUP (ORDER BY elapsed_seconds) FILTER (WHERE met_in_period AND kind = 'first-response'))::numeric)::float8 AS p90_first_response
      FROM clocks
     GROUP BY GROUPING SETS ((key), ())
     ORDER BY is_total, key NULLS LAST`.execute(tx);
  return result.rows.map((r) => ({
    key: r.key,
    isTotal: r.is_total,
    closed: r.closed,
    closedOnTime: r.closed_on_time,
    responded: r.responded,
    respondedOnTime: r.responded_on_time,
    breaches: r.breaches,
    avgResolutionSeconds: r.avg_resolution,
    p90ResolutionSeconds: r.p90_resolution,
    avgFirstResponseSeconds: r.avg_first_response,
    p90FirstResponseSeconds: r.p90_first_response,
  }));
}
