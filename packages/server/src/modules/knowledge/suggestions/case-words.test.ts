import { describe, expect, it } from 'vitest';
import { topTerms } from './case-words.ts';

describe('topTerms', () => {
  it('ranks the words of the title and of several texts first and leaves out single characters, numbers and personal data', () => {
    const terms = topTerms([
      { field: 'title', text: '信用卡年费投诉', weight: 3 },
      { field: 'fields.description', text: '客户来电13812345678，卡被扣了 200 元年费', weight: 1 },
    ]);
    expect(terms.slice(0, 2).sort()).toEqual(['信用卡', '年费'].sort());
    expect(terms).not.toContain('200');
    expect(terms.some((t) => t.includes('138'))).toBe(false);
    expect(terms.every((t) => [...t].length >= 2)).toBe(true);
  });
});
