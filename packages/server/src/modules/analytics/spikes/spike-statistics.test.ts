import { describe, expect, it } from 'vitest';
import { poissonThreshold, poissonUpperTail, testSpike } from './spike-statistics.ts';

const poisson = { test: 'poisson' as const, pValue: 0.001, ewmaLambda: 0.3, ewmaLimit: 3, minCount: 5 };
const ewma = { ...poisson, test: 'ewma' as const };

describe('poissonUpperTail', () => {
  it('matches tabulated Poisson tails', () => {
    // Σ_{k≥x} e^{−λ}λ^k/k! (checked with Python math.lgamma; R: ppois(x - 1, λ, lower.tail = FALSE))
    expect(poissonUpperTail(0, 2)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(0.8646647, 6);
    expect(poissonUpperTail(5, 2)).toBeCloseTo(0.05265302, 7);
    expect(poissonUpperTail(12, 2)).toBeCloseTo(1.3646152e-6, 12);
    expect(poissonUpperTail(130, 100)).toBeCloseTo(0.002282, 4);
  });
  it('keeps tails far below 1e-16 (no cancellation)', () => {
    const tail = poissonUpperTail(60, 2);
    expect(tail).toBeGreaterThan(0);
    expect(tail).toBeLessThan(1e-50);
  });
});

describe('testSpike', () => {
  it('flags 12 against a baseline of 2 a window (Poisson, α = 0.001)', () => {
    const verdict = testSpike(12, [2, 2, 3, 1, 2, 2, 2, 2], poisson);
    expect(verdict.significant).toBe(true);
    expect(verdict.baselineMean).toBe(2);
    expect(verdict.threshold).toBe(poissonThreshold(2, 0.001));
    expect(verdict.pValue).toBeLessThan(1e-5);
  });
  it('does not flag a count near its weekday baseline', () => {
    expect(testSpike(9, [8, 8, 8, 8, 8, 8, 8, 8], poisson).significant).toBe(false);
  });
  it('never flags below the minimum count, however small the baseline', () => {
    const verdict = testSpike(4, [0, 0, 0, 0, 0, 0, 0, 0], { ...poisson, pValue: 0.01 });
    expect(verdict.pValue).toBeLessThan(0.01);
    expect(verdict.significant).toBe(false);
    expect(verdict.threshold).toBe(5);
  });
  it('EWMA: flags a jump over the control limit and states the count that would have reached it', () => {
    const baseline = [2, 3, 2, 2, 1, 2, 3, 2];
    const flagged = testSpike(12, baseline, ewma);
    expect(flagged.significant).toBe(true);
    expect(flagged.pValue).toBeNull();
    expect(testSpike(flagged.threshold, baseline, ewma).significant).toBe(true);
    expect(testSpike(flagged.threshold - 1, baseline, { ...ewma, minCount: 1 }).significant).toBe(false);
    expect(testSpike(3, baseline, ewma).significant).toBe(false);
  });
});
