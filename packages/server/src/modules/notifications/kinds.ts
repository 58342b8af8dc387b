export const NOTIFICATION_KINDS = [
  'task-assigned', // a task was given to you (created, transferred, delegated, out-of-office)
  'task-claimable', // a task you may claim (a candidate group or role of yours)
  'task-urged', // 催办
  'case-cc', // 抄送: you were copied on a case
  'task-returned', // 退回: your earlier task came back to you
  'task-withdrawn', // 撤回: a task you held was withdrawn by who sent it
  'signer-canceled', // 加签: your signer task ended, another signer rejected the step
  'delegation-resolved', // 委派: the delegate finished; the task is yours again
  'mention', // @you in an internal note
  'process-outcome', // a process you started, or your branch's, reached its outcome
  'sla-warning', // an SLA clock of a case or task you hold or supervise is at risk (issue 16)
  'sla-breached', // an SLA clock ran past its due time, or is still open after it (issue 16)
  'routing-offer', // a case is offered to you, to accept before the offer expires (issue 17)
  'routing-unassigned', // a case of your queue found nobody who fits, or overflowed (issue 17): to the queue's supervisors
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Kinds e-mailed unless the user said otherwise. A claimable task goes to everyone of a group,
 * so it stays in the console unless asked for; being withdrawn from a task (or a signer task
 * ended by another signer's reject) needs no mail.
 */
const EMAILED_BY_DEFAULT: ReadonlySet<NotificationKind> = new Set([
  'task-assigned',
  'task-urged',
  'task-returned',
  'case-cc',
  'delegation-resolved',
  'mention',
  'process-outcome',
  'sla-warning',
  'sla-breached',
  'routing-unassigned',
]);

export interface Preference {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
}

/** A kind's preference when the user never changed it: in the console always; e-mail per kind. */
export function defaultPreference(kind: NotificationKind): Preference {
  return { kind, inApp: true, email: EMAILED_BY_DEFAULT.has(kind) };
}

export const NOTIFICATION_LOCALES = ['zh-CN', 'en-US'] as const;
export type NotificationLocale = (typeof NOTIFICATION_LOCALES)[number];
