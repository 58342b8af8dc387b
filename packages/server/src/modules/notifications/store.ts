import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { NotificationKind, NotificationLocale, Preference } from './kinds.ts';

type Executor = Db | Tx;

export interface NotificationRow {
  id: string;
  userId: string;
  kind: string;
  params: Record<string, string | number>;
  caseId: string | null;
  taskId: string | null;
  processInstanceId: string | null;
  actorId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export async function insertNotifications(tx: Tx, rows: NotificationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('notifications.notification')
    .values(
      rows.map((r) => ({
        id: r.id,
        user_id: r.userId,
        kind: r.kind,
        params: JSON.stringify(r.params),
        case_id: r.caseId,
        task_id: r.taskId,
        process_instance_id: r.processInstanceId,
        actor_id: r.actorId,
        created_at: r.createdAt,
        read_at: null,
      })),
    )
    .execute();
}

type Selected = {
  id: string;
  user_id: string;
  kind: string;
  params: unknown;
  case_id: string | null;
  task_id: string | null;
  process_instance_id: string | null;
  actor_id: string | null;
  created_at: Date;
  read_at: Date | null;
};

const toRow = (r: Selected): NotificationRow => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  params: (r.params ?? {}) as Record<string, string | number>,
  caseId: r.case_id,
  taskId: r.task_id,
  processInstanceId: r.process_instance_id,
  actorId: r.actor_id,
  createdAt: r.created_at,
  readAt: r.read_at,
});

/** A user's notifications, newest first (uuid v7 ids sort by creation), after the cursor's id. */
export async function listNotificationsOfUser(tx: Executor, userId: string, options: { unread: boolean; beforeId?: string; limit: number }): Promise<NotificationRow[]> {
  let query = tx.selectFrom('notifications.notification').selectAll().where('user_id', '=', userId);
  if (options.unread) query = query.where('read_at', 'is', null);
  if (options.beforeId) query = query.where('id', '<', options.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map((r) => toRow(r as Selected));
}

export async function countUnreadOfUser(tx: Executor, userId: string): Promise<number> {
  const row = await tx.selectFrom('notifications.notification').select(sql<number>`count(*)::int`.as('count')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return row.count;
}

/** Marks one of the user's notifications read (once: the first time stays). False: none of theirs has this id. */
export async function markNotificationRead(tx: Tx, userId: string, id: string, now: Date): Promise<boolean> {
  const found = await tx.selectFrom('notifications.notification').select(['id', 'read_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!found) return false;
  if (found.read_at === null) await tx.updateTable('notifications.notification').set({ read_at: now }).where('id', '=', id).execute();
  return true;
}

export async function markAllNotificationsRead(tx: Tx, userId: string, now: Date): Promise<number> {
  const result = await tx.updateTable('notifications.notification').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The preferences users changed for one kind; a user without a row takes the default. */
export async function findPreferencesForKind(tx: Executor, userIds: readonly string[], kind: NotificationKind): Promise<Map<string, { inApp: boolean; email: boolean }>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('notifications.preference')
    .select(['user_id', 'in_app', 'email'])
    .where('kind', '=', kind)
    .where('user_id', 'in', [...userIds])
    .execute();
  return new Map(rows.map((r) => [r.user_id, { inApp: r.in_app, email: r.email }]));
}

export async function listPreferencesOfUser(tx: Executor, userId: string): Promise<Map<string, { inApp: boolean; email: boolean }>> {
  const rows = await tx.selectFrom('notifications.preference').select(['kind', 'in_app', 'email']).where('user_id', '=', userId).execute();
  return new Map(rows.map((r) => [r.kind, { inApp: r.in_app, email: r.email }]));
}

export async function upsertPreferences(tx: Tx, userId: string, items: readonly Preference[]): Promise<void> {
  if (items.length === 0) return;
  await tx
    .insertInto('notifications.preference')
    .values(items.map((p) => ({ user_id: userId, kind: p.kind, in_app: p.inApp, email: p.email })))
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({ in_app: eb.ref('excluded.in_app'), email: eb.ref('excluded.email') })))
    .execute();
}

export interface Contact {
  userId: string;
  email: string | null;
  locale: NotificationLocale;
}

export async function findContacts(tx: Executor, userIds: readonly string[]): Promise<Map<string, Contact>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('notifications.contact')
    .select(['user_id', 'email', 'locale'])
    .where('user_id', 'in', [...userIds])
    .execute();
  return new Map(rows.map((r) => [r.user_id, { userId: r.user_id, email: r.email, locale: r.locale as NotificationLocale }]));
}

export async function upsertContact(tx: Tx, contact: { userId: string; email?: string | null; locale?: NotificationLocale }, now: Date): Promise<void> {
  const set: { email?: string | null; locale?: NotificationLocale; updated_at: Date } = { updated_at: now };
  if (contact.email !== undefined) set.email = contact.email;
  if (contact.locale !== undefined) set.locale = contact.locale;
  await tx
    .insertInto('notifications.contact')
    .values({ user_id: contact.userId, email: contact.email ?? null, locale: contact.locale ?? 'zh-CN', updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(set))
    .execute();
}
