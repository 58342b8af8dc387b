import { describe, expect, it } from 'vitest';
import { takeRandomBytes } from './random-pool.ts';

describe('takeRandomBytes', () => {
  it('never hands out the same bytes twice, across refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) seen.add(takeRandomBytes(12).toString('hex'));
    expect(seen.size).toBe(5_000);
  });
  it('returns copies that a refill does not change', () => {
    const kept = takeRandomBytes(16);
    const snapshot = kept.toString('hex');
    for (let i = 0; i < 2_000; i++) takeRandomBytes(16);
    expect(kept.toString('hex')).toBe(snapshot);
  });
  it('serves requests larger than the pool', () => {
    expect(takeRandomBytes(10_000)).toHaveLength(10_000);
  });
});
