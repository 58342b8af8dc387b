import { sql, type Expression, type SqlBool } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { ArticleSummaryFacts } from '../articles/summary-store.ts';
import { cheaperAccess, estimateCaseDocumentMatches, estimatePublishedMatches, matchCondition, SCAN_COST } from '../search/search-store.ts';

// The reads behind suggestions on a case. Both rank in SQL on the GIN indexes of the two
// projections (published_article, case_document) and hand Node a handful of rows; reasons and
// snippets are computed in Node for those only.

/** An OR query over words, each parsed as the index parsed it (plainto_tsquery per word). */
function anyOf(words: string[]) {
  return sql`(${sql.join(
    words.map((w) => sql`plainto_tsquery('simple', ${w})`),
    sql` || `,
  )})`;
}

/** A suggested article: the list line every knowledge list shows, plus what ranking and reasons need. */
export type ArticleCandidate = ArticleSummaryFacts & {
  version: number;
  bodyText: string;
  /** Helpful votes given on cases of the suggested case's type. */
  helpfulOnType: number;
  score: number;
};

export interface ArticleQuery {
  words: string[];
  caseType: string;
  category: string | null;
  product: string | null;
  now: Date;
  limit: number;
  readable: Expression<SqlBool>;
}

// Boosts beside the text rank (ts_rank_cd is about 0.1 for one title word): the case's own type
// and product weigh like a strong text match; helpful votes separate articles that say as much.
const MATCH_CANDIDATES = 400;
const HEADING_CANDIDATES = 200;
const SAME_TYPE_CASE_CANDIDATES = 300;
const ANY_TYPE_CASE_CANDIDATES = 100;
// ts_rank_cd over a dozen OR-ed words costs about 0.1 ms an article (cover density reads every
// position of every word): over 600 candidates that was most of an answer's time on the bench.
// So the candidates are first cut to a shortlist by ts_rank (term frequency, a tenth of the cost)
// plus the same boosts, and only the shortlist is ranked by cover density. Below SHORTLIST
// candidates the order is exactly the full ranking's.
const SHORTLIST = 100;
const TYPE_BOOST = 0.5;
const PRODUCT_BOOST = 0.3;
const CATEGORY_BOOST = 0.2;
const HELPFUL_WEIGHT = 0.1;
const HELPFUL_ON_TYPE_WEIGHT = 0.2;
const NOT_HELPFUL_WEIGHT = 0.05;

/**
 * Published articles the reader may read, in force at `now`, that share a word with the case,
 * best first. Retired articles have no row in published_article; expired and upcoming ones are
 * left out here.
 */
export async function findSuggestedArticles(tx: Tx, q: ArticleQuery): Promise<ArticleCandidate[]> {
  if (q.words.length === 0) return [];
  const boost = sql`(CASE WHEN p.case_types @> ARRAY[${q.caseType}]::text[] THEN ${TYPE_BOOST}::float8 ELSE 0 END
      + CASE WHEN ${q.product}::text IS NOT NULL AND ${q.product}::text = ANY(p.products) THEN ${PRODUCT_BOOST}::float8 ELSE 0 END
      + CASE WHEN ${q.category}::text IS NOT NULL AND ${q.category}::text IS DISTINCT FROM ${q.product}::text AND ${q.category}::text = ANY(p.products || p.tags) THEN ${CATEGORY_BOOST}::float8 ELSE 0 END
      + ${HELPFUL_WEIGHT}::float8 * ln(1 + p.helpful_count) - ${NOT_HELPFUL_WEIGHT}::float8 * ln(1 + p.not_helpful_count))`;
  const current = sql<SqlBool>`(p.valid_from IS NULL OR p.valid_from <= ${q.now}::timestamptz) AND (p.valid_to IS NULL OR p.valid_to > ${q.now}::timestamptz)`;
  // A case's words ORed together match most of a large base, and ts_rank_cd reads each row's
  // whole vector: ranking every match took seconds on 100,000 articles (bench, issue 19). So only
  // a bounded set is ranked, as in search (search/search-store.ts): the first matches (all of
  // them below MATCH_CANDIDATES, so small bases rank exactly) and the first whose title, summary
  // or tags match (their own GIN index); the case type, product and feedback boosts then order
  // them. (A third set, the first matches of the case's own type, is not worth its own pass over
  // the posting lists on a base this size: bench p95 154 ms with it, 161 ms without.)
  // The same words OR-ed match most of a large base: the first candidates are then found by
  // reading rows in table order (a few hundred rows), not by the GIN bitmap of every match
  // (search-store.ts, cheaperAccess). The query is written out in each match, not taken from the
  // CTE, so the planner estimates it as a constant.
  const query = anyOf(q.words);
  const estimate = await estimatePublishedMatches(tx, query);
  const bodyMatch = matchCondition(sql`p.search_vector`, query, cheaperAccess(estimate.body, estimate.rows, MATCH_CANDIDATES));
  const headingMatch = matchCondition(sql`ts_filter(p.search_vector, '{a,b}')`, query, cheaperAccess(estimate.heading, estimate.rows, HEADING_CANDIDATES, SCAN_COST.heading));
  const result = await sql<ArticleCandidate>`
    WITH q AS (SELECT ${query} AS query),
    matched AS MATERIALIZED (
      SELECT p.article_id FROM knowledge.published_article p
       WHERE ${bodyMatch} AND ${current} AND ${q.readable} LIMIT ${MATCH_CANDIDATES}
    ),
    heading AS MATERIALIZED (
      SELECT p.article_id FROM knowledge.published_article p
       WHERE ${headingMatch} AND ${current} AND ${q.readable} LIMIT ${HEADING_CANDIDATES}
    ),
    candidate AS (SELECT article_id FROM matched UNION SELECT article_id FROM heading),
    shortlist AS MATERIALIZED (
      SELECT p.article_id FROM candidate c JOIN knowledge.published_article p ON p.article_id = c.article_id, q
       ORDER BY ts_rank(p.search_vector, q.query) + ${boost} DESC
       LIMIT ${SHORTLIST}
    ),
    base AS (
      SELECT p.article_id, ts_rank_cd(p.search_vector, q.query) + ${boost} AS base_score
        FROM shortlist c JOIN knowledge.published_article p ON p.article_id = c.article_id, q
       ORDER BY base_score DESC
       LIMIT ${q.limit * 4}
    )
    SELECT p.article_id AS id, p.version, p.number, p.kind, p.title, p.summary, p.body_text AS "bodyText",
           p.category_id AS "categoryId", c.name_zh AS "categoryNameZh", c.name_en AS "categoryNameEn", p.audience, p.tags,
           p.case_types AS "caseTypes", p.products, p.valid_from AS "validFrom", p.valid_to AS "validTo", p.published_at AS "publishedAt",
           a.status, a.current_version AS "currentVersion", a.published_version AS "publishedVersion", a.updated_at AS "updatedAt",
           p.owner_id AS "ownerId", p.view_count AS views, p.attach_count AS attached, p.helpful_count AS helpful,
           p.not_helpful_count AS "notHelpful", h.helpful_on_type AS "helpfulOnType",
           (base.base_score + ${HELPFUL_ON_TYPE_WEIGHT}::float8 * ln(1 + h.helpful_on_type))::float8 AS score
      FROM base
      JOIN knowledge.published_article p ON p.article_id = base.article_id
      JOIN knowledge.article a ON a.id = p.article_id
      LEFT JOIN knowledge.category c ON c.id = p.category_id
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS helpful_on_type FROM knowledge.feedback f JOIN cases.case k ON k.id = f.case_id
         WHERE f.article_id = p.article_id AND f.kind = 'helpful' AND k.type_key = ${q.caseType}) h
     ORDER BY score DESC, p.number
     LIMIT ${q.limit}`.execute(tx);
  return result.rows;
}

export interface SimilarCaseQuery {
  caseId: string;
  words: string[];
  caseType: string;
  category: string | null;
  product: string | null;
  limit: number;
  /** visibilityCondition(compileCaseFilter(reader, 'case:read')) over unqualified cases.case columns. */
  visible: Expression<SqlBool>;
}

export interface SimilarCaseCandidate {
  caseId: string;
  score: number;
}

/** Resolved or closed cases the reader may read that share a word with the case, best first. */
export async function findSimilarCaseCandidates(tx: Tx, q: SimilarCaseQuery): Promise<SimilarCaseCandidate[]> {
  if (q.words.length === 0) return [];
  // The visibility condition names cases.case's columns unqualified: inside EXISTS they resolve
  // to the case row, not to the document's own department_id.
  // Bounded like the articles: the most recently resolved matches of the case's own type (the
  // type index in resolved_at order) and the first matches of any type are ranked, not every
  // case sharing one of a dozen common words.
  const readable = sql<SqlBool>`EXISTS (SELECT 1 FROM cases.case WHERE cases.case.id = d.case_id AND ${q.visible})`;
  const query = anyOf(q.words);
  // When the words match most documents (a dozen words OR-ed often do), the bitmap and the sort
  // of every match of the type cost over 100 ms on 10,000 cases (bench, issue 19): then each
  // finished status is read newest first along case_document_type_idx, stopping at the limit.
  // (status_category IN (…) in one scan would leave the index's order unusable.)
  const estimate = await estimateCaseDocumentMatches(tx, query);
  const access = cheaperAccess(estimate.matches, estimate.rows, SAME_TYPE_CASE_CANDIDATES);
  const match = matchCondition(sql`d.search_vector`, query, access);
  const newestOfStatus = (status: string) => sql`(
      SELECT d.case_id, d.resolved_at FROM knowledge.case_document d
       WHERE d.type_key = ${q.caseType} AND d.status_category = ${status} AND ${match}
         AND d.case_id <> ${q.caseId}::uuid AND ${readable}
       ORDER BY d.resolved_at DESC
       LIMIT ${SAME_TYPE_CASE_CANDIDATES})`;
  const sameType =
    access === 'scan'
      ? sql`SELECT case_id FROM (${newestOfStatus('resolved')} UNION ALL ${newestOfStatus('closed')}) newest
             ORDER BY resolved_at DESC NULLS LAST LIMIT ${SAME_TYPE_CASE_CANDIDATES}`
      : sql`SELECT d.case_id FROM knowledge.case_document d
             WHERE d.type_key = ${q.caseType} AND d.status_category IN ('resolved', 'closed') AND ${match}
               AND d.case_id <> ${q.caseId}::uuid AND ${readable}
             ORDER BY d.resolved_at DESC NULLS LAST
             LIMIT ${SAME_TYPE_CASE_CANDIDATES}`;
  const result = await sql<{ case_id: string; score: number }>`
    WITH q AS (SELECT ${query} AS query),
    same_type AS MATERIALIZED (${sameType}),
    any_type AS MATERIALIZED (
      SELECT d.case_id FROM knowledge.case_document d
       WHERE d.status_category IN ('resolved', 'closed') AND ${match}
         AND d.case_id <> ${q.caseId}::uuid AND ${readable}
       LIMIT ${ANY_TYPE_CASE_CANDIDATES}
    ),
    candidate AS (SELECT case_id FROM same_type UNION SELECT case_id FROM any_type)
    SELECT d.case_id, ts_rank_cd(d.search_vector, q.query)
             + CASE WHEN d.type_key = ${q.caseType} THEN ${TYPE_BOOST}::float8 ELSE 0 END
             + CASE WHEN d.category IS NOT NULL AND d.category = ${q.category}::text THEN ${CATEGORY_BOOST}::float8 ELSE 0 END
             + CASE WHEN d.product IS NOT NULL AND d.product = ${q.product}::text THEN ${CATEGORY_BOOST}::float8 ELSE 0 END AS score
      FROM candidate c JOIN knowledge.case_document d ON d.case_id = c.case_id, q
     ORDER BY score DESC, d.resolved_at DESC NULLS LAST
     LIMIT ${q.limit}`.execute(tx);
  return result.rows.map((r) => ({ caseId: r.case_id, score: Number(r.score) }));
}

/** What the reasons of a similar case are computed from, and the facts its read check needs. */
export interface SimilarCaseRow {
  id: string;
  number: string;
  typeKey: string;
  typeVersion: number;
  title: string;
  status: string;
  resolvedAt: Date | null;
  fields: Record<string, unknown>;
  createdBy: string;
  assigneeId: string | null;
  departmentId: string | null;
  tags: string[];
  sensitivity: 'normal' | 'confidential' | 'secret';
}

export async function findSimilarCaseRows(tx: Tx, ids: string[]): Promise<SimilarCaseRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('cases.case')
    .select(['id', 'number', 'type_key', 'type_version', 'title', 'status', 'resolved_at', 'fields', 'created_by', 'assignee_id', 'department_id', 'tags', 'sensitivity'])
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    typeKey: r.type_key,
    typeVersion: r.type_version,
    title: r.title,
    status: r.status,
    resolvedAt: r.resolved_at,
    fields: (r.fields ?? {}) as Record<string, unknown>,
    createdBy: r.created_by,
    assigneeId: r.assignee_id,
    departmentId: r.department_id,
    tags: r.tags,
    sensitivity: r.sensitivity as SimilarCaseRow['sensitivity'],
  }));
}
