import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { assertAllowed } from '../../access/index.ts';
import { eventLogStream, startEventLogExport } from './event-log-export.ts';
import { listDeployedProcesses } from './mining-store.ts';
import { analyseProcess } from './process-mining.ts';
import { EventLogQuery, MiningQuery } from './schemas.ts';

const tags = ['Analytics: process mining'];

/** The mining part's routes (issue 20); registered under /api/v1 by ../routes.ts. */
export const miningRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/analytics/processes',
    { schema: { tags, summary: 'The deployed processes one may analyse, with their versions (analytics:read)', response: { 200: Type.Ref('AnalyticsMinedProcessList') } } },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertAllowed(ctx.actor, 'analytics:read');
        return { items: await listDeployedProcesses(ctx.tx) };
      }),
  );

  app.get(
    '/analytics/process-mining',
    {
      schema: {
        tags,
        summary:
          'Where a process’s instances wait, hand over, loop and depart from the model: steps with waiting/working p50/p90, the directly-follows map, variants, conformance (analytics:read; only instances whose case you may read)',
        querystring: MiningQuery,
        response: { 200: Type.Ref('AnalyticsProcessMining') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => analyseProcess(ctx, request.query)),
  );

  app.get(
    '/analytics/event-log',
    {
      schema: {
        tags,
        summary: 'The process’s event log for outside tools, streamed: XES (IEEE 1849-2016) or CSV; org:resource is a user id, never a name (analytics:export; audited)',
        querystring: EventLogQuery,
        response: {
          200: {
            description: 'The event log; one trace (XES) or a run of lines (CSV) per process instance',
            content: {
              'application/xml': { schema: Type.String() },
              'text/csv': { schema: Type.String() },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const meta = commandMetaOf(request);
      const prepared = await deps.commands.runCommand(meta, (ctx) => startEventLogExport(ctx, request.query));
      const { format } = request.query;
      const fileName = `event-log-${prepared.processKey.replace(/[^A-Za-z0-9_.-]/g, '_')}-${prepared.selection.scope.from}-${prepared.selection.scope.to}.${format}`;
      return (
        reply
          .type(format === 'xes' ? 'application/xml; charset=utf-8' : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .header('x-docket-instances', String(prepared.instances))
          // The schema documents the body as text; what is sent is that text as a stream.
          .send(eventLogStream(deps.commands, meta, prepared, format) as unknown as string)
      );
    },
  );
};
