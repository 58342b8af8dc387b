import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app-deps.ts';
import { articleRoutes } from './articles/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { suggestionRoutes } from './suggestions/routes.ts';

/** Each part of the knowledge module registers its own routes file here. */
export const knowledgeRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, opts) => {
  await app.register(articleRoutes, { deps: opts.deps });
  await app.register(searchRoutes, { deps: opts.deps });
  await app.register(suggestionRoutes, { deps: opts.deps });
};

export { knowledgeSchemas } from './schemas.ts';
