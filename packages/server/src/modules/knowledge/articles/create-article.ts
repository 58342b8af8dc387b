import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { isAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { listCategories } from '../categories/category-store.ts';
import { checkArticleInput, type ArticleInput } from './article-input.ts';
import type { LoadedArticle } from './article-loading.ts';
import { mayWrite } from './article-rules.ts';
import { insertArticles, insertVersions, nextArticleNumbers, type ArticleRow, type VersionRow } from './article-store.ts';

/** A new article: the API body, and the case it was drafted from when it was (modules/knowledge/from-case). */
export type CreateArticleInput = ArticleInput & { sourceCaseId?: string | null };

/**
 * Creates an article as its first draft (knowledge:write over its owner and department):
 * numbered KB-000001 …, owned by the caller unless another owner is named. Nothing is
 * published: the draft goes through review (submitArticle, reviewArticle).
 */
export async function createArticle(ctx: CommandContext, input: CreateArticleInput): Promise<LoadedArticle> {
  // Refused before the input is looked at: a caller who may not write learns nothing from a 400.
  // knowledge:admin writes everywhere (the seed and imports run with it).
  if (!isAllowed(ctx.actor, 'knowledge:write') && !isAllowed(ctx.actor, 'knowledge:admin')) {
    throw httpProblems.forbidden({ detail: 'None of your roles grants knowledge:write', action: 'knowledge:write' });
  }
  const categories = await listCategories(ctx.tx);
  const checked = await checkArticleInput(ctx, input, categories);
  if (!mayWrite(ctx.actor, checked)) {
    throw httpProblems.forbidden({ detail: 'Your roles do not grant knowledge:write for this owner and department', action: 'knowledge:write' });
  }
  const [number] = await nextArticleNumbers(ctx.tx, 1);
  const id = newId<string>();
  const article: ArticleRow = {
    id,
    number: number!,
    status: 'draft',
    ownerId: checked.ownerId,
    departmentId: checked.departmentId,
    currentVersion: 1,
    publishedVersion: null,
    sourceCaseId: input.sourceCaseId ?? null,
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    publishedAt: null,
    retiredAt: null,
    retiredReason: null,
    supersededBy: null,
    version: 1,
  };
  const version: VersionRow = { ...checked.content, articleId: id, version: 1, state: 'draft', authorId: ctx.actor.userId, createdAt: ctx.now, updatedAt: ctx.now, submittedAt: null };
  await insertArticles(ctx.tx, [article]);
  await insertVersions(ctx.tx, [version]);
  await recordAuditEvent(ctx, {
    action: 'knowledge.article-created',
    targetType: 'knowledge-article',
    targetId: id,
    data: {
      articleId: id,
      number: article.number,
      version: 1,
      kind: version.kind,
      audience: version.audience,
      ownerId: article.ownerId,
      departmentId: article.departmentId,
      sourceCaseId: article.sourceCaseId,
    },
  });
  return { article, working: version, published: null, reviews: [] };
}
