import { describe, expect, it } from 'vitest';
import type { KnowledgeCategory } from './knowledge-api.ts';
import { categoryTree, categoryTreeData } from './category-tree.ts';
import { searchParamsOf, searchQueryOf, searchStateOf } from './search-params.ts';

const category = (id: string, parentId: string | null, position: number, nameZh: string): KnowledgeCategory => ({
  id,
  key: id,
  parentId,
  nameZh,
  nameEn: nameZh,
  position,
  articleCount: 0,
  version: 1,
});

describe('the search page’s URL', () => {
  it('reads the query and filters, ignoring unknown values, and writes back only what is not the default', () => {
    const state = searchStateOf(new URLSearchParams('q= 信用卡年费 &kind=faq&validity=bogus&page=3&category=c1'));
    expect(state).toEqual({ q: '信用卡年费', kind: 'faq', validity: 'current', page: 3, categoryId: 'c1' });
    expect(searchParamsOf(state).toString()).toBe(new URLSearchParams({ q: '信用卡年费', category: 'c1', kind: 'faq', page: '3' }).toString());
    expect(searchQueryOf(state)).toEqual({ q: '信用卡年费', categoryId: 'c1', kind: 'faq', validity: 'current', limit: 20, offset: 40 });
    expect(searchStateOf(new URLSearchParams('kind=memo&page=-1')).page).toBe(1);
  });
});

describe('the category tree', () => {
  it('nests children under parents in position order and leaves out a category and its subtree when asked', () => {
    const tree = categoryTree(
      [category('b', null, 2, '合规'), category('a', null, 1, '信用卡'), category('a2', 'a', 1, '年费'), category('a1', 'a', 0, '分期'), category('x', 'gone', 0, '孤儿')],
      (c) => c.nameZh,
    );
    expect(tree.map((n) => n.category.id)).toEqual(['x', 'a', 'b']);
    expect(tree[1]!.children.map((n) => n.category.id)).toEqual(['a1', 'a2']);
    expect(categoryTreeData(tree, 'zh-CN', 'a').map((n) => n.value)).toEqual(['x', 'b']);
  });
});
