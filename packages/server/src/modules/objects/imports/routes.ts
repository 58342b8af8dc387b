import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { presentRecord } from '../records/record-view.ts';
import { readImportForm } from './import-form.ts';
import { fetchFromSource, findLookupConnectorOfTypeOrThrow, planLookup, saveLookupConnectorOfType, upsertLookedUpRecord } from './lookup-connector.ts';
import { findImportForReaderOrThrow, formatImportErrorsCsv, listImports, presentImport, runImport } from './run-import.ts';
import { ExternalIdParams, ImportIdParams, LookupConnectorBody, TypeKeyParams, UpsertRecordBody } from './schemas.ts';
import { upsertRecordByExternalId } from './upsert-record.ts';

const tags = ['Objects: imports and sources'];

const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ pattern: '^(W/)?"?[0-9]{1,9}"?$', description: 'The connector version you read (ETag)' })) });
const versionOf = (ifMatch: string | undefined) => (ifMatch === undefined ? undefined : Number(ifMatch.replace(/\D/g, '')));

/** CSV/XLSX imports, the upsert by external id and the lookup connector (issue 21, part B). */
export const importsRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/object-types/:key/imports',
    {
      schema: {
        tags,
        summary: 'Import records from a CSV (UTF-8 or GB18030) or XLSX file: preview, all-or-nothing or valid rows (record:import)',
        description:
          'multipart/form-data: `file` (.csv or .xlsx; first row the headers), `mode` all-or-nothing | valid-rows, `action` insert | upsert (by the externalId column), `preview` true | false, `mapping` (JSON: header → field key; by default a header matches a field key or label). The report names each refused row (the header is row 1), field and reason, never a value.',
        params: TypeKeyParams,
        consumes: ['multipart/form-data'],
        response: { 200: Type.Ref('ObjectImportReport') },
      },
    },
    async (request) => {
      const form = await readImportForm(request, deps.config.attachmentMaxBytes);
      return deps.commands.runCommand(commandMetaOf(request), (ctx) => runImport(ctx, request.params.key, form));
    },
  );

  app.get(
    '/object-types/:key/imports',
    {
      schema: {
        tags,
        summary: 'The object type’s imports, newest first: yours, or all with record:import on every department',
        params: TypeKeyParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
        response: { 200: Type.Ref('ObjectImportList') },
      },
    },
    async (request) => ({ items: await deps.commands.inQuery(commandMetaOf(request), (ctx) => listImports(ctx, request.params.key, request.query.limit ?? 50)) }),
  );

  app.get(
    '/imports/:id',
    { schema: { tags, summary: 'An import’s report', params: ImportIdParams, response: { 200: Type.Ref('ObjectImportReport') } } },
    async (request) => presentImport(await deps.commands.inQuery(commandMetaOf(request), (ctx) => findImportForReaderOrThrow(ctx, request.params.id))),
  );

  app.get('/imports/:id/errors.csv', { schema: { tags, summary: 'An import’s error report as CSV: row, field, reason (never a value)', params: ImportIdParams } }, async (request, reply) => {
    const found = await deps.commands.inQuery(commandMetaOf(request), (ctx) => findImportForReaderOrThrow(ctx, request.params.id));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="import-${found.id}-errors.csv"`)
      .header('x-content-type-options', 'nosniff')
      .send(formatImportErrorsCsv(found));
  });

  app.put(
    '/object-types/:key/records/by-external-id/:externalId',
    {
      schema: {
        tags,
        summary: 'Create or change the record an outside system (CRM, core banking) knows by this id (record:import, or record:create / record:update)',
        description: 'The fields sent are validated as POST /object-types/{key}/records validates them; fields not sent stay as they are. 201 when created, 200 when changed or unchanged.',
        params: ExternalIdParams,
        body: UpsertRecordBody,
        response: { 200: Type.Ref('Record'), 201: Type.Ref('Record') },
      },
    },
    async (request, reply) => {
      const { created, view } = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        const outcome = await upsertRecordByExternalId(ctx, request.params.key, request.params.externalId, request.body);
        return { created: outcome.created, view: await presentRecord(ctx, outcome.record) };
      });
      return reply
        .code(created ? 201 : 200)
        .header('location', `/api/v1/records/${view.id}`)
        .header('etag', `"${view.version}"`)
        .send(view);
    },
  );

  app.get(
    '/object-types/:key/lookup-connector',
    { schema: { tags, summary: 'The object type’s lookup connector (object-type:admin); the header secret is never shown', params: TypeKeyParams, response: { 200: Type.Ref('ObjectLookupConnector') } } },
    async (request, reply) => {
      const view = await deps.commands.inQuery(commandMetaOf(request), (ctx) => findLookupConnectorOfTypeOrThrow(ctx, request.params.key));
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.put(
    '/object-types/:key/lookup-connector',
    {
      schema: {
        tags,
        summary: 'Configure how a record of this type is fetched from its source system by external id (object-type:admin)',
        params: TypeKeyParams,
        headers: IfMatchHeaders,
        body: LookupConnectorBody,
        response: { 200: Type.Ref('ObjectLookupConnector') },
      },
    },
    async (request, reply) => {
      const view = await deps.commands.runCommand(commandMetaOf(request), (ctx) => saveLookupConnectorOfType(ctx, request.params.key, request.body, versionOf(request.headers['if-match'])));
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.get(
    '/object-types/:key/lookup/:externalId',
    {
      schema: {
        tags,
        summary: 'Fetch the record from its source system by external id, upsert it and answer it masked (record:read and record:import or record:update)',
        description: 'A source system that fails, times out or answers something unusable → 502 lookup-source-failed; a record it has not → 404 lookup-record-not-found; a record with invalid values → 502 lookup-source-invalid. Nothing is changed in those cases.',
        params: ExternalIdParams,
        response: { 200: Type.Ref('Record') },
      },
    },
    async (request, reply) => {
      const meta = commandMetaOf(request);
      const { key, externalId } = request.params;
      // The source is asked outside any transaction: a slow CRM must not hold a connection and locks.
      const plan = await deps.commands.inQuery(meta, (ctx) => planLookup(ctx, key, externalId));
      const input = await fetchFromSource(plan, externalId);
      const view = await deps.commands.runCommand(meta, async (ctx) => presentRecord(ctx, (await upsertLookedUpRecord(ctx, key, externalId, input, plan)).record));
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );
};
