import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { DeclineOfferBody, OfferIdParams, OfferListSchema, TakeNextBody } from '../schemas.ts';
import { acceptOffer, declineOffer } from './answer-offer.ts';
import { readLiveView } from './live-view.ts';
import { listPendingOffersOf, type OfferView } from './offer-store.ts';
import { takeNextCase } from './take-next.ts';

const tags = ['Routing: dispatch'];

function toOfferResponse(offer: OfferView) {
  return {
    id: offer.id,
    caseId: offer.caseId,
    caseNumber: offer.caseNumber,
    caseTitle: offer.caseTitle,
    queue: offer.queue,
    state: offer.state,
    offeredAt: offer.offeredAt.toISOString(),
    expiresAt: offer.expiresAt.toISOString(),
  };
}

/** Pull ("take next"), push offers and the supervisor's live view. */
export const dispatchRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/routing/take-next',
    { schema: { tags, summary: 'Take the next case from my queues: highest priority, soonest due first', body: TakeNextBody, response: { 200: Type.Ref('TakeNextResult') } } },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => takeNextCase(ctx, { queueId: request.body?.queueId })),
  );
  app.get('/routing/offers', { schema: { tags, summary: 'Cases offered to me, waiting for my answer', response: { 200: OfferListSchema } } }, async (request) => ({
    items: (await deps.commands.inQuery(commandMetaOf(request), (ctx) => listPendingOffersOf(ctx.tx, ctx.actor.userId))).map(toOfferResponse),
  }));
  app.post('/routing/offers/:id/accept', { schema: { tags, summary: 'Accept a case offered to me', params: OfferIdParams, response: { 200: Type.Ref('RoutingOffer') } } }, async (request) =>
    toOfferResponse(await deps.commands.runCommand(commandMetaOf(request), (ctx) => acceptOffer(ctx, request.params.id))),
  );
  app.post(
    '/routing/offers/:id/decline',
    { schema: { tags, summary: 'Decline an offer; the case goes to the next candidate', params: OfferIdParams, body: DeclineOfferBody, response: { 200: Type.Ref('RoutingOffer') } } },
    async (request) => toOfferResponse(await deps.commands.runCommand(commandMetaOf(request), (ctx) => declineOffer(ctx, request.params.id, request.body?.reason ?? null))),
  );
  app.get('/routing/live', { schema: { tags, summary: "The supervisor's live view of queues and agents (routing:read)", response: { 200: Type.Ref('RoutingLive') } } }, async (request) => {
    const live = await deps.commands.inQuery(commandMetaOf(request), (ctx) => readLiveView(ctx));
    return {
      now: live.now.toISOString(),
      queues: live.queues.map((q) => ({ ...q, oldestWaitingSince: q.oldestWaitingSince?.toISOString() ?? null })),
      agents: live.agents.map((a) => ({ ...a, presenceChangedAt: a.presenceChangedAt.toISOString() })),
    };
  });
};
