import { describe, expect, it } from 'vitest';
import { escapeHtml, findMatches, highlightSnippet, highlightTitle } from './highlight.ts';

describe('highlights', () => {
  it('escapes everything but the marks', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(highlightTitle('<script>信用卡</script>', ['信用卡'])).toBe('&lt;script&gt;<mark>信用卡</mark>&lt;/script&gt;');
  });

  it('prefers the longest match at a place and marks Latin words only whole, in any case', () => {
    expect(highlightTitle('信用卡分期手续费', ['信用卡', '信用卡分期', '手续费'])).toBe('<mark>信用卡分期</mark><mark>手续费</mark>');
    expect(highlightTitle('Annual fee, annually, FEE', ['annual', 'fee'])).toBe('<mark>Annual</mark> <mark>fee</mark>, annually, <mark>FEE</mark>');
    expect(findMatches('feed fee', ['fee'])).toEqual([{ start: 5, end: 8, text: 'fee' }]);
  });

  it('cuts the snippet around the passage where the most different words are closest', () => {
    const body = `${'无关内容。'.repeat(40)}年费说明在这里。${'无关内容。'.repeat(10)}信用卡的年费标准如下。${'无关内容。'.repeat(40)}`;
    const snippet = highlightSnippet(body, ['信用卡', '年费'], 40);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('<mark>信用卡</mark>的<mark>年费</mark>');
    expect(snippet.replace(/<\/?mark>/g, '').replace(/…/g, '').length).toBe(40);
  });

  it('shows the beginning when nothing matches, escaped', () => {
    expect(highlightSnippet('<b>短文</b>', ['年费'])).toBe('&lt;b&gt;短文&lt;/b&gt;');
  });

  it("marks a suggestion's shared words and escapes everything else, from the start of a short text", () => {
    expect(highlightSnippet('<b>信用卡</b>年费可申请减免', ['年费', '信用卡'])).toBe('&lt;b&gt;<mark>信用卡</mark>&lt;/b&gt;<mark>年费</mark>可申请减免');
  });

  it('starts near the first match in a long text', () => {
    const snippet = highlightSnippet(`${'前言。'.repeat(100)}年费减免规则`, ['年费'], 60);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet).toContain('<mark>年费</mark>');
  });
});
