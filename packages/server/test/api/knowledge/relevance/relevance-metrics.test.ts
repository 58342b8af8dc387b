import { describe, expect, it } from 'vitest';
import { ndcgAtK, recallAtK, reciprocalRank, scoreQuery, summarize, worstQueries, type RelevanceLabel } from './relevance-metrics.ts';

const labels: RelevanceLabel[] = [
  { key: 'a', grade: 2 },
  { key: 'b', grade: 1 },
];

describe('relevance metrics', () => {
  it('recall@k counts the labelled articles in the first k', () => {
    expect(recallAtK(['x', 'a', 'y', 'z', 'w', 'b'], labels, 5)).toBe(0.5);
    expect(recallAtK(['b', 'a'], labels, 5)).toBe(1);
    expect(recallAtK([], labels, 5)).toBe(0);
  });

  it('reciprocal rank is 1 / rank of the first relevant article, 0 when none', () => {
    expect(reciprocalRank(['x', 'y', 'b'], labels)).toBeCloseTo(1 / 3);
    expect(reciprocalRank(['x'], labels)).toBe(0);
  });

  it('nDCG is 1 for the ideal order and less when the better article comes second', () => {
    expect(ndcgAtK(['a', 'b'], labels, 5)).toBeCloseTo(1);
    expect(ndcgAtK(['b', 'a'], labels, 5)).toBeLessThan(1);
  });

  it('summarizes and picks the worst queries', () => {
    const good = scoreQuery({ query: 'good', relevant: labels }, ['a', 'b'], 5);
    const bad = scoreQuery({ query: 'bad', relevant: labels }, ['x'], 5);
    expect(summarize([good, bad])).toMatchObject({ queries: 2, recallAtK: 0.5, meanReciprocalRank: 0.5, hitAt1: 0.5 });
    expect(worstQueries([good, bad], 1)[0]!.query).toBe('bad');
  });
});
