import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertIntegrationAdmin } from '../access.ts';
import { CreateWebhookBody, IdParams, UpdateWebhookBody, WebhookDeliveryParams, WebhookDeliveryQuery } from '../schemas.ts';
import { webhookEventTypes } from './event-types.ts';
import { createWebhook, deleteWebhook, findWebhookOrThrow, pingWebhook, replayDelivery, rotateSecret, updateWebhook } from './webhook-commands.ts';
import { listDeliveries, listWebhooks, type DeliveryRow, type WebhookRow } from './webhook-store.ts';

const tags = ['Integration: webhooks'];
const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toWebhookView(w: WebhookRow) {
  return {
    ...w,
    secretRotatedAt: w.secretRotatedAt.toISOString(),
    previousSecretValidUntil: iso(w.previousSecretValidUntil),
    stats: { ...w.stats, lastDeliveredAt: iso(w.stats.lastDeliveredAt), lastFailureAt: iso(w.stats.lastFailureAt) },
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

export function toDeliveryView(d: DeliveryRow) {
  return {
    id: d.id,
    webhookId: d.webhookId,
    eventId: d.eventId,
    eventType: d.eventType,
    caseId: d.caseId,
    status: d.status,
    attempts: d.attempts,
    // A leased delivery's next_attempt_at is its lease: only waiting ones have a next attempt.
    nextAttemptAt: d.status === 'pending' || d.status === 'retrying' ? iso(d.nextAttemptAt) : null,
    lastAttemptAt: iso(d.lastAttemptAt),
    responseStatus: d.responseStatus,
    error: d.error,
    durationMs: d.durationMs,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: iso(d.deliveredAt),
    replayOf: d.replayOf,
  };
}

function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the webhook version, e.g. "3"' }] });
  return Number(match[1]);
}

function parseCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d{1,18}$/.test(cursor)) throw httpProblems.validationFailed({ errors: [{ field: 'querystring.cursor', reason: 'must be a nextCursor from an earlier page' }] });
  return Number(cursor);
}

/** Webhook subscriptions, deliveries and replay (helper A); every route needs integration:admin. */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/webhooks/event-types', { schema: { tags, summary: 'Event types a webhook can subscribe to (integration:admin)', response: { 200: Type.Ref('WebhookEventTypes') } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertIntegrationAdmin(ctx);
      return { items: webhookEventTypes() };
    }),
  );

  app.get('/webhooks', { schema: { tags, summary: 'Webhooks (integration:admin)', response: { 200: Type.Ref('WebhookList') } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertIntegrationAdmin(ctx);
      return { items: (await listWebhooks(ctx.tx)).map(toWebhookView) };
    }),
  );

  app.post(
    '/webhooks',
    { schema: { tags, summary: 'Create a webhook; the signing secret is in the answer, once (integration:admin)', body: CreateWebhookBody, response: { 201: Type.Ref('WebhookWithSecret') } } },
    async (request, reply) => {
      const { webhook, secret } = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createWebhook(ctx, request.body));
      return reply
        .code(201)
        .header('location', `/api/v1/webhooks/${webhook.id}`)
        .header('etag', `"${webhook.version}"`)
        .header('cache-control', 'no-store')
        .send({ webhook: toWebhookView(webhook), secret });
    },
  );

  app.get('/webhooks/:id', { schema: { tags, summary: 'One webhook (integration:admin)', params: IdParams, response: { 200: Type.Ref('Webhook') } } }, async (request, reply) => {
    const webhook = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertIntegrationAdmin(ctx);
      return findWebhookOrThrow(ctx, request.params.id);
    });
    return reply.header('etag', `"${webhook.version}"`).send(toWebhookView(webhook));
  });

  app.put(
    '/webhooks/:id',
    { schema: { tags, summary: 'Change a webhook (integration:admin; If-Match)', params: IdParams, headers: IfMatchHeaders, body: UpdateWebhookBody, response: { 200: Type.Ref('Webhook') } } },
    async (request, reply) => {
      const webhook = await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        // Refused first: a caller who may not administer learns nothing from the version check.
        assertIntegrationAdmin(ctx);
        return updateWebhook(ctx, request.params.id, parseIfMatch(request.headers['if-match']), request.body);
      });
      return reply.header('etag', `"${webhook.version}"`).send(toWebhookView(webhook));
    },
  );

  app.delete(
    '/webhooks/:id',
    { schema: { tags, summary: 'Delete a webhook (integration:admin; If-Match)', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        assertIntegrationAdmin(ctx);
        return deleteWebhook(ctx, request.params.id, parseIfMatch(request.headers['if-match']));
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/secret',
    { schema: { tags, summary: 'Rotate the signing secret; the old one still verifies for 24 h (integration:admin)', params: IdParams, response: { 200: Type.Ref('WebhookWithSecret') } } },
    async (request, reply) => {
      const { webhook, secret } = await deps.commands.runCommand(commandMetaOf(request), (ctx) => rotateSecret(ctx, request.params.id));
      return reply
        .header('etag', `"${webhook.version}"`)
        .header('cache-control', 'no-store')
        .send({ webhook: toWebhookView(webhook), secret });
    },
  );

  app.post(
    '/webhooks/:id/ping',
    { schema: { tags, summary: 'Send a webhook.ping delivery (integration:admin)', params: IdParams, response: { 202: Type.Ref('WebhookDelivery') } } },
    async (request, reply) => {
      const delivery = await deps.commands.runCommand(commandMetaOf(request), (ctx) => pingWebhook(ctx, request.params.id));
      return reply.code(202).send(toDeliveryView(delivery));
    },
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
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertIntegrationAdmin(ctx);
        const beforeSeq = parseCursor(request.query.cursor);
        await findWebhookOrThrow(ctx, request.params.id);
        const limit = request.query.limit ?? 50;
        const rows = await listDeliveries(ctx.tx, request.params.id, { status: request.query.status, limit: limit + 1, beforeSeq });
        const page = rows.slice(0, limit);
        return { items: page.map(toDeliveryView), nextCursor: rows.length > limit ? String(page[page.length - 1]!.seq) : null };
      }),
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/replay',
    { schema: { tags, summary: 'Deliver an event again, as a new delivery (integration:admin)', params: WebhookDeliveryParams, response: { 202: Type.Ref('WebhookDelivery') } } },
    async (request, reply) => {
      const delivery = await deps.commands.runCommand(commandMetaOf(request), (ctx) => replayDelivery(ctx, request.params.id, request.params.deliveryId));
      return reply.code(202).send(toDeliveryView(delivery));
    },
  );
};
