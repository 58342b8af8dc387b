import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems, type FieldError } from '../../../platform/http/problem.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { BANKING_DICTIONARY } from './banking-dictionary.ts';
import { noteDictionaryWords } from './dictionary-state.ts';
import { listDictionaryWords, replaceDictionaryWords } from './lexicon-store.ts';
import { lockPublishedArticlesContaining, writePublishedArticles } from './published-index.ts';

// The bank's own words for the segmenter (knowledge.dictionary_word), beside the shipped banking
// dictionary. A new word changes how the texts holding it are cut, so those published articles
// are indexed again in the same command. Only those: an article without the word as a substring
// is cut exactly as before, so the work follows how often the new words occur, not the size of
// the base (a new product name: a handful of articles; a word in 10,000 articles: ~10 s, in
// statements of 1,000 rows). A removed word stays in this process's segmenter until it restarts
// (jieba cannot unlearn a word); other processes never learn it.

export const SHIPPED_WORD_COUNT = BANKING_DICTIONARY.split('\n').filter((line) => line.trim() !== '').length;

export async function readDictionary(ctx: CommandContext): Promise<{ words: string[]; shipped: number }> {
  assertAllowed(ctx.actor, 'knowledge:admin');
  return { words: await listDictionaryWords(ctx.tx), shipped: SHIPPED_WORD_COUNT };
}

/** The words as the dictionary keeps them: trimmed, each once, in order; 400 naming the word otherwise. */
export function normaliseDictionaryWords(words: readonly string[]): string[] {
  const errors: FieldError[] = [];
  const out = new Set<string>();
  words.forEach((raw, i) => {
    const word = raw.trim();
    if ([...word].length < 2) errors.push({ field: `words.${i}`, reason: 'must have at least 2 characters' });
    else if ([...word].length > 20) errors.push({ field: `words.${i}`, reason: 'must have at most 20 characters' });
    // jieba's dictionary lines are "word frequency tag": a space would split the word.
    else if (/\s/.test(word)) errors.push({ field: `words.${i}`, reason: 'must not contain spaces' });
    else out.add(word);
  });
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });
  return [...out].sort();
}

/** Makes the bank's words exactly these, re-indexes the published articles holding an added word, audited. */
export async function setDictionary(ctx: CommandContext, words: readonly string[]): Promise<{ words: string[]; shipped: number; reindexed: number }> {
  assertAllowed(ctx.actor, 'knowledge:admin');
  const normalised = normaliseDictionaryWords(words);
  const { added, removed } = await replaceDictionaryWords(ctx.tx, normalised, ctx.now);
  let reindexed = 0;
  if (added.length > 0 || removed.length > 0) {
    noteDictionaryWords(added);
    const affected = await lockPublishedArticlesContaining(ctx.tx, added);
    await writePublishedArticles(ctx.tx, affected);
    reindexed = affected.length;
    await recordAuditEvent(ctx, { action: 'knowledge.dictionary-changed', targetType: 'knowledge-dictionary', targetId: 'dictionary', data: { added, removed, reindexed } });
  }
  return { words: normalised, shipped: SHIPPED_WORD_COUNT, reindexed };
}
