import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// A minimal sealed box for small secrets (TOTP seeds): AES-256-GCM under one master key.
// TODO(#3): replaced by the envelope key ring (data keys per key id, wrapped by the master key);
// the version byte lets that ring read these ciphertexts and re-seal them.
const VERSION = 0x01;
const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit IVs, random, never reused under one key
const TAG_BYTES = 16;
export const MASTER_KEY_FILE = 'master.key';

export interface SecretBox {
  /** `context` is bound as associated data: a ciphertext copied to another row does not open. */
  seal(plaintext: Buffer, context: string): Buffer;
  openOrThrow(sealed: Buffer, context: string): Buffer;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('The master key must be 32 bytes (AES-256)');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    openOrThrow(sealed, context) {
      if (sealed[0] !== VERSION || sealed.length < 1 + IV_BYTES + TAG_BYTES) throw new Error('Unknown sealed-secret format');
      const iv = sealed.subarray(1, 1 + IV_BYTES);
      const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
    },
  };
}

/**
 * The master key: DOCKET_MASTER_KEY (base64 of 32 bytes) or, when unset, `<dataDir>/master.key`,
 * generated on first use with mode 0600. Back that file up with the database: without it,
 * TOTP secrets cannot be read and every enrolled user must enrol again.
 */
export function loadMasterKey(options: { masterKeyBase64?: string; dataDir: string }): Buffer {
  if (options.masterKeyBase64) {
    const key = Buffer.from(options.masterKeyBase64, 'base64');
    if (key.length !== 32) throw new Error('DOCKET_MASTER_KEY must be the base64 of exactly 32 bytes');
    return key;
  }
  const file = path.join(options.dataDir, MASTER_KEY_FILE);
  try {
    return readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  try {
    // 'wx': two processes starting at once must not each write a different key.
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKeyFile(file);
}

function readKeyFile(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} must hold the base64 of exactly 32 bytes`);
  return key;
}
