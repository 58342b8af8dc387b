import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../app-deps.ts';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { lookupNames } from '../../access/index.ts';
import { assetRoutes } from '../assets/routes.ts';
import { listCategories } from '../categories/category-store.ts';
import { categoryRoutes } from '../categories/routes.ts';
import {
  ArticleListQuery,
  ArticleReadQuery,
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
import { knowledgeReader } from '../access.ts';
import { parseIfMatch } from '../if-match.ts';
import type { LoadedArticle } from './article-loading.ts';
import { presentArticle, type NameLanguage } from './article-view.ts';
import { createArticle } from './create-article.ts';
import { diffVersions } from './diff-versions.ts';
import { importArticles } from './import-articles.ts';
import { knowledgeHome } from './knowledge-home.ts';
import { listArticles } from './list-articles.ts';
import { listArticleVersions, readArticle, readArticleVersion } from './read-article.ts';
import { retireArticle } from './retire-article.ts';
import { reviewArticle } from './review-article.ts';
import { updateArticle } from './save-article.ts';
import { submitArticle } from './submit-article.ts';

const tags = ['Knowledge: articles'];
const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

/** Category names in the console's language: English when the browser asks for it first. */
export function nameLanguageOf(request: FastifyRequest): NameLanguage {
  return /^\s*en\b/i.test(request.headers['accept-language'] ?? '') ? 'en' : 'zh';
}

/** Articles, versions, review and publishing, the knowledge home; categories and assets beside them (part A). */
export const articleRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const run = <T>(request: FastifyRequest, fn: (ctx: CommandContext) => Promise<T>) => deps.commands.runCommand(commandMetaOf(request), fn);
  const read = <T>(request: FastifyRequest, fn: (ctx: CommandContext) => Promise<T>) => deps.commands.inQuery(commandMetaOf(request), fn);
  // A command's answer: the working version it left, presented for the caller in the same transaction.
  const answer = async (ctx: CommandContext, request: FastifyRequest, loaded: LoadedArticle) =>
    presentArticle(ctx, await knowledgeReader(ctx.tx, ctx.actor), { ...loaded, shown: loaded.working }, await listCategories(ctx.tx), nameLanguageOf(request));

  app.get('/knowledge/home', { schema: { tags, summary: 'Knowledge home: categories, recently updated, most used (knowledge:read)', response: { 200: Type.Ref('KnowledgeHome') } } }, async (request) =>
    read(request, (ctx) => knowledgeHome(ctx, nameLanguageOf(request))),
  );

  app.get(
    '/knowledge/articles',
    { schema: { tags, summary: 'Articles: published ones, or the caller’s drafts and reviews (knowledge:read)', querystring: ArticleListQuery, response: { 200: Type.Ref('KnowledgeArticleList') } } },
    async (request) => read(request, (ctx) => listArticles(ctx, request.query, nameLanguageOf(request))),
  );

  app.post(
    '/knowledge/articles',
    { schema: { tags, summary: 'Create an article as a draft (knowledge:write)', body: CreateArticleBody, response: { 201: Type.Ref('KnowledgeArticle') } } },
    async (request, reply) => {
      const view = await run(request, async (ctx) => answer(ctx, request, await createArticle(ctx, request.body)));
      return reply.code(201).header('location', `/api/v1/knowledge/articles/${view.id}`).header('etag', `"${view.version}"`).send(view);
    },
  );

  app.post(
    '/knowledge/articles/import',
    {
      schema: {
        tags,
        summary: 'Import articles from an existing knowledge base (knowledge:admin; audited with the reason)',
        body: ImportArticlesBody,
        response: { 201: Type.Ref('KnowledgeImportResult') },
      },
    },
    async (request, reply) => reply.code(201).send(await run(request, (ctx) => importArticles(ctx, request.body))),
  );

  app.get(
    '/knowledge/articles/:id',
    {
      schema: {
        tags,
        summary: 'One article: the published version, or the working draft with ?working=true',
        params: IdParams,
        querystring: ArticleReadQuery,
        response: { 200: Type.Ref('KnowledgeArticle') },
      },
    },
    async (request, reply) => {
      const view = await read(request, async (ctx) => {
        const shown = await readArticle(ctx, request.params.id, { working: request.query.working });
        return presentArticle(ctx, shown.reader, shown, await listCategories(ctx.tx), nameLanguageOf(request));
      });
      return reply.header('etag', `"${view.version}"`).header('cache-control', 'private, no-store').send(view);
    },
  );

  app.put(
    '/knowledge/articles/:id',
    {
      schema: {
        tags,
        summary: 'Save the working draft (knowledge:write; If-Match)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateArticleBody,
        response: { 200: Type.Ref('KnowledgeArticle') },
      },
    },
    async (request, reply) => {
      const view = await run(request, async (ctx) => answer(ctx, request, await updateArticle(ctx, request.params.id, parseIfMatch(request.headers['if-match']), request.body)));
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.post(
    '/knowledge/articles/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit the working draft for review (knowledge:write; If-Match)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: SubmitArticleBody,
        response: { 200: Type.Ref('KnowledgeArticle') },
      },
    },
    async (request, reply) => {
      const view = await run(request, async (ctx) => answer(ctx, request, await submitArticle(ctx, request.params.id, parseIfMatch(request.headers['if-match']), request.body ?? {})));
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.post(
    '/knowledge/articles/:id/review',
    {
      schema: {
        tags,
        summary: 'Approve or reject the submitted version (knowledge:review, or knowledge:compliance-review at the compliance stage; not the author; If-Match)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ReviewArticleBody,
        response: { 200: Type.Ref('KnowledgeArticle') },
      },
    },
    async (request, reply) => {
      const view = await run(request, async (ctx) => answer(ctx, request, await reviewArticle(ctx, request.params.id, parseIfMatch(request.headers['if-match']), request.body)));
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.post(
    '/knowledge/articles/:id/retire',
    {
      schema: {
        tags,
        summary: 'Retire a published article (knowledge:review; If-Match)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: RetireArticleBody,
        response: { 200: Type.Ref('KnowledgeArticle') },
      },
    },
    async (request, reply) => {
      const view = await run(request, async (ctx) => answer(ctx, request, await retireArticle(ctx, request.params.id, parseIfMatch(request.headers['if-match']), request.body)));
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.get(
    '/knowledge/articles/:id/versions',
    { schema: { tags, summary: 'The article’s versions, newest first', params: IdParams, response: { 200: Type.Ref('KnowledgeArticleVersionList') } } },
    async (request) =>
      read(request, async (ctx) => {
        const versions = await listArticleVersions(ctx, request.params.id);
        const names = await lookupNames(
          ctx.tx,
          versions.map((v) => v.authorId),
        );
        return {
          items: versions.map((v) => ({
            version: v.version,
            state: v.state,
            title: v.title,
            author: { id: v.authorId, name: names.user(v.authorId) ?? '' },
            changeNote: v.changeNote,
            createdAt: v.createdAt.toISOString(),
            submittedAt: v.submittedAt ? v.submittedAt.toISOString() : null,
          })),
        };
      }),
  );

  app.get(
    '/knowledge/articles/:id/versions/:version',
    { schema: { tags, summary: 'One version of an article', params: VersionParams, response: { 200: Type.Ref('KnowledgeArticle') } } },
    async (request) =>
      read(request, async (ctx) => {
        const shown = await readArticleVersion(ctx, request.params.id, request.params.version);
        return presentArticle(ctx, shown.reader, shown, await listCategories(ctx.tx), nameLanguageOf(request));
      }),
  );

  app.get(
    '/knowledge/articles/:id/diff',
    { schema: { tags, summary: 'What changed between two versions', params: IdParams, querystring: DiffQuery, response: { 200: Type.Ref('KnowledgeArticleDiff') } } },
    async (request) =>
      read(request, async (ctx) => {
        const from = await readArticleVersion(ctx, request.params.id, request.query.from);
        const to = await readArticleVersion(ctx, request.params.id, request.query.to);
        return diffVersions(from.shown, to.shown);
      }),
  );

  await app.register(assetRoutes, { deps });
  await app.register(categoryRoutes, { deps });
};
