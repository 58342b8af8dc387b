import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { createCaseType, findCaseTypeOrThrow, listCaseTypes, listVersionsOfCaseType, saveCaseTypeVersion } from './case-types.ts';
import { toCaseTypeView } from './case-view.ts';
import type { FormSchema } from './form-schema.ts';
import { CaseLifecycleView, CaseTypeView, CreateCaseTypeBody, SaveCaseTypeBody } from './schemas.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';

const KeyParams = Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$' }) });
const tags = ['case types'];

export const caseTypeRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post('/case-types', { schema: { tags, summary: 'Create a case type (version 1)', body: CreateCaseTypeBody, response: { 201: Type.Ref('CaseType') } } }, async (request, reply) => {
    const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createCaseType(ctx, { ...request.body, schema: request.body.schema as FormSchema }));
    return reply.code(201).header('location', `/api/v1/case-types/${created.key}`).send(toCaseTypeView(created));
  });

  app.get('/case-types', { schema: { tags, summary: 'Case types at their current version', response: { 200: Type.Object({ items: Type.Array(Type.Ref('CaseType')) }) } } }, async (request) => ({
    items: (await deps.commands.inQuery(commandMetaOf(request), listCaseTypes)).map(toCaseTypeView),
  }));

  app.get('/case-types/:key', { schema: { tags, summary: 'One case type at its current version', params: KeyParams, response: { 200: Type.Ref('CaseType') } } }, async (request) =>
    toCaseTypeView(await deps.commands.inQuery(commandMetaOf(request), (ctx) => findCaseTypeOrThrow(ctx, request.params.key))),
  );

  app.put('/case-types/:key', { schema: { tags, summary: 'Save a new version of a case type', params: KeyParams, body: SaveCaseTypeBody, response: { 200: Type.Ref('CaseType') } } }, async (request) =>
    toCaseTypeView(await deps.commands.runCommand(commandMetaOf(request), (ctx) => saveCaseTypeVersion(ctx, request.params.key, { ...request.body, schema: request.body.schema as FormSchema }))),
  );

  app.get(
    '/case-types/:key/versions',
    { schema: { tags, summary: 'Every version of a case type, newest first', params: KeyParams, response: { 200: Type.Object({ items: Type.Array(Type.Ref('CaseType')) }) } } },
    async (request) => ({
      items: (await deps.commands.inQuery(commandMetaOf(request), (ctx) => listVersionsOfCaseType(ctx, request.params.key))).map(toCaseTypeView),
    }),
  );

  app.get(
    '/case-types/:key/versions/:version',
    {
      schema: {
        tags,
        summary: 'One version of a case type',
        params: Type.Object({ key: KeyParams.properties.key, version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }),
        response: { 200: Type.Ref('CaseType') },
      },
    },
    async (request) => toCaseTypeView(await deps.commands.inQuery(commandMetaOf(request), (ctx) => findCaseTypeOrThrow(ctx, request.params.key, request.params.version))),
  );
};

export const caseTypeSchemas = [CaseLifecycleView, CaseTypeView];
