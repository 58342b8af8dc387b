import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDepartment } from '../../../../src/modules/access/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { newId } from '../../../../src/platform/ids/ids.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// Now is Tuesday 1 September 2026, 10:00 in Beijing.
const START = new Date('2026-09-01T02:00:00Z');
let t: TestApp;
let clock: TestClock;
let admin: string;
let agent: string;
let supervisor: string;
let marketing: string;
let branchId: string;
let otherBranchId: string;

beforeAll(async () => {
  clock = new TestClock(START);
  t = await createTestApp({ clock });
  admin = await t.login('admin');
  branchId = newId();
  otherBranchId = newId();
  await insertDepartment(t.database.db, { id: branchId, code: 'SZ', name: '深圳分行', kind: 'branch', parentId: null, path: `/${branchId}/` });
  await insertDepartment(t.database.db, { id: otherBranchId, code: 'HK', name: '香港分行', kind: 'branch', parentId: null, path: `/${otherBranchId}/` });
  await t.createUser('agent.cal', ['agent']);
  await t.createUser('supervisor.cal', ['supervisor']);
  await t.createUser('marketing.cal', ['marketing']);
  agent = await t.login('agent.cal');
  supervisor = await t.login('supervisor.cal');
  marketing = await t.login('marketing.cal');
});
afterAll(() => t.close());

const get = (url: string, token = admin) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });
const post = (url: string, payload: object, token = admin) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(token), payload });
const put = (url: string, payload: object, token = admin) => t.app.inject({ method: 'PUT', url: `/api/v1${url}`, headers: bearer(token), payload });
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
const auditOf = (action: string) =>
  t.sql<{ target_id: string; data: Record<string, unknown>; reason: string | null }>('SELECT target_id, data, reason FROM audit.event WHERE action = $1 ORDER BY id', [action]);

const BRANCH_HOURS = {
  mon: [{ start: '09:00', end: '17:00' }],
  tue: [{ start: '09:00', end: '17:00' }],
  wed: [{ start: '09:00', end: '17:00' }],
  thu: [{ start: '09:00', end: '17:00' }],
  fri: [{ start: '09:00', end: '17:00' }],
};

describe('GET /api/v1/calendars', () => {
  it('lists the shipped calendars to anyone who handles cases', async () => {
    // when
    const res = await get('/calendars', agent);
    // then
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { key: string; currentVersion: number; timeZone: string; alwaysOpen: boolean; parentKey: string | null }[];
    expect(items.map((c) => c.key)).toEqual(expect.arrayContaining(['always-open', 'cn-mainland', 'cn-mainland-days']));
    expect(items.find((c) => c.key === 'cn-mainland')).toMatchObject({ currentVersion: 1, timeZone: 'Asia/Shanghai', alwaysOpen: false, parentKey: null, departmentId: null });
    expect(items.find((c) => c.key === 'always-open')).toMatchObject({ alwaysOpen: true });
  });

  it('is refused without calendar:read', async () => {
    expectProblem(await get('/calendars', marketing), 403, 'forbidden');
    expectProblem(await get('/calendars/cn-mainland', marketing), 403, 'forbidden');
    expectProblem(await get(`/calendars/cn-mainland/add?${q({ from: '2026-09-01T10:00:00+08:00', duration: 'PT1H' })}`, marketing), 403, 'forbidden');
    expectProblem(await get(`/calendars/cn-mainland/elapsed?${q({ from: '2026-09-01T10:00:00+08:00', to: '2026-09-02T10:00:00+08:00' })}`, marketing), 403, 'forbidden');
    expectProblem(await get(`/calendars/cn-mainland/days?${q({ from: '2026-09-01', to: '2026-09-30' })}`, marketing), 403, 'forbidden');
  });
});

describe('GET /api/v1/calendars/{id}', () => {
  it('answers by key and by id with the definition, the resolved calendar and the versions', async () => {
    const byKey = await get('/calendars/cn-mainland', agent);
    expect(byKey.statusCode).toBe(200);
    const calendar = byKey.json();
    expect(calendar).toMatchObject({ key: 'cn-mainland', version: 1, currentVersion: 1, effectiveFrom: '1970-01-01T00:00:00.000Z' });
    expect(calendar.resolved.weekly.mon).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ]);
    expect(calendar.resolved.days).toContainEqual({ date: '2026-02-14', kind: 'workday', name: expect.stringContaining('调休') });
    expect(calendar.versions).toEqual([
      { version: 1, effectiveFrom: '1970-01-01T00:00:00.000Z', reason: 'shipped with Docket', createdAt: expect.any(String), createdByName: null, correction: false },
    ]);
    const byId = await get(`/calendars/${calendar.id}`, agent);
    expect(byId.json().key).toBe('cn-mainland');
  });

  it('answers 404 for an unknown calendar or version', async () => {
    expectProblem(await get('/calendars/no-such-calendar'), 404, 'calendar-not-found');
    expectProblem(await get(`/calendars/${newId()}`), 404, 'calendar-not-found');
    expectProblem(await get('/calendars/cn-mainland?version=99'), 404, 'calendar-not-found');
  });
});

describe('GET /api/v1/calendars/{id}/add and /elapsed', () => {
  it('gives the due time of a complaint made on Friday 16:00 before National Day 2025', async () => {
    const res = await get(`/calendars/cn-mainland/add?${q({ from: '2025-09-26T16:00:00+08:00', duration: 'PT48H' })}`, agent);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ dueAt: '2025-10-13T07:00:00.000Z', calendarVersion: 1, yearsWithoutDays: [], provisionalYears: [] });
    // P2D is 48 business hours too
    expect((await get(`/calendars/cn-mainland/add?${q({ from: '2025-09-26T16:00:00+08:00', duration: 'P2D' })}`)).json().dueAt).toBe('2025-10-13T07:00:00.000Z');
  });

  it('says which years it counted without holidays: those after the last official schedule shipped', async () => {
    const shipped = (await get('/calendars/cn-mainland')).json() as { resolved: { days: { date: string }[] } };
    const lastYear = Math.max(...shipped.resolved.days.map((d) => Number(d.date.slice(0, 4))));
    const past = await get(`/calendars/cn-mainland/add?${q({ from: `${lastYear}-12-31T17:00:00+08:00`, duration: 'PT1H' })}`);
    expect(past.json()).toMatchObject({ yearsWithoutDays: [lastYear + 1] });
    expect(new Date(past.json().dueAt).getUTCFullYear()).toBe(lastYear + 1);
    const across = await get(`/calendars/cn-mainland/elapsed?${q({ from: `${lastYear}-06-01T00:00:00+08:00`, to: `${lastYear + 2}-01-02T00:00:00+08:00` })}`);
    expect(across.json()).toMatchObject({ yearsWithoutDays: [lastYear + 1, lastYear + 2] });
    // 24×7 has no holidays to miss
    expect((await get(`/calendars/always-open/add?${q({ from: `${lastYear}-12-31T17:00:00+08:00`, duration: 'PT1H' })}`)).json()).toMatchObject({ yearsWithoutDays: [], provisionalYears: [] });
  });

  it('counts elapsed business time in hours, minutes and seconds', async () => {
    const res = await get(`/calendars/cn-mainland/elapsed?${q({ from: '2025-09-26T16:00:00+08:00', to: '2025-10-13T15:00:00+08:00' })}`, agent);
    expect(res.json()).toEqual({ seconds: 48 * 3600, duration: 'PT48H', calendarVersion: 1, yearsWithoutDays: [], provisionalYears: [] });
    // Mon 9:00 → Tue 16:30 = 7 h + 3 h + 3.5 h… = 13 h 30 min (2025-03-03, 2025-03-04)
    const uneven = await get(`/calendars/cn-mainland/elapsed?${q({ from: '2025-03-03T09:00:00+08:00', to: '2025-03-04T16:00:05+08:00' })}`);
    expect(uneven.json()).toMatchObject({ seconds: 7 * 3600 + 5.5 * 3600 + 5, duration: 'PT12H30M5S' });
    const none = await get(`/calendars/cn-mainland/elapsed?${q({ from: '2025-10-01T09:00:00+08:00', to: '2025-10-08T17:00:00+08:00' })}`);
    expect(none.json()).toMatchObject({ seconds: 0, duration: 'PT0S' });
    // whole working days: Fri 26 Sep 2025 00:00 → Tue 30 Sep 12:00 = Fri, Sun (调休), Mon + half a day
    const days = await get(`/calendars/cn-mainland-days/elapsed?${q({ from: '2025-09-26T00:00:00+08:00', to: '2025-09-30T12:00:00+08:00' })}`);
    expect(days.json()).toMatchObject({ seconds: 3.5 * 86400, duration: 'PT84H' });
  });

  it('refuses an instant without an offset, a bad or negative duration and to before from, naming the field', async () => {
    const noOffset = expectProblem(await get(`/calendars/cn-mainland/add?${q({ from: '2025-09-26T16:00:00', duration: 'PT1H' })}`), 400, 'validation-failed');
    expect(noOffset.errors?.map((e) => e.field)).toEqual(['querystring.from']);
    const badDuration = expectProblem(await get(`/calendars/cn-mainland/add?${q({ from: '2025-09-26T16:00:00Z', duration: 'P1M' })}`), 400, 'validation-failed');
    expect(badDuration.errors?.map((e) => e.field)).toEqual(['querystring.duration']);
    const negative = expectProblem(await get(`/calendars/cn-mainland/add?${q({ from: '2025-09-26T16:00:00Z', duration: '-PT1H' })}`), 400, 'validation-failed');
    expect(negative.errors?.map((e) => e.field)).toEqual(['querystring.duration']);
    const backwards = expectProblem(await get(`/calendars/cn-mainland/elapsed?${q({ from: '2025-09-26T16:00:00Z', to: '2025-09-26T15:00:00Z' })}`), 400, 'validation-failed');
    expect(backwards.errors?.map((e) => e.field)).toEqual(['querystring.to']);
    const tooLong = expectProblem(await get(`/calendars/cn-mainland/add?${q({ from: '2025-09-26T16:00:00Z', duration: 'P36500D' })}`), 400, 'validation-failed');
    expect(tooLong.errors?.map((e) => e.field)).toEqual(['querystring.duration']);
    const farAway = expectProblem(await get(`/calendars/cn-mainland/elapsed?${q({ from: '0001-01-01T00:00:00Z', to: '9999-01-01T00:00:00Z' })}`), 400, 'validation-failed');
    expect(farAway.errors?.map((e) => e.field)).toEqual(['querystring.from']);
    expectProblem(await get(`/calendars/nope/add?${q({ from: '2025-09-26T16:00:00Z', duration: 'PT1H' })}`), 404, 'calendar-not-found');
    // A date that does not exist is refused, not rolled over to 2 March.
    const noSuchDay = expectProblem(await get(`/calendars/cn-mainland/add?${q({ from: '2026-02-30T16:00:00+08:00', duration: 'PT1H' })}`), 400, 'validation-failed');
    expect(noSuchDay.errors).toEqual([expect.objectContaining({ field: 'querystring.from', reason: 'not a valid date or time' })]);
    const noSuchTo = expectProblem(await get(`/calendars/cn-mainland/elapsed?${q({ from: '2026-02-27T16:00:00+08:00', to: '2026-02-29T16:00:00+08:00' })}`), 400, 'validation-failed');
    expect(noSuchTo.errors?.map((e) => e.field)).toEqual(['querystring.to']);
  });
});

describe('GET /api/v1/calendars/{id}/days', () => {
  it('marks working days, rest days, holidays and make-up working days (调休) around National Day 2025', async () => {
    const res = await get(`/calendars/cn-mainland/days?${q({ from: '2025-09-26', to: '2025-10-12' })}`, agent);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { date: string; weekday: string; kind: string; name: string | null; workingSeconds: number }[];
    expect(items).toHaveLength(17);
    const day = (date: string) => items.find((i) => i.date === date)!;
    expect(day('2025-09-26')).toMatchObject({ weekday: 'fri', kind: 'workday', name: null, workingSeconds: 7 * 3600 });
    expect(day('2025-09-27')).toMatchObject({ weekday: 'sat', kind: 'rest', workingSeconds: 0 });
    expect(day('2025-09-28')).toMatchObject({ weekday: 'sun', kind: 'makeup-workday', name: expect.stringContaining('调休'), workingSeconds: 7 * 3600 });
    expect(day('2025-10-01')).toMatchObject({ kind: 'holiday', name: expect.stringContaining('国庆'), workingSeconds: 0, spans: [] });
    expect(day('2025-10-06')).toMatchObject({ kind: 'holiday', name: expect.stringContaining('中秋') });
    expect(day('2025-10-09')).toMatchObject({ weekday: 'thu', kind: 'workday' });
    expect(day('2025-10-11')).toMatchObject({ weekday: 'sat', kind: 'makeup-workday' });
  });

  it('refuses more than 400 days and dates that are not dates', async () => {
    expect(expectProblem(await get(`/calendars/cn-mainland/days?${q({ from: '2025-01-01', to: '2026-02-10' })}`), 400, 'validation-failed').errors?.[0]?.field).toBe('querystring.to');
    expect(expectProblem(await get(`/calendars/cn-mainland/days?${q({ from: '2025-02-30', to: '2025-03-10' })}`), 400, 'validation-failed').errors?.[0]?.field).toBe('querystring.from');
  });
});

describe('POST /api/v1/calendars', () => {
  it('creates a branch calendar extending cn-mainland for a department, and audits it', async () => {
    // when
    const res = await post('/calendars', {
      key: 'sz-branch',
      name: '深圳分行',
      parentKey: 'cn-mainland',
      departmentId: branchId,
      definition: { weekly: BRANCH_HOURS, days: [{ date: '2026-09-11', kind: 'holiday', name: '分行周年' }] },
    });
    // then
    expect(res.statusCode).toBe(201);
    const calendar = res.json();
    expect(calendar).toMatchObject({ key: 'sz-branch', parentKey: 'cn-mainland', departmentId: branchId, departmentName: '深圳分行', version: 1, currentVersion: 1, timeZone: 'Asia/Shanghai' });
    expect(calendar.effectiveFrom).toBe(START.toISOString());
    expect(calendar.definition).toEqual({ weekly: BRANCH_HOURS, days: [{ date: '2026-09-11', kind: 'holiday', name: '分行周年' }] });
    expect(calendar.resolved.weekly.mon).toEqual([{ start: '09:00', end: '17:00' }]);
    expect(calendar.resolved.weekly.sat).toEqual([]);
    expect(calendar.resolved.days).toContainEqual({ date: '2026-09-11', kind: 'holiday', name: '分行周年' });
    expect(calendar.resolved.days).toContainEqual(expect.objectContaining({ date: '2026-10-01', kind: 'holiday' }));
    const audit = await auditOf('sla.calendar-saved');
    expect(audit.at(-1)).toMatchObject({ target_id: calendar.id, data: expect.objectContaining({ key: 'sz-branch', version: 1, correction: false }) });
    // the branch day off counts: Thu 10 Sep 16:00 + 2 h → Mon 14 Sep 10:00 (Fri 11 Sep is the branch's holiday)
    const due = await get(`/calendars/sz-branch/add?${q({ from: '2026-09-10T16:00:00+08:00', duration: 'PT2H' })}`);
    expect(due.json().dueAt).toBe(new Date('2026-09-14T10:00:00+08:00').toISOString());
  });

  it('refuses a taken key or department with 409 and an unknown parent or department with 400', async () => {
    const definition = { timeZone: 'Asia/Shanghai', weekly: BRANCH_HOURS };
    expect(expectProblem(await post('/calendars', { key: 'cn-mainland', name: 'x', definition }), 409, 'calendar-exists').field).toBe('key');
    expect(expectProblem(await post('/calendars', { key: 'sz-two', name: 'x', departmentId: branchId, definition }), 409, 'calendar-exists').field).toBe('departmentId');
    expect(expectProblem(await post('/calendars', { key: 'sz-three', name: 'x', parentKey: 'nope', definition }), 400, 'validation-failed').errors?.[0]?.field).toBe('parentKey');
    expect(expectProblem(await post('/calendars', { key: 'sz-four', name: 'x', departmentId: newId(), definition }), 400, 'validation-failed').errors?.[0]?.field).toBe('departmentId');
  });

  it('refuses an invalid definition, naming the field', async () => {
    const overlap = await post('/calendars', {
      key: 'bad-one',
      name: 'x',
      definition: {
        timeZone: 'Asia/Shanghai',
        weekly: {
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
      },
    });
    expect(expectProblem(overlap, 400, 'validation-failed').errors?.map((e) => e.field)).toEqual(['definition.weekly.mon[1].start']);
    const zone = await post('/calendars', { key: 'bad-two', name: 'x', definition: { timeZone: 'Asia/Beijing', weekly: BRANCH_HOURS } });
    expect(expectProblem(zone, 400, 'validation-failed').errors?.map((e) => e.field)).toEqual(['definition.timeZone']);
    const noZone = await post('/calendars', { key: 'bad-three', name: 'x', definition: { weekly: BRANCH_HOURS } });
    expect(expectProblem(noZone, 400, 'validation-failed').errors?.map((e) => e.field)).toEqual(['definition.timeZone']);
    const noWork = await post('/calendars', { key: 'bad-four', name: 'x', definition: { timeZone: 'Europe/London' } });
    expect(expectProblem(noWork, 400, 'validation-failed').errors?.map((e) => e.field)).toEqual(['definition.weekly']);
    expect((await t.sql("SELECT 1 FROM sla.calendar WHERE key LIKE 'bad-%'")).length).toBe(0);
  });

  it('creates a London calendar that keeps local hours across the clock change', async () => {
    const res = await post('/calendars', { key: 'london', name: 'London office', departmentId: otherBranchId, definition: { timeZone: 'Europe/London', weekly: BRANCH_HOURS } });
    expect(res.statusCode).toBe(201);
    // Fri 23 Oct 2026 16:00 BST + 2 h → Mon 26 Oct 10:00 GMT
    expect((await get(`/calendars/london/add?${q({ from: '2026-10-23T16:00:00+01:00', duration: 'PT2H' })}`)).json().dueAt).toBe('2026-10-26T10:00:00.000Z');
  });

  it('is refused without sla:admin', async () => {
    expectProblem(await post('/calendars', { key: 'by-supervisor', name: 'x', definition: { timeZone: 'Asia/Shanghai', weekly: BRANCH_HOURS } }, supervisor), 403, 'forbidden');
    expectProblem(await post('/calendars', { key: 'by-agent', name: 'x', definition: { timeZone: 'Asia/Shanghai', weekly: BRANCH_HOURS } }, agent), 403, 'forbidden');
    expect((await t.sql("SELECT 1 FROM sla.calendar WHERE key LIKE 'by-%'")).length).toBe(0);
  });
});

describe('PUT /api/v1/calendars/{id}', () => {
  const mainland = async () => (await get('/calendars/cn-mainland')).json();

  it('corrects the version in force: a late holiday on Wed 30 Sep 2026, and the branch calendar follows', async () => {
    // given
    const before = await mainland();
    const recomputedBefore = (await auditOf('sla.clocks-recomputed')).length;
    // when
    const res = await put('/calendars/cn-mainland', {
      definition: { ...before.definition, days: [...before.definition.days, { date: '2026-09-30', kind: 'holiday', name: '国庆节 National Day (补)' }] },
      reason: 'State Council notice: 30 September is a holiday',
    });
    // then
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ key: 'cn-mainland', version: 2, currentVersion: 2, effectiveFrom: '1970-01-01T00:00:00.000Z' });
    expect(res.json().versions.map((v: { version: number; correction: boolean }) => [v.version, v.correction])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(res.json().versions[0]).toMatchObject({ reason: 'State Council notice: 30 September is a holiday', createdByName: expect.any(String) });
    // the next due time skips the new holiday: Tue 29 Sep 17:00 + 1 h → Thu 8 Oct 09:30
    const due = await get(`/calendars/cn-mainland/add?${q({ from: '2026-09-29T17:00:00+08:00', duration: 'PT1H' })}`);
    expect(due.json()).toEqual({ dueAt: new Date('2026-10-08T09:30:00+08:00').toISOString(), calendarVersion: 2, yearsWithoutDays: [], provisionalYears: [] });
    // the branch calendar got its own correction, resolved against the new version
    const branch = (await get('/calendars/sz-branch')).json();
    expect(branch).toMatchObject({ version: 2, currentVersion: 2, effectiveFrom: START.toISOString() });
    expect(branch.resolved.days).toContainEqual({ date: '2026-09-30', kind: 'holiday', name: '国庆节 National Day (补)' });
    expect(branch.definition.days).toEqual([{ date: '2026-09-11', kind: 'holiday', name: '分行周年' }]);
    // audited: a saved version each, and one recomputation naming both calendars
    const saved = (await auditOf('sla.calendar-saved')).slice(-2);
    expect(saved.map((e) => [e.data.key, e.data.version, e.data.correction])).toEqual([
      ['cn-mainland', 2, true],
      ['sz-branch', 2, true],
    ]);
    const recomputed = await auditOf('sla.clocks-recomputed');
    expect(recomputed.length).toBe(recomputedBefore + 1);
    expect(recomputed.at(-1)).toMatchObject({
      target_id: before.id,
      reason: 'State Council notice: 30 September is a holiday',
      data: {
        calendar: 'cn-mainland',
        version: 2,
        calendars: [
          { key: 'cn-mainland', fromVersions: [1], version: 2 },
          { key: 'sz-branch', fromVersions: [1], version: 2 },
        ],
        moved: [],
      },
    });
  });

  it('schedules a version from a future date without touching the one in force', async () => {
    // given
    const current = await mainland();
    const recomputedBefore = (await auditOf('sla.clocks-recomputed')).length;
    // when: from 2027, a 09:00–17:00 day
    const res = await put('/calendars/cn-mainland', {
      definition: { ...current.definition, weekly: BRANCH_HOURS },
      effectiveFrom: '2027-01-01T00:00:00+08:00',
      reason: 'New opening hours from 2027',
    });
    // then
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 3, currentVersion: 2, effectiveFrom: '2026-12-31T16:00:00.000Z' });
    expect((await mainland()).version).toBe(2);
    const in2026 = await get(`/calendars/cn-mainland/add?${q({ from: '2026-12-01T10:00:00+08:00', duration: 'PT1H' })}`);
    expect(in2026.json().calendarVersion).toBe(2);
    const in2027 = await get(`/calendars/cn-mainland/add?${q({ from: '2027-03-01T16:00:00+08:00', duration: 'PT1H' })}`);
    expect(in2027.json()).toEqual({ dueAt: new Date('2027-03-01T17:00:00+08:00').toISOString(), calendarVersion: 3, yearsWithoutDays: [2027], provisionalYears: [] });
    expect((await auditOf('sla.clocks-recomputed')).length).toBe(recomputedBefore);
    const saved = (await auditOf('sla.calendar-saved')).at(-2)!;
    expect(saved.data).toMatchObject({ key: 'cn-mainland', version: 3, correction: false, effectiveFrom: '2026-12-31T16:00:00.000Z' });
    // the branch calendar has a version from the same date
    const branch = (await get('/calendars/sz-branch')).json();
    expect(branch.versions[0]).toMatchObject({ version: 3, effectiveFrom: '2026-12-31T16:00:00.000Z', correction: false });
  });

  it('refuses a past effectiveFrom, a missing reason and a parent cycle, naming the field', async () => {
    const current = await mainland();
    const past = await put('/calendars/cn-mainland', { definition: current.definition, effectiveFrom: '2026-08-01T00:00:00+08:00', reason: 'x' });
    expect(expectProblem(past, 400, 'validation-failed').errors?.map((e) => e.field)).toEqual(['effectiveFrom']);
    const noReason = await put('/calendars/cn-mainland', { definition: current.definition });
    expect(expectProblem(noReason, 400, 'validation-failed').errors?.map((e) => e.field)).toEqual(['reason']);
    const cycle = await put('/calendars/cn-mainland', { definition: current.definition, parentKey: 'sz-branch', reason: 'x' });
    expect(expectProblem(cycle, 400, 'validation-failed').errors?.map((e) => e.field)).toEqual(['parentKey']);
    expectProblem(await put('/calendars/nope', { definition: current.definition, reason: 'x' }), 404, 'calendar-not-found');
    expect((await mainland()).versions).toHaveLength(3);
  });

  it('is refused without sla:admin', async () => {
    const current = await mainland();
    expectProblem(await put('/calendars/cn-mainland', { definition: current.definition, reason: 'x' }, supervisor), 403, 'forbidden');
    expectProblem(await put('/calendars/cn-mainland', { definition: current.definition, reason: 'x' }, agent), 403, 'forbidden');
    expect((await mainland()).versions).toHaveLength(3);
  });

  it('shows an older version when asked', async () => {
    const v1 = (await get('/calendars/cn-mainland?version=1')).json();
    expect(v1).toMatchObject({ version: 1, currentVersion: 2 });
    expect(v1.resolved.days).not.toContainEqual(expect.objectContaining({ date: '2026-09-30' }));
    const old = await get(`/calendars/cn-mainland/add?${q({ from: '2026-09-29T17:00:00+08:00', duration: 'PT1H', version: '1' })}`);
    expect(old.json()).toEqual({ dueAt: new Date('2026-09-30T09:30:00+08:00').toISOString(), calendarVersion: 1, yearsWithoutDays: [], provisionalYears: [] });
  });
});
