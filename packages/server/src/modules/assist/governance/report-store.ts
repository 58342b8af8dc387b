import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import { addDays, type ReportBucket, type SuggestionCount } from './report-figures.ts';

// The report's SQL: counts only. Suggestions are grouped by the local period of the prefill they
// belong to (the day the agent pasted the text), in the analytics time zone.

export interface ReportRange {
  /** Local dates, both inclusive. */
  from: string;
  to: string;
  bucket: ReportBucket;
  caseType?: string;
  timeZone: string;
}

// The same labels as the analytics module's date dimensions and periodsBetween().
function periodOf(range: ReportRange) {
  const local = sql`(p.requested_at AT TIME ZONE ${range.timeZone})`;
  if (range.bucket === 'day') return sql<string>`to_char(${local}::date, 'YYYY-MM-DD')`;
  if (range.bucket === 'week') return sql<string>`to_char(date_trunc('week', ${local}), 'IYYY-"W"IW')`;
  return sql<string>`to_char(${local}, 'YYYY-MM')`;
}

function prefillsInRange(range: ReportRange) {
  const parts = [
    sql`p.requested_at >= (${range.from}::date)::timestamp AT TIME ZONE ${range.timeZone}`,
    sql`p.requested_at < (${addDays(range.to, 1)}::date)::timestamp AT TIME ZONE ${range.timeZone}`,
  ];
  if (range.caseType !== undefined) parts.push(sql`p.case_type_key = ${range.caseType}`);
  return sql.join(parts, sql` AND `);
}

export async function countSuggestions(tx: Tx, range: ReportRange): Promise<SuggestionCount[]> {
  const { rows } = await sql<SuggestionCount>`
    SELECT p.case_type_key AS "caseType", s.field_key AS field, ${periodOf(range)} AS period,
           count(*)::int AS suggested,
           count(*) FILTER (WHERE s.outcome = 'accepted')::int AS accepted,
           count(*) FILTER (WHERE s.outcome = 'changed')::int AS changed,
           count(*) FILTER (WHERE s.outcome = 'rejected')::int AS rejected
      FROM assist.suggestion s JOIN assist.prefill p ON p.id = s.prefill_id
     WHERE ${prefillsInRange(range)}
     GROUP BY 1, 2, 3`.execute(tx);
  return rows;
}

export async function countPrefills(tx: Tx, range: ReportRange): Promise<{ caseType: string; period: string; prefills: number }[]> {
  const { rows } = await sql<{ caseType: string; period: string; prefills: number }>`
    SELECT p.case_type_key AS "caseType", ${periodOf(range)} AS period, count(*)::int AS prefills
      FROM assist.prefill p
     WHERE ${prefillsInRange(range)}
     GROUP BY 1, 2`.execute(tx);
  return rows;
}

/** Seconds per field of the case types that have a setting; the others take the default. */
export async function findSecondsPerField(tx: Tx): Promise<Map<string, number>> {
  const rows = await tx.selectFrom('assist.setting').select(['case_type_key', 'seconds_per_field']).execute();
  return new Map(rows.map((r) => [r.case_type_key, r.seconds_per_field]));
}
