import { useQuery } from '@tanstack/react-query';
import { engineRequest, itemsOf } from '../processes/engine-http.ts';

export interface ProcessTask {
  id: string;
  elementId: string;
  name?: string | null;
  processInstanceId: string;
  processKey?: string;
  caseId?: string | null;
  assignee?: string | null;
  candidateGroups?: string[];
  candidateUsers?: string[];
  dueAt?: string | null;
  createdAt?: string;
  formKey?: string | null;
  state?: 'open' | 'completed' | 'canceled';
  outcome?: string | null;
  /** A department role was asked for and nobody held it when the task was created. */
  unassignable?: boolean;
  priority?: number;
}

export type TaskFilter = { assignee: 'me' } | { candidate: 'me' } | { processInstanceId: string } | { caseId: string };

export const tasksKey = ['tasks'] as const;

export function useTasks(filter: TaskFilter, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: [...tasksKey, filter],
    queryFn: async () => itemsOf(await engineRequest<{ items: ProcessTask[] } | ProcessTask[]>('GET', '/api/v1/tasks', { query: filter as Record<string, string> })),
    ...options,
  });
}

export function useTask(id: string) {
  return useQuery({ queryKey: [...tasksKey, 'one', id], queryFn: () => engineRequest<ProcessTask>('GET', `/api/v1/tasks/${encodeURIComponent(id)}`) });
}

export const claimTask = (id: string) => engineRequest('POST', `/api/v1/tasks/${encodeURIComponent(id)}/claim`, { json: {} });
export const unclaimTask = (id: string) => engineRequest('POST', `/api/v1/tasks/${encodeURIComponent(id)}/unclaim`, { json: {} });
export const completeTask = (id: string, body: { variables: Record<string, unknown>; outcome?: string; reason?: string }) =>
  engineRequest('POST', `/api/v1/tasks/${encodeURIComponent(id)}/complete`, { json: body });

/**
 * A key/value editor's rows as process variables: each value is read as JSON when it parses
 * (numbers, booleans, lists, objects, quoted strings), else kept as the text typed.
 */
export function variablesOf(rows: readonly { name?: string; value?: string }[]): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const row of rows) {
    const name = row.name?.trim();
    if (!name) continue;
    const text = row.value ?? '';
    try {
      variables[name] = text.trim() === '' ? null : JSON.parse(text);
    } catch {
      variables[name] = text;
    }
  }
  return variables;
}
