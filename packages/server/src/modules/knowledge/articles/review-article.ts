import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { listCategories } from '../categories/category-store.ts';
import { knowledgeProblems } from '../problems.ts';
import { assertArticleVersion, assertMaySeeWorking, loadArticleOrThrow, type LoadedArticle } from './article-loading.ts';
import { firstReviewerOf, pendingStage, reviewRefusal } from './article-rules.ts';
import { insertReview, setVersionState, updateArticleIfVersion, type ArticleChanges, type ReviewRow } from './article-store.ts';
import { publishVersion } from './publish-version.ts';

export interface ReviewInput {
  decision: 'approved' | 'rejected';
  comment?: string;
}

/**
 * A review decision on the submitted version (If-Match). Stage review: knowledge:review in scope,
 * not the author; an internal article is then published, a customer-facing one waits for
 * compliance. Stage compliance: knowledge:compliance-review, neither the author nor the first
 * reviewer; the article is then published. A rejection needs a comment and sends the version
 * back to its author.
 */
export async function reviewArticle(ctx: CommandContext, id: string, expectedVersion: number, input: ReviewInput): Promise<LoadedArticle> {
  const comment = input.comment?.trim() || null;
  if (input.decision === 'rejected' && comment === null) {
    throw httpProblems.validationFailed({ errors: [{ field: 'comment', reason: 'is required when rejecting: tell the author what to change' }] });
  }
  const loaded = await loadArticleOrThrow(ctx, id, { forUpdate: true });
  await assertMaySeeWorking(ctx, loaded);
  const { article, working, reviews } = loaded;
  const stage = pendingStage(working);
  const refusal = reviewRefusal(ctx.actor, article, working, firstReviewerOf(reviews, working.version));
  switch (refusal) {
    case 'state':
      throw knowledgeProblems.articleStateConflict({ detail: `Nothing waits for review: the working version is ${working.state}`, status: article.status, state: working.state });
    case 'permission': {
      const action = stage === 'compliance' ? 'knowledge:compliance-review' : 'knowledge:review';
      throw httpProblems.forbidden({ detail: `Your roles do not grant ${action} on this article`, action });
    }
    case 'author':
      throw knowledgeProblems.reviewByAuthor({ detail: 'You wrote this version: someone else reviews it', stage });
    case 'first-reviewer':
      throw knowledgeProblems.reviewByAuthor({ detail: 'You approved this version at review: its compliance review is someone else’s', stage });
  }
  assertArticleVersion(article, expectedVersion);

  const review: ReviewRow = { id: newId(), articleId: id, version: working.version, stage: stage!, decision: input.decision, reviewerId: ctx.actor.userId, comment, decidedAt: ctx.now };
  await insertReview(ctx.tx, review);
  const audit = { targetType: 'knowledge-article', targetId: id, data: { articleId: id, version: working.version, stage, reviewId: review.id, comment } };
  let changes: ArticleChanges;
  let state = working.state;
  if (input.decision === 'rejected') {
    await setVersionState(ctx.tx, id, working.version, 'rejected', ctx.now);
    state = 'rejected';
    changes = { status: 'draft' };
    await recordAuditEvent(ctx, { action: 'knowledge.article-rejected', ...audit });
    await ctx.publish(domainEvent('knowledge.article-rejected', 'knowledge-article', id, { articleId: id, version: working.version, stage: stage!, authorId: working.authorId }));
  } else {
    await recordAuditEvent(ctx, { action: 'knowledge.article-approved', ...audit });
    if (stage === 'review' && working.audience === 'customer') {
      // Customer-facing text is approved twice: its content, then its compliance (合规审核).
      await setVersionState(ctx.tx, id, working.version, 'approved', ctx.now);
      state = 'approved';
      changes = { status: 'in-review' };
      await ctx.publish(domainEvent('knowledge.article-submitted', 'knowledge-article', id, { articleId: id, version: working.version, stage: 'compliance', authorId: working.authorId }));
    } else {
      changes = await publishVersion(ctx, article, working, await listCategories(ctx.tx));
      state = 'published';
    }
  }
  await updateArticleIfVersion(ctx.tx, id, expectedVersion, changes, ctx.now);
  const updated = { ...article, ...changes, updatedAt: ctx.now, version: expectedVersion + 1 };
  const saved = { ...working, state, updatedAt: ctx.now };
  return { article: updated, working: saved, published: state === 'published' ? saved : loaded.published, reviews: [...reviews, review] };
}
