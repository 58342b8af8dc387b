import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { ArticleKind, ArticleStatus, Audience } from '../schemas.ts';

// The article lists: published articles a reader may read (from the published projection), and
// working versions (drafts, reviews) for their authors, owners and reviewers.

/** One line of a list: what KnowledgeArticleSummary shows. */
export interface ArticleSummaryRow {
  id: string;
  number: string;
  status: ArticleStatus;
  kind: ArticleKind;
  title: string;
  summary: string | null;
  categoryId: string | null;
  categoryNameZh: string | null;
  categoryNameEn: string | null;
  audience: Audience;
  tags: string[];
  caseTypes: string[];
  products: string[];
  validFrom: Date | null;
  validTo: Date | null;
  publishedVersion: number | null;
  currentVersion: number;
  ownerId: string;
  updatedAt: Date;
  publishedAt: Date | null;
  views: number;
  attached: number;
  helpful: number;
  notHelpful: number;
  /** Microseconds since the epoch of updatedAt: the keyset cursor, exact where a Date is not. */
  cursorMicros: string;
}

/** A list line without the list's paging key: search and suggestions present their rows as this too. */
export type ArticleSummaryFacts = Omit<ArticleSummaryRow, 'cursorMicros'>;

/** Where a page starts: after (updatedAt, id) of the previous page's last row. */
export interface ListCursor {
  micros: string;
  id: string;
}

const publishedColumns = sql`a.id, a.number, a.status, p.kind, p.title, p.summary, p.category_id AS "categoryId",
  c.name_zh AS "categoryNameZh", c.name_en AS "categoryNameEn", p.audience, p.tags, p.case_types AS "caseTypes", p.products,
  p.valid_from AS "validFrom", p.valid_to AS "validTo", a.published_version AS "publishedVersion", a.current_version AS "currentVersion",
  a.owner_id AS "ownerId", p.updated_at AS "updatedAt", a.published_at AS "publishedAt",
  p.view_count AS views, p.attach_count AS attached, p.helpful_count AS helpful, p.not_helpful_count AS "notHelpful",
  ((extract(epoch FROM p.updated_at) * 1000000)::bigint)::text AS "cursorMicros"`;

const workingColumns = sql`a.id, a.number, a.status, v.kind, v.title, v.summary, v.category_id AS "categoryId",
  c.name_zh AS "categoryNameZh", c.name_en AS "categoryNameEn", v.audience, v.tags, v.case_types AS "caseTypes", v.products,
  v.valid_from AS "validFrom", v.valid_to AS "validTo", a.published_version AS "publishedVersion", a.current_version AS "currentVersion",
  a.owner_id AS "ownerId", a.updated_at AS "updatedAt", a.published_at AS "publishedAt",
  coalesce(p.view_count, 0) AS views, coalesce(p.attach_count, 0) AS attached, coalesce(p.helpful_count, 0) AS helpful,
  coalesce(p.not_helpful_count, 0) AS "notHelpful",
  ((extract(epoch FROM a.updated_at) * 1000000)::bigint)::text AS "cursorMicros"`;

const afterCursor = (column: RawBuilder<unknown>, idColumn: RawBuilder<unknown>, cursor: ListCursor | undefined) =>
  cursor ? sql<SqlBool>`(${column}, ${idColumn}) < ('epoch'::timestamptz + ${cursor.micros}::bigint * interval '1 microsecond', ${cursor.id}::uuid)` : sql<SqlBool>`TRUE`;

/** Published articles the reader may read (readable is articleReadCondition over `p`), newest first. */
export async function listPublishedSummaries(
  tx: Tx,
  readable: Expression<SqlBool>,
  filter: { categoryId?: string; cursor?: ListCursor; limit: number; order?: 'updated' | 'used' },
): Promise<ArticleSummaryRow[]> {
  const category = filter.categoryId ? sql<SqlBool>`p.category_path @> ARRAY[${filter.categoryId}]::uuid[]` : sql<SqlBool>`TRUE`;
  const order = filter.order === 'used' ? sql`(p.view_count + p.attach_count * 3 + p.helpful_count * 5) DESC, p.updated_at DESC, p.article_id DESC` : sql`p.updated_at DESC, p.article_id DESC`;
  const { rows } = await sql<ArticleSummaryRow>`SELECT ${publishedColumns}
      FROM knowledge.published_article p
      JOIN knowledge.article a ON a.id = p.article_id
      LEFT JOIN knowledge.category c ON c.id = p.category_id
     WHERE ${readable} AND ${category} AND ${afterCursor(sql`p.updated_at`, sql`p.article_id`, filter.cursor)}
     ORDER BY ${order}
     LIMIT ${filter.limit}`.execute(tx);
  return rows;
}

/** Summaries of these published articles, whoever reads them (the caller has checked access), in the order given. */
export async function findPublishedSummaries(tx: Tx, articleIds: readonly string[]): Promise<ArticleSummaryRow[]> {
  if (articleIds.length === 0) return [];
  const { rows } = await sql<ArticleSummaryRow>`SELECT ${publishedColumns}
      FROM knowledge.published_article p
      JOIN knowledge.article a ON a.id = p.article_id
      LEFT JOIN knowledge.category c ON c.id = p.category_id
     WHERE p.article_id = ANY(${[...articleIds]}::uuid[])`.execute(tx);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return articleIds.map((id) => byId.get(id)).filter((r): r is ArticleSummaryRow => r !== undefined);
}

export interface WorkingFilter {
  /** maySeeWorkingArticle over `a`. */
  visible: Expression<SqlBool>;
  status?: ArticleStatus;
  mineOf?: string;
  /** The awaiting-review condition over `a` and `v` (awaitingReviewCondition). */
  awaiting?: Expression<SqlBool>;
  categoryIds?: string[];
  cursor?: ListCursor;
  limit: number;
}

/** Articles by their working version (the latest one), for the people who work on them. */
export async function listWorkingSummaries(tx: Tx, filter: WorkingFilter): Promise<ArticleSummaryRow[]> {
  const { rows } = await sql<ArticleSummaryRow>`SELECT ${workingColumns}
      FROM knowledge.article a
      JOIN knowledge.article_version v ON v.article_id = a.id AND v.version = a.current_version
      LEFT JOIN knowledge.category c ON c.id = v.category_id
      LEFT JOIN knowledge.published_article p ON p.article_id = a.id
     WHERE ${workingWhere(filter)} AND ${afterCursor(sql`a.updated_at`, sql`a.id`, filter.cursor)}
     ORDER BY a.updated_at DESC, a.id DESC
     LIMIT ${filter.limit}`.execute(tx);
  return rows;
}

export async function countWorking(tx: Tx, filter: Omit<WorkingFilter, 'cursor' | 'limit'>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n
      FROM knowledge.article a
      JOIN knowledge.article_version v ON v.article_id = a.id AND v.version = a.current_version
     WHERE ${workingWhere(filter)}`.execute(tx);
  return rows[0]?.n ?? 0;
}

function workingWhere(filter: Omit<WorkingFilter, 'cursor' | 'limit'>): RawBuilder<SqlBool> {
  const clauses: Expression<SqlBool>[] = [filter.visible];
  if (filter.status) clauses.push(sql<SqlBool>`a.status = ${filter.status}`);
  if (filter.mineOf) clauses.push(sql<SqlBool>`(a.owner_id = ${filter.mineOf}::uuid OR a.created_by = ${filter.mineOf}::uuid)`);
  if (filter.awaiting) clauses.push(filter.awaiting);
  if (filter.categoryIds) clauses.push(sql<SqlBool>`v.category_id = ANY(${filter.categoryIds}::uuid[])`);
  return sql<SqlBool>`(${sql.join(clauses, sql` AND `)})`;
}

/**
 * Working versions waiting for a review this user may give (reviewRefusal as SQL over `a` and `v`):
 * in review and the user may review, or approved and the user may compliance-review and was not
 * its first reviewer; never the user's own.
 */
export function awaitingReviewCondition(userId: string, mayReview: Expression<SqlBool>, mayComplianceReview: Expression<SqlBool>): RawBuilder<SqlBool> {
  return sql<SqlBool>`(a.status <> 'retired' AND v.author_id <> ${userId}::uuid AND a.created_by <> ${userId}::uuid AND (
      (v.state = 'in-review' AND ${mayReview})
      OR (v.state = 'approved' AND ${mayComplianceReview} AND NOT EXISTS (
        SELECT 1 FROM knowledge.review r
         WHERE r.article_id = a.id AND r.version = v.version AND r.stage = 'review' AND r.decision = 'approved' AND r.reviewer_id = ${userId}::uuid))))`;
}

/** Number and title of those of these articles the reader may read (published ones), for links. */
export async function findReadableArticleRefs(tx: Tx, articleIds: readonly string[], readable: Expression<SqlBool>): Promise<{ id: string; number: string; title: string }[]> {
  if (articleIds.length === 0) return [];
  const { rows } = await sql<{ id: string; number: string; title: string }>`SELECT p.article_id AS id, p.number, p.title
      FROM knowledge.published_article p
     WHERE p.article_id = ANY(${[...articleIds]}::uuid[]) AND ${readable}`.execute(tx);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return articleIds.map((id) => byId.get(id)).filter((r): r is { id: string; number: string; title: string } => r !== undefined);
}
