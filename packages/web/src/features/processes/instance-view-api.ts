import { useQueries, useQuery } from '@tanstack/react-query';
import { dataOf, isProblem } from '@docket/client';
import { api } from '../../app/api.ts';
import { instanceKey } from './process-api.ts';
import { tasksKey, useTasks, type ProcessTask } from '../tasks/task-api.ts';

// Routes the approvals work adds (instance actions, approve, reject) may not be in the generated
// client yet: they are called through the same client (cookie, CSRF, problems) by path.
type LooseResult = { data?: unknown; error?: unknown; response: Response };
const loose = api as unknown as {
  GET(path: string, init?: { params?: { path?: Record<string, string> } }): Promise<LooseResult>;
  POST(path: string, init?: { params?: { path?: Record<string, string> }; body?: unknown }): Promise<LooseResult>;
};

/** One thing a person did on a task of the instance (GET /process-instances/{id}/actions). */
export interface TaskAction {
  id: string;
  taskId: string;
  elementId: string;
  action: string;
  actorId: string | null;
  actorName: string | null;
  onBehalfOf: string | null;
  reason: string | null;
  comment: string | null;
  targetUserId: string | null;
  at: string;
  /** Names and outcome the approvals branch adds beside the ids. */
  onBehalfOfName?: string | null;
  targetUserName?: string | null;
  outcome?: string | null;
}

/** The instance's task actions, oldest first; none while the server does not offer the list (404). */
export function useInstanceActions(instanceId: string) {
  return useQuery({
    queryKey: [...instanceKey(instanceId), 'actions'],
    queryFn: async (): Promise<TaskAction[]> => {
      try {
        const answer = dataOf(await loose.GET('/api/v1/process-instances/{id}/actions', { params: { path: { id: instanceId } } })) as { items?: TaskAction[] };
        return answer?.items ?? [];
      } catch (error) {
        if (isProblem(error) && (error.problem.status === 404 || error.problem.status === 405)) return [];
        throw error;
      }
    },
    retry: false,
  });
}

export const approveTask = async (id: string, body: { comment?: string }) => dataOf(await loose.POST('/api/v1/tasks/{id}/approve', { params: { path: { id } }, body }));
export const rejectTask = async (id: string, body: { reason: string }) => dataOf(await loose.POST('/api/v1/tasks/{id}/reject', { params: { path: { id } }, body }));

/** A task as GET /tasks/{id} gives it: with what the caller may do with it now (the list leaves that out). */
export type TaskWithActions = ProcessTask & { allowedActions?: string[] };

/** Actions that make a task the caller's to act on now (cc and urge are open to any reader). */
export const ACTING_ACTIONS = ['approve', 'reject', 'complete', 'claim', 'unclaim', 'resolve', 'return', 'transfer', 'delegate', 'add-signer'];

/** The instance's open tasks, each with its allowedActions for the caller (one GET /tasks/{id} per open task, shared with the task screen's cache). */
export function useOpenTasksWithActions(instanceId: string): TaskWithActions[] {
  const list = useTasks({ processInstanceId: instanceId });
  const open = (list.data ?? []).filter((task) => task.state === 'open');
  const views = useQueries({
    queries: open.map((task) => ({
      queryKey: [...tasksKey, 'one', task.id],
      queryFn: async () => dataOf(await api.GET('/api/v1/tasks/{id}', { params: { path: { id: task.id } } })) as TaskWithActions,
    })),
  });
  return open.map((task, i) => views[i]?.data ?? task);
}
