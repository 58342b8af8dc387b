import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { AnalyticsFilterQuery } from '../filter.ts';
import { readCockpit } from './cockpit.ts';
import { readDashboard } from './dashboard.ts';
import { drillIntoFigure } from './drill.ts';
import { AnalyticsDrillQuery } from './schemas.ts';

const tags = ['Analytics: dashboards'];

/** The dashboards part's routes (issue 20); registered under /api/v1 by ../routes.ts. */
export const dashboardRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/analytics/dashboard',
    {
      schema: {
        tags,
        summary: 'The dashboard: volume, backlog and its age, on-time rate, first-contact resolution, reopenings, satisfaction, workload (analytics:read; the reader’s cases only)',
        querystring: AnalyticsFilterQuery,
        response: { 200: Type.Ref('AnalyticsDashboard') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => readDashboard(ctx, request.query)),
  );

  app.get(
    '/analytics/cockpit',
    {
      schema: {
        tags,
        summary: '经营驾驶舱: a department (default: the reader’s) and its child departments side by side, with the previous period and alerts (analytics:read)',
        querystring: AnalyticsFilterQuery,
        response: { 200: Type.Ref('AnalyticsCockpit') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => readCockpit(ctx, request.query)),
  );

  app.get(
    '/analytics/drill',
    {
      schema: {
        tags,
        summary: 'The cases behind a dashboard figure, as case list lines, newest first (analytics:read; cursor-paged)',
        querystring: AnalyticsDrillQuery,
        response: { 200: Type.Ref('AnalyticsDrillPage') },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), (ctx) => {
        const { metric, day, ageBucket, assigneeId, teamId, cursor, limit, ...filter } = request.query;
        return drillIntoFigure(ctx, filter, { metric, day, ageBucket, assigneeId, teamId }, { cursor, limit: limit ?? 50 });
      }),
  );
};
