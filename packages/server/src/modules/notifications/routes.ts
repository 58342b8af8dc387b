import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';
import { NOTIFICATION_KINDS, NOTIFICATION_LOCALES } from './kinds.ts';
import { countMyUnread, listMyNotifications, markAllMyNotificationsRead, markMyNotificationRead, readMyPreferences, updateMyPreferences } from './notification-center.ts';
import type { NotificationRow } from './store.ts';

const tags = ['notifications'];
const Kind = Type.Union(NOTIFICATION_KINDS.map((k) => Type.Literal(k)));
const Locale = Type.Union(NOTIFICATION_LOCALES.map((l) => Type.Literal(l)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const NotificationView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.String({ description: 'One of the notification kinds; the console words it from its own catalogue with `params`' }),
    params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'Names and numbers only: taskName, caseNumber, processName, outcome, actorName' }),
    caseId: Nullable(Type.String({ format: 'uuid' })),
    taskId: Nullable(Type.String({ format: 'uuid' })),
    processInstanceId: Nullable(Type.String({ format: 'uuid' })),
    link: Nullable(Type.String({ description: "The console's path to what it is about: the task, else the case" })),
    actorName: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    readAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'Notification' },
);

const PreferenceView = Type.Object({ kind: Kind, inApp: Type.Boolean(), email: Type.Boolean() }, { additionalProperties: false });
export const NotificationPreferencesView = Type.Object(
  {
    items: Type.Array(PreferenceView),
    email: Nullable(Type.String({ description: 'Where notification e-mails go; null: no e-mail' })),
    locale: Locale,
  },
  { $id: 'NotificationPreferences' },
);

export const notificationSchemas = [NotificationView, NotificationPreferencesView];

const PreferencesBody = Type.Object(
  {
    items: Type.Optional(Type.Array(PreferenceView, { maxItems: NOTIFICATION_KINDS.length })),
    email: Type.Optional(Nullable(Type.String({ maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }))),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

function toView(row: NotificationRow) {
  const { actorName } = row.params;
  return {
    id: row.id,
    kind: row.kind,
    params: row.params,
    caseId: row.caseId,
    taskId: row.taskId,
    processInstanceId: row.processInstanceId,
    link: row.taskId ? `/tasks/${row.taskId}` : row.caseId ? `/cases/${row.caseId}` : null,
    actorName: actorName === undefined ? null : String(actorName),
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** The caller's notification centre and preferences: nobody reads or marks another's. */
export const notificationRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first; cursor pagination; with my unread count',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Notification')), nextCursor: Nullable(Type.String()), unreadCount: Type.Integer() }) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await deps.commands.inQuery(commandMetaOf(request), (ctx) => listMyNotifications(ctx, { unread: q.unread ?? false, limit: q.limit ?? 20, cursor: q.cursor }));
      return { items: page.items.map(toView), nextCursor: page.nextCursor, unreadCount: page.unreadCount };
    },
  );

  app.get('/notifications/unread-count', { schema: { tags, summary: 'How many of my notifications are unread', response: { 200: Type.Object({ count: Type.Integer() }) } } }, async (request) => ({
    count: await deps.commands.inQuery(commandMetaOf(request), countMyUnread),
  }));

  app.post('/notifications/:id/read', { schema: { tags, summary: 'Mark one of my notifications read', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await deps.commands.runCommand(commandMetaOf(request), (ctx) => markMyNotificationRead(ctx, request.params.id));
    return reply.code(204).send(null);
  });

  app.post('/notifications/read-all', { schema: { tags, summary: 'Mark all my notifications read', response: { 204: Type.Null() } } }, async (request, reply) => {
    await deps.commands.runCommand(commandMetaOf(request), markAllMyNotificationsRead);
    return reply.code(204).send(null);
  });

  app.get(
    '/me/notification-preferences',
    { schema: { tags, summary: 'For every kind: whether I am told in the console and by e-mail; my e-mail address and language', response: { 200: Type.Ref('NotificationPreferences') } } },
    async (request) => deps.commands.inQuery(commandMetaOf(request), readMyPreferences),
  );

  app.put(
    '/me/notification-preferences',
    {
      schema: {
        tags,
        summary: 'Change my preferences (kinds not listed stay as they are), e-mail address (null: none) or e-mail language',
        body: PreferencesBody,
        response: { 200: Type.Ref('NotificationPreferences') },
      },
    },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => updateMyPreferences(ctx, request.body)),
  );
};
