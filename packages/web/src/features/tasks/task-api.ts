import { useQuery } from '@tanstack/react-query';
import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';

export type ProcessTask = components['schemas']['Task'];

export type TaskFilter = { assignee: 'me' } | { candidate: 'me' } | { processInstanceId: string } | { caseId: string };

export const tasksKey = ['tasks'] as const;

export function useTasks(filter: TaskFilter, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: [...tasksKey, filter],
    queryFn: async () => dataOf(await api.GET('/api/v1/tasks', { params: { query: { ...filter, limit: 200 } } })).items,
    ...options,
  });
}

export function useTask(id: string) {
  return useQuery({ queryKey: [...tasksKey, 'one', id], queryFn: async () => dataOf(await api.GET('/api/v1/tasks/{id}', { params: { path: { id } } })) });
}

export const claimTask = async (id: string) => dataOf(await api.POST('/api/v1/tasks/{id}/claim', { params: { path: { id } } }));
export const unclaimTask = async (id: string) => dataOf(await api.POST('/api/v1/tasks/{id}/unclaim', { params: { path: { id } } }));
export const completeTask = async (id: string, body: { variables: Record<string, unknown>; outcome?: string; reason?: string }) =>
  dataOf(await api.POST('/api/v1/tasks/{id}/complete', { params: { path: { id } }, body }));

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
