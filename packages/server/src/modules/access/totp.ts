import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// RFC 6238 TOTP on node:crypto rather than otplib: the algorithm is twenty lines, time stays an
// argument (so tests drive a FixedClock), and we need the matched time step for replay refusal,
// which otplib's verify does not hand back in one call. Parameters are the ones every
// authenticator app supports: SHA-1, 6 digits, 30-second steps (RFC 6238 §4, Google Authenticator).
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
// Accept one step either side for clock drift (RFC 6238 §5.2 recommends at most one).
export const TOTP_DRIFT_STEPS = 1;
const SECRET_BYTES = 20; // RFC 4226 §4: 160-bit shared secret

export function newTotpSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

export function totpStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_STEP_SECONDS);
}

/** RFC 4226 §5.3 HOTP value for one counter, zero-padded. */
export function hotp(secret: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', secret).update(message).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const binary = (digest.readUInt32BE(offset) & 0x7fffffff) % 10 ** TOTP_DIGITS;
  return binary.toString().padStart(TOTP_DIGITS, '0');
}

export function totpCodeAt(secret: Buffer, now: Date): string {
  return hotp(secret, totpStepAt(now));
}

/**
 * The time step a code matches within the drift window, or null. Steps at or before
 * `lastUsedStep` never match: RFC 6238 §5.2 says a verifier must not accept a code twice.
 */
export function matchTotpStep(secret: Buffer, code: string, now: Date, lastUsedStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = totpStepAt(now);
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    if (timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(code))) return step;
  }
  return null;
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32 without padding: what authenticator apps expect in otpauth URIs. */
export function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function fromBase32(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) throw new Error('Not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Key URI format (Google Authenticator wiki), shown as a QR code by the console. */
export function totpUri(options: { secret: Buffer; issuer: string; accountName: string }): string {
  const label = `${encodeURIComponent(options.issuer)}:${encodeURIComponent(options.accountName)}`;
  const params = new URLSearchParams({
    secret: toBase32(options.secret),
    issuer: options.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}

// Recovery codes: 10 single-use codes of 80 random bits each, shown once. Full entropy, so a
// fast hash (SHA-256) is enough at rest, as for session tokens.
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const hex = toBase32(randomBytes(10)).toLowerCase(); // 16 chars
    return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}`;
  });
}

/** Users type codes with or without dashes, in any case. */
export function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}
