import { describe, expect, it } from 'vitest';
import type { SignInThrottleRow } from './sign-in-store.ts';
import { afterFailure, lockDurationMs, MAX_LOCK_MS } from './sign-in-throttle.ts';

const MINUTE_MS = 60_000;
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 9, 0) + minutes * MINUTE_MS);
const fresh = (now: Date): SignInThrottleRow => ({ failures: 0, locks: 0, lockedUntil: null, lastFailureAt: now });

describe('sign-in throttle', () => {
  it('doubles each further lock, capped at a day', () => {
    expect([1, 2, 3, 4].map(lockDurationMs)).toEqual([15, 30, 60, 120].map((m) => m * MINUTE_MS));
    expect(lockDurationMs(20)).toBe(MAX_LOCK_MS);
  });

  it('locks at the fifth failure in a row', () => {
    let row = fresh(at(0));
    const locked: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const next = afterFailure(row, at(0));
      row = next.row;
      locked.push(next.lockedNow);
    }
    expect(locked).toEqual([false, false, false, false, true]);
    expect(row.lockedUntil).toEqual(at(15));
  });

  it('does not lock again or lengthen the lock for failures that raced past the lock check', () => {
    const locked = { failures: 5, locks: 1, lockedUntil: at(15), lastFailureAt: at(0) };
    const next = afterFailure(locked, at(1));
    expect(next.lockedNow).toBe(false);
    expect(next.row).toEqual({ ...locked, lastFailureAt: at(1) });
  });

  it('forgets the back-off of a pair quiet for more than a day', () => {
    const old = { failures: 2, locks: 3, lockedUntil: null, lastFailureAt: at(0) };
    expect(afterFailure(old, at(25 * 60)).row).toEqual({ failures: 1, locks: 0, lockedUntil: null, lastFailureAt: at(25 * 60) });
  });
});
