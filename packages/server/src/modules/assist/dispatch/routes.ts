import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { dispatchClassifiers } from './classifiers.ts';
import { DispatchRequest } from './schemas.ts';
import { suggestDispatch } from './suggest-dispatch.ts';

const tags = ['Assist: dispatch'];

/** The dispatch part's routes (issue 22). */
export const dispatchRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const classifiers = dispatchClassifiers(deps);
  app.post(
    '/assist/dispatch',
    {
      schema: {
        tags,
        summary: 'The likely case type, queue and skills for a new case told in a text, with the reason and the words each guess came from (assist:use)',
        body: DispatchRequest,
        response: { 200: Type.Ref('AssistDispatchResponse') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => suggestDispatch(ctx, classifiers, request.body)),
  );
};
