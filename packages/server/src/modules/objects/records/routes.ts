import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { parseIfMatch } from '../types/routes.ts';
import { createRecord } from './create-record.ts';
import { linkRecords, listRecordLinks, listRecordsOfCase, unlinkFromEitherSide } from './links.ts';
import { listRecords } from './list-records.ts';
import { findRecordForActionOrThrow } from './record-access.ts';
import { listRecordHistory } from './record-history.ts';
import { presentRecord } from './record-view.ts';
import { CreateRecordBody, LinkBody, ListRecordsQuery, RecordHistoryView, RecordIdParams, TypeKeyParams, UnmaskRecordBody, UpdateRecordBody } from './schemas.ts';
import { unmaskRecordField } from './unmask-record-field.ts';
import { deleteRecord, updateRecord } from './update-record.ts';

const tags = ['objects'];
const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });
const Links = Type.Object({ items: Type.Array(Type.Ref('RecordLink')) });

/** The records part's routes (issue 21). */
export const recordsRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/object-types/:key/records',
    {
      schema: {
        tags,
        summary: "A page of the type's records the reader may read (masked), with search and filters",
        params: TypeKeyParams,
        querystring: ListRecordsQuery,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Record')), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const fields: Record<string, string> = {};
      for (const [name, value] of Object.entries(q as Record<string, unknown>)) if (name.startsWith('field.') && typeof value === 'string') fields[name.slice('field.'.length)] = value;
      return deps.commands.inQuery(commandMetaOf(request), (ctx) =>
        listRecords(ctx, request.params.key, { q: q.q, fields, departmentId: q.department, ownerId: q.owner, tag: q.tag, sort: q.sort, after: q.after, limit: q.limit }),
      );
    },
  );

  app.post(
    '/object-types/:key/records',
    { schema: { tags, summary: 'Create a record', params: TypeKeyParams, body: CreateRecordBody, response: { 201: Type.Ref('Record') } } },
    async (request, reply) => {
      const view = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => presentRecord(ctx, await createRecord(ctx, request.params.key, request.body)));
      return reply.code(201).header('location', `/api/v1/records/${view.id}`).header('etag', `"${view.version}"`).send(view);
    },
  );

  app.get('/records/:id', { schema: { tags, summary: 'One record (masked for the reader)', params: RecordIdParams, response: { 200: Type.Ref('Record') } } }, async (request, reply) => {
    const view = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => presentRecord(ctx, await findRecordForActionOrThrow(ctx, request.params.id, 'record:read')));
    return reply.header('etag', `"${view.version}"`).send(view);
  });

  app.patch(
    '/records/:id',
    { schema: { tags, summary: 'Change a record (If-Match required)', params: RecordIdParams, headers: IfMatch, body: UpdateRecordBody, response: { 200: Type.Ref('Record') } } },
    async (request, reply) => {
      const expected = parseIfMatch(request.headers['if-match'])!;
      const view = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => presentRecord(ctx, await updateRecord(ctx, request.params.id, request.body, expected)));
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.delete(
    '/records/:id',
    { schema: { tags, summary: 'Delete a record (soft; If-Match required)', params: RecordIdParams, headers: IfMatch, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const expected = parseIfMatch(request.headers['if-match'])!;
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => deleteRecord(ctx, request.params.id, expected));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/records/:id/unmask',
    {
      schema: {
        tags,
        summary: 'Reveal one sensitive field of one record, with a reason (audited)',
        params: RecordIdParams,
        body: UnmaskRecordBody,
        response: { 200: Type.Object({ field: Type.String(), value: Type.Unknown() }) },
      },
    },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => unmaskRecordField(ctx, request.params.id, request.body)),
  );

  app.get(
    '/records/:id/links',
    {
      schema: {
        tags,
        summary: 'Records and cases linked to this record, either way (only those the reader may read)',
        params: RecordIdParams,
        querystring: Type.Object(
          { relation: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' })), direction: Type.Optional(Type.Union([Type.Literal('outgoing'), Type.Literal('incoming')])) },
          { additionalProperties: false },
        ),
        response: { 200: Links },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => ({
        items: await listRecordLinks(ctx, request.params.id, { relationKey: request.query.relation, direction: request.query.direction }),
      })),
  );

  app.post(
    '/records/:id/links',
    {
      schema: {
        tags,
        summary: 'Link this record to a record or a case through a relation',
        params: RecordIdParams,
        body: LinkBody,
        response: { 200: Type.Object({ linked: Type.Boolean({ description: 'false: the link was there already' }) }), 201: Type.Object({ linked: Type.Boolean() }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const incoming = body.direction === 'incoming';
      const result = await deps.commands.runCommand(commandMetaOf(request), (ctx) =>
        linkRecords(ctx, {
          relationKey: body.relation,
          fromRecordId: incoming && body.toRecordId ? body.toRecordId : request.params.id,
          toRecordId: incoming ? request.params.id : body.toRecordId,
          toCaseId: incoming ? undefined : body.toCaseId,
        }),
      );
      return reply.code(result.linked ? 201 : 200).send({ linked: result.linked });
    },
  );

  app.delete(
    '/records/:id/links/:relationKey/:targetId',
    {
      schema: {
        tags,
        summary: 'Remove a link between this record and a record or case',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), relationKey: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }), targetId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => unlinkFromEitherSide(ctx, request.params.id, request.params.relationKey, request.params.targetId));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/cases/:id/records',
    { schema: { tags, summary: 'Records linked to a case (only those the reader may read)', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: Links } } },
    async (request) => deps.commands.inQuery(commandMetaOf(request), async (ctx) => ({ items: await listRecordsOfCase(ctx, request.params.id) })),
  );

  app.get(
    '/records/:id/history',
    {
      schema: {
        tags,
        summary: "The record's audit events, masked for the reader",
        params: RecordIdParams,
        querystring: Type.Object(
          { after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: RecordHistoryView },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => listRecordHistory(ctx, request.params.id, request.query.after ?? 0, request.query.limit ?? 100)),
  );
};
