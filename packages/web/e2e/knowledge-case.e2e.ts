import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, signInThroughConsole } from './console-steps.ts';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { seriousViolations, sidewaysOverflow } from './accessibility.ts';

// Issue 19: knowledge while handling a case. Two articles about 信用卡年费 are written by an agent
// and published through review (a customer-facing one also through compliance); an agent opening a
// complaint about the fee sees both in the side panel, each with why, and a similar resolved case.
// The customer-facing one goes into the public reply and is sent; one is marked helpful from the
// keyboard; the resolved complaint becomes a draft article. On a phone the panel is a section that
// opens, with no sideways scroll; marketing, who may not read knowledge, gets no panel at all.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(async () => {
  ({ docket, page, watch } = session);
  // Two shared cores: a screen may take longer than the shared 15 s to render.
  page.setDefaultTimeout(45_000);
});

const suffix = Math.random().toString(36).slice(2, 8);
const CUSTOMER_TITLE = `信用卡年费收取与减免说明（${suffix}）`;
const INTERNAL_TITLE = `信用卡年费争议处理规程（${suffix}）`;
const signIn = (username: string, password = DEMO_PASSWORD) => signInThroughConsole(page, docket.url, username, password);

/** A picture of the desktop case view on a screen tall enough for the whole panel (beside the case it scrolls within the window's height). */
async function screenshotWithWholePanel(name: string) {
  await page.setViewportSize({ width: DESKTOP.width, height: 1600 });
  await page.mouse.move(1, 1);
  await screenshot(page, name);
  await page.setViewportSize(DESKTOP);
}

/** The API as one user, with the If-Match header the review workflow and case changes ask for. */
interface Api {
  <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  user: { id: string; departmentId: string };
}
async function apiAs(username: string, password = DEMO_PASSWORD): Promise<Api> {
  const login = await fetch(`${docket.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(login.status, `API sign-in as ${username}`).toBe(200);
  const { token, user } = (await login.json()) as { token: string; user: { id: string; departmentId: string } };
  const call = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(`${docket.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    expect(res.status, `${method} ${path} as ${username}: ${text.slice(0, 300)}`).toBeLessThan(300);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return Object.assign(call, { user });
}

interface Article {
  id: string;
  version: number;
  status: string;
  shownState: string;
  usage: { views: number; attached: number; helpful: number; notHelpful: number };
  sourceCase: { id: string } | null;
}
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** Written by agent.bj, reviewed by the branch supervisor; customer-facing text also passes compliance (the administrator). */
async function publishArticle(input: { title: string; body: string; audience: 'customer' | 'internal'; kind: string }): Promise<string> {
  const author = await apiAs('agent.bj');
  const reviewer = await apiAs('supervisor.bj');
  const compliance = await apiAs('admin', ADMIN_PASSWORD);
  let article = await author<Article>('POST', '/api/v1/knowledge/articles', {
    ...input,
    summary: input.title,
    tags: ['信用卡年费'],
    caseTypes: ['complaint'],
    products: ['credit-card'],
  });
  article = await author<Article>('POST', `/api/v1/knowledge/articles/${article.id}/submit`, {}, ifMatch(article.version));
  article = await reviewer<Article>('POST', `/api/v1/knowledge/articles/${article.id}/review`, { decision: 'approved' }, ifMatch(article.version));
  if (input.audience === 'customer') {
    expect(article.status).not.toBe('published');
    article = await compliance<Article>('POST', `/api/v1/knowledge/articles/${article.id}/review`, { decision: 'approved', comment: '对客表述合规' }, ifMatch(article.version));
  }
  expect(article.status).toBe('published');
  return article.id;
}

let customerArticleId = '';
let internalArticleId = '';
let complaintId = '';
let complaintNumber = '';
let earlierNumber = '';

const panel = () => page.getByTestId('knowledge-panel');
const suggestion = (articleId: string) => panel().locator(`[data-testid="suggested-article"][data-article-id="${articleId}"]`);
const replyBox = () => page.getByLabel('输入内容…');

async function openComplaint() {
  await page.goto(`${docket.url}/cases/${complaintId}`);
  await page.getByTestId('case-number').waitFor();
}

describe('knowledge on a complaint about 信用卡年费', () => {
  it('shows an agent the published articles about the fee beside the case, each with why, and a similar resolved case', async () => {
    customerArticleId = await publishArticle({
      kind: 'faq',
      audience: 'customer',
      title: CUSTOMER_TITLE,
      body: '<h2>信用卡年费</h2><p>尊敬的客户：本行信用卡年费按卡片等级收取，普卡首年免年费，当年刷卡满 6 次可免次年年费。</p><p>如对年费有异议，可致电客服申请减免。</p>',
    });
    internalArticleId = await publishArticle({
      kind: 'sop',
      audience: 'internal',
      title: INTERNAL_TITLE,
      body: '<p>受理信用卡年费投诉时：先核实客户刷卡次数与年费减免条件，再按权限办理年费退还，并在工单中记录依据。</p>',
    });

    const agent = await apiAs('agent.bj');
    const complaint = (title: string, description: string) =>
      agent<{ id: string; number: string; version: number }>('POST', '/api/v1/cases', {
        type: 'complaint',
        title,
        departmentId: agent.user.departmentId,
        fields: { customerName: '张三', phone: '13812345678', category: 'credit-card', description },
      });
    // An earlier complaint about the same fee, answered and resolved: the panel offers it as a similar case.
    const earlier = await complaint('信用卡年费被扣收', '客户称未被告知信用卡年费即被扣收，要求退还年费。');
    earlierNumber = earlier.number;
    await agent('POST', `/api/v1/cases/${earlier.id}/comments`, { body: '已核实刷卡次数满足条件，已退还信用卡年费。', visibility: 'public' });
    await agent('PATCH', `/api/v1/cases/${earlier.id}`, { status: 'resolved', reason: '已退还年费' }, ifMatch(earlier.version));
    ({ id: complaintId, number: complaintNumber } = await complaint('投诉信用卡年费', '客户对信用卡年费的收取有异议，称从未被告知需要缴纳年费，要求减免。'));

    await page.setViewportSize(DESKTOP);
    await signIn('agent.bj');
    await openComplaint();
    // From 1200 px the panel is a card beside the case.
    await expect.poll(() => panel().evaluate((element) => element.tagName)).toBe('ASIDE');
    await panel().getByText('知识推荐').first().waitFor();

    const customer = suggestion(customerArticleId);
    await customer.waitFor();
    expect(await customer.getByTestId('suggested-article-open').textContent()).toBe(CUSTOMER_TITLE);
    // The matched words are marked in the passage; nothing else of the server's HTML becomes markup.
    expect(await customer.getByTestId('suggested-article-snippet').locator('mark').count()).toBeGreaterThan(0);
    expect(await customer.getByText('可对客').count()).toBe(1);
    // Why, in words: no raw reason kinds or field values.
    const reasons = (await customer.getByTestId('suggestion-reason').allTextContents()).join(' | ');
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons).not.toMatch(/case-type|credit-card|complaint|helpful|\btext\b/);
    expect(await customer.getByTestId('attach-to-reply').count()).toBe(1);

    // Internal text is never offered for a customer reply.
    const internal = suggestion(internalArticleId);
    await internal.waitFor();
    expect(await internal.getByText('仅内部').count()).toBe(1);
    expect(await internal.getByTestId('attach-to-reply').count()).toBe(0);

    const similar = panel().getByTestId('similar-case').filter({ hasText: earlierNumber });
    await similar.waitFor();
    expect(await similar.locator('a').first().getAttribute('href')).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    expect(await similar.getByTestId('suggestion-reason').count()).toBeGreaterThan(0);
    await screenshotWithWholePanel('knowledge-case-panel');
    expect(await seriousViolations(page, '[data-testid="knowledge-panel"]'), 'knowledge panel beside the case').toEqual([]);
    expect(watch.errors).toEqual([]);
  });

  it('attaches the customer-facing article to the public reply, which the agent then sends', async () => {
    const agent = await apiAs('agent.bj');
    const { text } = await agent<{ text: string }>('GET', `/api/v1/knowledge/articles/${customerArticleId}/reply-text`);
    expect(text).toContain('普卡首年免年费');
    // Another tab was open: attaching brings the reply box back.
    await page.getByRole('tab', { name: '时间线' }).click();
    await replyBox().waitFor({ state: 'hidden' });

    await suggestion(customerArticleId).getByTestId('attach-to-reply').click();
    await page.locator('.ant-message').getByText('已插入对客回复框').waitFor();
    await expect.poll(() => replyBox().inputValue()).toBe(text);
    expect(await page.getByRole('radio', { name: '客户可见回复' }).isChecked()).toBe(true);
    // The box has the focus, so the agent reads on where the text went.
    expect(await replyBox().evaluate((element) => element === document.activeElement)).toBe(true);

    await page.getByTestId('add-comment').click();
    const sent = page.getByTestId('comment').filter({ hasText: '普卡首年免年费' });
    await sent.waitFor();
    expect(await sent.getByText('客户可见回复').count()).toBe(1);
    expect(await replyBox().inputValue()).toBe('');
    const comments = await agent<{ items: { body: string; visibility: string }[] }>('GET', `/api/v1/cases/${complaintId}/comments`);
    expect(comments.items.find((c) => c.body === text)?.visibility).toBe('public');
    const article = await agent<Article>('GET', `/api/v1/knowledge/articles/${customerArticleId}`);
    expect(article.usage.attached).toBeGreaterThanOrEqual(1);
    expect(watch.errors).toEqual([]);
  });

  it('reaches the panel’s buttons with Tab and marks an article helpful with Enter', async () => {
    await openComplaint();
    const customer = suggestion(customerArticleId);
    await customer.getByTestId('suggested-article-open').focus();
    const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? '');
    const reached: string[] = [];
    for (let i = 0; i < 8 && reached.at(-1) !== 'article-helpful'; i++) {
      await page.keyboard.press('Tab');
      reached.push(await focusedTestId());
    }
    // In reading order: attach, then the two feedback buttons.
    expect(reached).toContain('attach-to-reply');
    expect(reached.at(-1)).toBe('article-helpful');
    await page.keyboard.press('Enter');
    await page.locator('.ant-message').getByText('已记录您的反馈').waitFor();
    await expect.poll(() => customer.getByTestId('article-helpful').getAttribute('aria-pressed')).toBe('true');
    expect(await customer.getByTestId('article-not-helpful').getAttribute('aria-pressed')).toBe('false');

    const agent = await apiAs('agent.bj');
    const article = await agent<Article>('GET', `/api/v1/knowledge/articles/${customerArticleId}`);
    expect(article.usage.helpful).toBeGreaterThanOrEqual(1);

    // Opening an article from the panel goes to it and counts as a view from a suggestion.
    await suggestion(internalArticleId).getByTestId('suggested-article-open').press('Enter');
    await page.waitForURL(new RegExp(`/knowledge/articles/${internalArticleId}$`));
    await expect.poll(async () => (await agent<Article>('GET', `/api/v1/knowledge/articles/${internalArticleId}`)).usage.views).toBeGreaterThanOrEqual(1);
    expect(watch.errors).toEqual([]);
  });

  it('resolves the complaint and drafts an article from it, landing in the editor on a draft', async () => {
    await openComplaint();
    // Offered only once the case has a resolution.
    await suggestion(customerArticleId).waitFor();
    expect(await page.getByTestId('draft-from-case').count()).toBe(0);
    await page.getByTestId('status-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '已解决' }).click();
    await page.getByTestId('change-status').click();
    await page.locator('.ant-message').getByText('状态已变更').waitFor();

    const draft = page.getByTestId('draft-from-case');
    await draft.waitFor();
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await screenshotWithWholePanel('knowledge-case-draft-offer');
    await draft.click();
    await page.waitForURL(/\/knowledge\/articles\/[0-9a-f-]{36}\/edit$/);
    const articleId = /\/knowledge\/articles\/([0-9a-f-]{36})\/edit$/.exec(page.url())![1]!;
    const agent = await apiAs('agent.bj');
    const drafted = await agent<Article>('GET', `/api/v1/knowledge/articles/${articleId}?working=true`);
    expect(drafted).toMatchObject({ status: 'draft', shownState: 'draft' });
    expect(drafted.sourceCase?.id).toBe(complaintId);
    expect(watch.errors).toEqual([]);
  });

  it('on a phone the panel is a section under the case that opens, and nothing scrolls sideways', async () => {
    await page.setViewportSize(PHONE);
    await openComplaint();
    const section = panel();
    await expect.poll(() => section.evaluate((element) => element.tagName)).toBe('SECTION');
    // Closed at first: the case comes first on a small screen; the header says what is inside.
    await section.getByText(/\d+ 篇文章 · \d+ 个相似工单/).waitFor();
    expect(await section.getByTestId('suggested-article').count()).toBe(0);
    expect(await seriousViolations(page, '[data-testid="knowledge-panel"]'), 'closed knowledge section at 390 px').toEqual([]);
    await section.getByRole('button', { name: /知识推荐/ }).click();
    await suggestion(customerArticleId).waitFor();
    expect(await sidewaysOverflow(page), 'case view with the knowledge panel open at 390 px').toEqual([]);
    expect(await seriousViolations(page, '[data-testid="knowledge-panel"]'), 'open knowledge section at 390 px').toEqual([]);
    await screenshot(page, 'knowledge-case-panel-phone');

    // The reply box is further down the page: attaching still fills it and brings it into view.
    await suggestion(customerArticleId).getByTestId('attach-to-reply').click();
    await expect.poll(() => replyBox().inputValue()).toContain('普卡首年免年费');
    expect(await replyBox().evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);
    expect(watch.errors).toEqual([]);
  });

  it('shows no panel to marketing, who may read the complaint but not knowledge, and asks for no suggestions', async () => {
    await signIn('marketing');
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/knowledge')) asked.push(request.url());
    });
    await openComplaint();
    await page.getByTestId('comments-read-only').waitFor();
    await page.getByTestId('case-form').locator('.fjs-form-field').first().waitFor();
    expect(await panel().count()).toBe(0);
    expect(await page.getByText('知识推荐').count()).toBe(0);
    expect(asked).toEqual([]);
    expect(complaintNumber).toBeTruthy();
    expect(watch.errors).toEqual([]);
  });
});
