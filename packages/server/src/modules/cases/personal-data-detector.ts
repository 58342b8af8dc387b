import { findAddresses } from '../../platform/text/addresses.ts';
import { findPersonNames } from '../../platform/text/person-names.ts';
import { bankCardProblem, residentIdProblem } from './check-digits.ts';

// Personal data typed into free text (titles, comments, file names): found when the text is
// written, so it can be sealed and shown masked like a field of the same data class.
//
// What counts, and why these patterns:
// - resident-id: 18 characters, 17 digits and a digit or X, with a possible date of birth and
//   the GB 11643 check digit. (15-digit first-generation ids carry no check digit and look like
//   any other number, so they are not guessed at.)
// - bank-card: 16–19 digits, optionally grouped by spaces or dashes, starting with 3–6 (the
//   issuer ranges of UnionPay 62, Visa 4, Mastercard 5, JCB/Amex 3) and passing Luhn.
// - phone: a mainland mobile number, 1[3-9] and 9 more digits, optionally +86/0086 before it
//   and grouped 3-4-4 by a space or dash.
// - account: a bank account number is 10–25 digits with no check digit anyone can verify, so a
//   bare digit run is never taken for one (order numbers, dates and amounts would be). It counts
//   only right after a word that says it is an account: 账号 / 帐号 / 账户 / 帐户 / 卡号 /
//   account (no. / number) / acct / a/c, optionally followed by a colon.
// - email: local@domain.tld.
// - name: a personal name, only in a naming context (我叫 / 客户 / 户名： / "my name is") or
//   with an honorific (王小明先生, Mr Smith); a surname alone (张先生) is not taken. See
//   platform/text/person-names.ts.
// - address: a place narrowed down to a street and door (北京市朝阳区建国路88号, 123 Main
//   Street); a city or district alone is not taken. See platform/text/addresses.ts.
// Every number must stand alone: a digit (or letter) right before or after it means it is part
// of something longer, such as an order number, and is not reported.

export type TextDataClass = 'resident-id' | 'bank-card' | 'phone' | 'account' | 'email' | 'address' | 'name';

export interface Detection {
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  dataClass: TextDataClass;
}

const RESIDENT_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const BANK_CARD = /(?<![0-9A-Za-z])[3-6]\d{3}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?![0-9A-Za-z])/g;
const PHONE = /(?<![0-9A-Za-z+])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9A-Za-z])/g;
const ACCOUNT = /(?:账号|帐号|账户|帐户|卡号|\baccount(?:\s*(?:no\.?|number|#))?|\bacct\.?|\ba\/c)\s*[:：#]?\s*(\d(?:[ -]?\d){9,24})(?![0-9A-Za-z])/gi;
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

const digitCount = (s: string) => s.replace(/\D/g, '').length;

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) yield m;
}

/** Every span of personal data in `text`, in text order, none overlapping. Pure. */
export function detectPersonalData(text: string): Detection[] {
  if (!text) return [];
  const found: Detection[] = [];
  // Higher-confidence classes first; a later span overlapping an earlier one is dropped.
  for (const m of matches(RESIDENT_ID, text)) {
    if (residentIdProblem(m[0]) === undefined) found.push({ start: m.index, end: m.index + m[0].length, dataClass: 'resident-id' });
  }
  for (const m of matches(BANK_CARD, text)) {
    const n = digitCount(m[0]);
    if (n >= 16 && n <= 19 && bankCardProblem(m[0]) === undefined) found.push({ start: m.index, end: m.index + m[0].length, dataClass: 'bank-card' });
  }
  for (const m of matches(PHONE, text)) found.push({ start: m.index, end: m.index + m[0].length, dataClass: 'phone' });
  for (const m of matches(ACCOUNT, text)) {
    const start = m.index + m[0].length - m[1]!.length;
    found.push({ start, end: m.index + m[0].length, dataClass: 'account' });
  }
  for (const m of matches(EMAIL, text)) found.push({ start: m.index, end: m.index + m[0].length, dataClass: 'email' });
  for (const a of findAddresses(text)) found.push({ start: a.start, end: a.end, dataClass: 'address' });
  for (const n of findPersonNames(text)) found.push({ start: n.start, end: n.end, dataClass: 'name' });

  const kept: Detection[] = [];
  for (const d of found) if (!kept.some((k) => d.start < k.end && k.start < d.end)) kept.push(d);
  return kept.sort((a, b) => a.start - b.start);
}

/** The data classes found in `text`, each once, in the order first met. */
export function personalDataClasses(text: string): TextDataClass[] {
  return [...new Set(detectPersonalData(text).map((d) => d.dataClass))];
}
