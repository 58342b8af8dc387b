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
