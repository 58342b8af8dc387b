import { Type, type TOptional, type TString } from '@sinclair/typebox';
import type { FieldError } from '../../platform/http/problem.ts';
import { isAtLeast, maskValue, resolveFieldAccess, type FieldAccess, type PolicyCase } from '../access/index.ts';
import type { Principal } from '../../platform/http/principal.ts';
import { bankCardProblem, residentIdProblem } from './check-digits.ts';
import type { DataClass } from './form-schema.ts';

// The customer a case is about: a fixed set of fields, each with a data class like a form field.
// Fields of a sensitive class are sealed at rest (bound to case and field), blind-indexed for
// equality search, and masked or hidden for readers exactly as form fields of that class are.
// Anything else is refused (400 naming the field): a free-form bag of keys is where an id number
// or a mobile number ends up stored in clear.

interface CustomerFieldSpec {
  dataClass: DataClass | null;
  maxLength: number;
  description: string;
  pattern?: string;
}

export const CUSTOMER_FIELDS = {
  id: { dataClass: null, maxLength: 64, description: "The customer's id in the core banking system (not masked; searchable with ?customer=)" },
  name: { dataClass: 'name', maxLength: 200, description: 'Full name (data class name)' },
  tier: { dataClass: null, maxLength: 50, description: 'Service tier, e.g. standard, gold, private' },
  segment: { dataClass: null, maxLength: 50, description: 'Customer segment, e.g. retail, sme, corporate' },
  branch: { dataClass: null, maxLength: 100, description: 'Home branch code' },
  region: { dataClass: null, maxLength: 12, description: 'Where the customer lives, as an administrative region code (GB/T 2260, e.g. 110108); routing pushes by it', pattern: '^[0-9]{2,12}$' },
  residentId: { dataClass: 'resident-id', maxLength: 18, description: 'Resident identity number (data class resident-id; GB 11643 check digit)' },
  phone: { dataClass: 'phone', maxLength: 20, description: 'Phone number (data class phone)', pattern: '^\\+?[0-9][0-9 -]{5,18}$' },
  email: { dataClass: 'email', maxLength: 254, description: 'E-mail address (data class email)', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' },
  bankCard: { dataClass: 'bank-card', maxLength: 23, description: 'Bank card number (data class bank-card; Luhn check digit)' },
  account: { dataClass: 'account', maxLength: 40, description: 'Account number (data class account)' },
  address: { dataClass: 'address', maxLength: 300, description: 'Postal address (data class address)' },
} as const satisfies Record<string, CustomerFieldSpec>;

export type CustomerFieldKey = keyof typeof CUSTOMER_FIELDS;
export const CUSTOMER_FIELD_KEYS = Object.keys(CUSTOMER_FIELDS) as CustomerFieldKey[];

/**
 * Values of keys that customer objects carried before they had a schema and that match no
 * field: sealed together, masked for every reader, revealed only by unmask (`customer.legacy`).
 */
export const LEGACY_KEY = 'legacy';
const LEGACY_DATA_CLASS = 'legacy';

export type CustomerRef = Partial<Record<CustomerFieldKey, string>> & { legacy?: unknown };

export const CustomerSchema = Type.Object(
  Object.fromEntries(
    Object.entries(CUSTOMER_FIELDS).map(([key, spec]) => [
      key,
      Type.Optional(Type.String({ minLength: 1, maxLength: spec.maxLength, description: spec.description, ...('pattern' in spec ? { pattern: spec.pattern } : {}) })),
    ]),
  ) as Record<CustomerFieldKey, TOptional<TString>>,
  { additionalProperties: false, description: 'The customer the case is about; sensitive fields are encrypted and masked like form fields of their data class' },
);

export function customerDataClass(key: string): string | null {
  if (key === LEGACY_KEY) return LEGACY_DATA_CLASS;
  return Object.hasOwn(CUSTOMER_FIELDS, key) ? CUSTOMER_FIELDS[key as CustomerFieldKey].dataClass : null;
}

/** Keys whose values are sealed at rest. */
export function isSealedCustomerKey(key: string): boolean {
  return customerDataClass(key) !== null;
}

/** Check digits the schema cannot express; field names as `customer.<key>`. */
export function validateCustomer(customer: CustomerRef | null | undefined): FieldError[] {
  if (!customer) return [];
  const errors: FieldError[] = [];
  const check = (key: CustomerFieldKey, problem: (v: string) => string | undefined) => {
    const value = customer[key];
    const reason = typeof value === 'string' ? problem(value) : undefined;
    if (reason) errors.push({ field: `customer.${key}`, reason });
  };
  check('residentId', residentIdProblem);
  check('bankCard', bankCardProblem);
  return errors;
}

/**
 * The customer as this reader may see it: fields of a data class masked or left out as the
 * reader's field rules say for `customer.<key>` (the same rules as form fields), others as they are.
 */
export function presentCustomerFor(customer: unknown, accessOf: (fieldKey: string, dataClass: string | null) => FieldAccess): Record<string, unknown> | null {
  // Anything but an object (never written by Docket) is shown to no one.
  if (!customer || typeof customer !== 'object' || Array.isArray(customer)) return null;
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(customer)) {
    if (value === undefined) continue;
    const dataClass = customerDataClass(key);
    if (dataClass === null) {
      // A row not yet re-sealed may still carry unknown keys: never shown.
      if (Object.hasOwn(CUSTOMER_FIELDS, key)) shown[key] = value;
      continue;
    }
    const access = accessOf(`customer.${key}`, dataClass);
    if (access === 'hidden') continue;
    shown[key] = access === 'masked' ? maskValue(dataClass, value) : value;
  }
  return shown;
}

/** The value behind `customer.<key>` for unmask, or undefined when there is none. */
export function customerValueOf(customer: unknown, field: string): unknown {
  if (!field.startsWith('customer.') || !customer || typeof customer !== 'object') return undefined;
  const key = field.slice('customer.'.length);
  if (!Object.hasOwn(CUSTOMER_FIELDS, key) && key !== LEGACY_KEY) return undefined;
  return Object.hasOwn(customer, key) ? (customer as Record<string, unknown>)[key] : undefined;
}

// Keys seen in customer objects before the schema, and the field each one means.
const ALIASES: Record<string, CustomerFieldKey> = {
  customerId: 'id',
  customerNo: 'id',
  cif: 'id',
  fullName: 'name',
  customerName: 'name',
  idNumber: 'residentId',
  idNo: 'residentId',
  idCard: 'residentId',
  residentIdNumber: 'residentId',
  identityNumber: 'residentId',
  nationalId: 'residentId',
  mobile: 'phone',
  mobilePhone: 'phone',
  phoneNumber: 'phone',
  tel: 'phone',
  cellphone: 'phone',
  mail: 'email',
  emailAddress: 'email',
  card: 'bankCard',
  cardNo: 'bankCard',
  cardNumber: 'bankCard',
  accountNo: 'account',
  accountNumber: 'account',
};

/**
 * A customer object from before the schema, reshaped into it: known keys kept, aliases
 * (mobile → phone, idNumber → residentId …) renamed, anything else gathered under `legacy`.
 */
export function normaliseLegacyCustomer(customer: Record<string, unknown>): CustomerRef {
  const result: Record<string, unknown> = {};
  const legacy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(customer)) {
    if (value === null || value === undefined) continue;
    if (key === LEGACY_KEY) {
      result[LEGACY_KEY] = value;
      continue;
    }
    const target = Object.hasOwn(CUSTOMER_FIELDS, key) ? (key as CustomerFieldKey) : ALIASES[key];
    if (target && typeof value === 'string' && result[target] === undefined) result[target] = value;
    else legacy[key] = value;
  }
  if (Object.keys(legacy).length > 0 && result[LEGACY_KEY] === undefined) result[LEGACY_KEY] = legacy;
  return result as CustomerRef;
}

/**
 * Customer fields a PATCH would change (or drop) that the caller may not write: a customer
 * object is replaced whole, so leaving out a field the caller sees masked would erase it.
 * Checked by the same field rules as form fields (`customer.<key>` or its class, for case:update).
 */
export function refusedCustomerChanges(actor: Principal, current: PolicyCase & { customer: CustomerRef | null }, next: CustomerRef | null | undefined): FieldError[] {
  if (next === undefined) return [];
  const before = (current.customer ?? {}) as Record<string, unknown>;
  const after = (next ?? {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
    if (!isAtLeast(resolveFieldAccess(actor, 'case:update', current, `customer.${key}`, customerDataClass(key)), 'writable')) {
      errors.push({ field: `customer.${key}`, reason: 'is not writable for you' });
    }
  }
  return errors;
}
