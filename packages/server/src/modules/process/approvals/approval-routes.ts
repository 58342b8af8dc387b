import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { StringEnum } from '../../../platform/http/string-enum.ts';
import { readTask } from '../tasks/task-commands.ts';
import { TaskIdParams } from '../tasks/task-schemas.ts';
import type { ProcessTaskRow } from '../tasks/task-store.ts';
import { runEngineInCommand as runEngine } from '../tasks/task-wiring.ts';
import { readActionsOfInstance, readActionsOfTask } from './action-reads.ts';
import { addSigner } from './add-signer.ts';
import { completeStep } from './complete-step.ts';
import { readReturnTargets, returnTask, withdrawTask } from './return-and-withdraw.ts';
import { delegateTask, resolveTask, transferTask } from './task-handover.ts';
import { presentTask } from './task-detail.ts';
import { TASK_ACTIONS } from './task-action-log.ts';

const tags = ['tasks'];
const TaskRef = Type.Ref('Task');
const Uuid = Type.String({ format: 'uuid' });
// A reason is words, not blanks: the audit trail keeps it as the why of the action.
const Reason = Type.String({ maxLength: 2000, pattern: '\\S', description: 'Why; kept in the action log and the audit event' });
const Comment = Type.String({ minLength: 1, maxLength: 2000 });
const Variables = Type.Record(Type.String({ minLength: 1, maxLength: 255 }), Type.Unknown(), { description: 'Set in the process instance' });

const ApproveBody = Type.Object({ comment: Type.Optional(Comment), variables: Type.Optional(Variables) }, { additionalProperties: false });
const RejectBody = Type.Object({ reason: Reason, variables: Type.Optional(Variables) }, { additionalProperties: false });
const ReturnBody = Type.Object({ targetElementId: Type.String({ minLength: 1, maxLength: 255 }), reason: Reason }, { additionalProperties: false });
const WithdrawBody = Type.Object({ reason: Reason }, { additionalProperties: false });
const TransferBody = Type.Object({ userId: Uuid, reason: Reason }, { additionalProperties: false });
const DelegateBody = Type.Object({ userId: Uuid, comment: Type.Optional(Comment) }, { additionalProperties: false });
const ResolveBody = Type.Object({ comment: Type.Optional(Comment), variables: Type.Optional(Variables) }, { additionalProperties: false });
const SignerBody = Type.Object({ userId: Uuid, position: StringEnum(['before', 'after', 'alongside'] as const), reason: Type.Optional(Reason) }, { additionalProperties: false });

const ReturnTarget = Type.Object({
  elementId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  completedBy: Type.String(),
  completedAt: Type.String({ format: 'date-time' }),
});

export const TaskActionSchema = Type.Object(
  {
    id: Type.String(),
    taskId: Type.String(),
    elementId: Type.Union([Type.String(), Type.Null()]),
    action: StringEnum(TASK_ACTIONS),
    actorId: Type.String(),
    actorName: Type.Union([Type.String(), Type.Null()]),
    onBehalfOf: Type.Union([Type.String(), Type.Null()], { description: 'For whom the actor acted (委派 the delegator, the holder an administrator acted for)' }),
    onBehalfOfName: Type.Union([Type.String(), Type.Null()]),
    targetUserId: Type.Union([Type.String(), Type.Null()], { description: 'Whom the action concerned: the transfer or delegation target, the added signer, the returned task’s holder' }),
    targetUserName: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.Union([Type.String(), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
    comment: Type.Union([Type.String(), Type.Null()]),
    at: Type.String({ format: 'date-time' }),
  },
  { $id: 'TaskAction' },
);
const ActionList = Type.Object({ items: Type.Array(Type.Ref('TaskAction')) });

/**
 * The approval idioms on a task (issue 15): approve, reject, return, withdraw, transfer,
 * delegate, resolve, add a signer; and the action log. Each answers the task as the caller sees
 * it now, `allowedActions` included.
 */
export const approvalRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const act = (request: Parameters<typeof commandMetaOf>[0], command: (ctx: CommandContext) => Promise<ProcessTaskRow>) =>
    deps.commands.runCommand(commandMetaOf(request), async (ctx) => presentTask(ctx, await command(ctx)));

  app.post(
    '/tasks/:id/approve',
    { schema: { tags, summary: 'Approve: complete the task with outcome `approved` (the variable `outcome` is set)', params: TaskIdParams, body: ApproveBody, response: { 200: TaskRef } } },
    async (request) => {
      const body = request.body ?? {};
      return act(request, (ctx) => completeStep(ctx, runEngine, request.params.id, { action: 'approve', outcome: 'approved', variables: body.variables ?? {}, comment: body.comment ?? null }));
    },
  );

  app.post(
    '/tasks/:id/reject',
    { schema: { tags, summary: 'Reject: complete the task with outcome `rejected`; a reason is required', params: TaskIdParams, body: RejectBody, response: { 200: TaskRef } } },
    async (request) =>
      act(request, (ctx) => completeStep(ctx, runEngine, request.params.id, { action: 'reject', outcome: 'rejected', variables: request.body.variables ?? {}, reason: request.body.reason })),
  );

  app.get(
    '/tasks/:id/return-targets',
    { schema: { tags, summary: 'The earlier completed steps this task may be returned to (退回)', params: TaskIdParams, response: { 200: Type.Object({ items: Type.Array(ReturnTarget) }) } } },
    async (request) => {
      const targets = await deps.commands.inQuery(commandMetaOf(request), (ctx) => readReturnTargets(ctx, request.params.id));
      return { items: targets.map((t) => ({ elementId: t.elementId, name: t.name, completedBy: t.completedBy, completedAt: t.completedAt.toISOString() })) };
    },
  );

  app.post(
    '/tasks/:id/return',
    {
      schema: {
        tags,
        summary: '退回: send the task back to an earlier completed step; answers the new task there',
        params: TaskIdParams,
        body: ReturnBody,
        response: { 200: TaskRef },
      },
    },
    async (request) => act(request, (ctx) => returnTask(ctx, runEngine, request.params.id, request.body)),
  );

  app.post(
    '/tasks/:id/withdraw',
    {
      schema: {
        tags,
        summary: '撤回: take back a step the caller completed, while the next step has not acted; answers the new task',
        params: TaskIdParams,
        body: WithdrawBody,
        response: { 200: TaskRef },
      },
    },
    async (request) => act(request, (ctx) => withdrawTask(ctx, runEngine, request.params.id, request.body)),
  );

  app.post(
    '/tasks/:id/transfer',
    { schema: { tags, summary: '转办: hand the task to another person; a reason is required', params: TaskIdParams, body: TransferBody, response: { 200: TaskRef } } },
    async (request) => act(request, (ctx) => transferTask(ctx, runEngine, request.params.id, request.body)),
  );

  app.post(
    '/tasks/:id/delegate',
    { schema: { tags, summary: '委派: the delegate works the task and resolves it; it then comes back to the caller', params: TaskIdParams, body: DelegateBody, response: { 200: TaskRef } } },
    async (request) => act(request, (ctx) => delegateTask(ctx, runEngine, request.params.id, request.body)),
  );

  app.post(
    '/tasks/:id/resolve',
    { schema: { tags, summary: '委派: the delegate gives the task back to its owner', params: TaskIdParams, body: ResolveBody, response: { 200: TaskRef } } },
    async (request) => act(request, (ctx) => resolveTask(ctx, runEngine, request.params.id, request.body ?? {})),
  );

  app.post(
    '/tasks/:id/signers',
    { schema: { tags, summary: '加签: add a signer before, after or alongside; answers the signer’s task', params: TaskIdParams, body: SignerBody, response: { 200: TaskRef } } },
    async (request) => act(request, (ctx) => addSigner(ctx, runEngine, request.params.id, request.body)),
  );

  app.get('/tasks/:id/actions', { schema: { tags, summary: 'What was done with the task, oldest first', params: TaskIdParams, response: { 200: ActionList } } }, async (request) => ({
    items: await deps.commands.inQuery(commandMetaOf(request), (ctx) => readActionsOfTask(ctx, request.params.id)),
  }));

  app.get(
    '/process-instances/:id/actions',
    {
      schema: {
        tags: ['process instances'],
        summary: 'What was done with every task of the instance, oldest first',
        params: Type.Object({ id: Uuid }),
        response: { 200: ActionList },
      },
    },
    async (request) => ({ items: await deps.commands.inQuery(commandMetaOf(request), (ctx) => readActionsOfInstance(ctx, request.params.id)) }),
  );
};

/** GET /tasks/{id} with what the caller may do now. */
export async function readTaskWithActions(ctx: CommandContext, id: string) {
  return presentTask(ctx, await readTask(ctx, id));
}

export const approvalSchemas = [TaskActionSchema];
