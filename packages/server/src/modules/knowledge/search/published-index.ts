import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import { ensureDictionaryLoaded } from './dictionary-state.ts';
import { toIndexText } from './segmenter.ts';

// The published projection (knowledge.published_article) is written here, in the transaction that
// publishes or retires a version, so search and suggestions never see a half-published article.
// The articles part calls these; the search part owns how a document is weighted and what else
// is kept for it: the Latin term lexicon (knowledge.search_term) that typo tolerance looks close
// spellings up in, kept in step in the same statement as the article rows.

export interface PublishedArticleInput {
  articleId: string;
  version: number;
  number: string;
  kind: string;
  title: string;
  summary: string | null;
  bodyText: string;
  categoryId: string | null;
  /** The category and its ancestors' ids. */
  categoryPath: string[];
  audience: 'internal' | 'customer';
  departmentId: string | null;
  ownerId: string;
  reachSubtreeIds: string[];
  reachDepartmentIds: string[];
  roles: string[];
  sensitivity: 'normal' | 'confidential' | 'secret';
  tags: string[];
  caseTypes: string[];
  products: string[];
  validFrom: Date | null;
  validTo: Date | null;
  publishedAt: Date;
}

/**
 * Rows per INSERT in writePublishedArticles: 27 parameters a row stays well under PostgreSQL's
 * 65,535 per statement, and a thousand rows amortise the round trip (import, bench, re-index).
 */
export const PUBLISHED_ROWS_PER_STATEMENT = 1000;

/** Latin words of 3 letters or more are kept in the lexicon: shorter ones have too few trigrams to correct. */
export const LEXICON_TERM_PATTERN = '^[a-z][a-z0-9._-]{2,}$';

/** The search vector of one article, weighted: title A, summary and tags B, body C. */
export function searchVectorOf(input: Pick<PublishedArticleInput, 'title' | 'summary' | 'tags' | 'bodyText'>): RawBuilder<string> {
  const title = toIndexText(input.title);
  const middle = toIndexText([input.summary ?? '', ...input.tags].join(' '));
  const body = toIndexText(input.bodyText);
  return sql<string>`setweight(to_tsvector('simple', ${title}), 'A') || setweight(to_tsvector('simple', ${middle}), 'B') || setweight(to_tsvector('simple', ${body}), 'C')`;
}

function rowOf(input: PublishedArticleInput) {
  return {
    article_id: input.articleId,
    version: input.version,
    number: input.number,
    kind: input.kind,
    title: input.title,
    summary: input.summary,
    body_text: input.bodyText,
    category_id: input.categoryId,
    category_path: input.categoryPath,
    audience: input.audience,
    department_id: input.departmentId,
    owner_id: input.ownerId,
    reach_subtree_ids: input.reachSubtreeIds,
    reach_department_ids: input.reachDepartmentIds,
    roles: input.roles,
    sensitivity: input.sensitivity,
    tags: input.tags,
    case_types: input.caseTypes,
    products: input.products,
    valid_from: input.validFrom,
    valid_to: input.validTo,
    search_vector: searchVectorOf(input),
    published_at: input.publishedAt,
    updated_at: input.publishedAt,
  };
}

// Columns a new version replaces; usage and feedback counters stay with the article.
const REPLACED_COLUMNS = Object.keys(rowOf({ tags: [], title: '', summary: null, bodyText: '' } as unknown as PublishedArticleInput)).filter((c) => c !== 'article_id');

/**
 * The lexicon change of replacing these articles' rows: the terms of the rows before (the CTE
 * `old`, read from the statement's snapshot) out, the terms of the rows written (`written`) in.
 * Upserted in term order so two publishing transactions lock shared terms in the same order.
 */
const lexiconDelta = sql`
  delta AS (
    SELECT term, sum(n)::int AS n FROM (
      SELECT u.lexeme AS term, -1 AS n FROM old, unnest(old.search_vector) u WHERE u.lexeme ~ ${LEXICON_TERM_PATTERN}
      UNION ALL
      SELECT u.lexeme AS term, 1 AS n FROM written, unnest(written.search_vector) u WHERE u.lexeme ~ ${LEXICON_TERM_PATTERN}
    ) changes GROUP BY term HAVING sum(n) <> 0
  )`;

async function applyLexiconDelta(tx: Tx, withClauses: RawBuilder<unknown>): Promise<void> {
  const { rows } = await sql<{ term: string; article_count: number }>`
    WITH ${withClauses}, ${lexiconDelta}
    INSERT INTO knowledge.search_term (term, article_count)
    SELECT term, n FROM delta ORDER BY term
    ON CONFLICT (term) DO UPDATE SET article_count = knowledge.search_term.article_count + excluded.article_count
    RETURNING term, article_count`.execute(tx);
  const gone = rows.filter((r) => r.article_count <= 0).map((r) => r.term);
  if (gone.length > 0) await sql`DELETE FROM knowledge.search_term WHERE term = ANY(${gone}::text[]) AND article_count <= 0`.execute(tx);
}

/** Puts a version into the published projection (replacing the article's previous one), with its search vector. */
export async function writePublishedArticle(tx: Tx, input: PublishedArticleInput): Promise<void> {
  await writePublishedArticles(tx, [input]);
}

/**
 * Puts many versions into the published projection at once (an import, the bench, a re-index
 * after a dictionary change): a statement per thousand rows, each also keeping the lexicon in step.
 */
export async function writePublishedArticles(tx: Tx, inputs: readonly PublishedArticleInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await ensureDictionaryLoaded(tx);
  // An article twice in one batch would make ON CONFLICT touch a row twice: the last one wins.
  const byId = new Map(inputs.map((input) => [input.articleId, input]));
  const unique = [...byId.values()];
  for (let start = 0; start < unique.length; start += PUBLISHED_ROWS_PER_STATEMENT) {
    const chunk = unique.slice(start, start + PUBLISHED_ROWS_PER_STATEMENT);
    const ids = chunk.map((c) => c.articleId);
    const upsert = tx
      .insertInto('knowledge.published_article')
      .values(chunk.map(rowOf) as never)
      .onConflict((oc) => oc.column('article_id').doUpdateSet(Object.fromEntries(REPLACED_COLUMNS.map((c) => [c, sql.ref(`excluded.${c}`)])) as never))
      .returning(['article_id', 'search_vector']);
    await applyLexiconDelta(tx, sql`old AS (SELECT search_vector FROM knowledge.published_article WHERE article_id = ANY(${ids}::uuid[])), written AS (${upsert})`);
  }
}

/** Takes a retired article out of search and suggestions. */
export async function deletePublishedArticle(tx: Tx, articleId: string): Promise<void> {
  await applyLexiconDelta(
    tx,
    sql`old AS (DELETE FROM knowledge.published_article WHERE article_id = ${articleId}::uuid RETURNING search_vector), written AS (SELECT NULL::tsvector AS search_vector WHERE false)`,
  );
}

/**
 * The published articles whose title, summary, tags or body hold any of these words, locked
 * (a retire waits, or is waited for), as inputs to write again: only their segmentation can
 * change when the words join the segmenter's dictionary.
 */
export async function lockPublishedArticlesContaining(tx: Tx, words: readonly string[]): Promise<PublishedArticleInput[]> {
  if (words.length === 0) return [];
  const { rows } = await sql<PublishedArticleInput>`
    SELECT p.article_id AS "articleId", p.version, p.number, p.kind, p.title, p.summary, p.body_text AS "bodyText",
           p.category_id AS "categoryId", p.category_path AS "categoryPath", p.audience, p.department_id AS "departmentId",
           p.owner_id AS "ownerId", p.reach_subtree_ids AS "reachSubtreeIds", p.reach_department_ids AS "reachDepartmentIds",
           p.roles, p.sensitivity, p.tags, p.case_types AS "caseTypes", p.products, p.valid_from AS "validFrom", p.valid_to AS "validTo",
           p.published_at AS "publishedAt"
      FROM knowledge.published_article p
     WHERE EXISTS (
       SELECT 1 FROM unnest(${[...words]}::text[]) w
        WHERE strpos(p.title, w) > 0 OR strpos(coalesce(p.summary, ''), w) > 0 OR strpos(p.body_text, w) > 0 OR strpos(array_to_string(p.tags, ' '), w) > 0)
     ORDER BY p.article_id
       FOR UPDATE`.execute(tx);
  return rows;
}
