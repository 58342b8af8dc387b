import type { CommandContext } from '../../platform/commands/index.ts';
import { isUuid } from '../../platform/ids/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { defaultPreference, NOTIFICATION_KINDS, type NotificationKind, type NotificationLocale, type Preference } from './kinds.ts';
import { notificationProblems } from './problems.ts';
import {
  countUnreadOfUser,
  findContacts,
  listNotificationsOfUser,
  listPreferencesOfUser,
  markAllNotificationsRead,
  markNotificationRead,
  upsertContact,
  upsertPreferences,
  type NotificationRow,
} from './store.ts';

// The caller's own notification centre: every read and change is of ctx.actor's rows only.

const encodeCursor = (row: NotificationRow) => Buffer.from(row.id).toString('base64url');
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) throw notificationProblems.invalidCursor({ detail: 'Use the nextCursor of the previous page' });
  return id;
}

export async function listMyNotifications(ctx: CommandContext, query: { unread: boolean; limit: number; cursor?: string }) {
  const beforeId = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await listNotificationsOfUser(ctx.tx, ctx.actor.userId, { unread: query.unread, beforeId, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    items: page,
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!) : null,
    unreadCount: await countUnreadOfUser(ctx.tx, ctx.actor.userId),
  };
}

export const countMyUnread = (ctx: CommandContext) => countUnreadOfUser(ctx.tx, ctx.actor.userId);

export async function markMyNotificationRead(ctx: CommandContext, id: string): Promise<void> {
  if (!(await markNotificationRead(ctx.tx, ctx.actor.userId, id, ctx.now))) throw notificationProblems.notFound({ detail: `You have no notification ${id}` });
}

export async function markAllMyNotificationsRead(ctx: CommandContext): Promise<void> {
  await markAllNotificationsRead(ctx.tx, ctx.actor.userId, ctx.now);
}

export interface MyPreferences {
  items: Preference[];
  email: string | null;
  locale: NotificationLocale;
}

export async function readMyPreferences(ctx: CommandContext): Promise<MyPreferences> {
  const changed = await listPreferencesOfUser(ctx.tx, ctx.actor.userId);
  const contact = (await findContacts(ctx.tx, [ctx.actor.userId])).get(ctx.actor.userId);
  return {
    items: NOTIFICATION_KINDS.map((kind) => ({ ...defaultPreference(kind), ...changed.get(kind) })),
    email: contact?.email ?? null,
    locale: contact?.locale ?? 'zh-CN',
  };
}

/** Kinds not listed keep what they were; `email: null` removes the address (no e-mail at all). */
export async function updateMyPreferences(
  ctx: CommandContext,
  input: { items?: { kind: NotificationKind; inApp: boolean; email: boolean }[]; email?: string | null; locale?: NotificationLocale },
): Promise<MyPreferences> {
  const items = input.items ?? [];
  const seen = new Set<string>();
  const errors = items.flatMap((item, i) => {
    if (seen.has(item.kind)) return [{ field: `items/${i}/kind`, reason: `${item.kind} is listed twice`, code: 'duplicate' }];
    seen.add(item.kind);
    return [];
  });
  if (errors.length > 0) throw notificationProblems.validationFailed({ errors });
  const before = await readMyPreferences(ctx);
  await upsertPreferences(ctx.tx, ctx.actor.userId, items);
  const email = input.email === undefined ? undefined : input.email?.trim() || null;
  if (email !== undefined || input.locale !== undefined) await upsertContact(ctx.tx, { userId: ctx.actor.userId, email, locale: input.locale }, ctx.now);
  const after = await readMyPreferences(ctx);
  // Where a person's notifications go is theirs to change, and on record when it changes (a
  // stolen session redirecting them); the address is personal data and stays out of the record.
  await recordAuditEvent(ctx, {
    action: 'notifications.preferences-changed',
    targetType: 'user',
    targetId: ctx.actor.userId,
    data: { kinds: items.map((i) => i.kind), emailChanged: before.email !== after.email, locale: after.locale },
  });
  return after;
}
