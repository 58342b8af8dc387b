import type { Db, Tx } from '../../../platform/db/database.ts';
import { listDictionaryWords, readDictionaryFingerprint } from './lexicon-store.ts';
import { addDictionaryWords } from './segmenter.ts';
import { registerProcessCache } from '../../../platform/process-caches.ts';

// The administrators' words (knowledge.dictionary_word) live in PostgreSQL, the segmenter in each
// process. A process loads them before it first cuts text, and looks again at most every
// CHECK_INTERVAL_MS whether another process changed them (a count and the latest insert): a
// word added elsewhere reaches this process's queries within that time. The process that
// changes the dictionary applies it at once (noteDictionaryWords).

const CHECK_INTERVAL_MS = 30_000;

let loadedFingerprint: string | null = null;
let checkedAtMs = Number.NEGATIVE_INFINITY;
registerProcessCache(() => {
  loadedFingerprint = null;
  checkedAtMs = Number.NEGATIVE_INFINITY;
});

/** Loads the administrators' dictionary into the segmenter when it is new to this process. */
export async function ensureDictionaryLoaded(tx: Db | Tx): Promise<void> {
  const nowMs = performance.now();
  if (nowMs - checkedAtMs < CHECK_INTERVAL_MS) return;
  checkedAtMs = nowMs;
  const fingerprint = await readDictionaryFingerprint(tx);
  if (fingerprint === loadedFingerprint) return;
  addDictionaryWords(await listDictionaryWords(tx));
  loadedFingerprint = fingerprint;
}

/** This process changed the dictionary: cut with the new words now, and read the fingerprint again next time. */
export function noteDictionaryWords(words: readonly string[]): void {
  addDictionaryWords(words);
  checkedAtMs = Number.NEGATIVE_INFINITY;
}
