import { useCallback, useState } from 'react';

/**
 * Saved workspace filters. There is no server API for them yet, so they live in this browser's
 * localStorage, one list per user (key docket.savedFilters.<userId>): they do not follow the user
 * to another browser. Values are stored as the list query's own parameters (ISO dates), so a saved
 * filter means the same thing tomorrow.
 */
export interface SavedFilter {
  id: string;
  name: string;
  /** The filter form's values, dates as ISO strings. */
  values: StoredFilterValues;
}

export interface StoredFilterValues {
  type?: string[];
  status?: string[];
  /** Status categories (open, waiting, resolved, closed): the same for every case type's lifecycle. */
  statusCategory?: string[];
  priority?: string[];
  queue?: string;
  tag?: string[];
  q?: string;
  departmentId?: string;
  assignee?: 'me' | 'unassigned';
  created?: [string | null, string | null] | null;
  due?: [string | null, string | null] | null;
}

export const savedFiltersStorageKey = (userId: string) => `docket.savedFilters.${userId}`;

function read(userId: string): SavedFilter[] {
  try {
    const raw = localStorage.getItem(savedFiltersStorageKey(userId));
    const parsed = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(parsed) ? (parsed as SavedFilter[]).filter((f) => f && typeof f.id === 'string' && typeof f.name === 'string' && f.values) : [];
  } catch {
    return [];
  }
}

export function useSavedFilters(userId: string) {
  const [filters, setFilters] = useState<SavedFilter[]>(() => read(userId));
  const write = useCallback(
    (next: SavedFilter[]) => {
      setFilters(next);
      try {
        localStorage.setItem(savedFiltersStorageKey(userId), JSON.stringify(next));
      } catch {
        // storage full or disabled: kept for this page only
      }
    },
    [userId],
  );
  return {
    filters,
    save: (name: string, values: StoredFilterValues) =>
      write([...filters.filter((f) => f.name !== name), { id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, name, values }]),
    remove: (id: string) => write(filters.filter((f) => f.id !== id)),
  };
}
