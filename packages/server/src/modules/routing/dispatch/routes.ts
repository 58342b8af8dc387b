import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { notBuilt } from '../not-built.ts';
import { DeclineOfferBody, OfferIdParams, OfferListSchema, TakeNextBody } from '../schemas.ts';

const tags = ['Routing: dispatch'];

/** Pull ("take next"), push offers and the supervisor's live view (helper C). */
export const dispatchRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, _opts) => {
  app.post(
    '/routing/take-next',
    { schema: { tags, summary: 'Take the next case from my queues: highest priority, soonest due first', body: TakeNextBody, response: { 200: Type.Ref('TakeNextResult') } } },
    async () => {
      throw notBuilt();
    },
  );
  app.get('/routing/offers', { schema: { tags, summary: 'Cases offered to me, waiting for my answer', response: { 200: OfferListSchema } } }, async () => {
    throw notBuilt();
  });
  app.post('/routing/offers/:id/accept', { schema: { tags, summary: 'Accept a case offered to me', params: OfferIdParams, response: { 200: Type.Ref('RoutingOffer') } } }, async () => {
    throw notBuilt();
  });
  app.post(
    '/routing/offers/:id/decline',
    { schema: { tags, summary: 'Decline an offer; the case goes to the next candidate', params: OfferIdParams, body: DeclineOfferBody, response: { 200: Type.Ref('RoutingOffer') } } },
    async () => {
      throw notBuilt();
    },
  );
  app.get('/routing/live', { schema: { tags, summary: "The supervisor's live view of queues and agents (routing:read)", response: { 200: Type.Ref('RoutingLive') } } }, async () => {
    throw notBuilt();
  });
};
