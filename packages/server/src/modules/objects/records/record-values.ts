import type { FieldError } from '../../../platform/http/problem.ts';
import { bankCardIssue, compileFormPattern, residentIdIssue, unifiedSocialCreditCodeIssue } from '../../cases/index.ts';
import type { ObjectFieldDefinition } from '../model.ts';

// Pure checks of record values against an object type version's fields: types, required,
// validation rules, options and the check digits of a data class. Values that point elsewhere
// (user, department, reference, case-reference) are checked for existence by the command.

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Up to 15 integer digits and 4 decimals: exact in numeric(19,4), the ledger's money column.
const MONEY = /^-?\d{1,15}(?:\.\d{1,4})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function typeProblem(field: ObjectFieldDefinition, value: unknown): string | undefined {
  switch (field.type) {
    case 'text':
    case 'long-text':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'money':
      return typeof value === 'string' && MONEY.test(value) ? undefined : 'must be an amount as a decimal string, e.g. "1234.50"';
    case 'date':
      return typeof value === 'string' && isValidDate(value) ? undefined : 'must be a date YYYY-MM-DD';
    case 'datetime':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be a date and time with its offset (ISO 8601)';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'select':
      return typeof value === 'string' && (field.options ?? []).some((o) => o.value === value) ? undefined : 'must be one of the options';
    case 'multi-select': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return 'must be a list of options';
      if (new Set(value).size !== value.length) return 'repeats an option';
      return value.every((v) => (field.options ?? []).some((o) => o.value === v)) ? undefined : 'must hold only the options';
    }
    case 'user':
    case 'department':
    case 'reference':
    case 'case-reference':
      return typeof value === 'string' && UUID.test(value) ? undefined : 'must be an id';
  }
}

function ruleProblem(field: ObjectFieldDefinition, value: unknown): string | undefined {
  const rules = field.validate;
  if (!rules) return undefined;
  if (typeof value === 'string' && (field.type === 'text' || field.type === 'long-text')) {
    const length = [...value].length;
    if (rules.minLength !== undefined && length < rules.minLength) return `must be at least ${rules.minLength} characters`;
    if (rules.maxLength !== undefined && length > rules.maxLength) return `must be at most ${rules.maxLength} characters`;
    if (rules.pattern !== undefined) {
      const pattern = compileFormPattern(rules.pattern);
      if (typeof pattern === 'string') return `cannot be checked: the pattern ${pattern}`;
      if (!pattern.matches(value)) return 'does not match the required pattern';
    }
  }
  const amount = typeof value === 'number' ? value : field.type === 'money' && typeof value === 'string' ? Number(value) : undefined;
  if (amount !== undefined) {
    if (rules.min !== undefined && amount < rules.min) return `must be at least ${rules.min}`;
    if (rules.max !== undefined && amount > rules.max) return `must be at most ${rules.max}`;
  }
  return undefined;
}

function dataClassProblem(field: ObjectFieldDefinition, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  switch (field.dataClass) {
    case 'resident-id':
      return residentIdIssue(value)?.reason;
    case 'bank-card':
      return bankCardIssue(value)?.reason;
    case 'uscc':
      return unifiedSocialCreditCodeIssue(value)?.reason;
    case 'phone':
      return PHONE.test(value.replace(/\s/g, '')) ? undefined : 'must be a phone number';
    case 'email':
      return value.length <= 254 && EMAIL.test(value) ? undefined : 'must be an e-mail address';
    default:
      return undefined;
  }
}

/**
 * Errors of `values` against the fields. With `partial` (a PATCH) only the given keys are
 * checked, but a required field may not be emptied. Keys are reported as `fields.<key>`.
 */
export function validateRecordValues(fields: ObjectFieldDefinition[], values: Record<string, unknown>, options: { partial?: boolean } = {}): FieldError[] {
  const errors: FieldError[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(values)) {
    if (!byKey.has(key)) errors.push({ field: `fields.${key}`, reason: 'is not a field of this object type', code: 'unknown-field' });
  }
  for (const field of fields) {
    const present = Object.hasOwn(values, field.key);
    if (options.partial && !present) continue;
    const value = values[field.key];
    if (isEmpty(value)) {
      if (field.required) errors.push({ field: `fields.${field.key}`, reason: 'is required', code: 'required' });
      continue;
    }
    const problem = typeProblem(field, value) ?? ruleProblem(field, value) ?? dataClassProblem(field, value);
    if (problem) errors.push({ field: `fields.${field.key}`, reason: problem });
  }
  return errors;
}

/** Values with empty ones dropped (a null in a PATCH removes the value). */
export function withoutEmpty(values: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key in values) if (!isEmpty(values[key])) kept[key] = values[key];
  return kept;
}

/** The display name: the display field's value as text. */
export function displayNameOf(fields: Record<string, unknown>, displayField: string): string {
  const value = fields[displayField];
  return value === null || value === undefined ? '' : String(value);
}

/**
 * The words ?q= searches: the number, the display name unless sensitive, and every text or
 * select value of a field without a data class. Lower-cased for the trigram index.
 */
export function searchTextOf(number: string, fields: Record<string, unknown>, definitions: ObjectFieldDefinition[], displayField: string): string {
  const parts = [number];
  for (const field of definitions) {
    if (field.dataClass) continue;
    const value = fields[field.key];
    if (value === undefined || value === null) continue;
    if (field.type === 'text' || field.type === 'long-text' || field.type === 'select') parts.push(String(value));
    else if (field.key === displayField) parts.push(String(value));
  }
  return parts.join(' ').toLowerCase().slice(0, 4000);
}

// China Standard Time has no daylight saving: a datetime's business date is its UTC+8 date.
const BUSINESS_OFFSET_MS = 8 * 3_600_000;

/** One row per date or datetime value, for the date triggers: month_day = month * 100 + day. */
export function recordDatesOf(fields: Record<string, unknown>, definitions: ObjectFieldDefinition[]): { fieldKey: string; value: string; monthDay: number }[] {
  const dates: { fieldKey: string; value: string; monthDay: number }[] = [];
  for (const field of definitions) {
    const raw = fields[field.key];
    if (typeof raw !== 'string') continue;
    let day: string | undefined;
    if (field.type === 'date' && isValidDate(raw)) day = raw;
    if (field.type === 'datetime' && !Number.isNaN(Date.parse(raw))) day = new Date(Date.parse(raw) + BUSINESS_OFFSET_MS).toISOString().slice(0, 10);
    if (!day) continue;
    dates.push({ fieldKey: field.key, value: day, monthDay: Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10)) });
  }
  return dates;
}
