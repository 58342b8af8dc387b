import { presentArticleSummary, type NameLanguage } from '../articles/article-view.ts';
import type { SearchArticlesResult } from './search-articles.ts';

// The answer of GET /api/v1/knowledge/search: KnowledgeSearchResult, each item the same list line
// (KnowledgeArticleSummary) as every other knowledge list, built from the published row.

/** Scores rounded to 6 digits: enough to order by, and stable in snapshots. */
export function presentSearchResult(result: SearchArticlesResult, now: Date, language: NameLanguage) {
  return {
    query: result.query,
    total: result.total,
    items: result.hits.map((hit) => ({
      article: presentArticleSummary(hit.row, hit.row.ownerName, now, language),
      score: Math.round(hit.score * 1e6) / 1e6,
      highlights: hit.highlights,
    })),
  };
}
