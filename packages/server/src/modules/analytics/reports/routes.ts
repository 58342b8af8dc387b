import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { isAllowed, lookupNames } from '../../access/index.ts';
import { createBoard, deleteBoard, findReadableBoardOrThrow, listBoards, updateBoard } from './boards.ts';
import type { ReportDefinition } from './report-definition.ts';
import { exportReport } from './report-export.ts';
import type { ExportFormat, ReportSchedule } from './report-schedule.ts';
import type { BoardRow, ReportRow } from './report-store.ts';
import { describeReportSubjects } from './report-subjects.ts';
import { runReportDefinition } from './run-report.ts';
import { createReport, deleteReport, findReadableReportOrThrow, listReports, updateReport } from './saved-reports.ts';
import { BoardBody, ExportQuery, IfMatchHeaders, ReportBody, ReportIdParams, RunReportBody } from './schemas.ts';

const tags = ['Analytics: reports'];

function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the version you read, e.g. "3"' }] });
  return Number(match[1]);
}

const mayChange = (ctx: CommandContext, row: { ownerId: string }) => row.ownerId === ctx.actor.userId || isAllowed(ctx.actor, 'analytics:admin');

async function presentReports(ctx: CommandContext, rows: ReportRow[]) {
  const names = await lookupNames(
    ctx.tx,
    rows.map((r) => r.ownerId),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    definition: r.definition,
    ownerId: r.ownerId,
    ownerName: names.user(r.ownerId),
    sharedWithRoles: r.sharedWithRoles,
    schedule: r.schedule,
    mayChange: mayChange(ctx, r),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

async function presentBoards(ctx: CommandContext, rows: BoardRow[]) {
  const names = await lookupNames(
    ctx.tx,
    rows.map((r) => r.ownerId),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    tiles: r.tiles,
    ownerId: r.ownerId,
    ownerName: names.user(r.ownerId),
    sharedWithRoles: r.sharedWithRoles,
    mayChange: mayChange(ctx, r),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

type ReportBodyInput = { name: string; description?: string; definition: unknown; sharedWithRoles?: string[]; schedule?: unknown };
const reportInputOf = (body: ReportBodyInput) => ({ ...body, definition: body.definition as ReportDefinition, schedule: (body.schedule ?? null) as ReportSchedule | null });

/** The report designer, saved reports, boards and schedules (part F); under /api/v1 by ../routes.ts. */
export const reportRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/analytics/report-subjects',
    {
      schema: {
        tags,
        summary: 'What reports can be built from: subjects, their dimensions and measures, each marked whether you may use it in clear (analytics:read)',
        response: { 200: Type.Ref('AnalyticsReportSubjects') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), async (ctx) => ({ items: await describeReportSubjects(ctx) })),
  );

  app.post(
    '/analytics/reports/run',
    {
      schema: {
        tags,
        summary: 'Run a report definition (not saved) with your record and field policy (analytics:read); a masked field → 403 analytics-field-not-reportable',
        body: RunReportBody,
        response: { 200: Type.Ref('AnalyticsReportResult') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => runReportDefinition(ctx, request.body.definition as ReportDefinition)),
  );

  app.get(
    '/analytics/reports',
    { schema: { tags, summary: 'Reports you own or that are shared with one of your roles (analytics:read)', response: { 200: Type.Ref('AnalyticsReportList') } } },
    async (request) => deps.commands.inQuery(commandMetaOf(request), async (ctx) => ({ items: await presentReports(ctx, await listReports(ctx)) })),
  );

  app.post(
    '/analytics/reports',
    { schema: { tags, summary: 'Save a report (analytics:design; a schedule also needs analytics:export)', body: ReportBody, response: { 201: Type.Ref('AnalyticsReport') } } },
    async (request, reply) => {
      const view = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => (await presentReports(ctx, [await createReport(ctx, reportInputOf(request.body))]))[0]!);
      return reply.code(201).header('location', `/api/v1/analytics/reports/${view.id}`).header('etag', `"${view.version}"`).send(view);
    },
  );

  app.get('/analytics/reports/:id', { schema: { tags, summary: 'A report you may open', params: ReportIdParams, response: { 200: Type.Ref('AnalyticsReport') } } }, async (request, reply) => {
    const view = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => (await presentReports(ctx, [await findReadableReportOrThrow(ctx, request.params.id)]))[0]!);
    return reply.header('etag', `"${view.version}"`).send(view);
  });

  app.put(
    '/analytics/reports/:id',
    {
      schema: {
        tags,
        summary: 'Change a report (its owner or analytics:admin; If-Match)',
        params: ReportIdParams,
        headers: IfMatchHeaders,
        body: ReportBody,
        response: { 200: Type.Ref('AnalyticsReport') },
      },
    },
    async (request, reply) => {
      const view = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        const version = parseIfMatch(request.headers['if-match']);
        return (await presentReports(ctx, [await updateReport(ctx, request.params.id, version, reportInputOf(request.body))]))[0]!;
      });
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.delete(
    '/analytics/reports/:id',
    { schema: { tags, summary: 'Delete a report (its owner or analytics:admin; If-Match)', params: ReportIdParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => deleteReport(ctx, request.params.id, parseIfMatch(request.headers['if-match'])));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/analytics/reports/:id/result',
    {
      schema: {
        tags,
        summary: 'Run a saved report with YOUR policy (the owner’s view is not shared, only the definition)',
        params: ReportIdParams,
        response: { 200: Type.Ref('AnalyticsReportResult') },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        const report = await findReadableReportOrThrow(ctx, request.params.id);
        return runReportDefinition(ctx, report.definition);
      }),
  );

  app.get(
    '/analytics/reports/:id/export',
    { schema: { tags, summary: 'The report’s result as CSV or XLSX (analytics:export; audited analytics.report-exported)', params: ReportIdParams, querystring: ExportQuery } },
    async (request, reply) => {
      const file = await deps.commands.runCommand(commandMetaOf(request), async (ctx) =>
        exportReport(ctx, await findReadableReportOrThrow(ctx, request.params.id), request.query.format as ExportFormat),
      );
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  app.get(
    '/analytics/boards',
    { schema: { tags, summary: 'Boards you own or that are shared with one of your roles (analytics:read)', response: { 200: Type.Ref('AnalyticsBoardList') } } },
    async (request) => deps.commands.inQuery(commandMetaOf(request), async (ctx) => ({ items: await presentBoards(ctx, await listBoards(ctx)) })),
  );

  app.post('/analytics/boards', { schema: { tags, summary: 'Save a board of reports (analytics:design)', body: BoardBody, response: { 201: Type.Ref('AnalyticsBoard') } } }, async (request, reply) => {
    const view = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => (await presentBoards(ctx, [await createBoard(ctx, request.body)]))[0]!);
    return reply.code(201).header('location', `/api/v1/analytics/boards/${view.id}`).header('etag', `"${view.version}"`).send(view);
  });

  app.get('/analytics/boards/:id', { schema: { tags, summary: 'A board you may open', params: ReportIdParams, response: { 200: Type.Ref('AnalyticsBoard') } } }, async (request, reply) => {
    const view = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => (await presentBoards(ctx, [await findReadableBoardOrThrow(ctx, request.params.id)]))[0]!);
    return reply.header('etag', `"${view.version}"`).send(view);
  });

  app.put(
    '/analytics/boards/:id',
    {
      schema: {
        tags,
        summary: 'Change a board (its owner or analytics:admin; If-Match)',
        params: ReportIdParams,
        headers: IfMatchHeaders,
        body: BoardBody,
        response: { 200: Type.Ref('AnalyticsBoard') },
      },
    },
    async (request, reply) => {
      const view = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        const version = parseIfMatch(request.headers['if-match']);
        return (await presentBoards(ctx, [await updateBoard(ctx, request.params.id, version, request.body)]))[0]!;
      });
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.delete(
    '/analytics/boards/:id',
    { schema: { tags, summary: 'Delete a board (its owner or analytics:admin; If-Match)', params: ReportIdParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => deleteBoard(ctx, request.params.id, parseIfMatch(request.headers['if-match'])));
      return reply.code(204).send(null);
    },
  );
};
