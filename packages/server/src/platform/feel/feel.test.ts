import { evaluate, unaryTest } from 'feelin';
import { describe, expect, it } from 'vitest';
import { evaluateFeelValue, feelValuesEqual, testFeelValue } from './index.ts';
import { expressionFastPath, unaryFastPath } from './fast-paths.ts';

describe('fast paths', () => {
  const tests = ['-', '< 18', '<= 18', '> -5', '>= 0.5', '= 3', '!= 3', '3', '-1', '"Low","Medium"', '"a"', '[1..10]', '(1..10]', ']1..10[', '[1..10)', 'true', 'false'];
  const inputs: unknown[] = [17, 18, 18.5, -5, 0.5, 3, 1, 10, -1, 'Low', 'High', 'a', true, false, null, '18'];

  it('give feelin’s answer for every input they accept, and decline the others', () => {
    for (const test of tests) {
      const fast = unaryFastPath(test);
      expect(fast, test).not.toBeNull();
      for (const input of inputs) {
        const answer = fast!(input);
        if (answer !== undefined) expect(answer, `${test} on ${JSON.stringify(input)}`).toBe(unaryTest(test, { '?': input }).value);
      }
    }
  });

  it('read literals and plain names as feelin does, and leave everything else to it', () => {
    for (const text of ['42', '-0.25', '"text"', 'true', 'false', 'null']) expect(expressionFastPath(text)!({}), text).toEqual(evaluate(text, {}).value);
    expect(expressionFastPath('Age')!({ Age: 30 })).toBe(30);
    expect(expressionFastPath('Age')!({})).toBeUndefined();
    for (const text of ['a + 1', '"a\\"b"', 'date("2020-01-01")', 'not', 'x.y', '1e3']) expect(expressionFastPath(text), text).toBeNull();
  });
});

describe('DMN semantics over feelin', () => {
  it('compares a boolean expression without ? with the input, and keeps feelin’s reading otherwise', () => {
    expect(testFeelValue('flag', false, { flag: true })).toBe(false);
    expect(testFeelValue('flag', true, { flag: true })).toBe(true);
    expect(testFeelValue('not(flag)', false, { flag: true })).toBe(true);
    expect(testFeelValue('? > limit', 5, { limit: 3 })).toBe(true);
    expect(testFeelValue('limits', 5, { limits: [1, 5] })).toBe(true);
  });

  it('makes a context literal with a key twice null', () => {
    expect(evaluateFeelValue('{a: 1, a: 2}', {}).value).toBeNull();
    expect(evaluateFeelValue('{a: 1, b: {a: 2}}.b.a', {}).value).toBe(2);
  });

  it('compares numbers as decimals to 15 digits, with a tolerance only when asked', () => {
    expect(feelValuesEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(feelValuesEqual(2778.693549432746, 2778.69354943277)).toBe(false);
    expect(feelValuesEqual(2778.693549432746, 2778.69354943277, { relativeTolerance: 1e-12 })).toBe(true);
  });
});
