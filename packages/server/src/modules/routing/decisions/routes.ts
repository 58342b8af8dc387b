import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { CaseIdParams, OverrideRoutingBody } from '../schemas.ts';
import { readCaseRouting } from './case-routing-view.ts';
import { overrideCaseRouting } from './override-routing.ts';

const tags = ['Routing: decisions'];

const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The case version you read (ETag); required' })) });

function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the case version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the case version, e.g. "3"' }] });
  return Number(match[1]);
}

/** "Why did this come to me?" and the supervisor's override. */
export const decisionRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/cases/:id/routing',
    { schema: { tags, summary: "The case's queue, assignee and every routing decision, explained", params: CaseIdParams, response: { 200: Type.Ref('CaseRouting') } } },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => readCaseRouting(ctx, request.params.id)),
  );
  app.post(
    '/cases/:id/routing/override',
    {
      schema: {
        tags,
        summary: 'Move the case to another queue or person, with a reason (case:transfer / case:assign; If-Match)',
        params: CaseIdParams,
        headers: IfMatchHeaders,
        body: OverrideRoutingBody,
        response: { 200: Type.Ref('CaseRouting') },
      },
    },
    async (request) => {
      const expectedVersion = parseIfMatch(request.headers['if-match']);
      const { queueId, assigneeId, reason } = request.body;
      return deps.commands.runCommand(commandMetaOf(request), (ctx) =>
        overrideCaseRouting(ctx, request.params.id, { ...(queueId === undefined ? {} : { queueId }), ...(assigneeId === undefined ? {} : { assigneeId }), reason, expectedVersion }),
      );
    },
  );
};
