import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { assertAllowed } from '../../access/index.ts';
import { inspectCase } from './inspect.ts';
import { listQualityFindings, readCaseQuality, summariseQuality } from './read-quality.ts';
import { QualityCaseParams, QualityListQuery, QualitySummaryQuery } from './schemas.ts';

const tags = ['Assist: quality inspection'];

/** The quality part's routes (issue 22). */
export const qualityRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/cases/:id/quality',
    {
      schema: {
        tags,
        summary: "The case's current quality inspection and its findings (assist:quality and read access to the case)",
        params: QualityCaseParams,
        response: { 200: Type.Ref('AssistCaseQuality') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => readCaseQuality(ctx, request.params.id)),
  );

  app.post(
    '/cases/:id/quality/inspect',
    {
      schema: {
        tags,
        summary: 'Inspect the case again now; the result replaces its current inspection (assist:quality and read access; audited, publishes assist.quality-inspected)',
        params: QualityCaseParams,
        response: { 200: Type.Ref('AssistCaseQuality') },
      },
    },
    async (request) =>
      deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        assertAllowed(ctx.actor, 'assist:quality');
        await inspectCase(ctx, request.params.id, 'manual');
        return readCaseQuality(ctx, request.params.id);
      }),
  );

  app.get(
    '/assist/quality',
    {
      schema: {
        tags,
        summary: 'Cases whose current inspection found something, newest first; only cases the reader may read (assist:quality)',
        querystring: QualityListQuery,
        response: { 200: Type.Ref('AssistQualityList') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => listQualityFindings(ctx, request.query)),
  );

  app.get(
    '/assist/quality/summary',
    {
      schema: {
        tags,
        summary: 'Cases with findings per check per week (Monday, UTC) in a period of at most 366 days (assist:quality)',
        querystring: QualitySummaryQuery,
        response: { 200: Type.Ref('AssistQualitySummary') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => summariseQuality(ctx, request.query)),
  );
};
