import { CASE_PRIORITIES, residentIdIssue, bankCardIssue, unifiedSocialCreditCodeIssue, type FieldDefinition } from '../../cases/index.ts';
import type { Entity, EntityKind } from '../entities/types.ts';
import type { Evidence, TextClassifier } from '../model/types.ts';
import type { AssistSettings } from '../governance/settings-store.ts';
import { PRIORITY_FIELD } from '../governance/settings.ts';
import { labelIn, type PrefillLocale } from './field-labels.ts';
import type { PrefillResponse, PrefillSuggestion } from './schemas.ts';
import { ENTITY_MODEL_VERSION } from './seams.ts';

export type SourceSpan = PrefillSuggestion['source'];
export type Refusal = PrefillResponse['refused'][number];
export type Signal = PrefillResponse['signals'][number];

/** What a prefill answers besides its id and path: the same shape from either path. */
export interface PrefillFindings {
  suggestions: PrefillSuggestion[];
  signals: Signal[];
  refused: Refusal[];
  missing: PrefillResponse['missing'];
  modelVersions: string[];
}

// Classifiers whose answer is no field of any form: shown beside the form for the agent.
export const SIGNAL_LABELS = ['emotion'] as const;
export const URGENCY_LABEL = 'urgency';
export const VERBATIM_VERSION = 'text@verbatim';
const MAX_ALSO_FROM = 4;

const KIND_OF_DATA_CLASS: Record<string, EntityKind> = {
  name: 'person-name',
  phone: 'phone',
  'resident-id': 'resident-id',
  'bank-card': 'bank-card',
  account: 'account',
  uscc: 'uscc',
  email: 'email',
  address: 'address',
};

/** The entity kind that fills a field, if any: by data class, then by the field's key and type. */
export function entityKindOfField(field: FieldDefinition): EntityKind | undefined {
  if (field.dataClass) return KIND_OF_DATA_CLASS[field.dataClass];
  if (field.key === 'alertId') return 'alert-id';
  if (field.type === 'number' && field.key === 'amount') return 'amount';
  if (field.type === 'datetime') return field.component.subtype === 'date' ? 'date' : field.component.subtype === 'time' ? undefined : 'datetime';
  return undefined;
}

/** Select-like fields a classifier predicts among their options. */
export function isChoiceField(field: FieldDefinition): boolean {
  return (field.type === 'select' || field.type === 'radio') && Array.isArray(field.component.values) && field.component.values.length > 0;
}

export function classifierLabelOf(field: FieldDefinition, settings: AssistSettings): string {
  return settings.fields[field.key]?.label ?? field.key;
}

export function isFieldEnabled(settings: AssistSettings, key: string): boolean {
  return settings.fields[key]?.enabled !== false;
}

export function thresholdOf(settings: AssistSettings, key: string): number {
  return settings.fields[key]?.threshold ?? settings.threshold;
}

/** The labels whose classifiers a prefill of these fields consults. */
export function classifierLabelsFor(fields: FieldDefinition[], settings: AssistSettings): string[] {
  const labels = fields.filter((f) => isChoiceField(f) && isFieldEnabled(settings, f.key)).map((f) => classifierLabelOf(f, settings));
  if (isFieldEnabled(settings, PRIORITY_FIELD)) labels.push(URGENCY_LABEL);
  labels.push(...SIGNAL_LABELS);
  return [...new Set(labels)];
}

export function spanOf(text: string, start: number, end: number): SourceSpan {
  return { start, end, text: text.slice(start, end) };
}

/** A span a value may cite: inside the text and not empty. */
export function isSpanInText(text: string, span: { start: number; end: number }): boolean {
  return Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.end > span.start && span.end <= text.length;
}

const NOWHERE: SourceSpan = { start: 0, end: 0, text: '' };

function evidenceSpans(text: string, evidence: readonly Evidence[]): SourceSpan[] {
  return evidence.filter((e) => isSpanInText(text, e)).map((e) => spanOf(text, e.start, e.end));
}

const compact = (s: string) => s.replace(/[\s\-–—·.]/g, '').toUpperCase();

/**
 * Whether the words at the span are the value: identifiers and names must be read there as
 * they are suggested; an amount or a date is normalised ('一万二' → 12000), so only its span is checked.
 */
export function isValueAtSpan(kind: EntityKind, value: string, slice: string): boolean {
  if (kind === 'amount' || kind === 'date' || kind === 'datetime') return slice.trim().length > 0;
  return compact(slice).includes(compact(value));
}

function checkDigitFails(kind: EntityKind, value: string): boolean {
  if (kind === 'resident-id') return residentIdIssue(value) !== undefined;
  if (kind === 'bank-card') return bankCardIssue(value) !== undefined;
  if (kind === 'uscc') return unifiedSocialCreditCodeIssue(value) !== undefined;
  return false;
}

function entityValueFor(field: FieldDefinition, entity: Entity): unknown {
  if (field.type === 'number') {
    const n = Number(entity.value);
    return Number.isFinite(n) ? n : undefined;
  }
  return entity.value;
}

export interface BuiltinInput {
  text: string;
  fields: FieldDefinition[];
  settings: AssistSettings;
  /** By label; a label without a classifier is simply not predicted. */
  classifiers: Map<string, TextClassifier>;
  entities: Entity[];
  /** Identifiers found whose check digit fails. */
  rejectedIdentifiers: { kind: EntityKind; start: number; end: number }[];
  locale: PrefillLocale;
}

/**
 * The built-in path: classifiers for choice fields and the priority, entities for identifiers,
 * names, amounts and dates, the text itself for the first required free-text field. Every value
 * cites the span it was read from; what cannot cite one is refused.
 */
export function prefillBuiltin(input: BuiltinInput): PrefillFindings {
  const { text, fields, settings, classifiers } = input;
  const suggestions: PrefillSuggestion[] = [];
  const refused: Refusal[] = [];
  const signals: Signal[] = [];
  const consulted = new Set<string>();

  const classify = (classifier: TextClassifier, options: readonly string[]) => {
    const among = options.filter((o) => classifier.classes.includes(o));
    if (among.length === 0) return undefined;
    consulted.add(classifier.version);
    return classifier.predict(text, { among });
  };

  for (const field of fields) {
    if (!isChoiceField(field) || !isFieldEnabled(settings, field.key)) continue;
    const classifier = classifiers.get(classifierLabelOf(field, settings));
    if (!classifier) continue;
    const options = field.component.values!.map((v) => String(v.value));
    const prediction = classify(classifier, options);
    if (!prediction) continue;
    const spans = evidenceSpans(text, prediction.evidence);
    if (!options.includes(prediction.label)) refused.push({ field: field.key, reason: 'not-in-options', source: spans[0] ?? NOWHERE });
    else if (spans.length === 0) refused.push({ field: field.key, reason: 'not-in-text', source: NOWHERE });
    else if (prediction.confidence < thresholdOf(settings, field.key)) refused.push({ field: field.key, reason: 'below-threshold', source: spans[0]! });
    else {
      const value = field.component.values!.find((v) => String(v.value) === prediction.label)!.value;
      suggestions.push({
        field: field.key,
        value,
        confidence: prediction.confidence,
        kind: 'classifier',
        modelVersion: classifier.version,
        source: spans[0]!,
        alsoFrom: spans.slice(1, 1 + MAX_ALSO_FROM),
      });
    }
  }

  const urgency = classifiers.get(URGENCY_LABEL);
  if (urgency && isFieldEnabled(settings, PRIORITY_FIELD)) {
    const prediction = classify(urgency, CASE_PRIORITIES);
    const spans = prediction ? evidenceSpans(text, prediction.evidence) : [];
    if (prediction && spans.length > 0) {
      if (prediction.confidence < thresholdOf(settings, PRIORITY_FIELD)) refused.push({ field: PRIORITY_FIELD, reason: 'below-threshold', source: spans[0]! });
      else
        suggestions.push({
          field: PRIORITY_FIELD,
          value: prediction.label,
          confidence: prediction.confidence,
          kind: 'classifier',
          modelVersion: urgency.version,
          source: spans[0]!,
          alsoFrom: spans.slice(1, 1 + MAX_ALSO_FROM),
        });
    } else if (prediction) refused.push({ field: PRIORITY_FIELD, reason: 'not-in-text', source: NOWHERE });
  }

  for (const label of SIGNAL_LABELS) {
    const classifier = classifiers.get(label);
    if (!classifier) continue;
    consulted.add(classifier.version);
    const prediction = classifier.predict(text);
    const spans = evidenceSpans(text, prediction.evidence);
    // A signal is shown as a hint, but it too must point at the words it read.
    if (spans.length > 0 && prediction.confidence >= settings.threshold) {
      signals.push({ label, value: prediction.label, confidence: prediction.confidence, modelVersion: classifier.version, source: spans[0]! });
    }
  }

  // Entities: strongest first, then in the order they were said; each fills one field.
  const byKind = new Map<EntityKind, Entity[]>();
  for (const entity of [...input.entities].sort((a, b) => b.confidence - a.confidence || a.start - b.start)) {
    byKind.set(entity.kind, [...(byKind.get(entity.kind) ?? []), entity]);
  }
  let entitiesUsed = false;
  for (const field of fields) {
    const kind = entityKindOfField(field);
    if (!kind || !isFieldEnabled(settings, field.key)) continue;
    const candidates = byKind.get(kind) ?? [];
    while (candidates.length > 0) {
      const entity = candidates.shift()!;
      if (!isSpanInText(text, entity)) continue;
      const source = spanOf(text, entity.start, entity.end);
      if (!isValueAtSpan(kind, entity.value, source.text)) {
        refused.push({ field: field.key, reason: 'not-in-text', source });
        continue;
      }
      if (checkDigitFails(kind, entity.value)) {
        refused.push({ field: field.key, reason: 'check-digit', source });
        continue;
      }
      const value = entityValueFor(field, entity);
      if (value === undefined) continue;
      entitiesUsed = true;
      if (entity.confidence < thresholdOf(settings, field.key)) {
        refused.push({ field: field.key, reason: 'below-threshold', source });
        break;
      }
      suggestions.push({ field: field.key, value, confidence: entity.confidence, kind: 'entity', modelVersion: ENTITY_MODEL_VERSION, source, alsoFrom: [] });
      break;
    }
  }
  for (const rejected of input.rejectedIdentifiers) {
    if (!isSpanInText(text, rejected)) continue;
    const field = fields.find((f) => entityKindOfField(f) === rejected.kind && isFieldEnabled(settings, f.key));
    if (!field || suggestions.some((s) => s.field === field.key) || refused.some((r) => r.field === field.key && r.source.start === rejected.start)) continue;
    refused.push({ field: field.key, reason: 'check-digit', source: spanOf(text, rejected.start, rejected.end) });
  }

  const description = verbatimSuggestion(text, fields, settings);
  if (description) suggestions.push(description);

  const modelVersions = [...consulted];
  if (entitiesUsed) modelVersions.push(ENTITY_MODEL_VERSION);
  if (description) modelVersions.push(VERBATIM_VERSION);
  return { suggestions, signals, refused, missing: missingFields(fields, suggestions, input.locale), modelVersions };
}

/** The first required free-text field takes the customer's own words, trimmed to what it holds. */
function verbatimSuggestion(text: string, fields: FieldDefinition[], settings: AssistSettings): PrefillSuggestion | undefined {
  const field = fields.find((f) => f.type === 'textarea' && f.component.validate?.required === true);
  if (!field || !isFieldEnabled(settings, field.key)) return undefined;
  const start = text.length - text.trimStart().length;
  const trimmedEnd = text.trimEnd().length;
  if (trimmedEnd <= start) return undefined;
  const maxLength = field.component.validate?.maxLength;
  const end = maxLength !== undefined && maxLength > 0 ? Math.min(trimmedEnd, start + maxLength) : trimmedEnd;
  const source = spanOf(text, start, end);
  return { field: field.key, value: source.text, confidence: 1, kind: 'entity', modelVersion: VERBATIM_VERSION, source, alsoFrom: [] };
}

/** Required fields no suggestion fills, labelled for the caller: the agent asks for them. */
export function missingFields(fields: FieldDefinition[], suggestions: PrefillSuggestion[], locale: PrefillLocale): PrefillResponse['missing'] {
  const filled = new Set(suggestions.map((s) => s.field));
  return fields.filter((f) => f.component.validate?.required === true && !filled.has(f.key)).map((f) => ({ field: f.key, label: labelIn(f.label, locale) }));
}

/**
 * The last gate of either path: a suggestion whose span is not in the text, or whose span's
 * words are not what it says it came from, is dropped and listed as refused.
 */
export function enforceGrounding(text: string, findings: PrefillFindings, fields: FieldDefinition[], locale: PrefillLocale): PrefillFindings {
  const kept: PrefillSuggestion[] = [];
  const refused = [...findings.refused];
  for (const suggestion of findings.suggestions) {
    const { source } = suggestion;
    const grounded =
      isSpanInText(text, source) && text.slice(source.start, source.end) === source.text && suggestion.alsoFrom.every((s) => isSpanInText(text, s) && text.slice(s.start, s.end) === s.text);
    if (grounded) kept.push(suggestion);
    else refused.push({ field: suggestion.field, reason: 'not-in-text', source: NOWHERE });
  }
  const signals = findings.signals.filter((s) => isSpanInText(text, s.source) && text.slice(s.source.start, s.source.end) === s.source.text);
  return { ...findings, suggestions: kept, signals, refused, missing: missingFields(fields, kept, locale) };
}
