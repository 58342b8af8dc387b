import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, signInThroughConsole } from './console-steps.ts';
import type { DocketProcess } from './docket-under-test.ts';
import { DEMO_PASSWORD, screenshot, useDocketInChromium } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 20, part E: the auditor generates the quarter's complaint pack in the console, sees it signed
// with its hashes, reproduces it byte for byte from the keyboard, and the screen fits a phone; an
// agent, who may not make packs, is not offered the screen.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
beforeAll(() => {
  ({ docket, page } = session);
  // Two shared cores: laying out the PDF with its CJK font takes a few seconds there.
  page.setDefaultTimeout(45_000);
});

describe('regulator report packs', () => {
  it('generates a signed pack, reproduces it byte for byte and fits a phone', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'auditor', DEMO_PASSWORD);
    await page.goto(`${docket.url}/analytics/report-packs`);
    await page.getByTestId('pack-generate').click();
    const list = page.getByTestId('pack-list');
    await list.getByText('签名有效').first().waitFor();
    await expect(
      list
        .getByText(/^xlsx [0-9a-f]{12}…$/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);

    // Reproduce from the keyboard: focus the button, press Enter.
    await list.getByTestId('pack-reproduce').first().focus();
    await page.keyboard.press('Enter');
    await page.getByText('复核通过：重新生成的文件与原文件逐字节一致').waitFor();
    await list.getByText('逐字节一致').first().waitFor();
    await page.mouse.move(1, 1);
    await screenshot(page, 'analytics-packs');

    await page.setViewportSize(PHONE);
    await list.waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);
  });

  it('offers the screen only to who may make packs', async () => {
    await signInThroughConsole(page, docket.url, 'agent.bj', DEMO_PASSWORD);
    await page.goto(`${docket.url}/analytics/report-packs`);
    await page.getByTestId('no-access').waitFor();
    await expect(page.getByTestId('analytics-nav').getByText('监管报送').count()).resolves.toBe(0);
  });
});
