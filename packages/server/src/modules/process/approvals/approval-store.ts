import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';

type Executor = Db | Tx;

/** A completed task of an instance, as return targets and separation of duties read it. */
export interface CompletedStep {
  taskId: string;
  elementId: string;
  name: string | null;
  completedBy: string;
  completedAt: Date;
}

/**
 * The completed engine tasks (not 加签 signer tasks) of an instance, latest completion first.
 * (The approval columns migration gave rows made before it kind `process`.)
 */
export async function listCompletedSteps(tx: Executor, instanceId: string): Promise<CompletedStep[]> {
  const result = await sql<{ id: string; element_id: string; name: string | null; completed_by: string; completed_at: Date }>`
    SELECT id, element_id, name, completed_by, completed_at FROM process.task
     WHERE instance_id = ${instanceId}::uuid AND state = 'completed' AND kind = 'process' AND completed_by IS NOT NULL
     ORDER BY completed_at DESC, id DESC`.execute(tx);
  return result.rows.map((r) => ({ taskId: r.id, elementId: r.element_id, name: r.name, completedBy: r.completed_by, completedAt: r.completed_at }));
}

/** Who completed any task (signers included) of the instance at an element other than `exceptElementId`. */
export async function listPreviousCompleters(tx: Executor, instanceId: string, exceptElementId: string): Promise<string[]> {
  const result = await sql<{ completed_by: string }>`
    SELECT DISTINCT completed_by FROM process.task
     WHERE instance_id = ${instanceId}::uuid AND state = 'completed' AND completed_by IS NOT NULL AND element_id <> ${exceptElementId}`.execute(tx);
  return result.rows.map((r) => r.completed_by);
}

export interface SignerTask {
  id: string;
  assignee: string | null;
  position: 'before' | 'after' | 'alongside';
}

/** The open 加签 signer tasks of a task. */
export async function listOpenSigners(tx: Executor, parentTaskId: string): Promise<SignerTask[]> {
  const result = await sql<{ id: string; assignee: string | null; signer_position: SignerTask['position'] }>`
    SELECT id, assignee, signer_position FROM process.task WHERE parent_task_id = ${parentTaskId}::uuid AND state = 'open' ORDER BY created_at, id`.execute(tx);
  return result.rows.map((r) => ({ id: r.id, assignee: r.assignee, position: r.signer_position }));
}

/**
 * 撤回: whether a step after `completedAt` acted — a task of the instance created since then
 * (other than `exceptTaskId`) was completed, or had an action recorded on it other than being
 * claimed, given back, copied or urged (a signer added, a delegation, a transfer).
 */
export async function hasNextStepActed(tx: Executor, instanceId: string, completedAt: Date, exceptTaskId: string): Promise<boolean> {
  const result = await sql<{ acted: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM process.task t
       WHERE t.instance_id = ${instanceId}::uuid AND t.id <> ${exceptTaskId}::uuid AND t.created_at >= ${completedAt}
         AND (t.state = 'completed'
           OR EXISTS (SELECT 1 FROM process.task_action a WHERE a.task_id = t.id AND a.action NOT IN ('claim', 'unclaim', 'cc', 'urge')))
    ) AS acted`.execute(tx);
  return result.rows[0]?.acted ?? false;
}

/** Who held the open tasks with these ids (the assignee, else the candidate users), to tell them. */
export async function listHoldersOf(tx: Executor, taskIds: readonly string[]): Promise<string[]> {
  if (taskIds.length === 0) return [];
  const result = await sql<{ holder: string }>`
    SELECT DISTINCT h AS holder FROM process.task t,
      LATERAL unnest(CASE WHEN t.assignee IS NOT NULL THEN ARRAY[t.assignee] ELSE t.candidate_users END) h
     WHERE t.id = ANY(${taskIds as string[]}::uuid[])`.execute(tx);
  return result.rows.map((r) => r.holder);
}

/** The element instance's multi-instance facts: its loop counter (an inner instance) and enclosing body. */
export async function findElementInstanceLoop(tx: Executor, elementInstanceId: string): Promise<{ loopCounter: number | null; scopeId: string | null } | undefined> {
  const result = await sql<{ loop_counter: number | null; scope_id: string | null }>`
    SELECT loop_counter, scope_id FROM process.element_instance WHERE id = ${elementInstanceId}::uuid`.execute(tx);
  const row = result.rows[0];
  return row && { loopCounter: row.loop_counter, scopeId: row.scope_id };
}

/**
 * A countersign's tally so far, from its multi-instance body while it is active (the engine keeps
 * it on the body: `data.countersign`, the total in `nrOfInstances`, which 加签 alongside grows).
 * `scopeId`: the task's own body when its inner instance is still active. Undefined once decided.
 */
export async function findCountersignTally(tx: Executor, instanceId: string, elementId: string, scopeId: string | null): Promise<{ approved: number; rejected: number; total: number } | undefined> {
  const result = await sql<{ tally: { approved?: number; rejected?: number } | null; total: unknown }>`
    SELECT data->'countersign' AS tally, variables->'nrOfInstances' AS total FROM process.element_instance
     WHERE instance_id = ${instanceId}::uuid AND element_id = ${elementId} AND is_multi_instance_body AND state = 'active'
     ORDER BY (id = ${scopeId}::uuid) IS TRUE DESC, started_at DESC LIMIT 1`.execute(tx);
  const row = result.rows[0];
  if (!row?.tally) return undefined;
  return { approved: Number(row.tally.approved ?? 0), rejected: Number(row.tally.rejected ?? 0), total: Number(row.total ?? 0) };
}

/** 加签 after: the parent's own approve or reject, recorded while after-signers were still open. */
export async function findDeferredDecision(tx: Executor, taskId: string): Promise<{ actorId: string; outcome: string | null; onBehalfOf: string | null } | undefined> {
  const row = await tx
    .selectFrom('process.task_action')
    .select(['actor_id', 'on_behalf_of', 'data'])
    .where('task_id', '=', taskId)
    .where(sql<boolean>`data->>'deferred' = 'true'`)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const data = (row.data ?? {}) as { outcome?: string | null };
  return { actorId: row.actor_id, outcome: data.outcome ?? null, onBehalfOf: row.on_behalf_of };
}
