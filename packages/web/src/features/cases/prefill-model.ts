import type { components } from '@docket/client';

// The new-case prefill's logic without React (issue 22): the pasted text cut into marked
// segments, which suggested values go into the form, and what the agent did with each one.

export type PrefillResponse = components['schemas']['AssistPrefillResponse'];
export type PrefillSuggestion = components['schemas']['AssistPrefillSuggestion'];
export type PrefillOutcome = 'accepted' | 'changed' | 'rejected';
export type SourceSpan = PrefillSuggestion['source'];

/** The case's priority is suggested like a field, under this key. */
export const PRIORITY_FIELD = 'priority';

/** A piece of the text: marked when one or more spans cover it, with the keys of what they are the source of. */
export interface TextSegment {
  start: number;
  text: string;
  keys: string[];
}

export interface KeyedSpan {
  key: string;
  start: number;
  end: number;
}

/**
 * Cuts the text at every span's edges; overlapping spans (a name inside the sentence a category
 * came from) give a segment covered by both. Spans outside the text are clipped, empty ones dropped.
 */
export function segmentsOf(text: string, spans: readonly KeyedSpan[]): TextSegment[] {
  const clipped = spans.map((s) => ({ key: s.key, start: Math.max(0, Math.min(s.start, text.length)), end: Math.max(0, Math.min(s.end, text.length)) })).filter((s) => s.end > s.start);
  const cuts = new Set<number>([0, text.length]);
  for (const s of clipped) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const edges = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const start = edges[i]!;
    const end = edges[i + 1]!;
    const keys = [...new Set(clipped.filter((s) => s.start <= start && s.end >= end).map((s) => s.key))];
    const last = segments[segments.length - 1];
    // Neighbours covered by the same keys read as one mark.
    if (last && sameKeys(last.keys, keys)) last.text += text.slice(start, end);
    else segments.push({ start, text: text.slice(start, end), keys });
  }
  return segments;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0);
}

/** Two values as a form holds them: "100" and 100 are the same amount, surrounding blanks do not count. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) || isEmptyValue(b)) return isEmptyValue(a) && isEmptyValue(b);
  return String(a).trim() === String(b).trim();
}

/** What the agent did with a suggestion, read from the value the field holds when the case is created. */
export function outcomeOf(suggested: unknown, current: unknown): PrefillOutcome {
  if (sameValue(suggested, current)) return 'accepted';
  return isEmptyValue(current) ? 'rejected' : 'changed';
}

/** How a field of the form takes a value: form-js numbers are numbers, everything else the text of it. */
export type FieldKind = 'number' | 'text' | 'select' | 'checkbox' | 'datetime' | 'other';

export function formValueOf(value: unknown, kind: FieldKind): unknown {
  if (kind === 'number') {
    const n = typeof value === 'number' ? value : Number(String(value).replace(/[,，\s]/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  if (kind === 'checkbox') return value === true || value === 'true';
  if (kind === 'datetime') {
    // form-js keeps a date-time as "YYYY-MM-DDTHH:mm"; the server's ISO instant is cut to that.
    const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(String(value));
    return match ? (match[2] ? `${match[1]}T${match[2]}` : match[1]) : undefined;
  }
  return typeof value === 'string' ? value : String(value);
}

/**
 * The form's values with the suggestions put in: a field the agent has left empty, or that still
 * holds the previous suggestion untouched, takes the new one; what the agent typed stays.
 */
export function valuesWithSuggestions(
  current: Readonly<Record<string, unknown>>,
  suggestions: readonly { field: string; value: unknown }[],
  previous: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const s of suggestions) {
    const held = current[s.field];
    if (isEmptyValue(held) || (s.field in previous && sameValue(previous[s.field], held))) next[s.field] = s.value;
  }
  return next;
}

/** The state a suggestion shows: waiting for the agent, ticked, edited to something else, or cleared. */
export type SuggestionState = 'suggested' | 'accepted' | 'changed' | 'rejected';

export function stateOf(suggested: unknown, current: unknown, ticked: boolean): SuggestionState {
  const outcome = outcomeOf(suggested, current);
  if (outcome !== 'accepted') return outcome;
  return ticked ? 'accepted' : 'suggested';
}

/** The outcomes to record for the created case: every suggestion, untouched ones counted as accepted. */
export function outcomesOf(suggested: Readonly<Record<string, unknown>>, current: Readonly<Record<string, unknown>>): { field: string; outcome: PrefillOutcome }[] {
  return Object.entries(suggested).map(([field, value]) => ({ field, outcome: outcomeOf(value, current[field]) }));
}

/** Confidence as a whole percentage. */
export function percentOf(confidence: number): number {
  return Math.min(100, Math.max(0, Math.round(confidence * 100)));
}
