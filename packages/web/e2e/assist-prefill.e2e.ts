import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAsUser, DESKTOP, PHONE, signInThroughConsole, type ApiAs } from './console-steps.ts';
import type { DocketProcess } from './docket-under-test.ts';
import { DEMO_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 22, part G: the new-case prefill, in Chinese. agent.bj pastes a phone call about a fee
// she never agreed to; the suggested name, phone, resident id and category land in the form,
// each marked "建议" and with its words marked in the text (the focused field's emphasised). She
// accepts some, corrects the name the transcript misheard, creates the case — and the case's
// history records what she took (accepted) and what she changed. The dispatch hint reads the
// text as a complaint, the type she chose. At 390 px the box and the
// marked text wrap, without sideways scrolling, and the keyboard reaches every suggestion.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
let agent: ApiAs;

const NAME = '张伟';
const CORRECTED_NAME = '张玮';
const PHONE_NUMBER = '13812345678';
const RESIDENT_ID = '11010519491231002X';
const CONVERSATION = [
  '客服：您好，这里是客户服务中心，请问有什么可以帮您？',
  `客户：你好，我叫${NAME}。我的借记卡这个月被扣了200元年费和短信服务费，我从来没有开通过短信服务，你们这是乱收费！`,
  '客服：非常抱歉给您带来不便，请问您的联系电话？',
  `客户：${PHONE_NUMBER}，身份证号${RESIDENT_ID}。`,
  '客服：好的，我们会尽快核实这笔扣费。',
  '客户：我很生气，今天必须给我一个说法，不然我就向监管部门投诉！',
].join('\n');

/** A form-js field's wrapper, found by its label. */
const formField = (label: string) => page.locator('.fjs-form-field').filter({ has: page.locator('label', { hasText: label }) });
const suggestion = (field: string) => page.getByTestId(`prefill-suggestion-${field}`);

interface HistoryEvent {
  action: string;
  data: unknown;
}

beforeAll(async () => {
  ({ docket, page, watch } = session);
  // Two shared cores: the first prefill trains the shipped models and may take a while.
  page.setDefaultTimeout(60_000);
  agent = await apiAsUser(docket, 'agent.bj', DEMO_PASSWORD);
});

describe('prefilling a complaint from the conversation', () => {
  let caseId = '';

  it('suggests the name, phone, resident id and category, marked in the form and in the text', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'agent.bj', DEMO_PASSWORD);
    await page.goto(`${docket.url}/cases/new?type=complaint`);
    await page.getByTestId('case-form').locator('.fjs-form-field').first().waitFor();
    await page.getByRole('heading', { name: '粘贴对话内容' }).waitFor();
    await page.getByTestId('prefill-text').fill(CONVERSATION);
    await page.getByRole('button', { name: /建议填写/ }).click();

    await suggestion('phone').waitFor();
    for (const field of ['customerName', 'phone', 'residentId', 'category']) {
      await expect.poll(() => suggestion(field).getAttribute('data-state')).toBe('suggested');
    }
    // The values are in the form, each field marked as suggested with its confidence.
    expect(await formField('客户姓名 Customer name').locator('input').inputValue()).toBe(NAME);
    expect(await formField('联系电话 Phone').locator('input').inputValue()).toBe(PHONE_NUMBER);
    expect(await formField('身份证号 Resident id').locator('input').inputValue()).toBe(RESIDENT_ID);
    expect(await formField('投诉类别 Category').innerText()).toContain('收费 Fees');
    expect(await formField('联系电话 Phone').getAttribute('data-assist-badge')).toMatch(/^建议 \d{1,3}%$/);
    expect(await suggestion('category').innerText()).toMatch(/收费[\s\S]*置信度 \d{1,3}%/);

    // Each value's source is marked in the text as sent: focusing its field emphasises exactly its words.
    const source = page.getByTestId('prefill-source');
    const emphasised = async () => (await source.locator('mark.prefill-mark-focused').allInnerTexts()).join('');
    for (const [label, words] of [
      ['客户姓名 Customer name', NAME],
      ['身份证号 Resident id', RESIDENT_ID],
      ['联系电话 Phone', PHONE_NUMBER],
    ] as const) {
      await formField(label).locator('input').focus();
      await expect.poll(emphasised).toBe(words);
    }
    await suggestion('residentId').hover();
    await expect.poll(emphasised).toBe(RESIDENT_ID);
    // Where it goes: the text reads as a complaint, the type already chosen (no switch offered).
    expect(await page.getByTestId('prefill-dispatch').innerText()).toMatch(/可能的工单类型：\s*投诉[\s\S]*与所选类型一致/);
    // Nothing the agent reads is a code or the server's English.
    const panel = await page.getByTestId('prefill-panel').innerText();
    expect(panel).not.toMatch(/check-digit|not-in-text|below-threshold|customerName|residentId/);
    await screenshot(page, 'assist-prefill-suggested');
    expect(watch.errors).toEqual([]);
    // The first prefill trains the shipped models on the shared cores.
  }, 240_000);

  it('takes some, corrects the misheard name, and creates the case with the outcomes recorded', async () => {
    await page.getByTestId('prefill-accept-phone').click();
    await page.getByTestId('prefill-accept-residentId').click();
    await expect.poll(() => suggestion('phone').getAttribute('data-state')).toBe('accepted');
    await expect.poll(() => formField('联系电话 Phone').getAttribute('data-assist-badge')).toBe('已采纳');

    // The transcript wrote 张伟; the customer spells 张玮: editing the field is a change.
    await formField('客户姓名 Customer name').locator('input').fill(CORRECTED_NAME);
    await expect.poll(() => suggestion('customerName').getAttribute('data-state')).toBe('changed');

    await page.getByLabel('标题').fill('客户投诉借记卡被收取未开通的短信服务费');
    const description = formField('投诉内容 What happened').locator('textarea');
    if (!(await description.inputValue())) await description.fill('客户借记卡被扣年费和短信服务费，称未开通短信服务，要求解释并退费。');
    await screenshot(page, 'assist-prefill-decided');
    await page.getByTestId('create-case').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = page.url().split('/').pop()!;
    expect(watch.errors).toEqual([]);

    const created = await agent<{ fields: Record<string, unknown>; priority: string }>('GET', `/api/v1/cases/${caseId}`);
    expect(created.fields).toMatchObject({ category: 'fees' });

    // What she did with each suggestion is on the case's record: accepted (ticked or left), changed.
    const history = await agent<{ items: HistoryEvent[] }>('GET', `/api/v1/cases/${caseId}/history`);
    const recorded = history.items.find((e) => e.action === 'assist.outcomes-recorded');
    expect(recorded, 'the outcomes are recorded on the case').toBeDefined();
    const outcomes = Object.fromEntries((recorded!.data as { fields: { field: string; outcome: string }[] }).fields.map((f) => [f.field, f.outcome]));
    expect(outcomes).toMatchObject({ phone: 'accepted', residentId: 'accepted', category: 'accepted', customerName: 'changed' });
  }, 180_000);
});

describe('on a phone, by keyboard', () => {
  it('wraps the box and the marked text at 390 px and reaches the suggestions with the keyboard', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${docket.url}/cases/new?type=complaint`);
    await page.getByTestId('case-form').locator('.fjs-form-field').first().waitFor();
    const box = page.getByTestId('prefill-text');
    await box.fill(CONVERSATION);
    expect(await sidewaysOverflow(page)).toEqual([]);
    // Ctrl+Enter asks from the box without reaching for the button.
    await box.press('Control+Enter');
    await suggestion('phone').waitFor();
    await page.getByTestId('prefill-source').waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);

    // Tab moves from "accept all" through each suggestion's buttons; focusing one emphasises its source.
    await page.getByTestId('prefill-accept-all').focus();
    const reached = new Set<string>();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const testId = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
      if (testId.startsWith('prefill-accept-') || testId.startsWith('prefill-clear-')) reached.add(testId);
      if (testId === 'prefill-accept-phone') break;
    }
    expect(reached).toContain('prefill-accept-phone');
    await expect.poll(async () => (await page.getByTestId('prefill-source').locator('mark.prefill-mark-focused').allInnerTexts()).join('')).toBe(PHONE_NUMBER);
    await page.keyboard.press('Enter');
    await expect.poll(() => suggestion('phone').getAttribute('data-state')).toBe('accepted');
    await screenshot(page, 'assist-prefill-phone');
    expect(await sidewaysOverflow(page)).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});
