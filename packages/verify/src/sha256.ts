// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) in plain JavaScript, for the many *small*
// hashes of the event encoding: each disclosure unit costs an HMAC and a SHA-256 of a few dozen
// bytes, and node:crypto spends ~2.5 µs of call overhead on each, more than the hashing itself.
// Here an HMAC key's inner and outer pads are absorbed once per event and each unit then costs
// three or four compressions. Outputs are checked against node:crypto in
// packages/server/test/conformance (and by every known-answer test of the encoding).

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Int32Array(64);

/** One compression of the 64-byte block at `bytes[offset..]` into `state`. */
function compress(state: Int32Array, bytes: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    W[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!,
    b = state[1]!,
    c = state[2]!,
    d = state[3]!,
    e = state[4]!,
    f = state[5]!,
    g = state[6]!,
    h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

// Plain Uint8Array and TextEncoder, no Buffer: the console runs this same file in the browser.
let scratch = new Uint8Array(1024);
const utf8 = new TextEncoder();
const work = new Int32Array(8);

/**
 * Finishes a hash whose first `prefixBlocks` 64-byte blocks are already absorbed in `from`,
 * over `scratch[0..length)`; writes the digest's 8 words to `out`. `scratch` must have room
 * for the padding (callers reserve 72 bytes beyond the data).
 */
function finish(from: Int32Array, prefixBlocks: number, length: number, out: Int32Array): void {
  work.set(from);
  const total = length + 9;
  const padded = Math.ceil(total / 64) * 64;
  scratch[length] = 0x80;
  scratch.fill(0, length + 1, padded - 8);
  // Bit length of the whole message (prefix + data); below 2^53 bits, so two 32-bit halves.
  const bits = (prefixBlocks * 64 + length) * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  scratch[padded - 8] = hi >>> 24;
  scratch[padded - 7] = hi >>> 16;
  scratch[padded - 6] = hi >>> 8;
  scratch[padded - 5] = hi;
  scratch[padded - 4] = lo >>> 24;
  scratch[padded - 3] = lo >>> 16;
  scratch[padded - 2] = lo >>> 8;
  scratch[padded - 1] = lo;
  for (let offset = 0; offset < padded; offset += 64) compress(work, scratch, offset);
  out.set(work);
}

/** Grows scratch (keeping its contents) to hold `bytes` plus padding. */
const ensureScratch = (bytes: number) => {
  if (scratch.length >= bytes + 72) return;
  const next = new Uint8Array(Math.max(bytes + 72, scratch.length * 2));
  next.set(scratch);
  scratch = next;
};

/** Writes a UTF-8 string into scratch at `at`; returns the end offset. */
function writeUtf8(text: string, at: number): number {
  ensureScratch(at + text.length * 3);
  return at + utf8.encodeInto(text, scratch.subarray(at)).written;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const wordsToHex = (w: Int32Array) => {
  let s = '';
  for (let i = 0; i < 8; i++) {
    const v = w[i]!;
    s += HEX[(v >>> 24) & 0xff]! + HEX[(v >>> 16) & 0xff]! + HEX[(v >>> 8) & 0xff]! + HEX[v & 0xff]!;
  }
  return s;
};
const wordsToBytes = (w: Int32Array, out: Uint8Array, at: number) => {
  for (let i = 0; i < 8; i++) {
    const v = w[i]!;
    out[at + i * 4] = v >>> 24;
    out[at + i * 4 + 1] = v >>> 16;
    out[at + i * 4 + 2] = v >>> 8;
    out[at + i * 4 + 3] = v;
  }
};

const digestWords = new Int32Array(8);
const innerWords = new Int32Array(8);

/**
 * The disclosure-unit hashing of one event: unitSalt = HMAC-SHA256(eventSalt, pointer) and
 * digest = SHA-256(unitSalt || text), as encoding.ts specifies, with the HMAC pads of the
 * event salt absorbed once. Keys must be at most 64 bytes (event salts are 32).
 */
export class UnitHasher {
  private readonly inner = new Int32Array(8);
  private readonly outer = new Int32Array(8);

  constructor(key: Uint8Array) {
    if (key.length > 64) throw new RangeError('UnitHasher keys are at most 64 bytes');
    const block = new Uint8Array(64);
    for (let i = 0; i < 64; i++) block[i] = (key[i] ?? 0) ^ 0x36;
    this.inner.set(IV);
    compress(this.inner, block, 0);
    for (let i = 0; i < 64; i++) block[i] = (key[i] ?? 0) ^ 0x5c;
    this.outer.set(IV);
    compress(this.outer, block, 0);
  }

  /** HMAC-SHA256(key, UTF-8(pointer)) into scratch[0..32). */
  private saltIntoScratch(pointer: string): void {
    const end = writeUtf8(pointer, 0);
    finish(this.inner, 1, end, innerWords);
    wordsToBytes(innerWords, scratch, 0);
    finish(this.outer, 1, 32, digestWords);
    wordsToBytes(digestWords, scratch, 0);
  }

  /** HMAC-SHA256(key, UTF-8(pointer)). */
  salt(pointer: string): Buffer {
    this.saltIntoScratch(pointer);
    return Buffer.from(scratch.subarray(0, 32));
  }

  /** Hex SHA-256(HMAC-SHA256(key, pointer) || UTF-8(text)). */
  digest(pointer: string, text: string): string {
    this.saltIntoScratch(pointer);
    const end = writeUtf8(text, 32);
    finish(IV, 0, end, digestWords);
    return wordsToHex(digestWords);
  }
}

/** Hex SHA-256(prefix || UTF-8(text)) for a short binary prefix (a revealed unit's salt). */
export function sha256PrefixedText(prefix: Uint8Array, text: string): string {
  ensureScratch(prefix.length);
  scratch.set(prefix, 0);
  const end = writeUtf8(text, prefix.length);
  finish(IV, 0, end, digestWords);
  return wordsToHex(digestWords);
}

/** SHA-256 of any byte string. */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  const state = new Int32Array(IV);
  const fullBlocks = Math.floor(data.length / 64);
  for (let block = 0; block < fullBlocks; block++) compress(state, data, block * 64);
  const tail = data.length - fullBlocks * 64;
  ensureScratch(tail);
  scratch.set(data.subarray(fullBlocks * 64), 0);
  finish(state, fullBlocks, tail, digestWords);
  const out = new Uint8Array(32);
  wordsToBytes(digestWords, out, 0);
  return out;
}
