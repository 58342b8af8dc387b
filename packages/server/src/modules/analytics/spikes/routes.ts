import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertAllowed } from '../../access/index.ts';
import type { SpikeEvaluation } from './evaluate-spike-rule.ts';
import { listReadableSpikes } from './list-spikes.ts';
import { runSpikeRule } from './run-spike-rule.ts';
import { createRule, deleteRule, listRules, readRuleOrThrow, updateRule } from './spike-rules.ts';
import type { SpikeRuleRow } from './spike-store.ts';
import { EvaluateSpikeRuleBody, SpikeListQuery, SpikeRuleBody, SpikeRuleIdParams, SpikeRuleIfMatchHeaders } from './schemas.ts';

const tags = ['Analytics: spike warnings'];

/** If-Match: "<version>" (the ETag of the rule read); 428 without it. */
function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the version you read, e.g. "3"' }] });
  return Number(match[1]);
}

const presentRule = (rule: SpikeRuleRow) => ({ ...rule, createdAt: rule.createdAt.toISOString(), updatedAt: rule.updatedAt.toISOString() });
const presentEvaluation = (e: SpikeEvaluation) => ({ ...e, at: e.at.toISOString() });

/** The spikes part's routes (issue 20); registered under /api/v1 by ../routes.ts. */
export const spikeRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/analytics/spike-rules', { schema: { tags, summary: 'Spike rules (analytics:read)', response: { 200: Type.Ref('AnalyticsSpikeRuleList') } } }, async (request) => ({
    items: (await deps.commands.inQuery(commandMetaOf(request), (ctx) => listRules(ctx))).map(presentRule),
  }));

  app.post(
    '/analytics/spike-rules',
    { schema: { tags, summary: 'Create a spike rule (analytics:admin; audited)', body: SpikeRuleBody, response: { 201: Type.Ref('AnalyticsSpikeRule') } } },
    async (request, reply) => {
      const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createRule(ctx, request.body));
      return reply.code(201).header('etag', `"${created.version}"`).header('location', `/api/v1/analytics/spike-rules/${created.id}`).send(presentRule(created));
    },
  );

  app.get(
    '/analytics/spike-rules/:id',
    { schema: { tags, summary: 'One spike rule (analytics:read); ETag is its version', params: SpikeRuleIdParams, response: { 200: Type.Ref('AnalyticsSpikeRule') } } },
    async (request, reply) => {
      const rule = await deps.commands.inQuery(commandMetaOf(request), (ctx) => readRuleOrThrow(ctx, request.params.id));
      return reply.header('etag', `"${rule.version}"`).send(presentRule(rule));
    },
  );

  app.put(
    '/analytics/spike-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a spike rule (analytics:admin; If-Match; audited)',
        params: SpikeRuleIdParams,
        headers: SpikeRuleIfMatchHeaders,
        body: SpikeRuleBody,
        response: { 200: Type.Ref('AnalyticsSpikeRule') },
      },
    },
    async (request, reply) => {
      const updated = await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        // Refused first: a caller who may not administer learns nothing from the version check.
        assertAllowed(ctx.actor, 'analytics:admin');
        return updateRule(ctx, request.params.id, parseIfMatch(request.headers['if-match']), request.body);
      });
      return reply.header('etag', `"${updated.version}"`).send(presentRule(updated));
    },
  );

  app.delete(
    '/analytics/spike-rules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a spike rule (analytics:admin; If-Match; audited). Its spikes and risk cases stay',
        params: SpikeRuleIdParams,
        headers: SpikeRuleIfMatchHeaders,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        assertAllowed(ctx.actor, 'analytics:admin');
        return deleteRule(ctx, request.params.id, parseIfMatch(request.headers['if-match']));
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/analytics/spike-rules/:id/evaluate',
    {
      schema: {
        tags,
        summary: 'Evaluate a spike rule now or as at a given instant (analytics:admin); significant spikes open their risk case once, as system:analytics, unless dryRun',
        params: SpikeRuleIdParams,
        body: Type.Optional(EvaluateSpikeRuleBody),
        response: { 200: Type.Ref('AnalyticsSpikeEvaluation') },
      },
    },
    async (request) => {
      const meta = commandMetaOf(request);
      const rule = await deps.commands.inQuery(meta, (ctx) => {
        assertAllowed(ctx.actor, 'analytics:admin');
        return readRuleOrThrow(ctx, request.params.id);
      });
      const at = request.body?.at ? new Date(request.body.at) : deps.clock.now();
      // Rollups exist for the bank's own years; a year 0 or 9999 would only reach PostgreSQL as a date it cannot read.
      if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 2000 || at.getUTCFullYear() > 2199)
        throw httpProblems.validationFailed({ errors: [{ field: 'body.at', reason: 'must be an instant between the years 2000 and 2199', code: 'out-of-range' }] });
      const evaluation = await runSpikeRule({ db: deps.database.db, commands: deps.commands }, rule, at, {
        dryRun: request.body?.dryRun ?? false,
        triggeredBy: meta.actor.userId,
        requestId: request.id,
      });
      return presentEvaluation(evaluation);
    },
  );

  app.get(
    '/analytics/spikes',
    {
      schema: {
        tags,
        summary: 'Detected spikes, newest first (analytics:read; a reader sees those whose risk case they may read, an analytics:admin all)',
        querystring: SpikeListQuery,
        response: { 200: Type.Ref('AnalyticsSpikeList') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => listReadableSpikes(ctx, request.query)),
  );
};
