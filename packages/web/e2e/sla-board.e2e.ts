import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocketProcess } from './docket-under-test.ts';
import { DEMO_PASSWORD, removeDir, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 16: the supervisor's SLA board and the on-time report, as the demo's Beijing supervisor.
// The clocks that keep cases.case.sla_state/due_at and sla.target are another part of the issue:
// this spec writes that state straight into the Docket's embedded database (a data directory and
// port of its own, so it can reach it), so the board and report stand on their own.

const dataDir = await mkdtemp(path.join(tmpdir(), 'docket-e2e-sla-'));
const pgPort = 20_000 + Math.floor(Math.random() * 20_000);
// Where the data lives and on which port, not what the seed writes: a copy of the run's seeded data.
const session = useDocketInChromium({ env: () => ({ DOCKET_DATA_DIR: dataDir, DOCKET_EMBEDDED_PG_PORT: String(pgPort) }), seed: 'copy' });
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
let db: pg.Client;

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const bjCases: { id: string; number: string }[] = [];
const shCases: { id: string; number: string }[] = [];

async function casesOf(departmentCodes: string[], limit: number) {
  const { rows } = await db.query<{ id: string; number: string }>(
    `SELECT c.id, c.number FROM cases.case c JOIN access.department d ON d.id = c.department_id
      WHERE d.code = ANY($1) AND c.status_category IN ('open', 'waiting') ORDER BY c.number LIMIT $2`,
    [departmentCodes, limit],
  );
  return rows;
}

beforeAll(async () => {
  ({ docket, page, watch } = session);
  page.setDefaultTimeout(60_000);
  const password = (await readFile(path.join(dataDir, 'postgres-owner.password'), 'utf8')).trim();
  db = new pg.Client({ connectionString: `postgres://docket_owner:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/docket` });
  await db.connect();
  // Beijing: two overdue, two at risk, three on track, one paused; Shanghai: at risk (not the BJ supervisor's).
  bjCases.push(...(await casesOf(['BJ', 'BJ-HD'], 8)));
  // Only these cases carry an SLA state, whatever clocks the demo seed started: the counts below are exact.
  await db.query('UPDATE cases.case SET sla_state = NULL WHERE sla_state IS NOT NULL');
  shCases.push(...(await casesOf(['SH'], 2)));
  expect(bjCases).toHaveLength(8);
  const states: [number | null, string][] = [
    [-3 * HOUR, 'breached'],
    [-0.5 * HOUR, 'breached'],
    [0.75 * HOUR, 'at-risk'],
    [2 * HOUR, 'at-risk'],
    [20 * HOUR, 'on-track'],
    [30 * HOUR, 'on-track'],
    [50 * HOUR, 'on-track'],
    [null, 'paused'],
  ];
  const { rows: calendars } = await db.query<{ id: string }>("SELECT id FROM sla.calendar WHERE key = 'always-open'");
  // Each case gets a resolution clock standing as its summary says, so a refresh of the summary by
  // the clocks (after the reassign below) keeps it.
  const standing = async (caseId: string, due: number | null, state: string) => {
    const dueAt = due === null ? null : at(due);
    const started = at(-HOUR);
    await db.query('UPDATE cases.case SET due_at = $2, sla_state = $3 WHERE id = $1', [caseId, dueAt, state]);
    await db.query(
      `INSERT INTO sla.target (id, case_id, key, kind, calendar_id, calendar_version, priority, budget_seconds, state, started_at, running_since, due_at, at_risk_at, breached_at, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, 'resolution', 'resolution', $2, 1, 'normal', 86400, $3, $4, $5, $6, $7, $8, $4, $4)`,
      [
        caseId,
        calendars[0]!.id,
        state === 'paused' ? 'paused' : 'running',
        started,
        state === 'paused' ? null : started,
        dueAt,
        state === 'at-risk' ? started : null,
        state === 'breached' ? dueAt : null,
      ],
    );
  };
  for (const [i, [due, state]] of states.entries()) await standing(bjCases[i]!.id, due, state);
  for (const c of shCases) await standing(c.id, HOUR, 'at-risk');
  // Met clocks of the last weeks for the report: every demo case type, Beijing and Shanghai, some late.
  const { rows: finished } = await db.query<{ id: string }>(
    `SELECT DISTINCT ON (c.type_key, d.code) c.id FROM cases.case c JOIN access.department d ON d.id = c.department_id
      WHERE d.code IN ('BJ', 'BJ-HD', 'SH') ORDER BY c.type_key, d.code, c.number`,
  );
  // Per case: first response in 2–4 h, resolution in 20–60 h; some of each late, so the rates
  // differ between groups.
  for (const [i, { id }] of finished.entries()) {
    for (const [kind, elapsedHours, late] of [
      ['first-response', 2 + (i % 3), i % 3 === 1],
      ['resolution', 20 + ((i * 13) % 41), (i * 7) % 5 < 2],
    ] as const) {
      const stopped = at(-(i + 2) * 24 * HOUR);
      await db.query(
        `INSERT INTO sla.target (id, case_id, key, kind, calendar_id, calendar_version, priority, budget_seconds, state, started_at, stopped_at, elapsed_seconds, breached_at, created_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $2, $3, 1, 'normal', 172800, 'met', $4, $4, $5, $6, $4, $4)`,
        [id, kind, calendars[0]!.id, stopped, elapsedHours * 3600, late ? stopped : null],
      );
    }
  }
});
afterAll(async () => {
  await db?.end();
  await removeDir(dataDir);
});

describe('the supervisor board', () => {
  it('shows the Beijing supervisor the own branch’s cases by team and queue, coloured counts and live countdowns', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'supervisor.bj', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: /时限看板/ }).click();
    await page.waitForURL(/\/sla\/board$/);
    const board = page.getByTestId('sla-board');
    await board.getByTestId('board-case').first().waitFor();
    const text = (await board.textContent()) ?? '';
    for (const c of bjCases) expect(text).toContain(c.number);
    for (const c of shCases) expect(text).not.toContain(c.number);
    expect(text).not.toContain('上海分行');
    // Soonest due first: the case three hours overdue leads its group, in red, and counts down.
    const overdue = board.getByTestId('board-case').filter({ hasText: bjCases[0]!.number });
    const countdown = overdue.getByTestId('sla-countdown');
    expect(await countdown.textContent()).toMatch(/^已超时 (2 小时 5\d|3 小时 \d+) 分$/);
    expect(await countdown.getAttribute('aria-label')).toMatch(/^已超时: 已超时/);
    expect(await countdown.evaluate((el) => el.className)).toContain('red');
    const paused = board.getByTestId('board-case').filter({ hasText: bjCases[7]!.number }).getByTestId('sla-countdown');
    expect(await paused.textContent()).toBe('已暂停');
    const atRisk = board.getByTestId('board-case').filter({ hasText: bjCases[2]!.number }).getByTestId('sla-countdown');
    const before = await atRisk.textContent();
    expect(before).toMatch(/^剩余 \d+ 分 \d+ 秒$/);
    await expect.poll(() => atRisk.textContent(), { timeout: 5_000 }).not.toBe(before);
    // The counts of all groups add up to the eight cases set up.
    const counts = await board.getByTestId('board-counts').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    const sum = (word: string) => counts.reduce((total, label) => total + Number(new RegExp(`${word} (\\d+)`).exec(label ?? '')?.[1] ?? 0), 0);
    expect([sum('正常'), sum('即将超时'), sum('已超时'), sum('已暂停')]).toEqual([3, 2, 2, 1]);
    await screenshot(page, 'sla-board');
    expect(watch.errors).toEqual([]);
  });

  it('lists only the cases at risk or overdue when asked, the counts staying whole', async () => {
    await page.getByTestId('only-risky').click();
    await page.waitForURL(/risk=at-risk%2Cbreached|risk=at-risk,breached/);
    await expect.poll(() => page.getByTestId('board-case').count()).toBe(4);
    expect(await page.getByTestId('sla-board').textContent()).not.toContain(bjCases[4]!.number);
    await page.goto(`${docket.url}/sla/board`);
    await page.getByTestId('board-case').first().waitFor();
  });

  it('reassigns a case in one step by keyboard, with If-Match, and shows the new assignee', async () => {
    const row = page.getByTestId('board-case').filter({ hasText: bjCases[1]!.number });
    const reassign = row.getByTestId('reassign');
    await reassign.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('reassign-dialog');
    await dialog.getByRole('combobox').waitFor();
    await dialog.getByRole('combobox').focus();
    await page.keyboard.type('supervisor.bj');
    // The picker searches on the server (debounced): Enter once the person asked for is the active option.
    await expect.poll(() => page.locator('.ant-select-item-option-active').textContent(), { timeout: 15_000 }).toContain('supervisor.bj');
    await page.keyboard.press('Enter');
    expect(await dialog.textContent()).toContain('supervisor.bj');
    await screenshot(page, 'sla-board-reassign');
    await page.getByTestId('reassign-confirm').click();
    await page.getByText(`已改派 ${bjCases[1]!.number}`).waitFor();
    await expect.poll(() => row.getByTestId('board-assignee').textContent()).toBe('刘伟 (北京主管)');
    const { rows } = await db.query<{ assignee: string; version: number }>('SELECT u.username AS assignee, c.version FROM cases.case c JOIN access.user u ON u.id = c.assignee_id WHERE c.id = $1', [
      bjCases[1]!.id,
    ]);
    expect(rows[0]!.assignee).toBe('supervisor.bj');
    expect(watch.errors).toEqual([]);
  });

  it('fits a phone: the cards stack, nothing scrolls sideways', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${docket.url}/sla/board`);
    await page.getByTestId('board-case').first().waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'sla-board-phone');
    expect(watch.errors).toEqual([]);
  });
});

describe('the on-time report', () => {
  it('shows rates as a chart and a table by case type and by department, with a CSV export', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${docket.url}/sla/board`);
    await page.getByTestId('to-report').click();
    await page.waitForURL(/\/sla\/report$/);
    const report = page.getByTestId('sla-report');
    await report.getByTestId('report-chart').locator('canvas').first().waitFor();
    expect(await report.getByTestId('report-row').count()).toBeGreaterThan(0);
    const total = report.getByTestId('report-total');
    expect(await total.textContent()).toContain('合计');
    expect(await total.textContent()).toMatch(/\d+\.\d%/);
    await screenshot(page, 'sla-report');
    await report.getByTestId('report-group-by').getByText('部门').click();
    await page.waitForURL(/groupBy=department/);
    await expect.poll(async () => (await report.getByTestId('report-table').textContent()) ?? '').toContain('北京分行');
    // The Beijing supervisor reads no Shanghai case: no Shanghai figures either.
    expect(await report.getByTestId('report-table').textContent()).not.toContain('上海分行');
    await screenshot(page, 'sla-report-by-department');
    const href = await report.getByTestId('report-csv').getAttribute('href');
    expect(href).toContain('format=csv');
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url!);
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    }, href);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.body).toContain('department,');
    expect(csv.body).toContain('北京分行');
    expect(watch.errors).toEqual([]);
  });

  it('fits a phone: the chart turns sideways, the table scrolls in its own box', async () => {
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByTestId('report-chart').locator('canvas').first().waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'sla-report-phone');
    expect(watch.errors).toEqual([]);
  });

  it('is not offered to an agent, who holds no sla:read', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'agent.bj', DEMO_PASSWORD);
    expect(await page.getByRole('menuitem', { name: /时限看板/ }).count()).toBe(0);
    await page.goto(`${docket.url}/sla/report`);
    await page.getByTestId('no-access').waitFor();
    // The action's label is the console catalogue's (action.sla:read, on main).
    expect(await page.getByTestId('no-access').textContent()).toMatch(/查看时限看板与报表|action\.sla:read/);
    expect(watch.errors).toEqual([]);
  });
});
