import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Principal } from '../../platform/http/principal.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import type { AppDeps } from '../../app-deps.ts';
import { createApiToken, listApiTokens, revokeOwnApiToken } from './api-tokens.ts';
import { SESSION_COOKIE } from './authenticate.ts';
import { logout } from './login.ts';
import { ApiTokenView, CreateApiTokenBody, CreatedApiToken, IdParams, Me } from './schemas.ts';
import type { ApiTokenRow } from './store.ts';
import { listDepartmentsForAction } from './people.ts';
import { StringEnum } from '../../platform/http/string-enum.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';

const MAX_TOKEN_LIFETIME_MS = 366 * 24 * 3600 * 1000;

/** Who I am, and which actions my roles grant somewhere (the console shows menus by them). */
export function toMe(principal: Principal) {
  return {
    actions: [...new Set(principal.permissions.map((p) => p.action))].sort(),
    id: principal.userId,
    username: principal.username,
    displayName: principal.displayName,
    departmentId: principal.departmentId,
    roles: principal.roles,
    authenticatedBy: principal.kind,
    scopes: principal.scopes,
  };
}

function toApiTokenView(token: ApiTokenRow) {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

/** Sign-in: the only routes under /api/v1 that need no principal (login itself lives in mfa-routes.ts). */
export const publicAccessRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async () => {};

export const accessRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/me', { schema: { tags: ['auth'], summary: 'Who am I', response: { 200: Type.Ref('Me') } } }, async (request) => toMe(request.principal!));

  // Any signed-in user may ask: the answer is made of their own permissions (filters, the
  // new-case form), while the full tree stays an administrator's (GET /departments).
  app.get(
    '/me/departments',
    {
      schema: {
        tags: ['auth'],
        summary: 'Departments whose cases my roles reach for an action (default case:read), flat in path order',
        querystring: Type.Object({ action: Type.Optional(StringEnum(['case:read', 'case:create', 'case:update', 'case:assign'] as const, { default: 'case:read' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Department')) }) },
      },
    },
    async (request) => ({
      items: await deps.commands.inQuery(commandMetaOf(request), (ctx) => listDepartmentsForAction(ctx.tx, ctx.actor, request.query.action ?? 'case:read')),
    }),
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null() } } }, async (request, reply) => {
    const principal = request.principal!;
    if (principal.kind !== 'session') throw httpProblems.methodNotAllowed({ detail: 'API tokens are revoked, not logged out' });
    await logout(deps.database.db, {
      sessionId: principal.credentialId,
      userId: principal.userId,
      username: principal.username,
      now: deps.clock.now(),
      clientIp: request.ip,
      requestId: request.id,
    });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.post('/auth/api-tokens', { schema: { tags: ['auth'], summary: 'Issue an API token for a system', body: CreateApiTokenBody, response: { 201: CreatedApiToken } } }, async (request, reply) => {
    const expiresAt = new Date(request.body.expiresAt);
    const now = deps.clock.now();
    if (!(expiresAt > now) || expiresAt.getTime() - now.getTime() > MAX_TOKEN_LIFETIME_MS) {
      throw httpProblems.validationFailed({ errors: [{ field: 'expiresAt', reason: 'must be in the future and at most one year ahead' }] });
    }
    const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createApiToken(ctx, { ...request.body, expiresAt }));
    return reply.code(201).send({ ...toApiTokenView(created), token: created.token });
  });

  app.get(
    '/auth/api-tokens',
    { schema: { tags: ['auth'], summary: 'My API tokens (never their secrets)', response: { 200: Type.Object({ items: Type.Array(Type.Ref('ApiToken')) }) } } },
    async (request) => ({ items: (await deps.commands.inQuery(commandMetaOf(request), listApiTokens)).map(toApiTokenView) }),
  );

  app.delete('/auth/api-tokens/:id', { schema: { tags: ['auth'], summary: 'Revoke an API token', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await deps.commands.runCommand(commandMetaOf(request), (ctx) => revokeOwnApiToken(ctx, request.params.id));
    return reply.code(204).send(null);
  });
};

export const accessSchemas = [Me, ApiTokenView];
