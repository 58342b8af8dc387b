import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { assertAllowed } from '../../access/index.ts';
import { parseIfMatch } from '../if-match.ts';
import { CategoryBody, IdParams } from '../schemas.ts';
import { createCategory, deleteCategory, listReadableCategories, presentCategory, updateCategory } from './category-commands.ts';

const tags = ['Knowledge: categories'];
const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

/** The category tree (knowledge:read) and its administration (knowledge:admin). */
export const categoryRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/knowledge/categories',
    { schema: { tags, summary: 'The category tree, with the articles the reader may read in each', response: { 200: Type.Ref('KnowledgeCategoryList') } } },
    async (request) => ({
      items: await deps.commands.inQuery(commandMetaOf(request), (ctx) => listReadableCategories(ctx)),
    }),
  );

  // A new or changed category's count is not worked out again: the console reloads the tree.
  app.post(
    '/knowledge/categories',
    { schema: { tags, summary: 'Create a category (knowledge:admin)', body: CategoryBody, response: { 201: Type.Ref('KnowledgeCategory') } } },
    async (request, reply) => {
      const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createCategory(ctx, request.body));
      return reply.code(201).header('etag', `"${created.version}"`).send(presentCategory(created, 0));
    },
  );

  app.put(
    '/knowledge/categories/:id',
    { schema: { tags, summary: 'Change a category (knowledge:admin; If-Match)', params: IdParams, headers: IfMatchHeaders, body: CategoryBody, response: { 200: Type.Ref('KnowledgeCategory') } } },
    async (request, reply) => {
      const updated = await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        // Refused first: a caller who may not administer learns nothing from the version check.
        assertAllowed(ctx.actor, 'knowledge:admin');
        return updateCategory(ctx, request.params.id, parseIfMatch(request.headers['if-match']), request.body);
      });
      return reply.header('etag', `"${updated.version}"`).send(presentCategory(updated, 0));
    },
  );

  app.delete(
    '/knowledge/categories/:id',
    { schema: { tags, summary: 'Delete an empty category (knowledge:admin; If-Match)', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        assertAllowed(ctx.actor, 'knowledge:admin');
        return deleteCategory(ctx, request.params.id, parseIfMatch(request.headers['if-match']));
      });
      return reply.code(204).send(null);
    },
  );
};
