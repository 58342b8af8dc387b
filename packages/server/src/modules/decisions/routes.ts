import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';
import { deployDecisions, evaluateDecisionCommand, evaluateDraftDecision, findDecisionWithVersions, listDecisions } from './deployed-decisions.ts';
import type { DecisionVersionRow } from './store.ts';

const tags = ['decisions'];
const KeyParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 255 }) });

export const DeployedDecisionView = Type.Object({ key: Type.String(), version: Type.Integer(), id: Type.String({ format: 'uuid' }), name: Type.String() }, { $id: 'DeployedDecision' });

export const DecisionVersionView = Type.Object(
  {
    key: Type.String(),
    version: Type.Integer(),
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    deploymentId: Type.String({ format: 'uuid' }),
    deployedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'DecisionVersion' },
);

const DeployBody = Type.Union([
  Type.String({ minLength: 1, description: 'DMN XML (Content-Type application/xml or text/xml)' }),
  Type.Object({ xml: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
]);

const EvaluateBody = Type.Object(
  {
    decisionId: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Another decision of the same deployment, by id or name' })),
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    variables: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
  },
  { additionalProperties: false },
);

const EvaluateDraftBody = Type.Object(
  {
    xml: Type.String({ minLength: 1, description: 'The DMN model as edited, not deployed' }),
    decisionKey: Type.String({ minLength: 1, maxLength: 255, description: 'The decision of the model to evaluate, by id or name' }),
    variables: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
  },
  { additionalProperties: false },
);

const EvaluationView = Type.Object({
  result: Type.Unknown(),
  resultList: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  matchedRules: Type.Array(Type.String()),
});

function toVersionView(row: DecisionVersionRow) {
  return { key: row.key, version: row.version, id: row.id, name: row.name, deploymentId: row.deploymentId, deployedAt: row.deployedAt.toISOString() };
}

export const decisionRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  // Scoped to this plugin: DMN is posted as XML; other routes keep refusing XML with 415.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(
    '/decisions',
    { schema: { tags, summary: 'Deploy a new version of every decision in a DMN file', body: DeployBody, response: { 201: Type.Object({ decisions: Type.Array(Type.Ref('DeployedDecision')) }) } } },
    async (request, reply) => {
      const xml = typeof request.body === 'string' ? request.body : request.body.xml;
      const decisions = await deps.commands.runCommand(commandMetaOf(request), (ctx) => deployDecisions(ctx, xml));
      return reply.code(201).send({ decisions });
    },
  );

  app.get('/decisions', { schema: { tags, summary: 'The latest version of every decision', response: { 200: Type.Object({ items: Type.Array(Type.Ref('DecisionVersion')) }) } } }, async (request) => ({
    items: (await deps.commands.inQuery(commandMetaOf(request), listDecisions)).map(toVersionView),
  }));

  app.get(
    '/decisions/:key',
    {
      schema: {
        tags,
        summary: 'A decision: its latest version, every version (newest first) and the DMN XML of the latest',
        params: KeyParams,
        response: { 200: Type.Object({ key: Type.String(), name: Type.String(), latestVersion: Type.Integer(), versions: Type.Array(Type.Ref('DecisionVersion')), xml: Type.String() }) },
      },
    },
    async (request) => {
      const found = await deps.commands.inQuery(commandMetaOf(request), (ctx) => findDecisionWithVersions(ctx, request.params.key));
      return { key: found.latest.key, name: found.latest.name, latestVersion: found.latest.version, versions: found.versions.map(toVersionView), xml: found.xml };
    },
  );

  app.post(
    '/decisions/:key/evaluate',
    { schema: { tags, summary: 'Evaluate a deployed decision with variables', params: KeyParams, body: EvaluateBody, response: { 200: EvaluationView } } },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => evaluateDecisionCommand(ctx, request.params.key, request.body)),
  );

  app.post(
    '/decisions/evaluate-draft',
    {
      schema: {
        tags,
        summary: 'Evaluate a decision of a DMN model that is not deployed (the designer trying an edit; decision:deploy); nothing is stored',
        body: EvaluateDraftBody,
        response: { 200: EvaluationView },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => evaluateDraftDecision(ctx, request.body)),
  );
};

export const decisionSchemas = [DeployedDecisionView, DecisionVersionView];
