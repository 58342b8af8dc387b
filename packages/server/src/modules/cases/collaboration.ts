import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { normaliseFileName, polyglotProblem } from './attachment-files.ts';
import type { CommandContext } from '../../platform/commands/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import { findPolicySubjectOfUser, findUserById, isAllowedOnCase, isCaseActionAllowed } from '../access/index.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import type { CaseRow } from './case-row.ts';
import { recordAuditEvent } from '../audit/index.ts';
import {
  deleteCaseLink,
  deleteWatcher,
  findAttachmentWithContent,
  findCommentOfCase,
  insertAttachment,
  insertBlobIfMissing,
  insertCaseLink,
  insertComment,
  insertWatcher,
  listAttachmentsOfCase,
  listCommentsOfCase,
  listLinksOfCase,
  listWatchersOfCase,
  type AttachmentRow,
  type CaseLinkRow,
  type CommentChannel,
  type CommentOrigin,
  type CommentRow,
} from './collaboration-store.ts';
import { caseProblems } from './problems.ts';
import { caseCommentedEvent } from './case-events.ts';
import { notifyMentions } from './comment-mentions.ts';
import { findCaseForActionOrThrow } from './case-access.ts';
import { commentContext, openFreeText } from './free-text-personal-data.ts';
import { presentAttachments, presentComments, presentWrittenAttachment, presentWrittenComment, sealAttachmentName, sealComment, sealCommentChange } from './collaboration-personal-data.ts';

// Comments: internal notes stay inside the bank; public replies are what the customer sees.
// origin/channel (issue 18): a customer's reply through e-mail or the tracking page is written by the
// channel's system actor as a public comment of origin 'customer'; left out, an agent wrote it.
export async function addComment(
  ctx: CommandContext,
  caseId: string,
  input: { body: string; visibility: 'internal' | 'public'; origin?: CommentOrigin; channel?: CommentChannel },
): Promise<CommentRow> {
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:comment');
  if (input.body.trim() === '') throw caseProblems.invalidFields({ errors: [{ field: 'body', reason: 'must not be blank' }] });
  const comment: CommentRow = {
    id: newId(),
    caseId,
    body: input.body,
    visibility: input.visibility,
    authorId: ctx.actor.userId,
    createdAt: ctx.now,
    origin: input.origin ?? 'agent',
    channel: input.channel ?? (ctx.channel === 'api' ? 'api' : 'console'),
  };
  await insertComment(ctx.tx, sealComment(ctx, comment));
  await recordAuditEvent(ctx, {
    action: input.visibility === 'public' ? 'case.replied' : 'case.noted',
    targetType: 'comment',
    targetId: comment.id,
    caseId,
    changes: sealCommentChange(ctx, caseId, input.body),
    data: { visibility: input.visibility },
  });
  await ctx.publish(caseCommentedEvent(caseId, comment.id, input.visibility));
  // Internal notes only: a public reply is written to the customer, not to colleagues.
  if (input.visibility === 'internal') await notifyMentions(ctx, found, input.body);
  return presentWrittenComment(ctx, found, comment);
}

/**
 * Issue 18 (e-mail channel): a public comment's original text and origin, for sending it to the
 * customer it was written to. The reader needs case:read; the text is not masked, since the
 * customer is its addressee. Internal notes are never returned.
 */
export async function readPublicCommentForCustomer(ctx: CommandContext, caseId: string, commentId: string): Promise<{ body: string; origin: string } | undefined> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  const found = await findCommentOfCase(ctx.tx, caseId, commentId);
  if (found?.visibility !== 'public') return undefined;
  await ctx.keyRing.ensureKeys([found.bodySealed]);
  return { body: openFreeText(ctx.keyRing, found.body, found.bodySealed, commentContext(found.id)), origin: found.origin };
}

export async function listComments(ctx: CommandContext, caseId: string): Promise<CommentRow[]> {
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  return presentComments(ctx, found, await listCommentsOfCase(ctx.tx, caseId));
}

// Types a bank's case desk receives: documents, scans, photos, spreadsheets, mail.
// The declared type must match what the bytes are (sniffed), so an executable cannot pass as a PDF.
const BINARY_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/x-cfb',
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
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:attach');
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
  const stored = sealAttachmentName(ctx, attachment);
  await insertAttachment(ctx.tx, stored);
  await recordAuditEvent(ctx, {
    action: 'case.attachment-added',
    targetType: 'attachment',
    targetId: attachment.id,
    caseId,
    data: { fileName: stored.fileName, contentType: attachment.contentType, sizeBytes: attachment.sizeBytes, sha256 },
  });
  return presentWrittenAttachment(ctx, found, attachment);
}

export async function listAttachments(ctx: CommandContext, caseId: string): Promise<AttachmentRow[]> {
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  return presentAttachments(ctx, found, await listAttachmentsOfCase(ctx.tx, caseId));
}

export async function readAttachment(ctx: CommandContext, caseId: string, attachmentId: string): Promise<AttachmentRow & { content: Buffer }> {
  const theCase = await findCaseForActionOrThrow(ctx, caseId, 'case:attachment-read');
  const found = await findAttachmentWithContent(ctx.tx, caseId, attachmentId);
  if (!found) throw caseProblems.attachmentNotFound();
  return (await presentAttachments(ctx, theCase, [found]))[0]!;
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

// Anyone who reads a case may watch or stop watching it themselves; putting someone else on
// (or off) a case's watch list is managing the case, for those who may change or assign it.
function assertMayManageWatchersOf(ctx: CommandContext, found: CaseRow, userId: string): void {
  if (userId === ctx.actor.userId) return;
  if (isAllowedOnCase(ctx.actor, 'case:update', found) || isAllowedOnCase(ctx.actor, 'case:assign', found)) return;
  throw httpProblems.forbidden({ detail: "Only those who may change or assign the case add or remove other people's watch", action: 'case:update' });
}

export async function addWatcher(ctx: CommandContext, caseId: string, userId: string): Promise<void> {
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  assertMayManageWatchersOf(ctx, found, userId);
  if (!(await findUserById(ctx.tx, userId))) throw caseProblems.invalidFields({ errors: [{ field: 'userId', reason: 'no such user' }] });
  // A watcher is told about the case: only someone who may read it.
  const watcher = userId === ctx.actor.userId ? ctx.actor : await findPolicySubjectOfUser(ctx.tx, userId);
  if (!watcher || !isCaseActionAllowed(watcher, 'case:read', found)) {
    throw caseProblems.watcherNotEntitled({ detail: 'Watchers are told about the case, so they must be able to read it', errors: [{ field: 'userId', reason: 'may not read this case' }] });
  }
  if (await insertWatcher(ctx.tx, caseId, userId, ctx.now)) {
    await recordAuditEvent(ctx, { action: 'case.watcher-added', targetType: 'case', targetId: caseId, caseId, data: { userId } });
  }
}

export async function removeWatcher(ctx: CommandContext, caseId: string, userId: string): Promise<void> {
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  assertMayManageWatchersOf(ctx, found, userId);
  if (await deleteWatcher(ctx.tx, caseId, userId)) {
    await recordAuditEvent(ctx, { action: 'case.watcher-removed', targetType: 'case', targetId: caseId, caseId, data: { userId } });
  }
}

export async function listWatchers(ctx: CommandContext, caseId: string) {
  await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  return listWatchersOfCase(ctx.tx, caseId);
}
