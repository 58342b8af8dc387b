import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { localeOf } from './field-labels.ts';
import { recordPrefillOutcomes } from './outcomes.ts';
import { prefillCase } from './prefill.ts';
import { PrefillOutcomesRequest, PrefillRequest } from './schemas.ts';

const tags = ['Assist: prefill'];

const PrefillHeaders = Type.Object({
  'accept-language': Type.Optional(Type.String({ maxLength: 200, description: 'The language of the labels of missing fields (zh-CN or en-US)' })),
});

/** The prefill part's routes (issue 22). */
export const prefillRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/assist/prefill',
    {
      schema: {
        tags,
        summary: "Suggested values for a new case from the customer's words, each with its source in the text (assist:use and case:create)",
        headers: PrefillHeaders,
        body: PrefillRequest,
        response: { 200: Type.Ref('AssistPrefillResponse') },
      },
    },
    async (request) => prefillCase(deps, commandMetaOf(request), request.body, localeOf(request.headers['accept-language'])),
  );

  app.post(
    '/assist/prefills/:id/outcomes',
    {
      schema: {
        tags,
        summary: "Record what was done with a prefill's suggestions, once (assist:use; only who asked)",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: PrefillOutcomesRequest,
        response: { 200: Type.Ref('AssistPrefillOutcomes') },
      },
    },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => recordPrefillOutcomes(ctx, request.params.id, request.body)),
  );
};
