import { Type } from '@sinclair/typebox';
import type { KeyRing } from '../../platform/crypto/index.ts';
import { isEnvelope } from '../../platform/crypto/index.ts';
import type { FieldChange } from '../../platform/db/tables.ts';
import type { Principal } from '../../platform/http/principal.ts';
import { maskValue, resolveFieldAccess, type FieldAccess, type PolicyCase } from '../access/index.ts';
import { ADDRESS_HINT } from '../../platform/text/addresses.ts';
import { NAME_HINT } from '../../platform/text/person-names.ts';
import { detectPersonalData, type Detection } from './personal-data-detector.ts';

// Free text (case titles, comments, attachment file names) is shown to everyone who reads the
// case, so personal data typed into it is treated like a field of its data class:
// - at rest the text column holds a copy with every detected span masked (what lists, full-text
//   search and a database dump see), and the original is sealed beside it in an envelope bound
//   to the record and column;
// - on the way out each span is shown as the reader's field rules say for that data class
//   (readable: the original; masked: masked like a field of the class; hidden: `****`), the
//   field key being the text's name (`title`, `comment`, `attachment.fileName`), so a policy
//   may also open one kind of text to a role;
// - the writer is told which classes were found (field + data class, never the value).

/** A span of personal data found in what the caller wrote: where and what kind, never the value. */
export const PersonalDataFinding = Type.Object(
  { field: Type.String({ examples: ['title', 'body'] }), dataClass: Type.String({ examples: ['phone', 'resident-id'] }) },
  { description: 'Personal data found in free text you wrote; it is stored sealed and shown masked to readers without unmask' },
);
export interface PersonalDataFinding {
  field: string;
  dataClass: string;
}

/** The field key under which free-text spans are looked up in the reader's field rules. */
export type FreeTextField = 'title' | 'comment' | 'attachment.fileName';

// A cheap first look: text without ten digits in a row (allowing separators), an @, a word that
// introduces a name or a mark of an address holds nothing the detector reports, so most titles
// cost a regex test or two on the way out.
const CANDIDATE = /\d(?:[ -]?\d){9}|@/;

export function detectInText(text: unknown): Detection[] {
  return typeof text === 'string' && (CANDIDATE.test(text) || NAME_HINT.test(text) || ADDRESS_HINT.test(text)) ? detectPersonalData(text) : [];
}

export function hasPersonalData(text: unknown): boolean {
  return detectInText(text).length > 0;
}

/** What to tell the writer: each data class found in each field once. */
export function describeFindings(texts: Record<string, unknown>): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  for (const [field, text] of Object.entries(texts)) {
    for (const dataClass of new Set(detectInText(text).map((d) => d.dataClass))) findings.push({ field, dataClass });
  }
  return findings;
}

export type WithFindings = { detectedPersonalData?: PersonalDataFinding[] };

/** A write's answer with what was found in the text the caller sent. */
export function withFindings<T extends object>(view: T, texts: Record<string, unknown>): T & WithFindings {
  const findings = describeFindings(texts);
  // Left out when nothing was found, so the answer to an ordinary write keeps its shape.
  return findings.length > 0 ? { ...view, detectedPersonalData: findings } : view;
}

function rewriteSpans(text: string, spans: Detection[], replace: (span: string, detection: Detection) => string): string {
  let out = '';
  let at = 0;
  for (const d of spans) {
    out += text.slice(at, d.start) + replace(text.slice(d.start, d.end), d);
    at = d.end;
  }
  return out + text.slice(at);
}

const HIDDEN = '****';

/** The text with each span of personal data as `accessOf(dataClass)` allows. */
export function presentText(text: string, accessOf: (dataClass: string) => FieldAccess): string {
  const spans = detectInText(text);
  if (spans.length === 0) return text;
  return rewriteSpans(text, spans, (span, d) => {
    const access = accessOf(d.dataClass);
    if (access === 'hidden') return HIDDEN;
    return access === 'masked' ? String(maskValue(d.dataClass, span)) : span;
  });
}

/** Free text as this reader of this case may see it. */
export function presentFreeText(text: string, reader: Principal, record: PolicyCase, field: FreeTextField): string {
  return presentText(text, (dataClass) => resolveFieldAccess(reader, 'case:read', record, field, dataClass));
}

export interface SealedText {
  /** What the text column holds: every span masked as its data class masks. */
  stored: string;
  /** The original in an envelope, or null when the text holds no personal data. */
  sealed: string | null;
}

export interface TextContext {
  field: string;
  recordId: string;
}

export const titleContext = (caseId: string): TextContext => ({ field: 'cases.case.title', recordId: caseId });
export const commentContext = (commentId: string): TextContext => ({ field: 'cases.comment.body', recordId: commentId });
export const attachmentNameContext = (attachmentId: string): TextContext => ({ field: 'cases.attachment.file_name', recordId: attachmentId });

export function sealFreeText(ring: KeyRing, text: string, context: TextContext): SealedText {
  if (!hasPersonalData(text)) return { stored: text, sealed: null };
  return { stored: presentText(text, () => 'masked'), sealed: ring.encrypt(text, context) };
}

/** The original text: the sealed copy when there is one (keys loaded by the caller), else the column. */
export function openFreeText(ring: KeyRing, stored: string, sealed: string | null | undefined, context: TextContext): string {
  return sealed && isEnvelope(sealed) ? ring.decrypt(sealed, context) : stored;
}

// ---- audit before → after values of free text ----

const FREE_TEXT_CHANGES: Record<string, FreeTextField> = { title: 'title', comment: 'comment' };

/** Whether an audit change carries free text with personal data, so it must be sealed like a sensitive field. */
export function isFreeTextChangeWithPersonalData(change: FieldChange): boolean {
  return Object.hasOwn(FREE_TEXT_CHANGES, change.field) && (hasPersonalData(change.before) || hasPersonalData(change.after));
}

/** A free-text audit change (already opened) as this reader may see it; undefined when it is not free text. */
export function presentFreeTextChange(change: FieldChange, reader: Principal, record: PolicyCase): FieldChange | undefined {
  const field = Object.hasOwn(FREE_TEXT_CHANGES, change.field) ? FREE_TEXT_CHANGES[change.field]! : undefined;
  if (!field) return undefined;
  const show = (v: unknown) => (typeof v === 'string' ? presentFreeText(v, reader, record, field) : v);
  return { field: change.field, before: show(change.before), after: show(change.after) };
}
