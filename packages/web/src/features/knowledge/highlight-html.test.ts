import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { highlightText, safeHighlightHtml } from './highlight-html.ts';
import { Highlighted } from './highlighted.tsx';

describe('search highlights', () => {
  it('keeps the server’s <mark> and its escapes as they are', () => {
    expect(safeHighlightHtml('<mark>信用卡</mark>的<mark>年费</mark> &amp; 分期')).toBe('<mark>信用卡</mark>的<mark>年费</mark> &amp; 分期');
  });

  it('renders a title with a script tag as text: escaped by the server, it stays escaped', () => {
    const html = '&lt;script&gt;alert(1)&lt;/script&gt;<mark>信用卡</mark>年费';
    const markup = renderToStaticMarkup(createElement(Highlighted, { html }));
    expect(markup).not.toContain('<script>');
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<mark>信用卡</mark>年费');
    expect(highlightText(html)).toBe('<script>alert(1)</script>信用卡年费');
  });

  it('escapes any markup other than a bare <mark>, should the server ever send it unescaped', () => {
    // The attribute-carrying <mark> is escaped, so its closing tag has nothing to close and is dropped.
    expect(safeHighlightHtml('<script>alert(1)</script><mark onclick="x">卡</mark><img src=x onerror=y>')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;mark onclick="x"&gt;卡&lt;img src=x onerror=y&gt;',
    );
  });

  it('closes a mark left open and drops a stray closing one', () => {
    expect(safeHighlightHtml('</mark>a<mark>b')).toBe('a<mark>b</mark>');
  });
});
