import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { toSlaPolicyView } from '../policies/routes.ts';
import { SlaPackParams, SlaPolicyListSchema } from '../policies/schemas.ts';
import { applySlaPack, listSlaPacks } from './apply-pack.ts';

const tags = ['SLA policies'];

export const slaPackRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/sla/packs', { schema: { tags, summary: 'The regulatory SLA packs and whether each is applied (sla:admin)', response: { 200: Type.Array(Type.Ref('SlaPack')) } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), listSlaPacks),
  );

  app.post(
    '/sla/packs/:key/apply',
    { schema: { tags, summary: 'Apply a regulatory pack: create or update its policies, ahead of the others', params: SlaPackParams, response: { 200: SlaPolicyListSchema } } },
    async (request) => ({ items: (await deps.commands.runCommand(commandMetaOf(request), (ctx) => applySlaPack(ctx, request.params.key))).map(toSlaPolicyView) }),
  );
};
