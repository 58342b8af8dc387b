import { describe, expect, it } from 'vitest';
import { displayedDay, firstBadSpan, markDay, monthGridRange, setWeekday, zonedMidnightIso } from './calendar-model.ts';
import type { CalendarDayView } from './sla-admin-api.ts';

const saved = (date: string, kind: CalendarDayView['kind'], name: string | null = null): CalendarDayView => ({ date, weekday: 'thu', kind, name, spans: [], workingSeconds: 0 });

describe('the calendar editor model', () => {
  it('marks a holiday, a make-up working day and clears a mark, keeping days sorted and one per date', () => {
    let definition = markDay({}, '2026-10-08', 'holiday', ' 国庆节 ');
    definition = markDay(definition, '2026-09-20', 'makeup-workday', '国庆节调休');
    expect(definition.days).toEqual([
      { date: '2026-09-20', kind: 'workday', name: '国庆节调休' },
      { date: '2026-10-08', kind: 'holiday', name: '国庆节' },
    ]);
    definition = markDay(definition, '2026-10-08', 'makeup-workday', '');
    expect(definition.days).toEqual([
      { date: '2026-09-20', kind: 'workday', name: '国庆节调休' },
      { date: '2026-10-08', kind: 'workday' },
    ]);
    expect(markDay(definition, '2026-09-20', 'normal').days).toEqual([{ date: '2026-10-08', kind: 'workday' }]);
  });

  it('shows the unsaved mark over the saved day, and the weekly pattern where a saved mark was cleared', () => {
    const savedDefinition = { days: [{ date: '2026-10-09', kind: 'holiday' as const, name: '分行假日' }] };
    const draft = markDay(markDay(savedDefinition, '2026-10-09', 'normal'), '2026-10-10', 'makeup-workday', '调休');
    expect(displayedDay('2026-10-09', saved('2026-10-09', 'holiday', '分行假日'), draft, savedDefinition, false)).toEqual({ kind: 'workday', name: null, edited: true });
    expect(displayedDay('2026-10-10', saved('2026-10-10', 'rest'), draft, savedDefinition, true)).toEqual({ kind: 'makeup-workday', name: '调休', edited: true });
    expect(displayedDay('2026-10-01', saved('2026-10-01', 'holiday', '国庆节'), draft, savedDefinition, false)).toEqual({ kind: 'holiday', name: '国庆节', edited: false });
  });

  it('refuses spans that are not HH:MM, end before they start or overlap', () => {
    expect(
      firstBadSpan([
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ]),
    ).toBe(-1);
    expect(firstBadSpan([{ start: '00:00', end: '24:00' }])).toBe(-1);
    expect(firstBadSpan([{ start: '9:00', end: '12:00' }])).toBe(0);
    expect(
      firstBadSpan([
        { start: '09:00', end: '12:00' },
        { start: '11:00', end: '17:30' },
      ]),
    ).toBe(1);
    expect(firstBadSpan([{ start: '13:00', end: '12:00' }])).toBe(0);
  });

  it('sets one weekday without touching the others, and asks for the whole grid around a month', () => {
    expect(setWeekday({ weekly: { mon: [{ start: '09:00', end: '17:00' }] } }, 'sat', [{ start: '09:00', end: '12:00' }]).weekly).toEqual({
      mon: [{ start: '09:00', end: '17:00' }],
      sat: [{ start: '09:00', end: '12:00' }],
    });
    expect(monthGridRange(2026, 10)).toEqual({ from: '2026-09-24', to: '2026-11-14' });
  });

  it('starts a scheduled version at midnight in the calendar’s own time zone', () => {
    expect(zonedMidnightIso('2027-01-01', 'Asia/Shanghai')).toBe('2026-12-31T16:00:00.000Z');
    expect(zonedMidnightIso('2027-07-01', 'Europe/London')).toBe('2027-06-30T23:00:00.000Z');
    expect(zonedMidnightIso('2027-01-01', 'UTC')).toBe('2027-01-01T00:00:00.000Z');
  });
});
