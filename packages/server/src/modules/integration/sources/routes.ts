import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { assertAllowed } from '../../access/index.ts';
import { assertIntegrationAdmin } from '../access.ts';
import { integrationProblems } from '../problems.ts';
import { CreateIngestSourceBody, DeadLetterParams, IngestMessagesBody, IngestPreviewBody, KeyParams, ListQuery, UpdateIngestSourceBody } from '../schemas.ts';

const tags = ['Integration: ingestion'];
const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

/** Ingestion sources, their mapping, dead letters and the http transport (helper B). CONTRACT STUBS: replaced by the sources part. */
export const sourceRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const admin = <T>(request: Parameters<typeof commandMetaOf>[0], fn: () => T) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertIntegrationAdmin(ctx);
      return fn();
    });
  const notFound = () => {
    throw integrationProblems.sourceNotFound({ detail: 'No such ingestion source' });
  };

  app.get('/ingest-sources', { schema: { tags, summary: 'Ingestion sources (integration:admin)', response: { 200: Type.Ref('IngestSourceList') } } }, async (request) =>
    admin(request, () => ({ items: [] })),
  );
  app.post(
    '/ingest-sources',
    { schema: { tags, summary: 'Create an ingestion source (integration:admin)', body: CreateIngestSourceBody, response: { 201: Type.Ref('IngestSource') } } },
    async (request) => admin(request, notFound),
  );
  app.get('/ingest-sources/:key', { schema: { tags, summary: 'One ingestion source (integration:admin)', params: KeyParams, response: { 200: Type.Ref('IngestSource') } } }, async (request) =>
    admin(request, notFound),
  );
  app.put(
    '/ingest-sources/:key',
    {
      schema: {
        tags,
        summary: 'Change an ingestion source (integration:admin; If-Match)',
        params: KeyParams,
        headers: IfMatchHeaders,
        body: UpdateIngestSourceBody,
        response: { 200: Type.Ref('IngestSource') },
      },
    },
    async (request) => admin(request, notFound),
  );
  app.delete(
    '/ingest-sources/:key',
    { schema: { tags, summary: 'Delete an ingestion source (integration:admin; If-Match)', params: KeyParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } },
    async (request) => admin(request, notFound),
  );
  app.post(
    '/ingest-sources/:key/preview',
    { schema: { tags, summary: 'What a message maps to, without writing (integration:admin)', params: KeyParams, body: IngestPreviewBody, response: { 200: Type.Ref('IngestPreview') } } },
    async (request) => admin(request, notFound),
  );
  app.post(
    '/ingest-sources/:key/messages',
    {
      schema: {
        tags,
        summary: "Messages of an http source, ingested as the source's system actor (integration:ingest)",
        params: KeyParams,
        body: IngestMessagesBody,
        response: { 200: Type.Ref('IngestMessagesResult') },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertAllowed(ctx.actor, 'integration:ingest');
        return notFound();
      }),
  );
  app.get(
    '/ingest-sources/:key/dead-letters',
    {
      schema: {
        tags,
        summary: 'Messages that could not become cases, newest first (integration:admin)',
        params: KeyParams,
        querystring: ListQuery,
        response: { 200: Type.Ref('IngestDeadLetterList') },
      },
    },
    async (request) => admin(request, notFound),
  );
  app.post(
    '/ingest-sources/:key/dead-letters/:id/replay',
    { schema: { tags, summary: 'Ingest a dead letter again with the current mapping (integration:admin)', params: DeadLetterParams, response: { 200: Type.Ref('IngestResult') } } },
    async (request) => admin(request, notFound),
  );
};
