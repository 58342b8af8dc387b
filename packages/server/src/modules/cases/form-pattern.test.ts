import { describe, expect, it } from 'vitest';
import { compileFormPattern, toRe2Syntax } from './form-pattern.ts';

describe('toRe2Syntax', () => {
  it.each([
    ['[\\u4e00-\\u9fa5]+', '[\\x{4e00}-\\x{9fa5}]+'],
    ['\\u{1F600}', '\\x{1F600}'],
    ['\\\\u4e00', '\\\\u4e00'],
    ['\\\\\\u4e00', '\\\\\\x{4e00}'],
    ['\\d{3}\\u00e9', '\\d{3}\\x{00e9}'],
    ['trailing\\', 'trailing\\'],
  ])('writes %s as %s', (js, re2) => {
    expect(toRe2Syntax(js)).toBe(re2);
  });
});

describe('compileFormPattern', () => {
  it('matches whole values only, and compiles each pattern once', () => {
    const pattern = compileFormPattern('[A-Z]{3}\\d{2}');
    if (typeof pattern === 'string') throw new Error(pattern);
    expect(pattern.matches('BJS01')).toBe(true);
    expect(pattern.matches('xBJS01')).toBe(false);
    expect(pattern.matches('BJS01\n')).toBe(false);
    expect(compileFormPattern('[A-Z]{3}\\d{2}')).toBe(pattern);
  });

  it('keeps alternation inside the anchors', () => {
    const pattern = compileFormPattern('a|b');
    if (typeof pattern === 'string') throw new Error(pattern);
    expect(pattern.matches('ab')).toBe(false);
    expect(pattern.matches('b')).toBe(true);
  });
});
