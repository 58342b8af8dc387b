import type { Db, Tx } from '../../../platform/db/database.ts';

export type EmailDirection = 'in' | 'out';
export type EmailStatus = 'received' | 'queued' | 'sent' | 'failed';

export interface EmailMessageRow {
  id: string;
  direction: EmailDirection;
  mailboxKey: string;
  messageId: string;
  inReplyTo: string | null;
  caseId: string;
  commentId: string | null;
  attachmentIds: string[];
  status: EmailStatus;
  /** Masked when it holds personal data; the original is in subjectSealed. */
  subject: string;
  subjectSealed: string | null;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectEmails>['executeTakeFirstOrThrow']>>;

function selectEmails(tx: Db | Tx) {
  return tx.selectFrom('integration.email_message').selectAll();
}

function toRow(r: Selected): EmailMessageRow {
  return {
    id: r.id,
    direction: r.direction as EmailDirection,
    mailboxKey: r.mailbox_key,
    messageId: r.message_id,
    inReplyTo: r.in_reply_to,
    caseId: r.case_id,
    commentId: r.comment_id,
    attachmentIds: r.attachment_ids,
    status: r.status as EmailStatus,
    subject: r.subject,
    subjectSealed: r.subject_sealed,
    error: r.error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

export async function insertEmail(tx: Tx, row: EmailMessageRow): Promise<void> {
  await tx
    .insertInto('integration.email_message')
    .values({
      id: row.id,
      direction: row.direction,
      mailbox_key: row.mailboxKey,
      message_id: row.messageId,
      in_reply_to: row.inReplyTo,
      case_id: row.caseId,
      comment_id: row.commentId,
      attachment_ids: row.attachmentIds,
      status: row.status,
      subject: row.subject,
      subject_sealed: row.subjectSealed,
      error: row.error,
      created_at: row.createdAt,
      sent_at: row.sentAt,
    })
    .execute();
}

export async function findInboundEmail(tx: Db | Tx, mailboxKey: string, messageId: string): Promise<EmailMessageRow | undefined> {
  const row = await selectEmails(tx).where('direction', '=', 'in').where('mailbox_key', '=', mailboxKey).where('message_id', '=', messageId).executeTakeFirst();
  return row && toRow(row);
}

/** The newest e-mail (in or out) with one of these Message-IDs: the one a reply answers. */
export async function findEmailByMessageIds(tx: Db | Tx, messageIds: string[]): Promise<EmailMessageRow | undefined> {
  if (messageIds.length === 0) return undefined;
  const row = await selectEmails(tx).where('message_id', 'in', messageIds).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row && toRow(row);
}

export async function findEmail(tx: Db | Tx, id: string): Promise<EmailMessageRow | undefined> {
  const row = await selectEmails(tx).where('id', '=', id).executeTakeFirst();
  return row && toRow(row);
}

export async function listEmailsOfCase(tx: Db | Tx, caseId: string): Promise<EmailMessageRow[]> {
  return (await selectEmails(tx).where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute()).map(toRow);
}

/** The last e-mail the customer sent into this case: replies thread under it and go out from its mailbox. */
export async function findLastInboundOfCase(tx: Db | Tx, caseId: string): Promise<EmailMessageRow | undefined> {
  const row = await selectEmails(tx).where('case_id', '=', caseId).where('direction', '=', 'in').orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row && toRow(row);
}

export async function markEmailSent(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.updateTable('integration.email_message').set({ status: 'sent', sent_at: now, error: null }).where('id', '=', id).execute();
}

export async function markEmailFailed(tx: Db | Tx, id: string, error: string): Promise<void> {
  await tx.updateTable('integration.email_message').set({ status: 'failed', error }).where('id', '=', id).execute();
}
