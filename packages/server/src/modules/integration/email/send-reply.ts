import nodemailer, { type Transporter } from 'nodemailer';
import type { Registry } from 'prom-client';
import type { CommandContext, CommandSubscribers } from '../../../platform/commands/index.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { type JobHandlers, scheduleJob } from '../../../platform/jobs/index.ts';
import { findCaseForActionOrThrow, readPublicCommentForCustomer, sealTitle } from '../../cases/index.ts';
import { emailMetrics } from './email-metrics.ts';
import { findEmail, findLastInboundOfCase, insertEmail, markEmailFailed, markEmailSent } from './email-store.ts';
import { findActiveMailboxForCaseType, findMailbox, type MailboxRow } from './mailbox-store.ts';
import { renderReply, replySubject } from './reply-template.ts';

export const EMAIL_SEND_JOB_KIND = 'integration.email-send';
export const EMAIL_ACTOR = 'system:ingest:email';
/** 1 s doubling: the last of 10 attempts is about 8.5 minutes after the first; then the e-mail is failed. */
export const EMAIL_SEND_MAX_ATTEMPTS = 10;

const customerEmailOf = (row: { customer: { email?: unknown } | null }) => (typeof row.customer?.email === 'string' && row.customer.email !== '' ? row.customer.email : undefined);

/** The mailbox a reply goes out from: the one the customer last wrote to (while active), else the active one for the case's type. */
async function replyMailbox(ctx: CommandContext, caseId: string, caseType: string): Promise<{ mailbox: MailboxRow; inReplyTo: string | null } | undefined> {
  const lastIn = await findLastInboundOfCase(ctx.tx, caseId);
  const cameThrough = lastIn ? await findMailbox(ctx.tx, lastIn.mailboxKey) : undefined;
  const mailbox = cameThrough?.active ? cameThrough : await findActiveMailboxForCaseType(ctx.tx, caseType);
  return mailbox && { mailbox, inReplyTo: lastIn?.messageId ?? null };
}

/**
 * In the agent's comment command: a public reply by an agent to a case with a customer e-mail and
 * a mailbox is queued (the e-mail row and its send job commit with the comment, or neither does).
 */
export async function queueReplyEmail(ctx: CommandContext, caseId: string, commentId: string): Promise<void> {
  const comment = await readPublicCommentForCustomer(ctx, caseId, commentId);
  if (comment?.origin !== 'agent') return;
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  if (!customerEmailOf(found)) return;
  const route = await replyMailbox(ctx, caseId, found.typeKey);
  if (!route) return;
  const id = newId();
  const subject = sealTitle(ctx.keyRing, caseId, replySubject(found.title, found.number));
  await insertEmail(ctx.tx, {
    id,
    direction: 'out',
    mailboxKey: route.mailbox.key,
    messageId: `${id}@docket.${route.mailbox.address.split('@')[1]}`,
    inReplyTo: route.inReplyTo,
    caseId,
    commentId,
    attachmentIds: [],
    status: 'queued',
    subject: subject.title,
    subjectSealed: subject.titleSealed,
    error: null,
    createdAt: ctx.now,
    sentAt: null,
  });
  await scheduleJob(ctx.tx, { kind: EMAIL_SEND_JOB_KIND, key: id, dueAt: ctx.now, payload: { emailId: id }, maxAttempts: EMAIL_SEND_MAX_ATTEMPTS });
}

/** Agents' public replies become e-mails; returns the unsubscribe. */
export function subscribeEmailReplies(subscribers: CommandSubscribers): () => void {
  return subscribers.subscribeInTransaction('case.commented', async (ctx, e) => {
    if (e.payload.visibility !== 'public') return;
    try {
      await queueReplyEmail(ctx, e.payload.caseId, e.payload.commentId);
    } catch (error) {
      // A commenter who may comment but not read the case (a system actor): no e-mail, and the
      // comment stands. The refusal is thrown before anything is written, so the transaction is sound.
      if (error instanceof Problem && (error.status === 403 || error.status === 404)) return;
      throw error;
    }
  });
}

export interface EmailSendOptions {
  /** DOCKET_SMTP_URL; unset: queued replies fail at once (stated on the e-mail), none waits forever. */
  smtpUrl?: string;
  /** For tests: what sends. @default nodemailer over smtpUrl */
  transport?: Pick<Transporter, 'sendMail'>;
  metrics?: Registry;
}

// As the notification e-mails: a hanging server must not hold the job's transaction for minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** What is kept of a failure: the SMTP code or the error code, never the server's text (it may quote the address). */
function failureOf(error: unknown): string {
  const e = error as { responseCode?: number; code?: string };
  return e?.responseCode ? `SMTP ${e.responseCode}` : `not sent (${e?.code ?? 'error'})`;
}

/**
 * The job that sends one queued reply, as system:ingest:email: From the mailbox, To the case's
 * customer e-mail (read now), threaded under the customer's last e-mail. A failure is retried
 * with back-off; after the last attempt the e-mail is marked failed. A crash between the server's
 * 250 and the commit sends it again (same Message-ID, so mail clients show it once).
 */
export function registerEmailJobs(handlers: JobHandlers, options: EmailSendOptions): void {
  const metrics = emailMetrics(options.metrics);
  let transport = options.transport;
  const transportOrNone = () => {
    if (!transport && options.smtpUrl) transport = nodemailer.createTransport(options.smtpUrl, SMTP_TIMEOUTS as never);
    return transport;
  };
  handlers.register({
    kind: EMAIL_SEND_JOB_KIND,
    actor: EMAIL_ACTOR,
    async handle(ctx, job) {
      const emailId = (job.payload as { emailId?: string })?.emailId;
      const email = emailId ? await findEmail(ctx.tx, emailId) : undefined;
      if (email?.status !== 'queued') return;
      const fail = async (reason: string) => {
        await markEmailFailed(ctx.tx, email.id, reason);
        metrics.sent('failed');
      };
      const sender = transportOrNone();
      if (!sender) return fail('DOCKET_SMTP_URL is not set');
      const mailbox = await findMailbox(ctx.tx, email.mailboxKey);
      if (!mailbox) return fail('the mailbox was deleted');
      const found = await findCaseForActionOrThrow(ctx, email.caseId, 'case:read');
      const to = customerEmailOf(found);
      if (!to) return fail('the case has no customer e-mail');
      const comment = email.commentId ? await readPublicCommentForCustomer(ctx, email.caseId, email.commentId) : undefined;
      if (!comment) return fail('the reply is gone');
      const customerName = typeof found.customer?.name === 'string' ? found.customer.name : null;
      const thread = email.inReplyTo ? `<${email.inReplyTo}>` : undefined;
      try {
        await sender.sendMail({
          from: { name: mailbox.name, address: mailbox.address },
          to,
          subject: replySubject(found.title, found.number),
          text: renderReply(mailbox.language, { customerName, reply: comment.body, caseNumber: found.number, mailboxName: mailbox.name }),
          messageId: `<${email.messageId}>`,
          ...(thread ? { inReplyTo: thread, references: thread } : {}),
        });
      } catch (error) {
        if (job.attempts + 1 < EMAIL_SEND_MAX_ATTEMPTS) {
          metrics.sent('retrying');
          throw new Error(`the reply e-mail was not sent: ${failureOf(error)}`);
        }
        return fail(failureOf(error));
      }
      await markEmailSent(ctx.tx, email.id, ctx.now);
      metrics.sent('sent');
    },
  });
}
