import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';

type Executor = Db | Tx;

/**
 * 抄送 (carbon copy): a read grant on one case for one person, without a task. The access
 * module reads these grants into the person's permissions (access/store.ts withCaseReadGrants),
 * so every read of the case — the case, its list, its process instances and tasks — honours them.
 */
export interface CaseReadGrantInput {
  caseId: string;
  userIds: readonly string[];
  reason: string;
  taskId: string | null;
  grantedBy: string;
  now: Date;
}

/** Grants read on the case to each person not yet holding a grant; answers those newly granted. */
export async function grantCaseReaders(tx: Tx, input: CaseReadGrantInput): Promise<string[]> {
  if (input.userIds.length === 0) return [];
  const result = await sql<{ user_id: string }>`
    INSERT INTO cases.case_reader (case_id, user_id, reason, task_id, granted_by, granted_at)
    SELECT ${input.caseId}::uuid, u, ${input.reason}, ${input.taskId}::uuid, ${input.grantedBy}, ${input.now}
      FROM unnest(${[...input.userIds]}::uuid[]) u
    ON CONFLICT (case_id, user_id) DO NOTHING
    RETURNING user_id`.execute(tx);
  return result.rows.map((r) => r.user_id).sort();
}

/** Who holds a read grant on the case, oldest first. */
export async function listCaseReaders(tx: Executor, caseId: string): Promise<{ userId: string; grantedBy: string; grantedAt: Date; taskId: string | null }[]> {
  const rows = await tx.selectFrom('cases.case_reader').select(['user_id', 'granted_by', 'granted_at', 'task_id']).where('case_id', '=', caseId).orderBy('granted_at').orderBy('user_id').execute();
  return rows.map((r) => ({ userId: r.user_id, grantedBy: r.granted_by, grantedAt: r.granted_at, taskId: r.task_id }));
}

/** Who a case concerns, for process rules (who may urge a task of it; notification texts): ids and the number only. */
export async function findCaseParties(tx: Executor, caseId: string): Promise<{ number: string; createdBy: string; assigneeId: string | null } | undefined> {
  const row = await tx.selectFrom('cases.case').select(['number', 'created_by', 'assignee_id']).where('id', '=', caseId).executeTakeFirst();
  return row && { number: row.number, createdBy: row.created_by, assigneeId: row.assignee_id };
}
