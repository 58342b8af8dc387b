/**
 * The knowledge module (issue 19): articles with versions and review before publishing, Chinese
 * and English search (jieba words over PostgreSQL full-text search), suggestions on a case,
 * drafting an article from a case. See README.md.
 */
export { knowledgeRoutes, knowledgeSchemas } from './routes.ts';
// Synonym sets (part B), for the demo seed and the bench.
export { createSynonymSet } from './search/synonyms.ts';
