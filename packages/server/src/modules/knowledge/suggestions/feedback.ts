import type { CommandContext } from '../../../platform/commands/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { assertAllowed } from '../../access/index.ts';
import { readCase } from '../../cases/index.ts';
import { articleReadCondition, knowledgeReader } from '../access.ts';
import { knowledgeProblems } from '../problems.ts';
import type { FeedbackKind } from '../schemas.ts';
import { addToUsage, changeVote, findReadablePublishedArticle, findVote, insertFeedback, type PublishedForFeedback, type Usage, type Vote } from './feedback-store.ts';

export interface FeedbackInput {
  kind: FeedbackKind;
  caseId?: string;
  suggested?: boolean;
}

export interface FeedbackResult {
  usage: Usage;
  myFeedback: Vote | null;
}

/** Published, customer-facing and in force at `now`: what may go into a reply to a customer. */
export function isAttachable(article: Pick<PublishedForFeedback, 'audience' | 'validFrom' | 'validTo'>, now: Date): boolean {
  return article.audience === 'customer' && (article.validFrom === null || article.validFrom <= now) && (article.validTo === null || article.validTo > now);
}

const ZERO: Usage = { views: 0, attached: 0, helpful: 0, notHelpful: 0 };
const voteDelta = (kind: Vote, sign: 1 | -1): Usage => (kind === 'helpful' ? { ...ZERO, helpful: sign } : { ...ZERO, notHelpful: sign });
const sum = (a: Usage, b: Usage): Usage => ({ views: a.views + b.views, attached: a.attached + b.attached, helpful: a.helpful + b.helpful, notHelpful: a.notHelpful + b.notHelpful });

/**
 * Records that the reader opened an article, attached it to a reply, or found it helpful or not,
 * on a case or not. One vote per reader, article and case: a second vote replaces the first. The
 * article's counters change in the same transaction, the article row locked first.
 */
export async function recordArticleFeedback(ctx: CommandContext, articleId: string, input: FeedbackInput): Promise<FeedbackResult> {
  assertAllowed(ctx.actor, 'knowledge:read');
  const reader = await knowledgeReader(ctx.tx, ctx.actor);
  const article = await findReadablePublishedArticle(ctx.tx, articleId, articleReadCondition(reader, 'p'), { lock: true });
  if (!article) throw knowledgeProblems.articleNotFound({ detail: `No published article ${articleId} you may read` });
  const caseId = input.caseId ?? null;
  if (caseId !== null) await readCase(ctx, caseId);
  if (input.kind === 'attached' && !isAttachable(article, ctx.now)) {
    throw knowledgeProblems.articleNotAttachable({ detail: 'Only a customer-facing article in force can go into a reply to a customer' });
  }
  const suggested = input.suggested ?? false;
  const previous = await findVote(ctx.tx, articleId, ctx.actor.userId, caseId);
  let delta = ZERO;
  if (input.kind === 'helpful' || input.kind === 'not-helpful') {
    if (previous?.kind !== input.kind) {
      if (previous) {
        await changeVote(ctx.tx, previous.id, { kind: input.kind, version: article.version, suggested, createdAt: ctx.now });
        delta = sum(voteDelta(previous.kind, -1), voteDelta(input.kind, 1));
      } else {
        await insertFeedback(ctx.tx, { id: newId(), articleId, version: article.version, caseId, userId: ctx.actor.userId, kind: input.kind, suggested, createdAt: ctx.now });
        delta = voteDelta(input.kind, 1);
      }
    }
  } else {
    await insertFeedback(ctx.tx, { id: newId(), articleId, version: article.version, caseId, userId: ctx.actor.userId, kind: input.kind, suggested, createdAt: ctx.now });
    delta = input.kind === 'viewed' ? { ...ZERO, views: 1 } : { ...ZERO, attached: 1 };
  }
  const usage = await addToUsage(ctx.tx, articleId, delta);
  const myFeedback = input.kind === 'helpful' || input.kind === 'not-helpful' ? input.kind : (previous?.kind ?? null);
  return { usage, myFeedback };
}
