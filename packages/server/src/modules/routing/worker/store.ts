import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';

// The routing worker's claims: one due item at a time, FOR UPDATE SKIP LOCKED, so any number of
// processes share the work and none waits on a row a person's command (or another worker) holds.

export interface ExpiredOffer {
  id: string;
  caseId: string;
  userId: string;
  queueId: string;
  caseAssigneeId: string | null;
}

/** The pending offer longest past its time, with its case locked too; `skip`: ids that failed this pass. */
export async function claimExpiredOffer(tx: Tx, now: Date, skip: string[]): Promise<ExpiredOffer | undefined> {
  const result = await sql<{ id: string; case_id: string; user_id: string; queue_id: string; assignee_id: string | null }>`
    SELECT o.id, o.case_id, o.user_id, o.queue_id, c.assignee_id FROM routing.offer o JOIN cases.case c ON c.id = o.case_id
     WHERE o.state = 'pending' AND o.expires_at <= ${now} AND NOT o.id = ANY(${skip}::uuid[])
     ORDER BY o.expires_at, o.id LIMIT 1 FOR UPDATE OF o, c SKIP LOCKED`.execute(tx);
  const row = result.rows[0];
  return row && { id: row.id, caseId: row.case_id, userId: row.user_id, queueId: row.queue_id, caseAssigneeId: row.assignee_id };
}

export interface OverflowDueCase {
  caseId: string;
  number: string;
  /** The queue the case waited in (routing.case_state), and the one it is in now (they differ when moved by hand). */
  waitedInQueueId: string | null;
  queueId: string | null;
  assigneeId: string | null;
  departmentId: string | null;
  unfinished: boolean;
}

/** The case whose overflow time passed longest ago, its routing state and case row locked. */
export async function claimOverflowDueCase(tx: Tx, now: Date, skip: string[]): Promise<OverflowDueCase | undefined> {
  const result = await sql<{
    case_id: string;
    number: string;
    waited_in: string | null;
    queue_id: string | null;
    assignee_id: string | null;
    department_id: string | null;
    unfinished: boolean;
  }>`
    SELECT s.case_id, c.number, s.queue_id AS waited_in, c.queue_id, c.assignee_id, c.department_id, c.status_category IN ('open', 'waiting') AS unfinished
      FROM routing.case_state s JOIN cases.case c ON c.id = s.case_id
     WHERE s.overflow_at <= ${now} AND NOT s.case_id = ANY(${skip}::uuid[])
     ORDER BY s.overflow_at, s.case_id LIMIT 1 FOR UPDATE OF s, c SKIP LOCKED`.execute(tx);
  const r = result.rows[0];
  return r && { caseId: r.case_id, number: r.number, waitedInQueueId: r.waited_in, queueId: r.queue_id, assigneeId: r.assignee_id, departmentId: r.department_id, unfinished: r.unfinished };
}

export async function clearOverflow(tx: Tx, caseId: string, now: Date): Promise<void> {
  await sql`UPDATE routing.case_state SET overflow_at = NULL, updated_at = ${now} WHERE case_id = ${caseId}::uuid`.execute(tx);
}

/**
 * Available agents not seen since `seenBefore` become away, at most `limit` at once (profiles
 * another transaction holds are left for the next pass). An agent who went available and never
 * sent a heartbeat counts from when they went available.
 */
export async function markInactiveAgentsAway(tx: Tx, seenBefore: Date, now: Date, limit: number): Promise<string[]> {
  const result = await sql<{ user_id: string }>`
    UPDATE routing.agent_profile p SET presence = 'away', presence_changed_at = ${now}, version = p.version + 1, updated_at = ${now}
     WHERE p.user_id IN (SELECT i.user_id FROM routing.agent_profile i
                          WHERE i.presence = 'available' AND COALESCE(i.last_seen_at, i.presence_changed_at) <= ${seenBefore}
                          ORDER BY i.user_id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING p.user_id`.execute(tx);
  return result.rows.map((r) => r.user_id);
}

/** Whether anything is due at `now`: one probe outside a transaction while the worker idles. */
export async function hasRoutingWorkDue(db: Db, now: Date, seenBefore: Date): Promise<boolean> {
  const result = await sql<{ due: boolean }>`
    SELECT EXISTS (SELECT 1 FROM routing.offer WHERE state = 'pending' AND expires_at <= ${now})
        OR EXISTS (SELECT 1 FROM routing.case_state WHERE overflow_at <= ${now})
        OR EXISTS (SELECT 1 FROM routing.agent_profile WHERE presence = 'available' AND COALESCE(last_seen_at, presence_changed_at) <= ${seenBefore}) AS due`.execute(db);
  return result.rows[0]!.due;
}
