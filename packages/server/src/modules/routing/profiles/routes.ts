import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { isRoutingReader } from '../queues/routing-access.ts';
import { RoutingProfileListSchema, SaveRoutingProfileBody, SetPresenceBody, UserIdParams } from '../schemas.ts';
import { findAgentViews, readMyRouting, type AgentView, type MyRouting } from './my-routing.ts';
import { profileProblems } from './problems.ts';
import { findPerson, listAgentIds, touchLastSeen } from './profile-store.ts';
import { saveRoutingProfile } from './save-profile.ts';
import { setPresence } from './set-presence.ts';

const tags = ['Routing: agents'];

export function toAgentProfileView(a: AgentView) {
  return { ...a, presenceChangedAt: a.presenceChangedAt.toISOString(), lastSeenAt: a.lastSeenAt?.toISOString() ?? null };
}

const toMyRoutingView = (my: MyRouting) => ({ ...my, profile: toAgentProfileView(my.profile) });

async function findAgentViewOrThrow(ctx: CommandContext, userId: string): Promise<AgentView> {
  if (!(await findPerson(ctx.tx, userId))) throw profileProblems.agentNotFound({ detail: `No person ${userId}` });
  return (await findAgentViews(ctx.tx, [userId]))[0]!;
}

/** Agents' routing profiles, presence and load (helper A). */
export const profileRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/routing/profiles', { schema: { tags, summary: "Every agent's routing profile with load (routing:read)", response: { 200: RoutingProfileListSchema } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      if (!isRoutingReader(ctx)) throw httpProblems.forbidden({ detail: 'None of your roles grants routing:read', action: 'routing:read' });
      return { items: (await findAgentViews(ctx.tx, await listAgentIds(ctx.tx))).map(toAgentProfileView) };
    }),
  );

  app.get(
    '/routing/profiles/:userId',
    { schema: { tags, summary: "An agent's routing profile (routing:read, or one's own)", params: UserIdParams, response: { 200: Type.Ref('RoutingProfile') } } },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        if (request.params.userId !== ctx.actor.userId && !isRoutingReader(ctx)) {
          throw httpProblems.forbidden({ detail: "Another person's routing profile needs routing:read", action: 'routing:read' });
        }
        return toAgentProfileView(await findAgentViewOrThrow(ctx, request.params.userId));
      }),
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
    async (request) =>
      deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        await saveRoutingProfile(ctx, request.params.userId, request.body);
        return toAgentProfileView(await findAgentViewOrThrow(ctx, request.params.userId));
      }),
  );

  app.get('/me/routing', { schema: { tags, summary: 'My presence, capacity, load, queues and pending offers', response: { 200: Type.Ref('MyRouting') } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => toMyRoutingView(await readMyRouting(ctx.tx, ctx.actor.userId))),
  );

  app.put('/me/presence', { schema: { tags, summary: 'Set my presence: available, busy, away, offline', body: SetPresenceBody, response: { 200: Type.Ref('MyRouting') } } }, async (request) =>
    deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
      await setPresence(ctx, ctx.actor.userId, request.body.presence);
      return toMyRoutingView(await readMyRouting(ctx.tx, ctx.actor.userId));
    }),
  );

  app.post('/me/presence/heartbeat', { schema: { tags, summary: 'The console is in use (keeps an available agent from turning away)', response: { 204: Type.Null() } } }, async (request, reply) => {
    // One autocommit UPDATE, no transaction and no audit: every open console sends this every minute or so.
    await deps.commands.inQuery(commandMetaOf(request), (ctx) => touchLastSeen(ctx.tx, ctx.actor.userId, ctx.now));
    return reply.code(204).send(null);
  });
};
