import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import type { SlaPolicyDefinition } from '../model.ts';
import { createSlaPolicy } from './create-policy.ts';
import { assertSlaPolicyReader } from './policy-access.ts';
import { slaPolicyProblems } from './problems.ts';
import { reorderSlaPolicies } from './reorder-policies.ts';
import { findSlaPolicyOrThrow, saveSlaPolicyVersion } from './save-policy-version.ts';
import { CreateSlaPolicyBody, MatchSlaPolicyBody, ReorderSlaPoliciesBody, SaveSlaPolicyBody, SlaPolicyIdParams, SlaPolicyListSchema } from './schemas.ts';
import { listSlaPolicies, listSlaPolicyVersions, type SlaPolicyRow, type SlaPolicyVersionRow } from './store.ts';
import { testSlaPolicyMatch } from './test-policy-match.ts';

const tags = ['SLA policies'];

export function toSlaPolicyView(p: SlaPolicyRow) {
  return {
    id: p.id,
    key: p.key,
    name: p.name,
    position: p.position,
    enabled: p.enabled,
    pack: p.pack,
    currentVersion: p.currentVersion,
    effectiveFrom: p.effectiveFrom.toISOString(),
    definition: p.definition,
    updatedAt: p.updatedAt.toISOString(),
  };
}

function toVersionView(v: SlaPolicyVersionRow) {
  return { version: v.version, effectiveFrom: v.effectiveFrom.toISOString(), reason: v.reason, createdAt: v.createdAt.toISOString(), createdByName: v.createdByName };
}

export const slaPolicyRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/sla/policies', { schema: { tags, summary: 'SLA policies in match order (sla:read or sla:admin)', response: { 200: SlaPolicyListSchema } } }, async (request) => ({
    items: (
      await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertSlaPolicyReader(ctx);
        return listSlaPolicies(ctx.tx);
      })
    ).map(toSlaPolicyView),
  }));

  app.post('/sla/policies', { schema: { tags, summary: 'Create an SLA policy (version 1)', body: CreateSlaPolicyBody, response: { 201: Type.Ref('SlaPolicy') } } }, async (request, reply) => {
    const { effectiveFrom, definition, ...body } = request.body;
    const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) =>
      createSlaPolicy(ctx, { ...body, definition: definition as SlaPolicyDefinition, ...(effectiveFrom ? { effectiveFrom: new Date(effectiveFrom) } : {}) }),
    );
    return reply.code(201).header('location', `/api/v1/sla/policies/${created.key}`).send(toSlaPolicyView(created));
  });

  app.put(
    '/sla/policies/order',
    { schema: { tags, summary: 'Set the match order: every policy key, first match first', body: ReorderSlaPoliciesBody, response: { 200: SlaPolicyListSchema } } },
    async (request) => ({ items: (await deps.commands.runCommand(commandMetaOf(request), (ctx) => reorderSlaPolicies(ctx, request.body.keys))).map(toSlaPolicyView) }),
  );

  app.post(
    '/sla/policies/match',
    { schema: { tags, summary: 'Which policy would match this case, and the clocks it would start', body: MatchSlaPolicyBody, response: { 200: Type.Ref('SlaPolicyMatch') } } },
    async (request) => {
      const { caseId, case: described, at } = request.body;
      if ((caseId === undefined) === (described === undefined)) {
        throw slaPolicyProblems.invalid({ detail: 'Give either caseId or case', errors: [{ field: caseId === undefined ? 'case' : 'caseId', reason: 'give either caseId or case', code: 'one-of' }] });
      }
      const result = await deps.commands.inQuery(commandMetaOf(request), (ctx) => testSlaPolicyMatch(ctx, { caseId, case: described, ...(at ? { at: new Date(at) } : {}) }));
      return {
        ...result,
        targets: result.targets.map((t) => ({ ...t, startsAt: t.startsAt?.toISOString() ?? null, dueAt: t.dueAt?.toISOString() ?? null })),
      };
    },
  );

  app.get('/sla/policies/:id', { schema: { tags, summary: 'One SLA policy with its versions', params: SlaPolicyIdParams, response: { 200: Type.Ref('SlaPolicyDetail') } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertSlaPolicyReader(ctx);
      const policy = await findSlaPolicyOrThrow(ctx, request.params.id);
      return { ...toSlaPolicyView(policy), versions: (await listSlaPolicyVersions(ctx.tx, policy.id)).map(toVersionView) };
    }),
  );

  app.put(
    '/sla/policies/:id',
    { schema: { tags, summary: 'Save a new version of an SLA policy, effective now or later', params: SlaPolicyIdParams, body: SaveSlaPolicyBody, response: { 200: Type.Ref('SlaPolicy') } } },
    async (request) => {
      const { effectiveFrom, definition, ...body } = request.body;
      return toSlaPolicyView(
        await deps.commands.runCommand(commandMetaOf(request), (ctx) =>
          saveSlaPolicyVersion(ctx, request.params.id, {
            ...body,
            ...(definition ? { definition: definition as SlaPolicyDefinition } : {}),
            ...(effectiveFrom ? { effectiveFrom: new Date(effectiveFrom) } : {}),
          }),
        ),
      );
    },
  );
};
