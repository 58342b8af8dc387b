import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app-deps.ts';
import { customer360Routes } from './customer-360/routes.ts';
import { importsRoutes } from './imports/routes.ts';
import { recordsRoutes } from './records/routes.ts';
import { typesRoutes } from './types/routes.ts';

/** Each part of the objects module registers its own routes file here (under /api/v1). */
export const objectsRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, opts) => {
  await app.register(typesRoutes, { deps: opts.deps });
  await app.register(recordsRoutes, { deps: opts.deps });
  await app.register(importsRoutes, { deps: opts.deps });
  await app.register(customer360Routes, { deps: opts.deps });
};
