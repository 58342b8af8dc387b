// The browser's stand-in for `node:crypto` (and the global `Buffer`) as the offline verifier
// (packages/verify/src) uses them, so the verifier's own code runs in the console unchanged.
// vite.config.ts aliases `node:crypto` to this module for the web bundle only.
//
// - SHA-256 and HMAC-SHA256 are synchronous here (FIPS 180-4 / RFC 2104, checked against
//   node:crypto by browser-crypto.test.ts), because the verifier calls them synchronously.
// - Ed25519 signatures are checked with WebCrypto (SubtleCrypto, asynchronous): verify-in-browser.ts
//   checks each signature the verifier will ask about *before* running it, and `verify` below
//   answers from those results. A signature nobody checked beforehand is refused, never assumed.

import { sha256Bytes } from '@docket/verify/sha256';

const HEX = '0123456789abcdef';

/** The subset of Node's Buffer the verifier uses: from(hex|utf8|base64|bytes), toString, compare. */
export class BrowserBuffer extends Uint8Array {
  static override from(value: unknown, encoding?: unknown): BrowserBuffer {
    if (typeof value === 'string') {
      if (encoding === 'hex') {
        const clean = value.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(value) ? value : value.slice(0, value.search(/[^0-9a-fA-F]|$/) & ~1);
        const out = new BrowserBuffer(clean.length / 2);
        for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
        return out;
      }
      if (encoding === 'base64') {
        let binary: string;
        try {
          binary = atob(
            value
              .replace(/[^A-Za-z0-9+/=]/g, '')
              .replace(/=+$/, '')
              .padEnd(Math.ceil(value.replace(/[^A-Za-z0-9+/]/g, '').length / 4) * 4, '='),
          );
        } catch {
          binary = '';
        }
        const out = new BrowserBuffer(binary.length);
        for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
        return out;
      }
      return BrowserBuffer.fromBytes(new TextEncoder().encode(value));
    }
    if (value instanceof Uint8Array) return BrowserBuffer.fromBytes(value);
    if (value instanceof ArrayBuffer) return BrowserBuffer.fromBytes(new Uint8Array(value));
    if (Array.isArray(value)) return BrowserBuffer.fromBytes(Uint8Array.from(value as number[]));
    throw new TypeError('unsupported Buffer.from input');
  }

  static fromBytes(bytes: Uint8Array): BrowserBuffer {
    const out = new BrowserBuffer(bytes.length);
    out.set(bytes);
    return out;
  }

  static alloc(size: number): BrowserBuffer {
    return new BrowserBuffer(size);
  }

  static concat(list: Uint8Array[]): BrowserBuffer {
    const out = new BrowserBuffer(list.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of list) {
      out.set(b, at);
      at += b.length;
    }
    return out;
  }

  static compare(a: Uint8Array, b: Uint8Array): number {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }

  static isBuffer(value: unknown): boolean {
    return value instanceof BrowserBuffer;
  }

  /**
   * Node's `buf.write(string[, offset[, length]][, encoding])`, UTF-8 only (the verifier's
   * SHA-256 writes text into a scratch buffer): whole characters only, returns the bytes written.
   */
  write(text: string, offset?: number | string, length?: number | string, encoding?: string): number {
    if (typeof offset === 'string') [encoding, offset, length] = [offset, 0, undefined];
    else if (typeof length === 'string') [encoding, length] = [length, undefined];
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) throw new TypeError(`${encoding} is not available in the browser verifier`);
    const at = offset ?? 0;
    if (at < 0 || at > this.length) throw new RangeError(`offset ${at} is outside the buffer`);
    const end = length === undefined ? this.length : Math.min(this.length, at + length);
    return new TextEncoder().encodeInto(text, this.subarray(at, end)).written;
  }

  equals(other: Uint8Array): boolean {
    return BrowserBuffer.compare(this, other) === 0;
  }

  override toString(encoding?: string): string {
    if (encoding === 'hex') {
      let s = '';
      for (const byte of this) s += HEX[byte >> 4]! + HEX[byte & 15]!;
      return s;
    }
    if (encoding === 'base64') {
      let binary = '';
      for (const byte of this) binary += String.fromCharCode(byte);
      return btoa(binary);
    }
    return new TextDecoder().decode(this);
  }
}

const globalWithBuffer = globalThis as { Buffer?: unknown };
globalWithBuffer.Buffer ??= BrowserBuffer;

// SHA-256: the verifier's own implementation (plain JS, no Node APIs), not a second copy.
export function sha256(data: Uint8Array): BrowserBuffer {
  return BrowserBuffer.fromBytes(sha256Bytes(data));
}

const toBytes = (data: unknown, encoding?: string): Uint8Array => (typeof data === 'string' ? BrowserBuffer.from(data, encoding ?? 'utf8') : (data as Uint8Array));

class Hash {
  private readonly chunks: Uint8Array[] = [];
  update(data: unknown, encoding?: string): this {
    this.chunks.push(toBytes(data, encoding));
    return this;
  }
  protected bytes(): Uint8Array {
    return BrowserBuffer.concat(this.chunks);
  }
  digest(): BrowserBuffer;
  digest(encoding: string): string;
  digest(encoding?: string): BrowserBuffer | string {
    const out = sha256(this.bytes());
    return encoding ? out.toString(encoding) : out;
  }
}

class Hmac extends Hash {
  private readonly key: Uint8Array;
  constructor(key: Uint8Array) {
    super();
    const block = new Uint8Array(64);
    block.set(key.length > 64 ? sha256(key) : key);
    this.key = block;
  }
  override digest(): BrowserBuffer;
  override digest(encoding: string): string;
  override digest(encoding?: string): BrowserBuffer | string {
    const inner = sha256(BrowserBuffer.concat([this.key.map((b) => b ^ 0x36), this.bytes()]));
    const out = sha256(BrowserBuffer.concat([this.key.map((b) => b ^ 0x5c), inner]));
    return encoding ? out.toString(encoding) : out;
  }
}

function onlySha256(algorithm: string) {
  if (algorithm.toLowerCase() !== 'sha256') throw new Error(`${algorithm} is not available in the browser verifier`);
}

export function createHash(algorithm: string): Hash {
  onlySha256(algorithm);
  return new Hash();
}

export function createHmac(algorithm: string, key: Uint8Array | string): Hmac {
  onlySha256(algorithm);
  return new Hmac(toBytes(key));
}

// --- Public keys ---------------------------------------------------------------------------
// An Ed25519 SubjectPublicKeyInfo is 44 bytes: 30 2a 30 05 06 03 2b 65 70 03 21 00 <32-byte key>.
const ED25519_SPKI_PREFIX = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

export class BrowserKeyObject {
  readonly type = 'public';
  constructor(readonly der: BrowserBuffer) {}
  get asymmetricKeyType(): string | undefined {
    return this.der.length === 44 && ED25519_SPKI_PREFIX.every((b, i) => this.der[i] === b) ? 'ed25519' : 'unknown';
  }
  /** DER by default; `{ format: 'pem' }` as Node writes it (64-character base64 lines, final newline). */
  export(options?: { type?: string; format?: string }): BrowserBuffer | string {
    if (options?.format !== 'pem') return this.der;
    const base64 = this.der.toString('base64');
    return `-----BEGIN PUBLIC KEY-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
  }
}

/** Reads a PEM "PUBLIC KEY" (SPKI); anything else throws, as Node's does. */
export function createPublicKey(key: string | BrowserKeyObject | { key: string }): BrowserKeyObject {
  if (key instanceof BrowserKeyObject) return key;
  const pem = typeof key === 'string' ? key : key.key;
  const match = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----/.exec(pem);
  if (!match) throw new TypeError('not a PEM public key');
  const der = BrowserBuffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
  if (der.length < 16 || der[0] !== 0x30) throw new TypeError('not a DER SubjectPublicKeyInfo');
  return new BrowserKeyObject(der);
}

// --- Signatures: answered from WebCrypto results computed beforehand ---------------------------
const checked = new Map<string, boolean>();
const signatureKey = (der: Uint8Array, message: Uint8Array, signature: Uint8Array) =>
  `${BrowserBuffer.fromBytes(der).toString('hex')}|${BrowserBuffer.fromBytes(message).toString('hex')}|${BrowserBuffer.fromBytes(signature).toString('hex')}`;

/** Checks an Ed25519 signature with SubtleCrypto and remembers the answer for `verify`. */
export async function checkEd25519(publicKeyPem: string, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  let ok = false;
  let der: BrowserBuffer;
  try {
    der = createPublicKey(publicKeyPem).der;
  } catch {
    return false;
  }
  try {
    const key = await crypto.subtle.importKey('spki', new Uint8Array(der), { name: 'Ed25519' }, false, ['verify']);
    ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, new Uint8Array(signature), new Uint8Array(message));
  } catch {
    ok = false;
  }
  checked.set(signatureKey(der, message, signature), ok);
  return ok;
}

/** Node's `crypto.verify(null, message, key, signature)` for Ed25519, from the checks above. */
export function verify(_algorithm: null | undefined, message: Uint8Array, key: BrowserKeyObject, signature: Uint8Array): boolean {
  const answer = checked.get(signatureKey(key.der, message, signature));
  if (answer === undefined) throw new Error('the browser verifier checks signatures with WebCrypto first (checkEd25519); this one was not checked');
  return answer;
}

export type KeyObject = BrowserKeyObject;
export default { createHash, createHmac, createPublicKey, verify };
