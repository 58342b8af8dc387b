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
export { NOTIFICATION_KINDS, NOTIFICATION_LOCALES, defaultPreference, type NotificationKind, type NotificationLocale } from './kinds.ts';
export { notifyUsers, NOTIFICATION_EMAIL_JOB_KIND, type NotifyInput } from './notify-users.ts';
export { registerNotificationJobs, type NotificationEmailOptions } from './email-job.ts';
export { notificationRoutes, notificationSchemas } from './routes.ts';
export { renderEmail } from './email-text.ts';
