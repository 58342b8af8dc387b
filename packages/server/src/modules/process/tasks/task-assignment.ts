import type { CommandSubscribers } from '../../../platform/commands/index.ts';
import { resolveDepartmentRole } from './department-role.ts';
import { findInstanceOrigin, findTaskRow, isProcessTask } from './task-store.ts';

/**
 * Resolves a new task's department-relative role in the command that created it (any command:
 * a start, a completion, a timer), so the task is never visible without its candidates.
 */
export function subscribeTaskAssignment(subscribers: CommandSubscribers): () => void {
  return subscribers.subscribeInTransaction('process.task-created', async (ctx, event) => {
    // null: the command knew the task and it has no department role; absent: not known, so read it.
    if (event.payload.departmentRole === null) return;
    const task = await findTaskRow(ctx.tx, event.payload.taskId);
    if (!task?.departmentRole || !isProcessTask(task)) return;
    const origin = await findInstanceOrigin(ctx.tx, task.instanceId);
    await resolveDepartmentRole(ctx, task, { caseId: origin?.caseId ?? null, startedBy: origin?.startedBy ?? null });
  });
}
