/**
 * The statistics of spike warnings: pure, no database, no clock. Documented with their formulas
 * in docs/analytics/spike-warnings.md; the two must change together.
 */

export const SPIKE_TESTS = ['poisson', 'ewma'] as const;
export type SpikeTest = (typeof SPIKE_TESTS)[number];

/**
 * A baseline of zero would make any count infinitely significant: a window with no history is
 * taken to expect half a case (the minimum count then decides whether it is worth a case).
 */
export const MIN_BASELINE_MEAN = 0.5;

export interface SpikeTestParams {
  test: SpikeTest;
  /** Poisson: the significance level α; a spike when P(X ≥ observed) < α. */
  pValue: number;
  /** EWMA: λ, the weight of the newest window (0 < λ ≤ 1). */
  ewmaLambda: number;
  /** EWMA: L, the control limit in standard deviations. */
  ewmaLimit: number;
  /** Fewer cases than this in the window are never a spike, however unusual. */
  minCount: number;
}

export interface SpikeVerdict {
  observed: number;
  /** Mean of the baseline windows (floored at MIN_BASELINE_MEAN). */
  baselineMean: number;
  /** The smallest count of the window that would have been significant. */
  threshold: number;
  /** Poisson: P(X ≥ observed | baselineMean); EWMA: null (a control chart has no p-value). */
  pValue: number | null;
  /** EWMA: the statistic after the current window and its upper control limit; undefined for Poisson. */
  ewma?: { statistic: number; upperControlLimit: number; sigma: number };
  significant: boolean;
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let k = 2; k <= n; k++) sum += Math.log(k);
  return sum;
}

/**
 * P(X ≥ x) for X ~ Poisson(λ), summed from x upward (not 1 − CDF, which loses the small tails
 * that matter here to cancellation).
 */
export function poissonUpperTail(x: number, lambda: number): number {
  if (x <= 0) return 1;
  if (lambda <= 0) return 0;
  let term = Math.exp(-lambda + x * Math.log(lambda) - logFactorial(x));
  let sum = 0;
  for (let k = x; k < x + 10_000; k++) {
    sum += term;
    term *= lambda / (k + 1);
    if (k > lambda && term < sum * 1e-16) break;
  }
  return Math.min(1, sum);
}

/** The smallest count k with P(X ≥ k | λ) < α: the Poisson test's threshold. */
export function poissonThreshold(lambda: number, alpha: number): number {
  let k = Math.max(1, Math.floor(lambda));
  while (poissonUpperTail(k, lambda) >= alpha) k++;
  return k;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Tests the current window's count against the counts of the baseline windows (oldest first:
 * the same weekdays 1..N weeks earlier).
 */
export function testSpike(observed: number, baseline: number[], params: SpikeTestParams): SpikeVerdict {
  const baselineMean = Math.max(MIN_BASELINE_MEAN, mean(baseline));
  if (params.test === 'poisson') {
    const pValue = poissonUpperTail(observed, baselineMean);
    const threshold = Math.max(params.minCount, poissonThreshold(baselineMean, params.pValue));
    return { observed, baselineMean, threshold, pValue, significant: observed >= params.minCount && pValue < params.pValue };
  }
  // EWMA control chart (Roberts 1959; Montgomery, Introduction to Statistical Quality Control
  // §9.2): z_t = λ·x_t + (1−λ)·z_{t−1}, z_0 = μ, over the baseline then the current window;
  // UCL = μ + L·σ·√(λ/(2−λ)·(1−(1−λ)^{2t})). σ is at least √μ (Poisson): eight flat weeks
  // must not make the limit zero.
  const lambda = params.ewmaLambda;
  const mu = baselineMean;
  const variance = baseline.length > 1 ? baseline.reduce((s, v) => s + (v - mean(baseline)) ** 2, 0) / (baseline.length - 1) : 0;
  const sigma = Math.sqrt(Math.max(variance, mu));
  let z = mu;
  for (const value of baseline) z = lambda * value + (1 - lambda) * z;
  const beforeCurrent = z;
  z = lambda * observed + (1 - lambda) * z;
  const t = baseline.length + 1;
  const upperControlLimit = mu + params.ewmaLimit * sigma * Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * t)));
  // The count that would have put the statistic exactly on the limit, rounded up to a whole case.
  const threshold = Math.max(params.minCount, Math.floor((upperControlLimit - (1 - lambda) * beforeCurrent) / lambda) + 1);
  return {
    observed,
    baselineMean,
    threshold,
    pValue: null,
    ewma: { statistic: z, upperControlLimit, sigma },
    significant: observed >= params.minCount && z > upperControlLimit,
  };
}
