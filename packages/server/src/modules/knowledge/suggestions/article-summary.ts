import type { Static } from '@sinclair/typebox';
import type { ArticleSummarySchema } from '../schemas.ts';
import type { ArticleCandidate } from './suggestion-store.ts';

export type ArticleSummary = Static<typeof ArticleSummarySchema>;

// MERGE SEAM (part A): part A exports presentArticleSummary from modules/knowledge/index.ts; at
// merge this local shaping of a published row can give way to it. A suggestion is always a
// published, current article, so validity is 'current' here.

/** A suggested (published, current) article as KnowledgeArticleSummary. */
export function presentSuggestedArticle(c: ArticleCandidate, ownerName: string | null): ArticleSummary {
  return {
    id: c.articleId,
    number: c.number,
    kind: c.kind as ArticleSummary['kind'],
    title: c.title,
    summary: c.summary,
    status: c.status as ArticleSummary['status'],
    categoryId: c.categoryId,
    categoryName: c.categoryName,
    audience: c.audience,
    tags: c.tags,
    caseTypes: c.caseTypes,
    products: c.products,
    validFrom: c.validFrom?.toISOString() ?? null,
    validTo: c.validTo?.toISOString() ?? null,
    validity: 'current',
    publishedVersion: c.version,
    currentVersion: c.currentVersion,
    owner: { id: c.ownerId, name: ownerName ?? '' },
    updatedAt: c.updatedAt.toISOString(),
    publishedAt: c.publishedAt.toISOString(),
    usage: { views: c.views, attached: c.attached, helpful: c.helpful, notHelpful: c.notHelpful },
  };
}
