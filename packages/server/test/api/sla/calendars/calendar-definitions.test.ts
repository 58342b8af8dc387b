// Pure parts of the calendars: a branch definition resolved against its parent, the month view's
// days, and elapsed time written as an ISO 8601 duration.
import { describe, expect, it } from 'vitest';
import { describeCalendarDays } from '../../../../src/modules/sla/calendars/calendar-days.ts';
import { formatBusinessDuration } from '../../../../src/modules/sla/calendars/calendar-queries.ts';
import { resolveCalendarDefinition } from '../../../../src/modules/sla/calendars/resolve-calendar.ts';
import { shippedCalendars } from '../../../../src/modules/sla/calendars/shipped-calendars.ts';
import { WEEKDAYS, type ResolvedCalendar } from '../../../../src/modules/sla/model.ts';

const mainland = shippedCalendars().find((c) => c.key === 'cn-mainland')!.definition;
const week = (spans: { start: string; end: string }[]) => Object.fromEntries(WEEKDAYS.map((d) => [d, spans])) as ResolvedCalendar['weekly'];

describe('resolveCalendarDefinition', () => {
  it('gives a branch its parent’s zone, hours and days, its own days winning by date', () => {
    // given a branch that works the National Day make-up Saturday off and opens on 1 October 2026
    const resolved = resolveCalendarDefinition(
      {
        days: [
          { date: '2026-10-10', kind: 'holiday', name: '分行调整' },
          { date: '2026-10-01', kind: 'workday', name: '值班', spans: [{ start: '10:00', end: '15:00' }] },
        ],
      },
      mainland,
    );
    // then
    expect(resolved.timeZone).toBe('Asia/Shanghai');
    expect(resolved.weekly).toEqual(mainland.weekly);
    expect(resolved.days.filter((d) => d.date.startsWith('2026-10-'))).toEqual([
      { date: '2026-10-01', kind: 'workday', name: '值班', spans: [{ start: '10:00', end: '15:00' }] },
      ...mainland.days.filter((d) => d.date > '2026-10-01' && d.date < '2026-10-10'),
      { date: '2026-10-10', kind: 'holiday', name: '分行调整' },
    ]);
  });

  it('replaces the whole week when the branch gives one, and may change the zone or open 24×7', () => {
    const resolved = resolveCalendarDefinition({ timeZone: 'Asia/Hong_Kong', weekly: { sat: [{ start: '09:00', end: '13:00' }] } }, mainland);
    expect(resolved.timeZone).toBe('Asia/Hong_Kong');
    expect(resolved.weekly.sat).toEqual([{ start: '09:00', end: '13:00' }]);
    expect(resolved.weekly.mon).toEqual([]);
    expect(resolveCalendarDefinition({ alwaysOpen: true }, mainland).alwaysOpen).toBe(true);
  });

  it('leaves the zone empty for a root calendar without one (refused by validation)', () => {
    expect(resolveCalendarDefinition({ weekly: { mon: [{ start: '09:00', end: '17:00' }] } }).timeZone).toBe('');
  });
});

describe('describeCalendarDays', () => {
  it('marks the Spring Festival 2026 days and the make-up Saturday', () => {
    const days = describeCalendarDays(mainland, '2026-02-13', '2026-02-16');
    expect(days.map((d) => [d.date, d.weekday, d.kind, d.workingSeconds])).toEqual([
      ['2026-02-13', 'fri', 'workday', 7 * 3600],
      ['2026-02-14', 'sat', 'makeup-workday', 7 * 3600],
      ['2026-02-15', 'sun', 'holiday', 0],
      ['2026-02-16', 'mon', 'holiday', 0],
    ]);
    expect(days[2]!.name).toContain('春节');
  });

  it('counts the 23-hour day when London’s clocks go forward, and every day of a 24×7 calendar', () => {
    const london: ResolvedCalendar = { timeZone: 'Europe/London', alwaysOpen: false, weekly: week([{ start: '00:00', end: '24:00' }]), days: [] };
    expect(describeCalendarDays(london, '2026-03-28', '2026-03-29').map((d) => d.workingSeconds)).toEqual([24 * 3600, 23 * 3600]);
    const open: ResolvedCalendar = { timeZone: 'Asia/Shanghai', alwaysOpen: true, weekly: week([]), days: [] };
    expect(describeCalendarDays(open, '2026-10-01', '2026-10-01')).toEqual([
      { date: '2026-10-01', weekday: 'thu', kind: 'workday', name: null, spans: [{ start: '00:00', end: '24:00' }], workingSeconds: 86_400 },
    ]);
  });
});

describe('formatBusinessDuration', () => {
  it.each([
    [0, 'PT0S'],
    [5, 'PT5S'],
    [90 * 60, 'PT1H30M'],
    [55 * 3600 + 30 * 60, 'PT55H30M'],
    [72 * 3600 + 1, 'PT72H1S'],
  ])('%i seconds are %s (hours, never days)', (seconds, text) => {
    expect(formatBusinessDuration(seconds)).toBe(text);
  });
});
