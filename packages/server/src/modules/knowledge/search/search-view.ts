import type { RankedArticleRow } from './search-store.ts';
import type { SearchArticlesResult } from './search-articles.ts';

// The answers of GET /api/v1/knowledge/search: KnowledgeSearchResult with KnowledgeArticleSummary
// items, built from the published row (what the reader found is the published version).

export function validityAt(validFrom: Date | null, validTo: Date | null, now: Date): 'current' | 'expired' | 'upcoming' {
  if (validTo !== null && validTo.getTime() <= now.getTime()) return 'expired';
  if (validFrom !== null && validFrom.getTime() > now.getTime()) return 'upcoming';
  return 'current';
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentSearchSummary(row: RankedArticleRow, now: Date) {
  return {
    id: row.articleId,
    number: row.number,
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    status: row.status,
    categoryId: row.categoryId,
    categoryName: row.categoryName,
    audience: row.audience,
    tags: row.tags,
    caseTypes: row.caseTypes,
    products: row.products,
    validFrom: iso(row.validFrom),
    validTo: iso(row.validTo),
    validity: validityAt(row.validFrom, row.validTo, now),
    publishedVersion: row.publishedVersion,
    currentVersion: row.currentVersion,
    owner: { id: row.ownerId, name: row.ownerName },
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt.toISOString(),
    usage: { views: row.viewCount, attached: row.attachCount, helpful: row.helpfulCount, notHelpful: row.notHelpfulCount },
  };
}

/** Scores rounded to 6 digits: enough to order by, and stable in snapshots. */
export function presentSearchResult(result: SearchArticlesResult, now: Date) {
  return {
    query: result.query,
    total: result.total,
    items: result.hits.map((hit) => ({
      article: presentSearchSummary(hit.row, now),
      score: Math.round(hit.score * 1e6) / 1e6,
      highlights: hit.highlights,
    })),
  };
}
