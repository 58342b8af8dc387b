import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyRing } from '../../../platform/crypto/index.ts';

/** A form must be on the screen this long before it is sent: a person reads and types, a script does not. */
export const FORM_TOKEN_MIN_AGE_MS = 3_000;
export const FORM_TOKEN_MAX_AGE_MS = 24 * 60 * 60 * 1000;

// The key is derived from the key ring's index key, so every Docket process sharing the key store
// signs and verifies the same tokens, and nothing new has to be configured or stored.
function tokenKey(keyRing: KeyRing): string {
  return keyRing.blindIndex('email', 'docket.public-form-token.v1')!;
}

function mac(keyRing: KeyRing, formKey: string, issuedAt: number): string {
  return createHmac('sha256', tokenKey(keyRing)).update(`${formKey}.${issuedAt}`).digest('base64url');
}

/** `<issued at, ms>.<HMAC(form key, issued at)>`. */
export function issueFormToken(keyRing: KeyRing, formKey: string, now: Date): string {
  const issuedAt = now.getTime();
  return `${issuedAt}.${mac(keyRing, formKey, issuedAt)}`;
}

export type FormTokenVerdict = { ok: true } | { ok: false; reason: string; code: 'not-issued' | 'too-soon' | 'expired' };

export function checkFormToken(keyRing: KeyRing, formKey: string, token: string, now: Date): FormTokenVerdict {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{20,100})$/.exec(token);
  if (!match) return { ok: false, reason: 'is not a token this form issued; reload the form', code: 'not-issued' };
  const issuedAt = Number(match[1]);
  const expected = Buffer.from(mac(keyRing, formKey, issuedAt));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'is not a token this form issued; reload the form', code: 'not-issued' };
  const age = now.getTime() - issuedAt;
  if (age < FORM_TOKEN_MIN_AGE_MS) return { ok: false, reason: 'was sent too soon after the form was opened; wait a few seconds and send again', code: 'too-soon' };
  if (age > FORM_TOKEN_MAX_AGE_MS) return { ok: false, reason: 'has expired (a form is valid for 24 hours); reload the form', code: 'expired' };
  return { ok: true };
}

/** A tracking token: 32 random bytes, base64url. Only its hash is stored. */
export function newTrackingToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashTrackingToken(token) };
}

export function hashTrackingToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Keyed, not a bare SHA-256: what a customer sent (a phone number among it) cannot be guessed back from the log. */
export function contentHash(keyRing: KeyRing, parts: unknown): string {
  return createHmac('sha256', tokenKey(keyRing))
    .update(`content.${JSON.stringify(parts)}`)
    .digest('hex');
}
