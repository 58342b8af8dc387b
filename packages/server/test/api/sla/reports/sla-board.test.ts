import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../helpers/test-app.ts';
import { createSlaReportWorld, type SlaReportWorld } from './sla-report-world.ts';

interface BoardGroup {
  departmentId: string | null;
  departmentName: string | null;
  queue: string | null;
  counts: { onTrack: number; atRisk: number; breached: number; paused: number };
  cases: { id: string; number: string; title: string; assigneeId: string | null; assigneeName: string | null; dueAt: string | null; slaState: string; version: number; canAssign: boolean }[];
}

const NOW = '2026-03-02T06:00:00.000Z';
const hoursFromNow = (h: number) => new Date(Date.parse(NOW) + h * 3_600_000).toISOString();

describe('GET /api/v1/sla/board', () => {
  let w: SlaReportWorld;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await createSlaReportWorld(NOW);
    const bj = { departmentId: w.dept.BJ, queue: 'complaints' };
    // BJ / complaints: one of each state, soonest due first: breached, at-risk, on-track; a paused one without due.
    const make = async (label: string, payload: Record<string, unknown>, dueInHours: number | null, state: string | null, status?: { status: string; category: string }) => {
      const c = await w.createCase(payload);
      ids[label] = c.id;
      await w.setSla(c.id, dueInHours === null ? null : hoursFromNow(dueInHours), state, status);
    };
    await make('bjOnTrack', { ...bj, title: 'On track', assigneeId: w.userIds['agent.bj'] }, 20, 'on-track');
    await make('bjBreached', { ...bj, title: 'Breached', assigneeId: w.userIds['agent.bj'] }, -1, 'breached');
    await make('bjAtRisk', { ...bj, title: '客户13812345678来电投诉' }, 1, 'at-risk');
    await make('bjPaused', { ...bj, title: 'Waiting on the customer' }, null, 'paused', { status: 'pending', category: 'waiting' });
    // Not on the board: resolved, or no SLA state.
    await make('bjResolved', { ...bj, title: 'Resolved late' }, -5, 'breached', { status: 'resolved', category: 'resolved' });
    await make('bjNoSla', { ...bj, title: 'No policy matched' }, null, null);
    // BJ / general and SH / complaints.
    await make('bjGeneral', { departmentId: w.dept.BJ, queue: 'general', title: 'General on track' }, 30, 'on-track');
    await make('shAtRisk', { departmentId: w.dept.SH, queue: 'complaints', title: 'Shanghai at risk' }, 2, 'at-risk');
  });
  afterAll(() => w.t.close());

  const board = async (token: string, query: Record<string, string> = {}) => {
    const res = await w.api(token, '/sla/board', query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { now: string; groups: BoardGroup[] };
  };

  it('shows a branch supervisor the unfinished cases of the own branch only, by queue, with complete counts and soonest due first', async () => {
    // when
    const body = await board(w.tokens['supervisor.bj']!);
    // then
    expect(body.now).toBe(NOW);
    expect(body.groups.map((g) => [g.departmentName, g.queue])).toEqual([
      ['BJ branch', 'complaints'],
      ['BJ branch', 'general'],
    ]);
    const complaints = body.groups[0]!;
    expect(complaints.counts).toEqual({ onTrack: 1, atRisk: 1, breached: 1, paused: 1 });
    expect(complaints.cases.map((c) => c.id)).toEqual([ids.bjBreached, ids.bjAtRisk, ids.bjOnTrack, ids.bjPaused]);
    expect(complaints.cases[0]).toMatchObject({ assigneeId: w.userIds['agent.bj'], assigneeName: 'agent.bj name', dueAt: hoursFromNow(-1), slaState: 'breached', version: 1, canAssign: true });
    expect(complaints.cases[3]).toMatchObject({ dueAt: null, slaState: 'paused' });
    expect(body.groups[1]!.counts).toEqual({ onTrack: 1, atRisk: 0, breached: 0, paused: 0 });
  });

  it('masks titles as the case list does', async () => {
    // given: the list's title of the case with a phone number in it
    const list = await w.api(w.tokens['supervisor.bj']!, '/cases', { queue: 'complaints' });
    const listed = (list.json().items as { id: string; title: string }[]).find((c) => c.id === ids.bjAtRisk)!;
    // when
    const body = await board(w.tokens['supervisor.bj']!);
    // then
    const shown = body.groups[0]!.cases.find((c) => c.id === ids.bjAtRisk)!;
    expect(shown.title).toBe(listed.title);
    expect(shown.title).not.toContain('13812345678');
  });

  it('shows another branch supervisor nothing of BJ, and the auditor of head office both branches, most breached first', async () => {
    const sh = await board(w.tokens['supervisor.sh']!);
    expect(sh.groups.map((g) => [g.departmentName, g.queue, g.cases.map((c) => c.id)])).toEqual([['SH branch', 'complaints', [ids.shAtRisk]]]);
    const auditor = await board(w.tokens.auditor!);
    // The auditor reads but may not assign: the board offers no reassign.
    expect(auditor.groups.flatMap((g) => g.cases).every((c) => c.canAssign === false)).toBe(true);
    expect(auditor.groups.map((g) => [g.departmentName, g.queue])).toEqual([
      ['BJ branch', 'complaints'],
      ['SH branch', 'complaints'],
      ['BJ branch', 'general'],
    ]);
  });

  it('lists only the risks asked for while the counts stay complete, and narrows by department, queue and case type', async () => {
    // when
    const risky = await board(w.admin, { risk: 'at-risk,breached' });
    // then
    expect(risky.groups.map((g) => [g.departmentName, g.queue, g.cases.map((c) => c.id)])).toEqual([
      ['BJ branch', 'complaints', [ids.bjBreached, ids.bjAtRisk]],
      ['SH branch', 'complaints', [ids.shAtRisk]],
    ]);
    expect(risky.groups[0]!.counts).toEqual({ onTrack: 1, atRisk: 1, breached: 1, paused: 1 });
    expect((await board(w.admin, { departmentId: w.dept.SH })).groups.map((g) => g.departmentName)).toEqual(['SH branch']);
    expect((await board(w.admin, { queue: 'general' })).groups.map((g) => g.cases.map((c) => c.id))).toEqual([[ids.bjGeneral]]);
    expect((await board(w.admin, { caseType: 'consultation' })).groups).toEqual([]);
  });

  it('lists at most 50 cases a group, soonest due first, and counts them all', async () => {
    // given: 52 at-risk cases in one queue
    const created: string[] = [];
    for (let i = 0; i < 52; i++) {
      const c = await w.createCase({ departmentId: w.dept.SH, queue: 'bulk', title: `Bulk ${i}` });
      await w.setSla(c.id, hoursFromNow(3 + i / 10), 'at-risk');
      created.push(c.id);
    }
    // when
    const body = await board(w.admin, { queue: 'bulk' });
    // then
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]!.counts.atRisk).toBe(52);
    expect(body.groups[0]!.cases.map((c) => c.id)).toEqual(created.slice(0, 50));
  });

  it('reflects a reassign made with the version the board gave (If-Match), and refuses a stale one', async () => {
    // given
    const before = (await board(w.tokens['supervisor.bj']!)).groups[0]!.cases.find((c) => c.id === ids.bjAtRisk)!;
    const patch = (version: number) =>
      w.t.app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/${ids.bjAtRisk}`,
        headers: { authorization: `Bearer ${w.tokens['supervisor.bj']}`, 'if-match': `"${version}"` },
        payload: { assigneeId: w.userIds['supervisor.bj'] },
      });
    // when
    const res = await patch(before.version);
    // then
    expect(res.statusCode, res.body).toBe(200);
    const after = (await board(w.tokens['supervisor.bj']!)).groups[0]!.cases.find((c) => c.id === ids.bjAtRisk)!;
    expect(after).toMatchObject({ assigneeId: w.userIds['supervisor.bj'], assigneeName: 'supervisor.bj name', version: before.version + 1 });
    expectProblem(await patch(before.version), 412, 'case-version-stale');
  });

  it('refuses an unknown risk with 400 naming risk', async () => {
    const problem = expectProblem(await w.api(w.admin, '/sla/board', { risk: 'at-risk,late' }), 400, 'validation-failed');
    expect(problem.errors).toEqual([{ field: 'risk', reason: expect.stringContaining('late') }]);
  });

  it('refuses an agent, who holds no sla:read, with 403', async () => {
    expectProblem(await w.api(w.tokens['agent.bj']!, '/sla/board'), 403, 'forbidden');
  });
});
