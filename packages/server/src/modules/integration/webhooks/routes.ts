import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { assertIntegrationAdmin } from '../access.ts';
import { integrationProblems } from '../problems.ts';
import { CreateWebhookBody, IdParams, UpdateWebhookBody, WebhookDeliveryParams, WebhookDeliveryQuery } from '../schemas.ts';

const tags = ['Integration: webhooks'];
const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

/** Webhook subscriptions, deliveries and replay (helper A). CONTRACT STUBS: replaced by the webhooks part. */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const admin = <T>(request: Parameters<typeof commandMetaOf>[0], fn: () => T) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertIntegrationAdmin(ctx);
      return fn();
    });
  const notFound = () => {
    throw integrationProblems.webhookNotFound({ detail: 'No such webhook' });
  };

  app.get('/webhooks/event-types', { schema: { tags, summary: 'Event types a webhook can subscribe to (integration:admin)', response: { 200: Type.Ref('WebhookEventTypes') } } }, async (request) =>
    admin(request, () => ({ items: [] })),
  );
  app.get('/webhooks', { schema: { tags, summary: 'Webhooks (integration:admin)', response: { 200: Type.Ref('WebhookList') } } }, async (request) => admin(request, () => ({ items: [] })));
  app.post(
    '/webhooks',
    { schema: { tags, summary: 'Create a webhook; the signing secret is in the answer, once (integration:admin)', body: CreateWebhookBody, response: { 201: Type.Ref('WebhookWithSecret') } } },
    async (request) => admin(request, notFound),
  );
  app.get('/webhooks/:id', { schema: { tags, summary: 'One webhook (integration:admin)', params: IdParams, response: { 200: Type.Ref('Webhook') } } }, async (request) => admin(request, notFound));
  app.put(
    '/webhooks/:id',
    { schema: { tags, summary: 'Change a webhook (integration:admin; If-Match)', params: IdParams, headers: IfMatchHeaders, body: UpdateWebhookBody, response: { 200: Type.Ref('Webhook') } } },
    async (request) => admin(request, notFound),
  );
  app.delete(
    '/webhooks/:id',
    { schema: { tags, summary: 'Delete a webhook (integration:admin; If-Match)', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } },
    async (request) => admin(request, notFound),
  );
  app.post(
    '/webhooks/:id/secret',
    { schema: { tags, summary: 'Rotate the signing secret; the old one still verifies for 24 h (integration:admin)', params: IdParams, response: { 200: Type.Ref('WebhookWithSecret') } } },
    async (request) => admin(request, notFound),
  );
  app.post('/webhooks/:id/ping', { schema: { tags, summary: 'Send a webhook.ping delivery (integration:admin)', params: IdParams, response: { 202: Type.Ref('WebhookDelivery') } } }, async (request) =>
    admin(request, notFound),
  );
  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'Delivery log, newest first; status=dead is the dead-letter list (integration:admin)',
        params: IdParams,
        querystring: WebhookDeliveryQuery,
        response: { 200: Type.Ref('WebhookDeliveryList') },
      },
    },
    async (request) => admin(request, notFound),
  );
  app.post(
    '/webhooks/:id/deliveries/:deliveryId/replay',
    { schema: { tags, summary: 'Deliver an event again, as a new delivery (integration:admin)', params: WebhookDeliveryParams, response: { 202: Type.Ref('WebhookDelivery') } } },
    async (request) => admin(request, notFound),
  );
};
