import { sql, type Expression, type SqlBool } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';

// Every SQL statement on knowledge.category, and the per-category counts of readable articles.

export interface CategoryRow {
  id: string;
  key: string;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  position: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

type CategoryDb = {
  id: string;
  key: string;
  parent_id: string | null;
  name_zh: string;
  name_en: string;
  position: number;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const toCategory = (r: CategoryDb): CategoryRow => ({
  id: r.id,
  key: r.key,
  parentId: r.parent_id,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  position: r.position,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The whole tree, parents before their children's siblings in position order (a few hundred rows at most). */
export async function listCategories(tx: Tx): Promise<CategoryRow[]> {
  const rows = await tx.selectFrom('knowledge.category').selectAll().orderBy('position').orderBy('name_zh').execute();
  return rows.map((r) => toCategory(r as CategoryDb));
}

export async function findCategory(tx: Tx, id: string): Promise<CategoryRow | undefined> {
  const row = await tx.selectFrom('knowledge.category').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toCategory(row as CategoryDb) : undefined;
}

export async function insertCategory(tx: Tx, c: Omit<CategoryRow, 'version'>): Promise<boolean> {
  const result = await tx
    .insertInto('knowledge.category')
    .values({ id: c.id, key: c.key, parent_id: c.parentId, name_zh: c.nameZh, name_en: c.nameEn, position: c.position, created_at: c.createdAt, updated_at: c.updatedAt })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateCategoryIfVersion(tx: Tx, id: string, expectedVersion: number, values: Pick<CategoryRow, 'parentId' | 'nameZh' | 'nameEn' | 'position'>, now: Date): Promise<boolean> {
  const result = await tx
    .updateTable('knowledge.category')
    .set({ parent_id: values.parentId, name_zh: values.nameZh, name_en: values.nameEn, position: values.position, version: expectedVersion + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteCategoryIfVersion(tx: Tx, id: string, expectedVersion: number): Promise<boolean> {
  const result = await tx.deleteFrom('knowledge.category').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Subcategories and article versions (any state) that still point at the category. */
export async function countCategoryContents(tx: Tx, id: string): Promise<{ children: number; articles: number }> {
  const { rows } = await sql<{ children: number; articles: number }>`SELECT
      (SELECT count(*)::int FROM knowledge.category WHERE parent_id = ${id}) AS children,
      (SELECT count(DISTINCT article_id)::int FROM knowledge.article_version WHERE category_id = ${id}) AS articles`.execute(tx);
  return rows[0] ?? { children: 0, articles: 0 };
}

/**
 * How many published articles the reader may read in each category and below it: one pass over
 * the readable projection rows, counting each row once for every category on its path.
 */
export async function countReadableByCategory(tx: Tx, readable: Expression<SqlBool>): Promise<Map<string, number>> {
  const { rows } = await sql<{ category_id: string; n: number }>`SELECT c.category_id, count(*)::int AS n
      FROM knowledge.published_article p, unnest(p.category_path) AS c(category_id)
     WHERE ${readable}
     GROUP BY c.category_id`.execute(tx);
  return new Map(rows.map((r) => [r.category_id, r.n]));
}
