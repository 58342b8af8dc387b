import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app-deps.ts';
import { dashboardRoutes } from './dashboards/routes.ts';
import { miningRoutes } from './mining/routes.ts';
import { readModelRoutes } from './read-model/routes.ts';
import { reportPackRoutes } from './report-packs/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { spikeRoutes } from './spikes/routes.ts';

/** Each part of the analytics module registers its own routes file here (all under /api/v1/analytics). */
export const analyticsRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, opts) => {
  await app.register(readModelRoutes, { deps: opts.deps });
  await app.register(dashboardRoutes, { deps: opts.deps });
  await app.register(miningRoutes, { deps: opts.deps });
  await app.register(spikeRoutes, { deps: opts.deps });
  await app.register(reportPackRoutes, { deps: opts.deps });
  await app.register(reportRoutes, { deps: opts.deps });
};
