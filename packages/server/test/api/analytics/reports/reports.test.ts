import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildReadModel } from '../../../../src/modules/analytics/index.ts';
import { registerReportScheduleJobs } from '../../../../src/modules/analytics/index.ts';
import { FixedClock } from '../../../../src/platform/clock/clock.ts';
import { createJobHandlers } from '../../../../src/platform/jobs/index.ts';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { testJobRunner } from '../../../helpers/job-runner.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-server.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// Given a small history made through the real case commands in two branches (complaints and
// consultations, some resolved), projected by the read model's rebuild: reports equal the same
// figures computed over the domain tables, a branch reader's exclude the other branch, a field
// the reader sees masked cannot be grouped, sharing runs a report with the reader's own policy,
// exports are audited and a schedule e-mails its export as its owner.

const NOW = new Date('2026-11-10T02:00:00Z'); // 10:00 in Shanghai
const PERIOD = { from: '2026-10-12', to: '2026-11-10' };

let t: TestApp;
let smtp: TestSmtpServer;
const clock = new FixedClock(NOW);
let admin: string;
let branchReader: string;
let maskedAnalyst: string;
let agent: string;
let outsider: string;
let branchA: string;
let branchB: string;

async function insertDepartment(code: string): Promise<string> {
  const id = randomUUID();
  await t.sql("INSERT INTO access.department (id, code, name, kind, path) VALUES ($1, $2, $2, 'branch', $3)", [id, code, `/${id}/`]);
  return id;
}

async function createCase(payload: object): Promise<{ id: string; version: number }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload });
  if (res.statusCode !== 201) throw new Error(`create case: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function setStatus(c: { id: string; version: number }, status: string): Promise<{ id: string; version: number }> {
  const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${c.id}`, headers: { ...bearer(admin), 'if-match': `"${c.version}"` }, payload: { status } });
  if (res.statusCode !== 200) throw new Error(`status ${status}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const run = (token: string, definition: object) => t.app.inject({ method: 'POST', url: '/api/v1/analytics/reports/run', headers: bearer(token), payload: { definition } });
const byKey = (rows: { keys: (string | null)[]; values: (number | null)[] }[]) => Object.fromEntries(rows.map((r) => [r.keys.join('|'), r.values]));
const createdInPeriod = `created_at >= ('${PERIOD.from}'::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AND created_at < ('2026-11-11'::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({ clock, config: { smtpUrl: smtp.url } });
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  branchA = await insertDepartment('BR-A');
  branchB = await insertDepartment('BR-B');
  // A branch reader: the cases of their branch, analytics read/design/export.
  await t.sql(`INSERT INTO access.role (key, name, description, builtin, permissions) VALUES ('branch-analyst', 'Branch analyst', '', false,
    '[{"action":"case:read","scope":"department"},{"action":"analytics:read"},{"action":"analytics:design"},{"action":"analytics:export"}]')`);
  await t.createUser('branch.reader', ['branch-analyst'], branchA);
  await t.createUser('masked.analyst', ['analyst']);
  await t.createUser('agent.one', ['agent'], branchA);
  await t.sql(`INSERT INTO access.role (key, name, description, builtin, permissions) VALUES ('no-analytics', 'No analytics', '', false, '[{"action":"case:read"}]')`);
  await t.createUser('outsider', ['no-analytics'], branchB);
  branchReader = await t.login('branch.reader');
  maskedAnalyst = await t.login('masked.analyst');
  agent = await t.login('agent.one');
  outsider = await t.login('outsider');

  // A history over the last days: complaints by channel and category in both branches.
  const plan: [string, string, string, boolean][] = [
    [branchA, 'phone', 'fees', true],
    [branchA, 'phone', 'fees', false],
    [branchA, 'web', 'service', true],
    [branchA, 'branch', 'wealth', false],
    [branchB, 'phone', 'fees', true],
    [branchB, 'web', 'fees', true],
    [branchB, 'web', 'credit-card', false],
  ];
  for (const [i, [departmentId, channel, category, resolve]] of plan.entries()) {
    clock.advanceMs(-(plan.length - i) * 86_400_000);
    const c = await createCase(complaint({ departmentId, channel }, { category }));
    if (resolve) await setStatus(await setStatus(c, 'open'), 'resolved');
    clock.advanceMs((plan.length - i) * 86_400_000);
  }
  await createCase({ type: 'consultation', title: '咨询', channel: 'web', departmentId: branchB, fields: { question: '利率?', topic: 'loans' } });
  await rebuildReadModel(t.database.db);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('running a report', () => {
  it('groups cases by channel and type with the same counts as the domain tables', async () => {
    const res = await run(admin, { subject: 'cases', groupBy: ['channel', 'type'], measures: ['count', 'resolved'], filter: PERIOD, chart: 'bar' });
    expect(res.statusCode, res.body).toBe(200);
    const expected = await t.sql<{ k: string; n: number; r: number }>(
      `SELECT channel || '|' || type_key AS k, count(*)::int AS n, count(*) FILTER (WHERE status_category IN ('resolved', 'closed'))::int AS r
         FROM cases.case WHERE ${createdInPeriod} GROUP BY 1`,
    );
    expect(byKey(res.json().rows)).toEqual(Object.fromEntries(expected.map((e) => [e.k, [e.n, e.r]])));
    expect(res.json().total).toEqual([8, 4]);
    expect(res.json().columns.map((c: { key: string }) => c.key)).toEqual(['channel', 'type', 'count', 'resolved']);
  });

  it("limits a branch reader's figures to the branch, departments named", async () => {
    const res = await run(branchReader, { subject: 'cases', groupBy: ['department'], measures: ['count'], filter: PERIOD, chart: 'pie' });
    expect(res.statusCode, res.body).toBe(200);
    const [{ n }] = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM cases.case WHERE department_id = $1 AND ${createdInPeriod}`, [branchA])) as [{ n: number }];
    expect(res.json().rows).toEqual([{ keys: [branchA], labels: ['BR-A'], values: [n] }]);
    const whole = await run(branchReader, { subject: 'cases', groupBy: [], measures: ['count'], filter: PERIOD, chart: 'table' });
    expect(whole.json().total).toEqual([4]);
  });

  it('groups by a case field the reader reads in clear, and refuses it to a reader who sees it masked', async () => {
    const ok = await run(admin, { subject: 'cases', groupBy: ['category'], measures: ['count'], filter: PERIOD, chart: 'bar' });
    expect(ok.statusCode, ok.body).toBe(200);
    const expected = await t.sql<{ k: string; n: number }>(`SELECT fields->>'category' AS k, count(*)::int AS n FROM cases.case WHERE type_key = 'complaint' AND ${createdInPeriod} GROUP BY 1`);
    expect(byKey(ok.json().rows)).toMatchObject(Object.fromEntries(expected.map((e) => [e.k, [e.n]])));

    const masked = await run(maskedAnalyst, { subject: 'cases', groupBy: ['category'], measures: ['count'], chart: 'bar' });
    expect(expectProblem(masked, 403, 'analytics-field-not-reportable')).toMatchObject({ field: 'definition.groupBy.0', fieldKey: 'category' });
    const filtered = await run(maskedAnalyst, { subject: 'cases', groupBy: ['type'], measures: ['count'], conditions: [{ dimension: 'field:topic', values: ['loans'] }], chart: 'bar' });
    expect(expectProblem(filtered, 403, 'analytics-field-not-reportable').field).toBe('definition.conditions.0.dimension');
    // Sealed personal data is never a dimension, not even for an administrator.
    expectProblem(await run(admin, { subject: 'cases', groupBy: ['field:customerName'], measures: ['count'], chart: 'bar' }), 403, 'analytics-field-not-reportable');
    // The masked analyst may still group by what is no field.
    expect((await run(maskedAnalyst, { subject: 'cases', groupBy: ['type'], measures: ['count'], filter: PERIOD, chart: 'bar' })).json().total).toEqual([8]);

    const subjects = (await t.app.inject({ method: 'GET', url: '/api/v1/analytics/report-subjects', headers: bearer(maskedAnalyst) })).json();
    const cases = subjects.items.find((s: { key: string }) => s.key === 'cases');
    expect(cases.dimensions.find((d: { key: string }) => d.key === 'category')).toMatchObject({ reportable: false, reason: 'masked' });
    expect(cases.dimensions.find((d: { key: string }) => d.key === 'field:customerName')).toMatchObject({ reportable: false, reason: 'sealed', dataClass: 'name' });
    expect(cases.dimensions.find((d: { key: string }) => d.key === 'channel')).toMatchObject({ reportable: true });
  });

  it('runs tasks, SLA targets and routing decisions through the case’s policy', async () => {
    for (const subject of ['tasks', 'sla-targets', 'routing-decisions']) {
      const res = await run(branchReader, { subject, groupBy: ['case-department'], measures: ['count'], filter: PERIOD, chart: 'table' });
      expect(res.statusCode, res.body).toBe(200);
      for (const row of res.json().rows) expect(row.keys).toEqual([branchA]);
    }
    const decisions = await run(admin, { subject: 'routing-decisions', groupBy: [], measures: ['count'], filter: PERIOD, chart: 'table' });
    const [{ n }] = (await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM routing.decision d JOIN cases.case c ON c.id = d.case_id WHERE d.decided_at >= '${PERIOD.from}'::date::timestamp AT TIME ZONE 'Asia/Shanghai'`,
    )) as [{ n: number }];
    expect(decisions.json().total).toEqual([n]);
  });

  it('refuses bad definitions with 400 naming the field, and readers without analytics:read with 403', async () => {
    const unknown = expectProblem(await run(admin, { subject: 'cases', groupBy: ['nope'], measures: ['count'], chart: 'bar' }), 400, 'validation-failed');
    expect(unknown.errors).toEqual([{ field: 'definition.groupBy.0', reason: 'no dimension nope for cases' }]);
    const sankey = expectProblem(await run(admin, { subject: 'cases', groupBy: ['channel'], measures: ['count'], chart: 'sankey' }), 400, 'validation-failed');
    expect(sankey.errors?.[0]?.field).toBe('definition.chart');
    const period = expectProblem(await run(admin, { subject: 'cases', groupBy: [], measures: ['count'], filter: { from: '2026-11-10', to: '2026-11-01' }, chart: 'table' }), 400, 'validation-failed');
    expect(period.errors?.[0]?.field).toBe('definition.filter.from');
    expectProblem(await run(outsider, { subject: 'cases', groupBy: [], measures: ['count'], chart: 'table' }), 403, 'forbidden');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/analytics/report-subjects', headers: bearer(outsider) }), 403, 'forbidden');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/analytics/reports', headers: bearer(outsider) }), 403, 'forbidden');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/analytics/boards', headers: bearer(outsider) }), 403, 'forbidden');
  });
});

describe('saved reports, sharing, export and boards', () => {
  const byCategory = { subject: 'cases', groupBy: ['category'], measures: ['count'], periodDays: 30, chart: 'bar' };
  const byChannel = { subject: 'cases', groupBy: ['channel'], measures: ['count'], periodDays: 30, chart: 'bar' };

  it('shares a report with roles: each reader runs it with their own policy; others do not find it', async () => {
    const saved = await t.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/reports',
      headers: bearer(admin),
      payload: { name: '投诉类别', definition: byCategory, sharedWithRoles: ['analyst', 'branch-analyst'] },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const report = saved.json();
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/analytics/reports', headers: bearer(maskedAnalyst) })).json();
    expect(list.items.map((r: { id: string }) => r.id)).toContain(report.id);
    // The analyst sees category masked: the shared report does not open it for them.
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/analytics/reports/${report.id}/result`, headers: bearer(maskedAnalyst) }), 403, 'analytics-field-not-reportable');
    const branch = await t.app.inject({ method: 'GET', url: `/api/v1/analytics/reports/${report.id}/result`, headers: bearer(branchReader) });
    expect(branch.statusCode, branch.body).toBe(200);
    expect(branch.json().total).toEqual([4]);
    // Not shared with the agent's role: as if it did not exist.
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/analytics/reports/${report.id}`, headers: bearer(agent) }), 404, 'analytics-report-not-found');
    // A reader it is shared with may not change it.
    const change = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/analytics/reports/${report.id}`,
      headers: { ...bearer(branchReader), 'if-match': '"1"' },
      payload: { name: 'x', definition: byChannel },
    });
    expectProblem(change, 403, 'forbidden');
    expect((await t.sql<{ name: string }>('SELECT name FROM analytics.report WHERE id = $1', [report.id]))[0]!.name).toBe('投诉类别');
  });

  it('refuses saving without analytics:design, a stale version, and a masked grouping at save time', async () => {
    const before = await t.sql('SELECT count(*)::int AS n FROM analytics.report');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/analytics/reports', headers: bearer(agent), payload: { name: 'x', definition: byChannel } }), 403, 'forbidden');
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/api/v1/analytics/reports', headers: bearer(maskedAnalyst), payload: { name: 'x', definition: byCategory } }),
      403,
      'analytics-field-not-reportable',
    );
    const badRole = expectProblem(
      await t.app.inject({ method: 'POST', url: '/api/v1/analytics/reports', headers: bearer(admin), payload: { name: 'x', definition: byChannel, sharedWithRoles: ['nobody'] } }),
      400,
      'validation-failed',
    );
    expect(badRole.errors?.[0]?.field).toBe('sharedWithRoles.0');
    expect(await t.sql('SELECT count(*)::int AS n FROM analytics.report')).toEqual(before);

    const saved = (await t.app.inject({ method: 'POST', url: '/api/v1/analytics/reports', headers: bearer(branchReader), payload: { name: '渠道', definition: byChannel } })).json();
    const first = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/analytics/reports/${saved.id}`,
      headers: { ...bearer(branchReader), 'if-match': '"1"' },
      payload: { name: '渠道分布', definition: byChannel },
    });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/analytics/reports/${saved.id}`,
      headers: { ...bearer(branchReader), 'if-match': '"1"' },
      payload: { name: 'late', definition: byChannel },
    });
    expectProblem(stale, 412, 'analytics-report-version-stale');
    expect((await t.sql<{ name: string }>('SELECT name FROM analytics.report WHERE id = $1', [saved.id]))[0]!.name).toBe('渠道分布');
  });

  it('exports CSV and XLSX of what the reader may see, audited; without analytics:export nothing leaves', async () => {
    const saved = (
      await t.app.inject({ method: 'POST', url: '/api/v1/analytics/reports', headers: bearer(branchReader), payload: { name: '渠道导出', definition: byChannel, sharedWithRoles: ['agent'] } })
    ).json();
    const csv = await t.app.inject({ method: 'GET', url: `/api/v1/analytics/reports/${saved.id}/export?format=csv`, headers: bearer(branchReader) });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="report-.*\.csv"/);
    expect(csv.body.replace('\uFEFF', '').split('\r\n')).toEqual(['channel,count', 'phone,2', 'branch,1', 'web,1', '']);
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/v1/analytics/reports/${saved.id}/export?format=xlsx`, headers: bearer(branchReader) });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as never);
    expect(book.worksheets[0]!.getRow(2).values).toEqual([undefined, 'phone', 2]);
    const audited = await t.sql<{ data: { format: string; rows: number } }>("SELECT data FROM audit.event WHERE action = 'analytics.report-exported' AND target_id = $1 ORDER BY id", [saved.id]);
    expect(audited.map((a) => a.data.format)).toEqual(['csv', 'xlsx']);

    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/analytics/reports/${saved.id}/export?format=csv`, headers: bearer(agent) }), 403, 'forbidden');
    expect(await t.sql("SELECT 1 FROM audit.event WHERE action = 'analytics.report-exported' AND target_id = $1", [saved.id])).toHaveLength(2);
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/analytics/reports/${saved.id}/export?format=pdf`, headers: bearer(branchReader) }), 400, 'validation-failed');
  });

  it('places reports on a board shared with roles', async () => {
    const report = (await t.app.inject({ method: 'POST', url: '/api/v1/analytics/reports', headers: bearer(admin), payload: { name: '总量', definition: byChannel } })).json();
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/analytics/boards', headers: bearer(agent), payload: { name: 'b', tiles: [] } }), 403, 'forbidden');
    expect(await t.sql('SELECT 1 FROM analytics.board')).toHaveLength(0);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/boards',
      headers: bearer(branchReader),
      payload: { name: 'b', tiles: [{ reportId: report.id, x: 0, y: 0, w: 6, h: 4 }] },
    });
    expect(expectProblem(refused, 400, 'validation-failed').errors?.[0]?.field).toBe('tiles.0.reportId');
    const board = await t.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/boards',
      headers: bearer(admin),
      payload: { name: '管理看板', tiles: [{ reportId: report.id, x: 0, y: 0, w: 6, h: 4 }], sharedWithRoles: ['branch-analyst'] },
    });
    expect(board.statusCode, board.body).toBe(201);
    const boards = (await t.app.inject({ method: 'GET', url: '/api/v1/analytics/boards', headers: bearer(branchReader) })).json();
    expect(boards.items.map((b: { name: string }) => b.name)).toEqual(['管理看板']);
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/analytics/boards/${board.json().id}`, headers: bearer(maskedAnalyst) }), 404, 'analytics-board-not-found');
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/analytics/boards/${board.json().id}`, headers: { ...bearer(admin), 'if-match': '"1"' } });
    expect(deleted.statusCode).toBe(204);
  });
});

describe('schedules', () => {
  it("e-mails the export at the local time with the owner's policy, audited, and plans the next run", async () => {
    const saved = await t.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/reports',
      headers: bearer(branchReader),
      payload: {
        name: '每日渠道',
        definition: { subject: 'cases', groupBy: ['channel'], measures: ['count'], periodDays: 30, chart: 'table' },
        schedule: { frequency: 'daily', at: '08:30', recipients: ['head@bank.example'], format: 'csv' },
      },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const id = saved.json().id;
    const [job] = await t.sql<{ due_at: Date }>("SELECT due_at FROM platform.job WHERE kind = 'analytics.report-schedule' AND key LIKE $1", [`${id}:%`]);
    expect(job!.due_at.toISOString()).toBe('2026-11-11T00:30:00.000Z'); // 08:30 tomorrow in Shanghai

    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/analytics/reports/${id}`,
      headers: { ...bearer(branchReader), 'if-match': '"1"' },
      payload: {
        name: 'x',
        definition: { subject: 'cases', groupBy: [], measures: ['count'], chart: 'table' },
        schedule: { frequency: 'weekly', at: '25:00', recipients: ['a@b.example'], format: 'csv' },
      },
    });
    expect(expectProblem(bad, 400, 'validation-failed').errors?.map((e) => e.field)).toEqual(['schedule.at', 'schedule.weekday']);

    const handlers = createJobHandlers();
    registerReportScheduleJobs(handlers, { smtpUrl: smtp.url, from: 'Docket <docket@bank.example>' });
    const runner = testJobRunner(t, { clock, handlers });
    clock.advanceMs(23 * 3_600_000);
    await runner.runDue(clock.now());
    await smtp.waitFor(1);
    const mail = smtp.messages[0]!;
    expect(mail.envelopeTo).toEqual(['head@bank.example']);
    const attachment = mail.attachments[0]!;
    // The owner is a branch reader: only the branch's 4 complaints, not the bank's 8 cases.
    expect(attachment.content.toString('utf8').replace('\uFEFF', '').split('\r\n')).toEqual(['channel,count', 'phone,2', 'branch,1', 'web,1', '']);
    const sent = await t.sql<{ data: { recipients: string[] } }>("SELECT data FROM audit.event WHERE action = 'analytics.report-schedule-sent' AND target_id = $1", [id]);
    expect(sent.map((s) => s.data.recipients)).toEqual([['head@bank.example']]);
    const next = await t.sql<{ due_at: Date }>("SELECT due_at FROM platform.job WHERE kind = 'analytics.report-schedule' AND key LIKE $1 AND state = 'pending'", [`${id}:%`]);
    expect(next.map((n) => n.due_at.toISOString())).toEqual(['2026-11-12T00:30:00.000Z']);
  });
});
