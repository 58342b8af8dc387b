// A calendar correction hands the open clocks of the corrected versions to the clocks part
// (moveOpenClocksToCalendarVersion, clocks/recompute.ts) in the same command, and writes one
// sla.clocks-recomputed event with what it moved. The clocks part's own tests move real clocks;
// here its function is replaced by a spy, to see what the calendars part asks of it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertDepartment } from '../../../../src/modules/access/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { newId } from '../../../../src/platform/ids/ids.ts';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';

const moves = vi.hoisted(() => ({
  calls: [] as { calendarId: string; fromVersions: number[]; to: { calendarId: string; version: number }; inTransaction: boolean }[],
}));
vi.mock('../../../../src/modules/sla/clocks/recompute.ts', () => ({
  moveOpenClocksToCalendarVersion: async (ctx: { tx: unknown }, input: { calendarId: string; fromVersions: number[]; to: { calendarId: string; version: number } }) => {
    moves.calls.push({ ...input, inTransaction: Boolean(ctx.tx) });
    return [{ targetId: `target-of-${input.to.version}`, caseId: 'case-1', key: 'resolution', from: '2026-09-30T09:00:00.000Z', to: '2026-10-08T09:00:00.000Z' }];
  },
}));

let t: TestApp;
let admin: string;
let mainlandId: string;
let branchId: string;

beforeAll(async () => {
  t = await createTestApp({ clock: new TestClock(new Date('2026-09-01T02:00:00Z')) });
  admin = await t.login('admin');
  const departmentId = newId();
  await insertDepartment(t.database.db, { id: departmentId, code: 'GZ', name: '广州分行', kind: 'branch', parentId: null, path: `/${departmentId}/` });
  const branch = await t.app.inject({
    method: 'POST',
    url: '/api/v1/calendars',
    headers: bearer(admin),
    payload: { key: 'gz-branch', name: '广州分行', parentKey: 'cn-mainland', departmentId, definition: { days: [{ date: '2026-09-18', kind: 'holiday', name: '分行日' }] } },
  });
  expect(branch.statusCode).toBe(201);
  branchId = branch.json().id;
  mainlandId = (await t.app.inject({ method: 'GET', url: '/api/v1/calendars/cn-mainland', headers: bearer(admin) })).json().id;
});
afterAll(() => t.close());

const correctMainland = async (date: string, effectiveFrom?: string) => {
  const current = (await t.app.inject({ method: 'GET', url: '/api/v1/calendars/cn-mainland', headers: bearer(admin) })).json();
  return t.app.inject({
    method: 'PUT',
    url: '/api/v1/calendars/cn-mainland',
    headers: bearer(admin),
    payload: { definition: { ...current.definition, days: [...current.definition.days, { date, kind: 'holiday', name: 'late holiday' }] }, reason: `holiday ${date}`, effectiveFrom },
  });
};
const recomputed = () =>
  t.sql<{ target_id: string; data: { calendar: string; version: number; moved: { calendar: string; targetId: string }[] } }>(
    "SELECT target_id, data FROM audit.event WHERE action = 'sla.clocks-recomputed' ORDER BY id",
  );

describe('a correction moves the open clocks of the calendar and of its branch calendars', () => {
  it('asks to move the clocks of the corrected version, then of the branch calendar, and audits them once', async () => {
    // when
    const res = await correctMainland('2026-09-30');
    // then
    expect(res.statusCode).toBe(200);
    expect(moves.calls).toEqual([
      { calendarId: mainlandId, fromVersions: [1], to: { calendarId: mainlandId, version: 2 }, inTransaction: true },
      { calendarId: branchId, fromVersions: [1], to: { calendarId: branchId, version: 2 }, inTransaction: true },
    ]);
    const events = await recomputed();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ target_id: mainlandId, data: { calendar: 'cn-mainland', version: 2 } });
    expect(events[0]!.data.moved).toEqual([
      { calendar: 'cn-mainland', targetId: 'target-of-2', caseId: 'case-1', key: 'resolution', from: '2026-09-30T09:00:00.000Z', to: '2026-10-08T09:00:00.000Z' },
      { calendar: 'gz-branch', targetId: 'target-of-2', caseId: 'case-1', key: 'resolution', from: '2026-09-30T09:00:00.000Z', to: '2026-10-08T09:00:00.000Z' },
    ]);
  });

  it('a second correction moves the clocks still bound to the first version and to the first correction', async () => {
    moves.calls.length = 0;
    expect((await correctMainland('2026-10-09')).statusCode).toBe(200);
    expect(moves.calls.map((c) => [c.calendarId, c.fromVersions, c.to.version])).toEqual([
      [mainlandId, [1, 2], 3],
      [branchId, [1, 2], 3],
    ]);
  });

  it('a version scheduled from a future date moves nothing', async () => {
    moves.calls.length = 0;
    const before = (await recomputed()).length;
    expect((await correctMainland('2027-02-01', '2027-01-01T00:00:00+08:00')).statusCode).toBe(200);
    expect(moves.calls).toEqual([]);
    expect((await recomputed()).length).toBe(before);
  });
});
