import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Highlighted } from './highlighted.tsx';
import { markedText } from './marked-snippet.tsx';

const render = (html: string) => renderToStaticMarkup(createElement(Highlighted, { html }));

describe('search highlights', () => {
  it('keeps the server’s <mark> and its escapes as they are', () => {
    expect(render('<mark>信用卡</mark>的<mark>年费</mark> &amp; 分期')).toContain('<mark>信用卡</mark>的<mark>年费</mark> &amp; 分期');
  });

  it('renders a title with a script tag as text: escaped by the server, it stays escaped', () => {
    const html = '&lt;script&gt;alert(1)&lt;/script&gt;<mark>信用卡</mark>年费';
    const markup = render(html);
    expect(markup).not.toContain('<script>');
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<mark>信用卡</mark>年费');
    expect(markedText(html)).toBe('<script>alert(1)</script>信用卡年费');
  });

  it('turns no markup but a bare <mark> into an element, should the server ever send it unescaped', () => {
    const markup = render('<script>alert(1)</script><mark onclick="x">卡</mark><img src=x onerror=y>');
    expect(markup).not.toMatch(/<script|<img|<mark /);
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;mark onclick=&quot;x&quot;&gt;卡&lt;/mark&gt;&lt;img src=x onerror=y&gt;');
  });

  it('makes no element of an unbalanced mark', () => {
    expect(render('</mark>a<mark>b')).not.toMatch(/<mark>|<\/mark>/);
  });
});
