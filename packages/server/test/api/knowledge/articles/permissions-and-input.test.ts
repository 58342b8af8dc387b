import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { article, setUpKnowledgeWorld, ifMatch, okJson, type People } from './knowledge-fixtures.ts';

// Issue 19, part A: who may do what with an article (refusals change nothing), bad input named
// by field, and bodies stored without anything that could run in a reader's browser.

let t: TestApp;
let p: People;
let api: Awaited<ReturnType<typeof setUpKnowledgeWorld>>['api'];

beforeAll(async () => {
  ({ t, p, api } = await setUpKnowledgeWorld());
});
afterAll(() => t?.close());

const articleCount = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM knowledge.article'))[0]!.n);
const create = async (token: string, overrides: Record<string, unknown> = {}) => okJson(await api(token, 'POST', '/knowledge/articles', article(overrides)), 201);
async function publish(token: string, overrides: Record<string, unknown> = {}) {
  const created = await create(token, overrides);
  const submitted = okJson(await api(token, 'POST', `/knowledge/articles/${created.id}/submit`, {}, ifMatch(created.version)));
  return okJson(await api(p.admin, 'POST', `/knowledge/articles/${created.id}/review`, { decision: 'approved' }, ifMatch(submitted.version)));
}

describe('permissions', () => {
  it('refuses every knowledge route to a user holding no knowledge action, and hides articles from them', async () => {
    const published = await publish(p.author);
    const before = await articleCount();
    expectProblem(await api(p.marketing, 'GET', '/knowledge/articles'), 403, 'forbidden');
    expectProblem(await api(p.marketing, 'GET', '/knowledge/home'), 403, 'forbidden');
    expectProblem(await api(p.marketing, 'GET', '/knowledge/categories'), 403, 'forbidden');
    expectProblem(await api(p.marketing, 'POST', '/knowledge/articles', article()), 403, 'forbidden');
    expectProblem(await api(p.marketing, 'GET', `/knowledge/articles/${published.id}`), 404, 'knowledge-article-not-found');
    expectProblem(await api(p.marketing, 'PUT', `/knowledge/articles/${published.id}`, article(), ifMatch(published.version)), 404, 'knowledge-article-not-found');
    expect(await articleCount()).toBe(before);
  });

  it('lets an agent write only as the owner (scope own)', async () => {
    const before = await articleCount();
    const refused = expectProblem(await api(p.author, 'POST', '/knowledge/articles', article({ ownerId: p.hqAgentId })), 403, 'forbidden');
    expect(refused.action).toBe('knowledge:write');
    expect(await articleCount()).toBe(before);
  });

  it('answers 404 to someone who may not see a draft, 403 to a reader who may read it but not write it', async () => {
    const draft = await create(p.author);
    expectProblem(await api(p.shAgent, 'GET', `/knowledge/articles/${draft.id}?working=true`), 404, 'knowledge-article-not-found');
    expectProblem(await api(p.shAgent, 'PUT', `/knowledge/articles/${draft.id}`, article({ title: 'x' }), ifMatch(draft.version)), 404, 'knowledge-article-not-found');
    expectProblem(await api(p.shAgent, 'POST', `/knowledge/articles/${draft.id}/submit`, {}, ifMatch(draft.version)), 404, 'knowledge-article-not-found');
    expectProblem(await api(p.shAgent, 'GET', `/knowledge/articles/${draft.id}/versions`), 404, 'knowledge-article-not-found');

    const published = await publish(p.author, { title: '北京分行可读' });
    expect(okJson(await api(p.bjAgent, 'GET', `/knowledge/articles/${published.id}`)).title).toBe('北京分行可读');
    expectProblem(await api(p.bjAgent, 'PUT', `/knowledge/articles/${published.id}`, article({ title: '改' }), ifMatch(published.version)), 403, 'forbidden');
    expectProblem(await api(p.bjAgent, 'GET', `/knowledge/articles/${published.id}?working=true`), 403, 'forbidden');
    expect((await t.sql('SELECT current_version FROM knowledge.article WHERE id = $1', [published.id]))[0]).toEqual({ current_version: 1 });
  });

  it('refuses categories and imports to an agent', async () => {
    expectProblem(await api(p.author, 'POST', '/knowledge/categories', { key: 'cards', nameZh: '信用卡', nameEn: 'Cards' }), 403, 'forbidden');
    expectProblem(await api(p.author, 'POST', '/knowledge/articles/import', { reason: '迁移', publish: true, articles: [article()] }), 403, 'forbidden');
    expect(await t.sql("SELECT 1 FROM knowledge.category WHERE key = 'cards'")).toEqual([]);
  });

  it('refuses a stale or missing If-Match and changes nothing', async () => {
    const draft = await create(p.author, { title: '原标题' });
    expectProblem(await api(p.author, 'PUT', `/knowledge/articles/${draft.id}`, article({ title: '新' })), 428, 'precondition-required');
    okJson(await api(p.author, 'PUT', `/knowledge/articles/${draft.id}`, article({ title: '第二稿' }), ifMatch(draft.version)));
    expectProblem(await api(p.author, 'PUT', `/knowledge/articles/${draft.id}`, article({ title: '第三稿' }), ifMatch(draft.version)), 412, 'knowledge-article-version-stale');
    expect((await t.sql('SELECT title FROM knowledge.article_version WHERE article_id = $1', [draft.id]))[0]).toEqual({ title: '第二稿' });
  });
});

describe('bad input', () => {
  it('names each field that is wrong and creates nothing', async () => {
    const before = await articleCount();
    const missing = expectProblem(await api(p.author, 'POST', '/knowledge/articles', { kind: 'sop', body: '<p>x</p>', audience: 'internal' }), 400, 'validation-failed');
    expect(missing.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'title' })]));
    const unknown = expectProblem(await api(p.author, 'POST', '/knowledge/articles', { ...article(), colour: 'red' }), 400, 'validation-failed');
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'colour' })]);
    const refs = expectProblem(
      await api(
        p.author,
        'POST',
        '/knowledge/articles',
        article({
          categoryId: randomUUID(),
          reach: { subtrees: [randomUUID()], departments: [] },
          relatedArticleIds: [randomUUID()],
          validFrom: '2026-06-01T00:00:00Z',
          validTo: '2026-01-01T00:00:00Z',
        }),
      ),
      400,
      'validation-failed',
    );
    expect(refs.errors!.map((e) => e.field).sort()).toEqual(['categoryId', 'reach.subtrees.0', 'relatedArticleIds.0', 'validTo']);
    const kind = expectProblem(await api(p.author, 'POST', '/knowledge/articles', article({ audience: 'everyone' })), 400, 'validation-failed');
    expect(kind.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'audience' })]));
    expect(await articleCount()).toBe(before);
  });

  it('names the field of a bad review or retirement and changes nothing', async () => {
    const published = await publish(p.author);
    const decision = expectProblem(await api(p.admin, 'POST', `/knowledge/articles/${published.id}/review`, { decision: 'maybe' }, ifMatch(published.version)), 400, 'validation-failed');
    expect(decision.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'decision' })]));
    const reason = expectProblem(await api(p.admin, 'POST', `/knowledge/articles/${published.id}/retire`, { reason: '   ' }, ifMatch(published.version)), 400, 'validation-failed');
    expect(reason.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await t.sql('SELECT status FROM knowledge.article WHERE id = $1', [published.id]))[0]).toEqual({ status: 'published' });
    expect(await t.sql('SELECT 1 FROM knowledge.published_article WHERE article_id = $1', [published.id])).toHaveLength(1);
  });

  it('refuses a review when nothing waits for one (409)', async () => {
    const draft = await create(p.author);
    expectProblem(await api(p.reviewer, 'POST', `/knowledge/articles/${draft.id}/review`, { decision: 'approved' }, ifMatch(draft.version)), 409, 'knowledge-article-state-conflict');
  });
});

describe('sanitisation', () => {
  it('stores only the allowed markup: no script, no event handler, no javascript: or data: URL, no SVG, no outside image', async () => {
    const assetUrl = `/api/v1/knowledge/assets/${randomUUID()}`;
    const body = [
      '<h2 onclick="steal()">标题</h2>',
      '<p>正文<script>alert(document.cookie)</script><strong>加粗</strong></p>',
      '<img src="x" onerror="alert(1)">',
      '<img src="https://tracker.example/pixel.gif">',
      `<img src="${assetUrl}" onerror="alert(2)" alt="流程图">`,
      '<a href="javascript:alert(1)">坏链接</a>',
      '<a href="https://www.pbc.gov.cn/" target="_blank">人民银行</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<svg onload="alert(3)"><script>alert(4)</script><circle r="1"/></svg>',
      '<a href="JaVaScRiPt&#58;alert(5)">大小写</a>',
      '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==">数据</a>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(7)></style></mglyph></table></mtext></math>',
      '<table><tr><th>项目</th><th>金额</th></tr><tr><td colspan="2" style="color:red">100 元</td></tr></table>',
    ].join('');
    const created = await create(p.author, { body });
    const html: string = created.body;
    expect(html).not.toMatch(/script|onerror|onclick|onload|javascript|data:|svg|circle|math|iframe|tracker\.example|style/i);
    expect(html).toContain(`<img src="${assetUrl}" alt="流程图" />`);
    expect(html).toContain('<a href="https://www.pbc.gov.cn/" rel="noopener noreferrer">人民银行</a>');
    expect(html).toContain('<a>坏链接</a>');
    expect(html).toContain('<a>大小写</a>');
    expect(html).toContain('<a>数据</a>');
    expect(html).toContain('<td colspan="2">100 元</td>');
    const [stored] = await t.sql<{ body_html: string; body_text: string }>('SELECT body_html, body_text FROM knowledge.article_version WHERE article_id = $1', [created.id]);
    expect(stored!.body_html).toBe(html);
    expect(stored!.body_text).toBe('标题\n正文加粗\n坏链接人民银行大小写数据\n项目\t金额\n100 元');
  });
});
