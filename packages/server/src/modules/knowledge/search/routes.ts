import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { knowledgeProblems } from '../problems.ts';
import { DictionaryBody, IdParams, SearchQuery, SynonymSetBody } from '../schemas.ts';

const tags = ['Knowledge: search'];
const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

/** Search, synonyms and the segmenter's dictionary (part B). CONTRACT STUBS. */
export const searchRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const query = <T>(request: Parameters<typeof commandMetaOf>[0], fn: () => T) => deps.commands.inQuery(commandMetaOf(request), async () => fn());
  const notFound = () => {
    throw knowledgeProblems.synonymSetNotFound({ detail: 'No such synonym set' });
  };
  app.get('/knowledge/search', { schema: { tags, summary: 'Search published articles the reader may read: Chinese and English words, synonyms, close spellings; ranked, highlighted', querystring: SearchQuery, response: { 200: Type.Ref('KnowledgeSearchResult') } } }, async (request) =>
    query(request, () => ({ query: { terms: [], expanded: [] }, total: 0, items: [] })),
  );
  app.get('/knowledge/synonyms', { schema: { tags, summary: 'Synonym sets (knowledge:read)', response: { 200: Type.Ref('KnowledgeSynonymSetList') } } }, async (request) => query(request, () => ({ items: [] })));
  app.post('/knowledge/synonyms', { schema: { tags, summary: 'Create a synonym set (knowledge:admin)', body: SynonymSetBody, response: { 201: Type.Ref('KnowledgeSynonymSet') } } }, async (request) => query(request, notFound));
  app.put('/knowledge/synonyms/:id', { schema: { tags, summary: 'Change a synonym set (knowledge:admin; If-Match)', params: IdParams, headers: IfMatchHeaders, body: SynonymSetBody, response: { 200: Type.Ref('KnowledgeSynonymSet') } } }, async (request) => query(request, notFound));
  app.delete('/knowledge/synonyms/:id', { schema: { tags, summary: 'Delete a synonym set (knowledge:admin; If-Match)', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } }, async (request) => query(request, notFound));
  app.get('/knowledge/dictionary', { schema: { tags, summary: 'The bank’s own words for the segmenter (knowledge:admin)', response: { 200: Type.Ref('KnowledgeDictionary') } } }, async (request) => query(request, () => ({ words: [], shipped: 0 })));
  app.put('/knowledge/dictionary', { schema: { tags, summary: 'Replace the bank’s own words; published articles are indexed again (knowledge:admin)', body: DictionaryBody, response: { 200: Type.Ref('KnowledgeDictionary') } } }, async (request) => query(request, () => ({ words: [], shipped: 0 })));
};
