import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { httpProblems, type FieldError } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { mayActOnArticle } from '../access.ts';
import { knowledgeProblems } from '../problems.ts';
import { deletePublishedArticle } from '../search/published-index.ts';
import { assertArticleVersion, assertMaySeeWorking, loadArticleOrThrow, type LoadedArticle } from './article-loading.ts';
import { existingArticleIds, setVersionState, updateArticleIfVersion } from './article-store.ts';

/**
 * Withdraws a published article (knowledge:review in scope; If-Match; a reason): out of search,
 * suggestions and every reader's view in this transaction. Its versions stay for the record.
 */
export async function retireArticle(ctx: CommandContext, id: string, expectedVersion: number, input: { reason: string; supersededBy?: string }): Promise<LoadedArticle> {
  const reason = input.reason.trim();
  const errors: FieldError[] = [];
  if (reason === '') errors.push({ field: 'reason', reason: 'must not be blank' });
  if (input.supersededBy === id) errors.push({ field: 'supersededBy', reason: 'an article does not supersede itself' });
  else if (input.supersededBy && !(await existingArticleIds(ctx.tx, [input.supersededBy])).has(input.supersededBy)) errors.push({ field: 'supersededBy', reason: 'no such article' });
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });

  const loaded = await loadArticleOrThrow(ctx, id, { forUpdate: true });
  await assertMaySeeWorking(ctx, loaded);
  const { article } = loaded;
  if (!mayActOnArticle(ctx.actor, 'knowledge:review', article)) throw httpProblems.forbidden({ detail: 'Your roles do not grant knowledge:review on this article', action: 'knowledge:review' });
  assertArticleVersion(article, expectedVersion);
  if (article.status === 'retired' || article.publishedVersion === null) {
    throw knowledgeProblems.articleStateConflict({ detail: article.status === 'retired' ? 'The article is already retired' : 'Only a published article is retired', status: article.status });
  }
  await setVersionState(ctx.tx, id, article.publishedVersion, 'retired', ctx.now);
  await deletePublishedArticle(ctx.tx, id);
  const changes = { status: 'retired' as const, retiredAt: ctx.now, retiredReason: reason, supersededBy: input.supersededBy ?? null };
  await updateArticleIfVersion(ctx.tx, id, expectedVersion, changes, ctx.now);
  await recordAuditEvent(ctx, {
    action: 'knowledge.article-retired',
    targetType: 'knowledge-article',
    targetId: id,
    reason,
    data: { articleId: id, version: article.publishedVersion, reason, supersededBy: input.supersededBy ?? null },
  });
  await ctx.publish(domainEvent('knowledge.article-retired', 'knowledge-article', id, { articleId: id, version: article.publishedVersion }));
  const published = loaded.published ? { ...loaded.published, state: 'retired' as const } : null;
  const working = loaded.working.version === article.publishedVersion && published ? published : loaded.working;
  return { ...loaded, article: { ...article, ...changes, updatedAt: ctx.now, version: expectedVersion + 1 }, working, published };
}
