import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { aeadOpen, aeadSeal, type CipherSuite, FieldCipherError, KEY_BYTES } from './field-cipher.ts';

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
  /**
   * A 32-byte key for one purpose outside the key ring (TOTP seeds), derived so the master key
   * itself never encrypts anything: RFC 5869 HKDF-SHA-256, empty salt, `purpose` as info. Local
   * keys only; a KMS provider leaves it out.
   */
  deriveSubkey?(purpose: string): Buffer;
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
    deriveSubkey: (purpose) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), purpose, KEY_BYTES)),
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

export interface MasterKeys {
  /** Wraps new keys; used for everything once rewrapped. */
  current: MasterKeyProvider;
  /** Older master keys, only to unwrap rows not yet rewrapped (during a master key rotation). */
  previous: MasterKeyProvider[];
}

/** The master key settings of config/settings.ts; file paths already resolved. */
export interface MasterKeySettings {
  /** Where the generated key file lives when no key is configured. */
  dataDir: string;
  masterKey?: string;
  masterKeyFile?: string;
  masterKeyId?: string;
  masterKeyPrevious?: string;
  masterKeyPreviousFile?: string;
  masterKeyPreviousId?: string;
}

/** The key file generated in the data directory for an installation without a configured master key. */
export const GENERATED_MASTER_KEY_FILE = 'master.key';

function configuredKey(inline: string | undefined, file: string | undefined, id: string | undefined, setting: string): MasterKeyProvider | undefined {
  if (inline && file) throw new MasterKeyError(`Set either ${setting} or ${setting}_FILE, not both`);
  if (inline) return localMasterKey(parseMasterKeyText(inline, setting), id || undefined);
  if (file) return localMasterKey(readKeyFile(file, `${setting}_FILE`), id || undefined);
  return undefined;
}

/**
 * `<dataDir>/master.key`, generated on first use with mode 0600 when `create` is set. Back that
 * file up apart from the database: without it the encrypted fields and TOTP secrets are lost.
 */
function generatedKey(dataDir: string, create: boolean): MasterKeyProvider | undefined {
  const file = path.join(dataDir, GENERATED_MASTER_KEY_FILE);
  if (!existsSync(file)) {
    if (!create) return undefined;
    mkdirSync(dataDir, { recursive: true });
    try {
      // 'wx': two processes starting at once must not each write a different key.
      writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return localMasterKey(readKeyFile(file, 'the generated master key'));
}

/**
 * The one master-key loader (server, `docket keys …`, sign-in's TOTP box, tests):
 *
 * - `DOCKET_MASTER_KEY` (base64, 32 bytes) or `DOCKET_MASTER_KEY_FILE` (a file with the base64
 *   text or the 32 raw bytes); optional `DOCKET_MASTER_KEY_ID` to name it (default: fingerprint).
 * - During a master key rotation also `DOCKET_MASTER_KEY_PREVIOUS` / `_PREVIOUS_FILE` (/ `_ID`):
 *   the old key, for unwrapping until `rewrapAll` has run.
 * - Without a configured key (evaluation installs): `<dataDir>/master.key`, generated on first use.
 *   Once a key is configured, a generated file still in the data directory counts as a previous
 *   key, so an installation that began without one moves to it with `docket keys rewrap`.
 *
 * Throws MasterKeyError when a value is invalid; the message never contains the key.
 */
export function loadMasterKeys(settings: MasterKeySettings): MasterKeys {
  const configured = configuredKey(settings.masterKey, settings.masterKeyFile, settings.masterKeyId, 'DOCKET_MASTER_KEY');
  const current = configured ?? generatedKey(settings.dataDir, true)!;
  const previous = configuredKey(settings.masterKeyPrevious, settings.masterKeyPreviousFile, settings.masterKeyPreviousId, 'DOCKET_MASTER_KEY_PREVIOUS');
  if (previous && previous.id === current.id) throw new MasterKeyError('DOCKET_MASTER_KEY_PREVIOUS is the same key as DOCKET_MASTER_KEY');
  const older = [previous, configured ? generatedKey(settings.dataDir, false) : undefined].filter(
    (key, i, all): key is MasterKeyProvider => key !== undefined && key.id !== current.id && all.findIndex((other) => other?.id === key.id) === i,
  );
  return { current, previous: older };
}
