import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids/ids.ts';

type Executor = Db | Tx;

/** Every kind of action the log holds (the brief's TaskAction.action). */
export const TASK_ACTIONS = ['approve', 'reject', 'return', 'withdraw', 'transfer', 'delegate', 'resolve', 'add-signer', 'signer-canceled', 'cc', 'urge', 'claim', 'unclaim', 'complete'] as const;
export type TaskActionKind = (typeof TASK_ACTIONS)[number];

export interface TaskActionInput {
  taskId: string;
  instanceId?: string | null;
  caseId?: string | null;
  elementId?: string | null;
  action: TaskActionKind;
  /** Defaults to the command's actor. */
  actorId?: string;
  /** The person the actor acted for: the delegator (委派), the assignee an administrator acted for, an away user. */
  onBehalfOf?: string | null;
  /** Whom the action concerned: the transfer/delegate target, the added signer, the returned task's new holder. */
  targetUserId?: string | null;
  reason?: string | null;
  comment?: string | null;
  /** Ids and names only (outcome, position, target element, copied users): never a variable's value. */
  data?: Record<string, unknown>;
}

export interface TaskActionRow {
  id: string;
  taskId: string;
  instanceId: string | null;
  caseId: string | null;
  elementId: string | null;
  action: TaskActionKind;
  actorId: string;
  onBehalfOf: string | null;
  targetUserId: string | null;
  reason: string | null;
  comment: string | null;
  data: Record<string, unknown>;
  at: Date;
}

/** Appends one action in the command's transaction: it commits or vanishes with what it records. */
export async function recordTaskAction(ctx: CommandContext, input: TaskActionInput): Promise<TaskActionRow> {
  const row: TaskActionRow = {
    id: newId(),
    taskId: input.taskId,
    instanceId: input.instanceId ?? null,
    caseId: input.caseId ?? null,
    elementId: input.elementId ?? null,
    action: input.action,
    actorId: input.actorId ?? ctx.actor.userId,
    onBehalfOf: input.onBehalfOf ?? null,
    targetUserId: input.targetUserId ?? null,
    reason: input.reason ?? null,
    comment: input.comment ?? null,
    data: input.data ?? {},
    at: ctx.now,
  };
  await ctx.tx
    .insertInto('process.task_action')
    .values({
      id: row.id,
      task_id: row.taskId,
      instance_id: row.instanceId,
      case_id: row.caseId,
      element_id: row.elementId,
      action: row.action,
      actor_id: row.actorId,
      on_behalf_of: row.onBehalfOf,
      target_user_id: row.targetUserId,
      reason: row.reason,
      comment: row.comment,
      data: JSON.stringify(row.data),
      at: row.at,
    })
    .execute();
  return row;
}

/** The actions of one task, or of one instance, oldest first. One of the two filters is required. */
export async function listTaskActions(tx: Executor, filter: { taskId?: string; instanceId?: string }): Promise<TaskActionRow[]> {
  if (!filter.taskId && !filter.instanceId) throw new Error('listTaskActions needs a taskId or an instanceId');
  let query = tx.selectFrom('process.task_action').selectAll();
  if (filter.taskId) query = query.where('task_id', '=', filter.taskId);
  if (filter.instanceId) query = query.where('instance_id', '=', filter.instanceId);
  const rows = await query.orderBy('at').orderBy('id').execute();
  return rows.map(toTaskActionRow);
}

/** When `actorId` last did `action` on the task (the urge rate limit), or null. */
export async function findLastTaskAction(tx: Executor, taskId: string, actorId: string, action: TaskActionKind): Promise<Date | null> {
  const row = await tx
    .selectFrom('process.task_action')
    .select('at')
    .where('task_id', '=', taskId)
    .where('actor_id', '=', actorId)
    .where('action', '=', action)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.at ?? null;
}

/** Whether anything but `except` actions was recorded on these tasks (withdraw: has the next step acted?). */
export async function hasTaskActions(tx: Executor, taskIds: readonly string[], except: readonly TaskActionKind[] = []): Promise<boolean> {
  if (taskIds.length === 0) return false;
  let query = tx.selectFrom('process.task_action').select('id').where('task_id', 'in', taskIds);
  if (except.length > 0) query = query.where('action', 'not in', except);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

function toTaskActionRow(r: {
  id: string;
  task_id: string;
  instance_id: string | null;
  case_id: string | null;
  element_id: string | null;
  action: string;
  actor_id: string;
  on_behalf_of: string | null;
  target_user_id: string | null;
  reason: string | null;
  comment: string | null;
  data: unknown;
  at: Date;
}): TaskActionRow {
  return {
    id: r.id,
    taskId: r.task_id,
    instanceId: r.instance_id,
    caseId: r.case_id,
    elementId: r.element_id,
    action: r.action as TaskActionKind,
    actorId: r.actor_id,
    onBehalfOf: r.on_behalf_of,
    targetUserId: r.target_user_id,
    reason: r.reason,
    comment: r.comment,
    data: (r.data ?? {}) as Record<string, unknown>,
    at: r.at,
  };
}
