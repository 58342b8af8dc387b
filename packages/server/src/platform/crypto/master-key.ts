import { createHmac, hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { aeadOpen, aeadSeal, FieldCipherError, KEY_BYTES, type CipherSuite } from './field-cipher.ts';

/**
 * The master key wraps (encrypts) data keys; it never touches field values. Docket only needs
 * two operations from it, so a KMS or HSM can stand in for the local key: implement
 * {@link MasterKeyProvider} with the KMS's Encrypt/Decrypt (or WrapKey/UnwrapKey) calls, pass
 * `aad` as the KMS encryption context, and hand the provider to `loadKeyRing`.
 */
export interface MasterKeyProvider {
  /**
   * A stable, non-secret name for this master key, stored beside every key it wraps
   * (`access.data_key.master_key_id`), so the ring knows which provider unwraps a row.
   * For a KMS: the key ARN / key version id. `[A-Za-z0-9_.:/-]{1,200}`.
   */
  readonly id: string;
  /** Wraps a 32-byte key. `aad` must be bound to the result (unwrap with other aad must fail). */
  wrapKey(request: WrapRequest): Promise<Buffer>;
  /** Reverses wrapKey; rejects when the blob or aad was altered or the blob belongs to another master key. */
  unwrapKey(request: UnwrapRequest): Promise<Buffer>;
}

export interface WrapRequest {
  /** The cipher suite of the key being wrapped; a local provider wraps with the same suite. */
  suite: CipherSuite;
  key: Buffer;
  aad: Buffer;
}
export interface UnwrapRequest {
  suite: CipherSuite;
  wrappedKey: Buffer;
  aad: Buffer;
}

export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

const WRAP_FORMAT = 0x01;
const SUITE_BYTE: Record<CipherSuite, number> = { 'aes-256-gcm': 0x01, 'sm4-ctr+sm3-hmac': 0x02 };
const MASTER_KEY_ID_PATTERN = /^[A-Za-z0-9_.:/-]{1,200}$/;

/**
 * A master key held in process memory (from the environment, a file, or a test).
 *
 * Wrapped blob: 0x01 ‖ suite byte ‖ nonce ‖ ciphertext ‖ tag, sealed with the suite's AEAD under a
 * wrap key derived from the master by HKDF (SHA-256 for AES, SM3 for SM4), so the same master
 * bytes are never used directly and the two suites never share a key.
 *
 * `id` defaults to `mk-` + 16 hex digits of HMAC-SHA-256(master, "docket master key id"): a
 * fingerprint that names the key without revealing it.
 */
export function localMasterKey(material: Buffer, id?: string): MasterKeyProvider {
  if (!Buffer.isBuffer(material) || material.length !== KEY_BYTES) throw new MasterKeyError(`The master key must be exactly ${KEY_BYTES} bytes`);
  const master = Buffer.from(material);
  const keyId = id ?? masterKeyFingerprint(master);
  if (!MASTER_KEY_ID_PATTERN.test(keyId)) throw new MasterKeyError(`Master key id must match ${MASTER_KEY_ID_PATTERN}`);
  const wrapKeys: Record<CipherSuite, Buffer> = {
    'aes-256-gcm': Buffer.from(hkdfSync('sha256', master, 'docket/master-wrap/v1', 'wrap:aes-256-gcm', KEY_BYTES)),
    'sm4-ctr+sm3-hmac': Buffer.from(hkdfSync('sm3', master, 'docket/master-wrap/v1', 'wrap:sm4-ctr+sm3-hmac', KEY_BYTES)),
  };
  const header = (suite: CipherSuite, aad: Buffer) => ['docket.master-wrap', Buffer.of(WRAP_FORMAT, SUITE_BYTE[suite]), keyId, aad];
  const provider: MasterKeyProvider = {
    id: keyId,
    async wrapKey({ suite, key, aad }) {
      const { nonce, body } = aeadSeal(suite, wrapKeys[suite], key, header(suite, aad));
      return Buffer.concat([Buffer.of(WRAP_FORMAT, SUITE_BYTE[suite]), nonce, body]);
    },
    async unwrapKey({ suite, wrappedKey, aad }) {
      if (wrappedKey.length < 2 || wrappedKey[0] !== WRAP_FORMAT || wrappedKey[1] !== SUITE_BYTE[suite]) {
        throw new MasterKeyError('Wrapped key has an unknown format or a different suite');
      }
      const nonceBytes = suite === 'aes-256-gcm' ? 12 : 16;
      const nonce = wrappedKey.subarray(2, 2 + nonceBytes);
      const body = wrappedKey.subarray(2 + nonceBytes);
      try {
        return aeadOpen(suite, wrapKeys[suite], { nonce, body }, header(suite, aad));
      } catch (error) {
        if (error instanceof FieldCipherError) {
          throw new MasterKeyError(`Master key ${keyId} cannot unwrap this key: wrong master key, or the wrapped key was altered`);
        }
        throw error;
      }
    },
  };
  Object.defineProperty(provider, inspect.custom, { value: () => `MasterKeyProvider { id: '${keyId}', material: [hidden] }` });
  return Object.freeze(provider);
}

export function masterKeyFingerprint(material: Buffer): string {
  return `mk-${createHmac('sha256', material).update('docket master key id').digest('hex').slice(0, 16)}`;
}

/**
 * Parses a master key from text: standard base64 or base64url of exactly 32 bytes (what
 * `openssl rand -base64 32` prints). Surrounding whitespace is ignored.
 */
export function parseMasterKeyText(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new MasterKeyError(`${source}: the master key must be base64 (generate one with: openssl rand -base64 32)`);
  const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== KEY_BYTES) throw new MasterKeyError(`${source}: the master key must decode to exactly ${KEY_BYTES} bytes, got ${bytes.length}`);
  return bytes;
}

function readKeyFile(file: string, variable: string): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (error) {
    throw new MasterKeyError(`${variable} (${file}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // A file holds either the base64 text or the 32 raw bytes.
  if (raw.length === KEY_BYTES && !/^[A-Za-z0-9+/_=\s-]+$/.test(raw.toString('latin1'))) return raw;
  return parseMasterKeyText(raw.toString('utf8'), `${variable} (${file})`);
}

function fromVariables(env: NodeJS.ProcessEnv, base: string): MasterKeyProvider | undefined {
  const inline = env[base];
  const file = env[`${base}_FILE`];
  const id = env[`${base}_ID`] || undefined;
  if (inline && file) throw new MasterKeyError(`Set either ${base} or ${base}_FILE, not both`);
  if (inline) return localMasterKey(parseMasterKeyText(inline, base), id);
  if (file) return localMasterKey(readKeyFile(file, `${base}_FILE`), id);
  return undefined;
}

export interface MasterKeys {
  /** Wraps new keys; used for everything once rewrapped. */
  current: MasterKeyProvider;
  /** Older master keys, only to unwrap rows not yet rewrapped (during a master key rotation). */
  previous: MasterKeyProvider[];
}

/**
 * Reads the master key configuration:
 *
 * - `DOCKET_MASTER_KEY` (base64, 32 bytes) or `DOCKET_MASTER_KEY_FILE` (a file with the base64
 *   text or the 32 raw bytes); optional `DOCKET_MASTER_KEY_ID` to name it (default: fingerprint).
 * - During a master key rotation also `DOCKET_MASTER_KEY_PREVIOUS` / `DOCKET_MASTER_KEY_PREVIOUS_FILE`
 *   (/ `_ID`): the old key, for unwrapping until `rewrapAll` has run.
 *
 * Throws MasterKeyError when nothing is configured or a value is invalid; the message never
 * contains the key.
 */
export function masterKeysFromEnvironment(env: NodeJS.ProcessEnv = process.env): MasterKeys {
  const current = fromVariables(env, 'DOCKET_MASTER_KEY');
  if (!current) {
    throw new MasterKeyError(
      'No master key configured: set DOCKET_MASTER_KEY (base64 of 32 random bytes, e.g. `openssl rand -base64 32`) or DOCKET_MASTER_KEY_FILE',
    );
  }
  const previous = fromVariables(env, 'DOCKET_MASTER_KEY_PREVIOUS');
  if (previous && previous.id === current.id) throw new MasterKeyError('DOCKET_MASTER_KEY_PREVIOUS is the same key as DOCKET_MASTER_KEY');
  return { current, previous: previous ? [previous] : [] };
}

/**
 * The configured field-encryption suite: `DOCKET_FIELD_CIPHER` = `aes-256-gcm` (default) or
 * `sm4-ctr+sm3-hmac` (national cryptography, GB/T 32907 SM4 + GB/T 32905 SM3).
 */
export function cipherSuiteFromEnvironment(env: NodeJS.ProcessEnv = process.env): CipherSuite {
  const value = env.DOCKET_FIELD_CIPHER?.trim() || 'aes-256-gcm';
  if (value === 'aes-256-gcm' || value === 'sm4-ctr+sm3-hmac') return value;
  throw new MasterKeyError(`DOCKET_FIELD_CIPHER = ${JSON.stringify(value)}: must be aes-256-gcm or sm4-ctr+sm3-hmac`);
}
