import { describe, expect, it } from 'vitest';
import { buildReportFigures, isoWeekOf, periodsBetween } from './report-figures.ts';

describe('the assistance report figures', () => {
  it('given outcomes per field, gives adoption over decided ones, accuracy over kept values and time saved at the type’s seconds', () => {
    const report = buildReportFigures({
      counts: [
        { caseType: 'complaint', field: 'category', period: '2026-12-01', suggested: 10, accepted: 6, changed: 2, rejected: 1 },
        { caseType: 'complaint', field: 'phone', period: '2026-12-02', suggested: 4, accepted: 4, changed: 0, rejected: 0 },
        { caseType: 'suggestion', field: 'email', period: '2026-12-02', suggested: 2, accepted: 0, changed: 0, rejected: 0 },
      ],
      prefills: [
        { caseType: 'complaint', period: '2026-12-01', prefills: 10 },
        { caseType: 'complaint', period: '2026-12-02', prefills: 4 },
        { caseType: 'suggestion', period: '2026-12-02', prefills: 2 },
      ],
      secondsPerField: new Map([['complaint', 30]]),
      periods: ['2026-12-01', '2026-12-02', '2026-12-03'],
    });
    expect(report.totals).toMatchObject({ prefills: 16, suggested: 16, accepted: 10, changed: 2, rejected: 1, undecided: 3, adoptionRate: 0.7692, accuracy: 0.8333, timeSavedSeconds: 300 });
    const complaint = report.caseTypes[0]!;
    expect(complaint.fields.map((f) => [f.field, f.adoptionRate, f.accuracy])).toEqual([
      ['category', 0.6667, 0.75],
      ['phone', 1, 1],
    ]);
    expect(complaint.periods.map((p) => p.prefills)).toEqual([10, 4, 0]);
    // Nothing decided: no rate rather than 0 %, and the default 20 s per field.
    expect(report.caseTypes[1]).toMatchObject({ caseType: 'suggestion', secondsPerField: 20, adoptionRate: null, accuracy: null, undecided: 2 });
    expect(report.periods.map((p) => p.suggested)).toEqual([10, 6, 0]);
  });

  it('labels days, ISO weeks and months as the SQL does, every one of the range', () => {
    expect(periodsBetween('2026-12-30', '2027-01-02', 'day')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(periodsBetween('2026-12-27', '2027-01-05', 'week')).toEqual(['2026-W52', '2026-W53', '2027-W01']);
    expect(periodsBetween('2026-11-15', '2027-01-02', 'month')).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
  });
});
