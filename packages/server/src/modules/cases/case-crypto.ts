import type { KeyRing } from '../../platform/crypto/index.ts';
import { isDataClass, isEnvelope } from '../../platform/crypto/index.ts';
import type { FieldChange } from '../../platform/db/tables.ts';
import type { CaseRow, CustomerRef } from './case-row.ts';
import type { FieldDefinition } from './form-schema.ts';
import { customerDataClass, isSealedCustomerKey } from './customer-fields.ts';
import { isFreeTextChangeWithPersonalData, openFreeText, sealFreeText, titleContext } from './free-text-personal-data.ts';

// Encryption at rest: every value of a field with a data class is stored as an envelope
// (dk1.<suite>.<keyId>…), bound to its case and field so ciphertexts cannot be moved between
// records. Values are JSON-encoded before sealing so numbers and lists keep their type.
// The same applies to the customer's fields of a data class and to before → after values in audit events.

type Definitions = Map<string, FieldDefinition>;
const CUSTOMER_NAME = 'customer.name';

const fieldContext = (caseId: string, key: string) => ({ field: `cases.case.fields.${key}`, recordId: caseId });
const customerContext = (caseId: string, key: string) => ({ field: `cases.case.customer.${key}`, recordId: caseId });
const changeContext = (caseId: string, field: string) => ({ field: `audit.event.changes.${field}`, recordId: caseId });

function seal(ring: KeyRing, value: unknown, context: { field: string; recordId: string }): unknown {
  if (value === null || value === undefined) return value;
  return ring.encrypt(JSON.stringify(value), context);
}

function hasEnvelope(record: object): boolean {
  for (const value of Object.values(record)) if (typeof value === 'string' && isEnvelope(value)) return true;
  return false;
}

function open(ring: KeyRing, value: unknown, context: { field: string; recordId: string }): unknown {
  if (typeof value !== 'string' || !isEnvelope(value)) return value;
  return JSON.parse(ring.decrypt(value, context));
}

export function sealFields(ring: KeyRing, caseId: string, fields: Record<string, unknown>, definitions: Definitions): Record<string, unknown> {
  // A loop, not entries → map → fromEntries: a bulk batch seals thousands of these.
  const sealed: Record<string, unknown> = {};
  for (const key in fields) {
    const value = fields[key];
    sealed[key] = definitions.get(key)?.dataClass ? seal(ring, value, fieldContext(caseId, key)) : value;
  }
  return sealed;
}

/** `shows(key)` false: the reader never sees that value, so it stays sealed (not decrypted). */
export function openFields(ring: KeyRing, caseId: string, fields: Record<string, unknown>, shows?: (key: string) => boolean): Record<string, unknown> {
  // Most values of most rows are not sealed: no copy of a record with nothing to open (list pages).
  if (!hasEnvelope(fields)) return fields;
  const opened: Record<string, unknown> = {};
  for (const key in fields) {
    const value = fields[key];
    opened[key] = shows && !shows(key) ? value : open(ring, value, fieldContext(caseId, key));
  }
  return opened;
}

/** Every customer field of a data class sealed (`cases.case.customer.<key>`); an envelope already sealed is kept. */
export function sealCustomer(ring: KeyRing, caseId: string, customer: CustomerRef | null): CustomerRef | null {
  if (!customer) return customer;
  const sealed: Record<string, unknown> = {};
  for (const key in customer) {
    const value = (customer as Record<string, unknown>)[key];
    sealed[key] = isSealedCustomerKey(key) && !(typeof value === 'string' && isEnvelope(value)) ? seal(ring, value, customerContext(caseId, key)) : value;
  }
  return sealed as CustomerRef;
}

export function openCustomer(ring: KeyRing, caseId: string, customer: CustomerRef | null, shows?: (key: string) => boolean): CustomerRef | null {
  if (!customer || !hasEnvelope(customer)) return customer;
  const opened: Record<string, unknown> = {};
  for (const key in customer) {
    const value = (customer as Record<string, unknown>)[key];
    opened[key] = shows && !shows(key) ? value : open(ring, value, customerContext(caseId, key));
  }
  return opened as CustomerRef;
}

/** Blind index terms of the customer's fields of a searchable data class (`?phone=` finds the customer's phone too). */
export function customerIndexTerms(ring: KeyRing, customer: CustomerRef | null): string[] {
  const terms: string[] = [];
  for (const [key, value] of Object.entries(customer ?? {})) {
    const dataClass = customerDataClass(key);
    if (!dataClass || !isDataClass(dataClass) || typeof value !== 'string') continue;
    const index = ring.blindIndex(dataClass, value);
    if (index) terms.push(`${dataClass}:${index}`);
  }
  return terms;
}

/** HMAC blind indexes of the sensitive values, `<dataClass>:<index>`, for equality search without plaintext. */
export function computeSensitiveIndex(ring: KeyRing, row: Pick<CaseRow, 'fields' | 'customer'>, definitions: Definitions): string[] {
  const entries = new Set<string>();
  for (const [key, value] of Object.entries(row.fields)) {
    const dataClass = definitions.get(key)?.dataClass;
    if (!dataClass || !isDataClass(dataClass) || typeof value !== 'string') continue;
    const index = ring.blindIndex(dataClass, value);
    if (index) entries.add(`${dataClass}:${index}`);
  }
  for (const term of customerIndexTerms(ring, row.customer)) entries.add(term);
  return [...entries];
}

export function blindIndexTerm(ring: KeyRing, dataClass: string, value: string): string | null {
  if (!isDataClass(dataClass)) return null;
  const index = ring.blindIndex(dataClass, value);
  return index ? `${dataClass}:${index}` : null;
}

function isSensitiveChange(change: FieldChange, definitions: Definitions): boolean {
  const field = change.field;
  if (field === 'customer' || field.startsWith('customer.') || field === CUSTOMER_NAME) return true;
  if (isFreeTextChangeWithPersonalData(change)) return true;
  return field.startsWith('fields.') && Boolean(definitions.get(field.slice('fields.'.length))?.dataClass);
}

/** Audit before → after values of sensitive fields, sealed like the fields themselves. */
export function sealChanges(ring: KeyRing, caseId: string, changes: FieldChange[], definitions: Definitions): FieldChange[] {
  return changes.map((change) =>
    isSensitiveChange(change, definitions)
      ? { field: change.field, before: seal(ring, change.before, changeContext(caseId, change.field)), after: seal(ring, change.after, changeContext(caseId, change.field)) }
      : change,
  );
}

export function openChanges(ring: KeyRing, caseId: string, changes: FieldChange[]): FieldChange[] {
  return changes.map((change) => ({
    field: change.field,
    before: open(ring, change.before, changeContext(caseId, change.field)),
    after: open(ring, change.after, changeContext(caseId, change.field)),
  }));
}

/** All envelopes in rows, so the ring can load any key ids it has not met before one batch decrypt. */
export function collectEnvelopes(values: unknown[]): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      if (isEnvelope(value)) found.push(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  values.forEach(walk);
  return found;
}

/** A title as stored: personal data in it masked in the column, the original sealed beside it. */
export function sealTitle(ring: KeyRing, caseId: string, title: string): { title: string; titleSealed: string | null } {
  const { stored, sealed } = sealFreeText(ring, title, titleContext(caseId));
  return { title: stored, titleSealed: sealed };
}

/**
 * Which sealed values of a row its reader sees at all: `field` is a form field's key or
 * `customer.<key>`. A value the reader does not see is left sealed, so a page costs no
 * decryption for what the view leaves out anyway (it is still an envelope, never plaintext).
 */
export type SealedValueShown = (row: CaseRow, field: string) => boolean;

export async function openCaseRows(ring: KeyRing, rows: CaseRow[], shown?: SealedValueShown): Promise<CaseRow[]> {
  await ring.ensureKeys(collectEnvelopes(rows.flatMap((r) => [r.fields, r.customer, r.titleSealed ?? null])));
  return rows.map(({ titleSealed, ...row }) => ({
    ...row,
    title: openFreeText(ring, row.title, titleSealed, titleContext(row.id)),
    fields: openFields(ring, row.id, row.fields, shown && ((key) => shown(row, key))),
    customer: openCustomer(ring, row.id, row.customer, shown && ((key) => shown(row, `customer.${key}`))),
  }));
}
