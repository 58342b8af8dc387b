import type { CategoryRow } from './category-store.ts';

/** The category's ancestors and itself, from the root down; empty for no category. */
export function categoryPathOf(categories: readonly Pick<CategoryRow, 'id' | 'parentId'>[], categoryId: string | null): string[] {
  if (categoryId === null) return [];
  const byId = new Map(categories.map((c) => [c.id, c]));
  const path: string[] = [];
  // The seen-check stops at a cycle instead of looping (the update command refuses to make one).
  for (let current = byId.get(categoryId); current && !path.includes(current.id); current = current.parentId ? byId.get(current.parentId) : undefined) {
    path.unshift(current.id);
  }
  return path;
}

/** Whether making parentId the parent of id would put id below itself. */
export function wouldMakeCycle(categories: readonly Pick<CategoryRow, 'id' | 'parentId'>[], id: string, parentId: string | null): boolean {
  return parentId !== null && categoryPathOf(categories, parentId).includes(id);
}
