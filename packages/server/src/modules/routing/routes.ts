import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app-deps.ts';
import { decisionRoutes } from './decisions/routes.ts';
import { dispatchRoutes } from './dispatch/routes.ts';
import { profileRoutes } from './profiles/routes.ts';
import { queueRoutes } from './queues/routes.ts';
import { ruleRoutes } from './rules/routes.ts';

/** Each part of the routing module registers its own routes file here. */
export const routingRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, opts) => {
  await app.register(queueRoutes, { deps: opts.deps });
  await app.register(profileRoutes, { deps: opts.deps });
  await app.register(ruleRoutes, { deps: opts.deps });
  await app.register(decisionRoutes, { deps: opts.deps });
  await app.register(dispatchRoutes, { deps: opts.deps });
};

export { routingSchemas } from './schemas.ts';
