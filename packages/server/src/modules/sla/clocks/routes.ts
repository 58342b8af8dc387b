import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import { presentCaseSla } from './case-sla-view.ts';
import { overrideClockDue } from './override-clock.ts';

const tags = ['sla'];
const CaseParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const TargetParams = Type.Object({ id: Type.String({ format: 'uuid' }), key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }) });
const OverrideBody = Type.Object(
  {
    dueAt: Type.String({ format: 'date-time', description: 'The new due time, after now' }),
    reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why; kept in the audit event' }),
  },
  { additionalProperties: false },
);

/** The clocks of one case: `GET /cases/{id}/sla` and a manual override of one clock's due time. */
export const caseSlaRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/cases/:id/sla', { schema: { tags, summary: "The case's SLA clocks, with the server's now for countdowns", params: CaseParams, response: { 200: Type.Ref('CaseSla') } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      await findCaseForActionOrThrow(ctx, request.params.id, 'case:read');
      return presentCaseSla(ctx, request.params.id);
    }),
  );

  app.post(
    '/cases/:id/sla/:key/override',
    {
      schema: {
        tags,
        summary: "Override one SLA clock's due time, with a reason (needs case:assign); a case without a resolution clock gets a manual one",
        params: TargetParams,
        body: OverrideBody,
        response: { 200: Type.Ref('CaseSla') },
      },
    },
    async (request) =>
      deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        await overrideClockDue(ctx, request.params.id, request.params.key, request.body);
        return presentCaseSla(ctx, request.params.id);
      }),
  );
};
