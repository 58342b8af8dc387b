import type { Db, Tx } from '../../platform/db/database.ts';

type Executor = Db | Tx;

export type CommentOrigin = 'agent' | 'customer' | 'system';
export type CommentChannel = 'console' | 'api' | 'email' | 'web-form';

export interface CommentRow {
  id: string;
  caseId: string;
  body: string;
  visibility: 'internal' | 'public';
  authorId: string;
  createdAt: Date;
  /** Who wrote it (issue 18): an agent, the customer through a channel, or the system. */
  origin?: CommentOrigin;
  /** Through which channel it came: console, api, email, web-form. */
  channel?: CommentChannel;
  /** At rest: the original body sealed when it holds personal data (`body` then holds it masked). */
  bodySealed?: string | null;
}

export async function insertComment(tx: Tx, comment: CommentRow): Promise<void> {
  await tx
    .insertInto('cases.comment')
    .values({
      id: comment.id,
      case_id: comment.caseId,
      body: comment.body,
      visibility: comment.visibility,
      author_id: comment.authorId,
      created_at: comment.createdAt,
      body_sealed: comment.bodySealed ?? null,
      ...(comment.origin ? { origin: comment.origin } : {}),
      ...(comment.channel ? { channel: comment.channel } : {}),
    })
    .execute();
}

/** Issue 18: one comment as stored (origin included), for the e-mail channel's outbound reply. */
export async function findCommentOfCase(tx: Executor, caseId: string, commentId: string): Promise<(Omit<CommentRow, 'origin'> & { origin: string }) | undefined> {
  const r = await tx.selectFrom('cases.comment').selectAll().where('case_id', '=', caseId).where('id', '=', commentId).executeTakeFirst();
  return r && { id: r.id, caseId: r.case_id, body: r.body, visibility: r.visibility, authorId: r.author_id, createdAt: r.created_at, bodySealed: r.body_sealed, origin: r.origin };
}

export async function listCommentsOfCase(tx: Executor, caseId: string): Promise<CommentRow[]> {
  const rows = await tx.selectFrom('cases.comment').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    body: r.body,
    visibility: r.visibility,
    authorId: r.author_id,
    createdAt: r.created_at,
    origin: r.origin as CommentOrigin,
    channel: r.channel as CommentChannel,
    bodySealed: r.body_sealed,
  }));
}

export interface AttachmentRow {
  id: string;
  caseId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdBy: string;
  createdAt: Date;
  /** At rest: the original file name sealed when it holds personal data (`fileName` then holds it masked). */
  fileNameSealed?: string | null;
}

/** Content-addressed: a blob already stored under its hash is not written again. */
export async function insertBlobIfMissing(tx: Tx, sha256: string, content: Buffer): Promise<void> {
  await tx
    .insertInto('cases.blob')
    .values({ sha256, size_bytes: content.length, content })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export async function insertAttachment(tx: Tx, attachment: AttachmentRow): Promise<void> {
  await tx
    .insertInto('cases.attachment')
    .values({
      id: attachment.id,
      case_id: attachment.caseId,
      file_name: attachment.fileName,
      content_type: attachment.contentType,
      size_bytes: attachment.sizeBytes,
      sha256: attachment.sha256,
      created_by: attachment.createdBy,
      created_at: attachment.createdAt,
      file_name_sealed: attachment.fileNameSealed ?? null,
    })
    .execute();
}

const ATTACHMENT_COLUMNS = ['id', 'case_id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'created_by', 'created_at', 'file_name_sealed'] as const;

function toAttachmentRow(r: {
  id: string;
  case_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_by: string;
  created_at: Date;
  file_name_sealed: string | null;
}): AttachmentRow {
  return {
    id: r.id,
    caseId: r.case_id,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    createdBy: r.created_by,
    createdAt: r.created_at,
    fileNameSealed: r.file_name_sealed,
  };
}

export async function listAttachmentsOfCase(tx: Executor, caseId: string): Promise<AttachmentRow[]> {
  const rows = await tx.selectFrom('cases.attachment').select(ATTACHMENT_COLUMNS).where('case_id', '=', caseId).orderBy('created_at').execute();
  return rows.map(toAttachmentRow);
}

export async function findAttachmentWithContent(tx: Executor, caseId: string, attachmentId: string): Promise<(AttachmentRow & { content: Buffer }) | undefined> {
  const row = await tx
    .selectFrom('cases.attachment as a')
    .innerJoin('cases.blob as b', 'b.sha256', 'a.sha256')
    .select(['a.id', 'a.case_id', 'a.file_name', 'a.content_type', 'a.size_bytes', 'a.sha256', 'a.created_by', 'a.created_at', 'a.file_name_sealed', 'b.content'])
    .where('a.case_id', '=', caseId)
    .where('a.id', '=', attachmentId)
    .executeTakeFirst();
  return row && { ...toAttachmentRow(row), content: row.content };
}

export interface CaseLinkRow {
  id: string;
  caseId: string;
  linkedCaseId: string;
  linkedCaseNumber?: string;
  kind: string;
  createdBy: string;
  createdAt: Date;
}

export async function insertCaseLink(tx: Tx, link: CaseLinkRow): Promise<boolean> {
  const result = await tx
    .insertInto('cases.case_link')
    .values({ id: link.id, case_id: link.caseId, linked_case_id: link.linkedCaseId, kind: link.kind, created_by: link.createdBy, created_at: link.createdAt })
    .onConflict((oc) => oc.columns(['case_id', 'linked_case_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function listLinksOfCase(tx: Executor, caseId: string): Promise<CaseLinkRow[]> {
  const rows = await tx
    .selectFrom('cases.case_link as l')
    .innerJoin('cases.case as c', 'c.id', 'l.linked_case_id')
    .select(['l.id', 'l.case_id', 'l.linked_case_id', 'c.number', 'l.kind', 'l.created_by', 'l.created_at'])
    .where('l.case_id', '=', caseId)
    .orderBy('l.created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, caseId: r.case_id, linkedCaseId: r.linked_case_id, linkedCaseNumber: r.number, kind: r.kind, createdBy: r.created_by, createdAt: r.created_at }));
}

export async function deleteCaseLink(tx: Tx, caseId: string, linkId: string): Promise<CaseLinkRow | undefined> {
  const r = await tx.deleteFrom('cases.case_link').where('case_id', '=', caseId).where('id', '=', linkId).returningAll().executeTakeFirst();
  return r && { id: r.id, caseId: r.case_id, linkedCaseId: r.linked_case_id, kind: r.kind, createdBy: r.created_by, createdAt: r.created_at };
}

export async function insertWatcher(tx: Tx, caseId: string, userId: string, now: Date): Promise<boolean> {
  const result = await tx
    .insertInto('cases.watcher')
    .values({ case_id: caseId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['case_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteWatcher(tx: Tx, caseId: string, userId: string): Promise<boolean> {
  const result = await tx.deleteFrom('cases.watcher').where('case_id', '=', caseId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listWatchersOfCase(tx: Executor, caseId: string): Promise<{ userId: string; since: Date }[]> {
  const rows = await tx.selectFrom('cases.watcher').select(['user_id', 'created_at']).where('case_id', '=', caseId).orderBy('created_at').execute();
  return rows.map((r) => ({ userId: r.user_id, since: r.created_at }));
}
