import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertAllowed, findSystemActorOrThrow, type SystemActorName } from '../../access/index.ts';
import { assertIntegrationAdmin } from '../access.ts';
import { integrationProblems } from '../problems.ts';
import { CreateIngestSourceBody, DeadLetterParams, IngestMessagesBody, IngestPreviewBody, KeyParams, ListQuery, UpdateIngestSourceBody } from '../schemas.ts';
import { listSourceDeadLetters, replayDeadLetter } from './dead-letters.ts';
import { ingestSourceMessages, type IngestDeps, type SourceMessageResult } from './ingest-messages.ts';
import { compiledMappingOf } from './mapping.ts';
import { createIngestSource, deleteIngestSource, findSourceOrThrow, updateIngestSource } from './source-commands.ts';
import { listSources, type DeadLetterRow, type IngestSourceRow } from './source-store.ts';

const tags = ['Integration: ingestion'];
const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

export function toSourceView(s: IngestSourceRow) {
  return {
    ...s,
    stats: { ...s.stats, lastMessageAt: s.stats.lastMessageAt?.toISOString() ?? null },
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

function toDeadLetterView(d: DeadLetterRow) {
  return { ...d, receivedAt: d.receivedAt.toISOString(), replayedAt: d.replayedAt?.toISOString() ?? null };
}

/** A message's result as the API states it: its index in the request, the case it became or found. */
function toResultView(index: number, r: SourceMessageResult) {
  return {
    index,
    status: r.status,
    ...(r.caseId ? { id: r.caseId } : {}),
    ...(r.number ? { number: r.number } : {}),
    ...(r.errors ? { errors: r.errors } : {}),
    ...(r.deadLetterId ? { deadLetterId: r.deadLetterId } : {}),
  };
}

function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the source version, e.g. "3"' }] });
  return Number(match[1]);
}

/** Ingestion sources, their mapping, dead letters and the http transport (part B). */
export const sourceRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const ingestDeps: IngestDeps = {
    database: deps.database,
    commands: deps.commands,
    clock: deps.clock,
    systemActor: (db, name) => findSystemActorOrThrow(db, name as SystemActorName),
  };

  app.get('/ingest-sources', { schema: { tags, summary: 'Ingestion sources (integration:admin)', response: { 200: Type.Ref('IngestSourceList') } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertIntegrationAdmin(ctx);
      return { items: (await listSources(ctx.tx)).map(toSourceView) };
    }),
  );

  app.post(
    '/ingest-sources',
    { schema: { tags, summary: 'Create an ingestion source (integration:admin)', body: CreateIngestSourceBody, response: { 201: Type.Ref('IngestSource') } } },
    async (request, reply) => {
      const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createIngestSource(ctx, request.body));
      return reply.code(201).header('location', `/api/v1/ingest-sources/${created.key}`).header('etag', `"${created.version}"`).send(toSourceView(created));
    },
  );

  app.get('/ingest-sources/:key', { schema: { tags, summary: 'One ingestion source (integration:admin)', params: KeyParams, response: { 200: Type.Ref('IngestSource') } } }, async (request, reply) => {
    const source = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertIntegrationAdmin(ctx);
      return findSourceOrThrow(ctx, request.params.key);
    });
    return reply.header('etag', `"${source.version}"`).send(toSourceView(source));
  });

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
    async (request, reply) => {
      const updated = await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        // Refused first: a caller who may not change sources learns nothing from the version check.
        assertIntegrationAdmin(ctx);
        return updateIngestSource(ctx, request.params.key, parseIfMatch(request.headers['if-match']), request.body);
      });
      return reply.header('etag', `"${updated.version}"`).send(toSourceView(updated));
    },
  );

  app.delete(
    '/ingest-sources/:key',
    { schema: { tags, summary: 'Delete an ingestion source (integration:admin; If-Match)', params: KeyParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        assertIntegrationAdmin(ctx);
        return deleteIngestSource(ctx, request.params.key, parseIfMatch(request.headers['if-match']));
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/ingest-sources/:key/preview',
    { schema: { tags, summary: 'What a message maps to, without writing (integration:admin)', params: KeyParams, body: IngestPreviewBody, response: { 200: Type.Ref('IngestPreview') } } },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertIntegrationAdmin(ctx);
        const source = await findSourceOrThrow(ctx, request.params.key);
        const mapped = compiledMappingOf(source).map(request.body.message);
        return { externalId: mapped.externalId, input: mapped.input as Record<string, unknown> | null, errors: mapped.errors };
      }),
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
    async (request) => {
      const meta = commandMetaOf(request);
      const source = await deps.commands.inQuery(meta, async (ctx) => {
        assertAllowed(ctx.actor, 'integration:ingest');
        const found = await findSourceOrThrow(ctx, request.params.key);
        if (found.transport !== 'http') {
          throw integrationProblems.sourceNotHttp({ detail: `Source ${found.key} takes its messages from ${found.transport}: publish them there` });
        }
        if (!found.active) throw integrationProblems.sourceInactive({ detail: `Source ${found.key} is switched off` });
        return found;
      });
      const receivedAt = deps.clock.now();
      const results = await ingestSourceMessages(
        ingestDeps,
        source.key,
        request.body.messages.map((body, index) => ({ ref: String(index), body, receivedAt })),
        { source, onBehalfOf: meta.actor.userId, requestId: meta.requestId, clientIp: meta.clientIp },
      );
      const counts: Record<string, number> = { created: 0, updated: 0, duplicate: 0, invalid: 0, refused: 0 };
      for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
      return { results: results.map((r, index) => toResultView(index, r)), counts };
    },
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
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        const page = await listSourceDeadLetters(ctx, request.params.key, request.query.limit ?? 50, request.query.cursor);
        return { items: page.items.map(toDeadLetterView), nextCursor: page.nextCursor };
      }),
  );

  app.post(
    '/ingest-sources/:key/dead-letters/:id/replay',
    { schema: { tags, summary: 'Ingest a dead letter again with the current mapping (integration:admin)', params: DeadLetterParams, response: { 200: Type.Ref('IngestResult') } } },
    async (request) => toResultView(0, await replayDeadLetter(ingestDeps, commandMetaOf(request), request.params.key, request.params.id)),
  );
};
