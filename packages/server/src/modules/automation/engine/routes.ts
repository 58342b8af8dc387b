import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { readRuleOrThrow } from '../rules/rule-commands.ts';
import { RuleKeyParams } from '../rules/schemas.ts';
import { dryRunRule } from './dry-run.ts';
import type { AutomationRun, RuleDefinition } from './model.ts';
import { listRunsOfRule, listRunsOfSubject, readRunOrThrow } from './run-history.ts';
import { DryRunBody, DryRunDefinitionBody, RunIdParams, RunPageQuery, SubjectRunsQuery } from './schemas.ts';

const tags = ['Automation rules'];

export const presentRun = (run: AutomationRun) => ({
  ...run,
  ruleKey: run.ruleKey ?? '',
  loopStopped: run.status === 'loop-stopped',
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
});

/** The engine part's routes (issue 21): dry-run and run history. */
export const engineRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/automation/rules/dry-run',
    {
      schema: {
        tags,
        summary: 'Dry-run an unsaved definition (automation:admin; audited): which subjects it would act on now and what each action would do; changes nothing',
        body: DryRunDefinitionBody,
        response: { 200: Type.Ref('AutomationDryRun') },
      },
    },
    async (request) => {
      const { day, ...definition } = request.body;
      const result = await deps.commands.runCommand(commandMetaOf(request), (ctx) => dryRunRule(ctx, { definition: definition as unknown as RuleDefinition & { ownerId?: string }, day }));
      return { ...result, at: result.at.toISOString() };
    },
  );

  app.post(
    '/automation/rules/:key/dry-run',
    {
      schema: {
        tags,
        summary: 'Dry-run a saved rule (automation:admin; audited): which subjects it would act on now and what each action would do; changes nothing',
        params: RuleKeyParams,
        body: Type.Optional(DryRunBody),
        response: { 200: Type.Ref('AutomationDryRun') },
      },
    },
    async (request) => {
      const result = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => dryRunRule(ctx, { saved: await readRuleOrThrow(ctx, request.params.key), day: request.body?.day }));
      return { ...result, at: result.at.toISOString() };
    },
  );

  app.get(
    '/automation/rules/:key/runs',
    { schema: { tags, summary: 'The runs of a rule, newest first (automation:read)', params: RuleKeyParams, querystring: RunPageQuery, response: { 200: Type.Ref('AutomationRunPage') } } },
    async (request) => {
      const result = await deps.commands.inQuery(commandMetaOf(request), (ctx) => listRunsOfRule(ctx, request.params.key, request.query));
      return { items: result.items.map(presentRun), next: result.next };
    },
  );

  app.get(
    '/automation/runs',
    {
      schema: {
        tags,
        summary: 'The runs about one case or record, newest first (automation:read, or a reader of that case or record)',
        querystring: SubjectRunsQuery,
        response: { 200: Type.Ref('AutomationRunPage') },
      },
    },
    async (request) => {
      const { subjectId, subjectType, ...query } = request.query;
      const result = await deps.commands.inQuery(commandMetaOf(request), (ctx) => listRunsOfSubject(ctx, subjectId, subjectType, query));
      return { items: result.items.map(presentRun), next: result.next };
    },
  );

  app.get(
    '/automation/runs/:id',
    { schema: { tags, summary: 'One run, action by action (automation:read, or a reader of its case or record)', params: RunIdParams, response: { 200: Type.Ref('AutomationRun') } } },
    async (request) => presentRun(await deps.commands.inQuery(commandMetaOf(request), (ctx) => readRunOrThrow(ctx, request.params.id))),
  );
};
