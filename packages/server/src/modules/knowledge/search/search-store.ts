import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { ArticleSummaryFacts } from '../articles/summary-store.ts';

// The search statement over knowledge.published_article. The bench holds search to p95 ≤ 50 ms
// on 100,000 articles, where a common word matches tens of thousands. What keeps it there:
// - the match is the GIN index on search_vector for a rare word, and a scan that stops at the
//   first TOTAL_CAP + 1 matches for a common one (cheaperAccess, from the planner's estimate of
//   the matches: left to itself the planner misjudges the read filter and builds the bitmap of
//   every match, 50,000 rows for 信用卡 on the bench); either way the vector is
//   in the row (migration 20261211T0300 keeps it in line and moves only body_text out), so
//   checking and ranking a row costs no TOAST look-up;
// - the total is counted on the first TOTAL_CAP + 1 matches and reported as TOTAL_CAP beyond;
// - ranking (ts_rank_cd reads each row's whole vector) is bounded: the candidates are the first
//   BODY_CANDIDATES matches (all of them when there are no more) and the first
//   HEADING_CANDIDATES whose title, summary or tags match (their own GIN index over the A and B
//   lexemes), so past a few hundred matches the best titles are still in the running.

export const TOTAL_CAP = 1000;
export const BODY_CANDIDATES = 400;
export const HEADING_CANDIDATES = 200;

export const VALIDITIES = ['current', 'expired', 'upcoming', 'all'] as const;
export type Validity = (typeof VALIDITIES)[number];

export interface SearchFilters {
  categoryId?: string;
  caseType?: string;
  product?: string;
  kind?: string;
  audience?: string;
  tag?: string;
  validity: Validity;
  now: Date;
  /** Articles never to return (a case's own suggestions leave out what is already attached). */
  excludeIds?: readonly string[];
}

/** A ranked published article: the list line every knowledge list shows, plus what search adds. */
export type RankedArticleRow = ArticleSummaryFacts & { version: number; bodyText: string; ownerName: string; score: number };

/** The SQL condition of a validity filter at `now`: nulls are open ends. */
export function validityCondition(validity: Validity, now: Date, alias = 'p'): RawBuilder<SqlBool> {
  const from = sql.ref(`${alias}.valid_from`);
  const to = sql.ref(`${alias}.valid_to`);
  switch (validity) {
    case 'current':
      return sql<SqlBool>`(${from} IS NULL OR ${from} <= ${now}) AND (${to} IS NULL OR ${to} > ${now})`;
    case 'expired':
      return sql<SqlBool>`${to} IS NOT NULL AND ${to} <= ${now}`;
    case 'upcoming':
      return sql<SqlBool>`${from} IS NOT NULL AND ${from} > ${now}`;
    case 'all':
      return sql<SqlBool>`TRUE`;
  }
}

function filterConditions(filters: SearchFilters, readable: Expression<SqlBool>): RawBuilder<SqlBool> {
  const clauses: RawBuilder<SqlBool>[] = [sql<SqlBool>`${readable}`, validityCondition(filters.validity, filters.now)];
  if (filters.categoryId) clauses.push(sql<SqlBool>`p.category_path @> ARRAY[${filters.categoryId}]::uuid[]`);
  if (filters.caseType) clauses.push(sql<SqlBool>`p.case_types @> ARRAY[${filters.caseType}]::text[]`);
  if (filters.product) clauses.push(sql<SqlBool>`p.products @> ARRAY[${filters.product}]::text[]`);
  if (filters.tag) clauses.push(sql<SqlBool>`p.tags @> ARRAY[${filters.tag}]::text[]`);
  if (filters.kind) clauses.push(sql<SqlBool>`p.kind = ${filters.kind}`);
  if (filters.audience) clauses.push(sql<SqlBool>`p.audience = ${filters.audience}`);
  if (filters.excludeIds && filters.excludeIds.length > 0) clauses.push(sql<SqlBool>`NOT (p.article_id = ANY(${[...filters.excludeIds]}::uuid[]))`);
  return sql<SqlBool>`${sql.join(clauses, sql` AND `)}`;
}

// ts_rank_cd weights are {D, C, B, A}: title 1, summary and tags 0.4, body 0.2. Normalisation 32
// maps the rank into [0, 1). Feedback moves it by at most ±30 % (helpful minus not helpful, damped
// by 5 votes), usage lifts it by at most 20 % (logarithmic in views and attachments).
const score = (query: RawBuilder<unknown>) => sql<number>`
  ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', p.search_vector, ${query}, 32)
  * (1 + 0.3 * (p.helpful_count - p.not_helpful_count)::float8 / (p.helpful_count + p.not_helpful_count + 5)
       + least(0.2, 0.03 * ln(1 + p.view_count + 3 * p.attach_count)))`;

/**
 * How a match reads the rows. `index`: the GIN index, whose bitmap holds every matching row
 * before the first is returned (a word in half of 100,000 articles costs its whole posting list,
 * 20–40 ms, whatever the LIMIT). `scan`: the rows in table order, the match checked on each,
 * stopping at the LIMIT: for such a word the first thousand matches are a few thousand rows away.
 */
export type MatchAccess = 'index' | 'scan';

/** The match condition of a vector, in the form that makes the planner take `access`. */
export function matchCondition(vector: RawBuilder<unknown>, query: RawBuilder<unknown>, access: MatchAccess): RawBuilder<SqlBool> {
  // coalesce(…, false) is the same test, and no index answers it: the planner scans.
  return access === 'index' ? sql<SqlBool>`${vector} @@ ${query}` : sql<SqlBool>`coalesce(${vector} @@ ${query}, false)`;
}

// A GIN bitmap costs about 0.4 µs per matching row; a scan about 2 µs per row it reads to test
// the whole vector and 4 µs to test the heading (ts_filter copies the vector first), measured on
// the bench's 100,000 articles. A scan reads about `wanted / share` rows to find `wanted` matches
// (share = matches / rows), so it wins when matches² > wanted × rows × (scan cost / bitmap cost).
// On a small table every plan is fast: the index.
export const SCAN_COST = { vector: 5, heading: 10 } as const;
const SCAN_MIN_ROWS = 5_000;

/** Pure: the cheaper way to find the first `wanted` of `matches` rows among `rows`, per the estimates. */
export function cheaperAccess(matches: number, rows: number, wanted: number, scanCost: number = SCAN_COST.vector): MatchAccess {
  if (rows < SCAN_MIN_ROWS || matches <= wanted) return 'index';
  return matches * matches > wanted * rows * scanCost ? 'scan' : 'index';
}

export interface MatchEstimate {
  /** The planner's estimate of the rows whose whole vector matches, and whose title, summary or tags do. */
  body: number;
  heading: number;
  /** Rows in the table, as the planner knows them. */
  rows: number;
}

interface PlanNode {
  Alias?: string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

/** The estimated rows of the plan node scanning `alias`, wherever the planner put it; 0 when absent. */
function rowsOfAlias(plan: PlanNode | undefined, alias: string): number {
  if (!plan) return 0;
  if (plan.Alias === alias) return plan['Plan Rows'];
  for (const child of plan.Plans ?? []) {
    const rows = rowsOfAlias(child, alias);
    if (rows > 0) return rows;
  }
  return 0;
}

// reltuples moves only with VACUUM and ANALYZE: read once a minute per table, not per search.
const TABLE_ROWS_TTL_MS = 60_000;
const tableRowsCache = new Map<string, { rows: number; at: number }>();

async function tableRows(tx: Tx, table: 'knowledge.published_article' | 'knowledge.case_document'): Promise<number> {
  const cached = tableRowsCache.get(table);
  if (cached && Date.now() - cached.at < TABLE_ROWS_TTL_MS) return cached.rows;
  const { rows } = await sql<{ n: number }>`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = ${table}::regclass`.execute(tx);
  const n = Number(rows[0]?.n ?? 0);
  tableRowsCache.set(table, { rows: n, at: Date.now() });
  return n;
}

/**
 * The planner's own estimates (from ANALYZE's most common lexemes) of how many published articles
 * a query matches, in the whole vector and in the heading, without running it: one EXPLAIN, no
 * row read. Each scan is found by its alias, as the planner may order or nest them as it likes.
 */
export async function estimatePublishedMatches(tx: Tx, query: RawBuilder<unknown>): Promise<MatchEstimate> {
  const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>`
    EXPLAIN (FORMAT JSON)
    SELECT 1 FROM knowledge.published_article body_match WHERE body_match.search_vector @@ ${query}
    UNION ALL SELECT 1 FROM knowledge.published_article heading_match WHERE ts_filter(heading_match.search_vector, '{a,b}') @@ ${query}`.execute(tx);
  const plan = rows[0]?.['QUERY PLAN'][0].Plan;
  return { body: rowsOfAlias(plan, 'body_match'), heading: rowsOfAlias(plan, 'heading_match'), rows: await tableRows(tx, 'knowledge.published_article') };
}

/** The planner's estimate of the case documents a query matches, and of all case documents. */
export async function estimateCaseDocumentMatches(tx: Tx, query: RawBuilder<unknown>): Promise<{ matches: number; rows: number }> {
  const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>`
    EXPLAIN (FORMAT JSON) SELECT 1 FROM knowledge.case_document case_match WHERE case_match.search_vector @@ ${query}`.execute(tx);
  return { matches: rowsOfAlias(rows[0]?.['QUERY PLAN'][0].Plan, 'case_match'), rows: await tableRows(tx, 'knowledge.case_document') };
}

export interface RankedPage {
  /** Matching readable articles, counted up to TOTAL_CAP + 1. */
  total: number;
  rows: RankedArticleRow[];
}

/**
 * A page of matching readable articles, best first, and how many match. `preferred` (the
 * all-words query when the match is any word) ranks its matches before the rest.
 */
export async function findRankedPage(
  tx: Tx,
  input: { tsquery: string; preferred: string | null; filters: SearchFilters; readable: Expression<SqlBool>; limit: number; offset: number },
): Promise<RankedPage> {
  const query = sql`to_tsquery('simple', ${input.tsquery})`;
  const where = filterConditions(input.filters, input.readable);
  const preferred = input.preferred === null ? sql<number>`0` : sql<number>`(p.search_vector @@ to_tsquery('simple', ${input.preferred}))::int`;
  const bodyCandidates = Math.max(BODY_CANDIDATES, input.offset + input.limit);
  const estimate = await estimatePublishedMatches(tx, query);
  const bodyMatch = matchCondition(sql`p.search_vector`, query, cheaperAccess(estimate.body, estimate.rows, TOTAL_CAP + 1));
  const headingMatch = matchCondition(sql`ts_filter(p.search_vector, '{a,b}')`, query, cheaperAccess(estimate.heading, estimate.rows, HEADING_CANDIDATES, SCAN_COST.heading));
  const { rows } = await sql<RankedArticleRow & { total: number }>`
    WITH matched AS MATERIALIZED (
      SELECT p.article_id FROM knowledge.published_article p WHERE ${bodyMatch} AND ${where} LIMIT ${TOTAL_CAP + 1}
    ),
    heading AS MATERIALIZED (
      SELECT p.article_id FROM knowledge.published_article p WHERE ${headingMatch} AND ${where} LIMIT ${HEADING_CANDIDATES}
    ),
    candidate AS (
      SELECT article_id FROM (SELECT article_id FROM matched LIMIT ${bodyCandidates}) first_matches
      UNION
      SELECT article_id FROM heading
    ),
    ranked AS (
      SELECT p.article_id, ${preferred} AS preferred, ${score(query)} AS score, p.published_at
        FROM candidate c JOIN knowledge.published_article p ON p.article_id = c.article_id
       ORDER BY preferred DESC, score DESC, p.published_at DESC, p.article_id
       LIMIT ${input.limit} OFFSET ${input.offset}
    )
    SELECT t.total, p.article_id AS id, p.version, p.number, p.kind, p.title, p.summary, p.body_text AS "bodyText",
           p.category_id AS "categoryId", c.name_zh AS "categoryNameZh", c.name_en AS "categoryNameEn", p.audience, p.tags, p.case_types AS "caseTypes", p.products,
           p.valid_from AS "validFrom", p.valid_to AS "validTo", p.published_at AS "publishedAt",
           a.status, a.current_version AS "currentVersion", a.published_version AS "publishedVersion", a.updated_at AS "updatedAt",
           p.owner_id AS "ownerId", coalesce(u.display_name, '') AS "ownerName",
           p.view_count AS views, p.attach_count AS attached, p.helpful_count AS helpful, p.not_helpful_count AS "notHelpful",
           r.score::float8 AS score
      FROM (SELECT count(*)::int AS total FROM matched) t
      LEFT JOIN ranked r ON true
      LEFT JOIN knowledge.published_article p ON p.article_id = r.article_id
      LEFT JOIN knowledge.article a ON a.id = p.article_id
      LEFT JOIN knowledge.category c ON c.id = p.category_id
      LEFT JOIN access."user" u ON u.id = p.owner_id
     ORDER BY r.preferred DESC, r.score DESC, r.published_at DESC, p.article_id`.execute(tx);
  const total = rows[0]?.total ?? 0;
  return { total, rows: rows.filter((r) => r.id !== null).map(({ total: _t, ...row }) => row) };
}
