import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed } from '../../access/index.ts';
import { articleReadCondition, knowledgeReader } from '../access.ts';
import { knowledgeProblems } from '../problems.ts';
import { isAttachable } from './feedback.ts';
import { findReadablePublishedArticle } from './feedback-store.ts';

/**
 * A customer-facing article in force as plain text, for the agent to put into a public reply.
 * An internal article (or one out of force) is refused: only text compliance approved for
 * customers may reach them.
 */
export async function readArticleReplyText(ctx: CommandContext, articleId: string): Promise<{ articleId: string; version: number; text: string }> {
  assertAllowed(ctx.actor, 'knowledge:read');
  const reader = await knowledgeReader(ctx.tx, ctx.actor);
  const article = await findReadablePublishedArticle(ctx.tx, articleId, articleReadCondition(reader, 'p'), { lock: false });
  if (!article) throw knowledgeProblems.articleNotFound({ detail: `No published article ${articleId} you may read` });
  if (!isAttachable(article, ctx.now)) throw knowledgeProblems.articleNotAttachable({ detail: 'Only a customer-facing article in force can go into a reply to a customer' });
  return { articleId: article.articleId, version: article.version, text: article.bodyText.trim() };
}
