import { keepPreviousData, useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { csrfHeaders, toProblemError } from '@docket/client';
import type { ProcessTask } from './task-api.ts';
import { tasksKey } from './task-api.ts';

// Issue 15's task operations and list views (docs: the shared brief's HTTP API). Requests go
// through one small fetch helper with the session cookie, the CSRF header and problems thrown as
// ProblemError, like the typed client does, so the screens work whether or not the generated
// client already lists these routes.

/** Countersign progress of an inner task of a multi-instance (会签/或签/票签). */
export interface CountersignProgress {
  mode: 'all' | 'any' | 'vote';
  threshold: number | null;
  approved: number;
  rejected: number;
  total: number;
}

/** The task view with issue 15's fields; every one optional, so an older server still renders. */
export type ApprovalTask = ProcessTask & {
  kind?: 'process' | 'signer' | 'external';
  parentTaskId?: string | null;
  signerPosition?: 'before' | 'after' | 'alongside' | null;
  owner?: string | null;
  ownerName?: string | null;
  assigneeName?: string | null;
  delegationState?: 'pending' | 'resolved' | null;
  allowedActions?: string[];
  caseNumber?: string | null;
  caseTitle?: string | null;
  processName?: string | null;
  system?: string | null;
  externalId?: string | null;
  link?: string | null;
  title?: string | null;
  description?: string | null;
  countersign?: CountersignProgress | null;
};

export interface TaskAction {
  id: string;
  taskId: string | null;
  elementId: string | null;
  action: string;
  actorId: string | null;
  actorName: string | null;
  onBehalfOf: string | null;
  onBehalfOfName?: string | null;
  reason: string | null;
  comment: string | null;
  targetUserId: string | null;
  targetUserName?: string | null;
  taskName?: string | null;
  at: string;
}

export interface ReturnTarget {
  elementId: string;
  name: string | null;
  completedBy: string | null;
  completedByName?: string | null;
  completedAt: string | null;
}

export type TodoView = 'todo' | 'done' | 'started';

export interface TodoFilters {
  processKey?: string;
  caseType?: string;
  dueBefore?: string;
  overdue?: boolean;
  q?: string;
  kind?: 'process' | 'external';
}

export interface TaskPage {
  items: ApprovalTask[];
  nextCursor: string | null;
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method === 'POST' ? csrfHeaders() : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw await toProblemError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The list query's parameters: only what is set, booleans as `true`. */
export function todoSearchParams(view: TodoView, filters: TodoFilters, cursor?: string | null, limit = 50): URLSearchParams {
  const params = new URLSearchParams({ assignee: 'me', view, limit: String(limit) });
  if (filters.processKey) params.set('processKey', filters.processKey);
  if (filters.caseType) params.set('caseType', filters.caseType);
  if (filters.dueBefore) params.set('dueBefore', filters.dueBefore);
  if (filters.overdue) params.set('overdue', 'true');
  const q = filters.q?.trim();
  if (q) params.set('q', q);
  if (filters.kind) params.set('kind', filters.kind);
  if (cursor) params.set('cursor', cursor);
  return params;
}

export const todoKey = (view: TodoView, filters: TodoFilters) => [...tasksKey, 'todo', view, filters] as const;

export function useTodo(view: TodoView, filters: TodoFilters) {
  return useInfiniteQuery({
    queryKey: todoKey(view, filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => request<TaskPage>('GET', `/api/v1/tasks?${todoSearchParams(view, filters, pageParam)}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

export const approvalTaskKey = (id: string) => [...tasksKey, 'one', id] as const;
export const instanceActionsKey = (instanceId: string) => ['process-instance', instanceId, 'actions'] as const;

export function useApprovalTask(id: string) {
  return useQuery({ queryKey: approvalTaskKey(id), queryFn: () => request<ApprovalTask>('GET', `/api/v1/tasks/${encodeURIComponent(id)}`) });
}

export function useInstanceActions(instanceId: string) {
  return useQuery({
    queryKey: instanceActionsKey(instanceId),
    queryFn: async () => (await request<{ items: TaskAction[] }>('GET', `/api/v1/process-instances/${encodeURIComponent(instanceId)}/actions`)).items,
  });
}

export function useReturnTargets(taskId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...tasksKey, 'one', taskId, 'return-targets'],
    enabled,
    queryFn: async () => (await request<{ items: ReturnTarget[] }>('GET', `/api/v1/tasks/${encodeURIComponent(taskId)}/return-targets`)).items,
  });
}

const taskPath = (id: string, op: string) => `/api/v1/tasks/${encodeURIComponent(id)}/${op}`;

/** One operation on a task; the answer is a task view (or nothing for cc and urge). */
export const taskOperations = {
  approve: (id: string, body: { comment?: string; variables?: Record<string, unknown> }) => request<ApprovalTask>('POST', taskPath(id, 'approve'), body),
  reject: (id: string, body: { reason: string; variables?: Record<string, unknown> }) => request<ApprovalTask>('POST', taskPath(id, 'reject'), body),
  return: (id: string, body: { targetElementId: string; reason: string }) => request<ApprovalTask>('POST', taskPath(id, 'return'), body),
  withdraw: (id: string, body: { reason: string }) => request<ApprovalTask>('POST', taskPath(id, 'withdraw'), body),
  transfer: (id: string, body: { userId: string; reason: string }) => request<ApprovalTask>('POST', taskPath(id, 'transfer'), body),
  delegate: (id: string, body: { userId: string; comment?: string }) => request<ApprovalTask>('POST', taskPath(id, 'delegate'), body),
  resolve: (id: string, body: { comment?: string; variables?: Record<string, unknown> }) => request<ApprovalTask>('POST', taskPath(id, 'resolve'), body),
  addSigner: (id: string, body: { userId: string; position: 'before' | 'after' | 'alongside'; reason?: string }) => request<ApprovalTask>('POST', taskPath(id, 'signers'), body),
  cc: (id: string, body: { userIds: string[]; comment?: string }) => request<undefined>('POST', taskPath(id, 'cc'), body),
  urge: (id: string, body: { comment?: string }) => request<undefined>('POST', taskPath(id, 'urge'), body),
  claim: (id: string) => request<ApprovalTask>('POST', taskPath(id, 'claim')),
  unclaim: (id: string) => request<ApprovalTask>('POST', taskPath(id, 'unclaim')),
};

/** After any operation: the task, every list and the instance's action log are read again. */
export async function invalidateAfterAction(queryClient: QueryClient, task: Pick<ApprovalTask, 'id' | 'processInstanceId'>): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: tasksKey }),
    queryClient.invalidateQueries({ queryKey: ['process-instance', task.processInstanceId] }),
    queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  ]);
}
