import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import type { ObjectFieldDefinition, ObjectType, Relation } from '../model.ts';
import { archiveObjectType, createObjectType, findObjectTypeOrThrow, listObjectTypes, saveObjectType } from './object-types.ts';
import { createRelation, deleteRelation, listRelations, updateRelation } from './relations.ts';
import { CreateObjectTypeBody, CreateRelationBody, ObjectTypeKeyParams, RelationKeyParams, SaveObjectTypeBody, UpdateRelationBody } from './schemas.ts';
import { listTypeVersions } from './store.ts';

const tags = ['objects'];
const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

/** The version in If-Match ("3", W/"3"); 428 without it. */
export function parseIfMatch(header: string | undefined, required = true): number | undefined {
  if (header === undefined) {
    if (!required) return undefined;
    throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the version you read, e.g. "3"' }] });
  return Number(match[1]);
}

export function toObjectTypeView(type: ObjectType) {
  return {
    id: type.id,
    key: type.key,
    name: { 'zh-CN': type.nameZh, 'en-US': type.nameEn },
    description: type.description,
    numberPrefix: type.numberPrefix,
    displayField: type.displayField,
    role: type.role,
    fields: type.fields,
    layout: type.layout,
    typeVersion: type.typeVersion,
    currentVersion: type.currentVersion,
    archivedAt: type.archivedAt?.toISOString() ?? null,
    createdAt: type.createdAt.toISOString(),
    updatedAt: type.updatedAt.toISOString(),
    version: type.version,
  };
}

export function toRelationView(relation: Relation) {
  return {
    id: relation.id,
    key: relation.key,
    fromType: relation.fromType,
    toType: relation.toType,
    toKind: relation.toKind,
    cardinality: relation.cardinality,
    name: { 'zh-CN': relation.nameZh, 'en-US': relation.nameEn },
    inverseName: { 'zh-CN': relation.inverseNameZh, 'en-US': relation.inverseNameEn },
    createdAt: relation.createdAt.toISOString(),
    updatedAt: relation.updatedAt.toISOString(),
  };
}

/** The types part's routes (issue 21): the object type designer's API and relations. */
export const typesRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/object-types',
    {
      schema: {
        tags,
        summary: 'Object types (archived ones with ?archived=true)',
        querystring: Type.Object({ archived: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('ObjectType')) }) },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), async (ctx) => ({ items: (await listObjectTypes(ctx.tx, request.query.archived ?? false)).map(toObjectTypeView) })),
  );

  app.post(
    '/object-types',
    { schema: { tags, summary: 'Define an object type (needs object-type:admin)', body: CreateObjectTypeBody, response: { 201: Type.Ref('ObjectType') } } },
    async (request, reply) => {
      const { name, fields, ...rest } = request.body;
      const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createObjectType(ctx, { ...rest, name, fields: fields as ObjectFieldDefinition[] }));
      return reply.code(201).header('location', `/api/v1/object-types/${created.key}`).header('etag', `"${created.version}"`).send(toObjectTypeView(created));
    },
  );

  app.get(
    '/object-types/:key',
    { schema: { tags, summary: 'One object type (its current version)', params: ObjectTypeKeyParams, response: { 200: Type.Ref('ObjectType') } } },
    async (request, reply) => {
      const type = await deps.commands.inQuery(commandMetaOf(request), (ctx) => findObjectTypeOrThrow(ctx.tx, request.params.key));
      return reply.header('etag', `"${type.version}"`).send(toObjectTypeView(type));
    },
  );

  app.put(
    '/object-types/:key',
    {
      schema: {
        tags,
        summary: 'Save a new version of an object type (If-Match; records keep the version they were written with)',
        params: ObjectTypeKeyParams,
        headers: IfMatch,
        body: SaveObjectTypeBody,
        response: { 200: Type.Ref('ObjectType') },
      },
    },
    async (request, reply) => {
      const expected = parseIfMatch(request.headers['if-match'])!;
      const { fields, ...rest } = request.body;
      const saved = await deps.commands.runCommand(commandMetaOf(request), (ctx) => saveObjectType(ctx, request.params.key, expected, { ...rest, fields: fields as ObjectFieldDefinition[] }));
      return reply.header('etag', `"${saved.version}"`).send(toObjectTypeView(saved));
    },
  );

  app.post(
    '/object-types/:key/archive',
    { schema: { tags, summary: 'Archive an object type: no new records; existing ones stay readable', params: ObjectTypeKeyParams, response: { 200: Type.Ref('ObjectType') } } },
    async (request) => toObjectTypeView(await deps.commands.runCommand(commandMetaOf(request), (ctx) => archiveObjectType(ctx, request.params.key))),
  );

  app.get(
    '/object-types/:key/versions',
    {
      schema: {
        tags,
        summary: "Every saved version of an object type's fields and layout, newest first",
        params: ObjectTypeKeyParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                version: Type.Integer(),
                displayField: Type.String(),
                fields: Type.Array(Type.Ref('ObjectField')),
                layout: Type.Unknown(),
                createdBy: Type.String({ format: 'uuid' }),
                createdAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
        },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        const type = await findObjectTypeOrThrow(ctx.tx, request.params.key);
        const rows = await listTypeVersions(ctx.tx, type.id);
        return {
          items: rows.map((r) => ({
            version: r.version,
            displayField: r.display_field,
            fields: r.fields as unknown[],
            layout: r.layout,
            createdBy: r.created_by,
            createdAt: (r.created_at as Date).toISOString(),
          })),
        };
      }),
  );

  app.get(
    '/relations',
    {
      schema: {
        tags,
        summary: 'Relations between object types (of one type with ?type=)',
        querystring: Type.Object({ type: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Relation')) }) },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), async (ctx) => ({ items: (await listRelations(ctx.tx, request.query.type)).map(toRelationView) })),
  );

  app.post('/relations', { schema: { tags, summary: 'Define a relation (needs object-type:admin)', body: CreateRelationBody, response: { 201: Type.Ref('Relation') } } }, async (request, reply) => {
    const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createRelation(ctx, request.body));
    return reply.code(201).send(toRelationView(created));
  });

  app.put(
    '/relations/:key',
    { schema: { tags, summary: 'Rename a relation or change its cardinality', params: RelationKeyParams, body: UpdateRelationBody, response: { 200: Type.Ref('Relation') } } },
    async (request) => toRelationView(await deps.commands.runCommand(commandMetaOf(request), (ctx) => updateRelation(ctx, request.params.key, request.body))),
  );

  app.delete(
    '/relations/:key',
    { schema: { tags, summary: 'Delete a relation (its links are no longer listed)', params: RelationKeyParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => deleteRelation(ctx, request.params.key));
      return reply.code(204).send(null);
    },
  );
};
