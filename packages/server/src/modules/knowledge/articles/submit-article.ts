import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { knowledgeProblems } from '../problems.ts';
import { assertArticleVersion, assertMaySeeWorking, loadArticleOrThrow, type LoadedArticle } from './article-loading.ts';
import { mayWrite } from './article-rules.ts';
import { setVersionState, updateArticleIfVersion } from './article-store.ts';

/**
 * Sends the working draft to review (knowledge:write; If-Match). Only a draft is submitted: a
 * rejected version is edited first, which opens the next version.
 */
export async function submitArticle(ctx: CommandContext, id: string, expectedVersion: number, input: { note?: string } = {}): Promise<LoadedArticle> {
  const loaded = await loadArticleOrThrow(ctx, id, { forUpdate: true });
  await assertMaySeeWorking(ctx, loaded);
  const { article, working } = loaded;
  if (!mayWrite(ctx.actor, article)) throw httpProblems.forbidden({ detail: 'Your roles do not grant knowledge:write on this article', action: 'knowledge:write' });
  assertArticleVersion(article, expectedVersion);
  if (article.status === 'retired' || working.state !== 'draft') {
    throw knowledgeProblems.articleStateConflict({
      detail: working.state === 'rejected' ? 'The version was rejected: edit it first, which opens the next version' : `Only a draft is submitted; this version is ${working.state}`,
      status: article.status,
      state: working.state,
    });
  }
  await setVersionState(ctx.tx, id, working.version, 'in-review', ctx.now, { submitted: true });
  await updateArticleIfVersion(ctx.tx, id, expectedVersion, { status: 'in-review' }, ctx.now);
  await recordAuditEvent(ctx, {
    action: 'knowledge.article-submitted',
    targetType: 'knowledge-article',
    targetId: id,
    data: { articleId: id, version: working.version, stage: 'review', note: input.note ?? null },
  });
  await ctx.publish(domainEvent('knowledge.article-submitted', 'knowledge-article', id, { articleId: id, version: working.version, stage: 'review', authorId: working.authorId }));
  return {
    ...loaded,
    article: { ...article, status: 'in-review', updatedAt: ctx.now, version: expectedVersion + 1 },
    working: { ...working, state: 'in-review', submittedAt: ctx.now, updatedAt: ctx.now },
  };
}
