import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { settingsRoutes } from './settings-routes.ts';

/** The governance part's routes (issue 22). */
export const governanceRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, opts) => {
  await app.register(settingsRoutes, { deps: opts.deps });
};
