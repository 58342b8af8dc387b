import type { Expression, SqlBool } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import { articleReadCondition, type KnowledgeReader } from '../access.ts';
import { ensureDictionaryLoaded } from './dictionary-state.ts';
import { highlightSnippet, highlightTitle } from './highlight.ts';
import { findCloseTerms, findKnownTerms } from './lexicon-store.ts';
import { buildTsQuery, type ExpandedWord, MAX_QUERY_WORDS, matchedTexts } from './search-query.ts';
import { findRankedPage, type RankedArticleRow, type SearchFilters, TOTAL_CAP, type Validity } from './search-store.ts';
import { isLatinTerm, segmentQuery } from './segmenter.ts';
import { loadSynonymMap } from './synonym-cache.ts';

/** What a search asks for: GET /api/v1/knowledge/search's query string, and what suggestions pass. */
export interface SearchArticlesQuery {
  q: string;
  categoryId?: string;
  caseType?: string;
  product?: string;
  kind?: string;
  audience?: string;
  tag?: string;
  /** current (default): in force at ctx.now. */
  validity?: Validity;
  limit?: number;
  offset?: number;
  /**
   * all-then-any (default): every word must match, and when that finds fewer than `limit`
   * articles, any word does, those with every word first. any: any word from the start (a case's
   * text is many words, few of which an article shares).
   */
  match?: 'all-then-any' | 'any';
  /** Articles to leave out (e.g. already attached to the case). */
  excludeIds?: readonly string[];
}

export interface SearchArticlesHit {
  row: RankedArticleRow;
  score: number;
  highlights: { title: string; snippet: string };
}

export interface SearchArticlesResult {
  query: { terms: string[]; expanded: { term: string; synonyms: string[]; corrections: string[] }[] };
  /** Matching articles the reader may read, counted up to TOTAL_CAP (then TOTAL_CAP). */
  total: number;
  hits: SearchArticlesHit[];
  /** The texts marked in highlights (the words with their synonyms, parts and corrections). */
  matchedTexts: string[];
}

/** Close spellings asked per unknown Latin word, and how close they must be (trigram similarity). */
const CORRECTIONS_PER_TERM = 3;
const MIN_CORRECTION_SIMILARITY = 0.4;

const isCorrectable = (term: string) => isLatinTerm(term) && /^[a-z]/.test(term) && term.length >= 3;

/** The query's words with their synonyms, parts and (for Latin words the index lacks) close spellings. */
export async function expandQuery(tx: Tx, q: string): Promise<ExpandedWord[]> {
  await ensureDictionaryLoaded(tx);
  const words = segmentQuery(q).slice(0, MAX_QUERY_WORDS);
  const synonyms = await loadSynonymMap(tx);
  const latin = words.map((w) => w.term).filter(isCorrectable);
  const known = await findKnownTerms(tx, latin);
  const close = await findCloseTerms(
    tx,
    latin.filter((t) => !known.has(t)),
    CORRECTIONS_PER_TERM,
    MIN_CORRECTION_SIMILARITY,
  );
  return words.map((word) => ({
    term: word.term,
    parts: word.parts,
    synonyms: (synonyms.get(word.term) ?? []).map((term) => ({ term, words: segmentQuery(term).map((w) => w.term) })),
    corrections: close.get(word.term) ?? [],
    partSynonyms: Object.fromEntries(word.parts.map((part) => [part, (synonyms.get(part) ?? []).filter((s) => segmentQuery(s).length === 1)])),
  }));
}

/**
 * Published articles the reader may read that match the query, best first, with highlights for
 * this page. No row the reader may not read counts in `total` or shows in `hits`. Used by
 * GET /api/v1/knowledge/search and by the suggestions on a case.
 */
export async function searchArticles(ctx: { tx: Tx; now: Date }, reader: KnowledgeReader, query: SearchArticlesQuery): Promise<SearchArticlesResult> {
  return searchReadableArticles(ctx, articleReadCondition(reader, 'p'), query);
}

/** searchArticles over the published articles a SQL condition on `p` allows (the public search has no reader). */
export async function searchReadableArticles(ctx: { tx: Tx; now: Date }, readable: Expression<SqlBool>, query: SearchArticlesQuery): Promise<SearchArticlesResult> {
  const words = await expandQuery(ctx.tx, query.q);
  const texts = matchedTexts(words);
  const summary = {
    terms: words.map((w) => w.term),
    expanded: words.map((w) => ({ term: w.term, synonyms: w.synonyms.map((s) => s.term), corrections: w.corrections })),
  };
  if (words.length === 0) return { query: summary, total: 0, hits: [], matchedTexts: [] };

  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  const filters: SearchFilters = {
    categoryId: query.categoryId,
    caseType: query.caseType,
    product: query.product,
    kind: query.kind,
    audience: query.audience,
    tag: query.tag,
    validity: query.validity ?? 'current',
    now: ctx.now,
    excludeIds: query.excludeIds,
  };
  const all = buildTsQuery(words, 'all');
  const any = buildTsQuery(words, 'any');
  const page = (tsquery: string, preferred: string | null) => findRankedPage(ctx.tx, { tsquery, preferred, filters, readable, limit, offset });
  const anyFirst = words.length > 1 && query.match === 'any';
  let found = await page(anyFirst ? any : all, anyFirst ? all : null);
  // A verbose query rarely has every word in one article: then any word, those with all first.
  if (!anyFirst && words.length > 1 && found.total < limit) found = await page(any, all);
  const { total, rows } = found;
  return {
    query: summary,
    total: Math.min(total, TOTAL_CAP),
    hits: rows.map((row) => ({ row, score: row.score, highlights: { title: highlightTitle(row.title, texts), snippet: highlightSnippet(row.bodyText, texts) } })),
    matchedTexts: texts,
  };
}
