import type { FieldError } from '../../platform/http/problem.ts';
import { bankCardIssue, residentIdIssue, unifiedSocialCreditCodeIssue, type CheckIssue } from './check-digits.ts';
import { listFieldDefinitions, type FieldDefinition, type FormSchema } from './form-schema.ts';
import { compileFormPattern } from './form-pattern.ts';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// RFC 5321 caps an address at 254 characters; the cap also bounds EMAIL_PATTERN's backtracking,
// which is quadratic in the length (a 32,000-character value took 1.7 s).
const isEmail = (value: string) => value.length <= 254 && EMAIL_PATTERN.test(value);
// Mainland mobile numbers (1[3-9] + 9 digits), optionally +86; landlines 0AA(A)-NNNNNNN(N).
const PHONE_PATTERN = /^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function allowedValues(field: FieldDefinition): unknown[] | undefined {
  return Array.isArray(field.component.values) ? field.component.values.map((v) => v.value) : undefined;
}

type Issue = CheckIssue;
const issue = (reason: string, code: string, params?: Record<string, string | number>): Issue => (params ? { reason, code, params } : { reason, code });

function typeProblem(field: FieldDefinition, value: unknown): Issue | undefined {
  switch (field.type) {
    case 'textfield':
    case 'textarea':
      return typeof value === 'string' ? undefined : issue('must be text', 'not-text');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : issue('must be a number', 'not-number');
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : issue('must be true or false', 'not-boolean');
    case 'select':
    case 'radio': {
      const allowed = allowedValues(field);
      return !allowed || allowed.includes(value) ? undefined : issue(`must be one of ${allowed.join(', ')}`, 'not-allowed-value', { allowed: allowed.join(', ') });
    }
    case 'checklist':
    case 'taglist': {
      if (!Array.isArray(value)) return issue('must be a list', 'not-list');
      const allowed = allowedValues(field);
      const wrong = allowed ? value.filter((v) => !allowed.includes(v)) : [];
      return wrong.length === 0 ? undefined : issue(`contains values not offered: ${wrong.join(', ')}`, 'not-allowed-value', { allowed: (allowed ?? []).join(', ') });
    }
    case 'datetime': {
      if (typeof value !== 'string') return issue('must be a date or time as text', 'not-text');
      const subtype = field.component.subtype ?? 'date';
      if (subtype === 'date') return DATE_PATTERN.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : issue('must be a date YYYY-MM-DD', 'date-format');
      if (subtype === 'time') return TIME_PATTERN.test(value) ? undefined : issue('must be a time HH:mm', 'time-format');
      return Number.isNaN(Date.parse(value)) ? issue('must be an ISO 8601 date and time', 'datetime-format') : undefined;
    }
  }
}

function ruleProblem(field: FieldDefinition, value: unknown): Issue | undefined {
  const rules = field.component.validate ?? {};
  if (typeof value === 'string') {
    if (rules.minLength !== undefined && value.length < rules.minLength) return issue(`must be at least ${rules.minLength} characters`, 'too-short', { limit: rules.minLength });
    if (rules.maxLength !== undefined && value.length > rules.maxLength) return issue(`must be at most ${rules.maxLength} characters`, 'too-long', { limit: rules.maxLength });
    if (rules.pattern !== undefined) {
      const pattern = compileFormPattern(rules.pattern);
      // A version saved before patterns ran on RE2 may hold one it cannot run: refuse the value
      // rather than run the pattern on the backtracking engine, or skip the rule unseen.
      if (typeof pattern === 'string') return issue(`cannot be checked: the case type's pattern ${pattern}; an administrator must save the case type again`, 'pattern-unusable');
      if (!pattern.matches(value)) return issue('does not match the required pattern', 'pattern');
    }
    if (rules.validationType === 'email' && !isEmail(value)) return issue('must be an e-mail address', 'email');
    if (rules.validationType === 'phone' && !PHONE_PATTERN.test(value.replace(/\s/g, ''))) return issue('must be a phone number', 'phone');
  }
  if (typeof value === 'number') {
    if (rules.min !== undefined && value < rules.min) return issue(`must be at least ${rules.min}`, 'too-small', { limit: rules.min });
    if (rules.max !== undefined && value > rules.max) return issue(`must be at most ${rules.max}`, 'too-large', { limit: rules.max });
  }
  return undefined;
}

function dataClassProblem(field: FieldDefinition, value: unknown): Issue | undefined {
  if (typeof value !== 'string') return undefined;
  switch (field.dataClass) {
    case 'resident-id':
      return residentIdIssue(value);
    case 'bank-card':
      return bankCardIssue(value);
    case 'uscc':
      return unifiedSocialCreditCodeIssue(value);
    case 'phone':
      return PHONE_PATTERN.test(value.replace(/\s/g, '')) ? undefined : issue('must be a phone number', 'phone');
    case 'email':
      return isEmail(value) ? undefined : issue('must be an e-mail address', 'email');
    default:
      return undefined;
  }
}

/**
 * Checks case field values against the case type's form-js schema: unknown keys, required,
 * types, lengths, patterns, enumerations and the check digits of the field's data class.
 * With `partial`, only the given keys are checked (a PATCH), but required ones may not be emptied.
 */
export function validateFields(schema: FormSchema, values: Record<string, unknown>, options: { partial?: boolean } = {}): FieldError[] {
  const errors: FieldError[] = [];
  const definitions = listFieldDefinitions(schema);
  const known = new Set(definitions.map((d) => d.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) errors.push({ field: `fields.${key}`, reason: 'is not a field of this case type', code: 'unknown-field' });
  }
  for (const field of definitions) {
    const present = Object.hasOwn(values, field.key);
    if (options.partial && !present) continue;
    const value = values[field.key];
    if (isEmpty(value)) {
      if (field.component.validate?.required) errors.push({ field: `fields.${field.key}`, reason: 'is required', code: 'required' });
      continue;
    }
    const problem = typeProblem(field, value) ?? ruleProblem(field, value) ?? dataClassProblem(field, value);
    if (problem) errors.push({ field: `fields.${field.key}`, ...problem });
  }
  return errors;
}
