import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { normaliseFileName, polyglotProblem } from './attachment-files.ts';
import type { CommandContext } from '../../platform/http/command-context.ts';
import { newId } from '../../platform/ids/ids.ts';
import { enqueueOutboxEvents } from '../../platform/outbox/outbox.ts';
import { findUserById } from '../access/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import {
  deleteCaseLink, deleteWatcher, findAttachmentWithContent, insertAttachment, insertBlobIfMissing, insertCaseLink, insertComment,
  insertWatcher, listAttachmentsOfCase, listCommentsOfCase, listLinksOfCase, listWatchersOfCase,
  type AttachmentRow, type CaseLinkRow, type CommentRow,
} from './collaboration-store.ts';
import { caseProblems } from './problems.ts';
import { findCaseForActionOrThrow } from './case-access.ts';

// Comments: internal notes stay inside the bank; public replies are what the customer sees.
export async function addComment(ctx: CommandContext, caseId: string, input: { body: string; visibility: 'internal' | 'public' }): Promise<CommentRow> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:comment');
  if (input.body.trim() === '') throw caseProblems.invalidFields({ errors: [{ field: 'body', reason: 'must not be blank' }] });
  const comment: CommentRow = { id: newId(), caseId, body: input.body, visibility: input.visibility, authorId: ctx.actor.userId, createdAt: ctx.now };
  await insertComment(ctx.tx, comment);
  await recordAuditEvent(ctx, {
    action: input.visibility === 'public' ? 'case.replied' : 'case.noted',
    targetType: 'comment',
    targetId: comment.id,
    caseId,
    changes: [{ field: 'comment', before: null, after: input.body }],
    data: { visibility: input.visibility },
  });
  await enqueueOutboxEvents(ctx.tx, [{ subject: 'case.commented', caseId, payload: { id: caseId, commentId: comment.id, visibility: input.visibility } }]);
  return comment;
}

export async function listComments(ctx: CommandContext, caseId: string): Promise<CommentRow[]> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  return listCommentsOfCase(ctx.tx, caseId);
}

// Types a bank's case desk receives: documents, scans, photos, spreadsheets, mail.
// The declared type must match what the bytes are (sniffed), so an executable cannot pass as a PDF.
const BINARY_TYPES = new Set([
  'application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/tiff', 'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/msword', 'application/vnd.ms-excel', 'application/x-cfb',
]);
const TEXT_TYPES = new Set(['text/plain', 'text/csv', 'message/rfc822', 'application/json']);

async function contentTypeProblem(declared: string, content: Buffer): Promise<string | undefined> {
  if (TEXT_TYPES.has(declared)) {
    if (content.includes(0)) return `${declared} must not contain binary data`;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      return `${declared} must be UTF-8 text`;
    }
    return undefined;
  }
  if (!BINARY_TYPES.has(declared)) return `${declared} is not an accepted type (${[...BINARY_TYPES, ...TEXT_TYPES].join(', ')})`;
  const sniffed = await fileTypeFromBuffer(content);
  const legacyOffice = (declared === 'application/msword' || declared === 'application/vnd.ms-excel') && sniffed?.mime === 'application/x-cfb';
  if (!sniffed || (sniffed.mime !== declared && !legacyOffice)) return `the content is ${sniffed?.mime ?? 'not recognisable'}, not ${declared}`;
  return polyglotProblem(declared, content);
}

export async function addAttachment(ctx: CommandContext, caseId: string, input: { fileName: string; contentType: string; content: Buffer }): Promise<AttachmentRow> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:attach');
  const problem = await contentTypeProblem(input.contentType, input.content);
  if (problem) throw caseProblems.attachmentRefused({ detail: problem });
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  await insertBlobIfMissing(ctx.tx, sha256, input.content);
  const attachment: AttachmentRow = {
    id: newId(),
    caseId,
    fileName: normaliseFileName(input.fileName, input.contentType),
    contentType: input.contentType,
    sizeBytes: input.content.length,
    sha256,
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
  };
  await insertAttachment(ctx.tx, attachment);
  await recordAuditEvent(ctx, {
    action: 'case.attachment-added',
    targetType: 'attachment',
    targetId: attachment.id,
    caseId,
    data: { fileName: attachment.fileName, contentType: attachment.contentType, sizeBytes: attachment.sizeBytes, sha256 },
  });
  return attachment;
}

export async function listAttachments(ctx: CommandContext, caseId: string): Promise<AttachmentRow[]> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  return listAttachmentsOfCase(ctx.tx, caseId);
}

export async function readAttachment(ctx: CommandContext, caseId: string, attachmentId: string): Promise<AttachmentRow & { content: Buffer }> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:attachment-read');
  const found = await findAttachmentWithContent(ctx.tx, caseId, attachmentId);
  if (!found) throw caseProblems.attachmentNotFound();
  return found;
}

export async function linkCases(ctx: CommandContext, caseId: string, input: { caseId: string; kind: string }): Promise<CaseLinkRow> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:update');
  if (input.caseId === caseId) throw caseProblems.invalidFields({ errors: [{ field: 'caseId', reason: 'a case cannot link to itself' }] });
  const other = await findCaseForActionOrThrow(ctx, input.caseId, 'case:read').catch(() => {
    throw caseProblems.invalidFields({ errors: [{ field: 'caseId', reason: 'no such case' }] });
  });
  const link: CaseLinkRow = { id: newId(), caseId, linkedCaseId: other.id, linkedCaseNumber: other.number, kind: input.kind, createdBy: ctx.actor.userId, createdAt: ctx.now };
  if (await insertCaseLink(ctx.tx, link)) {
    await recordAuditEvent(ctx, { action: 'case.linked', targetType: 'case-link', targetId: link.id, caseId, data: { linkedCaseId: other.id, linkedCaseNumber: other.number, kind: input.kind } });
    return link;
  }
  return (await listLinksOfCase(ctx.tx, caseId)).find((l) => l.linkedCaseId === other.id && l.kind === input.kind)!;
}

export async function listLinks(ctx: CommandContext, caseId: string): Promise<CaseLinkRow[]> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  return listLinksOfCase(ctx.tx, caseId);
}

export async function unlinkCases(ctx: CommandContext, caseId: string, linkId: string): Promise<void> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:update');
  const removed = await deleteCaseLink(ctx.tx, caseId, linkId);
  if (!removed) throw caseProblems.linkNotFound();
  await recordAuditEvent(ctx, { action: 'case.unlinked', targetType: 'case-link', targetId: linkId, caseId, data: { linkedCaseId: removed.linkedCaseId, kind: removed.kind } });
}

export async function addWatcher(ctx: CommandContext, caseId: string, userId: string): Promise<void> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  if (!(await findUserById(ctx.tx, userId))) throw caseProblems.invalidFields({ errors: [{ field: 'userId', reason: 'no such user' }] });
  if (await insertWatcher(ctx.tx, caseId, userId, ctx.now)) {
    await recordAuditEvent(ctx, { action: 'case.watcher-added', targetType: 'case', targetId: caseId, caseId, data: { userId } });
  }
}

export async function removeWatcher(ctx: CommandContext, caseId: string, userId: string): Promise<void> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  if (await deleteWatcher(ctx.tx, caseId, userId)) {
    await recordAuditEvent(ctx, { action: 'case.watcher-removed', targetType: 'case', targetId: caseId, caseId, data: { userId } });
  }
}

export async function listWatchers(ctx: CommandContext, caseId: string) {
  await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  return listWatchersOfCase(ctx.tx, caseId);
}
