import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../calendars/business-clock.ts';
import type { TargetLevel } from '../model.ts';
import { raisedPriority } from './escalations.ts';
import { LATE_AFTER_MS, planLevelFirings } from './level-firing.ts';

const allDay = [{ start: '00:00', end: '24:00' }];
const clock = compileCalendar({ timeZone: 'UTC', alwaysOpen: true, weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay }, days: [] });
const START = new Date('2026-03-02T00:00:00Z');
const H = 3_600_000;
const at = (ms: number) => new Date(START.getTime() + ms);

const levels: TargetLevel[] = [
  { index: 0, at: { kind: 'share', share: 0.75 }, actions: [] },
  { index: 1, at: { kind: 'before-due', duration: 'PT1H' }, actions: [] },
  { index: 2, at: { kind: 'breach' }, actions: [] },
  { index: 3, at: { kind: 'after-due', duration: 'PT2H' }, actions: [] },
];
const target = (over: Partial<Parameters<typeof planLevelFirings>[0]> = {}) => ({
  levels,
  firedLevels: [] as number[],
  budgetSeconds: 8 * 3600,
  consumedSeconds: 0,
  runningSince: START as Date | null,
  atRiskAt: null as Date | null,
  breachedAt: null as Date | null,
  dueAt: at(8 * H) as Date | null,
  ...over,
});

describe('planLevelFirings', () => {
  it('fires nothing before the first level, and names it as the next', () => {
    const plan = planLevelFirings(target(), clock, at(6 * H - 1000));
    expect(plan).toEqual({ firings: [], firedLevels: [], atRiskAt: null, breachedAt: null, nextFireAt: at(6 * H) });
  });

  it('fires the 75 % warning at its instant, on time, and marks the clock at risk', () => {
    const plan = planLevelFirings(target(), clock, at(6 * H));
    expect(plan.firings.map((f) => [f.level.index, f.kind, f.late])).toEqual([[0, 'warning', false]]);
    expect(plan).toMatchObject({ firedLevels: [0], atRiskAt: at(6 * H), breachedAt: null, nextFireAt: at(7 * H) });
  });

  it('fires every level that passed, in time order, once each, late when past the grace', () => {
    const now = at(9 * H);
    const plan = planLevelFirings(target({ firedLevels: [0], atRiskAt: at(6 * H) }), clock, now);
    expect(plan.firings.map((f) => [f.level.index, f.kind, f.dueAt, f.late])).toEqual([
      [1, 'warning', at(7 * H), true],
      [2, 'breach', at(8 * H), true],
    ]);
    expect(plan).toMatchObject({ firedLevels: [0, 1, 2], atRiskAt: at(6 * H), breachedAt: now, nextFireAt: at(10 * H) });
  });

  it('is not late within the grace after its time', () => {
    const plan = planLevelFirings(target(), clock, new Date(at(6 * H).getTime() + LATE_AFTER_MS));
    expect(plan.firings.map((f) => f.late)).toEqual([false]);
  });

  it('counts the business time used before a pause', () => {
    // 5 h used, resumed at 20 h: the 75 % level (6 h) is 1 h after the resume
    const plan = planLevelFirings(target({ consumedSeconds: 5 * 3600, runningSince: at(20 * H) }), clock, at(21 * H));
    expect(plan.firings.map((f) => [f.level.index, f.dueAt])).toEqual([[0, at(21 * H)]]);
    expect(plan.nextFireAt).toEqual(at(22 * H));
  });

  it('marks a clock breached by an after-breach level even without a breach level, and leaves nothing next', () => {
    const plan = planLevelFirings(target({ levels: [levels[3]!] }), clock, at(10 * H));
    expect(plan).toMatchObject({ firedLevels: [3], breachedAt: at(10 * H), nextFireAt: null });
    expect(plan.firings.map((f) => f.kind)).toEqual(['after-breach']);
  });

  it('fires nothing for a paused clock', () => {
    expect(planLevelFirings(target({ runningSince: null, dueAt: null }), clock, at(100 * H))).toMatchObject({ firings: [], nextFireAt: null });
  });
});

describe('raisedPriority', () => {
  it('goes one step up, or up to a named priority, never down', () => {
    expect(raisedPriority('normal', undefined)).toBe('high');
    expect(raisedPriority('urgent', undefined)).toBe('urgent');
    expect(raisedPriority('low', 'urgent')).toBe('urgent');
    expect(raisedPriority('urgent', 'high')).toBe('urgent');
  });
});
