import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { notBuilt } from '../not-built.ts';
import { CreateQueueBody, QueueIdParams, QueueListSchema, UpdateQueueBody } from '../schemas.ts';

const tags = ['Routing: queues'];

/** Queues as objects (helper A). */
export const queueRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, _opts) => {
  app.get('/queues', { schema: { tags, summary: 'Queues (routing:read, or a member sees their own)', response: { 200: QueueListSchema } } }, async () => {
    throw notBuilt();
  });
  app.post('/queues', { schema: { tags, summary: 'Create a queue (routing:admin)', body: CreateQueueBody, response: { 201: Type.Ref('Queue') } } }, async () => {
    throw notBuilt();
  });
  app.get('/queues/:id', { schema: { tags, summary: 'One queue, by id or key', params: QueueIdParams, response: { 200: Type.Ref('Queue') } } }, async () => {
    throw notBuilt();
  });
  app.put(
    '/queues/:id',
    { schema: { tags, summary: 'Change a queue (routing:admin; If-Match: its version)', params: QueueIdParams, body: UpdateQueueBody, response: { 200: Type.Ref('Queue') } } },
    async () => {
      throw notBuilt();
    },
  );
};
