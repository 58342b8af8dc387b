import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { TaskRecord } from '../engine/contract.ts';

type Executor = Db | Tx;

/**
 * A task as the task API reads it: the engine's record and the key of the process it belongs to;
 * or an external task (issue 15: another system's work, `system` set), which belongs to no
 * instance (instanceId, elementInstanceId and processKey null).
 */
export interface TaskRow extends Omit<TaskRecord, 'instanceId' | 'elementInstanceId' | 'kind'> {
  kind?: TaskRecord['kind'] | 'external';
  instanceId: string | null;
  elementInstanceId: string | null;
  processKey: string | null;
  /** External tasks: the system that owns it, its id there, where to work it, what it is about. */
  system: string | null;
  externalId: string | null;
  link: string | null;
  description: string | null;
  /** The definition's name (process tasks). */
  processName: string | null;
  /** Filled by the list and the read (todo-headings.ts); undefined elsewhere. */
  caseNumber?: string | null;
  caseTitle?: string | null;
}

/** A task of a process instance: the engine's. */
export type ProcessTaskRow = TaskRow & { instanceId: string; elementInstanceId: string; processKey: string; kind?: TaskRecord['kind'] };

export function isProcessTask(task: TaskRow): task is ProcessTaskRow {
  return task.instanceId !== null && task.system === null;
}

/**
 * A process task by id, for the approval actions. An external task is none of theirs: it reads as
 * absent (404), so its system and link are not shown to someone who may not see it.
 */
export async function findProcessTaskRow(tx: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<ProcessTaskRow | undefined> {
  const task = await findTaskRow(tx, id, options);
  return task && isProcessTask(task) ? task : undefined;
}

/** A process task row from the engine's record of it (a task a command just made). */
export function processTaskRowOf(record: TaskRecord, processKey: string, processName: string | null): ProcessTaskRow {
  return { ...record, processKey, processName, system: null, externalId: null, link: null, description: null };
}

export type TaskListState = 'open' | 'completed' | 'canceled';

/** Who the caller is, as the visibility predicate needs it. */
export interface TaskReader {
  userId: string;
  /** Group keys, role keys and the `topic:<type>` names of an API token's topics (task-visibility.ts). */
  candidateKeys: string[];
}

export interface TaskListFilter {
  state: TaskListState;
  processInstanceId?: string;
  caseId?: string;
  /** assignee=me */
  assignedTo?: string;
  /** candidate=me: unclaimed tasks the reader may claim. */
  claimableBy?: TaskReader;
  /** Tasks the reader may see as theirs; undefined: every task (process:admin, or a case the reader may read). */
  visibleTo?: TaskReader;
}

/** The list's order: higher priority first, then the soonest due (undated last), then the oldest. */
export interface TaskKeyset {
  priority: number;
  dueAt: string | null;
  createdAt: string;
  id: string;
}

/** process.task's own columns (t): the to-do list selects them in its branches, then joins the page's instances. */
export const TASK_COLUMNS = sql`t.id, t.instance_id, t.element_instance_id, t.element_id, t.name, t.case_id, t.state, t.assignee,
  t.candidate_users, t.candidate_groups, t.department_role, t.form_key, t.due_at, t.priority, t.created_at,
  t.completed_at, t.completed_by, t.outcome, t.kind, t.parent_task_id, t.signer_position, t.owner, t.delegation_state,
  t.system, t.external_id, t.link, t.description`;
export const COLUMNS = sql`${TASK_COLUMNS}, i.process_key, d.name AS process_name`;
// External tasks have no instance: LEFT JOIN, and their process_key comes back null.
export const TASK_JOINS = sql`LEFT JOIN process.instance i ON i.id = t.instance_id LEFT JOIN process.definition d ON d.id = i.definition_id`;

export interface TaskSelect {
  id: string;
  instance_id: string | null;
  element_instance_id: string | null;
  element_id: string;
  name: string | null;
  case_id: string | null;
  state: TaskRecord['state'];
  assignee: string | null;
  candidate_users: string[];
  candidate_groups: string[];
  department_role: TaskRecord['departmentRole'];
  form_key: string | null;
  due_at: Date | null;
  priority: number;
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  outcome: string | null;
  kind: NonNullable<TaskRecord['kind']> | 'external';
  parent_task_id: string | null;
  signer_position: TaskRecord['signerPosition'];
  owner: string | null;
  delegation_state: TaskRecord['delegationState'];
  process_key: string | null;
  system: string | null;
  external_id: string | null;
  link: string | null;
  description: string | null;
  process_name: string | null;
}

export function toTaskRow(r: TaskSelect): TaskRow {
  return {
    id: r.id,
    instanceId: r.instance_id,
    elementInstanceId: r.element_instance_id,
    elementId: r.element_id,
    name: r.name,
    caseId: r.case_id,
    state: r.state,
    assignee: r.assignee,
    candidateUsers: r.candidate_users,
    candidateGroups: r.candidate_groups,
    departmentRole: r.department_role,
    formKey: r.form_key,
    dueAt: r.due_at,
    priority: r.priority,
    createdAt: r.created_at,
    completedAt: r.completed_at,
    completedBy: r.completed_by,
    outcome: r.outcome,
    kind: r.kind,
    parentTaskId: r.parent_task_id,
    signerPosition: r.signer_position,
    owner: r.owner,
    delegationState: r.delegation_state,
    processKey: r.process_key,
    system: r.system,
    externalId: r.external_id,
    link: r.link,
    description: r.description,
    processName: r.process_name,
  };
}

// Task ids are uuids: anything else is no task (and must not reach a ::uuid cast as a 500).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findTaskRow(tx: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<TaskRow | undefined> {
  if (!UUID.test(id)) return undefined;
  // FOR UPDATE OF t: two claims of one task queue here, and the second sees the first's assignee.
  const lock = options.forUpdate ? sql`FOR UPDATE OF t` : sql``;
  const result = await sql<TaskSelect>`SELECT ${COLUMNS} FROM process.task t ${TASK_JOINS} WHERE t.id = ${id}::uuid ${lock}`.execute(tx);
  return result.rows[0] && toTaskRow(result.rows[0]);
}

// Whose task it is (task-visibility.ts isOwnTask, in SQL): an open task is its assignee's and its
// candidates'; one that ended is its assignee's and its completer's only.
function isReaderOf(reader: TaskReader): RawBuilder<boolean> {
  return sql<boolean>`(t.assignee = ${reader.userId} OR t.completed_by = ${reader.userId} OR t.owner = ${reader.userId}
    OR (t.state = 'open' AND (t.candidate_users @> ARRAY[${reader.userId}]::text[] OR t.candidate_groups && ${reader.candidateKeys}::text[])))`;
}

/**
 * The ids a personal list can hold, each source one index lookup (the partial indexes of the
 * process tables migration and 20261206T0402), gathered before sorting: sorting first would walk
 * the list-order index past every open task of others to find a page of one's own.
 */
function personalIds(filter: TaskListFilter): RawBuilder<unknown> | null {
  if (filter.caseId || filter.processInstanceId) return null;
  const reader = filter.assignedTo ? undefined : (filter.claimableBy ?? filter.visibleTo);
  const userId = filter.assignedTo ?? reader?.userId;
  if (!userId) return null;
  const sources: RawBuilder<unknown>[] = [];
  // A literal, not a parameter: the partial indexes' `WHERE state = 'open'` must be provable from the query.
  const from = sql`SELECT id FROM process.task WHERE state = ${sql.lit(filter.state)}`;
  if (filter.state === 'open') {
    if (!filter.claimableBy) sources.push(sql`${from} AND assignee = ${userId}`);
    // 委派 / out-of-office: the owner still sees the task someone holds for them (task_open_owner_idx).
    if (!filter.claimableBy && !filter.assignedTo) sources.push(sql`${from} AND owner = ${userId}`);
    if (reader) {
      sources.push(sql`${from} AND candidate_users @> ARRAY[${userId}]::text[]`);
      sources.push(sql`${from} AND candidate_groups && ${reader.candidateKeys}::text[]`);
    }
  } else {
    sources.push(sql`${from} AND assignee = ${userId}`);
    if (!filter.assignedTo) sources.push(sql`${from} AND completed_by = ${userId}`);
  }
  return sql.join(sources, sql` UNION `);
}

const ORDER_KEY = sql`(-t.priority, COALESCE(t.due_at, 'infinity'::timestamptz), t.created_at, t.id)`;

/** One page in list order; `limit + 1` rows tell whether another page follows. */
export async function listTaskPage(tx: Executor, filter: TaskListFilter, after: TaskKeyset | undefined, limit: number): Promise<TaskRow[]> {
  const where: RawBuilder<unknown>[] = [sql`t.state = ${filter.state}`];
  if (filter.processInstanceId) where.push(sql`t.instance_id = ${filter.processInstanceId}::uuid`);
  if (filter.caseId) where.push(sql`t.case_id = ${filter.caseId}::uuid`);
  if (filter.assignedTo) where.push(sql`t.assignee = ${filter.assignedTo}`);
  if (filter.claimableBy) {
    const reader = filter.claimableBy;
    where.push(sql`t.assignee IS NULL AND (t.candidate_users @> ARRAY[${reader.userId}]::text[] OR t.candidate_groups && ${reader.candidateKeys}::text[])`);
  }
  if (filter.visibleTo) where.push(isReaderOf(filter.visibleTo));
  if (after) {
    where.push(sql`${ORDER_KEY} > (${-after.priority}::int, COALESCE(${after.dueAt}::timestamptz, 'infinity'::timestamptz), ${after.createdAt}::timestamptz, ${after.id}::uuid)`);
  }
  const ids = personalIds(filter);
  const result = await sql<TaskSelect>`${ids ? sql`WITH personal AS MATERIALIZED (${ids}) ` : sql``}SELECT ${COLUMNS}
    FROM ${ids ? sql`personal p JOIN process.task t ON t.id = p.id` : sql`process.task t`} ${TASK_JOINS}
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY -t.priority, COALESCE(t.due_at, 'infinity'::timestamptz), t.created_at, t.id
    LIMIT ${limit}`.execute(tx);
  return result.rows.map(toTaskRow);
}

/** Department-role resolution at task creation writes the role's holders as candidate users. */
export async function addTaskCandidateUsers(tx: Tx, taskId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await sql`UPDATE process.task SET candidate_users = ARRAY(SELECT DISTINCT u FROM unnest(candidate_users || ${userIds}::text[]) u ORDER BY u)
    WHERE id = ${taskId}::uuid`.execute(tx);
}

/** What assignment rules need of a task's instance: its case and who started it. */
export async function findInstanceOrigin(tx: Executor, instanceId: string): Promise<{ caseId: string | null; startedBy: string | null } | undefined> {
  const result = await sql<{ case_id: string | null; started_by: string | null }>`SELECT case_id, started_by FROM process.instance WHERE id = ${instanceId}::uuid`.execute(tx);
  const row = result.rows[0];
  return row && { caseId: row.case_id, startedBy: row.started_by };
}
