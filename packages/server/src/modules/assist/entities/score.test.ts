import { describe, expect, it } from 'vitest';
import { sameValue, scoreEntities } from './score.ts';

describe('scoreEntities', () => {
  it('counts a find only with the same kind and exactly the same span', () => {
    const gold = [
      { kind: 'phone', value: '13812345678', start: 0, end: 11 },
      { kind: 'person-name', value: '张伟', start: 14, end: 16 },
    ];
    const found = [
      { kind: 'phone' as const, value: '13812345678', start: 0, end: 11, confidence: 1 },
      { kind: 'person-name' as const, value: '张伟明', start: 14, end: 17, confidence: 1 },
    ];
    const score = scoreEntities([{ gold, found }]);
    expect(score).toMatchObject({ gold: 2, found: 2, correct: 1, precision: 0.5, recall: 0.5, f1: 0.5, valueAgreement: 1 });
    expect(score.byKind.map((k) => [k.kind, k.f1])).toEqual([
      ['person-name', 0],
      ['phone', 1],
    ]);
  });

  it('compares values as fields take them', () => {
    expect(sameValue('amount', '1200.5', '1200.50')).toBe(true);
    expect(sameValue('datetime', '2026-03-05T14:30:00+08:00', '2026-03-05T14:30:00')).toBe(true);
    expect(sameValue('resident-id', '11010519491231002x', '11010519491231002X')).toBe(true);
    expect(sameValue('phone', '13812345678', '13812345679')).toBe(false);
  });
});
