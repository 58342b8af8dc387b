import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 16: SLA countdowns on the case view and in the workspace list, in Chromium and zh-CN, on
// the test clock (docs/operators/test-clock.md). An administrator puts a small policy first (a
// complaint tagged e2e-sla: first response in 2 hours, warned 30 minutes before; resolution in 8
// hours; 24×7 calendar so the arithmetic is plain); the Beijing supervisor watches a complaint
// count down, turn orange when the warning fires and red past due, and overrides its due time.

// The test clock starts at this Docket's start whether the data was seeded now or copied: a copy
// of the run's seeded data (older by minutes, as in every spec on a copy); the spec's policy only
// matches its own complaint.
const session = useDocketInChromium({ env: () => ({ DOCKET_TEST_CLOCK: 'true' }), seed: 'copy' });
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(() => {
  ({ docket, page, watch } = session);
  // Two shared cores: a screen may take longer than 15 s.
  page.setDefaultTimeout(60_000);
});

/** The API as one user, with a bearer token. */
async function apiAs(username: string, password = DEMO_PASSWORD) {
  const login = await fetch(`${docket.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(login.status, `API sign-in as ${username}`).toBe(200);
  const { token, user } = (await login.json()) as { token: string; user: { id: string; departmentId: string | null } };
  const call = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(`${docket.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    expect(res.status, `${method} ${path} as ${username}: ${text.slice(0, 300)}`).toBeLessThan(300);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return { user, call };
}

/** Moves this Docket's test clock forward; answers once every job due by then (the SLA scheduler's firings) has run. */
async function advanceClock(duration: string): Promise<string> {
  const admin = await apiAs('admin', ADMIN_PASSWORD);
  return (await admin.call<{ now: string }>('POST', '/api/v1/test-clock', { advance: duration })).now;
}

interface SlaTarget {
  key: string;
  state: string;
  risk: string | null;
  dueAt: string | null;
  levels: { fired: boolean }[];
}

const E2E_POLICY = {
  key: 'e2e-sla-complaints',
  name: 'E2E 投诉时限',
  enabled: true,
  definition: {
    conditions: { caseTypes: ['complaint'], tags: ['e2e-sla'] },
    targets: [
      {
        key: 'first-response',
        kind: 'first-response',
        duration: 'PT2H',
        calendar: 'always-open',
        levels: [
          { at: { kind: 'before-due', duration: 'PT30M' }, actions: [] },
          { at: { kind: 'breach' }, actions: [] },
        ],
      },
      {
        key: 'resolution',
        kind: 'resolution',
        duration: 'PT8H',
        calendar: 'always-open',
        levels: [
          { at: { kind: 'share', share: 0.75 }, actions: [] },
          { at: { kind: 'breach' }, actions: [] },
        ],
      },
    ],
  },
};

/** Local date and time as the console's date picker reads it (YYYY-MM-DD HH:mm; Chromium runs in this machine's zone). */
function pickerText(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ${p(at.getHours())}:${p(at.getMinutes())}`;
}

describe('SLA countdowns on the case and in the list', () => {
  let caseId = '';
  let caseNumber = '';

  const target = (key: string) => page.locator(`[data-testid="case-sla"] [data-testid="sla-target"][data-key="${key}"]`);
  const countdownOf = (key: string) => target(key).getByTestId('sla-countdown');
  const listRow = () => page.locator('.ant-table-row', { has: page.getByRole('link', { name: caseNumber, exact: true }) });

  async function openCase() {
    await page.goto(`${docket.url}/cases/${caseId}`);
    await target('first-response').waitFor();
  }

  async function openList() {
    await page.goto(`${docket.url}/`);
    await page.getByLabel('标题或编号').fill(caseNumber);
    await page.getByTestId('apply-filters').click();
    await listRow().waitFor();
  }

  it('starts a complaint’s clocks and shows them counting down on the case, coloured on track', async () => {
    const admin = await apiAs('admin', ADMIN_PASSWORD);
    // First in match order (position 1), ahead of the packs the demo applied.
    await admin.call('POST', '/api/v1/sla/policies', { ...E2E_POLICY, position: 1 });

    const supervisor = await apiAs('supervisor.bj');
    const created = await supervisor.call<{ id: string; number: string; dueAt: string | null; slaState: string | null }>('POST', '/api/v1/cases', {
      type: 'complaint',
      title: 'E2E 时限倒计时的投诉',
      departmentId: supervisor.user.departmentId,
      tags: ['e2e-sla'],
      fields: { customerName: '张三', phone: '13812345678', category: 'fees', description: '年费扣款有误', residentId: '11010519491231002X' },
    });
    ({ id: caseId, number: caseNumber } = created);
    expect(created.slaState).toBe('on-track');
    const sla = await supervisor.call<{ items: SlaTarget[]; now: string }>('GET', `/api/v1/cases/${caseId}/sla`);
    expect(sla.items.map((t) => [t.key, t.state, t.risk])).toEqual(
      expect.arrayContaining([
        ['first-response', 'running', 'on-track'],
        ['resolution', 'running', 'on-track'],
      ]),
    );
    // The case's due time is its earliest open clock: the first response, two hours on.
    expect(Date.parse(created.dueAt!) - Date.parse(sla.now)).toBe(2 * 3600_000);

    await signInThroughConsole(page, docket.url, 'supervisor.bj', DEMO_PASSWORD);
    await openCase();
    // The test clock stands still; the console counts on from the server's time by its own, so allow a minute or two.
    await expect.poll(() => countdownOf('first-response').textContent()).toMatch(/^剩余 (2 小时|1 小时 5\d 分)$/);
    expect(await countdownOf('first-response').getAttribute('data-risk')).toBe('on-track');
    expect(await countdownOf('first-response').getAttribute('aria-label')).toMatch(/^首次响应，剩余 .+，正常$/);
    await expect.poll(() => countdownOf('resolution').textContent()).toMatch(/^剩余 (8 小时|7 小时 5\d 分)$/);
    expect(await target('first-response').getByTestId('sla-target-name').textContent()).toBe('首次响应');
    expect(await target('resolution').getByTestId('sla-target-name').textContent()).toBe('办结');
    // The header's due time counts down too.
    await page.locator('[data-testid="case-due"] [data-testid="sla-countdown"][data-risk="on-track"]').first().waitFor();
    // A supervisor may assign this case, so the override is offered.
    expect(await target('resolution').getByTestId('sla-override').count()).toBe(1);
    await page.waitForLoadState('networkidle');
    await page.mouse.move(1, 1);
    await screenshot(page, 'sla-case');
  });

  it('shows the countdown in the workspace list and on the phone’s cards', async () => {
    await openList();
    const due = listRow().locator('[data-testid="case-due"] [data-testid="sla-countdown"]');
    expect(await due.getAttribute('data-risk')).toBe('on-track');
    expect(await due.textContent()).toMatch(/^剩余 (2 小时|1 小时 5\d 分)$/);
    await page.mouse.move(1, 1);
    await screenshot(page, 'sla-list');

    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const card = page.getByTestId('case-card').filter({ hasText: caseNumber });
      await card.waitFor();
      expect(await card.getByTestId('sla-countdown').getAttribute('data-risk')).toBe('on-track');
      // Nothing wider than the phone.
      expect(await sidewaysOverflow(page)).toEqual([]);
      await screenshot(page, 'sla-list-phone');
    } finally {
      await page.setViewportSize({ width: 1366, height: 768 });
    }
  });

  it('turns orange when the warning fires, 30 minutes before the first response is due', async () => {
    await advanceClock('PT1H35M');
    await openCase();
    await countdownOf('first-response').and(page.locator('[data-risk="at-risk"]')).waitFor();
    expect(await countdownOf('first-response').textContent()).toMatch(/^剩余 2\d 分( \d+ 秒)?$/);
    // The warning level is marked fired; the breach level not yet.
    expect(await target('first-response').locator('[data-testid="sla-level"][data-fired="true"]').count()).toBe(1);
    expect(await target('first-response').locator('[data-testid="sla-level"][data-fired="false"]').count()).toBe(1);
    await page.waitForLoadState('networkidle');
    await page.mouse.move(1, 1);
    await screenshot(page, 'sla-case-at-risk');

    await openList();
    expect(await listRow().getByTestId('sla-countdown').getAttribute('data-risk')).toBe('at-risk');
  });

  it('turns red past due, in the list as on the case, and the timeline says so in words', async () => {
    await advanceClock('PT30M');
    await openCase();
    await countdownOf('first-response').and(page.locator('[data-risk="breached"]')).waitFor();
    expect(await countdownOf('first-response').textContent()).toMatch(/^已超时 \d+ 分/);
    await page.getByRole('tab', { name: '时间线' }).click();
    await page.getByTestId('timeline-action').filter({ hasText: '开始了时限计时' }).first().waitFor();
    // No raw audit codes on the timeline.
    expect(
      await page
        .getByTestId('timeline-action')
        .filter({ hasText: /^sla\./ })
        .count(),
    ).toBe(0);
    await page.mouse.move(1, 1);
    await screenshot(page, 'sla-case-breached');

    await openList();
    const due = listRow().getByTestId('sla-countdown');
    expect(await due.getAttribute('data-risk')).toBe('breached');
    expect(await due.textContent()).toMatch(/^已超时 /);
    await page.mouse.move(1, 1);
    await screenshot(page, 'sla-list-breached');
  });

  it('lets the supervisor override the resolution due time with a reason, which is audited', async () => {
    await openCase();
    const now = (await (await apiAs('supervisor.bj')).call<{ now: string }>('GET', `/api/v1/cases/${caseId}/sla`)).now;
    const newDue = new Date(Date.parse(now) + 24 * 3600_000);
    newDue.setSeconds(0, 0);
    await target('resolution').getByTestId('sla-override').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // The reason is required: saving without one is refused on the form.
    const picker = dialog.getByLabel('新的到期时间');
    await picker.click();
    await picker.fill(pickerText(newDue));
    await picker.press('Enter');
    await dialog.getByTestId('sla-override-submit').click();
    await dialog.getByText('请说明调整的理由（将记入审计）').waitFor();
    await dialog.getByTestId('sla-override-reason').fill('客户同意延期至明日答复');
    await page.mouse.move(1, 1);
    await screenshot(page, 'sla-case-override-dialog');
    await dialog.getByTestId('sla-override-submit').click();
    await dialog.waitFor({ state: 'hidden' });

    await target('resolution').getByTestId('sla-override-note').filter({ hasText: '客户同意延期至明日答复' }).waitFor();
    const after = await (await apiAs('supervisor.bj')).call<{ items: SlaTarget[] }>('GET', `/api/v1/cases/${caseId}/sla`);
    expect(after.items.find((t) => t.key === 'resolution' && (t.state === 'running' || t.state === 'paused'))?.dueAt).toBe(newDue.toISOString());
    await page.getByRole('tab', { name: '时间线' }).click();
    await page.getByTestId('timeline-action').filter({ hasText: '手动调整了到期时间' }).waitFor();
    await page.mouse.move(1, 1);
    await screenshot(page, 'sla-case-override');
    expect(watch.errors).toEqual([]);
  });
});
