import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import type { Rule, RuleDefinition } from '../engine/model.ts';
import type { RuleVersionRow } from './store.ts';
import { createRule, deleteRule, disableRule, enableRule, listRulesForReader, listVersionsOfRule, readRuleOrThrow, saveRule } from './rule-commands.ts';
import { CreateRuleBody, EnableRuleBody, RuleIfMatchHeaders, RuleKeyParams, RuleListQuery, SaveRuleBody } from './schemas.ts';

const tags = ['Automation rules'];

/** If-Match: "<version>" (the ETag of the rule read); 428 without it. */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the version you read, e.g. "3"' }] });
  return Number(match[1]);
}
const optionalIfMatch = (header: string | undefined) => (header === undefined ? undefined : parseIfMatch(header));

export const presentRule = (rule: Rule) => ({
  id: rule.id,
  key: rule.key,
  name: rule.name,
  description: rule.description,
  ownerId: rule.ownerId,
  departmentIds: rule.departmentIds,
  enabled: rule.enabled,
  triggerKind: rule.triggerKind,
  trigger: rule.trigger as unknown as Record<string, unknown>,
  condition: rule.condition as unknown as Record<string, unknown>,
  actions: rule.actions as unknown as Record<string, unknown>[],
  loopLimit: rule.loopLimit,
  currentVersion: rule.currentVersion,
  createdBy: rule.createdBy,
  createdAt: rule.createdAt.toISOString(),
  updatedAt: rule.updatedAt.toISOString(),
  enabledAt: rule.enabledAt?.toISOString() ?? null,
  version: rule.version,
});
const presentVersion = (v: RuleVersionRow) => ({
  ...v,
  trigger: v.trigger as Record<string, unknown>,
  condition: v.condition as Record<string, unknown>,
  actions: v.actions as Record<string, unknown>[],
  savedAt: v.savedAt.toISOString(),
});

/** The rules part's routes (issue 21): design, version, enable per department. */
export const rulesRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/automation/rules', { schema: { tags, summary: 'Automation rules (automation:read)', querystring: RuleListQuery, response: { 200: Type.Ref('AutomationRuleList') } } }, async (request) => ({
    items: (await deps.commands.inQuery(commandMetaOf(request), (ctx) => listRulesForReader(ctx, request.query))).map(presentRule),
  }));

  app.post(
    '/automation/rules',
    {
      schema: {
        tags,
        summary: 'Create a rule, disabled (automation:admin; audited). The whole definition is checked: 400 names each field',
        body: CreateRuleBody,
        response: { 201: Type.Ref('AutomationRule') },
      },
    },
    async (request, reply) => {
      const { key, ...input } = request.body;
      const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createRule(ctx, key, input as unknown as RuleDefinition & { ownerId?: string }));
      return reply.code(201).header('etag', `"${created.version}"`).header('location', `/api/v1/automation/rules/${created.key}`).send(presentRule(created));
    },
  );

  app.get(
    '/automation/rules/:key',
    { schema: { tags, summary: 'One rule (automation:read); ETag is its version', params: RuleKeyParams, response: { 200: Type.Ref('AutomationRule') } } },
    async (request, reply) => {
      const rule = await deps.commands.inQuery(commandMetaOf(request), (ctx) => readRuleOrThrow(ctx, request.params.key));
      return reply.header('etag', `"${rule.version}"`).send(presentRule(rule));
    },
  );

  app.put(
    '/automation/rules/:key',
    {
      schema: {
        tags,
        summary: 'Save a new version of a rule (automation:admin; If-Match; audited); an enabled rule stays enabled with the new version',
        params: RuleKeyParams,
        headers: RuleIfMatchHeaders,
        body: SaveRuleBody,
        response: { 200: Type.Ref('AutomationRule') },
      },
    },
    async (request, reply) => {
      const saved = await deps.commands.runCommand(commandMetaOf(request), (ctx) =>
        saveRule(ctx, request.params.key, parseIfMatch(request.headers['if-match']), request.body as unknown as RuleDefinition & { ownerId?: string }),
      );
      return reply.header('etag', `"${saved.version}"`).send(presentRule(saved));
    },
  );

  app.delete(
    '/automation/rules/:key',
    {
      schema: { tags, summary: 'Delete a rule (automation:admin; If-Match; audited). Its versions and runs stay', params: RuleKeyParams, headers: RuleIfMatchHeaders, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => deleteRule(ctx, request.params.key, parseIfMatch(request.headers['if-match'])));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/automation/rules/:key/versions',
    { schema: { tags, summary: 'Every saved version of a rule, newest first (automation:read)', params: RuleKeyParams, response: { 200: Type.Ref('AutomationRuleVersionList') } } },
    async (request) => ({ items: (await deps.commands.inQuery(commandMetaOf(request), (ctx) => listVersionsOfRule(ctx, request.params.key))).map(presentVersion) }),
  );

  app.post(
    '/automation/rules/:key/enable',
    {
      schema: {
        tags,
        summary: 'Enable a rule, in the departments given and below (automation:admin; If-Match optional; audited)',
        params: RuleKeyParams,
        headers: RuleIfMatchHeaders,
        body: Type.Optional(EnableRuleBody),
        response: { 200: Type.Ref('AutomationRule') },
      },
    },
    async (request, reply) => {
      const rule = await deps.commands.runCommand(commandMetaOf(request), (ctx) => enableRule(ctx, request.params.key, optionalIfMatch(request.headers['if-match']), request.body?.departmentIds));
      return reply.header('etag', `"${rule.version}"`).send(presentRule(rule));
    },
  );

  app.post(
    '/automation/rules/:key/disable',
    {
      schema: { tags, summary: 'Disable a rule (automation:admin; If-Match optional; audited)', params: RuleKeyParams, headers: RuleIfMatchHeaders, response: { 200: Type.Ref('AutomationRule') } },
    },
    async (request, reply) => {
      const rule = await deps.commands.runCommand(commandMetaOf(request), (ctx) => disableRule(ctx, request.params.key, optionalIfMatch(request.headers['if-match'])));
      return reply.header('etag', `"${rule.version}"`).send(presentRule(rule));
    },
  );
};
