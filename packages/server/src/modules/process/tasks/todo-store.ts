import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { caseIsOfType, caseNumberContains, escapeLike, unfinishedCasesCreatedBy } from '../../cases/index.ts';
import { COLUMNS, TASK_COLUMNS, TASK_JOINS, toTaskRow, type TaskKeyset, type TaskReader, type TaskRow, type TaskSelect } from './task-store.ts';

type Executor = Db | Tx;

// The to-do list of issue 15: GET /api/v1/tasks?assignee=me and its views. Its budget is p95 ≤ 20 ms
// for a page of 50 at 1,000,000 open tasks, so each view is a UNION of branches that each read
// one index (migration 20261207T0301) and stop after a page, merged and cut once.

export type TodoView = 'todo' | 'done' | 'started';

/** Narrowing a view: every filter applies to every branch, before its LIMIT. */
export interface TodoFilter {
  processKey?: string;
  caseType?: string;
  dueBefore?: Date;
  /** overdue=true: due before this instant (the command's now). */
  overdueAt?: Date;
  /** Task name or case number contains it. */
  q?: string;
  kind?: 'process' | 'external';
}

/** view=done is newest first: the instant the task ended (a canceled one: its creation), then id. */
export interface DoneKeyset {
  endedAt: string;
  id: string;
}

function filterConditions(filter: TodoFilter): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (filter.processKey) where.push(sql`EXISTS (SELECT 1 FROM process.instance fi WHERE fi.id = t.instance_id AND fi.process_key = ${filter.processKey})`);
  if (filter.caseType) where.push(caseIsOfType(sql`t.case_id`, filter.caseType));
  if (filter.dueBefore) where.push(sql`t.due_at < ${filter.dueBefore}`);
  if (filter.overdueAt) where.push(sql`t.due_at < ${filter.overdueAt}`);
  if (filter.q) where.push(sql`(t.name ILIKE ${`%${escapeLike(filter.q)}%`} OR ${caseNumberContains(sql`t.case_id`, filter.q)})`);
  if (filter.kind === 'external') where.push(sql`t.system IS NOT NULL`);
  if (filter.kind === 'process') where.push(sql`t.system IS NULL`);
  return where;
}

// The list order and its keyset: the expressions of task_open_list_order_idx and
// task_open_assignee_order_idx, written the same way so the planner matches them.
const ORDER_BY = sql`-t.priority, COALESCE(t.due_at, 'infinity'::timestamptz), t.created_at, t.id`;
function afterOpen(after: TaskKeyset | undefined): RawBuilder<unknown>[] {
  if (!after) return [];
  return [
    sql`(-t.priority, COALESCE(t.due_at, 'infinity'::timestamptz), t.created_at, t.id) > (${-after.priority}::int, COALESCE(${after.dueAt}::timestamptz, 'infinity'::timestamptz), ${after.createdAt}::timestamptz, ${after.id}::uuid)`,
  ];
}

const and = (conditions: RawBuilder<unknown>[]) => sql.join(conditions, sql` AND `);

/**
 * 待办: open tasks assigned to me (process and external alike), and unassigned ones I may claim.
 * (a) walks task_open_assignee_order_idx in list order from `assignee = me` and stops after a
 * page however many tasks others hold. (b) gathers what I may claim through the GIN indexes on
 * unassigned open tasks (MATERIALIZED, so the planner cannot trade it for a walk of the whole
 * list-order index filtering on arrays), then sorts that handful. The branches are disjoint
 * (assignee = me / assignee IS NULL): UNION ALL, no de-duplication.
 */
export async function listTodoPage(tx: Executor, reader: TaskReader, filter: TodoFilter, after: TaskKeyset | undefined, limit: number): Promise<TaskRow[]> {
  const conditions = [...filterConditions(filter), ...afterOpen(after)];
  const extra = conditions.length > 0 ? sql` AND ${and(conditions)}` : sql``;
  // Whole rows from the branches (each read its heap rows already), the page cut, and only then
  // the instance and definition of the page's own rows.
  const result = await sql<TaskSelect>`
    WITH claimable AS MATERIALIZED (
      SELECT ${TASK_COLUMNS} FROM process.task t
      WHERE t.state = 'open' AND t.assignee IS NULL
        AND (t.candidate_users @> ARRAY[${reader.userId}]::text[] OR t.candidate_groups && ${reader.candidateKeys}::text[])${extra}
    ), page AS (
      (SELECT ${TASK_COLUMNS} FROM process.task t WHERE t.state = 'open' AND t.assignee = ${reader.userId}${extra} ORDER BY ${ORDER_BY} LIMIT ${limit})
      UNION ALL
      (SELECT * FROM claimable t ORDER BY ${ORDER_BY} LIMIT ${limit})
    ), cut AS (
      SELECT * FROM page t ORDER BY ${ORDER_BY} LIMIT ${limit}
    )
    SELECT t.*, i.process_key, d.name AS process_name FROM cut t ${TASK_JOINS}
    ORDER BY ${ORDER_BY}`.execute(tx);
  return result.rows.map(toTaskRow);
}

/**
 * 已办: tasks that ended which I completed, or which were mine (assigned) when they ended; newest
 * first. Each branch reads its own index (task_ended_completed_by_order_idx,
 * task_ended_assignee_order_idx) in that order; a task in both comes once (UNION).
 */
export async function listDonePage(tx: Executor, userId: string, filter: TodoFilter, after: DoneKeyset | undefined, limit: number): Promise<TaskRow[]> {
  const conditions = filterConditions(filter);
  if (after) conditions.push(sql`(COALESCE(t.completed_at, t.created_at), t.id) < (${after.endedAt}::timestamptz, ${after.id}::uuid)`);
  const extra = conditions.length > 0 ? sql` AND ${and(conditions)}` : sql``;
  const order = sql`COALESCE(t.completed_at, t.created_at) DESC, t.id DESC`;
  const result = await sql<TaskSelect>`
    WITH page AS (
      (SELECT t.id FROM process.task t WHERE t.state <> 'open' AND t.completed_by = ${userId}${extra} ORDER BY ${order} LIMIT ${limit})
      UNION
      (SELECT t.id FROM process.task t WHERE t.state <> 'open' AND t.assignee = ${userId}${extra} ORDER BY ${order} LIMIT ${limit})
    )
    SELECT ${COLUMNS} FROM page p JOIN process.task t ON t.id = p.id ${TASK_JOINS}
    ORDER BY ${order}
    LIMIT ${limit}`.execute(tx);
  return result.rows.map(toTaskRow);
}

/**
 * 我发起的: open tasks of the running instances I started and of the unfinished cases I created,
 * in list order. The ids are gathered first (instance_running_started_by_idx → task_instance_idx;
 * case_unfinished_created_by_queue_due_idx → task_case_idx), then sorted: one person's requests.
 */
export async function listStartedPage(tx: Executor, userId: string, filter: TodoFilter, after: TaskKeyset | undefined, limit: number): Promise<TaskRow[]> {
  const conditions = [sql`t.state = 'open'`, ...filterConditions(filter), ...afterOpen(after)];
  const result = await sql<TaskSelect>`
    WITH mine AS MATERIALIZED (
      SELECT t.id FROM process.task t
      WHERE t.state = 'open' AND t.instance_id IN (SELECT id FROM process.instance WHERE started_by = ${userId} AND ended_at IS NULL)
      UNION
      SELECT t.id FROM process.task t WHERE t.state = 'open' AND t.case_id IN (${unfinishedCasesCreatedBy(userId)})
    )
    SELECT ${COLUMNS} FROM mine m JOIN process.task t ON t.id = m.id ${TASK_JOINS}
    WHERE ${and(conditions)}
    ORDER BY ${ORDER_BY}
    LIMIT ${limit}`.execute(tx);
  return result.rows.map(toTaskRow);
}
