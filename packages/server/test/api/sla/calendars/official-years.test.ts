import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOfficialYearsToShippedCalendars, findShippedCalendarsWithoutNextYear, type CalendarDay, type SlaPolicyDefinition } from '../../../../src/modules/sla/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { apiOf, insertPolicy, iso, targetOf, type Api, type CaseRef } from '../clocks/clock-fixtures.ts';

// An installation made with a release whose official schedule ended in 2025, upgraded on
// 31 December 2025 to one that carries 2026 (国办发明电〔2025〕7号: 1–3 January off, Sunday
// 4 January worked): the start adds 2026 to the shipped calendars it already has, as an audited
// correction that moves the open clocks, and leaves a year the administrator entered alone.

const POLICY: SlaPolicyDefinition = {
  conditions: { caseTypes: ['complaint'] },
  targets: [{ key: 'resolution', kind: 'resolution', duration: 'PT14H', calendar: 'cn-mainland', levels: [{ at: { kind: 'breach' }, actions: [] }] }],
};

let t: TestApp;
let clock: TestClock;
let admin: string;
let api: Api;
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

beforeAll(async () => {
  clock = new TestClock(new Date('2025-12-31T08:00:00Z')); // Wednesday 31 December 2025, 16:00 in Beijing
  t = await createTestApp({ clock });
  // What the older release seeded: the official days up to 2025 only.
  await t.sql(
    `UPDATE sla.calendar_version v SET
       definition = jsonb_set(v.definition, '{days}', COALESCE((SELECT jsonb_agg(d ORDER BY d->>'date') FROM jsonb_array_elements(v.definition->'days') d WHERE d->>'date' < '2026'), '[]'::jsonb)),
       resolved = jsonb_set(v.resolved, '{days}', COALESCE((SELECT jsonb_agg(d ORDER BY d->>'date') FROM jsonb_array_elements(v.resolved->'days') d WHERE d->>'date' < '2026'), '[]'::jsonb))
     FROM sla.calendar c WHERE c.id = v.calendar_id AND c.key IN ('cn-mainland', 'cn-mainland-days')`,
  );
  admin = await t.login('admin');
  api = apiOf(t);
  await createSeedCaseTypes(t, admin);
  await insertPolicy(t, 'complaints', POLICY);
});
afterAll(async () => t?.close());

describe('an upgrade that ships a new year of official holidays', () => {
  it('adds the year to the shipped calendars at start, moves the open clocks, audits it, follows in branch calendars, and runs once', async () => {
    // given: a branch calendar, and an administrator who already entered a 2026 day on cn-mainland-days
    expect((await api(admin, 'POST', '/calendars', { key: 'sh-branch', name: '上海分行', parentKey: 'cn-mainland', definition: {} })).statusCode).toBe(201);
    const days = (await api(admin, 'GET', '/calendars/cn-mainland-days')).json();
    const ownDay: CalendarDay = { date: '2026-01-02', kind: 'holiday', name: '分行自定 Branch day off' };
    expect((await api(admin, 'PUT', '/calendars/cn-mainland-days', { definition: { ...days.definition, days: [...days.definition.days, ownDay] }, reason: '自定' })).statusCode).toBe(200);
    // and a complaint whose 14 business hours cross New Year, on the old data: Thursday 1 and Friday 2 January count
    const c: CaseRef = (await api(admin, 'POST', '/cases', complaint())).json();
    expect(iso((await targetOf(t, c.id, 'resolution')).due_at)).toBe('2026-01-02T08:00:00.000Z');
    // 30 minutes on Wednesday, 30 on the next working morning
    const addOneHour = `?${q({ from: '2025-12-31T17:00:00+08:00', duration: 'PT1H' })}`;
    expect((await api(admin, 'GET', `/calendars/cn-mainland/add${addOneHour}`)).json().dueAt).toBe('2026-01-01T01:30:00.000Z');

    // when: Docket starts on the release that carries 2026
    const added = await addOfficialYearsToShippedCalendars(t.database.db, t.commands, clock.now());

    // then: cn-mainland gets 2026, cn-mainland-days keeps the administrator's 2026
    expect(added).toEqual([expect.objectContaining({ key: 'cn-mainland', years: [2026], movedClocks: 1 })]);
    // 1.5 h on Wednesday, 7 h on the make-up Sunday 4 January, 5.5 h on Monday 5 January → 16:00
    const resolution = await targetOf(t, c.id, 'resolution');
    expect(iso(resolution.due_at)).toBe('2026-01-05T08:00:00.000Z');
    expect(resolution.calendar_version).toBe(added[0]!.version);
    expect((await api(admin, 'GET', `/calendars/cn-mainland/add${addOneHour}`)).json().dueAt).toBe('2026-01-04T01:30:00.000Z');
    expect((await api(admin, 'GET', `/calendars/sh-branch/add${addOneHour}`)).json().dueAt).toBe('2026-01-04T01:30:00.000Z');
    const mainland = (await api(admin, 'GET', '/calendars/cn-mainland')).json();
    expect(mainland.versions[0]).toEqual(expect.objectContaining({ correction: true, reason: expect.stringContaining('2026') }));
    expect(mainland.definition.days).toContainEqual({ date: '2026-01-04', kind: 'workday', name: "元旦 New Year's Day 调休" });
    const wholeDays = (await api(admin, 'GET', '/calendars/cn-mainland-days')).json();
    expect(wholeDays.definition.days.filter((d: CalendarDay) => d.date.startsWith('2026'))).toEqual([ownDay]);

    const audits = await t.sql<{ action: string; reason: string; data: { moved?: { caseId: string; from: string; to: string }[] } }>(
      "SELECT action, reason, data FROM audit.event WHERE action IN ('sla.calendar-saved', 'sla.clocks-recomputed') AND reason LIKE '%2026%' ORDER BY id",
    );
    expect(audits.map((a) => a.action)).toEqual(['sla.calendar-saved', 'sla.calendar-saved', 'sla.clocks-recomputed']);
    expect(audits[2]!.data.moved).toContainEqual(expect.objectContaining({ caseId: c.id, from: '2026-01-02T08:00:00.000Z', to: '2026-01-05T08:00:00.000Z' }));

    // and a second start, or a second process, adds nothing
    expect(await addOfficialYearsToShippedCalendars(t.database.db, t.commands, clock.now())).toEqual([]);
  });

  it('never touches a past year: a year before this one that the calendar lacks stays as it is', async () => {
    const before = (await api(admin, 'GET', '/calendars/cn-mainland')).json().version;
    const official: CalendarDay[] = [{ date: '2003-10-01', kind: 'holiday', name: '国庆节 National Day' }];
    expect(await addOfficialYearsToShippedCalendars(t.database.db, t.commands, clock.now(), official)).toEqual([]);
    expect((await api(admin, 'GET', '/calendars/cn-mainland')).json().version).toBe(before);
  });

  it('says from November which shipped calendars have no day of next year yet', async () => {
    // both have 2026 now
    expect(await findShippedCalendarsWithoutNextYear(t.database.db, clock.now())).toBeUndefined();
    // a year no release will carry soon: from 1 November (Beijing) both lack the next; in October nothing is said yet
    expect(await findShippedCalendarsWithoutNextYear(t.database.db, new Date('2150-11-01T00:00:00+08:00'))).toEqual({ year: 2151, keys: ['cn-mainland', 'cn-mainland-days'] });
    expect(await findShippedCalendarsWithoutNextYear(t.database.db, new Date('2150-10-31T23:59:59+08:00'))).toBeUndefined();

    // a version scheduled from 1 January built without next year's days is the one that counts
    const mainland = (await api(admin, 'GET', '/calendars/cn-mainland')).json();
    const without2026 = mainland.definition.days.filter((d: CalendarDay) => !d.date.startsWith('2026'));
    const scheduled = await api(admin, 'PUT', '/calendars/cn-mainland', {
      definition: { ...mainland.definition, days: without2026 },
      effectiveFrom: '2026-01-01T00:00:00+08:00',
      reason: '新营业时间',
    });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    expect(await findShippedCalendarsWithoutNextYear(t.database.db, clock.now())).toEqual({ year: 2026, keys: ['cn-mainland'] });
  });
});
