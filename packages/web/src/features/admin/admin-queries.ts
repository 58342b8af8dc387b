import { useQuery } from '@tanstack/react-query';
import { dataOf, type Department, type Group, type Role, type User } from '@docket/client';
import { api } from '../../app/api.ts';

export const departmentsKey = ['admin', 'departments'] as const;
export const usersKey = ['admin', 'users'] as const;
export const rolesKey = ['admin', 'roles'] as const;
export const groupsKey = ['admin', 'groups'] as const;

export function useDepartments(enabled = true) {
  return useQuery({ queryKey: departmentsKey, enabled, staleTime: 60_000, queryFn: async (): Promise<Department[]> => dataOf(await api.GET('/api/v1/departments')).items });
}

export function useUsers(q?: string, enabled = true) {
  return useQuery({
    queryKey: [...usersKey, q ?? ''],
    enabled,
    queryFn: async (): Promise<User[]> => dataOf(await api.GET('/api/v1/users', { params: { query: { limit: 500, ...(q ? { q } : {}) } } })).items,
  });
}

export function useRoles() {
  return useQuery({ queryKey: rolesKey, queryFn: async (): Promise<Role[]> => dataOf(await api.GET('/api/v1/roles')).items });
}

export function useGroups() {
  return useQuery({ queryKey: groupsKey, queryFn: async (): Promise<Group[]> => dataOf(await api.GET('/api/v1/groups')).items });
}

export interface DepartmentNode {
  key: string;
  title: string;
  department: Department;
  children: DepartmentNode[];
}

/** The flat, path-ordered department list as a tree for antd Tree / TreeSelect. */
export function departmentTree(departments: Department[]): DepartmentNode[] {
  const nodes = new Map<string, DepartmentNode>();
  for (const d of departments) nodes.set(d.id, { key: d.id, title: `${d.name} (${d.code})`, department: d, children: [] });
  const roots: DepartmentNode[] = [];
  for (const d of departments) {
    const node = nodes.get(d.id)!;
    const parent = d.parentId ? nodes.get(d.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** TreeSelect's data: value/title/children. */
export function departmentTreeData(departments: Department[]): { value: string; title: string; children: ReturnType<typeof departmentTreeData> }[] {
  const convert = (nodes: DepartmentNode[]): ReturnType<typeof departmentTreeData> => nodes.map((n) => ({ value: n.key, title: n.title, children: convert(n.children) }));
  return convert(departmentTree(departments));
}

export function departmentName(departments: Department[] | undefined, id: string | null | undefined): string {
  if (!id) return '—';
  return departments?.find((d) => d.id === id)?.name ?? id.slice(0, 8);
}
