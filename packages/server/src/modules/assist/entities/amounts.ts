import { parseNumber, shiftDecimal } from './numbers.ts';

// Amounts of money: a number with a currency word or sign before or after it, and Chinese
// magnitudes (万, 千, 亿) — ¥5,000, RMB 3000, 五千元, 3万, 1.2万元, 两千块, $1,200.50, 500 dollars.
// A bare number is never an amount (it may be a count, a date, part of an id); 3万 is, because
// nobody counts anything else in 万 in a complaint. The value is a decimal string.

export interface AmountSpan {
  start: number;
  end: number;
  value: string;
  currency: string;
  confidence: number;
}

const ARABIC = '(?:\\d{1,3}(?:[,，]\\d{3})+|\\d+)(?:\\.\\d+)?';
const CHINESE = '[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?';
const MAGNITUDE = '(?:百万|千万|万亿|万|千|亿|百)';
const POWER: Record<string, number> = { 百: 2, 千: 3, 万: 4, 百万: 6, 千万: 7, 亿: 8, 万亿: 12 };

const PREFIX_CURRENCY: [RegExp, string][] = [
  [/^(?:¥|￥|RMB|CNY|人民币)$/i, 'CNY'],
  [/^(?:US\$|USD|\$)$/i, 'USD'],
  [/^(?:HK\$|HKD|港币)$/i, 'HKD'],
  [/^(?:€|EUR)$/i, 'EUR'],
];
const SUFFIX_CURRENCY: [RegExp, string][] = [
  [/^(?:元人民币|元|块钱|块|圆|人民币|RMB|CNY|yuan|rmb)$/i, 'CNY'],
  [/^(?:美元|美金|USD|dollars?|bucks?)$/i, 'USD'],
  [/^(?:港元|港币|HKD)$/i, 'HKD'],
  [/^(?:欧元|EUR|euros?)$/i, 'EUR'],
];
const currencyOf = (word: string, table: [RegExp, string][]) => table.find(([re]) => re.test(word.trim()))?.[1];

const PREFIXED = new RegExp(`(?<![A-Za-z0-9])(¥|￥|RMB|CNY|人民币|US\\$|USD|HK\\$|HKD|\\$|€|EUR)\\s?(${ARABIC})(?:\\s?(${MAGNITUDE}))?(?:\\s?(元|块))?(?![\\d.,]\\d|\\d)`, 'gi');
const SUFFIXED = new RegExp(
  `(?<![A-Za-z0-9.,\\-/])(${ARABIC}|${CHINESE})(?:\\s?(${MAGNITUDE}))?\\s?(元人民币|元|块钱|块|圆|人民币|美元|美金|港元|港币|欧元|(?:RMB|CNY|USD|HKD|EUR|yuan|dollars?|bucks|euros?)\\b)`,
  'gi',
);
// 3万, 1.2万, 两万 without a currency word; 万 after digits only (两万 needs the word 万 to be a number at all).
const MAGNITUDE_ONLY = /(?<![A-Za-z0-9.,\-/])(\d+(?:\.\d+)?|[一二两三四五六七八九十几]{1,3})(万|千万|百万|亿)(?![元块美港欧\d])(?!(?:人|次|个|多人|字|步|公里|平|斤|件|条|户|名|家|张|份))/g;

function value(numberText: string, magnitude: string | undefined): string | undefined {
  // A Chinese numeral carries its own magnitudes (一万二); a trailing one (五千) was split off.
  const n = parseNumber(magnitude && /^[零〇一二两三四五六七八九十百千万亿点]+$/.test(numberText) ? numberText + magnitude : numberText);
  if (n === undefined) return undefined;
  return magnitude && !/^[零〇一二两三四五六七八九十百千万亿点]+$/.test(numberText) ? shiftDecimal(n, POWER[magnitude]!) : n;
}

/** Every amount of money in `text`, in text order, none overlapping. Pure. */
export function findAmounts(text: string): AmountSpan[] {
  const found: AmountSpan[] = [];
  const add = (span: AmountSpan) => {
    if (!found.some((f) => span.start < f.end && f.start < span.end)) found.push(span);
  };
  PREFIXED.lastIndex = 0;
  for (let m = PREFIXED.exec(text); m; m = PREFIXED.exec(text)) {
    const v = value(m[2]!, m[3]);
    const currency = currencyOf(m[1]!, PREFIX_CURRENCY);
    if (v !== undefined && currency) add({ start: m.index, end: m.index + m[0].length, value: v, currency, confidence: 0.95 });
  }
  SUFFIXED.lastIndex = 0;
  for (let m = SUFFIXED.exec(text); m; m = SUFFIXED.exec(text)) {
    // A Chinese numeral must be more than a stray 一 (一块 is "together").
    if (/^[一两]$/.test(m[1]!) && !m[2]) continue;
    const v = value(m[1]!, m[2]);
    const currency = currencyOf(m[3]!, SUFFIX_CURRENCY);
    if (v !== undefined && currency) add({ start: m.index, end: m.index + m[0].length, value: v, currency, confidence: /^\d/.test(m[1]!) ? 0.95 : 0.85 });
  }
  MAGNITUDE_ONLY.lastIndex = 0;
  for (let m = MAGNITUDE_ONLY.exec(text); m; m = MAGNITUDE_ONLY.exec(text)) {
    if (m[1] === '几') continue;
    const v = value(m[1]!, m[2]);
    if (v !== undefined) add({ start: m.index, end: m.index + m[0].length, value: v, currency: 'CNY', confidence: 0.7 });
  }
  return found.sort((a, b) => a.start - b.start);
}
