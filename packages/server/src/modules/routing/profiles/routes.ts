import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { notBuilt } from '../not-built.ts';
import { RoutingProfileListSchema, SaveRoutingProfileBody, SetPresenceBody, UserIdParams } from '../schemas.ts';

const tags = ['Routing: agents'];

/** Agents' routing profiles, presence and load (helper A). */
export const profileRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, _opts) => {
  app.get('/routing/profiles', { schema: { tags, summary: "Every agent's routing profile with load (routing:read)", response: { 200: RoutingProfileListSchema } } }, async () => {
    throw notBuilt();
  });
  app.get(
    '/routing/profiles/:userId',
    { schema: { tags, summary: "An agent's routing profile (routing:read, or one's own)", params: UserIdParams, response: { 200: Type.Ref('RoutingProfile') } } },
    async () => {
      throw notBuilt();
    },
  );
  app.put(
    '/routing/profiles/:userId',
    {
      schema: {
        tags,
        summary: "Change an agent's skills, languages, branches, capacity (routing:admin)",
        params: UserIdParams,
        body: SaveRoutingProfileBody,
        response: { 200: Type.Ref('RoutingProfile') },
      },
    },
    async () => {
      throw notBuilt();
    },
  );
  app.get('/me/routing', { schema: { tags, summary: 'My presence, capacity, load, queues and pending offers', response: { 200: Type.Ref('MyRouting') } } }, async () => {
    throw notBuilt();
  });
  app.put('/me/presence', { schema: { tags, summary: 'Set my presence: available, busy, away, offline', body: SetPresenceBody, response: { 200: Type.Ref('MyRouting') } } }, async () => {
    throw notBuilt();
  });
  app.post('/me/presence/heartbeat', { schema: { tags, summary: 'The console is in use (keeps an available agent from turning away)', response: { 204: Type.Null() } } }, async () => {
    throw notBuilt();
  });
};
