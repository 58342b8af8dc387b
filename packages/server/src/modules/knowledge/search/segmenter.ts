import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { BANKING_DICTIONARY } from './banking-dictionary.ts';
import { registerProcessCache } from '../../../platform/process-caches.ts';

// Chinese has no spaces, so PostgreSQL's parsers see a sentence as one word. Docket cuts text
// into words here (jieba, with a dictionary of banking terms) and hands PostgreSQL the words
// separated by spaces, indexed with the 'simple' configuration: the same path for Chinese and
// English, and the same cut at index and query time.
//
// Index side: search mode (cutForSearch), which also emits the parts of a long word, so
// 信用卡分期 is found by 信用卡 and by 分期. Query side: precise mode (cut), so a query's words are
// the whole words the index holds; a long query word's parts are offered separately.

let jieba: Jieba | undefined;
const addedWords = new Set<string>();
registerProcessCache(() => {
  jieba = undefined;
  addedWords.clear();
});

function segmenter(): Jieba {
  if (!jieba) {
    // Required on first use, not imported: dict.js reads its 5 MB dictionary (and an IDF table
    // Docket does not use) when loaded, and every process and test that never segments a word
    // would pay for it.
    const { dict } = createRequire(import.meta.url)('@node-rs/jieba/dict.js') as { dict: Buffer };
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(BANKING_DICTIONARY));
  }
  return jieba;
}

/**
 * Adds words the segmenter must keep whole (the administrators' dictionary, knowledge.dictionary_word).
 * Idempotent; a word once added stays for the life of the process (jieba cannot unlearn one),
 * which only means a removed word is still cut whole until the next restart.
 */
export function addDictionaryWords(words: readonly string[]): void {
  const fresh = words.filter((w) => !addedWords.has(w));
  if (fresh.length === 0) return;
  segmenter().loadDict(Buffer.from(fresh.map((w) => `${w} 2000 n`).join('\n')));
  for (const w of fresh) addedWords.add(w);
}

// Particles and function words that carry no meaning for search (的, 了, 怎么 …) and English stop words.
const STOP_WORDS = new Set(
  (
    '的 了 着 过 是 在 和 与 及 或 而 也 都 就 又 还 把 被 对 于 从 向 给 为 以 之 其 这 那 此 该 个 些 吗 呢 吧 啊 呀 哦 么 ' +
    '我 你 他 她 它 我们 你们 他们 您 怎么 怎样 如何 什么 哪些 哪里 为什么 是否 能否 可以 能 会 要 请 请问 一下 有 没有 ' +
    'a an the of to in on for and or is are was were be by with at as it this that from how what why can do does'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}]/u;

function normalise(token: string): string | null {
  const t = token.trim().toLowerCase();
  if (t === '' || !WORD.test(t) || STOP_WORDS.has(t)) return null;
  return t;
}

/** Whether a term is Latin letters/digits (typo tolerance applies to these only). */
export function isLatinTerm(term: string): boolean {
  return /^[a-z0-9][a-z0-9._-]*$/i.test(term);
}

/** The words of a text for the index: search mode, lower-cased, stop words and punctuation dropped. */
export function segmentForIndex(text: string): string[] {
  const out: string[] = [];
  for (const token of segmenter().cutForSearch(text, true)) {
    const t = normalise(token);
    if (t !== null) out.push(t);
  }
  return out;
}

/** A text as PostgreSQL should index it: its words separated by spaces, for to_tsvector('simple', …). */
export function toIndexText(text: string): string {
  return segmentForIndex(text).join(' ');
}

export interface QueryWord {
  /** The word as the query says it, lower-cased. */
  term: string;
  /** Its parts when it is a long word (信用卡分期 → 信用卡, 分期), for a looser match; else empty. */
  parts: string[];
}

/** The words of a query, in order, without repeats: precise mode, with each long word's parts. */
export function segmentQuery(text: string): QueryWord[] {
  const seen = new Set<string>();
  const out: QueryWord[] = [];
  for (const token of segmenter().cut(text, true)) {
    const term = normalise(token);
    if (term === null || seen.has(term)) continue;
    seen.add(term);
    const parts = term.length >= 4 && !isLatinTerm(term) ? segmentForIndex(term).filter((p) => p !== term && p.length >= 2) : [];
    out.push({ term, parts });
  }
  return out;
}

/**
 * Every token of a text in precise mode, punctuation and spaces included, so the tokens spell the
 * text again: the article diff compares versions word by word with them.
 */
export function cutWhole(text: string): string[] {
  return segmenter().cut(text, false);
}

/**
 * The words of a text in precise mode with their UTF-16 offsets (end exclusive), punctuation and
 * spaces included: the assist classifier's jieba features point back at the words a customer wrote.
 */
export function cutWithOffsets(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  let at = 0;
  for (const word of segmenter().cut(text, false)) {
    // jieba's tokens spell the text again; indexOf guards against a token it normalised.
    const start = text.startsWith(word, at) ? at : text.indexOf(word, at);
    if (start < 0) continue;
    out.push({ word, start, end: start + word.length });
    at = start + word.length;
  }
  return out;
}
