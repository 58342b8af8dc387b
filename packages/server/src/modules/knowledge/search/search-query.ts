// What a query asks PostgreSQL for, built as text for to_tsquery('simple', …). Pure: the
// segmenter and the synonym and spelling look-ups have run; this only composes.
//
// Every lexeme is quoted and escaped (a quote doubled, a backslash doubled), so nothing a user
// types can become tsquery syntax: & | ! : * ( ) <-> inside quotes are text, which the 'simple'
// configuration then cuts exactly as it cut the indexed text.

/** One query word and everything that may stand for it in a document. */
export interface ExpandedWord {
  /** The word as the segmenter cut it from the query, lower-case. */
  term: string;
  /** Its parts when it is a long word (信用卡分期 → 信用卡, 分期): all of them stand for it together. */
  parts: string[];
  /** Terms of its synonym sets, each cut into words (a set may hold a phrase such as 信用卡年费). */
  synonyms: { term: string; words: string[] }[];
  /** Close spellings from the index for a Latin word the index does not hold (anual → annual). */
  corrections: string[];
  /** Synonyms of each part, by part, so 信用卡分期 also finds 贷记卡…分期. */
  partSynonyms: Record<string, string[]>;
}

/** The most words of a query that count: a pasted paragraph should not make a query of a hundred clauses. */
export const MAX_QUERY_WORDS = 24;

export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

const anyOf = (clauses: string[]) => (clauses.length === 1 ? clauses[0]! : `(${clauses.join(' | ')})`);
const allOf = (clauses: string[]) => (clauses.length === 1 ? clauses[0]! : `(${clauses.join(' & ')})`);

/** The word as one tsquery clause: itself, or any synonym, or all its parts, or a close spelling. */
export function wordClause(word: ExpandedWord): string {
  const alternatives = [quoteLexeme(word.term)];
  for (const synonym of word.synonyms) if (synonym.words.length > 0) alternatives.push(allOf(synonym.words.map(quoteLexeme)));
  if (word.parts.length > 1) alternatives.push(allOf(word.parts.map((part) => anyOf([part, ...(word.partSynonyms[part] ?? [])].map(quoteLexeme)))));
  for (const correction of word.corrections) alternatives.push(quoteLexeme(correction));
  return anyOf([...new Set(alternatives)]);
}

/** The whole query: every word (all) or any word (any); empty when there is no word. */
export function buildTsQuery(words: readonly ExpandedWord[], mode: 'all' | 'any'): string {
  const clauses = words.map(wordClause);
  if (clauses.length === 0) return '';
  if (clauses.length === 1) return clauses[0]!;
  return clauses.join(mode === 'all' ? ' & ' : ' | ');
}

/** Every text that counts as a match in a highlight: the words, their synonyms, parts and corrections. */
export function matchedTexts(words: readonly ExpandedWord[]): string[] {
  const texts = new Set<string>();
  for (const word of words) {
    texts.add(word.term);
    for (const synonym of word.synonyms) {
      texts.add(synonym.term);
      for (const w of synonym.words) texts.add(w);
    }
    for (const part of word.parts) texts.add(part);
    for (const list of Object.values(word.partSynonyms)) for (const s of list) texts.add(s);
    for (const correction of word.corrections) texts.add(correction);
  }
  return [...texts].filter((t) => t.trim() !== '');
}
