import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialMainlandChinaDays } from '../../../../src/modules/sla/calendars/shipped-calendars.ts';
import {
  addOfficialYearsToShippedCalendars,
  addProvisionalYearsToShippedCalendars,
  findShippedCalendarsWithoutNextYear,
  statutoryMainlandChinaDays,
  type CalendarDay,
  type SlaPolicyDefinition,
} from '../../../../src/modules/sla/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { apiOf, insertPolicy, iso, targetOf, type Api, type CaseRef } from '../clocks/clock-fixtures.ts';

// Sunday 6 December 2026: chinese-days 1.5.7, the newest release, ends with 2026, and the State
// Council has not published the 2027 notice. The statutory holidays of 2027 and 2028 are fixed by
// law (全国年节及纪念日放假办法, 2024), so the start adds them, provisional, until the notice.

const POLICY: SlaPolicyDefinition = {
  conditions: { caseTypes: ['complaint'] },
  // 100 working days of bank hours: from December 2026 well into 2027, across 元旦, 春节 and 清明
  targets: [{ key: 'resolution', kind: 'resolution', duration: 'PT700H', calendar: 'cn-mainland', levels: [{ at: { kind: 'breach' }, actions: [] }] }],
};

let t: TestApp;
let clock: TestClock;
let admin: string;
let api: Api;
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
const holidaysOf = (year: number) =>
  new Set(
    officialMainlandChinaDays()
      .filter((d) => d.kind === 'holiday' && d.date.startsWith(`${year}-`))
      .map((d) => d.date),
  );
const datesOf = (days: CalendarDay[], year: number) => days.filter((d) => d.date.startsWith(`${year}-`)).map((d) => d.date);

beforeAll(async () => {
  clock = new TestClock(new Date('2026-12-06T02:00:00Z')); // Sunday 6 December 2026, 10:00 in Beijing
  t = await createTestApp({ clock });
  admin = await t.login('admin');
  api = apiOf(t);
  await createSeedCaseTypes(t, admin);
  await insertPolicy(t, 'complaints', POLICY);
});
afterAll(async () => t?.close());

describe('the statutory holidays computed with chinese-days', () => {
  it('reproduce the statutory days inside the official schedules of 2025 and 2026: each is a holiday there', () => {
    for (const year of [2025, 2026]) {
      const official = holidaysOf(year);
      const statutory = statutoryMainlandChinaDays(year);
      // 13 statutory days a year, none shared in these two years
      expect(statutory).toHaveLength(13);
      expect(statutory.filter((d) => !official.has(d.date))).toEqual([]);
      expect(statutory.every((d) => d.kind === 'holiday' && d.provisional === true)).toBe(true);
    }
    // 2025: 除夕 28 January to 初三 31 January; 清明 4 April; 端午 31 May; 中秋 6 October (inside National Day's week)
    expect(datesOf(statutoryMainlandChinaDays(2025), 2025)).toEqual([
      '2025-01-01',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-04',
      '2025-05-01',
      '2025-05-02',
      '2025-05-31',
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-06',
    ]);
  });

  it('for 2027: 除夕 5 February to 初三 8 February, 清明 5 April, 端午 9 June, 中秋 15 September', () => {
    expect(datesOf(statutoryMainlandChinaDays(2027), 2027)).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
    // 2028: 中秋 falls on 3 October, one day with both names
    expect(statutoryMainlandChinaDays(2028).find((d) => d.date === '2028-10-03')?.name).toBe('中秋节 Mid-autumn Festival / 国庆节 National Day（法定，待国务院通知）');
    // 2028 has a leap fifth month: 端午 is the first 五月初五 (28 May), not the leap one (27 June)
    expect(datesOf(statutoryMainlandChinaDays(2028), 2028)).toContain('2028-05-28');
    expect(datesOf(statutoryMainlandChinaDays(2028), 2028)).not.toContain('2028-06-27');
  });
  it('do not depend on the server’s time zone (chinese-days reads dates with local getters)', () => {
    const expected = [2025, 2026, 2027, 2028].map(statutoryMainlandChinaDays);
    const zone = process.env.TZ;
    try {
      for (const tz of ['America/New_York', 'Pacific/Pago_Pago', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect([2025, 2026, 2027, 2028].map(statutoryMainlandChinaDays), tz).toEqual(expected);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('years the official schedules lack', () => {
  let c: CaseRef;
  const newYear = `?${q({ from: '2026-12-31T17:00:00+08:00', duration: 'PT1H' })}`;

  it('get the statutory holidays at start, provisional: New Year 2027 is no longer a working day, open clocks move, audited', async () => {
    // given: a branch calendar, an administrator's own 2028 day on cn-mainland-days, and an open complaint
    expect((await api(admin, 'POST', '/calendars', { key: 'sz-branch', name: '深圳分行', parentKey: 'cn-mainland', definition: {} })).statusCode).toBe(201);
    const wholeDays = (await api(admin, 'GET', '/calendars/cn-mainland-days')).json();
    const ownDay: CalendarDay = { date: '2028-01-03', kind: 'holiday', name: '分行自定 Branch day off' };
    expect((await api(admin, 'PUT', '/calendars/cn-mainland-days', { definition: { ...wholeDays.definition, days: [...wholeDays.definition.days, ownDay] }, reason: '自定' })).statusCode).toBe(200);
    c = (await api(admin, 'POST', '/cases', complaint())).json();
    const dueBefore = iso((await targetOf(t, c.id, 'resolution')).due_at);
    // 30 minutes on Thursday 31 December, 30 on Friday 1 January 2027, counted as a working day
    expect((await api(admin, 'GET', `/calendars/cn-mainland/add${newYear}`)).json()).toEqual({
      dueAt: '2027-01-01T01:30:00.000Z',
      calendarVersion: 1,
      yearsWithoutDays: [2027],
      provisionalYears: [],
    });

    // when: Docket starts
    const added = await addProvisionalYearsToShippedCalendars(t.database.db, t.commands, clock.now());

    // then: 2027 and 2028 on cn-mainland; 2027 only on cn-mainland-days, whose 2028 is the administrator's
    expect(added).toEqual([
      expect.objectContaining({ key: 'cn-mainland', provisionalYears: [2027, 2028], movedClocks: 1 }),
      expect.objectContaining({ key: 'cn-mainland-days', provisionalYears: [2027], movedClocks: 0 }),
    ]);
    // 1 January 2027 is a holiday, 2 and 3 are the weekend: Monday 4 January 09:30
    const mainland = (await api(admin, 'GET', `/calendars/cn-mainland/add${newYear}`)).json();
    expect(mainland).toEqual({ dueAt: '2027-01-04T01:30:00.000Z', calendarVersion: added[0]!.version, yearsWithoutDays: [], provisionalYears: [2027] });
    expect((await api(admin, 'GET', `/calendars/sz-branch/add${newYear}`)).json()).toMatchObject({ dueAt: '2027-01-04T01:30:00.000Z', provisionalYears: [2027] });
    const elapsed = (from: string, to: string, key = 'cn-mainland-days') => api(admin, 'GET', `/calendars/${key}/elapsed?${q({ from: `${from}T00:00:00+08:00`, to: `${to}T00:00:00+08:00` })}`);
    expect((await elapsed('2027-01-01', '2027-01-02', 'cn-mainland')).json()).toMatchObject({ seconds: 0, provisionalYears: [2027] });
    // 春节: Thursday 4 February worked, 除夕 Friday 5 to 初三 Monday 8 off, Tuesday 9 worked
    expect((await elapsed('2027-02-04', '2027-02-10')).json()).toMatchObject({ seconds: 2 * 86400, provisionalYears: [2027] });
    expect((await elapsed('2027-02-05', '2027-02-09')).json()).toMatchObject({ seconds: 0 });
    // 国庆节: Friday 1 to Sunday 3 October off, Monday 4 worked (no bridging days until the notice)
    expect((await elapsed('2027-09-30', '2027-10-05')).json()).toMatchObject({ seconds: 2 * 86400 });
    expect((await elapsed('2027-10-01', '2027-10-04')).json()).toMatchObject({ seconds: 0 });

    // the month view marks them
    const monthView = (await api(admin, 'GET', `/calendars/cn-mainland/days?${q({ from: '2027-01-01', to: '2027-01-04' })}`)).json();
    expect(monthView.items.map((d: { kind: string; provisional?: boolean }) => [d.kind, d.provisional])).toEqual([
      ['holiday', true],
      ['rest', undefined],
      ['rest', undefined],
      ['workday', undefined],
    ]);

    const calendar = (await api(admin, 'GET', '/calendars/cn-mainland')).json();
    expect(calendar.versions[0]).toEqual(expect.objectContaining({ correction: true, reason: expect.stringContaining('法定节假日（暂定）2027, 2028') }));
    expect(calendar.definition.days.filter((d: CalendarDay) => d.date.startsWith('2027'))).toEqual(statutoryMainlandChinaDays(2027));
    expect(calendar.definition.days).toContainEqual({ date: '2027-02-05', kind: 'holiday', name: '春节 Spring Festival（除夕）（法定，待国务院通知）', provisional: true });

    // the open clock moved, and the audit says from where to where
    const dueAfter = iso((await targetOf(t, c.id, 'resolution')).due_at);
    expect(dueAfter! > dueBefore!).toBe(true);
    const audits = await t.sql<{ action: string; data: { moved?: { caseId: string; from: string; to: string }[] } }>(
      "SELECT action, data FROM audit.event WHERE action IN ('sla.calendar-saved', 'sla.clocks-recomputed') AND reason LIKE '%暂定%' ORDER BY id",
    );
    // cn-mainland and its branch, then cn-mainland-days
    expect(audits.map((a) => a.action)).toEqual(['sla.calendar-saved', 'sla.calendar-saved', 'sla.clocks-recomputed', 'sla.calendar-saved', 'sla.clocks-recomputed']);
    expect(audits[2]!.data.moved).toContainEqual(expect.objectContaining({ caseId: c.id, from: dueBefore, to: dueAfter }));

    // a second start adds nothing; the start's warning still names both: the notice is still missing
    expect(await addProvisionalYearsToShippedCalendars(t.database.db, t.commands, clock.now())).toEqual([]);
    expect(await findShippedCalendarsWithoutNextYear(t.database.db, clock.now())).toEqual({ year: 2027, keys: ['cn-mainland', 'cn-mainland-days'] });
  });

  it('gives way to the official schedule when a release ships it: the provisional days are replaced, clocks move, the administrator’s year stays', async () => {
    // A release carrying the 2027 and 2028 notices (made up here: no notice is published yet):
    // 元旦 1–3 January; 春节 5–12 February with Saturday 20 February worked (调休).
    const notice: CalendarDay[] = [
      ...['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, kind: 'holiday' as const, name: "元旦 New Year's Day" })),
      ...[5, 6, 7, 8, 9, 10, 11, 12].map((d) => ({ date: `2027-02-${String(d).padStart(2, '0')}`, kind: 'holiday' as const, name: '春节 Spring Festival' })),
      { date: '2027-02-20', kind: 'workday', name: '春节 Spring Festival 调休' },
      { date: '2028-01-01', kind: 'holiday', name: "元旦 New Year's Day" },
    ];
    const dueBefore = iso((await targetOf(t, c.id, 'resolution')).due_at);

    const added = await addOfficialYearsToShippedCalendars(t.database.db, t.commands, clock.now(), [...officialMainlandChinaDays(), ...notice], 'chinese-days 9.9.9');

    expect(added).toEqual([
      expect.objectContaining({ key: 'cn-mainland', years: [2027, 2028], replacedProvisionalYears: [2027, 2028], movedClocks: 1 }),
      expect.objectContaining({ key: 'cn-mainland-days', years: [2027], replacedProvisionalYears: [2027], movedClocks: 0 }),
    ]);
    const calendar = (await api(admin, 'GET', '/calendars/cn-mainland')).json();
    expect(calendar.definition.days.filter((d: CalendarDay) => d.date >= '2027')).toEqual(notice);
    expect(calendar.versions[0].reason).toContain('replacing the provisional statutory days of 2027, 2028');
    const wholeDays = (await api(admin, 'GET', '/calendars/cn-mainland-days')).json();
    expect(wholeDays.definition.days.filter((d: CalendarDay) => d.date >= '2028')).toEqual([{ date: '2028-01-03', kind: 'holiday', name: '分行自定 Branch day off' }]);
    // the answers are official now: no provisional year, bridging days off, the make-up Saturday worked
    expect((await api(admin, 'GET', `/calendars/cn-mainland/add${newYear}`)).json()).toMatchObject({ dueAt: '2027-01-04T01:30:00.000Z', yearsWithoutDays: [], provisionalYears: [] });
    const elapsed = (from: string, to: string) => api(admin, 'GET', `/calendars/cn-mainland-days/elapsed?${q({ from: `${from}T00:00:00+08:00`, to: `${to}T00:00:00+08:00` })}`);
    expect((await elapsed('2027-02-09', '2027-02-13')).json()).toMatchObject({ seconds: 0, provisionalYears: [] });
    expect((await elapsed('2027-02-20', '2027-02-21')).json()).toMatchObject({ seconds: 86400 });
    // the open clock moved later (three more days off in February than the statutory ones), audited
    const dueAfter = iso((await targetOf(t, c.id, 'resolution')).due_at);
    expect(dueAfter! > dueBefore!).toBe(true);
    const [recomputed] = await t.sql<{ data: { moved?: { caseId: string; from: string; to: string }[] } }>(
      "SELECT data FROM audit.event WHERE action = 'sla.clocks-recomputed' AND reason LIKE '%chinese-days 9.9.9%' ORDER BY id",
    );
    expect(recomputed!.data.moved).toContainEqual(expect.objectContaining({ caseId: c.id, from: dueBefore, to: dueAfter }));
    // nothing is provisional for those years any more, so a later start adds nothing back
    expect(await addProvisionalYearsToShippedCalendars(t.database.db, t.commands, clock.now(), { official: [...officialMainlandChinaDays(), ...notice] })).toEqual([]);
  });
});
