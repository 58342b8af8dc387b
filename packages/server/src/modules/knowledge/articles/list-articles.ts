import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertAllowed } from '../../access/index.ts';
import { articleActionCondition, articleReadCondition, knowledgeReader, workingAccessCondition } from '../access.ts';
import { listCategories } from '../categories/category-store.ts';
import { categoryPathOf } from '../categories/category-tree.ts';
import type { ArticleStatus } from '../schemas.ts';
import { presentArticleSummaries, type ArticleSummaryView, type NameLanguage } from './article-view.ts';
import { awaitingReviewCondition, listPublishedSummaries, listWorkingSummaries, type ArticleSummaryRow, type ListCursor } from './summary-store.ts';

export interface ArticleListFilter {
  status?: ArticleStatus;
  mine?: boolean;
  awaitingMyReview?: boolean;
  categoryId?: string;
  limit?: number;
  cursor?: string;
}

function encodeCursor(row: ArticleSummaryRow): string {
  return Buffer.from(`${row.cursorMicros}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): ListCursor | undefined {
  if (cursor === undefined) return undefined;
  const match = /^(\d{1,20})\|([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'querystring.cursor', reason: 'must be a nextCursor from an earlier page' }] });
  return { micros: match[1]!, id: match[2]! };
}

/** The work-on-it conditions over `a` and `v` for the caller: what they may see, what awaits their review. */
export function awaitingMyReview(ctx: CommandContext) {
  return awaitingReviewCondition(ctx.actor.userId, articleActionCondition(ctx.actor, 'knowledge:review', 'a'), articleActionCondition(ctx.actor, 'knowledge:compliance-review', 'a'));
}

/**
 * Articles, newest change first. Without filters (or status=published): the published articles
 * the caller may read. With mine, awaitingMyReview or another status: articles by their working
 * version, among those the caller works on.
 */
export async function listArticles(ctx: CommandContext, filter: ArticleListFilter, language: NameLanguage): Promise<{ items: ArticleSummaryView[]; nextCursor: string | null }> {
  assertAllowed(ctx.actor, 'knowledge:read');
  const limit = filter.limit ?? 50;
  const cursor = decodeCursor(filter.cursor);
  const published = !filter.mine && !filter.awaitingMyReview && (filter.status === undefined || filter.status === 'published');
  let rows: ArticleSummaryRow[];
  if (published) {
    const reader = await knowledgeReader(ctx.tx, ctx.actor);
    rows = await listPublishedSummaries(ctx.tx, articleReadCondition(reader, 'p'), { categoryId: filter.categoryId, cursor, limit: limit + 1 });
  } else {
    let categoryIds: string[] | undefined;
    if (filter.categoryId) {
      const categories = await listCategories(ctx.tx);
      categoryIds = categories.filter((c) => categoryPathOf(categories, c.id).includes(filter.categoryId!)).map((c) => c.id);
    }
    rows = await listWorkingSummaries(ctx.tx, {
      visible: workingAccessCondition(ctx.actor, 'a'),
      status: filter.status,
      mineOf: filter.mine ? ctx.actor.userId : undefined,
      awaiting: filter.awaitingMyReview ? awaitingMyReview(ctx) : undefined,
      categoryIds,
      cursor,
      limit: limit + 1,
    });
  }
  const page = rows.slice(0, limit);
  return { items: await presentArticleSummaries(ctx, page, language), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}
