import { segmentForIndex } from '../search/segmenter.ts';
import { withoutPersonalData } from '../case-index/case-text.ts';

/** A text of the case as the reader sees it, and how much its words count (the title says most). */
export interface WeightedText {
  /** The field it came from: `title`, `fields.description` …; reasons name only what the reader may read. */
  field: string;
  text: string;
  weight: number;
}

const MAX_TERMS = 12;

// Single characters (费, 卡) match nearly every article; digits-only words are amounts, dates
// and order numbers that say nothing of the subject.
function isUsefulTerm(term: string): boolean {
  return [...term].length >= 2 && !/^[0-9.,]+$/.test(term);
}

/** The words of each text, personal data cut out first. Pure. */
export function wordsOf(text: string): string[] {
  return segmentForIndex(withoutPersonalData(text)).filter(isUsefulTerm);
}

/**
 * The case's words to search with, strongest first: each word's weight is the sum over the texts
 * it occurs in of the text's weight, a longer word counting a little more (信用卡年费 says more
 * than 年费). At most twelve: an OR query over more mostly adds noise. Pure.
 */
export function topTerms(texts: WeightedText[], limit = MAX_TERMS): string[] {
  const weight = new Map<string, number>();
  for (const { text, weight: w } of texts) {
    for (const term of wordsOf(text)) weight.set(term, (weight.get(term) ?? 0) + w * (1 + Math.min([...term].length, 6) / 6));
  }
  return [...weight.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([term]) => term);
}
