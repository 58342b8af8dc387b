import type { TodoFilters, TodoView } from './approval-api.ts';

// The to-do list's tab and filters live in the address, so a reload, the back button or a shared
// link shows the same list.

export const TODO_VIEWS: readonly TodoView[] = ['todo', 'done', 'started'];

export function viewOf(search: URLSearchParams): TodoView {
  const view = search.get('view');
  return TODO_VIEWS.includes(view as TodoView) ? (view as TodoView) : 'todo';
}

export function filtersOf(search: URLSearchParams): TodoFilters {
  const filters: TodoFilters = {};
  const processKey = search.get('process');
  if (processKey) filters.processKey = processKey;
  const caseType = search.get('caseType');
  if (caseType) filters.caseType = caseType;
  const dueBefore = search.get('dueBefore');
  if (dueBefore && Number.isFinite(Date.parse(dueBefore))) filters.dueBefore = dueBefore;
  if (search.get('overdue') === 'true') filters.overdue = true;
  const q = search.get('q')?.trim();
  if (q) filters.q = q;
  const kind = search.get('kind');
  if (kind === 'process' || kind === 'external') filters.kind = kind;
  return filters;
}

/** The address's query for a tab and filters; the default tab and empty filters are left out. */
export function searchOf(view: TodoView, filters: TodoFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (view !== 'todo') out.view = view;
  if (filters.processKey) out.process = filters.processKey;
  if (filters.caseType) out.caseType = filters.caseType;
  if (filters.dueBefore) out.dueBefore = filters.dueBefore;
  if (filters.overdue) out.overdue = 'true';
  if (filters.q?.trim()) out.q = filters.q.trim();
  if (filters.kind) out.kind = filters.kind;
  return out;
}

export const hasFilters = (filters: TodoFilters): boolean => Object.keys(searchOf('todo', filters)).length > 0;
