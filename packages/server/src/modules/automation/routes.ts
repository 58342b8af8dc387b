import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app-deps.ts';
import { dateTriggersRoutes } from './date-triggers/routes.ts';
import { engineRoutes } from './engine/routes.ts';
import { rulesRoutes } from './rules/routes.ts';

/** Each part of the automation module registers its own routes file here (under /api/v1). */
export const automationRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, opts) => {
  await app.register(rulesRoutes, { deps: opts.deps });
  await app.register(engineRoutes, { deps: opts.deps });
  await app.register(dateTriggersRoutes, { deps: opts.deps });
};
