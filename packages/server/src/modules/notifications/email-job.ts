import nodemailer, { type Transporter } from 'nodemailer';
import type { JobHandlers } from '../../platform/jobs/index.ts';
import { listActivePeople } from '../access/index.ts';
import { linkOf, renderEmail } from './email-text.ts';
import { NOTIFICATION_KINDS } from './kinds.ts';
import { NOTIFICATION_EMAIL_JOB_KIND, type EmailJobPayload } from './notify-users.ts';
import { findContacts, findPreferencesForKind } from './store.ts';

export interface NotificationEmailOptions {
  /** DOCKET_SMTP_URL; unset: e-mail jobs end without sending. */
  smtpUrl?: string;
  /** DOCKET_SMTP_FROM */
  from: string;
  /** DOCKET_PUBLIC_URL: the console's address for links; unset: no link. */
  publicUrl?: string;
  /** For tests: what sends. @default nodemailer over smtpUrl */
  transport?: Pick<Transporter, 'sendMail'>;
}

// The job runs inside its claiming transaction: a hanging server must not hold it for nodemailer's
// default two minutes. A timeout is a failure, retried with back-off like any other.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * The job that sends one notification e-mail, as system:notifications. It reads the address,
 * language and preference at sending time (an address removed meanwhile is not written to) and
 * throws when the server refuses or cannot be reached: the job runner retries it with back-off
 * (1 s doubling, at most 1 h, 10 attempts) while the command that caused it committed long ago.
 * A crash between the server's 250 and the job's commit sends it again: at least once.
 */
export function registerNotificationJobs(handlers: JobHandlers, options: NotificationEmailOptions): void {
  let transport = options.transport;
  const transportOrNone = () => {
    if (!transport && options.smtpUrl) transport = nodemailer.createTransport(options.smtpUrl, SMTP_TIMEOUTS as never);
    return transport;
  };
  handlers.register({
    kind: NOTIFICATION_EMAIL_JOB_KIND,
    actor: 'system:notifications',
    async handle(ctx, job) {
      const sender = transportOrNone();
      if (!sender) return;
      const payload = job.payload as EmailJobPayload;
      if (!payload?.userId || !(NOTIFICATION_KINDS as readonly string[]).includes(payload.kind)) return;
      const [person] = await listActivePeople(ctx.tx, [payload.userId]);
      if (!person) return;
      const contact = (await findContacts(ctx.tx, [payload.userId])).get(payload.userId);
      if (!contact?.email) return;
      const preference = (await findPreferencesForKind(ctx.tx, [payload.userId], payload.kind)).get(payload.userId);
      if (preference && !preference.email) return;
      const email = renderEmail(payload.kind, payload.params ?? {}, contact.locale, linkOf(options.publicUrl, payload));
      await sender.sendMail({ from: options.from, to: { name: person.displayName, address: contact.email }, subject: email.subject, text: email.text, html: email.html });
    },
  });
}
