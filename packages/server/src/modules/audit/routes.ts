import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { presentFieldChanges, readCase } from '../cases/index.ts';
import { listEventsOfCase } from './store.ts';
import { lookupNames } from '../access/index.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';

const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);

export const AuditEventView = Type.Object(
  {
    id: Type.Integer(),
    occurredAt: Type.String({ format: 'date-time' }),
    actorId: Nullable(Type.String()),
    actorName: Nullable(Type.String()),
    actorDisplayName: Type.Optional(Nullable(Type.String({ description: "The actor's display name today (case history only)" }))),
    onBehalfOf: Nullable(Type.String()),
    action: Type.String({ examples: ['case.created', 'case.status-changed'] }),
    targetType: Type.String(),
    targetId: Type.String(),
    caseId: Nullable(Type.String()),
    changes: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
    reason: Nullable(Type.String()),
    requestId: Nullable(Type.String()),
    clientIp: Nullable(Type.String()),
    channel: Nullable(Type.String()),
    data: Type.Unknown(),
  },
  { $id: 'AuditEvent' },
);

export const auditRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/cases/:id/history',
    {
      schema: {
        tags: ['audit'],
        summary: "A case's audit events in the order they were written",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })) }),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('AuditEvent')) }) },
      },
    },
    async (request) => {
      const events = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        const found = await readCase(ctx, request.params.id);
        const rows = await listEventsOfCase(ctx.tx, request.params.id, request.query.after ?? 0, request.query.limit ?? 500);
        // History shows before → after values as the reader's field rules allow: masked or left out.
        for (const row of rows) row.changes = await presentFieldChanges(ctx, found, row.changes);
        return { rows, names: await lookupNames(ctx.tx, rows.map((r) => r.actorId)) };
      });
      return { items: events.rows.map((e) => ({ ...e, actorDisplayName: events.names.user(e.actorId), occurredAt: e.occurredAt.toISOString() })) };
    },
  );
};

export const auditSchemas = [AuditEventView];
