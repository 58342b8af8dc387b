// Finding a model's quote, or a value, in a text: exactly, or after the differences a model
// introduces when it copies — whitespace, full-width characters, letter case, and the spaces,
// dashes and commas people put between digits (138-1234-5678, 50,000).

export interface TextRange {
  start: number;
  end: number;
}

interface NormalisedText {
  text: string;
  /** For each character of `text`, the offset of the character it came from. */
  offsets: number[];
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isSpace = (c: string) => /\s/.test(c) || c === '\u3000';
// Not '.': 12.5 and 125 are different amounts.
const DIGIT_SEPARATORS = new Set(['-', ',', '，']);

function halfWidth(c: string): string {
  const code = c.charCodeAt(0);
  return code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : c;
}

function normalise(text: string): NormalisedText {
  const chars: string[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = halfWidth(text[i]!);
    if (isSpace(c)) continue;
    // A separator between two digits groups them: 50,000 is 50000, 138-1234-5678 is 13812345678.
    if (DIGIT_SEPARATORS.has(c) && isDigit(chars.at(-1)) && isDigit(nextNonSpace(text, i + 1))) continue;
    chars.push(c.toLowerCase());
    offsets.push(i);
  }
  return { text: chars.join(''), offsets };
}

function nextNonSpace(text: string, from: number): string | undefined {
  for (let i = from; i < text.length; i++) {
    const c = halfWidth(text[i]!);
    if (!isSpace(c)) return c;
  }
  return undefined;
}

/** Every place `needle` occurs in `haystack`, exact matches first, then normalised ones not already found. */
export function locateAll(haystack: string, needle: string): TextRange[] {
  const found: TextRange[] = [];
  if (!needle.trim()) return found;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) found.push({ start: i, end: i + needle.length });
  if (found.length > 0) return found;
  const hay = normalise(haystack);
  const pin = normalise(needle).text;
  if (!pin) return found;
  for (let i = hay.text.indexOf(pin); i >= 0; i = hay.text.indexOf(pin, i + 1)) {
    found.push({ start: hay.offsets[i]!, end: hay.offsets[i + pin.length - 1]! + 1 });
  }
  return found;
}

/** The first place `needle` occurs, preferring one inside `within` (the quote the model gave). */
export function locate(haystack: string, needle: string, within?: TextRange): TextRange | undefined {
  const all = locateAll(haystack, needle);
  if (within) {
    const inside = all.find((r) => r.start >= within.start && r.end <= within.end);
    if (inside) return inside;
  }
  return all[0];
}

/** Whether `range` was found only after normalising (it is not the needle character for character). */
export function isExactAt(haystack: string, needle: string, range: TextRange): boolean {
  return haystack.slice(range.start, range.end) === needle;
}

const MULTIPLIERS: Record<string, number> = { 百: 100, 千: 1000, k: 1000, K: 1000, 万: 10_000, w: 10_000, W: 10_000, 亿: 100_000_000 };
const NUMBER = /(\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*(百|千|万|亿|[kKwW](?![A-Za-z]))?/g;

/** The numbers written in `text`, with their spans: 5万 is 50000, 1,200.50 is 1200.5. */
export function numbersIn(text: string): { value: number; start: number; end: number }[] {
  const found: { value: number; start: number; end: number }[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    const base = Number(m[1]!.replace(/[,，]/g, ''));
    if (!Number.isFinite(base)) continue;
    const multiplier = m[2] ? MULTIPLIERS[m[2]]! : 1;
    found.push({ value: Math.round(base * multiplier * 1e6) / 1e6, start: m.index, end: m.index + m[0].length });
    if (multiplier !== 1) found.push({ value: base, start: m.index, end: m.index + m[1]!.length });
  }
  return found;
}
