import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { listModelViews } from './models-view.ts';
import { readAssistReport } from './report.ts';
import { AssistReportQuery } from './schemas.ts';
import { settingsRoutes } from './settings-routes.ts';

const tags = ['Assist: governance'];

/** The governance part's routes (issue 22): the settings part's, the report, the models in use. */
export const governanceRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, opts) => {
  const { deps } = opts;
  await app.register(settingsRoutes, { deps });

  app.get(
    '/assist/report',
    {
      schema: {
        tags,
        summary: 'Suggestions, adoption (accepted / changed / rejected), accuracy and time saved by case type, field and period (assist:report)',
        querystring: AssistReportQuery,
        response: { 200: Type.Ref('AssistReport') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => readAssistReport(ctx, request.query)),
  );

  app.get(
    '/assist/models',
    {
      schema: {
        tags,
        summary: 'The model answering for each label: installed or shipped, its version, classes and metrics (assist:admin or assist:report)',
        response: { 200: Type.Ref('AssistModelList') },
      },
    },
    async (request) => ({ items: await deps.commands.inQuery(commandMetaOf(request), (ctx) => listModelViews(ctx)) }),
  );
};
