import type { SignInThrottleRow } from './sign-in-store.ts';

// Repeated wrong passwords lock one (username as typed, client address) pair, never the account as
// a whole: a lock anyone could set from anywhere would be a denial of service on every user (#11).
// OWASP Authentication Cheat Sheet, "Account lockout": lock by attempt source and back off
// exponentially. The pair's first lock lasts 15 minutes, each further one twice the one before.

export const LOCK_AFTER_FAILURES = 5;
export const FIRST_LOCK_MS = 15 * 60_000;
export const MAX_LOCK_MS = 24 * 3600_000;
/** A pair with no failure for this long starts over, back-off included. */
export const THROTTLE_MEMORY_MS = 24 * 3600_000;

/** How long the n-th lock in a row (1-based) lasts. */
export function lockDurationMs(lockNumber: number): number {
  return Math.min(FIRST_LOCK_MS * 2 ** Math.max(0, lockNumber - 1), MAX_LOCK_MS);
}

/** The pair's state after one more failure, and whether this failure set a lock. */
export function afterFailure(row: SignInThrottleRow, now: Date): { row: SignInThrottleRow; lockedNow: boolean } {
  // A failure that raced past the lock check (sent alongside the one that set the lock) neither
  // counts nor locks again: the back-off grows per lock, not per concurrent request.
  if (row.lockedUntil !== null && row.lockedUntil > now) return { row: { ...row, lastFailureAt: now }, lockedNow: false };
  const lockExpired = row.lockedUntil !== null && row.lockedUntil <= now;
  const stale = now.getTime() - row.lastFailureAt.getTime() > THROTTLE_MEMORY_MS;
  const locks = stale ? 0 : row.locks;
  // A lock that has run out starts a new count: the pair gets five fresh attempts, not one.
  const failures = (stale || lockExpired ? 0 : row.failures) + 1;
  if (failures >= LOCK_AFTER_FAILURES) {
    return { row: { failures, locks: locks + 1, lockedUntil: new Date(now.getTime() + lockDurationMs(locks + 1)), lastFailureAt: now }, lockedNow: true };
  }
  return { row: { failures, locks, lockedUntil: lockExpired ? null : row.lockedUntil, lastFailureAt: now }, lockedNow: false };
}

/** The later of the locks still running at `now`, if any. */
export function activeLockUntil(now: Date, ...locks: (Date | null | undefined)[]): Date | undefined {
  const running = locks.filter((d): d is Date => d instanceof Date && d > now);
  return running.length === 0 ? undefined : new Date(Math.max(...running.map((d) => d.getTime())));
}
