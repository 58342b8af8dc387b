import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { takeRandomBytes } from '../ids/random-pool.ts';
import { inspect } from 'node:util';

/**
 * Field encryption: one UTF-8 string value ↔ one self-describing envelope string.
 *
 * Envelope (ASCII, no plaintext, safe in a text column, JSON, logs):
 *
 *     dk1.<suite code>.<key id>.<base64url nonce>.<base64url body>
 *
 * - `dk1`        format version.
 * - suite code   `a256gcm`  = AES-256-GCM, 12-byte nonce, body = ciphertext ‖ 16-byte tag;
 *                `sm4ctr-hsm3` = SM4-CTR + HMAC-SM3 (encrypt-then-MAC), 16-byte counter block,
 *                body = ciphertext ‖ 32-byte HMAC-SM3 tag.
 * - key id       the data key that sealed it (`[A-Za-z0-9_-]{1,64}`).
 *
 * Everything in the header and the caller's context (field and record id) is authenticated:
 * for GCM it is the AAD, for SM4 it is inside the MAC. Moving a ciphertext to another record
 * or field, or editing any part of the envelope, makes decryption fail.
 */

/** The two cipher suites Docket supports for field encryption and key wrapping. */
export type CipherSuite = 'aes-256-gcm' | 'sm4-ctr+sm3-hmac';
export const CIPHER_SUITES: readonly CipherSuite[] = ['aes-256-gcm', 'sm4-ctr+sm3-hmac'];

export const ENVELOPE_VERSION = 'dk1';
const SUITE_CODE: Record<CipherSuite, string> = { 'aes-256-gcm': 'a256gcm', 'sm4-ctr+sm3-hmac': 'sm4ctr-hsm3' };
const SUITE_BY_CODE = new Map<string, CipherSuite>(Object.entries(SUITE_CODE).map(([suite, code]) => [code, suite as CipherSuite]));

const GCM_NONCE_BYTES = 12;
const GCM_TAG_BYTES = 16;
const SM4_IV_BYTES = 16;
const SM3_TAG_BYTES = 32;
/** Every key handed to this module (data keys, wrap keys) is 32 random bytes. */
export const KEY_BYTES = 32;

const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

export function isCipherSuite(value: unknown): value is CipherSuite {
  return value === 'aes-256-gcm' || value === 'sm4-ctr+sm3-hmac';
}

export function isValidKeyId(keyId: string): boolean {
  return KEY_ID_PATTERN.test(keyId);
}

/** Why a field could not be sealed or opened. Messages never contain a value or key material. */
export type FieldCipherErrorCode = 'malformed' | 'unsupported' | 'unknown-key' | 'wrong-key' | 'auth-failed' | 'invalid-argument';

export class FieldCipherError extends Error {
  override readonly name = 'FieldCipherError';
  constructor(
    readonly code: FieldCipherErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Where an encrypted value lives. Bound into the ciphertext as associated data, so a value can
 * only be decrypted with exactly the context it was encrypted with.
 */
export interface FieldContext {
  /**
   * Which field: `${schema.table}.${column}`, plus `.${fieldKey}` for a value inside a JSON
   * column, e.g. `cases.case.customer_resident_id` or `cases.case.fields.residentId`.
   */
  readonly field: string;
  /** The owning record's primary key, e.g. the case id (known before INSERT: ids are app-generated). */
  readonly recordId: string;
}

/**
 * A data key: 32 random bytes, named by its key id, used with one suite.
 * Created with {@link createDataKey}; its material is hidden from `console.log`/`JSON.stringify`.
 */
export interface DataKey {
  readonly keyId: string;
  readonly suite: CipherSuite;
  /** The 32 key bytes. Non-enumerable: not printed, not serialised. */
  readonly material: Buffer;
}

export function createDataKey(keyId: string, suite: CipherSuite, material: Buffer): DataKey {
  if (!isValidKeyId(keyId)) throw new FieldCipherError('invalid-argument', `Key id must match ${KEY_ID_PATTERN}`);
  if (!isCipherSuite(suite)) throw new FieldCipherError('invalid-argument', `Unknown cipher suite ${JSON.stringify(suite)}`);
  if (!Buffer.isBuffer(material) || material.length !== KEY_BYTES) {
    throw new FieldCipherError('invalid-argument', `Data key ${keyId} must be ${KEY_BYTES} bytes`);
  }
  const key = { keyId, suite } as DataKey;
  Object.defineProperty(key, 'material', { value: Buffer.from(material), enumerable: false });
  Object.defineProperty(key, inspect.custom, { value: () => `DataKey { keyId: '${keyId}', suite: '${suite}', material: [hidden] }`, enumerable: false });
  return Object.freeze(key);
}

/** A fresh random data key. */
export function generateDataKey(keyId: string, suite: CipherSuite): DataKey {
  return createDataKey(keyId, suite, randomBytes(KEY_BYTES));
}

// ---------------------------------------------------------------------------------------------
// Length-prefixed encoding: unambiguous concatenation of byte strings (u32 big-endian length ‖ bytes).

export function encodeParts(parts: readonly (Buffer | string)[]): Buffer {
  // One allocation for the whole encoding: it runs for every sealed and opened value.
  let total = 0;
  for (const part of parts) total += 4 + (typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.length);
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const part of parts) at = writePart(out, at, part);
  return out;
}

function writePart(out: Buffer, at: number, part: Buffer | string): number {
  if (typeof part === 'string') {
    const written = out.write(part, at + 4, 'utf8');
    out.writeUInt32BE(written, at);
    return at + 4 + written;
  }
  out.writeUInt32BE(part.length, at);
  part.copy(out, at + 4);
  return at + 4 + part.length;
}

/** The AAD bytes of a field context. */
export function contextAad(context: FieldContext): Buffer {
  if (typeof context?.field !== 'string' || context.field.length === 0 || typeof context.recordId !== 'string' || context.recordId.length === 0) {
    throw new FieldCipherError('invalid-argument', 'Field context needs a non-empty field and recordId');
  }
  return encodeParts([FIELD_LABEL, context.field, context.recordId]);
}

const FIELD_LABEL = 'docket.field';
const FIELD_LABEL_BYTES = Buffer.byteLength(FIELD_LABEL);

/**
 * The whole AAD of a field envelope, encodeParts([version, suite code, key id, contextAad(context)]),
 * written into one buffer from the key's cached head: the same bytes as building it part by part.
 */
function fieldAad(head: Buffer, context: FieldContext): Buffer {
  if (typeof context?.field !== 'string' || context.field.length === 0 || typeof context.recordId !== 'string' || context.recordId.length === 0) {
    throw new FieldCipherError('invalid-argument', 'Field context needs a non-empty field and recordId');
  }
  const fieldBytes = Buffer.byteLength(context.field, 'utf8');
  const recordBytes = Buffer.byteLength(context.recordId, 'utf8');
  const inner = 12 + FIELD_LABEL_BYTES + fieldBytes + recordBytes;
  const out = Buffer.allocUnsafe(head.length + 4 + inner);
  head.copy(out, 0);
  let at = head.length;
  out.writeUInt32BE(inner, at);
  at = writePart(out, at + 4, FIELD_LABEL);
  at = writePart(out, at, context.field);
  writePart(out, at, context.recordId);
  return out;
}

interface KeyMaterial {
  /** The key as an OpenSSL key object: made once, not copied into every cipher. */
  secret: KeyObject;
  /** encodeParts([version, suite code, key id]): the start of every AAD under this key. */
  head: Buffer;
  /** `dk1.<suite code>.<key id>.` */
  prefix: string;
}
const keyMaterial = new WeakMap<DataKey, KeyMaterial>();

/** The key's bytes as a KeyObject, made once per key (for HMACs under a ring's index key). */
export function secretOf(key: DataKey): KeyObject {
  return materialOf(key).secret;
}

function materialOf(key: DataKey): KeyMaterial {
  let found = keyMaterial.get(key);
  if (!found) {
    found = {
      secret: createSecretKey(key.material),
      head: encodeParts([ENVELOPE_VERSION, SUITE_CODE[key.suite], key.keyId]),
      prefix: envelopePrefix(key),
    };
    keyMaterial.set(key, found);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The AEAD both suites provide. `header` parts are authenticated but not encrypted.

interface Sm4Subkeys {
  enc: Buffer;
  mac: Buffer;
}
const sm4SubkeyCache = new WeakMap<Buffer, Sm4Subkeys>();

/**
 * SM4 takes a 128-bit key and the MAC needs its own key: both come from the 32-byte key by
 * HKDF-SM3 (RFC 5869 with SM3 as the hash), with distinct `info` labels.
 */
function sm4Subkeys(key: Buffer): Sm4Subkeys {
  let subkeys = sm4SubkeyCache.get(key);
  if (!subkeys) {
    const salt = Buffer.from('docket/sm4-ctr+sm3-hmac/v1', 'utf8');
    subkeys = {
      enc: Buffer.from(hkdfSync('sm3', key, salt, 'enc:sm4-ctr', 16)),
      mac: Buffer.from(hkdfSync('sm3', key, salt, 'mac:hmac-sm3', 32)),
    };
    sm4SubkeyCache.set(key, subkeys);
  }
  return subkeys;
}

export interface Sealed {
  nonce: Buffer;
  /** ciphertext ‖ tag */
  body: Buffer;
}

/** Low-level AEAD over bytes; used by the field envelope and by master-key wrapping. */
export function aeadSeal(suite: CipherSuite, key: Buffer, plaintext: Buffer, header: readonly (Buffer | string)[]): Sealed {
  if (key.length !== KEY_BYTES) throw new FieldCipherError('invalid-argument', `Key must be ${KEY_BYTES} bytes`);
  return sealWithAad(suite, key, key, plaintext, encodeParts(header));
}

/**
 * The AEAD with the header already encoded (`aad` = encodeParts(header)). For SM4 the MAC input
 * encodeParts([...header, nonce, ciphertext]) is aad ‖ encodeParts([nonce, ciphertext]).
 * `secret` is the key itself or its KeyObject (the same 32 bytes).
 */
function sealWithAad(suite: CipherSuite, key: Buffer, secret: Buffer | KeyObject, plaintext: Buffer | string, aad: Buffer): Sealed {
  if (suite === 'aes-256-gcm') {
    const nonce = takeRandomBytes(GCM_NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', secret, nonce, { authTagLength: GCM_TAG_BYTES });
    cipher.setAAD(aad);
    const ciphertext = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
    const rest = cipher.final();
    const tag = cipher.getAuthTag();
    return { nonce, body: Buffer.concat([ciphertext, rest, tag], ciphertext.length + rest.length + tag.length) };
  }
  if (suite === 'sm4-ctr+sm3-hmac') {
    const { enc, mac } = sm4Subkeys(key);
    const nonce = takeRandomBytes(SM4_IV_BYTES);
    const cipher = createCipheriv('sm4-ctr', enc, nonce);
    const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    const ciphertext = Buffer.concat([cipher.update(bytes), cipher.final()]);
    const tag = createHmac('sm3', mac)
      .update(aad)
      .update(encodeParts([nonce, ciphertext]))
      .digest();
    return { nonce, body: Buffer.concat([ciphertext, tag]) };
  }
  throw new FieldCipherError('unsupported', `Unknown cipher suite ${JSON.stringify(suite)}`);
}

const AUTH_FAILED = 'Encrypted value failed authentication: it was altered, or it is being decrypted with the wrong key or for another record or field';

/** Opens what {@link aeadSeal} sealed; throws FieldCipherError('auth-failed') on any mismatch. */
export function aeadOpen(suite: CipherSuite, key: Buffer, sealed: Sealed, header: readonly (Buffer | string)[]): Buffer {
  if (key.length !== KEY_BYTES) throw new FieldCipherError('invalid-argument', `Key must be ${KEY_BYTES} bytes`);
  return openWithAad(suite, key, key, sealed, encodeParts(header));
}

function openWithAad(suite: CipherSuite, key: Buffer, secret: Buffer | KeyObject, sealed: Sealed, aad: Buffer): Buffer {
  const { nonce, body } = sealed;
  if (suite === 'aes-256-gcm') {
    if (nonce.length !== GCM_NONCE_BYTES || body.length < GCM_TAG_BYTES) throw new FieldCipherError('malformed', 'Encrypted value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', secret, nonce, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(body.subarray(body.length - GCM_TAG_BYTES));
    const plaintext = decipher.update(body.subarray(0, body.length - GCM_TAG_BYTES));
    let rest: Buffer;
    try {
      rest = decipher.final();
    } catch {
      plaintext.fill(0);
      throw new FieldCipherError('auth-failed', AUTH_FAILED);
    }
    return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]);
  }
  if (suite === 'sm4-ctr+sm3-hmac') {
    if (nonce.length !== SM4_IV_BYTES || body.length < SM3_TAG_BYTES) throw new FieldCipherError('malformed', 'Encrypted value is truncated');
    const { enc, mac } = sm4Subkeys(key);
    const ciphertext = body.subarray(0, body.length - SM3_TAG_BYTES);
    const expected = createHmac('sm3', mac)
      .update(aad)
      .update(encodeParts([nonce, ciphertext]))
      .digest();
    // Verify before decrypting (encrypt-then-MAC), in constant time.
    if (!timingSafeEqual(expected, body.subarray(body.length - SM3_TAG_BYTES))) throw new FieldCipherError('auth-failed', AUTH_FAILED);
    const decipher = createDecipheriv('sm4-ctr', enc, nonce);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  }
  throw new FieldCipherError('unsupported', `Unknown cipher suite ${JSON.stringify(suite)}`);
}

// ---------------------------------------------------------------------------------------------
// The envelope.

export interface ParsedEnvelope {
  version: typeof ENVELOPE_VERSION;
  suite: CipherSuite;
  keyId: string;
  nonce: Buffer;
  body: Buffer;
}

/** True when `value` looks like a Docket field envelope (cheap prefix check; does not authenticate). */
export function isEnvelope(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(`${ENVELOPE_VERSION}.`);
}

/** Splits an envelope into its parts; throws FieldCipherError('malformed' | 'unsupported'). Does not authenticate. */
export function parseEnvelope(envelope: string): ParsedEnvelope {
  if (typeof envelope !== 'string') throw new FieldCipherError('malformed', 'Encrypted value is not a string');
  const parts = envelope.split('.');
  if (parts.length !== 5) throw new FieldCipherError('malformed', 'Encrypted value is not a Docket envelope (expected 5 dot-separated parts)');
  const [version, code, keyId, nonceText, bodyText] = parts as [string, string, string, string, string];
  if (version !== ENVELOPE_VERSION) throw new FieldCipherError('unsupported', `Unsupported envelope version ${JSON.stringify(version.slice(0, 16))}`);
  const suite = SUITE_BY_CODE.get(code);
  if (!suite) throw new FieldCipherError('unsupported', `Unsupported cipher suite code ${JSON.stringify(code.slice(0, 32))}`);
  if (!isValidKeyId(keyId)) throw new FieldCipherError('malformed', 'Encrypted value has an invalid key id');
  if (!BASE64URL_PATTERN.test(nonceText) || !BASE64URL_PATTERN.test(bodyText)) throw new FieldCipherError('malformed', 'Encrypted value is not base64url');
  // Reject non-canonical base64url (trailing bits), so one ciphertext has exactly one spelling.
  if (!isCanonicalBase64url(nonceText) || !isCanonicalBase64url(bodyText)) {
    throw new FieldCipherError('malformed', 'Encrypted value is not canonical base64url');
  }
  const nonce = Buffer.from(nonceText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  const expectedNonce = suite === 'aes-256-gcm' ? GCM_NONCE_BYTES : SM4_IV_BYTES;
  const tagBytes = suite === 'aes-256-gcm' ? GCM_TAG_BYTES : SM3_TAG_BYTES;
  if (nonce.length !== expectedNonce || body.length < tagBytes) throw new FieldCipherError('malformed', 'Encrypted value is truncated');
  return { version: ENVELOPE_VERSION, suite, keyId, nonce, body };
}

const BASE64URL_VALUE = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries()) BASE64URL_VALUE[c.charCodeAt(0)] = i;

/**
 * Whether base64url text (alphabet already checked, no padding) is the one spelling its bytes
 * encode to: decoding and encoding again gives the same text exactly when no lone last
 * character is left over and the bits past the last whole byte are zero. Checked arithmetically,
 * not by encoding every nonce and body a second time.
 */
function isCanonicalBase64url(text: string): boolean {
  const rest = text.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = BASE64URL_VALUE[text.charCodeAt(text.length - 1)]!;
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/** The key id an envelope names (third dot-separated part), without parsing or checking the rest. */
export function envelopeKeyId(envelope: string): string | undefined {
  const afterSuite = envelope.indexOf('.', ENVELOPE_VERSION.length + 1);
  const afterKey = afterSuite < 0 ? -1 : envelope.indexOf('.', afterSuite + 1);
  return afterKey < 0 ? undefined : envelope.slice(afterSuite + 1, afterKey);
}

/** The envelope prefix (`dk1.<suite code>.<key id>.`) of values sealed by `key`: use with SQL `LIKE prefix || '%'`. */
export function envelopePrefix(key: Pick<DataKey, 'keyId' | 'suite'>): string {
  return `${ENVELOPE_VERSION}.${SUITE_CODE[key.suite]}.${key.keyId}.`;
}

/**
 * Encrypts one string value under `key`, bound to `context`.
 *
 * AES-256-GCM: AAD = encodeParts(["dk1", "a256gcm", keyId, encodeParts(["docket.field", field, recordId])]).
 * SM4: tag = HMAC-SM3(macKey, encodeParts(["dk1", "sm4ctr-hsm3", keyId, <context aad>, nonce, ciphertext])).
 */
export function encryptField(value: string, key: DataKey, context: FieldContext): string {
  if (typeof value !== 'string') throw new FieldCipherError('invalid-argument', 'Only string values can be encrypted');
  const { secret, head, prefix } = materialOf(key);
  const { nonce, body } = sealWithAad(key.suite, key.material, secret, value, fieldAad(head, context));
  return `${prefix}${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decrypts an envelope made by {@link encryptField}. `key` is the data key, or a lookup from key
 * id to data key (return undefined when unknown). Throws FieldCipherError: 'malformed' /
 * 'unsupported' for something that is not a valid envelope, 'unknown-key' when the lookup has no
 * such key, 'wrong-key' when the key's id or suite does not match, 'auth-failed' when anything —
 * envelope or context — was changed.
 */
export function decryptField(envelope: string, key: DataKey | ((keyId: string) => DataKey | undefined), context: FieldContext): string {
  const parsed = parseEnvelope(envelope);
  const dataKey = typeof key === 'function' ? key(parsed.keyId) : key;
  if (!dataKey) throw new FieldCipherError('unknown-key', `Encrypted value uses data key ${parsed.keyId}, which is not in the key ring`);
  if (dataKey.keyId !== parsed.keyId || dataKey.suite !== parsed.suite) {
    throw new FieldCipherError('wrong-key', `Encrypted value was sealed by data key ${parsed.keyId} (${parsed.suite}), not ${dataKey.keyId} (${dataKey.suite})`);
  }
  const { secret, head } = materialOf(dataKey);
  const plaintext = openWithAad(parsed.suite, dataKey.material, secret, parsed, fieldAad(head, context));
  try {
    return utf8.decode(plaintext);
  } catch {
    throw new FieldCipherError('malformed', 'Decrypted value is not valid UTF-8');
  }
}
