/**
 * The knowledge module (issue 19): articles with versions and review before publishing, Chinese
 * and English search (jieba words over PostgreSQL full-text search), suggestions on a case,
 * drafting an article from a case. See README.md.
 */
export { knowledgeRoutes, knowledgeSchemas } from './routes.ts';
export { publicKnowledgeRoutes } from './search/public-routes.ts';
export { searchArticles, type SearchArticlesQuery, type SearchArticlesResult, type SearchArticlesHit } from './search/search-articles.ts';
export { writePublishedArticle, writePublishedArticles, deletePublishedArticle, type PublishedArticleInput } from './search/published-index.ts';
