import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, signInThroughConsole } from './console-steps.ts';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { seriousViolations, sidewaysOverflow } from './accessibility.ts';

// Issue 19: the knowledge base in the console, in Chinese. An agent writes an article with a
// heading and a table and submits it; her supervisor finds it in his review queue and approves it;
// another branch's agent searches 信用卡年费, finds it highlighted, opens it and marks it helpful.
// An edit opens version 2, and the diff marks what changed by more than colour. An auditor, who
// may read but not write, is offered no "new article". Home and article fit a 390 px phone. The
// spec makes its own articles through the console and the API (the demo seed's articles are not
// relied on).

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(() => {
  ({ docket, page, watch } = session);
  // Two shared cores: the editor's chunk and a search may take longer than the shared 15 s.
  page.setDefaultTimeout(45_000);
});

const suffix = Math.random().toString(36).slice(2, 8);
const TITLE = `信用卡年费减免操作规程 ${suffix}`;
const SCRIPT_TITLE = `<script>window.__kbInjected=1</script>信用卡年费说明 ${suffix}`;
let articleId = '';

/** The API as one demo user, with If-Match where a change needs it. */
async function apiAs(username: string) {
  const login = await fetch(`${docket.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(login.status, `API sign-in as ${username}`).toBe(200);
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown, ifMatch?: number): Promise<T> => {
    const res = await fetch(`${docket.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(ifMatch !== undefined ? { 'if-match': `"${ifMatch}"` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    expect(res.status, `${method} ${path} as ${username}: ${text.slice(0, 300)}`).toBeLessThan(300);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

type ArticleAnswer = { id: string; version: number; status: string };

describe('writing, reviewing and finding an article', () => {
  it('lets an agent write an article with a heading and a table and submit it for review', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'agent.bj', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: /知识库/ }).click();
    await page.getByTestId('knowledge-home').waitFor();
    await page.getByTestId('new-article').click();
    await page.waitForURL(/\/knowledge\/articles\/new$/);

    await page.getByTestId('field-title').fill(TITLE);
    const body = page.getByTestId('article-body-editor');
    await body.click();
    await page.getByTestId('editor-h2').click();
    await page.keyboard.type('适用范围');
    await page.keyboard.press('Enter');
    await page.keyboard.type('信用卡的年费在满足刷卡次数条件时可以减免，客户来电时按下表说明。');
    await page.keyboard.press('Enter');
    await page.getByTestId('editor-insert-table').click();
    // The cursor sits in the first header cell; Tab moves along the row (not after the last cell: that adds a row).
    const cells = ['卡种', '年费', '减免条件', '普卡', '100 元', '每年刷卡 6 次'];
    for (const [index, cell] of cells.entries()) {
      await page.keyboard.type(cell);
      if (index < cells.length - 1) await page.keyboard.press('Tab');
    }
    expect(await body.locator('h2').textContent()).toBe('适用范围');
    expect(await body.locator('table th').count()).toBe(3);
    // Unsaved work is not lost to a stray click on the menu.
    await page.getByRole('menuitem', { name: /我的待办/ }).click();
    await page.getByRole('dialog').getByText('离开此页？').waitFor();
    await page.getByRole('button', { name: '留在此页' }).click();
    expect(page.url()).toMatch(/\/knowledge\/articles\/new$/);

    await page.getByTestId('save-draft').click();
    await page.waitForURL(/\/knowledge\/articles\/[0-9a-f-]{36}\/edit$/);
    articleId = /articles\/([0-9a-f-]{36})\/edit/.exec(page.url())![1]!;
    await page.getByTestId('editor-toolbar').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'knowledge-editor');
    await page.getByTestId('submit-for-review').click();
    await page.waitForURL(new RegExp(`/knowledge/articles/${articleId}\\?working=1$`));
    await page.getByTestId('article-tags').getByText('审核中').first().waitFor();
    // The author may not review her own article: no approve button for her.
    expect(await page.getByTestId('approve-article').count()).toBe(0);
    expect(watch.errors).toEqual([]);
  });

  it('shows the supervisor the article in his review queue, and he approves it', async () => {
    await signInThroughConsole(page, docket.url, 'supervisor.bj', DEMO_PASSWORD);
    await page.goto(`${docket.url}/knowledge`);
    await page.getByTestId('awaiting-review-link').click();
    await page.waitForURL(/\/knowledge\/review\?tab=review$/);
    const queue = page.getByTestId('queue-review');
    await queue.getByText(TITLE).click();
    await page.waitForURL(new RegExp(`/knowledge/articles/${articleId}\\?working=1$`));
    expect(await page.getByTestId('article-body').locator('table td').first().textContent()).toBe('普卡');
    await page.getByTestId('approve-article').click();
    await page.getByTestId('action-text').fill('内容准确，同意发布');
    await page.getByTestId('confirm-action').click();
    await page.waitForURL(new RegExp(`/knowledge/articles/${articleId}$`));
    await page.getByRole('tab', { name: /审核记录/ }).click();
    await page.getByTestId('review-history').getByText('内容准确，同意发布').waitFor();
    expect(watch.errors).toEqual([]);
  });

  it('lets an agent of another branch find it by 信用卡年费, highlighted, open it and mark it helpful', async () => {
    // A published article whose title tries to be markup: it must come back as text.
    const author = await apiAs('agent.bj');
    const reviewer = await apiAs('supervisor.bj');
    const created = await author<ArticleAnswer>('POST', '/api/v1/knowledge/articles', { kind: 'faq', title: SCRIPT_TITLE, body: '<p>信用卡年费的常见问题。</p>', audience: 'internal' });
    const submitted = await author<ArticleAnswer>('POST', `/api/v1/knowledge/articles/${created.id}/submit`, {}, created.version);
    await reviewer<ArticleAnswer>('POST', `/api/v1/knowledge/articles/${created.id}/review`, { decision: 'approved' }, submitted.version);

    await signInThroughConsole(page, docket.url, 'agent.sh', DEMO_PASSWORD);
    await page.goto(`${docket.url}/knowledge`);
    const searchBox = page.getByLabel('搜索知识库', { exact: true });
    await searchBox.fill('信用卡年费');
    await searchBox.press('Enter');
    await page.waitForURL(/\/knowledge\/search\?q=/);
    const hit = page.getByTestId('search-hit').filter({ hasText: TITLE });
    await hit.waitFor();
    expect(await hit.getByTestId('search-hit-title').locator('mark').count()).toBeGreaterThan(0);
    // The script title is shown as its text, and nothing of it ran.
    const scripted = page.getByTestId('search-hit').filter({ hasText: `信用卡年费说明 ${suffix}` });
    await scripted.waitFor();
    expect(await scripted.getByTestId('search-hit-title').textContent()).toContain('<script>');
    expect(await page.locator('[data-testid=search-results] script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __kbInjected?: number }).__kbInjected)).toBeUndefined();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'knowledge-search');

    await hit.getByTestId('search-hit-title').click();
    await page.waitForURL(new RegExp(`/knowledge/articles/${articleId}$`));
    await page.getByTestId('article-body').locator('h2', { hasText: '适用范围' }).waitFor();
    // A reader is offered no action on someone else's article.
    expect(await page.getByTestId('article-actions').count()).toBe(0);
    await page.getByTestId('feedback-helpful').click();
    await expect.poll(() => page.getByTestId('feedback-helpful').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('feedback-helpful').textContent()).toContain('1');
    await screenshot(page, 'knowledge-article');
    expect(watch.errors).toEqual([]);
  });

  it('shows the author what changed in version 2, marked by more than colour', async () => {
    await signInThroughConsole(page, docket.url, 'agent.bj', DEMO_PASSWORD);
    await page.goto(`${docket.url}/knowledge/articles/${articleId}`);
    await page.getByTestId('edit-article').click();
    await page.waitForURL(new RegExp(`/knowledge/articles/${articleId}/edit$`));
    const body = page.getByTestId('article-body-editor');
    await body.locator('p', { hasText: '刷卡次数' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type('金卡客户另可申请首年免年费。');
    await page.getByTestId('field-change-note').fill('补充金卡首年免年费');
    await page.getByTestId('save-draft').click();
    await page.getByText('草稿已保存').waitFor();

    await page.goto(`${docket.url}/knowledge/articles/${articleId}?working=1`);
    await page.getByRole('tab', { name: /版本与差异/ }).click();
    await page.getByTestId('version-list').getByText('补充金卡首年免年费').waitFor();
    const diff = page.getByTestId('diff-body');
    await diff.locator('ins').first().waitFor();
    expect(await diff.locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('金卡')]));
    // Not colour alone: the insertion carries words for a screen reader and a visible underline.
    expect(await diff.locator('ins').first().textContent()).toContain('新增：');
    expect(
      await diff
        .locator('ins')
        .first()
        .evaluate((e) => getComputedStyle(e).textDecorationLine),
    ).toContain('underline');
    await screenshot(page, 'knowledge-version-diff');
    expect(watch.errors).toEqual([]);
  });
});

describe('who is offered what, and on a phone', () => {
  it('keeps every top-menu entry of an administrator visible at 1366 px with 知识库 added', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: /知识库/ }).waitFor();
    // Ant Design folds entries that do not fit into a "…" entry and hides them: there must be none.
    const folded = await page.evaluate(() => {
      const header = document.querySelector('.ant-layout-header')!;
      const rest = [...header.querySelectorAll<HTMLElement>('.ant-menu-overflow-item-rest')].filter((e) => e.getBoundingClientRect().width > 0 && getComputedStyle(e).opacity !== '0');
      const hidden = [...header.querySelectorAll<HTMLElement>('.ant-menu-overflow-item:not(.ant-menu-overflow-item-rest)')]
        .filter((e) => e.getAttribute('aria-hidden') === 'true' || getComputedStyle(e).opacity === '0')
        .map((e) => e.textContent);
      return { rest: rest.length, hidden };
    });
    expect(folded).toEqual({ rest: 0, hidden: [] });
  });

  it('offers an auditor, who may read but not write, no new article', async () => {
    await signInThroughConsole(page, docket.url, 'auditor', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: /知识库/ }).click();
    await page.getByTestId('knowledge-home').waitFor();
    await page.getByTestId('recently-updated').waitFor();
    expect(await page.getByTestId('new-article').count()).toBe(0);
    expect(await page.getByTestId('knowledge-my-work').count()).toBe(0);
    await page.goto(`${docket.url}/knowledge/articles/new`);
    await page.getByTestId('no-access').waitFor();
    expect(watch.errors).toEqual([]);
  });

  it('fits the home and an article on a 390 px phone without sideways scrolling', async () => {
    await page.setViewportSize(PHONE);
    await signInThroughConsole(page, docket.url, 'agent.sh', DEMO_PASSWORD);
    await page.goto(`${docket.url}/knowledge`);
    await page.getByTestId('knowledge-home').waitFor();
    await page.getByTestId('recently-updated').getByText(TITLE).waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'knowledge-home-phone');

    await page.goto(`${docket.url}/knowledge/articles/${articleId}`);
    // The table in the body scrolls inside the article, never the page.
    await page.getByTestId('article-body').locator('table').waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'knowledge-article-phone');

    // The menu drawer offers the knowledge base on a phone too.
    await page.getByTestId('open-menu').click();
    await page
      .getByTestId('menu-drawer')
      .getByRole('menuitem', { name: /知识库/ })
      .waitFor();
    await page.keyboard.press('Escape');
    expect(watch.errors).toEqual([]);
  });
});
