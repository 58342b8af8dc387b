import { bankCardIssue, residentIdIssue, unifiedSocialCreditCodeIssue } from '../../cases/index.ts';
import type { EntityKind, RejectedIdentifier } from './types.ts';

// Identifiers: each number must stand alone (no digit or letter right before or after it: a part
// of an order number is not a phone), and each one with a check digit is taken only when the
// check digit holds. One that has the shape and fails the check is reported apart, so the agent
// can be told "this resident id looks mistyped" instead of the value being silently dropped or,
// worse, suggested.

export interface IdSpan {
  kind: EntityKind;
  start: number;
  end: number;
  value: string;
  confidence: number;
}

const RESIDENT_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const CARD = /(?<![0-9A-Za-z])[1-9]\d{3}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?(?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z+])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9A-Za-z])/g;
// Landlines: an area code (010, 02x, or 0 and three digits) and 7–8 digits, written with a dash,
// a space or brackets; run together only after a phone word (else it is any 11–12-digit number).
const LANDLINE = /(?<![0-9A-Za-z])(?:(?:\+|00)86[ -]?)?(?:\((0\d{2,3})\)|(0(?:10|2\d|[3-9]\d{2})))[ -]?(\d{7,8})(?:-(\d{1,5}))?(?![0-9A-Za-z])/g;
const PHONE_WORD = /(?:电话|座机|固话|联系方式|tel|phone|fax)[^\n]{0,6}$/i;
const ACCOUNT = /(?:账号|帐号|账户号码?|帐户号码?|账户|帐户|\baccount(?:\s*(?:no\.?|number|#))?|\bacct\.?(?:\s*no\.?)?|\ba\/c)\s*(?:是|为)?\s*[:：#]?\s*(\d(?:[ -]?\d){9,24})(?![0-9A-Za-z])/gi;
const CARD_WORD = /(?:卡号|银行卡|信用卡|借记卡|储蓄卡|卡|card(?:\s*(?:no\.?|number|#))?)[^\n\d]{0,6}$/i;
const USCC = /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])/gi;
const USCC_WORD = /(?:统一社会信用代码|信用代码|社会信用代码|USCC|credit code|registration (?:no\.?|number))[^\n]{0,6}$/i;
const RESIDENT_ID_WORD = /(?:身份证|证件|居民身份|ID card|\bID\b|identity)[^\n]{0,8}$/i;
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
// Alert ids from monitoring systems (AML-2026-000123, ALERT-20260305-0042) and whatever follows 预警编号.
const ALERT_ID = /(?<![0-9A-Za-z-])(?:AML|ALERT|ALT|ALRT|STR|SAR|TMA|TM)-(?:[0-9A-Z]+-)*\d{3,}(?![0-9A-Za-z-])/gi;
const ALERT_WORD = /(?:预警编号|预警号|预警单号|告警编号|警报编号|alert\s*(?:id|no\.?|number|#))\s*(?:是|为)?\s*[:：#]?\s*([A-Za-z0-9][A-Za-z0-9-]{3,40})(?![A-Za-z0-9-])/gi;

const digits = (s: string) => s.replace(/\D/g, '');
const before = (text: string, at: number, n = 12) => text.slice(Math.max(0, at - n), at);

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) yield m;
}

function plausibleBirthDate(id: string): boolean {
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Identifiers that pass their checks, and those with their shape that fail them. */
export function findIdentifiers(text: string): { found: IdSpan[]; rejected: RejectedIdentifier[] } {
  const found: IdSpan[] = [];
  const rejected: RejectedIdentifier[] = [];
  const taken = (start: number, end: number) => found.some((f) => start < f.end && f.start < end) || rejected.some((r) => start < r.end && r.start < end);
  const add = (span: IdSpan) => {
    if (!taken(span.start, span.end)) found.push(span);
  };
  const reject = (kind: RejectedIdentifier['kind'], start: number, end: number) => {
    if (!taken(start, end)) rejected.push({ kind, start, end, reason: 'check-digit' });
  };

  for (const m of matches(ALERT_ID, text)) add({ kind: 'alert-id', start: m.index, end: m.index + m[0].length, value: m[0].toUpperCase(), confidence: 0.95 });
  for (const m of matches(ALERT_WORD, text)) {
    const start = m.index + m[0].length - m[1]!.length;
    add({ kind: 'alert-id', start, end: m.index + m[0].length, value: m[1]!.toUpperCase(), confidence: 0.9 });
  }
  for (const m of matches(EMAIL, text)) add({ kind: 'email', start: m.index, end: m.index + m[0].length, value: m[0].toLowerCase(), confidence: 0.98 });

  for (const m of matches(RESIDENT_ID, text)) {
    const end = m.index + m[0].length;
    const issue = residentIdIssue(m[0]);
    if (!issue) add({ kind: 'resident-id', start: m.index, end, value: m[0].toUpperCase(), confidence: 0.99 });
    // A region code and a possible birth date, or an id word before it: an id typed wrong.
    else if ((/^[1-8]\d{5}/.test(m[0]) && plausibleBirthDate(m[0])) || RESIDENT_ID_WORD.test(before(text, m.index))) reject('resident-id', m.index, end);
  }

  for (const m of matches(USCC, text)) {
    const end = m.index + m[0].length;
    const code = m[0].toUpperCase();
    if (!/[A-Z]/.test(code) && !USCC_WORD.test(before(text, m.index, 16))) continue;
    if (!unifiedSocialCreditCodeIssue(code)) add({ kind: 'uscc', start: m.index, end, value: code, confidence: 0.97 });
    else if (USCC_WORD.test(before(text, m.index, 16))) reject('uscc', m.index, end);
  }

  // Accounts before cards: after 账号 a number is the account, even when it passes Luhn.
  for (const m of matches(ACCOUNT, text)) {
    const start = m.index + m[0].length - m[1]!.length;
    add({ kind: 'account', start, end: m.index + m[0].length, value: digits(m[1]!), confidence: 0.9 });
  }

  for (const m of matches(CARD, text)) {
    const end = m.index + m[0].length;
    const n = digits(m[0]).length;
    if (n < 16 || n > 19) continue;
    const cardWord = CARD_WORD.test(before(text, m.index));
    // Issuer ranges of UnionPay (62), Visa (4), Mastercard (5), JCB and Amex (3), unless a card word says so.
    const issuer = /^[3-6]/.test(m[0]);
    if (!issuer && !cardWord) continue;
    if (!bankCardIssue(m[0])) add({ kind: 'bank-card', start: m.index, end, value: digits(m[0]), confidence: cardWord ? 0.97 : 0.9 });
    else if (cardWord || /^62/.test(m[0])) reject('bank-card', m.index, end);
  }

  for (const m of matches(MOBILE, text)) {
    const value = digits(m[0]).replace(/^(?:0086|86)(?=1\d{10}$)/, '');
    add({ kind: 'phone', start: m.index, end: m.index + m[0].length, value, confidence: 0.95 });
  }
  for (const m of matches(LANDLINE, text)) {
    const separated = /[ ()-]/.test(m[0]);
    if (!separated && !PHONE_WORD.test(before(text, m.index))) continue;
    const value = `${m[1] ?? m[2]}${m[3]}${m[4] ? `-${m[4]}` : ''}`;
    add({ kind: 'phone', start: m.index, end: m.index + m[0].length, value, confidence: separated ? 0.85 : 0.8 });
  }

  return { found, rejected };
}
