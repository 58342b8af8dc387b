import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../../seed/demo.ts';
import { HISTORY_SPIKE, localDate, planAnalyticsHistory, startOfLocalDay, stepsUntil, type PlannedCase } from '../../../../seed/analytics-history-plan.ts';
import { ANALYTICS_TIME_ZONE, rebuildReadModel } from '../../../../src/modules/analytics/index.ts';
import { createTestApp, type TestApp } from '../../../helpers/test-app.ts';

// The demo seed's analytics history (issue 20), small: ten days at half the volume. It must be in
// the domain tables as the plan says, made by real commands at their own times: cases, the
// complaint process's tasks by the demo people, SLA targets met or breached as they fell, the spike.
const DAYS = 10;
const SCALE = 0.5;
const HOUR = 3_600_000;

interface CaseRow {
  id: string;
  type_key: string;
  channel: string;
  department: string;
  status: string;
  created_at: Date;
  fields: Record<string, unknown>;
  created_by_name: string;
}

/** The status a planned case ends in after the steps it has been through. */
function expectedStatus(planned: PlannedCase, now: Date): string {
  let status = 'new';
  for (const step of stepsUntil(planned, now)) {
    if (step.kind === 'reply-and-resolve' || step.kind === 'answer-and-resolve') status = 'resolved';
    if (step.kind === 'reopen' || (step.kind === 'complete-handle' && step.reopen)) status = 'open';
  }
  return status;
}

describe('the demo analytics history', () => {
  let t: TestApp;
  const now = new Date();
  const plan = planAnalyticsHistory({ now, days: DAYS, timeZone: ANALYTICS_TIME_ZONE, scale: SCALE });
  const cases = new Map<string, CaseRow>();

  beforeAll(async () => {
    t = await createTestApp();
    const seeded = await seedDemoData(t.database, { now, keyRing: t.keyRing, caseCount: 1, password: 'demo-history-password-1', analyticsHistory: { days: DAYS, scale: SCALE } });
    expect(seeded.analyticsHistory).toMatchObject({ complaints: plan.filter((c) => c.type === 'complaint').length, consultations: plan.filter((c) => c.type === 'consultation').length });
    // Each planned case by the request id of the command that created it.
    const rows = await t.sql<CaseRow & { request_id: string }>(
      `SELECT c.id, c.type_key, c.channel, d.code AS department, c.status, c.created_at, c.fields, e.actor_name AS created_by_name, e.request_id
         FROM audit.event e JOIN cases.case c ON c.id = e.case_id JOIN access.department d ON d.id = c.department_id
        WHERE e.action = 'case.created' AND e.request_id LIKE 'seed-analytics-%'`,
    );
    for (const row of rows) cases.set(row.request_id.replace(/^seed-analytics-/, '').replace(/-create$/, ''), row);
  }, 120_000);
  afterAll(() => t?.close());

  it('creates every planned case at its own time, as the seed, with its type, channel, branch, category and product', () => {
    // then
    expect(plan.length).toBeGreaterThan(5);
    expect(cases.size).toBe(plan.length);
    for (const planned of plan) {
      const row = cases.get(planned.key)!;
      expect(row).toMatchObject({ type_key: planned.type, channel: planned.channel, department: planned.department, created_by_name: 'system:seed' });
      expect(row.created_at.toISOString()).toBe(planned.createdAt.toISOString());
      if (planned.type === 'complaint') expect(row.fields).toMatchObject({ category: planned.subject, product: planned.product });
    }
  });

  it('leaves each case in the status its steps so far lead to, the newest still in progress', () => {
    // then
    for (const planned of plan) expect({ key: planned.key, status: cases.get(planned.key)!.status }).toEqual({ key: planned.key, status: expectedStatus(planned, now) });
    expect(plan.some((p) => expectedStatus(p, now) !== 'resolved')).toBe(true);
  });

  it('works complaints through the complaint process as the demo people, each step at its time', async () => {
    // given
    const complaints = plan.filter((p) => p.type === 'complaint');
    const steps = await t.sql<{ case_id: string; element_id: string; actor_name: string; occurred_at: Date }>(
      `SELECT e.case_id, e.data->>'elementId' AS element_id, e.actor_name, e.occurred_at FROM audit.event e
        WHERE e.action IN ('process.task-completed', 'process.task-approved', 'process.task-rejected') AND e.request_id LIKE 'seed-analytics-%'`,
    );
    // then: one completion per planned step, by the branch agent or the consumer-protection officer
    const completing = new Set(['classify', 'complete-handle', 'review', 'reply-and-resolve', 'follow-up']);
    const planned = complaints.flatMap((p) => stepsUntil(p, now).filter((s) => completing.has(s.kind)));
    expect(steps).toHaveLength(planned.length);
    for (const step of steps) {
      expect(['classify', 'handle', 'reply', 'review', 'followUp']).toContain(step.element_id);
      expect(step.actor_name).toEqual(['review', 'followUp'].includes(step.element_id) ? 'cp.officer' : expect.stringMatching(/^agent\.(bj|hd|sh)$/));
    }
    const plannedTimes = planned.map((s) => s.at.toISOString()).sort();
    expect(steps.map((s) => s.occurred_at.toISOString()).sort()).toEqual(plannedTimes);
  });

  it('keeps the follow-up rating as the process variable satisfaction', async () => {
    // given
    const rated = plan.filter((p) => stepsUntil(p, now).some((s) => s.kind === 'follow-up'));
    const variables = await t.sql<{ case_id: string; satisfaction: string | null }>(
      "SELECT case_id, variables->>'satisfaction' AS satisfaction FROM process.instance WHERE process_key = 'complaint-handling'",
    );
    // then
    for (const planned of rated) {
      const ratings = stepsUntil(planned, now).flatMap((s) => (s.kind === 'follow-up' ? [s.satisfaction] : []));
      expect(variables.find((v) => v.case_id === cases.get(planned.key)!.id)?.satisfaction).toBe(String(ratings.at(-1)));
    }
  });

  it('meets each resolved case its resolution target, late ones recorded as breached at their due time', async () => {
    // given
    const targets = await t.sql<{ case_id: string; state: string; due_at: Date; stopped_at: Date | null; breached_at: Date | null }>(
      "SELECT case_id, state, due_at, stopped_at, breached_at FROM sla.target WHERE kind = 'resolution' AND case_id = ANY($1)",
      [[...cases.values()].map((c) => c.id)],
    );
    // then
    const met = targets.filter((x) => x.state === 'met');
    expect(met.length).toBeGreaterThan(0);
    for (const target of met) {
      const late = target.stopped_at!.getTime() > target.due_at.getTime();
      expect(target.breached_at?.toISOString() ?? null).toBe(late ? target.due_at.toISOString() : null);
    }
  });

  it('gives the read model what the dashboards show: satisfaction, reopenings, hand-offs, provinces, daily counts', async () => {
    // when
    await rebuildReadModel(t.database.db);
    // then
    const facts = await t.sql<{ id: string; satisfaction: number | null; reopen_count: number; handoff_count: number; region: string }>(
      'SELECT id, satisfaction, reopen_count, handoff_count, region FROM analytics.case_fact WHERE id = ANY($1)',
      [[...cases.values()].map((c) => c.id)],
    );
    expect(facts).toHaveLength(plan.length);
    const factOf = (planned: PlannedCase) => facts.find((f) => f.id === cases.get(planned.key)!.id)!;
    for (const planned of plan) {
      const done = stepsUntil(planned, now);
      const ratings = done.flatMap((s) => (s.kind === 'follow-up' ? [s.satisfaction] : []));
      const reopenings = done.filter((s) => s.kind === 'reopen' || (s.kind === 'complete-handle' && s.reopen)).length;
      expect({ key: planned.key, ...factOf(planned) }).toMatchObject({
        key: planned.key,
        satisfaction: ratings.at(-1) ?? null,
        reopen_count: reopenings,
        handoff_count: done.filter((s) => s.kind === 'transfer').length,
        region: planned.department === 'SH' ? '31' : '11',
      });
    }
    // Every history case on its local day of creation in the daily counts.
    const [daily] = await t.sql<{ created: number }>("SELECT sum(created)::int AS created FROM analytics.case_daily WHERE type_key IN ('complaint', 'consultation')");
    const [demo] = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM cases.case WHERE type_key IN ('complaint', 'consultation')");
    expect(daily!.created).toBe(demo!.n);
  });

  it('has the spike of debit-card fee complaints at the Shanghai branch yesterday', () => {
    // given
    const yesterday = localDate(new Date(startOfLocalDay(localDate(now, ANALYTICS_TIME_ZONE), ANALYTICS_TIME_ZONE).getTime() - HOUR), ANALYTICS_TIME_ZONE);
    const spike = [...cases.values()].filter(
      (c) => c.type_key === 'complaint' && c.department === HISTORY_SPIKE.department && c.fields.category === HISTORY_SPIKE.category && c.fields.product === HISTORY_SPIKE.product,
    );
    // then
    expect(spike.filter((c) => localDate(c.created_at, ANALYTICS_TIME_ZONE) === yesterday).length).toBeGreaterThanOrEqual(Math.round(HISTORY_SPIKE.yesterday * SCALE));
  });
});
