import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { notBuilt } from '../not-built.ts';
import { CaseIdParams, OverrideRoutingBody } from '../schemas.ts';

const tags = ['Routing: decisions'];

/** "Why did this come to me?" and the supervisor's override (helper B). */
export const decisionRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, _opts) => {
  app.get(
    '/cases/:id/routing',
    { schema: { tags, summary: "The case's queue, assignee and every routing decision, explained", params: CaseIdParams, response: { 200: Type.Ref('CaseRouting') } } },
    async () => {
      throw notBuilt();
    },
  );
  app.post(
    '/cases/:id/routing/override',
    {
      schema: {
        tags,
        summary: 'Move the case to another queue or person, with a reason (case:transfer / case:assign; If-Match)',
        params: CaseIdParams,
        body: OverrideRoutingBody,
        response: { 200: Type.Ref('CaseRouting') },
      },
    },
    async () => {
      throw notBuilt();
    },
  );
};
