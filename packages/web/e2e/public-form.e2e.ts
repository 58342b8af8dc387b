import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, useDocketInChromium } from './docket-under-test.ts';
import { PHONE, apiAsUser, signInThroughConsole, type ApiAs } from './console-steps.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 18, part E: a customer fills the bank's public web form on a phone (390 px) without
// signing in, keeps the tracking link, sees the service desk's public reply there and answers;
// in Chinese and in English.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let admin: ApiAs;
const FORM_KEY = 'ask-us-e2e';

beforeAll(async () => {
  ({ docket, page } = session);
  page.setDefaultTimeout(60_000);
  admin = await apiAsUser(docket, 'admin', ADMIN_PASSWORD);
  await admin('POST', '/api/v1/public-forms', {
    key: FORM_KEY,
    caseType: 'consultation',
    titles: { 'zh-CN': '在线咨询', 'en-US': 'Ask us' },
    intro: { 'zh-CN': '请描述您的问题，我们会尽快答复。', 'en-US': 'Tell us your question; we answer soon.' },
    fields: [{ key: 'topic' }, { key: 'question' }],
    contact: [
      { kind: 'name', required: true },
      { kind: 'phone', required: false },
    ],
  });
});

async function useLanguage(lang: 'zh-CN' | 'en-US'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) !== lang) await page.getByTestId('public-language').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

const TEXT = {
  'zh-CN': { title: '在线咨询', subject: '主题', question: '问题', name: '姓名', consent: '我同意', submit: '提交', serviceDesk: '客服', answered: '已答复', inProgress: '处理中' },
  'en-US': {
    title: 'Ask us',
    subject: 'Subject',
    question: 'Question',
    name: 'Name',
    consent: 'I agree',
    submit: 'Send',
    serviceDesk: 'Service desk',
    answered: 'Answered',
    inProgress: 'In progress',
  },
} as const;

describe('the public web form and the tracking page at 390 px', () => {
  for (const lang of ['zh-CN', 'en-US'] as const) {
    it(`a customer (${lang}) sends the form, follows the case, reads the public reply and answers`, async () => {
      const text = TEXT[lang];
      await page.setViewportSize(PHONE);
      await page.goto(`${docket.url}/forms/${FORM_KEY}`);
      await useLanguage(lang);
      await expect.poll(() => page.getByRole('heading', { name: text.title }).count()).toBe(1);
      const question = `${lang === 'zh-CN' ? '信用卡年费怎么收取？' : 'How is the card fee charged?'} ${Date.now()}`;
      await page.getByLabel(text.subject, { exact: true }).fill(lang === 'zh-CN' ? '年费咨询' : 'Card fee');
      await page.getByLabel(text.question, { exact: true }).fill(question);
      await page.getByLabel(text.name, { exact: true }).fill(lang === 'zh-CN' ? '李四' : 'Li Si');
      // keyboard: the consent box is reached and ticked with the space bar
      await page.getByRole('checkbox', { name: new RegExp(text.consent) }).focus();
      await page.keyboard.press('Space');
      expect(await sidewaysOverflow(page)).toEqual([]);
      await page.getByTestId('public-form-submit').click();

      const link = (await page.getByTestId('tracking-link').textContent())!.trim();
      expect(link).toMatch(new RegExp(`^${docket.url}/track/[A-Za-z0-9_-]{43}$`));
      expect(await sidewaysOverflow(page)).toEqual([]);

      // an agent answers publicly through the API
      const number = (await page.locator('.ant-result-subtitle').textContent())!.replace(/^.*[:：]\s*/, '').trim();
      const found = await admin<{ items: { id: string; number: string }[] }>('GET', `/api/v1/cases?q=${encodeURIComponent(number)}`);
      const caseId = found.items.find((c) => c.number === number)!.id;
      const answer = lang === 'zh-CN' ? '您好，年费按卡种收取，详见官网。' : 'Hello, the fee depends on the card; see our site.';
      await admin('POST', `/api/v1/cases/${caseId}/comments`, { body: answer, visibility: 'public' });
      await admin('POST', `/api/v1/cases/${caseId}/comments`, { body: 'internal: check the fee table', visibility: 'internal' });

      await page.goto(link);
      await expect.poll(() => page.getByTestId('tracking-number').textContent()).toBe(number);
      await expect.poll(() => page.getByTestId('tracking-status').textContent()).toBe(text.answered);
      const replies = page.getByTestId('tracking-message');
      await expect.poll(() => replies.count()).toBe(1);
      expect(await replies.first().textContent()).toContain(answer);
      expect(await replies.first().textContent()).toContain(text.serviceDesk);
      expect(await page.content()).not.toContain('internal: check the fee table');
      expect(await sidewaysOverflow(page)).toEqual([]);

      const followUp = lang === 'zh-CN' ? '谢谢，金卡也收吗？' : 'Thanks; is the gold card charged too?';
      await page.getByTestId('tracking-reply').fill(followUp);
      await page.getByTestId('tracking-send').click();
      await expect.poll(() => replies.count()).toBe(2);
      expect(await replies.nth(1).textContent()).toContain(followUp);

      // the agent sees it as the customer's reply through the web form
      const comments = await admin<{ items: { body: string; origin?: string; channel?: string }[] }>('GET', `/api/v1/cases/${caseId}/comments`);
      expect(comments.items.at(-1)).toMatchObject({ body: followUp, origin: 'customer', channel: 'web-form' });
      if (lang === 'zh-CN') {
        // and in the console the comment carries the badge 客户回复 · 网页表单
        await signInThroughConsole(page, docket.url, 'admin', ADMIN_PASSWORD);
        await page.goto(`${docket.url}/cases/${caseId}`);
        await expect.poll(() => page.getByTestId('customer-reply').allTextContents()).toEqual(['客户回复 · 网页表单']);
        await page.context().clearCookies();
      }
    });
  }
});
