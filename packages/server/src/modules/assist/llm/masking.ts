import { detectPersonalData } from '../../cases/index.ts';

// Before any text goes to the LLM, every sensitive value in it is replaced by a placeholder such
// as ⟦PHONE_1⟧; the map back lives only in memory for the length of one call. The model copies
// placeholders where a value belongs, and restorePlaceholders puts the originals back.
//
// Three sources, merged: the cases module's detector (valid resident ids, Luhn-valid cards,
// phones, accounts after an account word, e-mails), the entity extractor (names, addresses,
// credit codes …), and shapes (below) that catch what the two leave because a check digit
// failed: a mistyped resident id is still somebody's resident id, and must not leave in clear.

export const MASK_KINDS = ['NAME', 'PHONE', 'RESIDENT_ID', 'CARD', 'ACCOUNT', 'USCC', 'EMAIL', 'ADDRESS', 'NUMBER'] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

export interface SensitiveSpan {
  start: number;
  end: number;
  kind: MaskKind;
}

/** Something that finds sensitive spans in a text: the entity extractor, a dictionary. */
export type SensitiveSpanFinder = (text: string) => readonly SensitiveSpan[];

/** One masked occurrence: where it was in the original text and where its placeholder is in the masked one. */
export interface MaskedOccurrence {
  placeholder: string;
  start: number;
  end: number;
  maskedStart: number;
  maskedEnd: number;
}

export interface MaskedText {
  /** What the model is sent. */
  text: string;
  /** ⟦KIND_n⟧ → the original characters of its first occurrence. */
  originals: ReadonlyMap<string, string>;
  occurrences: readonly MaskedOccurrence[];
}

const DETECTOR_KINDS: Record<string, MaskKind> = {
  'resident-id': 'RESIDENT_ID',
  'bank-card': 'CARD',
  phone: 'PHONE',
  account: 'ACCOUNT',
  email: 'EMAIL',
};

/** Entity kinds (entities/types.ts) that are personal data; amounts, dates and alert ids are not. */
export const ENTITY_MASK_KINDS: Readonly<Record<string, MaskKind>> = {
  'person-name': 'NAME',
  phone: 'PHONE',
  'resident-id': 'RESIDENT_ID',
  'bank-card': 'CARD',
  account: 'ACCOUNT',
  uscc: 'USCC',
  email: 'EMAIL',
  address: 'ADDRESS',
};

// Shapes, whatever their check digits say. A run of ten or more digits (spaces and dashes
// between them allowed) is an identifier of some kind far more often than anything a model
// needs in clear; amounts that long are written with separators or 万/亿.
const RESIDENT_ID_SHAPE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const USCC_SHAPE = /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])/g;
const LONG_DIGIT_RUN = /(?<![0-9A-Za-z])(?:\+|00)?\d(?:[ -]?\d){9,}(?![0-9A-Za-z])/g;

function kindOfDigitRun(run: string): MaskKind {
  const digits = run.replace(/\D/g, '');
  if (/^(?:\+?86|0086)?1[3-9]\d{9}$/.test(digits) || /^1[3-9]\d{9}$/.test(digits)) return 'PHONE';
  if (digits.length >= 16 && digits.length <= 19 && /^[3-6]/.test(digits)) return 'CARD';
  return 'NUMBER';
}

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) yield m;
}

function shapeSpans(text: string): SensitiveSpan[] {
  const spans: SensitiveSpan[] = [];
  for (const m of matches(RESIDENT_ID_SHAPE, text)) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'RESIDENT_ID' });
  for (const m of matches(USCC_SHAPE, text)) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'USCC' });
  for (const m of matches(LONG_DIGIT_RUN, text)) spans.push({ start: m.index, end: m.index + m[0].length, kind: kindOfDigitRun(m[0]) });
  return spans;
}

/**
 * Every sensitive span of `text`, merged so that none overlap: where two sources disagree the
 * union is masked (a partly masked card still leaks), under the kind of the more certain source.
 */
export function findSensitiveSpans(text: string, finders: readonly SensitiveSpanFinder[] = []): SensitiveSpan[] {
  const ranked: (SensitiveSpan & { rank: number })[] = [];
  for (const d of detectPersonalData(text)) {
    // 卡号 followed by 16–19 digits is an account to the detector, but the model should see a card.
    const kind = d.dataClass === 'account' && kindOfDigitRun(text.slice(d.start, d.end)) === 'CARD' ? 'CARD' : (DETECTOR_KINDS[d.dataClass] ?? 'NUMBER');
    ranked.push({ start: d.start, end: d.end, kind, rank: 0 });
  }
  for (const finder of finders) for (const s of finder(text)) if (s.end > s.start) ranked.push({ ...s, rank: 1 });
  for (const s of shapeSpans(text)) ranked.push({ ...s, rank: 2 });
  ranked.sort((a, b) => a.start - b.start || a.rank - b.rank || b.end - a.end);
  const merged: (SensitiveSpan & { rank: number })[] = [];
  for (const span of ranked) {
    const last = merged.at(-1);
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (span.rank < last.rank) Object.assign(last, { kind: span.kind, rank: span.rank });
    } else merged.push({ ...span });
  }
  return merged.map(({ start, end, kind }) => ({ start, end, kind }));
}

/** The same value written twice gets the same placeholder, so the model sees it is one person, one card. */
function identityOf(kind: MaskKind, original: string): string {
  return kind === 'NAME' || kind === 'ADDRESS' || kind === 'EMAIL' ? `${kind}:${original.trim().toLowerCase()}` : `${kind}:${original.replace(/[\s+-]/g, '').toUpperCase()}`;
}

/** Replaces each span (non-overlapping, from findSensitiveSpans) by its placeholder. Pure. */
export function maskText(text: string, spans: readonly SensitiveSpan[]): MaskedText {
  const byIdentity = new Map<string, string>();
  const counters = new Map<MaskKind, number>();
  const originals = new Map<string, string>();
  const occurrences: MaskedOccurrence[] = [];
  let masked = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    const original = text.slice(span.start, span.end);
    const identity = identityOf(span.kind, original);
    let placeholder = byIdentity.get(identity);
    if (!placeholder) {
      const n = (counters.get(span.kind) ?? 0) + 1;
      counters.set(span.kind, n);
      placeholder = `⟦${span.kind}_${n}⟧`;
      byIdentity.set(identity, placeholder);
      originals.set(placeholder, original);
    }
    masked += text.slice(at, span.start);
    occurrences.push({ placeholder, start: span.start, end: span.end, maskedStart: masked.length, maskedEnd: masked.length + placeholder.length });
    masked += placeholder;
    at = span.end;
  }
  masked += text.slice(at);
  return { text: masked, originals, occurrences };
}

const PLACEHOLDER = /⟦([A-Z_]+_\d+)⟧/g;

/** `value` with every placeholder replaced by its original; undefined when it names one that was never given (invented). */
export function restorePlaceholders(masked: MaskedText, value: string): string | undefined {
  let unknown = false;
  const restored = value.replace(PLACEHOLDER, (placeholder) => {
    const original = masked.originals.get(placeholder);
    if (original === undefined) unknown = true;
    return original ?? placeholder;
  });
  return unknown ? undefined : restored;
}

export function hasPlaceholder(value: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(value);
}

/**
 * A range of the masked text as a range of the original: a bound inside a placeholder widens to
 * the whole masked value, so a span never cuts an identifier in half.
 */
export function originalRangeOf(masked: MaskedText, maskedStart: number, maskedEnd: number): { start: number; end: number } {
  const toOriginal = (offset: number, side: 'start' | 'end') => {
    let shift = 0;
    for (const o of masked.occurrences) {
      if (o.maskedEnd <= offset) shift = o.end - o.maskedEnd;
      else if (o.maskedStart < offset) return side === 'start' ? o.start : o.end;
      else break;
    }
    return offset + shift;
  };
  return { start: toOriginal(maskedStart, 'start'), end: toOriginal(maskedEnd, 'end') };
}
