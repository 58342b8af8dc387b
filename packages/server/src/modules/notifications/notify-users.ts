import { isUuid } from '../../platform/ids/ids.ts';
import type { CommandContext } from '../../platform/commands/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import { scheduleJob } from '../../platform/jobs/index.ts';
import { listActivePeople } from '../access/index.ts';
import { defaultPreference, type NotificationKind } from './kinds.ts';
import { findContacts, findPreferencesForKind, insertNotifications, type NotificationRow } from './store.ts';

export const NOTIFICATION_EMAIL_JOB_KIND = 'notifications.email';

export interface NotifyInput {
  /** User ids; the actor is never told of their own action; duplicates are ignored. */
  recipients: readonly string[];
  kind: NotificationKind;
  caseId?: string | null;
  taskId?: string | null;
  processInstanceId?: string | null;
  /**
   * Shown in the message: names and numbers only. The catalogues use `taskName`, `caseNumber`,
   * `processName`, `outcome` ('approved' | 'rejected' | …) and `actorName` (filled in here from
   * the command's actor when not given).
   */
  params?: Record<string, string | number>;
}

/** What an e-mail job carries: ids, the kind and its params (names and numbers), never a field's value. */
export interface EmailJobPayload {
  userId: string;
  kind: NotificationKind;
  params: Record<string, string | number>;
  caseId: string | null;
  taskId: string | null;
  processInstanceId: string | null;
}

// A name is shown, not a document: a param longer than this is cut (a task name is short).
const MAX_PARAM_LENGTH = 200;
/** The most people one call tells: a claimable task of a large group stops here (callers cap earlier). */
export const MAX_RECIPIENTS = 500;

function cleanParams(params: Record<string, string | number> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
    else if (typeof value === 'string') out[key] = value.slice(0, MAX_PARAM_LENGTH);
  }
  return out;
}

/**
 * Writes one in-app notification per recipient (respecting their preferences) and schedules the
 * e-mails, in the caller's transaction: nothing is told of a command that rolls back. The e-mail
 * is a platform job (notifications.email), so it leaves after commit, is retried with back-off
 * when the SMTP server fails, and never fails the command. Inactive users and system actors are
 * skipped; so is the actor, who knows what they did.
 */
export async function notifyUsers(ctx: CommandContext, input: NotifyInput): Promise<void> {
  // A model may name anyone as assignee (a username, an external id): only user ids are told.
  const wanted = [...new Set(input.recipients)].filter((id) => id && isUuid(id) && id !== ctx.actor.userId).slice(0, MAX_RECIPIENTS);
  if (wanted.length === 0) return;
  const people = await listActivePeople(ctx.tx, wanted);
  if (people.length === 0) return;
  const ids = people.map((p) => p.id);
  const [preferences, contacts] = await Promise.all([findPreferencesForKind(ctx.tx, ids, input.kind), findContacts(ctx.tx, ids)]);
  const params = cleanParams(input.params);
  // A system actor (the engine, a timer) is nobody's name to show.
  if (params.actorName === undefined && ctx.actor.kind !== 'system') params.actorName = ctx.actor.displayName;
  const rows: NotificationRow[] = [];
  for (const id of ids) {
    const preference = preferences.get(id) ?? defaultPreference(input.kind);
    const common = { caseId: input.caseId ?? null, taskId: input.taskId ?? null, processInstanceId: input.processInstanceId ?? null };
    const notificationId = newId();
    if (preference.inApp) {
      rows.push({ id: notificationId, userId: id, kind: input.kind, params, ...common, actorId: ctx.actor.kind === 'system' ? null : ctx.actor.userId, createdAt: ctx.now, readAt: null });
    }
    if (preference.email && contacts.get(id)?.email) {
      const payload: EmailJobPayload = { userId: id, kind: input.kind, params, ...common };
      await scheduleJob(ctx.tx, { kind: NOTIFICATION_EMAIL_JOB_KIND, key: notificationId, dueAt: ctx.now, payload });
    }
  }
  await insertNotifications(ctx.tx, rows);
}
