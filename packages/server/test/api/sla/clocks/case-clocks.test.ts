import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import type { SlaPolicyDefinition } from '../../../../src/modules/sla/index.ts';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { apiOf, changeStatus, insertPolicy, iso, slaAuditOf, targetOf, targetsOf, type Api, type CaseRef } from './clock-fixtures.ts';

// The clocks follow the case (issue 16) on the official mainland calendar: bank hours
// 09:00–12:00 and 13:30–17:30 Asia/Shanghai (7 business hours a day), holidays and make-up days.
// 2025's National Day and Mid-Autumn holiday: 1–8 October off; Sunday 28 September and
// Saturday 11 October are make-up working days (State Council notice of 2024-11-12).

const COMPLAINTS: SlaPolicyDefinition = {
  conditions: { caseTypes: ['complaint'] },
  targets: [
    {
      key: 'first-response',
      kind: 'first-response',
      duration: 'PT4H',
      calendar: 'cn-mainland',
      levels: [
        { at: { kind: 'before-due', duration: 'PT1H' }, actions: [] },
        { at: { kind: 'breach' }, actions: [] },
      ],
    },
    {
      key: 'resolution',
      kind: 'resolution',
      duration: 'PT24H',
      durationByPriority: { urgent: 'PT8H' },
      calendar: 'cn-mainland',
      levels: [
        { at: { kind: 'share', share: 0.75 }, actions: [] },
        { at: { kind: 'breach' }, actions: [] },
      ],
    },
    { key: 'next-response', kind: 'next-response', duration: 'PT2H', calendar: 'cn-mainland', levels: [] },
  ],
};

// Friday 26 September 2025, 16:00 in Beijing: the last Friday before the holiday.
const FRIDAY_1600 = new Date('2025-09-26T08:00:00Z');

let t: TestApp;
let clock: TestClock;
let admin: string;
let api: Api;

beforeAll(async () => {
  clock = new TestClock(FRIDAY_1600);
  t = await createTestApp({ clock, config: { sessionTtlMinutes: 7 * 24 * 60 } });
  admin = await t.login('admin');
  api = apiOf(t);
  await createSeedCaseTypes(t, admin);
  await insertPolicy(t, 'complaints', COMPLAINTS);
});
afterAll(async () => t?.close());

/** Moves the test clock and signs in again (a session lasts at most a week). */
async function moveTo(to: Date): Promise<void> {
  clock.moveTo(to);
  admin = await t.login('admin');
}

async function newComplaint(overrides: Record<string, unknown> = {}): Promise<CaseRef> {
  const res = await api(admin, 'POST', '/cases', complaint({ priority: 'normal', ...overrides }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('a complaint created on Friday 16:00 before National Day', () => {
  let c: CaseRef;
  it('gets its first-response and resolution clocks with due times across the weekend, the make-up Sunday and the holiday', async () => {
    c = await newComplaint();
    const first = await targetOf(t, c.id, 'first-response');
    const resolution = await targetOf(t, c.id, 'resolution');
    // 4 h: Friday 16:00–17:30 (1.5 h), Saturday rest, Sunday 28th (调休) 09:00–11:30.
    expect(iso(first.due_at)).toBe('2025-09-28T03:30:00.000Z');
    // Warning 1 h before: Sunday 10:30.
    expect(iso(first.next_fire_at)).toBe('2025-09-28T02:30:00.000Z');
    // 24 h: Fri 1.5 + Sun 7 + Mon 7 + Tue 7 = 22.5, holiday 1–8 October, Thursday 9th 09:00–10:30.
    expect(iso(resolution.due_at)).toBe('2025-10-09T02:30:00.000Z');
    // 75 % = 18 h: Tuesday 30th 1.5 + 7 + 7 = 15.5, then 2.5 h: 09:00–11:30.
    expect(iso(resolution.next_fire_at)).toBe('2025-09-30T03:30:00.000Z');
    expect(resolution).toMatchObject({ state: 'running', attempt: 1, budget_seconds: 86400, consumed_seconds: 0 });
    // No next-response clock yet: it starts when the customer answers.
    expect((await targetsOf(t, c.id)).map((r) => r.key)).toEqual(['first-response', 'resolution']);
    // The case shows the earliest due time, and the answer to the create already says it.
    expect(c.dueAt).toBe('2025-09-28T03:30:00.000Z');
    expect(c.slaState).toBe('on-track');
    expect((await slaAuditOf(t, c.id)).map((e) => e.action)).toEqual(['sla.target-started', 'sla.target-started']);
  });

  it('meets the first response on time with the first public reply (an internal note does not)', async () => {
    await moveTo(new Date('2025-09-28T02:00:00Z')); // Sunday 10:00 (make-up day)
    await api(admin, 'POST', `/cases/${c.id}/comments`, { body: '内部备注', visibility: 'internal' });
    expect((await targetOf(t, c.id, 'first-response')).state).toBe('running');
    const reply = await api(admin, 'POST', `/cases/${c.id}/comments`, { body: '您好, 已收到您的投诉', visibility: 'public' });
    expect(reply.statusCode, reply.body).toBe(201);
    const first = await targetOf(t, c.id, 'first-response');
    // Friday 1.5 h + Sunday 1 h.
    expect(first).toMatchObject({ state: 'met', elapsed_seconds: 9000, breached_at: null, next_fire_at: null });
    const met = (await t.sql<{ payload: Record<string, unknown> }>("SELECT payload FROM platform.outbox_event WHERE type = 'sla.target-met' AND aggregate_id = $1", [c.id]))[0];
    expect(met?.payload).toMatchObject({ key: 'first-response', onTime: true, businessSeconds: 9000 });
    // The case now follows the resolution clock.
    const [row] = await t.sql<{ due_at: Date; sla_state: string }>('SELECT due_at, sla_state FROM cases.case WHERE id = $1', [c.id]);
    expect(iso(row!.due_at)).toBe('2025-10-09T02:30:00.000Z');
  });

  it('pauses the resolution clock while waiting on the customer and moves its due time when it resumes', async () => {
    await moveTo(new Date('2025-09-29T02:00:00Z')); // Monday 10:00
    c = await changeStatus(api, admin, c, 'open');
    c = await changeStatus(api, admin, c, 'pending');
    let resolution = await targetOf(t, c.id, 'resolution');
    // Fri 1.5 + Sun 7 + Mon 1 = 9.5 h used.
    expect(resolution).toMatchObject({ state: 'paused', consumed_seconds: 9.5 * 3600, due_at: null, next_fire_at: null, running_since: null });
    expect(c.dueAt).toBeNull();
    expect(c.slaState).toBe('paused');

    await moveTo(new Date('2025-10-09T01:00:00Z')); // Thursday 9 October 09:00, after the holiday
    c = await changeStatus(api, admin, c, 'open');
    resolution = await targetOf(t, c.id, 'resolution');
    // 14.5 h left: Thu 7, Fri 7, Saturday 11th (调休) 09:00–09:30.
    expect(iso(resolution.due_at)).toBe('2025-10-11T01:30:00.000Z');
    // The customer answered: a next-response clock (2 h, due 11:00) is now the earliest.
    expect(c.dueAt).toBe('2025-10-09T03:00:00.000Z');
    expect((await slaAuditOf(t, c.id)).map((e) => e.action)).toContain('sla.target-resumed');
  });

  it('starts a next-response clock when the case comes back from waiting, met by the next public reply', async () => {
    const next = await targetOf(t, c.id, 'next-response');
    expect(next).toMatchObject({ state: 'running', budget_seconds: 7200 });
    expect(iso(next.due_at)).toBe('2025-10-09T03:00:00.000Z');
    await api(admin, 'POST', `/cases/${c.id}/comments`, { body: '请提供交易流水', visibility: 'public' });
    expect((await targetOf(t, c.id, 'next-response')).state).toBe('met');
  });

  it('meets the resolution late and marks it breached when the case is resolved after its due time', async () => {
    await moveTo(new Date('2025-10-13T02:00:00Z')); // Monday 13 October 10:00
    c = await changeStatus(api, admin, c, 'resolved');
    const resolution = await targetOf(t, c.id, 'resolution');
    // 9.5 + Thu 7 + Fri 7 + Sat 7 + Mon 1 = 31.5 h.
    expect(resolution).toMatchObject({ state: 'met', elapsed_seconds: 31.5 * 3600 });
    expect(iso(resolution.breached_at)).toBe('2025-10-11T01:30:00.000Z');
    const events = await t.sql<{ type: string; payload: Record<string, unknown> }>(
      "SELECT type, payload FROM platform.outbox_event WHERE type IN ('sla.target-met', 'sla.target-breached') AND aggregate_id = $1 AND payload->>'key' = 'resolution'",
      [c.id],
    );
    expect(events.map((e) => e.type).sort()).toEqual(['sla.target-breached', 'sla.target-met']);
    expect(events.find((e) => e.type === 'sla.target-met')?.payload).toMatchObject({ onTime: false, businessSeconds: 31.5 * 3600 });
    expect(events.find((e) => e.type === 'sla.target-breached')?.payload).toMatchObject({ dueAt: '2025-10-11T01:30:00.000Z' });
    expect(c.dueAt).toBeNull();
    expect(c.slaState).toBeNull();
  });

  it('starts attempt 2 of the resolution clock when the case is reopened', async () => {
    await moveTo(new Date('2025-10-14T01:00:00Z')); // Tuesday 14 October 09:00
    c = await changeStatus(api, admin, c, 'open', '客户不满意处理结果');
    const second = await targetOf(t, c.id, 'resolution', 2);
    expect(second).toMatchObject({ state: 'running', attempt: 2, consumed_seconds: 0 });
    // 24 h from Tuesday 09:00: Tue, Wed, Thu 7 h each, Friday 09:00–12:00.
    expect(iso(second.due_at)).toBe('2025-10-17T04:00:00.000Z');
    expect(c.dueAt).toBe('2025-10-17T04:00:00.000Z');
    expect((await targetOf(t, c.id, 'resolution', 1)).state).toBe('met');
  });

  it('meets every open case-level clock when the case is closed', async () => {
    c = await changeStatus(api, admin, c, 'resolved');
    c = await changeStatus(api, admin, c, 'closed');
    expect((await targetsOf(t, c.id)).filter((r) => r.state === 'running' || r.state === 'paused')).toEqual([]);
  });
});

describe('priority', () => {
  it('gives an urgent case the budget of its priority and re-budgets the running clock when the priority changes', async () => {
    await moveTo(new Date('2025-10-20T01:00:00Z')); // Monday 20 October 09:00
    let c = await newComplaint({ priority: 'urgent' });
    expect(iso((await targetOf(t, c.id, 'resolution')).due_at)).toBe('2025-10-21T02:00:00.000Z'); // 8 h: Monday 7, Tuesday 09:00–10:00
    const res = await api(admin, 'PATCH', `/cases/${c.id}`, { priority: 'normal' }, { 'if-match': `"${c.version}"` });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    const resolution = await targetOf(t, c.id, 'resolution');
    expect(resolution.budget_seconds).toBe(86400);
    expect(iso(resolution.due_at)).toBe('2025-10-23T04:00:00.000Z'); // 24 h: Mon, Tue, Wed 7 each, Thursday 09:00–12:00
    expect((await slaAuditOf(t, c.id)).filter((e) => e.action === 'sla.target-rebudgeted')).toHaveLength(2);
  });
});

describe('a client-set due date', () => {
  it('refuses dueAt on create with 400 naming dueAt and creates nothing', async () => {
    const before = await t.sql<{ n: string }>('SELECT count(*)::text AS n FROM cases.case');
    const res = await api(admin, 'POST', '/cases', complaint({ dueAt: '2025-12-31T00:00:00Z' }));
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toEqual([{ field: 'dueAt', reason: expect.stringContaining('/sla/{key}/override') }]);
    expect(await t.sql('SELECT count(*)::text AS n FROM cases.case')).toEqual(before);
  });

  it('refuses dueAt on update with 400 naming dueAt and changes nothing', async () => {
    const c = await newComplaint();
    for (const dueAt of ['2025-12-31T00:00:00Z', null]) {
      const res = await api(admin, 'PATCH', `/cases/${c.id}`, { dueAt, title: '改了标题' }, { 'if-match': `"${c.version}"` });
      expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'dueAt', reason: expect.any(String) }]);
    }
    const [row] = await t.sql<{ version: number; due_at: Date; title_sealed: unknown }>('SELECT version, due_at FROM cases.case WHERE id = $1', [c.id]);
    expect(row).toMatchObject({ version: c.version });
    expect(iso(row!.due_at)).toBe(c.dueAt);
  });
});

describe('a case no policy matches', () => {
  it('starts no clock and has no due time', async () => {
    const res = await api(admin, 'POST', '/cases', { type: 'suggestion', title: '建议增加网点', fields: { suggestion: '多开几个网点' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ dueAt: null, slaState: null });
    expect(await targetsOf(t, res.json().id)).toEqual([]);
  });
});
