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

/**
 * Just-written cases as the same transaction's subscribers left them: the due time and SLA state
 * the SLA clocks set (issue 16), and the queue, assignee, priority, department and version the
 * router set (issue 17) — so a create or update answers with the case as committed, and the
 * client's next If-Match holds.
 */
export async function withSlaSummaries<T extends Pick<CaseRow, 'id' | 'dueAt' | 'slaState'>>(tx: Tx, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return rows;
  const found = await tx
    .selectFrom('cases.case')
    .select(['id', 'due_at', 'sla_state', 'assignee_id', 'queue', 'queue_id', 'priority', 'department_id', 'version', 'updated_at'])
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byId = new Map(found.map((r) => [r.id, r]));
  return rows.map((row) => {
    const now = byId.get(row.id);
    if (!now) return row;
    const routed =
      'version' in row
        ? { assigneeId: now.assignee_id, queue: now.queue, queueId: now.queue_id, priority: now.priority, departmentId: now.department_id, version: now.version, updatedAt: now.updated_at }
        : {};
    return { ...row, ...routed, dueAt: now.due_at, slaState: now.sla_state as CaseRow['slaState'] };
  });
}

/**
 * Locks the rows of those of the cases no other transaction holds, in id order, and returns their
 * ids: the SLA scheduler fires only the clocks of cases it could lock. A summary is computed from
 * all the case's clocks, so two transactions firing two clocks of one case (two batches, two
 * processes) must not each write one computed before the other committed; and the scheduler must
 * never wait for a case a person's command holds (that command may be waiting for the clock the
 * scheduler holds: a deadlock). A case held now is fired on a later pass.
 */
export async function lockCasesForSlaSummaries(tx: Tx, caseIds: string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const locked = await sql<{ id: string }>`SELECT id FROM cases.case WHERE id = ANY (${[...new Set(caseIds)].sort()}::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED`.execute(tx);
  return new Set(locked.rows.map((r) => r.id));
}
