import { createHmac } from 'node:crypto';
import { encodeParts, secretOf, type DataKey } from './field-cipher.ts';

/**
 * Blind index: a keyed hash of a normalised value, stored beside the ciphertext so equality
 * search works without decrypting ("all cases of resident id X" = one index probe on the
 * index column). HMAC-SHA-256 (AES suite) or HMAC-SM3 (SM suite) under a dedicated index key,
 * truncated to 16 bytes, base64url (22 characters).
 *
 * The data class is inside the HMAC, so the same digits as a phone and as an account number
 * give unrelated indexes. The index key is its own key in the ring (purpose 'blind-index'):
 * data key rotation and master key rotation leave every index value unchanged.
 *
 * A blind index reveals equality (two rows with the same value have the same index), which is
 * the point; it is not a substitute for encryption and must not be shown to users.
 */

/** The sensitive data classes Docket masks, encrypts and indexes. */
export type DataClass = 'resident-id' | 'phone' | 'bank-card' | 'account' | 'name' | 'email' | 'address' | 'uscc';
export const DATA_CLASSES: readonly DataClass[] = ['resident-id', 'phone', 'bank-card', 'account', 'name', 'email', 'address', 'uscc'];

export function isDataClass(value: unknown): value is DataClass {
  return typeof value === 'string' && (DATA_CLASSES as readonly string[]).includes(value);
}

export const BLIND_INDEX_BYTES = 16;

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';

/** Mainland resident id check digit (GB 11643) of the first 17 characters. */
export function residentIdCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * RESIDENT_ID_WEIGHTS[i]!;
  return RESIDENT_ID_CHECK[sum % 11]!;
}

/** Unicode NFKC (full-width `１３８` → `138`, `Ａ` → `A`), then trim. */
function base(value: string): string {
  return value.normalize('NFKC').trim();
}
const SEPARATORS = /[\s\-_.·,，/\\()（）]+/g;

/**
 * Normalisers per data class: two spellings of the same value normalise to the same string.
 * Each returns '' when nothing meaningful is left.
 */
export const NORMALISERS: Readonly<Record<DataClass, (value: string) => string>> = {
  /** Separators removed, upper-cased (`x` → `X`); a 15-digit first-generation id becomes its 18-digit form. */
  'resident-id': (value) => {
    const id = base(value).replace(SEPARATORS, '').toUpperCase();
    if (/^\d{15}$/.test(id)) {
      const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
      return first17 + residentIdCheckDigit(first17);
    }
    return id;
  },
  /** Digits only; a +86 / 0086 prefix before an 11-digit mainland mobile number is dropped. */
  phone: (value) => {
    const digits = base(value).replace(/\D/g, '');
    const mobile = /^(?:0086|86)(1\d{10})$/.exec(digits);
    return mobile ? mobile[1]! : digits;
  },
  /** Digits only. */
  'bank-card': (value) => base(value).replace(/\D/g, ''),
  /** Separators removed, upper-cased (accounts may carry letters). */
  account: (value) => base(value).replace(SEPARATORS, '').toUpperCase(),
  /** Whitespace collapsed, lower-cased; interpunct variants of minority names (•・･) unified to `·`. */
  name: (value) =>
    base(value)
      .replace(/[•・･‧∙⋅]/g, '·')
      .replace(/\s*·\s*/g, '·')
      .replace(/\s+/g, ' ')
      .toLowerCase(),
  /** Trimmed, lower-cased. */
  email: (value) => base(value).toLowerCase(),
  /** Whitespace collapsed, lower-cased. */
  address: (value) => base(value).replace(/\s+/g, ' ').toLowerCase(),
  /** Unified social credit code (统一社会信用代码): separators removed, upper-cased. */
  uscc: (value) => base(value).replace(SEPARATORS, '').toUpperCase(),
};

/** Normalises `value` as `dataClass`. */
export function normalise(dataClass: DataClass, value: string): string {
  const normaliser = NORMALISERS[dataClass];
  if (!normaliser) throw new TypeError(`Unknown data class ${JSON.stringify(dataClass)}`);
  return normaliser(value);
}

/**
 * The blind index of `value` as `dataClass` under `indexKey`, or null when the value
 * normalises to nothing (store NULL; a search for it matches nothing).
 */
export function computeBlindIndex(indexKey: DataKey, dataClass: DataClass, value: string): string | null {
  const normalised = normalise(dataClass, value);
  if (normalised === '') return null;
  const hash = indexKey.suite === 'sm4-ctr+sm3-hmac' ? 'sm3' : 'sha256';
  return createHmac(hash, secretOf(indexKey))
    .update(encodeParts(['docket.blind-index.v1', dataClass, normalised]))
    .digest()
    .subarray(0, BLIND_INDEX_BYTES)
    .toString('base64url');
}
