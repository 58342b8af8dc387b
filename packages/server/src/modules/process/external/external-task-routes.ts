import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { withCaseHeadings } from '../tasks/todo-headings.ts';
import { toTaskView } from '../tasks/task-schemas.ts';
import { endPushedTask, pushExternalTask } from './external-tasks.ts';

const tags = ['tasks'];
const TaskRef = Type.Ref('Task');

// The system's name and its own id of the task: in the URL, so no slash, no whitespace.
const System = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'The system that owns the task, e.g. core-banking' });
const ExternalId = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\s/]+$', description: 'The task’s id in that system' });

const PushExternalTaskBody = Type.Object(
  {
    system: System,
    externalId: ExternalId,
    title: Type.String({ minLength: 1, maxLength: 500 }),
    assignee: Type.String({ minLength: 1, maxLength: 100, description: 'User id of the person who does it: an active user' }),
    link: Type.String({ minLength: 1, maxLength: 2000, description: 'Where the person works the task: an http(s) URL' }),
    dueAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    caseId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Default 50, as process tasks' })),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
  },
  { additionalProperties: false },
);
const ExternalTaskParams = Type.Object({ system: System, externalId: ExternalId });
const CompleteExternalTaskBody = Type.Object(
  { outcome: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', description: 'How it ended in the system: approved, done …' })) },
  { additionalProperties: false },
);

/** Another system's tasks in Docket's to-do list (action task:external). */
export const externalTaskRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/external-tasks',
    {
      schema: {
        tags,
        summary: 'Push a task of another system into its assignee’s to-do list: 201 the first time, 200 (updated) after, by system + externalId',
        description:
          'Each push is the task’s whole state: an optional field left out is cleared (dueAt, caseId, description) or back to its default (priority 50). A task that has ended stays ended (409 task-not-open).',
        body: PushExternalTaskBody,
        response: { 200: TaskRef, 201: TaskRef },
      },
    },
    async (request, reply) => {
      const { task, created } = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        const pushed = await pushExternalTask(ctx, request.body);
        return { ...pushed, task: (await withCaseHeadings(ctx, [pushed.task]))[0]! };
      });
      reply.code(created ? 201 : 200);
      return toTaskView(task);
    },
  );

  app.post(
    '/external-tasks/:system/:externalId/complete',
    { schema: { tags, summary: 'The system completed its task: it leaves the to-do list', params: ExternalTaskParams, body: Type.Optional(CompleteExternalTaskBody), response: { 200: TaskRef } } },
    async (request) =>
      toTaskView(
        await deps.commands.runCommand(commandMetaOf(request), (ctx) => endPushedTask(ctx, request.params.system, request.params.externalId, { state: 'completed', outcome: request.body?.outcome })),
      ),
  );

  app.post(
    '/external-tasks/:system/:externalId/cancel',
    { schema: { tags, summary: 'The system canceled its task: it leaves the to-do list', params: ExternalTaskParams, response: { 200: TaskRef } } },
    async (request) => toTaskView(await deps.commands.runCommand(commandMetaOf(request), (ctx) => endPushedTask(ctx, request.params.system, request.params.externalId, { state: 'canceled' }))),
  );
};
