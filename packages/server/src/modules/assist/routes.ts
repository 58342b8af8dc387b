import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app-deps.ts';
import { dispatchRoutes } from './dispatch/routes.ts';
import { governanceRoutes } from './governance/routes.ts';
import { prefillRoutes } from './prefill/routes.ts';
import { qualityRoutes } from './quality/routes.ts';

/** Each part of the assist module registers its own routes file here (under /api/v1). */
export const assistRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, opts) => {
  await app.register(prefillRoutes, { deps: opts.deps });
  await app.register(dispatchRoutes, { deps: opts.deps });
  await app.register(governanceRoutes, { deps: opts.deps });
  await app.register(qualityRoutes, { deps: opts.deps });
};
