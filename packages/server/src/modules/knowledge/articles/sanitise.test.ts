import { describe, expect, it } from 'vitest';
import { articlePlainText, sanitiseArticleHtml } from './sanitise.ts';

const ASSET = '/api/v1/knowledge/assets/0b5c7f0e-2a9d-4a43-9d57-3c1f6f0f3a11';

describe('sanitiseArticleHtml', () => {
  it.each([
    ['a script', '<p>a<script>alert(1)</script>b</p>', '<p>ab</p>'],
    ['an event handler', '<p onclick="x()">a</p>', '<p>a</p>'],
    ['a javascript: link', '<a href="javascript:alert(1)">a</a>', '<a>a</a>'],
    ['a data: link', '<a href="data:text/html,<script>x</script>">a</a>', '<a>a</a>'],
    ['a relative link elsewhere', '<a href="/api/v1/users">a</a>', '<a>a</a>'],
    ['an outside image', '<img src="https://t.example/p.gif">', ''],
    ['a data: image', '<img src="data:image/png;base64,AAAA">', ''],
    ['a style', '<p style="position:fixed">a</p>', '<p>a</p>'],
    ['a frame with its content', '<iframe src="https://e.example">x</iframe>', ''],
    ['an svg with a script', '<svg><script>x</script></svg>t', 't'],
  ])('removes %s', (_, input, output) => {
    expect(sanitiseArticleHtml(input)).toBe(output);
  });

  it('keeps headings, tables with spans, links with rel noopener and the article’s own images', () => {
    expect(sanitiseArticleHtml('<h3>标题</h3><table><tr><td rowspan="2" colspan="3">格</td></tr></table>')).toBe('<h3>标题</h3><table><tr><td rowspan="2" colspan="3">格</td></tr></table>');
    expect(sanitiseArticleHtml('<a href="mailto:kb@bank.example" target="_blank">信</a>')).toBe('<a href="mailto:kb@bank.example" rel="noopener noreferrer">信</a>');
    expect(sanitiseArticleHtml(`<img src="${ASSET}" alt="图" width="9">`)).toBe(`<img src="${ASSET}" alt="图" />`);
  });
});

describe('articlePlainText', () => {
  it('puts blocks on their own lines, separates table cells by tabs and decodes entities', () => {
    expect(articlePlainText('<h2>费用</h2><p>年费&nbsp;100&amp;元<br>次年免</p><table><tr><th>项</th><th>额</th></tr><tr><td>A</td><td>1</td></tr></table><ul><li>一</li><li>二</li></ul>')).toBe(
      '费用\n年费 100&元\n次年免\n项\t额\nA\t1\n一\n二',
    );
  });
});
