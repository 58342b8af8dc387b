import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { StringEnum } from '../../../platform/http/string-enum.ts';
import { lookupNames, searchActivePeople } from '../../access/index.ts';
import { TaskIdParams } from '../tasks/task-schemas.ts';
import { ccTask } from './cc.ts';
import { createOutOfOfficeRule, listOutOfOfficeRules, outOfOfficeState, revokeOutOfOfficeRule } from './out-of-office.ts';
import type { OutOfOfficeRule } from './out-of-office-store.ts';
import { urgeTask } from './urge.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const Comment = Type.String({ minLength: 1, maxLength: 2000, description: 'Kept in the task’s action log; never put in a notification' });
const ProcessKey = Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' });

const CcBody = Type.Object(
  {
    userIds: Type.Array(Uuid, { minItems: 1, maxItems: 50, description: 'The people copied: each may read the case from now on and is told' }),
    comment: Type.Optional(Comment),
  },
  { additionalProperties: false },
);
const UrgeBody = Type.Object({ comment: Type.Optional(Comment) }, { additionalProperties: false });

export const OutOfOfficeView = Type.Object(
  {
    id: Uuid,
    userId: Uuid,
    delegateId: Uuid,
    delegateName: Type.Union([Type.String(), Type.Null()]),
    startsAt: Instant,
    endsAt: Instant,
    processKeys: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null: every process' }),
    reason: Type.Union([Type.String(), Type.Null()]),
    createdBy: Type.String(),
    createdAt: Instant,
    revokedAt: Type.Union([Instant, Type.Null()]),
    state: StringEnum(['scheduled', 'active', 'ended', 'revoked'] as const),
  },
  { $id: 'OutOfOffice' },
);
const OutOfOfficeRef = Type.Ref('OutOfOffice');

const CreateOutOfOfficeBody = Type.Object(
  {
    delegateId: Uuid,
    startsAt: Instant,
    endsAt: Instant,
    processKeys: Type.Optional(Type.Union([Type.Array(ProcessKey, { maxItems: 50 }), Type.Null()], { description: 'Only tasks of these processes; absent, null or empty: every process' })),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    userId: Type.Optional(Type.String({ format: 'uuid', description: 'process:admin only: whose rule it is (default: mine)' })),
  },
  { additionalProperties: false },
);

function toOutOfOfficeView(rule: OutOfOfficeRule, now: Date, delegateName: string | null) {
  return {
    id: rule.id,
    userId: rule.userId,
    delegateId: rule.delegateId,
    delegateName,
    startsAt: rule.startsAt.toISOString(),
    endsAt: rule.endsAt.toISOString(),
    processKeys: rule.processKeys,
    reason: rule.reason,
    createdBy: rule.createdBy,
    createdAt: rule.createdAt.toISOString(),
    revokedAt: rule.revokedAt?.toISOString() ?? null,
    state: outOfOfficeState(rule, now),
  };
}

/** 抄送, 催办 and out-of-office rules (issue 15); the other approval actions are approval-routes.ts. */
export const extraRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/tasks/:id/cc',
    { schema: { tags: ['tasks'], summary: '抄送: copy people on the task’s case (read access and a notification, no task)', params: TaskIdParams, body: CcBody, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => ccTask(ctx, request.params.id, { userIds: request.body.userIds, comment: request.body.comment }));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/tasks/:id/urge',
    {
      schema: {
        tags: ['tasks'],
        summary: '催办: remind the task’s holder (or its candidates); once per task and person per DOCKET_URGE_INTERVAL_MINUTES',
        params: TaskIdParams,
        body: UrgeBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => urgeTask(ctx, request.params.id, { comment: request.body?.comment, intervalMinutes: deps.config.urgeIntervalMinutes }));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/out-of-office',
    {
      schema: {
        tags: ['out-of-office'],
        summary: 'My out-of-office rules (process:admin: anyone’s with userId), latest first',
        querystring: Type.Object({ userId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(OutOfOfficeRef) }) },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        const rules = await listOutOfOfficeRules(ctx, request.query.userId);
        const names = await lookupNames(
          ctx.tx,
          rules.map((r) => r.delegateId),
        );
        return { items: rules.map((rule) => toOutOfOfficeView(rule, ctx.now, names.user(rule.delegateId))) };
      }),
  );

  app.get(
    '/out-of-office/delegates',
    {
      schema: {
        tags: ['out-of-office'],
        summary: 'Active people who may be named as my delegate (not me), searched by username or name',
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ id: Uuid, username: Type.String(), displayName: Type.String(), departmentName: Type.Union([Type.String(), Type.Null()]) })),
          }),
        },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        const limit = request.query.limit ?? 20;
        const people = (await searchActivePeople(ctx.tx, request.query.q?.trim() || undefined, limit + 1)).filter((p) => p.id !== ctx.actor.userId).slice(0, limit);
        const names = await lookupNames(
          ctx.tx,
          [],
          people.map((p) => p.departmentId),
        );
        return { items: people.map((p) => ({ id: p.id, username: p.username, displayName: p.displayName, departmentName: names.department(p.departmentId) })) };
      }),
  );

  app.post(
    '/out-of-office',
    {
      schema: {
        tags: ['out-of-office'],
        summary: 'Set an out-of-office rule: while it lasts, tasks given to me go to the delegate',
        body: CreateOutOfOfficeBody,
        response: { 201: OutOfOfficeRef },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const view = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        const rule = await createOutOfOfficeRule(ctx, {
          delegateId: body.delegateId,
          startsAt: new Date(body.startsAt),
          endsAt: new Date(body.endsAt),
          processKeys: body.processKeys ?? null,
          reason: body.reason?.trim() || null,
          userId: body.userId,
        });
        const names = await lookupNames(ctx.tx, [rule.delegateId]);
        return toOutOfOfficeView(rule, ctx.now, names.user(rule.delegateId));
      });
      return reply.code(201).send(view);
    },
  );

  app.delete(
    '/out-of-office/:id',
    { schema: { tags: ['out-of-office'], summary: 'Revoke an out-of-office rule (mine, or anyone’s with process:admin)', params: Type.Object({ id: Uuid }), response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => revokeOutOfOfficeRule(ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );
};

export const extraSchemas = [OutOfOfficeView];
