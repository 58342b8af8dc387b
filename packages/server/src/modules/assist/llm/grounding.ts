import { bankCardIssue, residentIdIssue, unifiedSocialCreditCodeIssue } from '../../cases/index.ts';
import { isAskedField, optionValue } from './answer-schema.ts';
import { type MaskedText, originalRangeOf, restorePlaceholders } from './masking.ts';
import { isExactAt, locate, numbersIn, type TextRange } from './text-location.ts';
import type { LlmCaseType, LlmField, LlmRefusal, LlmSuggestion } from './types.ts';

// The model's answer is read as a claim, never as a fact: a value is suggested only where it can
// be found in the customer's own words (the quote the model gave, or the value itself), is one
// of the field's options, and passes the identifier's check digit. What fails is dropped and
// counted ("无中生有": a model that invents a value must not get it into a case).

export interface GroundedAnswer {
  suggestions: LlmSuggestion[];
  refusals: LlmRefusal[];
  /** Fields the model gave a (non-null) value for. */
  valuesGiven: number;
}

/** The answer is not the JSON the schema asked for: the call failed, as if it had not answered. */
export class InvalidLlmAnswer extends Error {}

interface AnswerEntry {
  value: unknown;
  quote: string;
  confidence: number;
}

function readEntry(raw: unknown): AnswerEntry | null | 'invalid' {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) return 'invalid';
  const entry = raw as Record<string, unknown>;
  if (entry.value === null || entry.value === undefined || entry.value === '') return null;
  const confidence = typeof entry.confidence === 'number' && Number.isFinite(entry.confidence) ? Math.min(1, Math.max(0, entry.confidence)) : 0.5;
  return { value: entry.value, quote: typeof entry.quote === 'string' ? entry.quote : '', confidence };
}

/** Where the quote lies in the original text: found in the masked text the model saw, or, restored, in the original. */
function locateQuote(original: string, masked: MaskedText, quote: string): { range: TextRange; exact: boolean } | undefined {
  if (!quote.trim()) return undefined;
  const inMasked = locate(masked.text, quote);
  if (inMasked) return { range: originalRangeOf(masked, inMasked.start, inMasked.end), exact: isExactAt(masked.text, quote, inMasked) };
  const restored = restorePlaceholders(masked, quote);
  const inOriginal = restored === undefined ? undefined : locate(original, restored);
  return inOriginal && restored !== undefined ? { range: inOriginal, exact: isExactAt(original, restored, inOriginal) } : undefined;
}

const DIGIT_CLASSES = new Set(['phone', 'resident-id', 'bank-card', 'account', 'uscc']);

/** The value as the field stores it: an id's characters without spaces or dashes, upper-case X. */
function normaliseIdentifier(dataClass: string, value: string): string {
  const compact = value.replace(/[\s\u3000-]/g, '');
  if (dataClass === 'bank-card' || dataClass === 'account') return compact.replace(/\D/g, '');
  if (dataClass === 'resident-id' || dataClass === 'uscc') return compact.toUpperCase();
  return compact;
}

function identifierProblem(dataClass: string, value: string): 'check-digit' | 'invalid-value' | undefined {
  const issue = dataClass === 'resident-id' ? residentIdIssue(value) : dataClass === 'bank-card' ? bankCardIssue(value) : dataClass === 'uscc' ? unifiedSocialCreditCodeIssue(value) : undefined;
  if (issue) return issue.code === 'check-digit' || issue.code === 'impossible-birth-date' ? 'check-digit' : 'invalid-value';
  if (dataClass === 'phone' && !/^(?:\+?86|0086)?(?:1[3-9]\d{9}|0\d{9,11}|\d{7,8})$/.test(value)) return 'invalid-value';
  if (dataClass === 'account' && !/^\d{6,34}$/.test(value)) return 'invalid-value';
  if (dataClass === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return 'invalid-value';
  return undefined;
}

const RELATIVE_DAY =
  /今天|今日|昨天|昨日|前天|明天|后天|上周|本周|这周|下周|上个?月|本月|这个月|月初|月底|周[一二三四五六日天]|星期|礼拜|刚才|today|yesterday|tomorrow|last|this|ago|monday|tuesday|wednesday|thursday|friday|saturday|sunday/i;

/** Whether the quote can state this date: it names its day (or month), or is relative to today. */
function isDateStatedIn(quote: string, iso: string): boolean {
  if (RELATIVE_DAY.test(quote)) return true;
  const parts = iso.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (!parts) return /\d/.test(quote);
  const stated = new Set(numbersIn(quote).map((n) => n.value));
  return stated.has(Number(parts[3])) || stated.has(Number(parts[2]));
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_TIME = /^\d{2}:\d{2}(?::\d{2})?$/;

type Verdict = { value: LlmSuggestion['value']; source: TextRange; exact: boolean } | { refused: LlmRefusal['reason']; source?: TextRange } | 'skip';

function groundField(field: LlmField, entry: AnswerEntry, original: string, masked: MaskedText): Verdict {
  const quote = locateQuote(original, masked, entry.quote);
  switch (field.type) {
    case 'select':
    case 'radio': {
      const option = (field.options ?? []).find((o) => optionValue(o) === String(entry.value));
      if (!option) return { refused: 'not-in-options', source: quote?.range };
      if (!quote) return { refused: 'not-in-text' };
      const value = typeof option === 'string' ? option : option.value;
      return { value: typeof value === 'number' || typeof value === 'boolean' ? value : String(value), source: quote.range, exact: quote.exact };
    }
    case 'checkbox': {
      // An unticked box is the form's default: nothing to suggest.
      if (entry.value !== true) return entry.value === false ? 'skip' : { refused: 'invalid-value' };
      return quote ? { value: true, source: quote.range, exact: quote.exact } : { refused: 'not-in-text' };
    }
    case 'number': {
      const value = typeof entry.value === 'number' ? entry.value : Number(String(entry.value).replace(/[,，\s]/g, ''));
      if (!Number.isFinite(value)) return { refused: 'invalid-value', source: quote?.range };
      const inQuote = quote ? numbersIn(original.slice(quote.range.start, quote.range.end)).find((n) => n.value === value) : undefined;
      if (inQuote && quote) return { value, source: { start: quote.range.start + inQuote.start, end: quote.range.start + inQuote.end }, exact: quote.exact };
      const anywhere = numbersIn(original).find((n) => n.value === value);
      return anywhere ? { value, source: { start: anywhere.start, end: anywhere.end }, exact: false } : { refused: 'not-in-text', source: quote?.range };
    }
    case 'datetime': {
      const value = String(entry.value).trim();
      if (!(field.subtype === 'time' ? ISO_TIME : ISO_DATE_TIME).test(value) || (field.subtype !== 'time' && Number.isNaN(Date.parse(value.slice(0, 10))))) {
        return { refused: 'invalid-value', source: quote?.range };
      }
      if (!quote || !isDateStatedIn(original.slice(quote.range.start, quote.range.end), value)) return { refused: 'not-in-text', source: quote?.range };
      return { value, source: quote.range, exact: quote.exact };
    }
    default: {
      const restored = restorePlaceholders(masked, String(entry.value));
      // A placeholder the text never had: the model made a value up.
      if (restored === undefined || !restored.trim()) return { refused: 'not-in-text', source: quote?.range };
      const found = locate(original, restored.trim(), quote?.range);
      if (!found) return { refused: 'not-in-text', source: quote?.range };
      if (!field.dataClass) return { value: restored.trim(), source: found, exact: isExactAt(original, restored.trim(), found) };
      const value = DIGIT_CLASSES.has(field.dataClass) ? normaliseIdentifier(field.dataClass, restored) : restored.trim();
      const problem = identifierProblem(field.dataClass, value);
      if (problem) return { refused: problem, source: found };
      return { value, source: found, exact: true };
    }
  }
}

/** Reads the parsed answer against the case type and the original text. Throws InvalidLlmAnswer when it is not an object. */
export function groundAnswer(caseType: LlmCaseType, original: string, masked: MaskedText, answer: unknown): GroundedAnswer {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) throw new InvalidLlmAnswer('the answer is not a JSON object');
  const byKey = answer as Record<string, unknown>;
  const result: GroundedAnswer = { suggestions: [], refusals: [], valuesGiven: 0 };
  for (const field of caseType.fields.filter(isAskedField)) {
    const entry = readEntry(byKey[field.key]);
    if (entry === null) continue;
    result.valuesGiven++;
    if (entry === 'invalid') {
      result.refusals.push({ field: field.key, reason: 'invalid-value' });
      continue;
    }
    const verdict = groundField(field, entry, original, masked);
    if (verdict === 'skip') {
      result.valuesGiven--;
      continue;
    }
    if ('refused' in verdict) {
      result.refusals.push({ field: field.key, reason: verdict.refused, ...(verdict.source ? { source: verdict.source } : {}) });
      continue;
    }
    // A quote found only after normalising is a little less certain than one copied exactly.
    const confidence = Math.round(entry.confidence * (verdict.exact ? 1 : 0.9) * 1000) / 1000;
    result.suggestions.push({ field: field.key, value: verdict.value, confidence, source: verdict.source });
  }
  return result;
}
