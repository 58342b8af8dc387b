import { describe, expect, it } from 'vitest';
import { snippetParts } from './marked-snippet.tsx';

describe('a suggestion’s marked snippet', () => {
  it('keeps the matched words marked and the rest as text, entities decoded', () => {
    expect(snippetParts('…持卡人对<mark>信用卡</mark>的<mark>年费</mark>有异议时 &lt;先核实&gt; &amp; 记录…')).toEqual([
      { text: '…持卡人对', marked: false },
      { text: '信用卡', marked: true },
      { text: '的', marked: false },
      { text: '年费', marked: true },
      { text: '有异议时 <先核实> & 记录…', marked: false },
    ]);
  });

  it('turns nothing but <mark> into an element: any other tag stays characters', () => {
    const parts = snippetParts('<img src=x onerror=alert(1)><mark>&#x5E74;&#36153;</mark>');
    expect(parts).toEqual([
      { text: '<img src=x onerror=alert(1)>', marked: false },
      { text: '年费', marked: true },
    ]);
    expect(snippetParts('')).toEqual([]);
  });
});
