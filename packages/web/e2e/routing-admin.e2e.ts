import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAsUser, DESKTOP, PHONE, signInThroughConsole } from './console-steps.ts';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 17: the routing settings an administrator keeps, in Chinese. A queue created in the console
// takes 12378 complaints through a new rule moved to the top of the match order; the tester says so
// in words; a FEEL expression the server cannot read is shown on its field. A supervisor reads the
// same screens without a button to change anything; an agent is not offered them at all.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(() => {
  ({ docket, page, watch } = session);
  page.setDefaultTimeout(60_000);
});

const QUEUE_KEY = 'e2e-hotline-desk';
const QUEUE_NAME = '12378 快速处理专席';
const RULE_KEY = 'e2e-hotline-complaints';
const RULE_NAME = '12378 投诉转快速专席';
const dropdownOption = (text: string) => page.locator('.ant-select-dropdown:visible').getByText(text, { exact: true });
const ruleRows = () => page.getByTestId('rule-list').locator('tbody tr.ant-table-row');

async function ruleIndex(name: string): Promise<number> {
  const texts = await ruleRows().allTextContents();
  return texts.findIndex((text) => text.includes(name));
}

describe('routing settings as an administrator', () => {
  it('creates a queue that takes complaints and overflows to the Beijing branch desk', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'admin', ADMIN_PASSWORD);
    // Routing settings hang off the live view (the top menu has one routing entry).
    await page.getByRole('menuitem', { name: /队列监控/ }).click();
    await page.getByTestId('routing-settings-link').click();
    await page.waitForURL(/\/admin\/routing\/queues$/);
    await page.getByTestId('queue-list').getByText('消保投诉专席', { exact: true }).waitFor();

    await page.getByTestId('new-queue').click();
    const form = page.getByTestId('queue-form');
    await page.getByTestId('queue-key').fill(QUEUE_KEY);
    await page.getByTestId('queue-name').fill(QUEUE_NAME);
    // Under load a click on an option being re-rendered can be lost: pick until the select shows it.
    const caseTypes = page.getByTestId('queue-case-types');
    // The chosen type's tag, in the form (the options list is a popup outside it).
    const chosen = form.getByText('投诉 Complaint', { exact: true });
    await caseTypes.click();
    await expect
      .poll(
        async () => {
          if ((await chosen.count()) > 0) return true;
          if (!(await dropdownOption('投诉 Complaint').isVisible())) await caseTypes.click();
          await dropdownOption('投诉 Complaint')
            .click({ timeout: 2_000 })
            .catch(() => undefined);
          return (await chosen.count()) > 0;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await page.keyboard.press('Escape');
    await form.getByText('技能优先', { exact: true }).click();
    // Each strategy says in one line how it chooses.
    await form.getByText('分给所需技能等级最高的坐席，同级时分给负载较低者').waitFor();
    // The same under load for the overflow queue: its minutes are enabled once the queue is chosen.
    const overflow = page.getByTestId('queue-overflow');
    const overflowAfter = page.getByTestId('queue-overflow-after');
    await overflow.click();
    await expect
      .poll(
        async () => {
          if (await overflowAfter.isEnabled()) return true;
          if (!(await dropdownOption('北京分行客服').isVisible())) await overflow.click();
          await dropdownOption('北京分行客服')
            .click({ timeout: 2_000 })
            .catch(() => undefined);
          return overflowAfter.isEnabled();
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await overflowAfter.fill('60');
    await screenshot(page, 'routing-queue-form');
    await page.getByTestId('save-queue').click();
    await page.getByTestId('queue-list').getByText(QUEUE_NAME, { exact: true }).waitFor();
    expect(await page.getByTestId('queue-list').textContent()).toContain('1 小时后转入「北京分行客服」');

    const admin = await apiAsUser(docket, 'admin', ADMIN_PASSWORD);
    const queue = await admin<{ strategy: string; caseTypes: string[]; overflowAfterSeconds: number | null; mode: string }>('GET', `/api/v1/queues/${QUEUE_KEY}`);
    expect(queue).toMatchObject({ strategy: 'best-skill', caseTypes: ['complaint'], overflowAfterSeconds: 3600, mode: 'push' });
    expect(watch.errors).toEqual([]);
  });

  it('creates a rule sending 12378 complaints to the new queue and moves it first', async () => {
    await page.getByTestId('routing-admin-nav').getByText('分派规则').click();
    await page.waitForURL(/\/admin\/routing\/rules$/);
    await ruleRows().first().waitFor();
    await page.getByTestId('new-rule').click();
    await page.waitForURL(/\/admin\/routing\/rules\/new$/);
    await page.getByTestId('rule-key').fill(RULE_KEY);
    await page.getByTestId('rule-name').fill(RULE_NAME);
    await page.getByTestId('rule-case-types').click();
    await dropdownOption('投诉 Complaint').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('rule-channels').click();
    await dropdownOption('12378 热线').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('rule-queue').click();
    await dropdownOption(QUEUE_NAME).click();
    await page.getByTestId('rule-boost').click();
    await dropdownOption('提高 1 级').click();
    await page.getByTestId('save-rule').click();
    await page.waitForURL(new RegExp(`/admin/routing/rules/${RULE_KEY}$`));

    // Back in the list the new rule is last, summarised in words; the up button moves it first.
    await page.getByRole('link', { name: '分派规则' }).first().click();
    await page.waitForURL(/\/admin\/routing\/rules$/);
    await page.getByTestId('rule-list').getByText(RULE_NAME, { exact: true }).waitFor();
    const row = ruleRows().filter({ hasText: RULE_NAME });
    expect(await row.textContent()).toContain('渠道: 12378 热线');
    expect(await row.textContent()).toContain(`转入队列「${QUEUE_NAME}」`);
    for (let index = await ruleIndex(RULE_NAME); index > 0; index--) {
      await page.getByTestId(`rule-up-${RULE_KEY}`).click();
      await expect.poll(() => ruleIndex(RULE_NAME), { timeout: 15_000 }).toBe(index - 1);
    }
    const admin = await apiAsUser(docket, 'admin', ADMIN_PASSWORD);
    const rules = await admin<{ items: { key: string }[] }>('GET', '/api/v1/routing/rules');
    expect(rules.items[0]!.key).toBe(RULE_KEY);
    await screenshot(page, 'routing-rules');
    expect(watch.errors).toEqual([]);
  });

  it('runs the tester: a 12378 complaint matches the new rule and goes to the new queue', async () => {
    const tester = page.getByTestId('routing-tester');
    await tester.getByRole('tab', { name: '按工单属性' }).click();
    await page.getByTestId('tester-type').click();
    await dropdownOption('投诉 Complaint').click();
    await page.getByTestId('tester-channel').click();
    await dropdownOption('12378 热线').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('tester-run').click();
    const matched = page.getByTestId('tester-matched');
    await matched.waitFor();
    expect(await matched.textContent()).toContain(RULE_NAME);
    expect(await page.getByTestId('tester-queue').textContent()).toBe(QUEUE_NAME);
    // Every rule considered is listed; the match is tagged, in words.
    expect(await page.getByTestId('tester-considered').textContent()).toContain('匹配');
    await screenshot(page, 'routing-tester');
    expect(watch.errors).toEqual([]);
  });

  it('shows a server validation problem on the field it names', async () => {
    await page.goto(`${docket.url}/admin/routing/rules/${RULE_KEY}`);
    await page.getByTestId('rule-feel').fill('channel = "12378" and (');
    await page.getByTestId('save-rule').click();
    await page.getByTestId('rule-reason').fill('试一个写错的表达式');
    watch.expectErrorResponse(`/api/v1/routing/rules/${RULE_KEY}`, 400);
    await page.getByTestId('save-rule-confirm').click();
    const errors = page.getByTestId('rule-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('FEEL 表达式');
    // The field itself carries the reason too.
    await page.getByTestId('rule-conditions').locator('.ant-form-item-has-error').first().waitFor();
    expect(watch.errors).toEqual([]);
  });

  it('fits a 390 px phone', async () => {
    await page.setViewportSize(PHONE);
    for (const path of ['/admin/routing/queues', '/admin/routing/rules', '/admin/routing/agents', '/admin/routing/branch-areas']) {
      await page.goto(`${docket.url}${path}`);
      await page.getByTestId('routing-admin-nav').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await sidewaysOverflow(page), path).toEqual([]);
    }
    await screenshot(page, 'routing-admin-phone');
    await page.setViewportSize(DESKTOP);
    expect(watch.errors).toEqual([]);
  });
});

describe('routing settings for others', () => {
  it('lets a supervisor read queues, rules and agents without a button to change them', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'supervisor.bj', DEMO_PASSWORD);
    // Routing settings hang off the live view (the top menu has one routing entry).
    await page.getByRole('menuitem', { name: /队列监控/ }).click();
    await page.getByTestId('routing-settings-link').click();
    await page.waitForURL(/\/admin\/routing\/queues$/);
    await page.getByTestId('queue-list').getByText(QUEUE_NAME, { exact: true }).waitFor();
    await page.getByTestId('routing-read-only').waitFor();
    expect(await page.getByTestId('new-queue').count()).toBe(0);
    expect(await page.locator('[data-testid^="edit-queue-"]').count()).toBe(0);

    await page.getByTestId('routing-admin-nav').getByText('分派规则').click();
    await page.getByTestId('rule-list').getByText(RULE_NAME, { exact: true }).waitFor();
    expect(await page.getByTestId('new-rule').count()).toBe(0);
    expect(await page.locator('[data-testid^="rule-up-"]').count()).toBe(0);
    // The rule opens read-only: no save.
    await page.getByTestId('rule-list').getByRole('link', { name: RULE_NAME }).click();
    await page.getByTestId('rule-form').waitFor();
    expect(await page.getByTestId('save-rule').count()).toBe(0);

    await page.goto(`${docket.url}/admin/routing/agents`);
    await page.getByTestId('agent-list').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('edit-profile').count()).toBe(0);
    expect(watch.errors).toEqual([]);
  });

  it('offers an agent no routing administration', async () => {
    await signInThroughConsole(page, docket.url, 'agent.bj', DEMO_PASSWORD);
    expect(await page.getByRole('link', { name: '分派设置' }).count()).toBe(0);
    const routingRequests: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/v1\/(queues|routing\/(rules|profiles|branch-areas|test))/.test(request.url())) routingRequests.push(request.url());
    });
    await page.goto(`${docket.url}/admin/routing/queues`);
    await page.getByTestId('no-access').waitFor();
    await page.goto(`${docket.url}/admin/routing/rules`);
    await page.getByTestId('no-access').waitFor();
    expect(routingRequests).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});
