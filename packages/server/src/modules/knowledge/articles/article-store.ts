import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { ArticleKind, ArticleStatus, Audience, VersionState } from '../schemas.ts';

// Every SQL statement on knowledge.article, knowledge.article_version and knowledge.review.

export type Sensitivity = 'normal' | 'confidential' | 'secret';

export interface Regulation {
  issuer: string;
  documentNumber?: string;
  issuedAt?: string;
  url?: string;
}

export interface ArticleRow {
  id: string;
  number: string;
  status: ArticleStatus;
  ownerId: string;
  departmentId: string | null;
  currentVersion: number;
  publishedVersion: number | null;
  sourceCaseId: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  retiredAt: Date | null;
  retiredReason: string | null;
  supersededBy: string | null;
  version: number;
}

/** What a version says and to whom: written by create/update, compared by the diff. */
export interface VersionContent {
  kind: ArticleKind;
  title: string;
  summary: string | null;
  bodyHtml: string;
  bodyText: string;
  categoryId: string | null;
  audience: Audience;
  reachSubtreeIds: string[];
  reachDepartmentIds: string[];
  roles: string[];
  sensitivity: Sensitivity;
  tags: string[];
  caseTypes: string[];
  products: string[];
  validFrom: Date | null;
  validTo: Date | null;
  regulation: Regulation | null;
  relatedArticleIds: string[];
  changeNote: string | null;
}

export interface VersionRow extends VersionContent {
  articleId: string;
  version: number;
  state: VersionState;
  authorId: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

export interface ReviewRow {
  id: string;
  articleId: string;
  version: number;
  stage: 'review' | 'compliance';
  decision: 'approved' | 'rejected';
  reviewerId: string;
  comment: string | null;
  decidedAt: Date;
}

type ArticleDb = {
  id: string;
  number: string;
  status: string;
  owner_id: string;
  department_id: string | null;
  current_version: number;
  published_version: number | null;
  source_case_id: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  retired_at: Date | null;
  retired_reason: string | null;
  superseded_by: string | null;
  version: number;
};

function toArticle(r: ArticleDb): ArticleRow {
  return {
    id: r.id,
    number: r.number,
    status: r.status as ArticleStatus,
    ownerId: r.owner_id,
    departmentId: r.department_id,
    currentVersion: r.current_version,
    publishedVersion: r.published_version,
    sourceCaseId: r.source_case_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
    retiredAt: r.retired_at,
    retiredReason: r.retired_reason,
    supersededBy: r.superseded_by,
    version: r.version,
  };
}

type VersionDb = {
  article_id: string;
  version: number;
  state: string;
  kind: string;
  title: string;
  summary: string | null;
  body_html: string;
  body_text: string;
  category_id: string | null;
  audience: string;
  reach_subtree_ids: string[];
  reach_department_ids: string[];
  roles: string[];
  sensitivity: string;
  tags: string[];
  case_types: string[];
  products: string[];
  valid_from: Date | null;
  valid_to: Date | null;
  regulation: unknown;
  related_article_ids: string[];
  change_note: string | null;
  author_id: string;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
};

function toVersion(r: VersionDb): VersionRow {
  return {
    articleId: r.article_id,
    version: r.version,
    state: r.state as VersionState,
    kind: r.kind as ArticleKind,
    title: r.title,
    summary: r.summary,
    bodyHtml: r.body_html,
    bodyText: r.body_text,
    categoryId: r.category_id,
    audience: r.audience as Audience,
    reachSubtreeIds: r.reach_subtree_ids,
    reachDepartmentIds: r.reach_department_ids,
    roles: r.roles,
    sensitivity: r.sensitivity as Sensitivity,
    tags: r.tags,
    caseTypes: r.case_types,
    products: r.products,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    regulation: (r.regulation as Regulation | null) ?? null,
    relatedArticleIds: r.related_article_ids,
    changeNote: r.change_note,
    authorId: r.author_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
  };
}

function contentColumns(c: VersionContent) {
  return {
    kind: c.kind,
    title: c.title,
    summary: c.summary,
    body_html: c.bodyHtml,
    body_text: c.bodyText,
    category_id: c.categoryId,
    audience: c.audience,
    reach_subtree_ids: c.reachSubtreeIds,
    reach_department_ids: c.reachDepartmentIds,
    roles: c.roles,
    sensitivity: c.sensitivity,
    tags: c.tags,
    case_types: c.caseTypes,
    products: c.products,
    valid_from: c.validFrom,
    valid_to: c.validTo,
    regulation: c.regulation === null ? null : JSON.stringify(c.regulation),
    related_article_ids: c.relatedArticleIds,
    change_note: c.changeNote,
  };
}

/** KB-000042: the next numbers of knowledge.article_number_seq, in order. */
export async function nextArticleNumbers(tx: Tx, count: number): Promise<string[]> {
  const rows = await sql<{ n: number }>`SELECT nextval('knowledge.article_number_seq')::int AS n FROM generate_series(1, ${count})`.execute(tx);
  return rows.rows.map((r) => `KB-${String(r.n).padStart(6, '0')}`);
}

export async function insertArticles(tx: Tx, rows: Omit<ArticleRow, 'version' | 'retiredAt' | 'retiredReason' | 'supersededBy'>[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('knowledge.article')
    .values(
      rows.map((a) => ({
        id: a.id,
        number: a.number,
        status: a.status,
        owner_id: a.ownerId,
        department_id: a.departmentId,
        current_version: a.currentVersion,
        published_version: a.publishedVersion,
        source_case_id: a.sourceCaseId,
        created_by: a.createdBy,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
        published_at: a.publishedAt,
      })),
    )
    .execute();
}

export async function insertVersions(tx: Tx, rows: VersionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('knowledge.article_version')
    .values(
      rows.map((v) => ({
        article_id: v.articleId,
        version: v.version,
        state: v.state,
        ...contentColumns(v),
        author_id: v.authorId,
        created_at: v.createdAt,
        updated_at: v.updatedAt,
        submitted_at: v.submittedAt,
      })),
    )
    .execute();
}

export async function findArticle(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<ArticleRow | undefined> {
  let query = tx.selectFrom('knowledge.article').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toArticle(row as ArticleDb) : undefined;
}

export async function findVersion(tx: Tx, articleId: string, version: number): Promise<VersionRow | undefined> {
  const row = await tx.selectFrom('knowledge.article_version').selectAll().where('article_id', '=', articleId).where('version', '=', version).executeTakeFirst();
  return row ? toVersion(row as VersionDb) : undefined;
}

export async function listVersions(tx: Tx, articleId: string): Promise<VersionRow[]> {
  const rows = await tx.selectFrom('knowledge.article_version').selectAll().where('article_id', '=', articleId).orderBy('version', 'desc').execute();
  return rows.map((r) => toVersion(r as VersionDb));
}

export async function updateVersionContent(tx: Tx, articleId: string, version: number, content: VersionContent, authorId: string, now: Date): Promise<void> {
  await tx
    .updateTable('knowledge.article_version')
    .set({ ...contentColumns(content), author_id: authorId, updated_at: now })
    .where('article_id', '=', articleId)
    .where('version', '=', version)
    .execute();
}

export async function setVersionState(tx: Tx, articleId: string, version: number, state: VersionState, now: Date, options: { submitted?: boolean } = {}): Promise<void> {
  await tx
    .updateTable('knowledge.article_version')
    .set({ state, updated_at: now, ...(options.submitted ? { submitted_at: now } : {}) })
    .where('article_id', '=', articleId)
    .where('version', '=', version)
    .execute();
}

export type ArticleChanges = Partial<Pick<ArticleRow, 'status' | 'ownerId' | 'departmentId' | 'currentVersion' | 'publishedVersion' | 'publishedAt' | 'retiredAt' | 'retiredReason' | 'supersededBy'>>;

/** Applies changes when the article is still at expectedVersion (If-Match); false when it moved on. */
export async function updateArticleIfVersion(tx: Tx, id: string, expectedVersion: number, changes: ArticleChanges, now: Date): Promise<boolean> {
  const set: Record<string, unknown> = { updated_at: now, version: expectedVersion + 1 };
  if (changes.status !== undefined) set.status = changes.status;
  if (changes.ownerId !== undefined) set.owner_id = changes.ownerId;
  if (changes.departmentId !== undefined) set.department_id = changes.departmentId;
  if (changes.currentVersion !== undefined) set.current_version = changes.currentVersion;
  if (changes.publishedVersion !== undefined) set.published_version = changes.publishedVersion;
  if (changes.publishedAt !== undefined) set.published_at = changes.publishedAt;
  if (changes.retiredAt !== undefined) set.retired_at = changes.retiredAt;
  if (changes.retiredReason !== undefined) set.retired_reason = changes.retiredReason;
  if (changes.supersededBy !== undefined) set.superseded_by = changes.supersededBy;
  const result = await tx.updateTable('knowledge.article').set(set).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertReview(tx: Tx, review: ReviewRow): Promise<void> {
  await tx
    .insertInto('knowledge.review')
    .values({
      id: review.id,
      article_id: review.articleId,
      version: review.version,
      stage: review.stage,
      decision: review.decision,
      reviewer_id: review.reviewerId,
      comment: review.comment,
      decided_at: review.decidedAt,
    })
    .execute();
}

export async function listReviews(tx: Tx, articleId: string, version?: number): Promise<ReviewRow[]> {
  let query = tx.selectFrom('knowledge.review').selectAll().where('article_id', '=', articleId);
  if (version !== undefined) query = query.where('version', '=', version);
  const rows = await query.orderBy('decided_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    articleId: r.article_id,
    version: r.version,
    stage: r.stage as ReviewRow['stage'],
    decision: r.decision as ReviewRow['decision'],
    reviewerId: r.reviewer_id,
    comment: r.comment,
    decidedAt: r.decided_at,
  }));
}

export interface Usage {
  views: number;
  attached: number;
  helpful: number;
  notHelpful: number;
}

export async function findUsage(tx: Tx, articleId: string): Promise<Usage> {
  const row = await tx.selectFrom('knowledge.published_article').select(['view_count', 'attach_count', 'helpful_count', 'not_helpful_count']).where('article_id', '=', articleId).executeTakeFirst();
  return { views: row?.view_count ?? 0, attached: row?.attach_count ?? 0, helpful: row?.helpful_count ?? 0, notHelpful: row?.not_helpful_count ?? 0 };
}

/** The caller's own helpful/not-helpful vote on the article outside any case. */
export async function findMyVote(tx: Tx, articleId: string, userId: string): Promise<'helpful' | 'not-helpful' | null> {
  const row = await tx
    .selectFrom('knowledge.feedback')
    .select('kind')
    .where('article_id', '=', articleId)
    .where('user_id', '=', userId)
    .where('case_id', 'is', null)
    .where('kind', 'in', ['helpful', 'not-helpful'])
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return (row?.kind as 'helpful' | 'not-helpful' | undefined) ?? null;
}

export async function existingArticleIds(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .selectFrom('knowledge.article')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function countArticlesInCategory(tx: Tx, categoryId: string): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM knowledge.article a
      JOIN knowledge.article_version v ON v.article_id = a.id
     WHERE v.category_id = ${categoryId}`.execute(tx);
  return row.rows[0]?.n ?? 0;
}
