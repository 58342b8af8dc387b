import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertAllowed } from '../../access/index.ts';
import { knowledgeReader } from '../access.ts';
import { DictionaryBody, IdParams, SearchQuery, SynonymSetBody } from '../schemas.ts';
import { readDictionary, setDictionary } from './dictionary.ts';
import type { SynonymSetRow } from './lexicon-store.ts';
import { listSynonymSets } from './lexicon-store.ts';
import { searchArticles } from './search-articles.ts';
import { presentSearchResult } from './search-view.ts';
import { nameLanguageOf } from '../articles/routes.ts';
import { forgetSynonyms } from './synonym-cache.ts';
import { createSynonymSet, deleteSynonymSet, updateSynonymSet } from './synonyms.ts';

const tags = ['Knowledge: search'];
const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the synonym set version, e.g. "3"' }] });
  return Number(match[1]);
}

const toSynonymSetView = (row: SynonymSetRow) => ({ id: row.id, terms: row.terms, version: row.version, updatedAt: row.updatedAt.toISOString() });

/** A query of only spaces is no query: 400 naming q, as an empty one is by the schema. */
export function queryTextOrThrow(q: string): string {
  const text = q.trim();
  if (text === '') throw httpProblems.validationFailed({ errors: [{ field: 'querystring.q', reason: 'must hold a word to search for' }] });
  return text;
}

/** Search, synonyms and the segmenter's dictionary (part B). */
export const searchRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/knowledge/search',
    {
      schema: {
        tags,
        summary: 'Search published articles the reader may read: Chinese and English words, synonyms, close spellings; ranked, highlighted',
        querystring: SearchQuery,
        response: { 200: Type.Ref('KnowledgeSearchResult') },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertAllowed(ctx.actor, 'knowledge:read');
        const q = queryTextOrThrow(request.query.q);
        const reader = await knowledgeReader(ctx.tx, ctx.actor);
        return presentSearchResult(await searchArticles(ctx, reader, { ...request.query, q }), ctx.now, nameLanguageOf(request));
      }),
  );

  app.get('/knowledge/synonyms', { schema: { tags, summary: 'Synonym sets (knowledge:read)', response: { 200: Type.Ref('KnowledgeSynonymSetList') } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertAllowed(ctx.actor, 'knowledge:read');
      return { items: (await listSynonymSets(ctx.tx)).map(toSynonymSetView) };
    }),
  );
  app.post(
    '/knowledge/synonyms',
    { schema: { tags, summary: 'Create a synonym set (knowledge:admin)', body: SynonymSetBody, response: { 201: Type.Ref('KnowledgeSynonymSet') } } },
    async (request, reply) => {
      const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createSynonymSet(ctx, request.body.terms));
      // Again after commit: a search between the command's own forgetting and its commit may have cached the old sets.
      forgetSynonyms();
      return reply.code(201).header('location', `/api/v1/knowledge/synonyms/${created.id}`).header('etag', `"${created.version}"`).send(toSynonymSetView(created));
    },
  );
  app.put(
    '/knowledge/synonyms/:id',
    {
      schema: {
        tags,
        summary: 'Change a synonym set (knowledge:admin; If-Match)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: SynonymSetBody,
        response: { 200: Type.Ref('KnowledgeSynonymSet') },
      },
    },
    async (request, reply) => {
      const updated = await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        assertAllowed(ctx.actor, 'knowledge:admin');
        return updateSynonymSet(ctx, request.params.id, parseIfMatch(request.headers['if-match']), request.body.terms);
      });
      forgetSynonyms();
      return reply.header('etag', `"${updated.version}"`).send(toSynonymSetView(updated));
    },
  );
  app.delete(
    '/knowledge/synonyms/:id',
    { schema: { tags, summary: 'Delete a synonym set (knowledge:admin; If-Match)', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        assertAllowed(ctx.actor, 'knowledge:admin');
        return deleteSynonymSet(ctx, request.params.id, parseIfMatch(request.headers['if-match']));
      });
      forgetSynonyms();
      return reply.code(204).send(null);
    },
  );

  app.get('/knowledge/dictionary', { schema: { tags, summary: 'The bank’s own words for the segmenter (knowledge:admin)', response: { 200: Type.Ref('KnowledgeDictionary') } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), (ctx) => readDictionary(ctx)),
  );
  app.put(
    '/knowledge/dictionary',
    {
      schema: {
        tags,
        summary: 'Replace the bank’s own words; the published articles holding an added word are indexed again in the same transaction (knowledge:admin)',
        body: DictionaryBody,
        response: { 200: Type.Ref('KnowledgeDictionary') },
      },
    },
    async (request) => {
      const { words, shipped } = await deps.commands.runCommand(commandMetaOf(request), (ctx) => setDictionary(ctx, request.body.words));
      return { words, shipped };
    },
  );
};
