import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { readSlaBoard } from './board.ts';
import { readOnTimeReport } from './on-time-report.ts';
import { formatReportCsv } from './report-csv.ts';
import { slaReportProblems } from './problems.ts';
import { BoardQuery, ReportQuery } from './schemas.ts';

const tags = ['sla'];

/** The supervisor's board and the on-time report (sla:read), over the reader's own cases. */
export const slaReportRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/sla/board',
    {
      schema: {
        tags,
        summary: 'Unfinished cases I may read by department and queue, with SLA counts and the cases soonest due (at most 50 a group)',
        querystring: BoardQuery,
        response: { 200: Type.Ref('SlaBoard') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => readSlaBoard(ctx, request.query)),
  );

  app.get(
    '/sla/report',
    {
      schema: {
        tags,
        summary: 'On-time figures of my readable cases by case type, department or queue over a period (default the last 30 days); format=csv for a download',
        querystring: ReportQuery,
        response: { 200: Type.Ref('SlaReport') },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'json';
      if (format !== 'json' && format !== 'csv') throw slaReportProblems.validationFailed({ errors: [{ field: 'format', reason: 'use json or csv' }] });
      const report = await deps.commands.inQuery(commandMetaOf(request), (ctx) => readOnTimeReport(ctx, request.query));
      if (format === 'json') return report;
      const name = `sla-report-${report.groupBy}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv`;
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(formatReportCsv(report));
    },
  );
};
