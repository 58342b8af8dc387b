import { cutWithOffsets } from '../../knowledge/search/segmenter.ts';

// What the classifier sees of a text. Customers write Chinese and English, often mixed, with
// full-width letters, typos and numbers; the features are chosen to survive all of that:
//
// - CJK runs: character 1–3 grams (robust to unknown words and typos) plus jieba's words of two
//   or more characters (the whole terms: 信用卡, 年费).
// - Latin runs: lower-cased words, word bigrams within a sentence ("not received" differs from
//   "received"), and character 3–5 grams inside each word padded with boundaries, which carry
//   morphology and misspellings (refund/refunded/refnd share most grams).
// - Digits fold to 0 so "500" and "730" are the same feature: amounts are the entity
//   extractor's business, their presence is what a class learns.
//
// Every feature is a 32-bit hash of its namespace and characters, computed over the normalised
// text without building strings. The normalised text has exactly the original's UTF-16 length,
// so a feature's occurrence is a span of the ORIGINAL text, which is what evidence needs.

const NS_WORD = 0x1b873593;
const NS_BIGRAM = 0x5bd1e995;
const NS_LATIN_GRAM = 0x27d4eb2f;
const NS_CJK_GRAM = 0x165667b1;
const NS_JIEBA = 0x85ebca6b;

const FNV_PRIME = 0x01000193;

function finalise(h: number): number {
  // murmur3's fmix32: similar strings land far apart.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashRange(ns: number, codes: Uint16Array, start: number, end: number, pre: number, post: number): number {
  let h = (0x811c9dc5 ^ ns) >>> 0;
  if (pre) h = Math.imul(h ^ pre, FNV_PRIME);
  for (let i = start; i < end; i++) h = Math.imul(h ^ codes[i]!, FNV_PRIME);
  if (post) h = Math.imul(h ^ post, FNV_PRIME);
  return finalise(h);
}

const Kind = { Other: 0, Latin: 1, Cjk: 2, Break: 3 } as const;

const LETTER = /[\p{L}\p{N}\p{M}]/u;

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af);
}

/** The text as char codes, same length: full-width ASCII folded, lower-cased, digits as 0; and each unit's kind. */
function normalise(text: string): { codes: Uint16Array; kinds: Uint8Array } {
  const n = text.length;
  const codes = new Uint16Array(n);
  const kinds = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    else if (c === 0x3000) c = 0x20;
    let kind: number = Kind.Other;
    if (c < 128) {
      if (c >= 65 && c <= 90) {
        c += 32;
        kind = Kind.Latin;
      } else if (c >= 97 && c <= 122) kind = Kind.Latin;
      else if (c >= 48 && c <= 57) {
        c = 48;
        kind = Kind.Latin;
      } else if (c === 46 || c === 33 || c === 63 || c === 10 || c === 59) kind = Kind.Break;
      else if (c === 39 && i > 0 && kinds[i - 1] === Kind.Latin && i + 1 < n && /[a-z]/i.test(text[i + 1]!)) kind = Kind.Latin;
    } else if (isCjk(c)) kind = Kind.Cjk;
    else if (c >= 0xd800 && c <= 0xdfff) kind = Kind.Other;
    else if (c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b) kind = Kind.Break;
    else if (c === 0x2019 && i > 0 && kinds[i - 1] === Kind.Latin) {
      c = 39;
      kind = Kind.Latin;
    } else {
      const ch = String.fromCharCode(c);
      if (LETTER.test(ch)) {
        kind = Kind.Latin;
        const lower = ch.toLowerCase();
        if (lower.length === 1) c = lower.charCodeAt(0);
      }
    }
    codes[i] = c;
    kinds[i] = kind;
  }
  // A trailing apostrophe is not part of a word ("customers' ").
  for (let i = 0; i < n; i++) if (codes[i] === 39 && kinds[i] === Kind.Latin && (i + 1 >= n || kinds[i + 1] !== Kind.Latin)) kinds[i] = Kind.Other;
  return { codes, kinds };
}

/** Receives every occurrence of a feature: its hash and its span in the original text. */
export type FeatureSink = (hash: number, start: number, end: number) => void;

const LATIN_GRAM_MIN = 3;
const LATIN_GRAM_MAX = 5;
const CJK_GRAM_MAX = 3;
/** Longer words are not words (URLs, ids, base64): their grams would only add noise. */
const LATIN_WORD_MAX = 40;
const BOUNDARY = 0x3c;
const BOUNDARY_END = 0x3e;

/** Calls `sink` for every feature occurrence of `text`. */
export function forEachFeature(text: string, sink: FeatureSink): void {
  const { codes, kinds } = normalise(text);
  const n = codes.length;
  let hasCjk = false;
  let prevWordHash = 0;
  let prevWordStart = -1;
  let i = 0;
  while (i < n) {
    const kind = kinds[i]!;
    if (kind === Kind.Latin) {
      let j = i + 1;
      while (j < n && kinds[j] === Kind.Latin) j++;
      const len = j - i;
      if (len <= LATIN_WORD_MAX) {
        const wordHash = hashRange(NS_WORD, codes, i, j, 0, 0);
        sink(wordHash, i, j);
        if (prevWordStart >= 0) sink(finalise(Math.imul(prevWordHash ^ NS_BIGRAM, FNV_PRIME) ^ wordHash), prevWordStart, j);
        prevWordHash = wordHash;
        prevWordStart = i;
        // Grams over "<word>": position p of the padded word is text index i + p - 1.
        const padded = len + 2;
        for (let g = LATIN_GRAM_MIN; g <= LATIN_GRAM_MAX; g++) {
          if (g > padded) break;
          for (let p = 0; p + g <= padded; p++) {
            const pre = p === 0 ? BOUNDARY : 0;
            const post = p + g === padded ? BOUNDARY_END : 0;
            const from = i + Math.max(0, p - 1);
            const to = i + Math.min(len, p + g - 1);
            if (to <= from) continue;
            sink(hashRange(NS_LATIN_GRAM, codes, from, to, pre, post), from, to);
          }
        }
      } else prevWordStart = -1;
      i = j;
    } else if (kind === Kind.Cjk) {
      hasCjk = true;
      let j = i + 1;
      while (j < n && kinds[j] === Kind.Cjk) j++;
      for (let p = i; p < j; p++) {
        for (let g = 1; g <= CJK_GRAM_MAX && p + g <= j; g++) sink(hashRange(NS_CJK_GRAM, codes, p, p + g, 0, 0), p, p + g);
      }
      prevWordStart = -1;
      i = j;
    } else {
      if (kind === Kind.Break) prevWordStart = -1;
      i++;
    }
  }
  if (hasCjk) {
    for (const { start, end } of cutWithOffsets(text)) {
      if (end - start < 2 || kinds[start] !== Kind.Cjk) continue;
      sink(hashRange(NS_JIEBA, codes, start, end, 0, 0), start, end);
    }
  }
}

/** Distinct features of a text and how often each occurs, in first-seen order. */
export function countFeatures(text: string): { hashes: number[]; counts: number[] } {
  const at = new Map<number, number>();
  const hashes: number[] = [];
  const counts: number[] = [];
  forEachFeature(text, (hash) => {
    const k = at.get(hash);
    if (k === undefined) {
      at.set(hash, hashes.length);
      hashes.push(hash);
      counts.push(1);
    } else counts[k]!++;
  });
  return { hashes, counts };
}
