import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUpReadModel, rebuildReadModel } from '../../../../src/modules/analytics/index.ts';
import { expectProblem } from '../../../helpers/test-app.ts';
import { createDashboardHistory, type DashboardHistory, NOW, PERIOD, type Reader } from './dashboard-history.ts';

// Every figure of the dashboard, the cockpit and the drill-down against the same figure worked
// out here from the DOMAIN tables (cases.case, audit.event, sla.target), never from the facts.

interface DomainCase {
  id: string;
  type_key: string;
  channel: string;
  department_id: string | null;
  assignee_id: string | null;
  status_category: string;
  created_at: Date;
  resolved_at: Date | null;
  created_day: string;
  resolved_day: string | null;
  reopened: boolean;
  handed_off: boolean;
  assignees: number;
  met: number;
  breached: number;
}

let h: DashboardHistory;

beforeAll(async () => {
  h = await createDashboardHistory();
  await catchUpReadModel(h.t.database.db);
}, 60_000);
afterAll(async () => h?.t.close());

/** The reader's cases as the domain holds them, with what each figure needs to know. */
async function domainCases(reader: Reader): Promise<DomainCase[]> {
  return h.t.sql<DomainCase>(`
    SELECT c.id, c.type_key, coalesce(c.channel, '') AS channel, c.department_id, c.assignee_id, c.status_category, c.created_at, r.resolved_at,
           to_char((c.created_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS created_day,
           to_char((r.resolved_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS resolved_day,
           -- The history's case types have the default lifecycle: resolved/closed are done, new/open/pending unfinished.
           EXISTS (SELECT 1 FROM audit.event e WHERE e.case_id = c.id AND e.action = 'case.status-changed'
                      AND jsonb_path_exists(e.changes, '$[*] ? (@.field == "status" && (@.before == "resolved" || @.before == "closed") && (@.after == "new" || @.after == "open" || @.after == "pending"))')) AS reopened,
           EXISTS (SELECT 1 FROM audit.event e WHERE e.case_id = c.id AND e.action <> 'case.created'
                      AND jsonb_path_exists(e.changes, '$[*] ? (@.field == "departmentId")')) AS handed_off,
           (SELECT count(DISTINCT x.a) FROM audit.event e, jsonb_path_query(e.changes, '$[*] ? (@.field == "assigneeId").after') AS x(a)
             WHERE e.case_id = c.id AND x.a <> 'null'::jsonb)::int AS assignees,
           (SELECT count(*) FROM sla.target s WHERE s.case_id = c.id AND s.state = 'met' AND s.breached_at IS NULL)::int AS met,
           (SELECT count(*) FROM sla.target s WHERE s.case_id = c.id AND s.breached_at IS NOT NULL)::int AS breached
      FROM cases.case c
      -- Resolved means resolved or closed now; a reopened case is resolved again only when it is.
      CROSS JOIN LATERAL (SELECT CASE WHEN c.status_category IN ('resolved', 'closed') THEN coalesce(c.resolved_at, c.closed_at) END AS resolved_at) r
     WHERE ${h.policySql(reader)}`);
}

const inPeriod = (day: string | null) => day !== null && day >= PERIOD.from && day <= PERIOD.to;
const unfinished = (c: DomainCase) => c.status_category === 'open' || c.status_category === 'waiting';
const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const ids = (cs: DomainCase[]) => cs.map((c) => c.id).sort();
const AGE_DAYS: Record<string, [number, number]> = { lt1d: [0, 1], '1to3d': [1, 3], '3to7d': [3, 7], '7to30d': [7, 30], gt30d: [30, Infinity] };
const ageDays = (c: DomainCase) => (NOW.getTime() - c.created_at.getTime()) / 86_400_000;
const inAge = (c: DomainCase, bucket: string) => ageDays(c) >= AGE_DAYS[bucket]![0] && ageDays(c) < AGE_DAYS[bucket]![1];

/** The cases each drill metric should list, by the dashboard's definitions. */
const metricCases: Record<string, (cs: DomainCase[]) => DomainCase[]> = {
  created: (cs) => cs.filter((c) => inPeriod(c.created_day)),
  resolved: (cs) => cs.filter((c) => inPeriod(c.resolved_day)),
  'first-contact-resolved': (cs) => cs.filter((c) => inPeriod(c.resolved_day) && !c.reopened && !c.handed_off && c.assignees <= 1),
  reopened: (cs) => cs.filter((c) => inPeriod(c.resolved_day) && c.reopened),
  'sla-met': (cs) => cs.filter((c) => inPeriod(c.created_day) && c.met > 0),
  'sla-breached': (cs) => cs.filter((c) => inPeriod(c.created_day) && c.breached > 0),
  backlog: (cs) => cs.filter(unfinished),
};

async function dashboard(reader: Reader, query: Record<string, string> = {}) {
  const res = await h.get(reader, '/analytics/dashboard', { ...PERIOD, ...query });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function drillAll(reader: Reader, query: Record<string, string>): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await h.get(reader, '/analytics/drill', { ...PERIOD, ...query, limit: '4', ...(cursor ? { cursor } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: { id: string }[]; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(4);
    found.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor !== null);
  expect(new Set(found).size).toBe(found.length);
  return found.sort();
}

describe('GET /api/v1/analytics/dashboard', () => {
  it.each([
    ['admin', 'rollup'],
    ['supervisor.bj', 'rollup'],
    ['agent.bj', 'facts'],
  ] as const)('gives %s every figure equal to the domain tables’ (from %s)', async (reader, source) => {
    // given
    const cs = await domainCases(reader);
    const created = metricCases.created!(cs);
    const resolved = metricCases.resolved!(cs);
    const met = sum(created.map((c) => c.met));
    const breached = sum(created.map((c) => c.breached));
    // when
    const body = await dashboard(reader);
    // then
    expect(body.source).toBe(source);
    expect(body.period).toEqual(PERIOD);
    expect(created.length).toBeGreaterThan(0);
    if (reader === 'admin') {
      // The history holds every kind of figure: late and on-time cases, reopenings, hand-overs, old backlog.
      expect([breached, met, metricCases.reopened!(cs).length, cs.filter((c) => c.handed_off).length, cs.filter((c) => unfinished(c) && inAge(c, 'gt30d')).length].every((n) => n > 0)).toBe(true);
    }
    expect(body.totals).toEqual({
      created: created.length,
      resolved: resolved.length,
      backlog: cs.filter(unfinished).length,
      slaMetOnTime: met,
      slaBreached: breached,
      onTimeRate: rate(met, met + breached),
      firstContactResolved: metricCases['first-contact-resolved']!(cs).length,
      firstContactResolutionRate: rate(metricCases['first-contact-resolved']!(cs).length, resolved.length),
      reopened: metricCases.reopened!(cs).length,
      reopenRate: rate(metricCases.reopened!(cs).length, resolved.length),
      // No follow-up process runs in this history: nobody rated anything.
      satisfactionAverage: null,
      satisfactionCount: 0,
    });
    expect(body.byDay).toHaveLength(7);
    for (const d of body.byDay) {
      const dayMet = sum(created.filter((c) => c.created_day === d.day).map((c) => c.met));
      const dayBreached = sum(created.filter((c) => c.created_day === d.day).map((c) => c.breached));
      expect(d).toEqual({
        day: d.day,
        created: created.filter((c) => c.created_day === d.day).length,
        resolved: resolved.filter((c) => c.resolved_day === d.day).length,
        slaMetOnTime: dayMet,
        slaBreached: dayBreached,
        onTimeRate: rate(dayMet, dayMet + dayBreached),
      });
    }
    const groupBy = (key: (c: DomainCase) => string) => {
      const keys = [...new Set([...created, ...resolved].map(key))];
      return Object.fromEntries(keys.map((k) => [k, { created: created.filter((c) => key(c) === k).length, resolved: resolved.filter((c) => key(c) === k).length }]));
    };
    expect(Object.fromEntries(body.byType.map((t: { key: string; created: number; resolved: number }) => [t.key, { created: t.created, resolved: t.resolved }]))).toEqual(groupBy((c) => c.type_key));
    expect(Object.fromEntries(body.byChannel.map((t: { key: string; created: number; resolved: number }) => [t.key, { created: t.created, resolved: t.resolved }]))).toEqual(groupBy((c) => c.channel));
    expect(body.backlogByAge).toEqual(['lt1d', '1to3d', '3to7d', '7to30d', 'gt30d'].map((bucket) => ({ bucket, count: cs.filter((c) => unfinished(c) && inAge(c, bucket)).length })));
    const people = new Set(cs.filter((c) => c.assignee_id !== null && (unfinished(c) || inPeriod(c.resolved_day))).map((c) => c.assignee_id!));
    expect(
      Object.fromEntries(body.workloadByPerson.map((p: { userId: string; open: number; resolvedInPeriod: number }) => [p.userId, { open: p.open, resolvedInPeriod: p.resolvedInPeriod }])),
    ).toEqual(
      Object.fromEntries(
        [...people].map((id) => [id, { open: cs.filter((c) => c.assignee_id === id && unfinished(c)).length, resolvedInPeriod: resolved.filter((c) => c.assignee_id === id).length }]),
      ),
    );
    const teams = new Set([...created, ...resolved, ...cs.filter(unfinished)].map((c) => c.department_id));
    expect(
      Object.fromEntries(
        body.workloadByTeam.map((w: { departmentId: string; created: number; resolvedInPeriod: number; open: number; onTimeRate: number | null }) => [
          w.departmentId,
          { created: w.created, resolvedInPeriod: w.resolvedInPeriod, open: w.open, onTimeRate: w.onTimeRate },
        ]),
      ),
    ).toEqual(
      Object.fromEntries(
        [...teams].map((id) => {
          const teamCreated = created.filter((c) => c.department_id === id);
          const teamMet = sum(teamCreated.map((c) => c.met));
          const teamBreached = sum(teamCreated.map((c) => c.breached));
          return [
            id,
            {
              created: teamCreated.length,
              resolvedInPeriod: resolved.filter((c) => c.department_id === id).length,
              open: cs.filter((c) => c.department_id === id && unfinished(c)).length,
              onTimeRate: rate(teamMet, teamMet + teamBreached),
            },
          ];
        }),
      ),
    );
  });

  it('keeps a branch supervisor’s figures to the branch: no Shanghai or head-office case counts', async () => {
    // given
    const all = await domainCases('admin');
    const elsewhere = all.filter((c) => c.department_id !== h.dept.BJ && c.department_id !== h.dept.BJ1 && inPeriod(c.created_day));
    expect(elsewhere.length).toBeGreaterThan(0);
    // when
    const branch = await dashboard('supervisor.bj');
    const bank = await dashboard('admin');
    // then
    expect(branch.totals.created).toBe(bank.totals.created - elsewhere.length);
    expect(branch.workloadByTeam.map((w: { departmentId: string }) => w.departmentId).sort()).toEqual([h.dept.BJ, h.dept.BJ1].sort());
    const listed = await drillAll('supervisor.bj', { metric: 'created' });
    expect(listed.filter((id) => elsewhere.some((c) => c.id === id))).toEqual([]);
    // Asking for another branch gives nothing of it, not an error that tells it exists.
    const sh = await dashboard('supervisor.bj', { departmentId: h.dept.SH });
    expect(sh.totals).toMatchObject({ created: 0, resolved: 0, backlog: 0 });
  });

  it('narrows by department subtree, case type and channel', async () => {
    const cs = metricCases.created!(await domainCases('admin'));
    expect((await dashboard('admin', { departmentId: h.dept.BJ })).totals.created).toBe(cs.filter((c) => c.department_id === h.dept.BJ || c.department_id === h.dept.BJ1).length);
    expect((await dashboard('admin', { caseType: 'consultation' })).totals.created).toBe(cs.filter((c) => c.type_key === 'consultation').length);
    expect((await dashboard('admin', { channel: 'wechat', caseType: 'complaint' })).totals.created).toBe(cs.filter((c) => c.channel === 'wechat' && c.type_key === 'complaint').length);
  });

  it('answers the same after a rebuild of the read model as after the projector’s catch-up', async () => {
    const before = await dashboard('agent.bj');
    await rebuildReadModel(h.t.database.db);
    expect(await dashboard('agent.bj')).toEqual(before);
  });
});

describe('GET /api/v1/analytics/drill', () => {
  it.each([
    ['admin', 'created', {}],
    ['admin', 'resolved', {}],
    ['admin', 'first-contact-resolved', {}],
    ['admin', 'reopened', {}],
    ['admin', 'sla-met', {}],
    ['supervisor.bj', 'sla-breached', {}],
    ['agent.bj', 'backlog', {}],
    ['agent.bj', 'resolved', {}],
    ['admin', 'backlog', { ageBucket: 'gt30d' }],
    ['admin', 'created', { day: '2026-06-16' }],
    ['admin', 'created', { caseType: 'consultation', channel: 'web' }],
  ] as const)('lists for %s exactly the cases the %s figure counted %j', async (reader, metric, extra) => {
    // given
    let expected = metricCases[metric]!(await domainCases(reader));
    const q = extra as Record<string, string>;
    if (q.ageBucket) expected = expected.filter((c) => inAge(c, q.ageBucket!));
    if (q.day) expected = expected.filter((c) => c.created_day === q.day);
    if (q.caseType) expected = expected.filter((c) => c.type_key === q.caseType && c.channel === q.channel);
    // when
    const listed = await drillAll(reader, { metric, ...q });
    // then
    expect(listed).toEqual(ids(expected));
  });

  it('lists the cases of one person’s and one team’s workload row, as case list lines with masked fields', async () => {
    const cs = await domainCases('admin');
    const agent = h.userIds['agent.bj']!;
    expect(await drillAll('admin', { metric: 'backlog', assigneeId: agent })).toEqual(ids(cs.filter((c) => unfinished(c) && c.assignee_id === agent)));
    expect(await drillAll('admin', { metric: 'resolved', teamId: h.dept.BJ })).toEqual(ids(metricCases.resolved!(cs).filter((c) => c.department_id === h.dept.BJ)));
    const res = await h.get('admin', '/analytics/drill', { ...PERIOD, metric: 'created', caseType: 'complaint', limit: '1' });
    const line = res.json().items[0];
    expect(line).toMatchObject({ type: 'complaint', number: expect.stringMatching(/^CMP-/) });
    // The list's masking: the resident id and the bank card never in clear.
    expect(JSON.stringify(line)).not.toContain('11010519491231002X');
    expect(JSON.stringify(line)).not.toContain('6222021234567894');
  });
});

describe('GET /api/v1/analytics/cockpit', () => {
  it('shows head office its branches side by side, each with its subtree, and the previous period', async () => {
    // given
    const cs = await domainCases('admin');
    const createdIn = (depts: string[]) => metricCases.created!(cs).filter((c) => depts.includes(c.department_id!)).length;
    // when
    const res = await h.get('admin', '/analytics/cockpit', { ...PERIOD, departmentId: h.dept.HQ });
    // then
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.previousPeriod).toEqual({ from: '2026-06-07', to: '2026-06-13' });
    expect(body.overall).toMatchObject({ departmentId: h.dept.HQ, current: { created: metricCases.created!(cs).length, backlog: cs.filter(unfinished).length } });
    expect(body.units.map((u: { departmentId: string }) => u.departmentId)).toEqual([h.dept.BJ, h.dept.SH]);
    const [bj, sh] = body.units;
    expect(bj.current.created).toBe(createdIn([h.dept.BJ, h.dept.BJ1]));
    expect(sh.current.created).toBe(createdIn([h.dept.SH]));
    expect(bj.current.backlog).toBe(cs.filter((c) => unfinished(c) && [h.dept.BJ, h.dept.BJ1].includes(c.department_id!)).length);
    expect(bj.previous).toMatchObject({ created: 0, backlog: null });
    // Cases were late in the period: each unit with a breach carries the alert.
    for (const unit of body.units) {
      expect(unit.alerts.some((a: { kind: string }) => a.kind === 'sla-breaches')).toBe(unit.current.slaBreached > 0);
    }
  });

  it('shows a branch supervisor the own branch and its sub-branch by default', async () => {
    const res = await h.get('supervisor.bj', '/analytics/cockpit', PERIOD);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.overall.departmentId).toBe(h.dept.BJ);
    expect(body.units.map((u: { departmentId: string }) => u.departmentId)).toEqual([h.dept.BJ1]);
  });
});

describe('refusals', () => {
  it.each(['/analytics/dashboard', '/analytics/cockpit', '/analytics/drill?metric=created'])('refuses %s to a reader without analytics:read (403)', async (url) => {
    const [path, query] = url.split('?');
    const res = await h.get('marketing', path!, Object.fromEntries(new URLSearchParams(query ?? '')));
    expectProblem(res, 403, 'forbidden');
  });

  it.each([
    ['/analytics/dashboard', { from: '2026-06-20', to: '2026-06-01' }, 'querystring.from'],
    ['/analytics/dashboard', { from: '2026-13-01' }, 'querystring.from'],
    ['/analytics/cockpit', { departmentId: '00000000-0000-4000-8000-000000000000' }, 'querystring.departmentId'],
    ['/analytics/drill', { metric: 'everything' }, 'querystring.metric'],
    ['/analytics/drill', { metric: 'created', ageBucket: 'gt30d' }, 'querystring.ageBucket'],
    ['/analytics/drill', { metric: 'created', day: '2026-01-01' }, 'querystring.day'],
    ['/analytics/drill', { metric: 'created', cursor: 'bm90LWEtY3Vyc29y' }, 'querystring.cursor'],
    ['/analytics/drill', { metric: 'created', limit: '0' }, 'querystring.limit'],
  ])('refuses %s with %j: 400 naming %s', async (url, query, field) => {
    const problem = expectProblem(await h.get('admin', url, query), 400, 'validation-failed');
    expect(problem.errors?.map((e) => e.field)).toContain(field);
  });
});
