import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { externalTaskRoutes } from '../external/external-task-routes.ts';
import { claimTask, completeTask, listTasks, readTask, unclaimTask } from './task-commands.ts';
import { runEngineInCommand as runEngine } from './task-wiring.ts';
import { presentTask } from '../approvals/task-detail.ts';
import { CompleteTaskBody, ListTasksQuery, TaskIdParams, TaskView, toTaskView } from './task-schemas.ts';

const tags = ['tasks'];
const TaskRef = Type.Ref('Task');

/** The task list and the actions on one task; who may see and act is task-visibility.ts. */
export const taskRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks the caller may see: by priority, then due date, then age; cursor pagination',
        querystring: ListTasksQuery,
        response: { 200: Type.Object({ items: Type.Array(TaskRef), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await deps.commands.inQuery(commandMetaOf(request), (ctx) =>
        listTasks(ctx, {
          state: q.state,
          processInstanceId: q.processInstanceId,
          caseId: q.caseId,
          assignee: q.assignee,
          candidate: q.candidate,
          limit: q.limit ?? 50,
          cursor: q.cursor,
          view: q.view,
          processKey: q.processKey,
          caseType: q.caseType,
          dueBefore: q.dueBefore ? new Date(q.dueBefore) : undefined,
          overdue: q.overdue,
          q: q.q,
          kind: q.kind,
        }),
      );
      return { items: page.items.map(toTaskView), nextCursor: page.nextCursor };
    },
  );

  app.get('/tasks/:id', { schema: { tags, summary: 'One task, with what the caller may do with it now (allowedActions)', params: TaskIdParams, response: { 200: TaskRef } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => presentTask(ctx, await readTask(ctx, request.params.id))),
  );

  app.post('/tasks/:id/claim', { schema: { tags, summary: 'Claim a task: the caller becomes its assignee', params: TaskIdParams, response: { 200: TaskRef } } }, async (request) =>
    deps.commands.runCommand(commandMetaOf(request), async (ctx) => presentTask(ctx, await claimTask(ctx, runEngine, request.params.id))),
  );

  app.post('/tasks/:id/unclaim', { schema: { tags, summary: 'Give a task back to its candidates', params: TaskIdParams, response: { 200: TaskRef } } }, async (request) =>
    deps.commands.runCommand(commandMetaOf(request), async (ctx) => presentTask(ctx, await unclaimTask(ctx, runEngine, request.params.id))),
  );

  app.post(
    '/tasks/:id/complete',
    { schema: { tags, summary: 'Complete a task; the process runs on until every token waits', params: TaskIdParams, body: CompleteTaskBody, response: { 200: TaskRef } } },
    async (request) => {
      const body = request.body ?? {};
      return deps.commands.runCommand(commandMetaOf(request), async (ctx) =>
        presentTask(ctx, await completeTask(ctx, runEngine, request.params.id, { variables: body.variables ?? {}, outcome: body.outcome, reason: body.reason })),
      );
    },
  );

  // Issue 15: other systems' tasks in the same to-do list.
  await app.register(externalTaskRoutes, { deps });
};

export const taskSchemas = [TaskView];
