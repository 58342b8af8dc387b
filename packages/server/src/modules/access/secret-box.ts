import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// A minimal sealed box for small secrets (TOTP seeds): AES-256-GCM under one master key.
// TODO(#3): replaced by the envelope key ring (data keys per key id, wrapped by the master key);
// the version byte lets that ring read these ciphertexts and re-seal them.
const VERSION = 0x01;
const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit IVs, random, never reused under one key
const TAG_BYTES = 16;

export interface SecretBox {
  /** `context` is bound as associated data: a ciphertext copied to another row does not open. */
  seal(plaintext: Buffer, context: string): Buffer;
  openOrThrow(sealed: Buffer, context: string): Buffer;
}

/** Seals with `key`; opens with `key` or any of `olderKeys` (sealed before a master key rotation). */
export function createSecretBox(key: Buffer, olderKeys: Buffer[] = []): SecretBox {
  if ([key, ...olderKeys].some((k) => k.length !== 32)) throw new Error('The master key must be 32 bytes (AES-256)');
  const openWith = (k: Buffer, sealed: Buffer, context: string) => {
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', k, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  };
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
      // GCM refuses a wrong key like an altered ciphertext: try each key, report the current key's refusal.
      let refusal: unknown;
      for (const candidate of [key, ...olderKeys]) {
        try {
          return openWith(candidate, sealed, context);
        } catch (error) {
          refusal ??= error;
        }
      }
      throw refusal;
    },
  };
}
