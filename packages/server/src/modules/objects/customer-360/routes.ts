import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { assertAllowed } from '../../access/index.ts';
import { readCustomerTimeline } from './customer-timeline.ts';
import { readCaseCustomerPanel, readCustomer360 } from './customer-view.ts';
import { CaseIdParams, CustomerIdParams, TimelineQuery } from './schemas.ts';

const tags = ['customers'];

/** The customer-360 part's routes (issue 21): reads only, each section as far as the reader may see. */
export const customer360Routes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/customers/:recordId',
    {
      schema: {
        tags,
        summary: "A customer's 360° view: profile, related records, cases, tasks, SLA outcomes and follow-ups, each as far as the reader may see",
        params: CustomerIdParams,
        response: { 200: Type.Ref('Customer360') },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertAllowed(ctx.actor, 'record:read');
        return readCustomer360(ctx, request.params.recordId);
      }),
  );

  app.get(
    '/customers/:recordId/timeline',
    {
      schema: {
        tags,
        summary: 'Everything about a customer the reader may see, newest first (keyset paged)',
        params: CustomerIdParams,
        querystring: TimelineQuery,
        response: { 200: Type.Ref('CustomerTimeline') },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertAllowed(ctx.actor, 'record:read');
        return readCustomerTimeline(ctx, request.params.recordId, { after: request.query.after, limit: request.query.limit });
      }),
  );

  app.get(
    '/cases/:id/customer',
    {
      schema: {
        tags,
        summary: "The case view's customer panel: tier, tags, open and past cases, products (hasCustomer false when the case has no customer record)",
        params: CaseIdParams,
        response: { 200: Type.Ref('CaseCustomerPanel') },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertAllowed(ctx.actor, 'case:read');
        return readCaseCustomerPanel(ctx, request.params.id);
      }),
  );
};
