import type { CommandContext } from '../../../platform/commands/index.ts';
import { findCaseForActionOrThrow, presentCase } from '../../cases/index.ts';
import { listEmailsOfCase } from './email-store.ts';

/**
 * A case's e-mails, oldest first, for a reader with case:read. The counterpart is the case's
 * customer e-mail as the reader's field rules show customer.email (masked, or left out as '');
 * the subject as stored (personal data in it masked).
 */
export async function listCaseEmails(ctx: CommandContext, caseId: string) {
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  const view = await presentCase(ctx, found);
  const shown = (view.customer as Record<string, unknown> | null)?.email;
  const counterpart = typeof shown === 'string' ? shown : '';
  return (await listEmailsOfCase(ctx.tx, caseId)).map((e) => ({
    id: e.id,
    caseId: e.caseId,
    direction: e.direction,
    status: e.status,
    mailboxKey: e.mailboxKey,
    subject: e.subject,
    commentId: e.commentId,
    attachmentIds: e.attachmentIds,
    counterpart,
    error: e.error,
    at: (e.sentAt ?? e.createdAt).toISOString(),
  }));
}
