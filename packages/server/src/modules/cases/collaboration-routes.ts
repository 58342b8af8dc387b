import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { readUploadedFile } from '../../platform/http/multipart.ts';
import { contentDisposition, normaliseFileName, servingContentType } from './attachment-files.ts';
import { iso } from './case-view.ts';
import { lookupNames } from '../access/index.ts';
import { addAttachment, addComment, addWatcher, linkCases, listAttachments, listComments, listLinks, listWatchers, readAttachment, removeWatcher, unlinkCases } from './collaboration.ts';
import { AttachmentView, CaseIdParams, CommentBody, CommentView, LinkBody, LinkView } from './schemas.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';

const Uuid = Type.String({ format: 'uuid' });

const items = (ref: string) => Type.Object({ items: Type.Array(Type.Ref(ref)) });

export const collaborationRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/cases/:id/comments',
    { schema: { tags: ['comments'], summary: 'Add an internal note or a public reply', params: CaseIdParams, body: CommentBody, response: { 201: Type.Ref('Comment') } } },
    async (request, reply) => {
      const comment = await deps.commands.runCommand(commandMetaOf(request), (ctx) => addComment(ctx, request.params.id, request.body));
      return reply.code(201).send({ ...iso(comment), authorName: request.principal!.displayName });
    },
  );
  app.get('/cases/:id/comments', { schema: { tags: ['comments'], summary: 'Comments of a case, oldest first', params: CaseIdParams, response: { 200: items('Comment') } } }, async (request) => ({
    items: await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      const comments = await listComments(ctx, request.params.id);
      const names = await lookupNames(
        ctx.tx,
        comments.map((c) => c.authorId),
      );
      return comments.map((c) => ({ ...iso(c), authorName: names.user(c.authorId) }));
    }),
  }));

  app.post(
    '/cases/:id/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Upload a file (multipart/form-data, field "file")',
        params: CaseIdParams,
        consumes: ['multipart/form-data'],
        response: { 201: Type.Ref('Attachment') },
      },
    },
    async (request, reply) => {
      const file = await readUploadedFile(request, { field: 'file', maxBytes: deps.config.attachmentMaxBytes });
      const attachment = await deps.commands.runCommand(commandMetaOf(request), (ctx) => addAttachment(ctx, request.params.id, file));
      return reply.code(201).send({ ...iso(attachment), createdByName: request.principal!.displayName });
    },
  );
  app.get('/cases/:id/attachments', { schema: { tags: ['attachments'], summary: 'Attachments of a case', params: CaseIdParams, response: { 200: items('Attachment') } } }, async (request) => ({
    items: await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      const attachments = await listAttachments(ctx, request.params.id);
      const names = await lookupNames(
        ctx.tx,
        attachments.map((a) => a.createdBy),
      );
      // Names stored before uploads were normalised are shown normalised too (no bidi overrides).
      return attachments.map((a) => ({ ...iso({ ...a, fileName: normaliseFileName(a.fileName, a.contentType) }), createdByName: names.user(a.createdBy) }));
    }),
  }));
  app.get(
    '/cases/:id/attachments/:attachmentId',
    { schema: { tags: ['attachments'], summary: 'Download an attachment', params: Type.Object({ id: Uuid, attachmentId: Uuid }) } },
    async (request, reply) => {
      const found = await deps.commands.inQuery(commandMetaOf(request), (ctx) => readAttachment(ctx, request.params.id, request.params.attachmentId));
      // Always a download, never a page: an inert type or bytes, no sniffing, and a sandbox with
      // no origin should a browser render it anyway. Names stored before normalisation are
      // normalised on the way out too.
      return reply
        .type(servingContentType(found.contentType))
        .header('content-disposition', contentDisposition(normaliseFileName(found.fileName, found.contentType)))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cache-control', 'private, no-store')
        .header('digest', `sha-256=${Buffer.from(found.sha256, 'hex').toString('base64')}`)
        .send(found.content);
    },
  );

  app.post(
    '/cases/:id/links',
    { schema: { tags: ['links'], summary: 'Link this case to another', params: CaseIdParams, body: LinkBody, response: { 201: Type.Ref('CaseLink') } } },
    async (request, reply) => {
      const link = await deps.commands.runCommand(commandMetaOf(request), (ctx) => linkCases(ctx, request.params.id, request.body));
      return reply.code(201).send(iso(link));
    },
  );
  app.get('/cases/:id/links', { schema: { tags: ['links'], summary: 'Links of a case', params: CaseIdParams, response: { 200: items('CaseLink') } } }, async (request) => ({
    items: (await deps.commands.inQuery(commandMetaOf(request), (ctx) => listLinks(ctx, request.params.id))).map(iso),
  }));
  app.delete(
    '/cases/:id/links/:linkId',
    { schema: { tags: ['links'], summary: 'Remove a link', params: Type.Object({ id: Uuid, linkId: Uuid }), response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => unlinkCases(ctx, request.params.id, request.params.linkId));
      return reply.code(204).send(null);
    },
  );

  const WatcherParams = Type.Object({ id: Uuid, userId: Uuid });
  app.get(
    '/cases/:id/watchers',
    {
      schema: {
        tags: ['watchers'],
        summary: 'Who watches a case',
        params: CaseIdParams,
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ userId: Uuid, displayName: Type.Union([Type.String(), Type.Null()]), since: Type.String({ format: 'date-time' }) })) }) },
      },
    },
    async (request) => ({
      items: await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        const watchers = await listWatchers(ctx, request.params.id);
        const names = await lookupNames(
          ctx.tx,
          watchers.map((w) => w.userId),
        );
        return watchers.map((w) => ({ userId: w.userId, displayName: names.user(w.userId), since: w.since.toISOString() }));
      }),
    }),
  );
  app.put('/cases/:id/watchers/:userId', { schema: { tags: ['watchers'], summary: 'Watch a case (idempotent)', params: WatcherParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await deps.commands.runCommand(commandMetaOf(request), (ctx) => addWatcher(ctx, request.params.id, request.params.userId));
    return reply.code(204).send(null);
  });
  app.delete('/cases/:id/watchers/:userId', { schema: { tags: ['watchers'], summary: 'Stop watching a case', params: WatcherParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await deps.commands.runCommand(commandMetaOf(request), (ctx) => removeWatcher(ctx, request.params.id, request.params.userId));
    return reply.code(204).send(null);
  });
};

export const collaborationSchemas = [CommentView, AttachmentView, LinkView];
