import type { CommandContext } from '../../../platform/commands/index.ts';
import { lookupNames } from '../../access/index.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import { articleReadCondition, type KnowledgeReader } from '../access.ts';
import { listAssetsOfArticle, type AssetRow } from '../assets/asset-store.ts';
import type { CategoryRow } from '../categories/category-store.ts';
import { categoryPathOf } from '../categories/category-tree.ts';
import { canOf, firstReviewerOf, maySeeWorking, validityAt } from './article-rules.ts';
import { findMyVote, findUsage, type ArticleRow, type ReviewRow, type VersionRow } from './article-store.ts';
import { findReadableArticleRefs, type ArticleSummaryFacts } from './summary-store.ts';

/** Which language category names are shown in: the console's, from Accept-Language. */
export type NameLanguage = 'zh' | 'en';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentAsset(asset: AssetRow) {
  return { id: asset.id, fileName: asset.fileName, contentType: asset.contentType, size: asset.size, url: `/api/v1/knowledge/assets/${asset.id}`, createdAt: asset.createdAt.toISOString() };
}

/** A list line (KnowledgeArticleSummary) from a summary row and its owner's display name. */
export function presentArticleSummary(row: ArticleSummaryFacts, ownerName: string | null, now: Date, language: NameLanguage = 'zh') {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    status: row.status,
    categoryId: row.categoryId,
    categoryName: language === 'en' ? row.categoryNameEn : row.categoryNameZh,
    audience: row.audience,
    tags: row.tags,
    caseTypes: row.caseTypes,
    products: row.products,
    validFrom: iso(row.validFrom),
    validTo: iso(row.validTo),
    validity: validityAt(row, now),
    publishedVersion: row.publishedVersion,
    currentVersion: row.currentVersion,
    owner: { id: row.ownerId, name: ownerName ?? '' },
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: iso(row.publishedAt),
    usage: { views: row.views, attached: row.attached, helpful: row.helpful, notHelpful: row.notHelpful },
  };
}

export type ArticleSummaryView = ReturnType<typeof presentArticleSummary>;

/** Summaries with their owners' names looked up in one query. */
export async function presentArticleSummaries(ctx: CommandContext, rows: readonly ArticleSummaryFacts[], language: NameLanguage = 'zh'): Promise<ArticleSummaryView[]> {
  const names = await lookupNames(
    ctx.tx,
    rows.map((r) => r.ownerId),
  );
  return rows.map((r) => presentArticleSummary(r, names.user(r.ownerId), ctx.now, language));
}

export interface ArticleShown {
  article: ArticleRow;
  working: VersionRow;
  shown: VersionRow;
  reviews: ReviewRow[];
}

async function sourceCaseOf(ctx: CommandContext, caseId: string | null): Promise<{ id: string; number: string } | null> {
  if (caseId === null) return null;
  try {
    const found = await findCaseForActionOrThrow(ctx, caseId, 'case:read');
    return { id: found.id, number: found.number };
  } catch {
    // A case the reader may not read is not named, not even by its number.
    return null;
  }
}

/** The article answer (KnowledgeArticle) for this reader: what they may see and do. */
export async function presentArticle(ctx: CommandContext, reader: KnowledgeReader, shownArticle: ArticleShown, categories: readonly CategoryRow[], language: NameLanguage = 'zh') {
  const { article, working, shown, reviews } = shownArticle;
  const insider = maySeeWorking(ctx.actor, article);
  const visibleReviews = insider ? reviews : [];
  const names = await lookupNames(ctx.tx, [article.ownerId, shown.authorId, ...visibleReviews.map((r) => r.reviewerId)]);
  const readable = articleReadCondition(reader, 'p');
  const [related, superseding, assets, usage, myFeedback, sourceCase] = await Promise.all([
    findReadableArticleRefs(ctx.tx, shown.relatedArticleIds, readable),
    article.supersededBy ? findReadableArticleRefs(ctx.tx, [article.supersededBy], readable) : Promise.resolve([]),
    listAssetsOfArticle(ctx.tx, article.id),
    findUsage(ctx.tx, article.id),
    findMyVote(ctx.tx, article.id, ctx.actor.userId),
    sourceCaseOf(ctx, article.sourceCaseId),
  ]);
  const byId = new Map(categories.map((c) => [c.id, c]));
  const categoryPath = categoryPathOf(categories, shown.categoryId).map((id) => {
    const c = byId.get(id)!;
    return { id, name: language === 'en' ? c.nameEn : c.nameZh };
  });
  return {
    id: article.id,
    number: article.number,
    status: article.status,
    shownVersion: shown.version,
    shownState: shown.state,
    currentVersion: article.currentVersion,
    publishedVersion: article.publishedVersion,
    kind: shown.kind,
    title: shown.title,
    summary: shown.summary,
    body: shown.bodyHtml,
    categoryId: shown.categoryId,
    categoryPath,
    audience: shown.audience,
    reach: { subtrees: shown.reachSubtreeIds, departments: shown.reachDepartmentIds },
    roles: shown.roles,
    sensitivity: shown.sensitivity,
    tags: shown.tags,
    caseTypes: shown.caseTypes,
    products: shown.products,
    validFrom: iso(shown.validFrom),
    validTo: iso(shown.validTo),
    validity: validityAt(shown, ctx.now),
    regulation: shown.regulation,
    relatedArticles: related,
    supersededBy: superseding[0] ?? null,
    sourceCase,
    owner: { id: article.ownerId, name: names.user(article.ownerId) ?? '' },
    author: { id: shown.authorId, name: names.user(shown.authorId) ?? '' },
    departmentId: article.departmentId,
    changeNote: shown.changeNote,
    reviews: visibleReviews.map((r) => ({
      id: r.id,
      version: r.version,
      stage: r.stage,
      decision: r.decision,
      reviewer: { id: r.reviewerId, name: names.user(r.reviewerId) ?? '' },
      comment: r.comment,
      decidedAt: r.decidedAt.toISOString(),
    })),
    assets: assets.map(presentAsset),
    usage,
    myFeedback,
    can: canOf(ctx.actor, article, working, shown, firstReviewerOf(reviews, working.version), ctx.now),
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    publishedAt: iso(article.publishedAt),
    retiredAt: iso(article.retiredAt),
    retiredReason: article.retiredReason,
    version: article.version,
  };
}

export type ArticleView = Awaited<ReturnType<typeof presentArticle>>;
