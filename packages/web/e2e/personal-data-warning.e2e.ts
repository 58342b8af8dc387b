import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch, type DocketProcess } from './docket-under-test.ts';

// Issue 12, item 5: the writer is warned while typing personal data into a title or a comment,
// and what is saved shows masked to a reader without unmask.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(() => {
  ({ docket, page, watch } = session);
});

const warning = () => page.getByTestId('personal-data-warning');

describe('the personal data warning', () => {
  it('warns in the new-case title while a phone number is typed, and stops when it is removed', async () => {
    await page.goto(`${docket.url}/sign-in`);
    await page.getByLabel('用户名').fill('agent.bj');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('current-user').waitFor();

    await page.goto(`${docket.url}/cases/new?type=complaint`);
    const title = page.getByLabel('标题');
    await title.fill('客户投诉不明扣费');
    await page.waitForTimeout(800);
    expect(await warning().count()).toBe(0);
    await title.fill('客户投诉不明扣费 回电13812345678');
    await warning().waitFor();
    expect(await warning().textContent()).toContain('电话号码');
    await screenshot(page, 'personal-data-warning-title');
    await title.fill('客户投诉不明扣费');
    await warning().waitFor({ state: 'detached' });
  });

  it('warns in the comment box, and the saved comment shows the card number masked', async () => {
    // One of agent.bj's complaints, found through the API with the page's own session.
    const id = await page.evaluate(async () => ((await (await fetch('/api/v1/cases?type=complaint&limit=1')).json()) as { items: { id: string }[] }).items[0]!.id);
    await page.goto(`${docket.url}/cases/${id}`);
    await page.getByRole('tab', { name: '沟通记录' }).click();
    await page.getByPlaceholder('输入内容…').fill('客户提供卡号 6222021234567894，请核实');
    await warning().waitFor();
    expect(await warning().textContent()).toContain('银行卡号');
    await screenshot(page, 'personal-data-warning-comment');
    await page.getByTestId('add-comment').click();
    const saved = page.getByTestId('comment').filter({ hasText: '请核实' });
    await saved.waitFor();
    expect(await saved.textContent()).toContain('6222 **** **** 7894');
    expect(await saved.textContent()).not.toContain('6222021234567894');
  });

  it('logged no browser console errors', () => {
    expect(watch.errors).toEqual([]);
  });
});
