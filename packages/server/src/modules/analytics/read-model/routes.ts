import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { assertAllowed } from '../../access/index.ts';
import { rebuildReadModelCommand } from './rebuild-command.ts';
import { readModelStatus } from './status-store.ts';

const tags = ['Analytics: read model'];
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The read-model part's routes (issue 20); registered under /api/v1 by ../routes.ts. */
export const readModelRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/analytics/read-model',
    { schema: { tags, summary: "The read model's lag behind the domain, pending events and fact counts (analytics:admin)", response: { 200: Type.Ref('AnalyticsReadModelStatus') } } },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertAllowed(ctx.actor, 'analytics:admin');
        const s = await readModelStatus(ctx.tx, ctx.now);
        return {
          lagSeconds: s.lagSeconds,
          pendingEvents: s.pendingEvents,
          pendingCapped: s.pendingCapped,
          lastEventAt: iso(s.lastEventAt),
          lastAppliedAt: iso(s.lastAppliedAt),
          rebuiltAt: iso(s.rebuiltAt),
          rebuiltBy: s.rebuiltBy,
          facts: { cases: s.caseFacts, dailyRows: s.dailyRows, tasks: s.taskFacts },
        };
      }),
  );

  app.post(
    '/analytics/read-model/rebuild',
    { schema: { tags, summary: 'Rebuild the read model from the domain tables, in one transaction (analytics:admin; audited)', response: { 200: Type.Ref('AnalyticsReadModelRebuilt') } } },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => rebuildReadModelCommand(ctx)),
  );
};
