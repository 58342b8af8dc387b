import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { changePassword } from './change-password.ts';
import { IdParams } from './schemas.ts';
import { listMySessions, revokeAllSessionsOfUser, revokeMyOtherSessions, revokeMySession, type AuthMethod, type SessionView } from './sessions.ts';
import { ChangePasswordBody, RevokedCount, SessionView as SessionViewSchema, UserIdParams } from './sign-in-schemas.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';

function toSessionView(session: SessionView) {
  return {
    id: session.id,
    current: session.current,
    authMethod: session.authMethod as AuthMethod,
    clientIp: session.clientIp,
    userAgent: session.userAgent,
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  };
}

/** My sessions, signing out elsewhere, the administrator's revoke-all, and changing my password. */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/auth/sessions', { schema: { tags: ['auth'], summary: 'My live sessions', response: { 200: Type.Object({ items: Type.Array(Type.Ref('Session')) }) } } }, async (request) => ({
    items: (await deps.commands.inQuery(commandMetaOf(request), listMySessions)).map(toSessionView),
  }));

  app.delete('/auth/sessions/:id', { schema: { tags: ['auth'], summary: 'End one of my sessions', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await deps.commands.runCommand(commandMetaOf(request), (ctx) => revokeMySession(ctx, request.params.id));
    return reply.code(204).send(null);
  });

  app.post('/auth/sessions/revoke-others', { schema: { tags: ['auth'], summary: 'End every session of mine except this one', response: { 200: RevokedCount } } }, async (request) => ({
    revoked: await deps.commands.runCommand(commandMetaOf(request), revokeMyOtherSessions),
  }));

  app.delete('/users/:id/sessions', { schema: { tags: ['auth'], summary: 'Administrator: end every session of a user', params: UserIdParams, response: { 200: RevokedCount } } }, async (request) => ({
    revoked: await deps.commands.runCommand(commandMetaOf(request), (ctx) => revokeAllSessionsOfUser(ctx, request.params.id)),
  }));

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my password (needs the current one); ends my other sessions',
        body: ChangePasswordBody,
        response: { 200: Type.Object({ otherSessionsRevoked: Type.Integer() }) },
      },
      config: { rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => changePassword(ctx, request.body)),
  );
};

export const sessionSchemas = [SessionViewSchema];
