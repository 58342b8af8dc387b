import { describe, expect, it } from 'vitest';
import { instantOfLocal, localDayOf, monthDaysObservedOn, nextCronFire, observedInYear, occurrenceOn, scanDayOf, targetDayOf, validateTimeTrigger } from './time-trigger.ts';

const birthday = { offsetDays: -7, recurrence: 'yearly' as const };

describe('date trigger days', () => {
  it('serves the date 7 days ahead on each scan day, across the year boundary', () => {
    expect(targetDayOf('2026-12-27', -7)).toBe('2027-01-03');
    expect(occurrenceOn(birthday, '1980-01-03', '2026-12-27')).toBe('2027-01-03');
    expect(occurrenceOn(birthday, '1980-01-03', '2026-12-26')).toBeUndefined();
    expect(scanDayOf('2027-01-03', -7)).toBe('2026-12-27');
  });

  it('observes 29 February on 28 February in a year without one, and on itself in a leap year', () => {
    expect(observedInYear('1992-02-29', 2027)).toBe('2027-02-28');
    expect(observedInYear('1992-02-29', 2028)).toBe('2028-02-29');
    expect(monthDaysObservedOn('2027-02-28')).toEqual([228, 229]);
    expect(monthDaysObservedOn('2028-02-28')).toEqual([228]);
    // 7 days before 28 February 2027 is 21 February.
    expect(occurrenceOn(birthday, '1992-02-29', '2027-02-21')).toBe('2027-02-28');
    expect(occurrenceOn(birthday, '1992-02-29', '2028-02-22')).toBe('2028-02-29');
    expect(occurrenceOn(birthday, '1992-02-29', '2028-02-21')).toBeUndefined();
    // A 28 February birthday is on 28 February every year.
    expect(occurrenceOn(birthday, '1990-02-28', '2027-02-21')).toBe('2027-02-28');
  });

  it('runs a once date only on its own occurrence, and a yearly one only from its date on', () => {
    const maturity = { offsetDays: -3, recurrence: 'once' as const };
    expect(occurrenceOn(maturity, '2027-03-10', '2027-03-07')).toBe('2027-03-10');
    expect(occurrenceOn(maturity, '2026-03-10', '2026-03-07')).toBe('2026-03-10');
    expect(occurrenceOn(maturity, '2026-03-10', '2027-03-07')).toBeUndefined();
    expect(occurrenceOn({ offsetDays: 0, recurrence: 'yearly' }, '2030-05-01', '2027-05-01')).toBeUndefined();
    expect(occurrenceOn({ offsetDays: 2, recurrence: 'once' }, '2027-01-30', '2027-02-01')).toBe('2027-01-30');
  });
});

describe('zones and cron', () => {
  it('finds local days and wall times in the rule zone', () => {
    expect(localDayOf(new Date('2026-12-26T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-27');
    expect(instantOfLocal('2026-12-27', '09:00', 'Asia/Shanghai').toISOString()).toBe('2026-12-27T01:00:00.000Z');
    expect(instantOfLocal('2027-03-28', '09:00', 'Europe/Berlin').toISOString()).toBe('2027-03-28T07:00:00.000Z');
  });

  it('fires a weekday cron at 09:00 Shanghai time', () => {
    // Friday 2026-12-11 10:00 local → Monday 09:00.
    expect(nextCronFire('0 9 * * 1-5', 'Asia/Shanghai', new Date('2026-12-11T02:00:00Z'))?.toISOString()).toBe('2026-12-14T01:00:00.000Z');
  });
});

describe('validateTimeTrigger', () => {
  it('accepts the birthday and the schedule triggers', () => {
    expect(validateTimeTrigger({ kind: 'date', objectType: 'customer', field: 'birthday', offsetDays: -7, recurrence: 'yearly', at: '09:00', timeZone: 'Asia/Shanghai' })).toEqual([]);
    expect(validateTimeTrigger({ kind: 'date', objectType: 'case', field: 'closedAt', offsetDays: 2, recurrence: 'once' })).toEqual([]);
    expect(validateTimeTrigger({ kind: 'schedule', cron: '0 9 * * 1-5', calendarKey: 'cn-mainland' })).toEqual([]);
  });

  it('names each wrong setting', () => {
    const errors = validateTimeTrigger({ kind: 'date', objectType: 'case', field: 'birthday', offsetDays: 1.5, recurrence: 'monthly', at: '25:00', timeZone: 'Mars/Base' });
    expect(errors.map((e) => e.field).sort()).toEqual(['trigger.at', 'trigger.field', 'trigger.offsetDays', 'trigger.recurrence', 'trigger.timeZone']);
    expect(validateTimeTrigger({ kind: 'schedule', cron: 'every day' })).toEqual([{ field: 'trigger.cron', reason: expect.stringContaining('5 fields') }]);
    expect(validateTimeTrigger({ kind: 'schedule', cron: '0 9 * * 8' })).toEqual([{ field: 'trigger.cron', reason: expect.stringContaining('not a cron expression') }]);
  });
});
