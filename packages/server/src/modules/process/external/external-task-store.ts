import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import { COLUMNS, TASK_JOINS, toTaskRow, type TaskRow, type TaskSelect } from '../tasks/task-store.ts';

/** What a system may set on its task; the rest of process.task is the engine's. */
export interface ExternalTaskFields {
  title: string;
  assignee: string;
  link: string;
  dueAt: Date | null;
  caseId: string | null;
  priority: number;
  description: string | null;
}

/** The task a system pushed as (system, externalId), locked for this command (task_external_idx). */
export async function findExternalTaskForUpdate(tx: Tx, system: string, externalId: string): Promise<TaskRow | undefined> {
  const result = await sql<TaskSelect>`SELECT ${COLUMNS} FROM process.task t ${TASK_JOINS}
    WHERE t.system = ${system} AND t.external_id = ${externalId} FOR UPDATE OF t`.execute(tx);
  return result.rows[0] && toTaskRow(result.rows[0]);
}

/**
 * A new external task; undefined when another request inserted the same (system, externalId)
 * first (the caller reads that one and updates it). element_id is the NOT NULL column the engine
 * keys its tasks by: an external task has no element, and says so.
 */
export async function insertExternalTask(tx: Tx, id: string, system: string, externalId: string, fields: ExternalTaskFields, now: Date): Promise<boolean> {
  const result = await sql`INSERT INTO process.task (id, kind, instance_id, element_instance_id, element_id, name, case_id, state, assignee, due_at, priority, created_at,
      system, external_id, link, description)
    VALUES (${id}::uuid, 'external', NULL, NULL, 'external', ${fields.title}, ${fields.caseId}::uuid, 'open', ${fields.assignee}, ${fields.dueAt}, ${fields.priority}, ${now},
      ${system}, ${externalId}, ${fields.link}, ${fields.description})
    ON CONFLICT (system, external_id) WHERE system IS NOT NULL DO NOTHING`.execute(tx);
  return Number(result.numAffectedRows ?? 0) === 1;
}

export async function updateExternalTask(tx: Tx, id: string, fields: ExternalTaskFields): Promise<void> {
  await sql`UPDATE process.task SET name = ${fields.title}, assignee = ${fields.assignee}, link = ${fields.link}, due_at = ${fields.dueAt},
      case_id = ${fields.caseId}::uuid, priority = ${fields.priority}, description = ${fields.description}
    WHERE id = ${id}::uuid`.execute(tx);
}

export async function endExternalTask(tx: Tx, id: string, state: 'completed' | 'canceled', end: { at: Date; by: string | null; outcome: string | null }): Promise<void> {
  await sql`UPDATE process.task SET state = ${state}, completed_at = ${end.at}, completed_by = ${end.by}, outcome = ${end.outcome}
    WHERE id = ${id}::uuid`.execute(tx);
}
