import { v7 as uuidv7 } from 'uuid';
import { takeRandomBytes } from './random-pool.ts';

// Time-ordered UUIDs (RFC 9562 v7) keep new rows at the right edge of primary-key
// indexes, so inserts at a high rate do not scatter writes across the B-tree.
export function newId<T extends string>(): T {
  return uuidv7({ random: takeRandomBytes(16) }) as T;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
