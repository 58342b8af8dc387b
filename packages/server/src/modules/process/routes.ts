import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import type { InstanceRecord } from './engine/contract.ts';
import { deployProcesses } from './commands/deploy-processes.ts';
import { broadcastSignal, correlateMessage, migrateInstance, retryIncident, setInstanceVariables, startProcessInstance, terminateInstance } from './commands/instance-commands.ts';
import { listInstancesForReader, listProcesses, readInstance, readCaseHistory, readInstanceHistory, readProcess } from './commands/process-reads.ts';
import type { ProcessCommandDeps } from './commands/run-process-command.ts';
import type { DefinitionSummary } from './store/definitions-store.ts';
import {
  DeployBody,
  IdView,
  ListInstancesQuery,
  MessageBody,
  MessageResultView,
  MigrateBody,
  ProcessKeyParam,
  SetVariablesBody,
  SignalBody,
  SignalResultView,
  StartInstanceBody,
  TerminateBody,
  UuidParam,
} from './schemas.ts';

const tags = ['processes'];
const instanceTags = ['process instances'];
/** A BPMN file may be larger than an ordinary JSON body. */
const BPMN_BODY_LIMIT = 5 * 1024 * 1024;

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const definitionView = (d: DefinitionSummary) => ({
  id: d.id,
  key: d.key,
  version: d.version,
  name: d.name,
  deploymentId: d.deploymentId,
  deployedAt: d.deployedAt.toISOString(),
  warnings: d.warnings,
});
const instanceSummaryView = (i: InstanceRecord) => ({
  id: i.id,
  processKey: i.processKey,
  version: i.version,
  state: i.state,
  caseId: i.caseId,
  businessKey: i.businessKey,
  parentId: i.parentInstanceId,
  startedAt: i.startedAt.toISOString(),
  endedAt: iso(i.endedAt),
});

function encodeCursor(instance: InstanceRecord): string {
  return Buffer.from(`${instance.startedAt.toISOString()}|${instance.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startedAt = new Date(at ?? '');
  if (Number.isNaN(startedAt.getTime()) || !id || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw httpProblems.validationFailed({ errors: [{ field: 'querystring.cursor', reason: 'is not a cursor of this list', code: 'invalid-cursor' }] });
  }
  return { startedAt, id };
}

/** /api/v1/processes, /process-instances, /messages, /signals, /incidents. */
export const processRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; process?: ProcessCommandDeps }> = async (app, { deps, process: processDeps = {} }) => {
  // BPMN files arrive as XML; the parser hands the text to the route as it is (the compiler reads it).
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: BPMN_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post(
    '/processes',
    {
      bodyLimit: BPMN_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Deploy a BPMN file: a new version of each executable process in it',
        description:
          'Body: the BPMN XML (`Content-Type: application/xml`) or JSON `{ "xml": … }`. 201 when at least one process got a new version; 200 when every process equals its latest version (nothing deployed, `duplicate: true`). 422 lists every problem with its element id.',
        consumes: ['application/xml', 'text/xml', 'application/json'],
        body: DeployBody,
        response: { 200: Type.Ref('ProcessDeployment'), 201: Type.Ref('ProcessDeployment') },
      },
    },
    async (request, reply) => {
      const xml = typeof request.body === 'string' ? request.body : request.body.xml;
      const result = await deps.commands.runCommand(commandMetaOf(request), (ctx) => deployProcesses(ctx, xml));
      return reply.code(result.created ? 201 : 200).send({ processes: result.processes, warnings: result.warnings, deploymentId: result.deploymentId });
    },
  );

  app.get(
    '/processes',
    { schema: { tags, summary: 'The latest version of every deployed process', response: { 200: Type.Object({ items: Type.Array(Type.Ref('ProcessSummary')) }) } } },
    async (request) => ({
      items: (await deps.commands.inQuery(commandMetaOf(request), listProcesses)).map((d) => ({ ...definitionView(d), versionCount: d.versionCount })),
    }),
  );

  app.get(
    '/processes/:key',
    {
      schema: {
        tags,
        summary: "A process's versions and the XML of the latest (or the one asked for)",
        params: Type.Object({ key: ProcessKeyParam }),
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })) }, { additionalProperties: false }),
        response: { 200: Type.Ref('ProcessDetail') },
      },
    },
    async (request) => {
      const found = await deps.commands.inQuery(commandMetaOf(request), (ctx) => readProcess(ctx, request.params.key, request.query.version));
      return { key: found.key, version: found.shown.version, xml: found.xml, versions: found.versions.map(definitionView) };
    },
  );

  app.post(
    '/process-instances',
    { schema: { tags: instanceTags, summary: 'Start a process instance (latest version unless one is given)', body: StartInstanceBody, response: { 201: IdView } } },
    async (request, reply) => {
      const { variables = {}, ...rest } = request.body;
      const started = await deps.commands.runCommand(commandMetaOf(request), (ctx) => startProcessInstance(ctx, processDeps, { ...rest, variables }));
      return reply.code(201).header('location', `/api/v1/process-instances/${started.id}`).send(started);
    },
  );

  app.get(
    '/process-instances',
    {
      schema: {
        tags: instanceTags,
        summary: 'Process instances, newest first, filtered by case, process key and state',
        querystring: ListInstancesQuery,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('ProcessInstanceSummary')), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      const before = cursor ? decodeCursor(cursor) : undefined;
      const page = await deps.commands.inQuery(commandMetaOf(request), (ctx) => listInstancesForReader(ctx, { ...filter, limit, before }));
      return { items: page.items.map(instanceSummaryView), nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  const InstanceParams = Type.Object({ id: UuidParam });

  app.get(
    '/process-instances/:id',
    { schema: { tags: instanceTags, summary: 'A process instance: state, variables, what is active and what it waits for', params: InstanceParams, response: { 200: Type.Ref('ProcessInstance') } } },
    async (request) => {
      const detail = await deps.commands.inQuery(commandMetaOf(request), (ctx) => readInstance(ctx, request.params.id));
      const { instance } = detail;
      return {
        ...instanceSummaryView(instance),
        variables: instance.variables,
        activeElements: detail.activeElements.map(({ elementId, elementType }) => ({ elementId, elementType })),
        waitingEvents: detail.waitingEvents.map((w) => ({ elementId: w.elementId, kind: w.kind, ...(w.dueAt ? { dueAt: w.dueAt.toISOString() } : {}), ...(w.name ? { name: w.name } : {}) })),
        incidents: detail.incidents.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
        childIds: detail.childIds,
      };
    },
  );

  app.get(
    '/process-instances/:id/history',
    { schema: { tags: instanceTags, summary: 'Every element instance the instance entered, in order', params: InstanceParams, response: { 200: Type.Ref('ProcessInstanceHistory') } } },
    async (request) => ({
      items: (await deps.commands.inQuery(commandMetaOf(request), (ctx) => readInstanceHistory(ctx, request.params.id))).map((h) => ({
        ...h,
        startedAt: h.startedAt.toISOString(),
        endedAt: iso(h.endedAt),
      })),
    }),
  );

  app.get(
    '/process-history',
    {
      schema: {
        tags: instanceTags,
        summary: "The ended steps of every process of a case, newest first (process:read and the case's read)",
        querystring: Type.Object({ caseId: Type.String({ format: 'uuid' }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }, { additionalProperties: false }),
        response: { 200: Type.Ref('CaseProcessHistory') },
      },
    },
    async (request) => ({
      items: (await deps.commands.inQuery(commandMetaOf(request), (ctx) => readCaseHistory(ctx, request.query.caseId, request.query.limit ?? 100))).map((h) => ({
        ...h,
        startedAt: h.startedAt.toISOString(),
        endedAt: iso(h.endedAt),
      })),
    }),
  );

  app.patch(
    '/process-instances/:id/variables',
    { schema: { tags: instanceTags, summary: "Set variables of an instance's root scope (process:admin; audited)", params: InstanceParams, body: SetVariablesBody, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => setInstanceVariables(ctx, processDeps, request.params.id, request.body.variables));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/process-instances/:id/migrate',
    {
      schema: {
        tags: instanceTags,
        summary: 'Move an instance to another version of its process, with an element mapping (process:admin)',
        params: InstanceParams,
        body: MigrateBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => migrateInstance(ctx, processDeps, request.params.id, request.body));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/process-instances/:id/terminate',
    { schema: { tags: instanceTags, summary: 'Terminate an instance (process:admin)', params: InstanceParams, body: TerminateBody, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand({ ...commandMetaOf(request), reason: request.body.reason }, (ctx) => terminateInstance(ctx, processDeps, request.params.id, request.body.reason));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/messages',
    { schema: { tags: instanceTags, summary: 'Correlate a message to a waiting instance, or start one with it', body: MessageBody, response: { 200: MessageResultView } } },
    async (request) => {
      const { variables = {}, ...rest } = request.body;
      return deps.commands.runCommand(commandMetaOf(request), (ctx) => correlateMessage(ctx, processDeps, { ...rest, variables }));
    },
  );

  app.post(
    '/signals',
    { schema: { tags: instanceTags, summary: 'Broadcast a signal to every waiting catch and signal start', body: SignalBody, response: { 200: SignalResultView } } },
    async (request) => {
      const { variables = {}, name } = request.body;
      return deps.commands.runCommand(commandMetaOf(request), (ctx) => broadcastSignal(ctx, processDeps, { name, variables }));
    },
  );

  app.post(
    '/incidents/:id/retry',
    { schema: { tags: instanceTags, summary: "Run an incident's work again (process:admin)", params: Type.Object({ id: UuidParam }), response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => retryIncident(ctx, processDeps, request.params.id));
      return reply.code(204).send(null);
    },
  );
};
