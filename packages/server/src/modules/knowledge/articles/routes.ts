import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { knowledgeProblems } from '../problems.ts';
import {
  ArticleListQuery,
  ArticleReadQuery,
  AssetParams,
  CategoryBody,
  CreateArticleBody,
  DiffQuery,
  IdParams,
  ImportArticlesBody,
  RetireArticleBody,
  ReviewArticleBody,
  SubmitArticleBody,
  UpdateArticleBody,
  VersionParams,
} from '../schemas.ts';

const tags = ['Knowledge: articles'];
const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

/** Articles, versions, review and publishing, assets, categories, the knowledge home (part A). CONTRACT STUBS. */
export const articleRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const query = <T>(request: Parameters<typeof commandMetaOf>[0], fn: () => T) => deps.commands.inQuery(commandMetaOf(request), async () => fn());
  const notFound = () => {
    throw knowledgeProblems.articleNotFound({ detail: 'No such article' });
  };

  app.get('/knowledge/home', { schema: { tags, summary: 'Knowledge home: categories, recently updated, most used (knowledge:read)', response: { 200: Type.Ref('KnowledgeHome') } } }, async (request) =>
    query(request, () => ({ categories: [], recentlyUpdated: [], mostUsed: [], myDrafts: 0, awaitingMyReview: 0 })),
  );
  app.get('/knowledge/articles', { schema: { tags, summary: 'Articles: published ones, or the caller’s drafts and reviews (knowledge:read)', querystring: ArticleListQuery, response: { 200: Type.Ref('KnowledgeArticleList') } } }, async (request) =>
    query(request, () => ({ items: [], nextCursor: null })),
  );
  app.post('/knowledge/articles', { schema: { tags, summary: 'Create an article as a draft (knowledge:write)', body: CreateArticleBody, response: { 201: Type.Ref('KnowledgeArticle') } } }, async (request) => query(request, notFound));
  app.post('/knowledge/articles/import', { schema: { tags, summary: 'Import articles from an existing knowledge base (knowledge:admin; audited with the reason)', body: ImportArticlesBody, response: { 201: Type.Ref('KnowledgeImportResult') } } }, async (request) =>
    query(request, notFound),
  );
  app.get('/knowledge/articles/:id', { schema: { tags, summary: 'One article: the published version, or the working draft with ?working=true', params: IdParams, querystring: ArticleReadQuery, response: { 200: Type.Ref('KnowledgeArticle') } } }, async (request) =>
    query(request, notFound),
  );
  app.put('/knowledge/articles/:id', { schema: { tags, summary: 'Save the working draft (knowledge:write; If-Match)', params: IdParams, headers: IfMatchHeaders, body: UpdateArticleBody, response: { 200: Type.Ref('KnowledgeArticle') } } }, async (request) =>
    query(request, notFound),
  );
  app.post('/knowledge/articles/:id/submit', { schema: { tags, summary: 'Submit the working draft for review (knowledge:write; If-Match)', params: IdParams, headers: IfMatchHeaders, body: SubmitArticleBody, response: { 200: Type.Ref('KnowledgeArticle') } } }, async (request) =>
    query(request, notFound),
  );
  app.post('/knowledge/articles/:id/review', { schema: { tags, summary: 'Approve or reject the submitted version (knowledge:review, or knowledge:compliance-review at the compliance stage; not the author; If-Match)', params: IdParams, headers: IfMatchHeaders, body: ReviewArticleBody, response: { 200: Type.Ref('KnowledgeArticle') } } }, async (request) =>
    query(request, notFound),
  );
  app.post('/knowledge/articles/:id/retire', { schema: { tags, summary: 'Retire a published article (knowledge:review; If-Match)', params: IdParams, headers: IfMatchHeaders, body: RetireArticleBody, response: { 200: Type.Ref('KnowledgeArticle') } } }, async (request) =>
    query(request, notFound),
  );
  app.get('/knowledge/articles/:id/versions', { schema: { tags, summary: 'The article’s versions, newest first', params: IdParams, response: { 200: Type.Ref('KnowledgeArticleVersionList') } } }, async (request) => query(request, notFound));
  app.get('/knowledge/articles/:id/versions/:version', { schema: { tags, summary: 'One version of an article', params: VersionParams, response: { 200: Type.Ref('KnowledgeArticle') } } }, async (request) => query(request, notFound));
  app.get('/knowledge/articles/:id/diff', { schema: { tags, summary: 'What changed between two versions', params: IdParams, querystring: DiffQuery, response: { 200: Type.Ref('KnowledgeArticleDiff') } } }, async (request) => query(request, notFound));
  app.post('/knowledge/articles/:id/assets', { schema: { tags, summary: 'Add an image or attachment to the article (multipart; knowledge:write)', params: IdParams, response: { 201: Type.Ref('KnowledgeArticleAsset') } } }, async (request) => query(request, notFound));
  app.get('/knowledge/assets/:assetId', { schema: { tags, summary: 'An article’s image or attachment, to whoever may read the article', params: AssetParams } }, async (request) => query(request, notFound));

  app.get('/knowledge/categories', { schema: { tags: ['Knowledge: categories'], summary: 'The category tree, with the articles the reader may read in each', response: { 200: Type.Ref('KnowledgeCategoryList') } } }, async (request) => query(request, () => ({ items: [] })));
  app.post('/knowledge/categories', { schema: { tags: ['Knowledge: categories'], summary: 'Create a category (knowledge:admin)', body: CategoryBody, response: { 201: Type.Ref('KnowledgeCategory') } } }, async (request) => query(request, notFound));
  app.put('/knowledge/categories/:id', { schema: { tags: ['Knowledge: categories'], summary: 'Change a category (knowledge:admin; If-Match)', params: IdParams, headers: IfMatchHeaders, body: CategoryBody, response: { 200: Type.Ref('KnowledgeCategory') } } }, async (request) => query(request, notFound));
  app.delete('/knowledge/categories/:id', { schema: { tags: ['Knowledge: categories'], summary: 'Delete an empty category (knowledge:admin; If-Match)', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } }, async (request) => query(request, notFound));
};
