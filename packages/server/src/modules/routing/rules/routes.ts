import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { notBuilt } from '../not-built.ts';
import { BranchAreasBody, CreateRoutingRuleBody, DepartmentIdParams, ReorderRoutingRulesBody, RoutingRuleListSchema, RuleIdParams, SaveRoutingRuleBody, TestRoutingBody } from '../schemas.ts';

const tags = ['Routing: rules'];

/** Routing rules, the tester and branch areas (helper B). */
export const ruleRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, _opts) => {
  app.get('/routing/rules', { schema: { tags, summary: 'Routing rules in match order (routing:read)', response: { 200: RoutingRuleListSchema } } }, async () => {
    throw notBuilt();
  });
  app.post('/routing/rules', { schema: { tags, summary: 'Create a routing rule (routing:admin)', body: CreateRoutingRuleBody, response: { 201: Type.Ref('RoutingRule') } } }, async () => {
    throw notBuilt();
  });
  app.put(
    '/routing/rules/order',
    { schema: { tags, summary: 'Set the match order: every rule key, first match first', body: ReorderRoutingRulesBody, response: { 200: RoutingRuleListSchema } } },
    async () => {
      throw notBuilt();
    },
  );
  app.get('/routing/rules/:id', { schema: { tags, summary: 'One routing rule, by id or key', params: RuleIdParams, response: { 200: Type.Ref('RoutingRule') } } }, async () => {
    throw notBuilt();
  });
  app.put(
    '/routing/rules/:id',
    { schema: { tags, summary: 'Save a new version of a routing rule', params: RuleIdParams, body: SaveRoutingRuleBody, response: { 200: Type.Ref('RoutingRule') } } },
    async () => {
      throw notBuilt();
    },
  );
  app.delete('/routing/rules/:id', { schema: { tags, summary: 'Remove a routing rule (routing:admin)', params: RuleIdParams, response: { 204: Type.Null() } } }, async () => {
    throw notBuilt();
  });
  app.post(
    '/routing/test',
    { schema: { tags, summary: 'Where would this case go, and to whom? Nothing is changed', body: TestRoutingBody, response: { 200: Type.Ref('RoutingTestResult') } } },
    async () => {
      throw notBuilt();
    },
  );
  app.get(
    '/routing/branch-areas/:departmentId',
    { schema: { tags, summary: 'The areas a branch serves for branch push', params: DepartmentIdParams, response: { 200: Type.Ref('BranchAreas') } } },
    async () => {
      throw notBuilt();
    },
  );
  app.put(
    '/routing/branch-areas/:departmentId',
    { schema: { tags, summary: 'Set the areas a branch serves (routing:admin)', params: DepartmentIdParams, body: BranchAreasBody, response: { 200: Type.Ref('BranchAreas') } } },
    async () => {
      throw notBuilt();
    },
  );
};
