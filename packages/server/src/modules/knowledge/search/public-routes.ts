import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../app-deps.ts';
import type { CommandMeta } from '../../../platform/commands/index.ts';
import { findSystemActorOrThrow } from '../../access/index.ts';
import { IdParams, PublicSearchQuery } from '../schemas.ts';
import { readPublicArticleOrThrow, searchPublicArticles } from './public-knowledge.ts';
import { queryTextOrThrow } from './routes.ts';

/**
 * Requests per minute and client address: a customer typing a question asks a few times a
 * minute; a scraper walking the base asks thousands.
 */
export const PUBLIC_KNOWLEDGE_RATE_PER_MINUTE = 60;

/** The web form's answers for customers, no sign-in (registered beside publicFormRoutes in app.ts). */
export const publicKnowledgeRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const tags = ['Public web form'];
  const rateLimit = { max: PUBLIC_KNOWLEDGE_RATE_PER_MINUTE, timeWindow: 60_000 };
  const metaOf = async (request: FastifyRequest): Promise<CommandMeta> => ({
    actor: await findSystemActorOrThrow(deps.database.db, 'system:ingest:web-form'),
    channel: 'web-form',
    requestId: request.id,
    clientIp: request.ip ?? null,
  });
  app.get(
    '/public/knowledge/search',
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: 'Customer-facing answers for a question (no sign-in; published, in force, for everyone; rate-limited per address)',
        querystring: PublicSearchQuery,
        response: { 200: Type.Ref('KnowledgePublicSearchResult') },
      },
    },
    async (request, reply) => {
      const q = queryTextOrThrow(request.query.q);
      const result = await deps.commands.inQuery(await metaOf(request), (ctx) => searchPublicArticles(ctx, q, request.query.limit ?? 5));
      return reply.header('cache-control', 'no-store').send(result);
    },
  );
  app.get(
    '/public/knowledge/articles/:id',
    {
      config: { rateLimit },
      schema: { tags, summary: 'A customer-facing article (no sign-in; rate-limited per address)', params: IdParams, response: { 200: Type.Ref('KnowledgePublicArticle') } },
    },
    async (request, reply) => {
      const article = await deps.commands.inQuery(await metaOf(request), (ctx) => readPublicArticleOrThrow(ctx, request.params.id));
      return reply.header('cache-control', 'no-store').send(article);
    },
  );
};
