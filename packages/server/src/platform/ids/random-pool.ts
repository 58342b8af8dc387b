import { randomFillSync } from 'node:crypto';

// Cryptographically random bytes handed out from a pool refilled 8 KiB at a time. A call to
// the CSPRNG per id or nonce cost more than the rest of a bulk create's CPU (profiled: 23%);
// the bytes are the same CSPRNG output, each handed out exactly once.
const POOL_BYTES = 8192;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

export function takeRandomBytes(length: number): Buffer {
  if (length > POOL_BYTES) return randomFillSync(Buffer.allocUnsafe(length));
  if (offset + length > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  // A copy, so a caller that keeps the bytes never sees them change at the next refill.
  const bytes = Buffer.from(pool.subarray(offset, offset + length));
  offset += length;
  return bytes;
}
