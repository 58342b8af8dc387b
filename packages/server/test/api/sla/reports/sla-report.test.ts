import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../helpers/test-app.ts';
import { createSlaReportWorld, type SlaReportWorld } from './sla-report-world.ts';

const NOW = '2026-03-31T00:00:00.000Z';
const MARCH = { from: '2026-03-01T00:00:00Z', to: '2026-03-31T00:00:00Z' };

// A known set of clocks in March 2026 (business seconds in elapsed_seconds):
//   BJ complaint A  resolution met 03-10, 3600 s, on time; first response met 03-09, 600 s, on time
//   BJ complaint B  resolution met 03-12, 7200 s, breached 03-11; first response met 03-10, 1200 s, breached 03-10
//   BJ consultation C  resolution met 03-15, 1800 s, on time
//   SH complaint D  resolution met 03-20, 36000 s, on time
//   BJ complaint E  resolution still running, breached 03-25
//   BJ complaint F  resolution met 02-20 and breached 02-19: before the period
describe('GET /api/v1/sla/report', () => {
  let w: SlaReportWorld;

  beforeAll(async () => {
    w = await createSlaReportWorld(NOW);
    const bj = { departmentId: w.dept.BJ, queue: 'complaints' };
    const A = await w.createCase(bj);
    const B = await w.createCase(bj);
    const C = await w.createCase({ type: 'consultation', title: 'A question', fields: { question: 'When?' }, departmentId: w.dept.BJ, queue: 'general' });
    const D = await w.createCase({ departmentId: w.dept.SH, queue: 'complaints' });
    const E = await w.createCase(bj);
    const F = await w.createCase(bj);
    const met = (caseId: string, kind: 'resolution' | 'first-response', stoppedAt: string, elapsedSeconds: number, breachedAt?: string) =>
      w.insertClock({ caseId, kind, state: 'met', startedAt: '2026-02-01T00:00:00Z', stoppedAt, elapsedSeconds, breachedAt });
    await met(A.id, 'resolution', '2026-03-10T08:00:00Z', 3600);
    await met(A.id, 'first-response', '2026-03-09T08:00:00Z', 600);
    await met(B.id, 'resolution', '2026-03-12T08:00:00Z', 7200, '2026-03-11T08:00:00Z');
    await met(B.id, 'first-response', '2026-03-10T09:00:00Z', 1200, '2026-03-10T08:00:00Z');
    await met(C.id, 'resolution', '2026-03-15T08:00:00Z', 1800);
    await met(D.id, 'resolution', '2026-03-20T08:00:00Z', 36000);
    await w.insertClock({ caseId: E.id, kind: 'resolution', state: 'running', startedAt: '2026-03-20T00:00:00Z', dueAt: '2026-03-25T00:00:00Z', breachedAt: '2026-03-25T00:00:00Z' });
    await met(F.id, 'resolution', '2026-02-20T08:00:00Z', 999, '2026-02-19T08:00:00Z');
  });
  afterAll(() => w.t.close());

  const report = async (token: string, query: Record<string, string> = {}) => {
    const res = await w.api(token, '/sla/report', query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('returns closure and first-response rates, breaches, average and p90 business time by case type', async () => {
    // when
    const body = await report(w.admin, { ...MARCH, groupBy: 'caseType' });
    // then
    expect(body).toMatchObject({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-31T00:00:00.000Z', groupBy: 'caseType' });
    expect(body.rows).toEqual([
      {
        key: 'consultation',
        label: '咨询 Consultation',
        closed: 1,
        closedOnTime: 1,
        onTimeClosureRate: 1,
        responded: 0,
        respondedOnTime: 0,
        firstResponseRate: null,
        breaches: 0,
        avgResolutionSeconds: 1800,
        p90ResolutionSeconds: 1800,
        avgFirstResponseSeconds: null,
        p90FirstResponseSeconds: null,
      },
      {
        key: 'complaint',
        label: '投诉 Complaint',
        closed: 3,
        closedOnTime: 2,
        onTimeClosureRate: 0.6667,
        responded: 2,
        respondedOnTime: 1,
        firstResponseRate: 0.5,
        breaches: 3,
        avgResolutionSeconds: 15600,
        p90ResolutionSeconds: 30240,
        avgFirstResponseSeconds: 900,
        p90FirstResponseSeconds: 1140,
      },
    ]);
    expect(body.totals).toEqual({
      closed: 4,
      closedOnTime: 3,
      onTimeClosureRate: 0.75,
      responded: 2,
      respondedOnTime: 1,
      firstResponseRate: 0.5,
      breaches: 3,
      avgResolutionSeconds: 12150,
      p90ResolutionSeconds: 27360,
      avgFirstResponseSeconds: 900,
      p90FirstResponseSeconds: 1140,
    });
  });

  it('defaults to the last 30 days by case type', async () => {
    const body = await report(w.admin);
    expect(body).toMatchObject({ from: '2026-03-01T00:00:00.000Z', to: NOW, groupBy: 'caseType' });
    expect(body.totals.closed).toBe(4);
  });

  it('groups by department and queue, and narrows by case type, department and queue', async () => {
    const byDepartment = await report(w.admin, { ...MARCH, groupBy: 'department' });
    expect(byDepartment.rows.map((r: { key: string; label: string; closed: number }) => [r.key, r.label, r.closed])).toEqual([
      [w.dept.BJ, 'BJ branch', 3],
      [w.dept.SH, 'SH branch', 1],
    ]);
    const byQueue = await report(w.admin, { ...MARCH, groupBy: 'queue', caseType: 'complaint' });
    expect(byQueue.rows.map((r: { key: string; closed: number; breaches: number }) => [r.key, r.closed, r.breaches])).toEqual([['complaints', 3, 3]]);
    const sh = await report(w.admin, { ...MARCH, departmentId: w.dept.SH });
    expect(sh.totals).toMatchObject({ closed: 1, closedOnTime: 1, breaches: 0, avgResolutionSeconds: 36000 });
    const general = await report(w.admin, { ...MARCH, queue: 'general' });
    expect(general.totals).toMatchObject({ closed: 1, avgResolutionSeconds: 1800 });
  });

  it("counts only the clocks of cases the reader may read: a branch supervisor sees the own branch's figures", async () => {
    const bj = await report(w.tokens['supervisor.bj']!, { ...MARCH, groupBy: 'department' });
    expect(bj.rows.map((r: { key: string }) => r.key)).toEqual([w.dept.BJ]);
    expect(bj.totals).toMatchObject({ closed: 3, closedOnTime: 2, responded: 2, breaches: 3, avgResolutionSeconds: 4200, p90ResolutionSeconds: 6480 });
    const sh = await report(w.tokens['supervisor.sh']!, MARCH);
    expect(sh.totals).toMatchObject({ closed: 1, responded: 0, firstResponseRate: null, breaches: 0 });
  });

  it('answers null rates and no rows when nothing happened in the period', async () => {
    const body = await report(w.admin, { from: '2025-01-01T00:00:00+08:00', to: '2025-02-01T00:00:00+08:00' });
    expect(body.rows).toEqual([]);
    expect(body.totals).toEqual({
      closed: 0,
      closedOnTime: 0,
      onTimeClosureRate: null,
      responded: 0,
      respondedOnTime: 0,
      firstResponseRate: null,
      breaches: 0,
      avgResolutionSeconds: null,
      p90ResolutionSeconds: null,
      avgFirstResponseSeconds: null,
      p90FirstResponseSeconds: null,
    });
  });

  it('exports the same figures as CSV with labels and figures only', async () => {
    // when
    const res = await w.api(w.admin, '/sla/report', { ...MARCH, format: 'csv' });
    // then
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'groupBy,key,label,from,to,closed,closedOnTime,onTimeClosureRate,responded,respondedOnTime,firstResponseRate,breaches,avgResolutionSeconds,p90ResolutionSeconds,avgFirstResponseSeconds,p90FirstResponseSeconds',
    );
    expect(lines).toContain('caseType,complaint,投诉 Complaint,2026-03-01T00:00:00.000Z,2026-03-31T00:00:00.000Z,3,2,0.6667,2,1,0.5,3,15600,30240,900,1140');
    expect(lines.at(-1)).toBe('caseType,total,,2026-03-01T00:00:00.000Z,2026-03-31T00:00:00.000Z,4,3,0.75,2,1,0.5,3,12150,27360,900,1140');
    expect(res.body).not.toContain('张三');
    expect(res.body).not.toContain('客户投诉');
  });

  it('refuses bad dates, an unknown grouping or format with 400 naming the field', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ groupBy: 'customer' }, 'groupBy'],
      [{ from: '2026-03-01' }, 'from'],
      [{ from: '2026-03-01T00:00:00' }, 'from'],
      [{ to: 'yesterday' }, 'to'],
      [{ from: '2026-03-10T00:00:00Z', to: '2026-03-01T00:00:00Z' }, 'to'],
      [{ format: 'xlsx' }, 'format'],
    ];
    for (const [query, field] of cases) {
      const problem = expectProblem(await w.api(w.admin, '/sla/report', query), 400, 'validation-failed');
      expect(problem.errors?.map((e) => e.field)).toEqual([field]);
    }
  });

  it('refuses an agent, who holds no sla:read, with 403, in JSON and CSV', async () => {
    expectProblem(await w.api(w.tokens['agent.bj']!, '/sla/report'), 403, 'forbidden');
    expectProblem(await w.api(w.tokens['agent.bj']!, '/sla/report', { format: 'csv' }), 403, 'forbidden');
  });
});
