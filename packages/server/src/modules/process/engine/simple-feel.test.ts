import { describe, expect, it } from 'vitest';
import { evaluateFeel } from '../../../platform/feel/index.ts';
import { NOT_SIMPLE, evaluateSimpleFeel } from './simple-feel.ts';

describe('simple FEEL shapes read without the parser', () => {
  const expressions = [
    'amount',
    'missing',
    'amount > 100',
    'amount >= 100',
    'amount < 100',
    'amount <= 100',
    'amount = 100',
    'amount != 100',
    'amount > -2.5',
    'decision = "approved"',
    'decision != "approved"',
    'approved = true',
    'approved != false',
    'missing > 1',
    'decision > "a"',
    'amount = "100"',
    'a + b > 1',
    'true',
    'null',
  ];
  const contexts: Array<Record<string, unknown>> = [
    { amount: 100, decision: 'approved', approved: true, a: 1, b: 2 },
    { amount: 5, decision: 'rejected', approved: false },
    { amount: 1e6, decision: '', approved: null },
    { amount: '100', decision: 7, approved: 'yes' },
    { amount: null, decision: null },
    { amount: -3, decision: 'approved', approved: true },
    { amount: { nested: 1 }, decision: ['approved'] },
  ];

  it.each(expressions)('%s: the same answer as feelin whenever it answers', (expression) => {
    for (const variables of contexts) {
      const simple = evaluateSimpleFeel(expression, variables);
      if (simple === NOT_SIMPLE) continue;
      expect({ expression, variables, value: simple }).toEqual({ expression, variables, value: evaluateFeel(expression, variables) });
    }
  });

  it('answers the common shapes itself', () => {
    expect(evaluateSimpleFeel('amount > 100', { amount: 500 })).toBe(true);
    expect(evaluateSimpleFeel('decision = "approved"', { decision: 'approved' })).toBe(true);
    expect(evaluateSimpleFeel('reviewer', { reviewer: 'ann' })).toBe('ann');
    expect(evaluateSimpleFeel('a + b > 1', { a: 1, b: 2 })).toBe(NOT_SIMPLE);
    expect(evaluateSimpleFeel('amount > 100', { amount: '500' })).toBe(NOT_SIMPLE);
  });
});
