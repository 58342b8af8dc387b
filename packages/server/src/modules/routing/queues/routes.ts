import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import type { QueueRow } from '../model.ts';
import { CreateQueueBody, QueueIdParams, QueueListSchema, UpdateQueueBody } from '../schemas.ts';
import { createQueue } from './create-queue.ts';
import { queueProblems } from './problems.ts';
import { findQueue, listQueues } from './queue-store.ts';
import { assertRoutingAdmin, isRoutingReader } from './routing-access.ts';
import { updateQueue } from './update-queue.ts';

const tags = ['Routing: queues'];

const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

export function toQueueView(q: QueueRow) {
  return { ...q, createdAt: q.createdAt.toISOString(), updatedAt: q.updatedAt.toISOString() };
}

function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the queue version, e.g. "3"' }] });
  return Number(match[1]);
}

/** Queues as objects (helper A). */
export const queueRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/queues', { schema: { tags, summary: 'Queues (routing:read, or a member sees their own)', response: { 200: QueueListSchema } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      const queues = await listQueues(ctx.tx, isRoutingReader(ctx) ? {} : { memberUserId: ctx.actor.userId });
      return { items: queues.map(toQueueView) };
    }),
  );

  app.post('/queues', { schema: { tags, summary: 'Create a queue (routing:admin)', body: CreateQueueBody, response: { 201: Type.Ref('Queue') } } }, async (request, reply) => {
    const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createQueue(ctx, request.body));
    return reply.code(201).header('location', `/api/v1/queues/${created.key}`).header('etag', `"${created.version}"`).send(toQueueView(created));
  });

  app.get('/queues/:id', { schema: { tags, summary: 'One queue, by id or key', params: QueueIdParams, response: { 200: Type.Ref('Queue') } } }, async (request, reply) => {
    const queue = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      const found = await findQueue(ctx.tx, request.params.id);
      // A person without routing:read sees the queues they are in; the others are not there for them.
      const visible = found && (isRoutingReader(ctx) || (await listQueues(ctx.tx, { memberUserId: ctx.actor.userId })).some((q) => q.id === found.id));
      if (!visible) throw queueProblems.notFound({ detail: `No queue ${request.params.id}` });
      return found;
    });
    return reply.header('etag', `"${queue.version}"`).send(toQueueView(queue));
  });

  app.put(
    '/queues/:id',
    {
      schema: {
        tags,
        summary: 'Change a queue (routing:admin; If-Match: its version)',
        params: QueueIdParams,
        headers: IfMatchHeaders,
        body: UpdateQueueBody,
        response: { 200: Type.Ref('Queue') },
      },
    },
    async (request, reply) => {
      const updated = await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        // Refused first: a person who may not change queues learns nothing from the version check.
        assertRoutingAdmin(ctx);
        const expectedVersion = parseIfMatch(request.headers['if-match']);
        return updateQueue(ctx, request.params.id, expectedVersion, request.body);
      });
      return reply.header('etag', `"${updated.version}"`).send(toQueueView(updated));
    },
  );
};
