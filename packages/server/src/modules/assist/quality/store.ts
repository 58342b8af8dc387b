import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { Finding, FindingDetail, QualityCheck, Severity } from './checks.ts';

// assist.quality_inspection and assist.quality_finding (issue 22). The cases themselves are read
// through the cases module; here only its record-scope predicate is used, over cases.case inside
// EXISTS, as the other modules' lists do.

export interface InspectionRow {
  id: string;
  caseId: string;
  caseTypeKey: string;
  departmentId: string | null;
  trigger: 'closed' | 'manual';
  inspectedBy: string;
  inspectedAt: Date;
  modelVersion: string;
  findingCount: number;
}

export interface StoredFinding extends Finding {
  inspectionId: string;
  seq: number;
}

/** Writes an inspection as the case's current one; the one before stays, no longer current. */
export async function replaceCurrentInspection(tx: Tx, inspection: InspectionRow, findings: readonly Finding[]): Promise<void> {
  // Locks the case's current row first: two inspections of one case at once end one after the other.
  await tx.updateTable('assist.quality_inspection').set({ current: false }).where('case_id', '=', inspection.caseId).where('current', '=', true).execute();
  await tx
    .insertInto('assist.quality_inspection')
    .values({
      id: inspection.id,
      case_id: inspection.caseId,
      case_type_key: inspection.caseTypeKey,
      department_id: inspection.departmentId,
      trigger: inspection.trigger,
      inspected_by: inspection.inspectedBy,
      inspected_at: inspection.inspectedAt,
      model_version: inspection.modelVersion,
      finding_count: inspection.findingCount,
      current: true,
    })
    .execute();
  if (findings.length === 0) return;
  await tx
    .insertInto('assist.quality_finding')
    .values(
      findings.map((f, seq) => ({
        inspection_id: inspection.id,
        seq,
        check_key: f.check,
        severity: f.severity,
        detail: JSON.stringify(f.detail),
        confidence: f.confidence,
      })),
    )
    .execute();
}

type InspectionRecord = {
  id: string;
  case_id: string;
  case_type_key: string;
  department_id: string | null;
  trigger: string;
  inspected_by: string;
  inspected_at: Date;
  model_version: string;
  finding_count: number;
};

const toInspection = (r: InspectionRecord): InspectionRow => ({
  id: r.id,
  caseId: r.case_id,
  caseTypeKey: r.case_type_key,
  departmentId: r.department_id,
  trigger: r.trigger as InspectionRow['trigger'],
  inspectedBy: r.inspected_by,
  inspectedAt: r.inspected_at,
  modelVersion: r.model_version,
  findingCount: r.finding_count,
});

export async function findCurrentInspection(tx: Db | Tx, caseId: string): Promise<InspectionRow | undefined> {
  const row = await tx.selectFrom('assist.quality_inspection').selectAll().where('case_id', '=', caseId).where('current', '=', true).executeTakeFirst();
  return row ? toInspection(row) : undefined;
}

export async function findFindingsOf(tx: Db | Tx, inspectionIds: readonly string[]): Promise<StoredFinding[]> {
  if (inspectionIds.length === 0) return [];
  const rows = await tx
    .selectFrom('assist.quality_finding')
    .selectAll()
    .where('inspection_id', 'in', [...inspectionIds])
    .orderBy('inspection_id')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    inspectionId: r.inspection_id,
    seq: r.seq,
    check: r.check_key as QualityCheck,
    severity: r.severity as Severity,
    detail: r.detail as FindingDetail,
    confidence: r.confidence,
  }));
}

export interface QualityListQuery {
  /** cases.visibilityCondition of the reader, over unqualified cases.case columns. */
  readable: Expression<SqlBool>;
  check?: QualityCheck;
  caseType?: string;
  from?: Date;
  to?: Date;
  after?: { inspectedAt: Date; id: string };
  limit: number;
}

/** Current inspections with findings of cases the reader may read, newest first (quality_inspection_list_idx). */
export async function listInspectionsWithFindings(tx: Db | Tx, q: QualityListQuery): Promise<InspectionRow[]> {
  const conditions = [sql`i.current`, sql`i.finding_count > 0`, sql`EXISTS (SELECT 1 FROM cases.case WHERE cases.case.id = i.case_id AND ${q.readable})`];
  if (q.check) conditions.push(sql`EXISTS (SELECT 1 FROM assist.quality_finding f WHERE f.inspection_id = i.id AND f.check_key = ${q.check})`);
  if (q.caseType) conditions.push(sql`i.case_type_key = ${q.caseType}`);
  if (q.from) conditions.push(sql`i.inspected_at >= ${q.from}`);
  if (q.to) conditions.push(sql`i.inspected_at < ${q.to}`);
  if (q.after) conditions.push(sql`(i.inspected_at, i.id) < (${q.after.inspectedAt}, ${q.after.id}::uuid)`);
  const result = await sql<InspectionRecord>`
    SELECT i.id, i.case_id, i.case_type_key, i.department_id, i.trigger, i.inspected_by, i.inspected_at, i.model_version, i.finding_count
      FROM assist.quality_inspection i
     WHERE ${sql.join(conditions, sql` AND `)}
     ORDER BY i.inspected_at DESC, i.id DESC
     LIMIT ${q.limit}`.execute(tx);
  return result.rows.map(toInspection);
}

export interface WeeklyCount {
  /** Monday of the week, YYYY-MM-DD (UTC). */
  week: string;
  check: QualityCheck;
  cases: number;
}

/** Cases with a finding of each check per week of inspection, among current inspections of readable cases. */
export async function countFindingsByWeek(tx: Db | Tx, q: { readable: Expression<SqlBool>; from: Date; to: Date }): Promise<WeeklyCount[]> {
  const result = await sql<{ week: string; check_key: string; cases: number }>`
    SELECT to_char(date_trunc('week', i.inspected_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, f.check_key, count(DISTINCT i.case_id)::int AS cases
      FROM assist.quality_inspection i
      JOIN assist.quality_finding f ON f.inspection_id = i.id
     WHERE i.current AND i.finding_count > 0 AND i.inspected_at >= ${q.from} AND i.inspected_at < ${q.to}
       AND EXISTS (SELECT 1 FROM cases.case WHERE cases.case.id = i.case_id AND ${q.readable})
     GROUP BY 1, 2
     ORDER BY 1, 2`.execute(tx);
  return result.rows.map((r) => ({ week: r.week, check: r.check_key as QualityCheck, cases: r.cases }));
}
