import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';

// SQL over the words search works with besides the articles: synonym sets, the administrators'
// dictionary for the segmenter, and the Latin term lexicon that close spellings come from.

export interface SynonymSetRow {
  id: string;
  terms: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const synonymColumns = ['id', 'terms', 'version', 'created_at as createdAt', 'updated_at as updatedAt'] as const;

/**
 * A cheap fingerprint of a table's contents for process caches: a row count and the latest
 * change. A delete changes the count; a change moves updated_at; both together miss only a delete
 * and an insert with an older timestamp in the same breath, which the caches' TTL covers.
 */
export async function readSynonymFingerprint(tx: Tx): Promise<string> {
  const row = await sql<{ n: number; at: Date | null }>`SELECT count(*)::int AS n, max(updated_at) AS at FROM knowledge.synonym_set`.execute(tx);
  return `${row.rows[0]!.n}:${row.rows[0]!.at?.getTime() ?? 0}`;
}

export async function readDictionaryFingerprint(tx: Db | Tx): Promise<string> {
  const row = await sql<{ n: number; at: Date | null }>`SELECT count(*)::int AS n, max(created_at) AS at FROM knowledge.dictionary_word`.execute(tx);
  return `${row.rows[0]!.n}:${row.rows[0]!.at?.getTime() ?? 0}`;
}

export async function listSynonymSets(tx: Tx): Promise<SynonymSetRow[]> {
  return tx.selectFrom('knowledge.synonym_set').select(synonymColumns).orderBy('created_at').orderBy('id').execute();
}

export async function findSynonymSet(tx: Tx, id: string): Promise<SynonymSetRow | undefined> {
  return tx.selectFrom('knowledge.synonym_set').select(synonymColumns).where('id', '=', id).executeTakeFirst();
}

export async function insertSynonymSet(tx: Tx, values: { id: string; terms: string[]; now: Date }): Promise<void> {
  await tx.insertInto('knowledge.synonym_set').values({ id: values.id, terms: values.terms, version: 1, created_at: values.now, updated_at: values.now }).execute();
}

/** Replaces a set's terms if it is still at expectedVersion; false when it moved on or is gone. */
export async function updateSynonymSetIfVersion(tx: Tx, id: string, expectedVersion: number, terms: string[], now: Date): Promise<boolean> {
  const result = await tx
    .updateTable('knowledge.synonym_set')
    .set({ terms, version: sql`version + 1`, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteSynonymSetIfVersion(tx: Tx, id: string, expectedVersion: number): Promise<boolean> {
  const result = await tx.deleteFrom('knowledge.synonym_set').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function listDictionaryWords(tx: Db | Tx): Promise<string[]> {
  const rows = await tx.selectFrom('knowledge.dictionary_word').select('word').orderBy('word').execute();
  return rows.map((r) => r.word);
}

/** Makes the dictionary exactly `words`; answers which were added and which removed. */
export async function replaceDictionaryWords(tx: Tx, words: readonly string[], now: Date): Promise<{ added: string[]; removed: string[] }> {
  const removed = await sql<{ word: string }>`DELETE FROM knowledge.dictionary_word WHERE NOT (word = ANY(${[...words]}::text[])) RETURNING word`.execute(tx);
  const added = await sql<{ word: string }>`
    INSERT INTO knowledge.dictionary_word (word, created_at) SELECT w, ${now} FROM unnest(${[...words]}::text[]) w ORDER BY w
    ON CONFLICT (word) DO NOTHING RETURNING word`.execute(tx);
  return { added: added.rows.map((r) => r.word).sort(), removed: removed.rows.map((r) => r.word).sort() };
}

/** Which of these Latin terms the published articles hold (no correction needed for those). */
export async function findKnownTerms(tx: Tx, terms: readonly string[]): Promise<Set<string>> {
  if (terms.length === 0) return new Set();
  const rows = await tx
    .selectFrom('knowledge.search_term')
    .select('term')
    .where('term', 'in', [...terms])
    .where('article_count', '>', 0)
    .execute();
  return new Set(rows.map((r) => r.term));
}

/**
 * The closest spellings the published articles hold for each term, best first: trigram
 * similarity over knowledge.search_term (GIN trigram index through the % operator, whose
 * default threshold is 0.3), kept when at least minSimilarity.
 */
export async function findCloseTerms(tx: Tx, terms: readonly string[], perTerm: number, minSimilarity: number): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (terms.length === 0) return out;
  const { rows } = await sql<{ query: string; term: string }>`
    SELECT q.query, c.term
      FROM unnest(${[...terms]}::text[]) AS q(query)
      CROSS JOIN LATERAL (
        SELECT t.term, similarity(t.term, q.query) AS s
          FROM knowledge.search_term t
         WHERE t.term % q.query AND t.article_count > 0
         ORDER BY s DESC, t.article_count DESC, t.term
         LIMIT ${perTerm}
      ) c
     WHERE c.s >= ${minSimilarity}`.execute(tx);
  for (const row of rows) out.set(row.query, [...(out.get(row.query) ?? []), row.term]);
  return out;
}
