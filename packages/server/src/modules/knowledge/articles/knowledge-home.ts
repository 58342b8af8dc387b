import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed } from '../../access/index.ts';
import { articleReadCondition, knowledgeReader, workingAccessCondition } from '../access.ts';
import { listReadableCategories } from '../categories/category-commands.ts';
import { presentArticleSummaries, type NameLanguage } from './article-view.ts';
import { awaitingMyReview } from './list-articles.ts';
import { countWorking, listPublishedSummaries } from './summary-store.ts';

const HOME_LIST_LENGTH = 10;

/** The knowledge home: the category tree with what the reader may read, recent and most used articles, the caller's work. */
export async function knowledgeHome(ctx: CommandContext, language: NameLanguage) {
  assertAllowed(ctx.actor, 'knowledge:read');
  const reader = await knowledgeReader(ctx.tx, ctx.actor);
  const readable = articleReadCondition(reader, 'p');
  const categories = await listReadableCategories(ctx, reader);
  const recent = await listPublishedSummaries(ctx.tx, readable, { limit: HOME_LIST_LENGTH });
  const used = await listPublishedSummaries(ctx.tx, readable, { limit: HOME_LIST_LENGTH, order: 'used' });
  const visible = workingAccessCondition(ctx.actor, 'a');
  const myDrafts = await countWorking(ctx.tx, { visible, status: 'draft', mineOf: ctx.actor.userId });
  const awaiting = await countWorking(ctx.tx, { visible, awaiting: awaitingMyReview(ctx) });
  return {
    categories,
    recentlyUpdated: await presentArticleSummaries(ctx, recent, language),
    mostUsed: await presentArticleSummaries(ctx, used, language),
    myDrafts,
    awaitingMyReview: awaiting,
  };
}
