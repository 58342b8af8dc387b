/**
 * The knowledge module (issue 19): articles with versions and review before publishing, Chinese
 * and English search (jieba words over PostgreSQL full-text search), suggestions on a case,
 * drafting an article from a case. See README.md.
 */
export { knowledgeRoutes, knowledgeSchemas } from './routes.ts';
export { publicKnowledgeRoutes } from './search/public-routes.ts';
export { searchArticles, type SearchArticlesQuery, type SearchArticlesResult, type SearchArticlesHit } from './search/search-articles.ts';
export { writePublishedArticle, writePublishedArticles, deletePublishedArticle, type PublishedArticleInput } from './search/published-index.ts';
// Suggestions on a case (part D): the case words index, kept in each case command's transaction,
// and the backfill of cases written before it (main.ts runs it in the background).
export { subscribeKnowledgeCaseIndex } from './case-index/subscriptions.ts';
export { indexCasesWithoutDocument } from './case-index/backfill.ts';

// Articles and their review (part A): the commands the seed, the bench, the relevance test and
// "draft from a case" call, each inside the caller's command (one transaction).
export { createArticle, type CreateArticleInput } from './articles/create-article.ts';
export { updateArticle } from './articles/save-article.ts';
export { submitArticle } from './articles/submit-article.ts';
export { reviewArticle, type ReviewInput } from './articles/review-article.ts';
export { retireArticle } from './articles/retire-article.ts';
export { importArticles, type ImportArticlesInput, type ImportArticlesResult } from './articles/import-articles.ts';
export { readArticle } from './articles/read-article.ts';
export type { LoadedArticle } from './articles/article-loading.ts';
export type { ArticleInput } from './articles/article-input.ts';
export { presentArticle, presentArticleSummary, presentArticleSummaries, type ArticleView, type ArticleSummaryView, type NameLanguage } from './articles/article-view.ts';
export { findPublishedSummaries, type ArticleSummaryRow } from './articles/summary-store.ts';
export { validityAt, type Validity } from './articles/article-rules.ts';
export { createCategory } from './categories/category-commands.ts';
export { prepareArticleBody, articlePlainText } from './articles/sanitise.ts';
// Synonym sets (part B), for the demo seed and the bench.
export { createSynonymSet } from './search/synonyms.ts';
// The word segmenter (jieba with the banking dictionary), for the assist module's features and quality checks.
export { cutWithOffsets, segmentForIndex } from './search/segmenter.ts';
