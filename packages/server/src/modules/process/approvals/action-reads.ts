import type { CommandContext } from '../../../platform/commands/index.ts';
import { lookupNames } from '../../access/index.ts';
import { assertMayReadInstance } from '../commands/instance-access.ts';
import { findInstanceRow } from '../store/instance-queries.ts';
import { assertTaskVisible, findTaskCaller } from '../tasks/task-access.ts';
import { findProcessTaskRow } from '../tasks/task-store.ts';
import { isOwnTask } from '../tasks/task-visibility.ts';
import type { TaskRecord } from '../engine/contract.ts';
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
  const task = await assertTaskVisible(ctx, await findProcessTaskRow(ctx.tx, id), await findTaskCaller(ctx), id);
  return present(ctx, await listTaskActions(ctx.tx, { taskId: task.id }));
}

/**
 * GET /process-instances/{id}/actions: for whoever may read the instance, oldest first; and for
 * whoever holds, held or may claim one of its tasks: the approval screen shows an approver the
 * record of the steps before theirs, without process:read. Anyone else is answered as before.
 */
export async function readActionsOfInstance(ctx: CommandContext, id: string): Promise<TaskActionView[]> {
  const row = await findInstanceRow(ctx.tx, id);
  if (row && (await takesPartIn(ctx, row.id))) return present(ctx, await listTaskActions(ctx.tx, { instanceId: row.id }));
  const instance = await assertMayReadInstance(ctx, row, id);
  return present(ctx, await listTaskActions(ctx.tx, { instanceId: instance.id }));
}

/** Whether one of the instance's tasks is the caller's own (assigned, owned, completed, or claimable by them). */
async function takesPartIn(ctx: CommandContext, instanceId: string): Promise<boolean> {
  const caller = await findTaskCaller(ctx);
  const tasks = await ctx.tx.selectFrom('process.task').select(['state', 'assignee', 'completed_by', 'candidate_users', 'candidate_groups', 'owner']).where('instance_id', '=', instanceId).execute();
  return tasks.some((t) =>
    isOwnTask(
      {
        state: t.state as TaskRecord['state'],
        assignee: t.assignee,
        completedBy: t.completed_by,
        candidateUsers: t.candidate_users,
        candidateGroups: t.candidate_groups,
        owner: t.owner,
      },
      caller,
    ),
  );
}

