import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSystemActorOrThrow } from '../../../../src/modules/access/index.ts';
import { moveOpenClocksToCalendarVersion, type ResolvedCalendar, type SlaPolicyDefinition } from '../../../../src/modules/sla/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { apiOf, insertPolicy, iso, targetOf, type Api, type CaseRef } from './clock-fixtures.ts';

// A holiday announced late: a correction of the calendar version in force moves the open clocks
// bound to it (moveOpenClocksToCalendarVersion, called by the calendars' PUT in one audited step).

const POLICY: SlaPolicyDefinition = {
  conditions: { caseTypes: ['complaint'] },
  targets: [
    {
      key: 'resolution',
      kind: 'resolution',
      duration: 'PT14H',
      calendar: 'cn-mainland',
      levels: [
        { at: { kind: 'share', share: 0.5 }, actions: [] },
        { at: { kind: 'breach' }, actions: [] },
      ],
    },
    { key: 'first-response', kind: 'first-response', duration: 'PT1H', calendar: 'always-open', levels: [] },
  ],
};

let t: TestApp;
let clock: TestClock;
let admin: string;
let api: Api;

beforeAll(async () => {
  clock = new TestClock(new Date('2026-03-02T01:00:00Z')); // Monday 2 March 2026, 09:00 in Beijing
  t = await createTestApp({ clock });
  admin = await t.login('admin');
  api = apiOf(t);
  await createSeedCaseTypes(t, admin);
  await insertPolicy(t, 'complaints', POLICY);
});
afterAll(async () => t?.close());

/** Inserts a correction of cn-mainland's version 1 (same effective date) making `date` a holiday. */
async function insertCorrection(date: string): Promise<{ calendarId: string; version: number }> {
  const [v1] = await t.sql<{ calendar_id: string; effective_from: Date; definition: unknown; resolved: ResolvedCalendar }>(
    "SELECT v.calendar_id, v.effective_from, v.definition, v.resolved FROM sla.calendar_version v JOIN sla.calendar c ON c.id = v.calendar_id WHERE c.key = 'cn-mainland' AND v.version = 1",
  );
  const resolved: ResolvedCalendar = {
    ...v1!.resolved,
    days: [...v1!.resolved.days.filter((d) => d.date !== date), { date, kind: 'holiday' as const, name: '临时休假' }].sort((a, b) => a.date.localeCompare(b.date)),
  };
  await t.sql("INSERT INTO sla.calendar_version (calendar_id, version, effective_from, definition, resolved, reason, created_at) VALUES ($1, 2, $2, $3, $4, 'late holiday', now())", [
    v1!.calendar_id,
    v1!.effective_from,
    JSON.stringify(v1!.definition),
    JSON.stringify(resolved),
  ]);
  return { calendarId: v1!.calendar_id, version: 2 };
}

describe('moveOpenClocksToCalendarVersion', () => {
  it('moves the open clocks bound to the corrected version, keeps what they used, and refreshes the case', async () => {
    const res = await api(admin, 'POST', '/cases', complaint());
    const c: CaseRef = res.json();
    // 14 h: Monday 7, Tuesday 7 → Tuesday 17:30.
    expect(iso((await targetOf(t, c.id, 'resolution')).due_at)).toBe('2026-03-03T09:30:00.000Z');
    const reply = await api(admin, 'POST', `/cases/${c.id}/comments`, { body: '已收到', visibility: 'public' });
    expect(reply.statusCode).toBe(201);

    clock.moveTo(new Date('2026-03-02T02:00:00Z')); // Monday 10:00
    const to = await insertCorrection('2026-03-03');
    const seed = await findSystemActorOrThrow(t.database.db, 'system:seed');
    const moved = await t.commands.runCommand({ actor: seed, channel: 'seed' }, (ctx) => moveOpenClocksToCalendarVersion(ctx, { calendarId: to.calendarId, fromVersions: [1], to }));

    // Tuesday is a holiday now: Monday 7, Wednesday 7 → Wednesday 17:30. The met first response and
    // the 24×7 clock are not moved.
    expect(moved).toEqual([{ targetId: expect.any(String), caseId: c.id, key: 'resolution', from: '2026-03-03T09:30:00.000Z', to: '2026-03-04T09:30:00.000Z' }]);
    const resolution = await targetOf(t, c.id, 'resolution');
    expect(resolution).toMatchObject({ calendar_version: 2, state: 'running', consumed_seconds: 0 });
    expect(iso(resolution.due_at)).toBe('2026-03-04T09:30:00.000Z');
    // Half of 14 h = 7 h: the end of Monday.
    expect(iso(resolution.next_fire_at)).toBe('2026-03-02T09:30:00.000Z');
    const [row] = await t.sql<{ due_at: Date }>('SELECT due_at FROM cases.case WHERE id = $1', [c.id]);
    expect(iso(row!.due_at)).toBe('2026-03-04T09:30:00.000Z');

    // Moving again finds nothing left on version 1.
    expect(await t.commands.runCommand({ actor: seed, channel: 'seed' }, (ctx) => moveOpenClocksToCalendarVersion(ctx, { calendarId: to.calendarId, fromVersions: [1], to }))).toEqual([]);
  });

  it('through the calendars API: a late holiday moves an open clock and one audit event records its old and new due time', async () => {
    clock.moveTo(new Date('2026-03-09T01:00:00Z')); // Monday 9 March, 09:00 in Beijing
    admin = await t.login('admin'); // a week on, the first session has expired
    const c: CaseRef = (await api(admin, 'POST', '/cases', complaint())).json();
    // 14 h: Monday 7, Tuesday 7 → Tuesday 17:30; the calendar is at the correction made above.
    expect(iso((await targetOf(t, c.id, 'resolution')).due_at)).toBe('2026-03-10T09:30:00.000Z');
    const current = (await api(admin, 'GET', '/calendars/cn-mainland')).json();
    const corrected = await api(admin, 'PUT', '/calendars/cn-mainland', {
      definition: { ...current.definition, days: [...current.definition.days, { date: '2026-03-10', kind: 'holiday', name: '临时休假' }] },
      reason: '3 月 10 日临时休假',
    });
    expect(corrected.statusCode).toBe(200);
    // Tuesday is a holiday now: Monday 7, Wednesday 7 → Wednesday 17:30.
    const resolution = await targetOf(t, c.id, 'resolution');
    expect(iso(resolution.due_at)).toBe('2026-03-11T09:30:00.000Z');
    expect(resolution.calendar_version).toBe(corrected.json().version);
    const audits = await t.sql<{ data: { moved: { caseId: string; key: string; from: string; to: string }[] } }>(
      "SELECT data FROM audit.event WHERE action = 'sla.clocks-recomputed' ORDER BY id DESC LIMIT 2",
    );
    expect(audits).toHaveLength(1);
    // Both open resolution clocks on cn-mainland move to the new version. The first test's correction
    // was written into `resolved` only (by SQL), so this one, built from the definition as entered,
    // no longer has 3 March as a holiday: that clock moves back from 4 to 3 March. This case's moves
    // from Tuesday 10 to Wednesday 11 March.
    const moved = audits[0]!.data.moved;
    expect(moved).toHaveLength(2);
    expect(moved).toContainEqual(expect.objectContaining({ caseId: c.id, key: 'resolution', from: '2026-03-10T09:30:00.000Z', to: '2026-03-11T09:30:00.000Z' }));
    expect(moved).toContainEqual(expect.objectContaining({ key: 'resolution', from: '2026-03-04T09:30:00.000Z', to: '2026-03-03T09:30:00.000Z' }));
  });
});
