import type { CommandContext } from '../../platform/commands/index.ts';
import type { FieldChange } from '../../platform/db/tables.ts';
import { sealChanges } from './case-crypto.ts';
import type { CaseRow } from './case-row.ts';
import type { AttachmentRow, CommentRow } from './collaboration-store.ts';
import { attachmentNameContext, commentContext, openFreeText, presentFreeText, sealFreeText, withFindings, type WithFindings } from './free-text-personal-data.ts';

// Comments and attachment file names are free text: sealed at rest when they hold personal
// data, and shown to each reader as the reader's field rules allow (see free-text-personal-data.ts).

/** The comment as stored: personal data masked in `body`, the original in `bodySealed`. */
export function sealComment(ctx: CommandContext, comment: CommentRow): CommentRow {
  const { stored, sealed } = sealFreeText(ctx.keyRing, comment.body, commentContext(comment.id));
  return { ...comment, body: stored, bodySealed: sealed };
}

/** The audit change of a new comment, sealed like a sensitive field when the body holds personal data. */
export function sealCommentChange(ctx: CommandContext, caseId: string, body: string): FieldChange[] {
  return sealChanges(ctx.keyRing, caseId, [{ field: 'comment', before: null, after: body }], new Map());
}

export async function presentComments(ctx: CommandContext, found: CaseRow, comments: CommentRow[]): Promise<CommentRow[]> {
  await ctx.keyRing.ensureKeys(comments.map((c) => c.bodySealed));
  return comments.map(({ bodySealed, ...c }) => ({
    ...c,
    body: presentFreeText(openFreeText(ctx.keyRing, c.body, bodySealed, commentContext(c.id)), ctx.actor, found, 'comment'),
  }));
}

/** A comment just written, as its writer may see it, with what was found in it. */
export function presentWrittenComment(ctx: CommandContext, found: CaseRow, comment: CommentRow): CommentRow & WithFindings {
  const { bodySealed: _sealed, ...plain } = comment;
  return withFindings({ ...plain, body: presentFreeText(comment.body, ctx.actor, found, 'comment') }, { body: comment.body });
}

/** The attachment as stored: personal data masked in `fileName`, the original in `fileNameSealed`. */
export function sealAttachmentName(ctx: CommandContext, attachment: AttachmentRow): AttachmentRow {
  const { stored, sealed } = sealFreeText(ctx.keyRing, attachment.fileName, attachmentNameContext(attachment.id));
  return { ...attachment, fileName: stored, fileNameSealed: sealed };
}

export async function presentAttachments<T extends AttachmentRow>(ctx: CommandContext, found: CaseRow, attachments: T[]): Promise<T[]> {
  await ctx.keyRing.ensureKeys(attachments.map((a) => a.fileNameSealed));
  return attachments.map(({ fileNameSealed, ...a }) => ({
    ...a,
    fileName: presentFreeText(openFreeText(ctx.keyRing, a.fileName, fileNameSealed, attachmentNameContext(a.id)), ctx.actor, found, 'attachment.fileName'),
  })) as T[];
}

/** An attachment just uploaded, as its uploader may see it, with what was found in its name. */
export function presentWrittenAttachment(ctx: CommandContext, found: CaseRow, attachment: AttachmentRow): AttachmentRow & WithFindings {
  const { fileNameSealed: _sealed, ...plain } = attachment;
  return withFindings({ ...plain, fileName: presentFreeText(attachment.fileName, ctx.actor, found, 'attachment.fileName') }, { fileName: attachment.fileName });
}
