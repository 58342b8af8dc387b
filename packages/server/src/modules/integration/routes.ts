import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app-deps.ts';
import { emailRoutes } from './email/routes.ts';
import { publicFormAdminRoutes } from './public-forms/routes.ts';
import { sourceRoutes } from './sources/routes.ts';
import { webhookRoutes } from './webhooks/routes.ts';

/** Each part of the integration module registers its own routes file here. */
export const integrationRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, opts) => {
  await app.register(webhookRoutes, { deps: opts.deps });
  await app.register(sourceRoutes, { deps: opts.deps });
  await app.register(emailRoutes, { deps: opts.deps });
  await app.register(publicFormAdminRoutes, { deps: opts.deps });
};

export { integrationSchemas } from './schemas.ts';
