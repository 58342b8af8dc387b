import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import type { RoutingRuleRow, RuleActions, RuleConditions } from '../model.ts';
import { BranchAreasBody, CreateRoutingRuleBody, DepartmentIdParams, ReorderRoutingRulesBody, RoutingRuleListSchema, RuleIdParams, SaveRoutingRuleBody, TestRoutingBody } from '../schemas.ts';
import { findBranchAreas, saveBranchAreas } from './branch-areas.ts';
import { assertRoutingReader } from './rule-access.ts';
import { createRoutingRule, deleteRoutingRule, findRoutingRuleOrThrow, reorderRoutingRules, saveRoutingRule } from './rule-commands.ts';
import { listRoutingRules } from './rule-store.ts';
import { testRouting } from './test-routing.ts';

const tags = ['Routing: rules'];

export function toRoutingRuleView(r: RoutingRuleRow) {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    position: r.position,
    enabled: r.enabled,
    appliesTo: r.appliesTo,
    effectiveFrom: r.effectiveFrom.toISOString(),
    effectiveTo: r.effectiveTo?.toISOString() ?? null,
    conditions: r.conditions,
    actions: r.actions,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

interface RuleBody {
  name: string;
  enabled?: boolean;
  appliesTo?: 'case' | 'task';
  effectiveFrom?: string;
  effectiveTo?: string | null;
  conditions: Record<string, unknown>;
  actions: Record<string, unknown>;
}

function ruleInputOf(body: RuleBody) {
  return {
    name: body.name,
    ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
    ...(body.appliesTo === undefined ? {} : { appliesTo: body.appliesTo }),
    ...(body.effectiveFrom === undefined ? {} : { effectiveFrom: new Date(body.effectiveFrom) }),
    ...(body.effectiveTo === undefined ? {} : { effectiveTo: body.effectiveTo === null ? null : new Date(body.effectiveTo) }),
    conditions: body.conditions as RuleConditions,
    actions: body.actions as RuleActions,
  };
}

/** Routing rules, the tester and branch areas. */
export const ruleRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/routing/rules', { schema: { tags, summary: 'Routing rules in match order (routing:read)', response: { 200: RoutingRuleListSchema } } }, async (request) => ({
    items: (
      await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertRoutingReader(ctx);
        return listRoutingRules(ctx.tx);
      })
    ).map(toRoutingRuleView),
  }));

  app.post(
    '/routing/rules',
    { schema: { tags, summary: 'Create a routing rule (routing:admin)', body: CreateRoutingRuleBody, response: { 201: Type.Ref('RoutingRule') } } },
    async (request, reply) => {
      const { key, position, ...body } = request.body;
      const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createRoutingRule(ctx, { key, ...(position === undefined ? {} : { position }), ...ruleInputOf(body) }));
      return reply.code(201).header('location', `/api/v1/routing/rules/${created.key}`).send(toRoutingRuleView(created));
    },
  );

  app.put(
    '/routing/rules/order',
    { schema: { tags, summary: 'Set the match order: every rule key, first match first', body: ReorderRoutingRulesBody, response: { 200: RoutingRuleListSchema } } },
    async (request) => ({ items: (await deps.commands.runCommand(commandMetaOf(request), (ctx) => reorderRoutingRules(ctx, request.body.keys))).map(toRoutingRuleView) }),
  );

  app.get('/routing/rules/:id', { schema: { tags, summary: 'One routing rule, by id or key', params: RuleIdParams, response: { 200: Type.Ref('RoutingRule') } } }, async (request) =>
    toRoutingRuleView(
      await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertRoutingReader(ctx);
        return findRoutingRuleOrThrow(ctx, request.params.id);
      }),
    ),
  );

  app.put(
    '/routing/rules/:id',
    { schema: { tags, summary: 'Save a new version of a routing rule', params: RuleIdParams, body: SaveRoutingRuleBody, response: { 200: Type.Ref('RoutingRule') } } },
    async (request) => {
      const { reason, ...body } = request.body;
      return toRoutingRuleView(await deps.commands.runCommand(commandMetaOf(request), (ctx) => saveRoutingRule(ctx, request.params.id, { ...ruleInputOf(body), reason: reason ?? null })));
    },
  );

  app.delete('/routing/rules/:id', { schema: { tags, summary: 'Remove a routing rule (routing:admin)', params: RuleIdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await deps.commands.runCommand(commandMetaOf(request), (ctx) => deleteRoutingRule(ctx, request.params.id));
    return reply.code(204).send(null);
  });

  app.post(
    '/routing/test',
    { schema: { tags, summary: 'Where would this case go, and to whom? Nothing is changed', body: TestRoutingBody, response: { 200: Type.Ref('RoutingTestResult') } } },
    async (request) => {
      const { caseId, case: described, at } = request.body;
      // A transaction of its own (rolled back past the dispatch): the strategies may lock and move turns.
      return deps.commands.runCommand(commandMetaOf(request), (ctx) =>
        testRouting(ctx, { ...(caseId === undefined ? {} : { caseId }), ...(described === undefined ? {} : { case: described }), ...(at ? { at: new Date(at) } : {}) }),
      );
    },
  );

  app.get(
    '/routing/branch-areas/:departmentId',
    { schema: { tags, summary: 'The areas a branch serves for branch push', params: DepartmentIdParams, response: { 200: Type.Ref('BranchAreas') } } },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => findBranchAreas(ctx, request.params.departmentId)),
  );

  app.put(
    '/routing/branch-areas/:departmentId',
    { schema: { tags, summary: 'Set the areas a branch serves (routing:admin)', params: DepartmentIdParams, body: BranchAreasBody, response: { 200: Type.Ref('BranchAreas') } } },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => saveBranchAreas(ctx, request.params.departmentId, request.body.areas)),
  );
};
