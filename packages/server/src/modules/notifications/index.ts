/**
 * Notifications (issue 15): the in-app notification centre and e-mail through SMTP.
 *
 * Other modules call `notifyUsers` inside their own command: the notifications are written in
 * the same transaction as what caused them (nothing is told of a rolled-back approval), and
 * e-mails leave after commit through a job, retried, never holding the command up.
 *
 * Never a sensitive value: `params` carry what a notification may show anyone it is addressed to
 * — the task's name, the case's number, the actor's display name, the process name — never a
 * case field, a variable or a comment's text (a comment is referred to, not quoted).
 */
import type { CommandContext } from '../../platform/commands/index.ts';

export const NOTIFICATION_KINDS = [
  'task-assigned', // a task was given to you (created, transferred, delegated, out-of-office)
  'task-claimable', // a task you may claim (a candidate group or role of yours)
  'task-urged', // 催办
  'case-cc', // 抄送: you were copied on a case
  'task-returned', // 退回: your earlier task came back to you
  'task-withdrawn', // 撤回: a task you held was withdrawn by who sent it
  'delegation-resolved', // 委派: the delegate finished; the task is yours again
  'mention', // @you in an internal note
  'process-outcome', // a process you started, or your branch's, reached its outcome
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotifyInput {
  /** User ids; the actor is never told of their own action; duplicates are ignored. */
  recipients: readonly string[];
  kind: NotificationKind;
  caseId?: string | null;
  taskId?: string | null;
  processInstanceId?: string | null;
  /** Shown in the message: names and numbers only (see above). */
  params?: Record<string, string | number>;
}

/**
 * Writes one in-app notification per recipient (respecting their preferences) and schedules the
 * e-mails. Filled in by the notifications branch; until it lands it records nothing.
 */
export async function notifyUsers(_ctx: CommandContext, _input: NotifyInput): Promise<void> {}
