import type { CommandContext } from '../../../platform/commands/index.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { addAttachment, addComment, createCase, findCaseForActionOrThrow, findCaseIdByNumber, findEmailFillableFields, reopenOnCustomerReply, isCaseNumber, sealTitle } from '../../cases/index.ts';
import { findEmailByMessageIds, findInboundEmail, insertEmail } from './email-store.ts';
import type { MailboxRow } from './mailbox-store.ts';
import { withoutQuotedHistory } from './quoted-history.ts';

export interface InboundAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** One e-mail as the listener parsed it. Message-IDs without angle brackets. */
export interface InboundEmail {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null };
  subject: string;
  text: string;
  attachments: InboundAttachment[];
}

export interface ReceiveEmailResult {
  status: 'created' | 'replied' | 'duplicate';
  caseId: string;
  emailId: string;
}

export const NO_SUBJECT = '(无主题)';
const MAX_TITLE = 300;
const MAX_TEXT = 5000;
const MAX_COMMENT = 20_000;
// The customer.email pattern of the cases module: an address it would refuse is not kept.
const STORABLE_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const CASE_NUMBER_IN_SUBJECT = /\[([A-Z]{2,6}-\d{4}-\d{6,})\]/g;

/** The case this e-mail answers: by the Message-IDs it replies to, else by a case number in its subject. */
async function findThreadCaseId(ctx: CommandContext, email: InboundEmail): Promise<string | undefined> {
  const answered = await findEmailByMessageIds(
    ctx.tx,
    [email.inReplyTo, ...email.references].filter((id): id is string => Boolean(id)),
  );
  if (answered) return answered.caseId;
  for (const match of email.subject.matchAll(CASE_NUMBER_IN_SUBJECT)) {
    if (!isCaseNumber(match[1]!)) continue;
    const id = await findCaseIdByNumber(ctx.tx, match[1]!);
    if (id) return id;
  }
  return undefined;
}

/** A case the sender may write into: only when the sender is the case's customer (a stranger quoting a case number opens their own case). */
async function caseOfSender(ctx: CommandContext, caseId: string, sender: string) {
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:comment');
  const customerEmail = typeof found.customer?.email === 'string' ? found.customer.email.trim().toLowerCase() : undefined;
  return customerEmail !== undefined && customerEmail === sender ? found : undefined;
}

/** Keeps what the cases module accepts; a refused file is named (type only) on the e-mail row, not fatal. */
async function keepAttachments(ctx: CommandContext, caseId: string, attachments: InboundAttachment[]): Promise<{ ids: string[]; refused: string[] }> {
  const ids: string[] = [];
  const refused: string[] = [];
  for (const attachment of attachments) {
    try {
      ids.push((await addAttachment(ctx, caseId, attachment)).id);
    } catch (error) {
      // The file checks run before anything is written, so the command goes on without it.
      if (error instanceof Problem && error.type === 'attachment-refused') refused.push(attachment.contentType);
      else throw error;
    }
  }
  return { ids, refused };
}

/**
 * One received e-mail, as system:ingest:email, in one command: a new case, or a customer comment on
 * the case it answers (reopening a finished case), its attachments, and the e-mail row. Idempotent
 * by (mailbox, Message-ID): a resent e-mail returns the first one's result.
 */
export async function receiveEmail(ctx: CommandContext, mailbox: MailboxRow, email: InboundEmail): Promise<ReceiveEmailResult> {
  const earlier = await findInboundEmail(ctx.tx, mailbox.key, email.messageId);
  if (earlier) return { status: 'duplicate', caseId: earlier.caseId, emailId: earlier.id };
  const sender = email.from.address.trim().toLowerCase();
  const subject = email.subject.trim() || NO_SUBJECT;
  const text = withoutQuotedHistory(email.text);
  const threadId = await findThreadCaseId(ctx, email);
  const thread = threadId ? await caseOfSender(ctx, threadId, sender) : undefined;
  const emailId = newId();
  let caseId: string;
  let commentId: string | null = null;
  if (thread) {
    caseId = thread.id;
    const comment = await addComment(ctx, caseId, { body: (text || NO_SUBJECT).slice(0, MAX_COMMENT), visibility: 'public', origin: 'customer', channel: 'email' });
    commentId = comment.id;
    await reopenOnCustomerReply(ctx, caseId, 'The customer answered by e-mail');
  } else {
    const fillable = await findEmailFillableFields(ctx.tx, mailbox.caseType);
    const fields: Record<string, unknown> = {};
    if (fillable.text && text) fields[fillable.text] = text.slice(0, MAX_TEXT);
    if (fillable.name && email.from.name) fields[fillable.name] = email.from.name.slice(0, 50);
    if (fillable.email && STORABLE_ADDRESS.test(sender)) fields[fillable.email] = sender;
    const customer = { ...(STORABLE_ADDRESS.test(sender) ? { email: sender } : {}), ...(email.from.name ? { name: email.from.name.slice(0, 200) } : {}) };
    const created = await createCase(ctx, { type: mailbox.caseType, title: subject.slice(0, MAX_TITLE), fields, channel: 'email', customer });
    caseId = created.case.id;
    // Without a text field on the form, the e-mail's words are kept as the customer's first comment.
    if (!fillable.text || text.length > MAX_TEXT) {
      commentId = (await addComment(ctx, caseId, { body: (text || NO_SUBJECT).slice(0, MAX_COMMENT), visibility: 'public', origin: 'customer', channel: 'email' })).id;
    }
  }
  const kept = await keepAttachments(ctx, caseId, email.attachments);
  const sealed = sealTitle(ctx.keyRing, caseId, subject.slice(0, MAX_TITLE));
  await insertEmail(ctx.tx, {
    id: emailId,
    direction: 'in',
    mailboxKey: mailbox.key,
    messageId: email.messageId,
    inReplyTo: email.inReplyTo,
    caseId,
    commentId,
    attachmentIds: kept.ids,
    status: 'received',
    subject: sealed.title,
    subjectSealed: sealed.titleSealed,
    error: kept.refused.length > 0 ? `${kept.refused.length} attachment(s) not kept: ${[...new Set(kept.refused)].join(', ')} not accepted` : null,
    createdAt: ctx.now,
    sentAt: null,
  });
  return { status: thread ? 'replied' : 'created', caseId, emailId };
}
