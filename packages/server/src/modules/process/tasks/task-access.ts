import type { CommandContext } from '../../../platform/commands/index.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { isAllowed, listGroupKeysOfUser } from '../../access/index.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import type { TaskRow } from './task-store.ts';
import { isOwnTask, taskCallerOf, type TaskCaller } from './task-visibility.ts';
import { taskProblems } from './task-problems.ts';

export async function findTaskCaller(ctx: CommandContext): Promise<TaskCaller> {
  return taskCallerOf(ctx.actor, await listGroupKeysOfUser(ctx.tx, ctx.actor.userId), isAllowed(ctx.actor, 'process:admin'));
}

/**
 * Whether the caller may read the case (the case's own policy). A case reader sees the case's
 * tasks (who has what, how far it got); the task does not open the case to its candidates.
 */
export async function mayReadCase(ctx: CommandContext, caseId: string): Promise<boolean> {
  try {
    await findCaseForActionOrThrow(ctx, caseId, 'case:read');
    return true;
  } catch (error) {
    if (error instanceof Problem && error.status === 404) return false;
    throw error;
  }
}

/** A task the caller may see (theirs, any for process:admin, those of a case they read), or 404 as if it did not exist. */
export async function assertTaskVisible<T extends TaskRow>(ctx: CommandContext, task: T | undefined, caller: TaskCaller, id: string): Promise<T> {
  if (task && (caller.isProcessAdmin || isOwnTask(task, caller) || (task.caseId !== null && (await mayReadCase(ctx, task.caseId))))) return task;
  throw taskProblems.notFound({ detail: `No task ${id}` });
}
