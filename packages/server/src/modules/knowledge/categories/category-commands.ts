import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { articleReadCondition, knowledgeReader, type KnowledgeReader } from '../access.ts';
import { knowledgeProblems } from '../problems.ts';
import { countCategoryContents, countReadableByCategory, deleteCategoryIfVersion, findCategory, insertCategory, listCategories, updateCategoryIfVersion, type CategoryRow } from './category-store.ts';
import { wouldMakeCycle } from './category-tree.ts';

export interface CategoryInput {
  key: string;
  parentId?: string | null;
  nameZh: string;
  nameEn: string;
  position?: number;
}

export function presentCategory(c: CategoryRow, articleCount: number) {
  return { id: c.id, key: c.key, parentId: c.parentId, nameZh: c.nameZh, nameEn: c.nameEn, position: c.position, articleCount, version: c.version };
}

/** The whole tree, each category with the published articles the reader may read in it and below it. */
export async function listReadableCategories(ctx: CommandContext, reader?: KnowledgeReader) {
  assertAllowed(ctx.actor, 'knowledge:read');
  const r = reader ?? (await knowledgeReader(ctx.tx, ctx.actor));
  const [categories, counts] = [await listCategories(ctx.tx), await countReadableByCategory(ctx.tx, articleReadCondition(r, 'p'))];
  return categories.map((c) => presentCategory(c, counts.get(c.id) ?? 0));
}

async function findCategoryOrThrow(ctx: CommandContext, id: string): Promise<CategoryRow> {
  const found = await findCategory(ctx.tx, id);
  if (!found) throw knowledgeProblems.categoryNotFound({ detail: `No category ${id}` });
  return found;
}

function staleProblem(current: CategoryRow, expected: number) {
  return knowledgeProblems.categoryVersionStale({ detail: `The category is at version ${current.version}, not ${expected}`, currentVersion: current.version });
}

async function checkParent(ctx: CommandContext, id: string | null, parentId: string | null): Promise<void> {
  if (parentId === null) return;
  const categories = await listCategories(ctx.tx);
  if (!categories.some((c) => c.id === parentId)) throw httpProblems.validationFailed({ errors: [{ field: 'parentId', reason: 'no such category' }] });
  if (id !== null && wouldMakeCycle(categories, id, parentId)) throw httpProblems.validationFailed({ errors: [{ field: 'parentId', reason: 'a category cannot sit below itself' }] });
}

/** A new category (knowledge:admin); its key is fixed once created. */
export async function createCategory(ctx: CommandContext, input: CategoryInput): Promise<CategoryRow> {
  assertAllowed(ctx.actor, 'knowledge:admin');
  const parentId = input.parentId ?? null;
  await checkParent(ctx, null, parentId);
  const row = { id: newId<string>(), key: input.key, parentId, nameZh: input.nameZh.trim(), nameEn: input.nameEn.trim(), position: input.position ?? 0, createdAt: ctx.now, updatedAt: ctx.now };
  if (!(await insertCategory(ctx.tx, row))) throw knowledgeProblems.categoryExists({ detail: `A category with key ${input.key} exists`, errors: [{ field: 'key', reason: 'is taken' }] });
  await recordAuditEvent(ctx, {
    action: 'knowledge.category-saved',
    targetType: 'knowledge-category',
    targetId: row.id,
    data: { id: row.id, key: row.key, parentId, nameZh: row.nameZh, nameEn: row.nameEn, version: 1 },
  });
  return { ...row, version: 1 };
}

/** Renames or moves a category (knowledge:admin; If-Match); the key stays. */
export async function updateCategory(ctx: CommandContext, id: string, expectedVersion: number, input: CategoryInput): Promise<CategoryRow> {
  assertAllowed(ctx.actor, 'knowledge:admin');
  const current = await findCategoryOrThrow(ctx, id);
  if (current.version !== expectedVersion) throw staleProblem(current, expectedVersion);
  if (input.key !== current.key) throw httpProblems.validationFailed({ errors: [{ field: 'key', reason: 'is fixed once the category is created' }] });
  const parentId = input.parentId === undefined ? current.parentId : input.parentId;
  await checkParent(ctx, id, parentId);
  const values = { parentId, nameZh: input.nameZh.trim(), nameEn: input.nameEn.trim(), position: input.position ?? current.position };
  if (!(await updateCategoryIfVersion(ctx.tx, id, expectedVersion, values, ctx.now))) throw staleProblem(current, expectedVersion);
  // Published articles keep their category's ancestors (published_article.category_path) from
  // the time they were published; a move shows in the tree at once and in the search filter
  // when they are next published.
  await recordAuditEvent(ctx, { action: 'knowledge.category-saved', targetType: 'knowledge-category', targetId: id, data: { id, key: current.key, ...values, version: expectedVersion + 1 } });
  return { ...current, ...values, version: expectedVersion + 1, updatedAt: ctx.now };
}

/** Deletes an empty category (knowledge:admin; If-Match): no subcategory, no article version in it. */
export async function deleteCategory(ctx: CommandContext, id: string, expectedVersion: number): Promise<void> {
  assertAllowed(ctx.actor, 'knowledge:admin');
  const current = await findCategoryOrThrow(ctx, id);
  if (current.version !== expectedVersion) throw staleProblem(current, expectedVersion);
  const contents = await countCategoryContents(ctx.tx, id);
  if (contents.children > 0 || contents.articles > 0) {
    throw knowledgeProblems.categoryNotEmpty({ detail: `The category holds ${contents.children} subcategories and ${contents.articles} articles`, ...contents });
  }
  if (!(await deleteCategoryIfVersion(ctx.tx, id, expectedVersion))) throw staleProblem(current, expectedVersion);
  await recordAuditEvent(ctx, { action: 'knowledge.category-deleted', targetType: 'knowledge-category', targetId: id, data: { id, key: current.key, version: current.version } });
}
