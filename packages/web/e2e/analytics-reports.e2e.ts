import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAsUser, DESKTOP, PHONE, signInThroughConsole } from './console-steps.ts';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 20, part F: a business user (role analyst, every case field masked to them) builds a
// grouped chart in the report designer — cases by channel, previewed live — and saves it; the
// report is then in their list. Sealed and masked fields are offered but cannot be picked. The
// designer has no sideways scroll on a phone.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
const ANALYST = 'analyst.reports';
const ANALYST_PASSWORD = 'Reports-analyst-e2e-2026!';

beforeAll(async () => {
  ({ docket, page, watch } = session);
  // Two shared cores: a screen may take longer than the shared 15 s to render.
  page.setDefaultTimeout(45_000);
  const admin = await apiAsUser(docket, 'admin', ADMIN_PASSWORD);
  await admin('POST', '/api/v1/users', { username: ANALYST, password: ANALYST_PASSWORD, displayName: '经营分析员', roleIds: ['analyst'] });
  // The read model is built at start from the demo's cases: wait until it answers with them.
  const analyst = await apiAsUser(docket, ANALYST, ANALYST_PASSWORD);
  const definition = { subject: 'cases', groupBy: [], measures: ['count'], periodDays: 365, chart: 'table' };
  let cases = 0;
  for (let i = 0; i < 90 && cases === 0; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 1000));
    cases = (await analyst<{ total: number[] }>('POST', '/api/v1/analytics/reports/run', { definition })).total[0] ?? 0;
  }
  expect(cases, 'the demo cases in the read model').toBeGreaterThan(0);
});

describe('report designer', () => {
  it('lets an analyst build a chart of cases by channel, preview it and save it', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, ANALYST, ANALYST_PASSWORD);
    await page.goto(`${docket.url}/analytics/reports`);
    await page.getByTestId('report-new').click();
    await page.waitForURL(/\/analytics\/reports\/new$/);

    await page.getByTestId('report-group-by').click();
    // The analyst sees every case field masked: category is listed, and cannot be picked.
    await expect.poll(() => page.locator('.ant-select-item-option-disabled[title^="投诉类别"]').count()).toBe(1);
    await page.locator('.ant-select-item-option[title="渠道"]').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('report-chart').waitFor();
    await expect.poll(() => page.getByTestId('report-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(1);

    await page.getByTestId('report-name').fill('各渠道案件量');
    await page.getByTestId('report-save').click();
    await page.waitForURL(/\/analytics\/reports\/[0-9a-f-]{36}$/);
    await page.getByText('报表已保存').waitFor();
    await page.mouse.move(1, 1);
    await screenshot(page, 'analytics-report-designer');

    await page.goto(`${docket.url}/analytics/reports`);
    await page.getByTestId('report-list').getByRole('link', { name: '各渠道案件量' }).waitFor();
    expect(watch.errors).toEqual([]);
  });

  it('fits a phone without sideways scroll', async () => {
    await page.setViewportSize(PHONE);
    await page.getByTestId('report-list').getByRole('link', { name: '各渠道案件量' }).click();
    await page.getByTestId('report-chart').waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);
    expect(watch.errors).toEqual([]);
  });
});
