import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import type { SlaPolicyDefinition } from '../../../../src/modules/sla/index.ts';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { apiOf, insertPolicy, iso, slaAuditOf, targetOf, targetsOf, type Api, type CaseRef } from './clock-fixtures.ts';

// GET /cases/{id}/sla shows a case's clocks at the server's now; POST …/sla/{key}/override moves
// one clock's due time with a reason (case:assign), or starts a manual resolution clock.

const ALWAYS_OPEN: SlaPolicyDefinition = {
  conditions: { caseTypes: ['complaint'] },
  targets: [
    { key: 'first-response', kind: 'first-response', duration: 'PT2H', calendar: 'always-open', levels: [{ at: { kind: 'breach' }, actions: [] }] },
    {
      key: 'resolution',
      kind: 'resolution',
      duration: 'PT8H',
      calendar: 'always-open',
      levels: [
        { at: { kind: 'before-due', duration: 'PT1H' }, actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }] }] },
        { at: { kind: 'breach' }, actions: [{ type: 'add-tag', tag: 'sla-breached' }] },
      ],
    },
  ],
};

const START = new Date('2026-03-02T01:00:00Z'); // Monday 2 March 2026, 09:00 in Beijing
let t: TestApp;
let clock: TestClock;
let admin: string;
let auditor: string;
let nobody: string;
let api: Api;

beforeAll(async () => {
  clock = new TestClock(START);
  t = await createTestApp({ clock });
  admin = await t.login('admin');
  api = apiOf(t);
  await createSeedCaseTypes(t, admin);
  await insertPolicy(t, 'complaints-24x7', ALWAYS_OPEN);
  await t.createUser('sla.auditor', ['auditor']);
  await t.createUser('sla.nobody', []);
  auditor = await t.login('sla.auditor');
  nobody = await t.login('sla.nobody');
});
afterAll(async () => t?.close());

async function newComplaint(): Promise<CaseRef> {
  const res = await api(admin, 'POST', '/cases', complaint());
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('GET /api/v1/cases/{id}/sla', () => {
  it("shows each clock with its calendar, policy, used and remaining business time and its levels' fire times", async () => {
    const c = await newComplaint();
    clock.moveTo(new Date(START.getTime() + 30 * 60_000));
    const res = await api(admin, 'GET', `/cases/${c.id}/sla`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.now).toBe('2026-03-02T01:30:00.000Z');
    expect(body.items.map((i: { key: string }) => i.key)).toEqual(['first-response', 'resolution']);
    const resolution = body.items[1];
    expect(resolution).toMatchObject({
      caseId: c.id,
      taskId: null,
      taskName: null,
      kind: 'resolution',
      attempt: 1,
      state: 'running',
      risk: 'on-track',
      onTime: null,
      policy: { key: 'complaints-24x7', name: 'Policy complaints-24x7', version: 1 },
      calendar: { key: 'always-open', version: 1 },
      startedAt: '2026-03-02T01:00:00.000Z',
      dueAt: '2026-03-02T09:00:00.000Z',
      budgetSeconds: 8 * 3600,
      usedSeconds: 1800,
      remainingSeconds: 8 * 3600 - 1800,
      override: null,
    });
    expect(resolution.levels).toEqual([
      { index: 0, at: { kind: 'before-due', duration: 'PT1H' }, actions: ['notify'], fired: false, fireAt: '2026-03-02T08:00:00.000Z' },
      { index: 1, at: { kind: 'breach' }, actions: ['add-tag'], fired: false, fireAt: '2026-03-02T09:00:00.000Z' },
    ]);
  });

  it('answers 404 to someone who may not read the case, as if it did not exist', async () => {
    const c = await newComplaint();
    expectProblem(await api(nobody, 'GET', `/cases/${c.id}/sla`), 404, 'case-not-found');
    expect((await api(auditor, 'GET', `/cases/${c.id}/sla`)).statusCode).toBe(200);
  });
});

describe('POST /api/v1/cases/{id}/sla/{key}/override', () => {
  it('moves the clock to the override with its reason, levels relative to it, audited from → to', async () => {
    const c = await newComplaint();
    const override = new Date(clock.now().getTime() + 24 * 3600_000).toISOString();
    const res = await api(admin, 'POST', `/cases/${c.id}/sla/resolution/override`, { dueAt: override, reason: '客户要求延期提供材料' });
    expect(res.statusCode, res.body).toBe(200);
    const resolution = res.json().items.find((i: { key: string }) => i.key === 'resolution');
    expect(resolution).toMatchObject({ dueAt: override, budgetSeconds: 24 * 3600, override: { dueAt: override, reason: '客户要求延期提供材料', byName: 'Administrator' } });
    expect(resolution.levels[0].fireAt).toBe(new Date(Date.parse(override) - 3600_000).toISOString());
    const row = await targetOf(t, c.id, 'resolution');
    expect(iso(row.override_due_at)).toBe(override);
    expect(iso(row.due_at)).toBe(override);
    expect(iso(row.next_fire_at)).toBe(new Date(Date.parse(override) - 3600_000).toISOString());
    const audit = (await slaAuditOf(t, c.id)).find((e) => e.action === 'sla.due-overridden');
    expect(audit?.data).toMatchObject({ key: 'resolution', from: new Date(clock.now().getTime() + 8 * 3600_000).toISOString(), to: override });
    // The case's due time is the earliest of its clocks: first response still 2 h.
    const [caseRow] = await t.sql<{ due_at: Date }>('SELECT due_at FROM cases.case WHERE id = $1', [c.id]);
    expect(iso(caseRow!.due_at)).toBe(new Date(clock.now().getTime() + 2 * 3600_000).toISOString());
  });

  it('refuses an override without a reason or in the past, naming the field, and changes nothing', async () => {
    const c = await newComplaint();
    const before = await targetsOf(t, c.id);
    const later = new Date(clock.now().getTime() + 3600_000).toISOString();
    expect(expectProblem(await api(admin, 'POST', `/cases/${c.id}/sla/resolution/override`, { dueAt: later }), 400, 'validation-failed').errors?.[0]?.field).toContain('reason');
    expect(expectProblem(await api(admin, 'POST', `/cases/${c.id}/sla/resolution/override`, { dueAt: later, reason: '   ' }), 400, 'validation-failed').errors).toEqual([
      { field: 'reason', reason: 'must not be blank' },
    ]);
    const past = new Date(clock.now().getTime() - 60_000).toISOString();
    expect(expectProblem(await api(admin, 'POST', `/cases/${c.id}/sla/resolution/override`, { dueAt: past, reason: 'x' }), 400, 'validation-failed').errors).toEqual([
      { field: 'dueAt', reason: 'must be a time after now' },
    ]);
    expect(await targetsOf(t, c.id)).toEqual(before);
  });

  it('refuses a reader without case:assign (403) and someone who cannot read the case (404), and changes nothing', async () => {
    const c = await newComplaint();
    const before = await targetsOf(t, c.id);
    const body = { dueAt: new Date(clock.now().getTime() + 3600_000).toISOString(), reason: '延期' };
    expectProblem(await api(auditor, 'POST', `/cases/${c.id}/sla/resolution/override`, body), 403, 'forbidden');
    expectProblem(await api(nobody, 'POST', `/cases/${c.id}/sla/resolution/override`, body), 404, 'case-not-found');
    expect(await targetsOf(t, c.id)).toEqual(before);
    expect((await slaAuditOf(t, c.id)).filter((e) => e.action === 'sla.due-overridden')).toEqual([]);
  });

  it('answers 404 naming no clock when the key has no open clock', async () => {
    const c = await newComplaint();
    const res = await api(admin, 'POST', `/cases/${c.id}/sla/next-response/override`, { dueAt: new Date(clock.now().getTime() + 3600_000).toISOString(), reason: 'x' });
    expectProblem(res, 404, 'sla-target-not-found');
  });

  it('starts a manual resolution clock on the 24×7 calendar for a case no policy covers', async () => {
    const res = await api(admin, 'POST', '/cases', { type: 'suggestion', title: '建议增加网点', fields: { suggestion: '多开几个网点' } });
    const c = res.json();
    expect(c.dueAt).toBeNull();
    const override = new Date(clock.now().getTime() + 5 * 3600_000).toISOString();
    const overridden = await api(admin, 'POST', `/cases/${c.id}/sla/resolution/override`, { dueAt: override, reason: '行长要求当日答复' });
    expect(overridden.statusCode, overridden.body).toBe(200);
    expect(overridden.json().items).toEqual([
      expect.objectContaining({
        key: 'resolution',
        kind: 'resolution',
        policy: null,
        calendar: expect.objectContaining({ key: 'always-open' }),
        dueAt: override,
        budgetSeconds: 5 * 3600,
        state: 'running',
      }),
    ]);
    const [caseRow] = await t.sql<{ due_at: Date; sla_state: string }>('SELECT due_at, sla_state FROM cases.case WHERE id = $1', [c.id]);
    expect({ dueAt: iso(caseRow!.due_at), slaState: caseRow!.sla_state }).toEqual({ dueAt: override, slaState: 'on-track' });
    expect((await slaAuditOf(t, c.id)).map((e) => e.action)).toEqual(['sla.target-started', 'sla.due-overridden']);
  });
});
