import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../app-deps.ts';
import type { CommandMeta } from '../../../platform/commands/index.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems, Problem } from '../../../platform/http/problem.ts';
import { findSystemActorOrThrow } from '../../access/index.ts';
import { assertIntegrationAdmin } from '../access.ts';
import type { PublicFormRow } from './form-store.ts';
import { createPublicForm, deletePublicForm, findPublicFormOrThrow, updatePublicForm } from './public-form-commands.ts';
import { listPublicForms } from './form-store.ts';
import { presentPublicForm } from './public-form-view.ts';
import { findActiveFormOrThrow, submitPublicForm } from './public-submissions.ts';
import { CreatePublicFormBody, PublicFormKeyParams, SubmissionBody, TrackingParams, TrackingReplyBody, UpdatePublicFormBody } from './schemas.ts';
import { readTracking, replyOnTracking } from './tracking.ts';

const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });
/** A form submission is a few fields of text; anything larger is not a customer typing. */
export const SUBMISSION_BODY_LIMIT = 32 * 1024;

function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the form version, e.g. "3"' }] });
  return Number(match[1]);
}

export function toPublicFormView(f: PublicFormRow) {
  const { id: _id, ...rest } = f;
  return { ...rest, createdAt: f.createdAt.toISOString(), updatedAt: f.updatedAt.toISOString() };
}

/** Public forms administered with integration:admin (part E). */
export const publicFormAdminRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const tags = ['Integration: public forms'];
  app.get('/public-forms', { schema: { tags, summary: 'Public web forms (integration:admin)', response: { 200: Type.Ref('PublicFormList') } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertIntegrationAdmin(ctx);
      return { items: (await listPublicForms(ctx.tx)).map(toPublicFormView) };
    }),
  );
  app.post(
    '/public-forms',
    { schema: { tags, summary: 'Create a public web form (integration:admin)', body: CreatePublicFormBody, response: { 201: Type.Ref('PublicForm') } } },
    async (request, reply) => {
      const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createPublicForm(ctx, request.body));
      return reply.code(201).header('location', `/api/v1/public-forms/${created.key}`).header('etag', `"${created.version}"`).send(toPublicFormView(created));
    },
  );
  app.get(
    '/public-forms/:key',
    { schema: { tags, summary: 'One public web form (integration:admin)', params: PublicFormKeyParams, response: { 200: Type.Ref('PublicForm') } } },
    async (request, reply) => {
      const form = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertIntegrationAdmin(ctx);
        return findPublicFormOrThrow(ctx, request.params.key);
      });
      return reply.header('etag', `"${form.version}"`).send(toPublicFormView(form));
    },
  );
  app.put(
    '/public-forms/:key',
    {
      schema: {
        tags,
        summary: 'Change a public web form (integration:admin; If-Match)',
        params: PublicFormKeyParams,
        headers: IfMatchHeaders,
        body: UpdatePublicFormBody,
        response: { 200: Type.Ref('PublicForm') },
      },
    },
    async (request, reply) => {
      const updated = await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        // Refused first: a person who may not change forms learns nothing from the version check.
        assertIntegrationAdmin(ctx);
        return updatePublicForm(ctx, request.params.key, parseIfMatch(request.headers['if-match']), request.body);
      });
      return reply.header('etag', `"${updated.version}"`).send(toPublicFormView(updated));
    },
  );
  app.delete(
    '/public-forms/:key',
    { schema: { tags, summary: 'Delete a public web form (integration:admin; If-Match)', params: PublicFormKeyParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        assertIntegrationAdmin(ctx);
        return deletePublicForm(ctx, request.params.key, parseIfMatch(request.headers['if-match']));
      });
      return reply.code(204).send(null);
    },
  );
};

/** The customer's side, no sign-in: every request acts as system:ingest:web-form, the client address audited. */
export const publicFormRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const tags = ['Public web form'];
  const perHour = deps.config.publicFormRatePerHour;
  const metaOf = async (request: FastifyRequest): Promise<CommandMeta> => ({
    actor: await findSystemActorOrThrow(deps.database.db, 'system:ingest:web-form'),
    channel: 'web-form',
    requestId: request.id,
    clientIp: request.ip ?? null,
  });
  // A refused submission over the hourly limit tells the client when to come back.
  const withRetryAfter = async <T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof Problem && typeof error.extensions.retryAfterSeconds === 'number') reply.header('retry-after', String(error.extensions.retryAfterSeconds));
      throw error;
    }
  };

  app.get(
    '/public/forms/:key',
    { schema: { tags, summary: 'A public web form to fill, with its form token (no sign-in)', params: PublicFormKeyParams, response: { 200: Type.Ref('PublicFormView') } } },
    async (request, reply) => {
      const view = await deps.commands.inQuery(await metaOf(request), async (ctx) => presentPublicForm(ctx, await findActiveFormOrThrow(ctx, request.params.key)));
      return reply.header('cache-control', 'no-store').send(view);
    },
  );
  app.post(
    '/public/forms/:key/submissions',
    {
      bodyLimit: SUBMISSION_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Submit a public web form: opens a case and answers with a tracking link (no sign-in; rate-limited per address)',
        params: PublicFormKeyParams,
        body: SubmissionBody,
        response: { 201: Type.Ref('PublicSubmissionResult'), 200: Type.Ref('PublicSubmissionResult') },
      },
    },
    async (request, reply) => {
      const result = await withRetryAfter(reply, async () => deps.commands.runCommand(await metaOf(request), (ctx) => submitPublicForm(ctx, request.params.key, request.body, perHour)));
      return reply
        .code(result.duplicate ? 200 : 201)
        .header('cache-control', 'no-store')
        .send(result);
    },
  );
  app.get(
    '/public/track/:token',
    { schema: { tags, summary: "A case's tracking page: status and the public conversation (no sign-in)", params: TrackingParams, response: { 200: Type.Ref('PublicTracking') } } },
    async (request, reply) => {
      const view = await deps.commands.inQuery(await metaOf(request), (ctx) => readTracking(ctx, request.params.token));
      return reply.header('cache-control', 'no-store').send(view);
    },
  );
  app.post(
    '/public/track/:token/replies',
    {
      bodyLimit: SUBMISSION_BODY_LIMIT,
      schema: {
        tags,
        summary: "The customer's reply on the tracking page (no sign-in; rate-limited per address)",
        params: TrackingParams,
        body: TrackingReplyBody,
        response: { 201: Type.Ref('PublicTrackingReply') },
      },
    },
    async (request, reply) => {
      const result = await withRetryAfter(reply, async () => deps.commands.runCommand(await metaOf(request), (ctx) => replyOnTracking(ctx, request.params.token, request.body.body, perHour)));
      return reply.code(201).send(result);
    },
  );
};
