import type { KeyRing } from '../../../platform/crypto/index.ts';
import { isDataClass, isEnvelope } from '../../../platform/crypto/index.ts';
import type { FieldChange } from '../../../platform/db/tables.ts';
import type { ObjectFieldDefinition } from '../model.ts';

// Encryption at rest, as for case fields (modules/cases/case-crypto.ts): every value of a field
// with a data class is an envelope bound to its record and field (`objects.record.<key>`), so a
// ciphertext cannot be moved to another record or field. Values are JSON-encoded before sealing.
// Audit before → after values of those fields are sealed too (`audit.event.changes.<field>`).

type Definitions = Map<string, ObjectFieldDefinition>;

const fieldContext = (recordId: string, key: string) => ({ field: `objects.record.${key}`, recordId });
const changeContext = (recordId: string, field: string) => ({ field: `audit.event.changes.${field}`, recordId });

function seal(ring: KeyRing, value: unknown, context: { field: string; recordId: string }): unknown {
  if (value === null || value === undefined) return value;
  return ring.encrypt(JSON.stringify(value), context);
}

function open(ring: KeyRing, value: unknown, context: { field: string; recordId: string }): unknown {
  if (typeof value !== 'string' || !isEnvelope(value)) return value;
  return JSON.parse(ring.decrypt(value, context));
}

export function definitionsOf(fields: ObjectFieldDefinition[]): Definitions {
  return new Map(fields.map((f) => [f.key, f]));
}

export function sealRecordFields(ring: KeyRing, recordId: string, fields: Record<string, unknown>, definitions: Definitions): Record<string, unknown> {
  const sealed: Record<string, unknown> = {};
  for (const key in fields) sealed[key] = definitions.get(key)?.dataClass ? seal(ring, fields[key], fieldContext(recordId, key)) : fields[key];
  return sealed;
}

/** `shows(key)` false: the reader never sees that value, so it stays sealed. */
export function openRecordFields(ring: KeyRing, recordId: string, fields: Record<string, unknown>, shows?: (key: string) => boolean): Record<string, unknown> {
  const opened: Record<string, unknown> = {};
  for (const key in fields) opened[key] = shows && !shows(key) ? fields[key] : open(ring, fields[key], fieldContext(recordId, key));
  return opened;
}

/** The display name as stored: sealed like its field when the display field has a data class. */
export function sealDisplayName(ring: KeyRing, recordId: string, displayName: string, displayField: ObjectFieldDefinition | undefined): string {
  return displayField?.dataClass && displayName !== '' ? ring.encrypt(displayName, { field: `objects.record.displayName`, recordId }) : displayName;
}

export function openDisplayName(ring: KeyRing, recordId: string, stored: string): string {
  return isEnvelope(stored) ? ring.decrypt(stored, { field: `objects.record.displayName`, recordId }) : stored;
}

/** HMAC blind indexes of the sensitive values, `<dataClass>:<index>`, for equality search without plaintext. */
export function recordSensitiveIndex(ring: KeyRing, fields: Record<string, unknown>, definitions: Definitions): string[] {
  const entries = new Set<string>();
  for (const [key, value] of Object.entries(fields)) {
    const dataClass = definitions.get(key)?.dataClass;
    if (!dataClass || !isDataClass(dataClass) || typeof value !== 'string') continue;
    const term = blindTerm(ring, dataClass, value);
    if (term) entries.add(term);
  }
  return [...entries];
}

export function blindTerm(ring: KeyRing, dataClass: string, value: string): string | null {
  if (!isDataClass(dataClass)) return null;
  const index = ring.blindIndex(dataClass, value);
  return index ? `${dataClass}:${index}` : null;
}

export function isSensitiveChange(field: string, definitions: Definitions): boolean {
  if (field === 'displayName') return [...definitions.values()].some((d) => d.dataClass);
  return field.startsWith('fields.') && Boolean(definitions.get(field.slice('fields.'.length))?.dataClass);
}

/** Audit before → after values of sensitive fields, sealed like the fields themselves. */
export function sealRecordChanges(ring: KeyRing, recordId: string, changes: FieldChange[], definitions: Definitions): FieldChange[] {
  return changes.map((change) =>
    isSensitiveChange(change.field, definitions)
      ? { field: change.field, before: seal(ring, change.before, changeContext(recordId, change.field)), after: seal(ring, change.after, changeContext(recordId, change.field)) }
      : change,
  );
}

export function openRecordChanges(ring: KeyRing, recordId: string, changes: FieldChange[]): FieldChange[] {
  return changes.map((change) => ({
    field: change.field,
    before: open(ring, change.before, changeContext(recordId, change.field)),
    after: open(ring, change.after, changeContext(recordId, change.field)),
  }));
}

// The envelopes of values, for one key load before a batch decrypt: the cases' walk, shared.
export { collectEnvelopes } from '../../cases/index.ts';
