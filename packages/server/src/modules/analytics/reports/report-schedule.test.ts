import { describe, expect, it } from 'vitest';
import { checkSchedule, nextScheduledRun, type ReportSchedule, zonedInstant } from './report-schedule.ts';

const schedule = (over: Partial<ReportSchedule>): ReportSchedule => ({ frequency: 'daily', at: '08:30', recipients: ['a@bank.example'], format: 'csv', ...over });

describe('nextScheduledRun', () => {
  it.each([
    // [schedule, now (UTC), next run (UTC)] — Shanghai is UTC+8 all year.
    [schedule({}), '2026-11-10T00:00:00Z', '2026-11-10T00:30:00Z'],
    [schedule({}), '2026-11-10T00:30:00Z', '2026-11-11T00:30:00Z'], // strictly after: a run at its own instant plans tomorrow's
    [schedule({ frequency: 'weekly', weekday: 1 }), '2026-11-10T02:00:00Z', '2026-11-16T00:30:00Z'], // Tuesday → next Monday
    [schedule({ frequency: 'monthly', dayOfMonth: 28 }), '2026-02-28T01:00:00Z', '2026-03-28T00:30:00Z'],
    [schedule({ at: '23:45' }), '2026-12-31T16:00:00Z', '2027-01-01T15:45:00Z'], // the local new year is already the 1st
  ])('%j after %s is %s', (s, now, expected) => {
    expect(nextScheduledRun(s, new Date(now), 'Asia/Shanghai').toISOString()).toBe(new Date(expected).toISOString());
  });

  it('reads the local time across a DST change (London, clocks go back on 25 October 2026)', () => {
    const s = schedule({ at: '09:00' });
    expect(nextScheduledRun(s, new Date('2026-10-24T09:00:00Z'), 'Europe/London').toISOString()).toBe('2026-10-25T09:00:00.000Z');
    expect(zonedInstant('2026-10-24', '09:00', 'Europe/London').toISOString()).toBe('2026-10-24T08:00:00.000Z');
  });
});

describe('checkSchedule', () => {
  it('names every mistake', () => {
    expect(checkSchedule(schedule({ frequency: 'weekly', at: '24:00', dayOfMonth: 3, recipients: ['a@b.example', 'a@b.example'] })).map((e) => e.field)).toEqual([
      'schedule.at',
      'schedule.weekday',
      'schedule.dayOfMonth',
      'schedule.recipients.1',
    ]);
    expect(checkSchedule(schedule({ frequency: 'monthly', dayOfMonth: 1 }))).toEqual([]);
  });
});
