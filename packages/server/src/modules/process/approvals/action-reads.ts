import type { CommandContext } from '../../../platform/commands/index.ts';
import { lookupNames } from '../../access/index.ts';
import { assertMayReadInstance } from '../commands/instance-access.ts';
import { findInstanceRow } from '../store/instance-queries.ts';
import { assertTaskVisible, findTaskCaller } from '../tasks/task-access.ts';
import { findTaskRow } from '../tasks/task-store.ts';
import { listTaskActions, type TaskActionRow } from './task-action-log.ts';

export interface TaskActionView {
  id: string;
  taskId: string;
  elementId: string | null;
  action: string;
  actorId: string;
  actorName: string | null;
  onBehalfOf: string | null;
  onBehalfOfName: string | null;
  targetUserId: string | null;
  targetUserName: string | null;
  outcome: string | null;
  reason: string | null;
  comment: string | null;
  at: string;
}

async function present(ctx: CommandContext, rows: TaskActionRow[]): Promise<TaskActionView[]> {
  const names = await lookupNames(
    ctx.tx,
    rows.flatMap((r) => [r.actorId, r.onBehalfOf, r.targetUserId]),
  );
  return rows.map((r) => ({
    id: r.id,
    taskId: r.taskId,
    elementId: r.elementId,
    action: r.action,
    actorId: r.actorId,
    actorName: names.user(r.actorId),
    onBehalfOf: r.onBehalfOf,
    onBehalfOfName: names.user(r.onBehalfOf),
    targetUserId: r.targetUserId,
    targetUserName: names.user(r.targetUserId),
    outcome: typeof r.data.outcome === 'string' ? r.data.outcome : null,
    reason: r.reason,
    comment: r.comment,
    at: r.at.toISOString(),
  }));
}

/** GET /tasks/{id}/actions: for whoever may see the task (404 otherwise). */
export async function readActionsOfTask(ctx: CommandContext, id: string): Promise<TaskActionView[]> {
  const task = await assertTaskVisible(ctx, await findTaskRow(ctx.tx, id), await findTaskCaller(ctx), id);
  return present(ctx, await listTaskActions(ctx.tx, { taskId: task.id }));
}

/** GET /process-instances/{id}/actions: for whoever may read the instance, oldest first. */
export async function readActionsOfInstance(ctx: CommandContext, id: string): Promise<TaskActionView[]> {
  const instance = await assertMayReadInstance(ctx, await findInstanceRow(ctx.tx, id), id);
  return present(ctx, await listTaskActions(ctx.tx, { instanceId: instance.id }));
}
