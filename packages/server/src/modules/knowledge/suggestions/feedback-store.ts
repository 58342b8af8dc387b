import { sql, type Expression, type SqlBool } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { FeedbackKind } from '../schemas.ts';

// Feedback rows and the usage counters kept beside them on published_article (ranking reads one
// row). Both change in the same transaction, the article row locked first, so two votes at once
// cannot leave a counter off by one.

export interface PublishedForFeedback {
  articleId: string;
  version: number;
  audience: 'internal' | 'customer';
  bodyText: string;
  validFrom: Date | null;
  validTo: Date | null;
}

/** The published article if the reader may read it; `lock`: held until the transaction ends. */
export async function findReadablePublishedArticle(tx: Tx, articleId: string, readable: Expression<SqlBool>, options: { lock: boolean }): Promise<PublishedForFeedback | undefined> {
  const result = await sql<{ article_id: string; version: number; audience: 'internal' | 'customer'; body_text: string; valid_from: Date | null; valid_to: Date | null }>`
    SELECT p.article_id, p.version, p.audience, p.body_text, p.valid_from, p.valid_to FROM knowledge.published_article p
     WHERE p.article_id = ${articleId}::uuid AND ${readable} ${options.lock ? sql`FOR UPDATE` : sql``}`.execute(tx);
  const r = result.rows[0];
  return r && { articleId: r.article_id, version: r.version, audience: r.audience, bodyText: r.body_text, validFrom: r.valid_from, validTo: r.valid_to };
}

const NO_CASE = '00000000-0000-0000-0000-000000000000';

export type Vote = 'helpful' | 'not-helpful';

/** The reader's vote on the article for this case (or without a case). */
export async function findVote(tx: Tx, articleId: string, userId: string, caseId: string | null): Promise<{ id: string; kind: Vote } | undefined> {
  const result = await sql<{ id: string; kind: Vote }>`
    SELECT id, kind FROM knowledge.feedback
     WHERE article_id = ${articleId}::uuid AND user_id = ${userId}::uuid AND coalesce(case_id, ${NO_CASE}::uuid) = ${caseId ?? NO_CASE}::uuid
       AND kind IN ('helpful', 'not-helpful')`.execute(tx);
  return result.rows[0];
}

export async function insertFeedback(
  tx: Tx,
  row: { id: string; articleId: string; version: number; caseId: string | null; userId: string; kind: FeedbackKind; suggested: boolean; createdAt: Date },
): Promise<void> {
  await tx
    .insertInto('knowledge.feedback')
    .values({ id: row.id, article_id: row.articleId, version: row.version, case_id: row.caseId, user_id: row.userId, kind: row.kind, suggested: row.suggested, created_at: row.createdAt })
    .execute();
}

export async function changeVote(tx: Tx, id: string, change: { kind: Vote; version: number; suggested: boolean; createdAt: Date }): Promise<void> {
  await tx.updateTable('knowledge.feedback').set({ kind: change.kind, version: change.version, suggested: change.suggested, created_at: change.createdAt }).where('id', '=', id).execute();
}

export interface Usage {
  views: number;
  attached: number;
  helpful: number;
  notHelpful: number;
}

/** Adds to the article's counters and answers them as they are now. */
export async function addToUsage(tx: Tx, articleId: string, delta: Usage): Promise<Usage> {
  const r = await tx
    .updateTable('knowledge.published_article')
    .set({
      view_count: sql`view_count + ${delta.views}::int`,
      attach_count: sql`attach_count + ${delta.attached}::int`,
      helpful_count: sql`helpful_count + ${delta.helpful}::int`,
      not_helpful_count: sql`not_helpful_count + ${delta.notHelpful}::int`,
    })
    .where('article_id', '=', articleId)
    .returning(['view_count', 'attach_count', 'helpful_count', 'not_helpful_count'])
    .executeTakeFirstOrThrow();
  return { views: r.view_count, attached: r.attach_count, helpful: r.helpful_count, notHelpful: r.not_helpful_count };
}
