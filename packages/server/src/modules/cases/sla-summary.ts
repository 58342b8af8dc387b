import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import type { CaseRow } from './case-row.ts';

/**
 * The SLA module keeps a case's due time and SLA state here (issue 16), so every list shows and
 * sorts by them without a join. Derived values: the case's version does not move, so an editor's
 * If-Match is not invalidated by a clock ticking over.
 */
export async function setCaseSlaSummaries(tx: Tx, summaries: { caseId: string; dueAt: Date | null; slaState: CaseRow['slaState'] }[]): Promise<void> {
  if (summaries.length === 0) return;
  const batch = JSON.stringify(summaries.map((s) => ({ id: s.caseId, due_at: s.dueAt?.toISOString() ?? null, sla_state: s.slaState ?? null })));
  await sql`
    UPDATE cases.case c SET due_at = b.due_at, sla_state = b.sla_state
      FROM jsonb_to_recordset(${batch}::jsonb) AS b(id uuid, due_at timestamptz, sla_state text)
     WHERE c.id = b.id AND (c.due_at IS DISTINCT FROM b.due_at OR c.sla_state IS DISTINCT FROM b.sla_state)`.execute(tx);
}

/** The due time and SLA state of just-created cases, as the SLA clocks set them in the same transaction. */
export async function withSlaSummaries<T extends Pick<CaseRow, 'id' | 'dueAt' | 'slaState'>>(tx: Tx, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return rows;
  const found = await tx
    .selectFrom('cases.case')
    .select(['id', 'due_at', 'sla_state'])
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byId = new Map(found.map((r) => [r.id, r]));
  return rows.map((row) => {
    const summary = byId.get(row.id);
    return summary ? { ...row, dueAt: summary.due_at, slaState: summary.sla_state as CaseRow['slaState'] } : row;
  });
}
