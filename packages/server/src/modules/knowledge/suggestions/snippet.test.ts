import { describe, expect, it } from 'vitest';
import { markedSnippet } from './snippet.ts';
import { topTerms } from './case-words.ts';

describe('markedSnippet', () => {
  it('marks the shared words and escapes everything else', () => {
    expect(markedSnippet('<b>信用卡</b>年费可申请减免', ['年费', '信用卡'])).toBe('&lt;b&gt;<mark>信用卡</mark>&lt;/b&gt;<mark>年费</mark>可申请减免');
  });
  it('starts near the first match in a long text', () => {
    const snippet = markedSnippet(`${'前言。'.repeat(100)}年费减免规则`, ['年费'], 60);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet).toContain('<mark>年费</mark>');
  });
});

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
