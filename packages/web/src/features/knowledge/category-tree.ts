import type { KnowledgeCategory } from './knowledge-api.ts';

export interface CategoryNode {
  category: KnowledgeCategory;
  children: CategoryNode[];
}

/** The flat category list as a tree, siblings by position then name; a child whose parent is missing becomes a root. */
export function categoryTree(categories: readonly KnowledgeCategory[], nameOf: (c: KnowledgeCategory) => string): CategoryNode[] {
  const nodes = new Map(categories.map((c) => [c.id, { category: c, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.category.parentId ? nodes.get(node.category.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const order = (list: CategoryNode[]) => {
    list.sort((a, b) => a.category.position - b.category.position || nameOf(a.category).localeCompare(nameOf(b.category)));
    for (const n of list) order(n.children);
  };
  order(roots);
  return roots;
}

/** The category's name in the reader's language. */
export function categoryName(category: Pick<KnowledgeCategory, 'nameZh' | 'nameEn'>, locale: string): string {
  return locale === 'en-US' ? category.nameEn : category.nameZh;
}

/** TreeSelect's data for choosing a category; `exclude` and everything under it left out (a category cannot move below itself). */
export function categoryTreeData(nodes: CategoryNode[], locale: string, exclude?: string): { value: string; title: string; children: ReturnType<typeof categoryTreeData> }[] {
  return nodes.filter((n) => n.category.id !== exclude).map((n) => ({ value: n.category.id, title: categoryName(n.category, locale), children: categoryTreeData(n.children, locale, exclude) }));
}
