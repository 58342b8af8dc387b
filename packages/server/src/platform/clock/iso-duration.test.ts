import { describe, expect, it } from 'vitest';
import { parseInstantWithOffset, parseIsoDurationMs } from './iso-duration.ts';

describe('parseIsoDurationMs', () => {
  it.each([
    ['PT2H', 7_200_000],
    ['PT1H', 3_600_000],
    ['P1D', 86_400_000],
    ['P1DT2H30M', 86_400_000 + 9_000_000],
    ['PT0.5S', 500],
    ['PT1,5M', 90_000],
    ['P2W', 14 * 86_400_000],
    ['PT0S', 0],
    ['-PT1H', -3_600_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseIsoDurationMs(text)).toEqual({ ok: true, ms });
  });

  it.each(['', 'P', 'PT', 'P1DT', '2H', 'PT2h', 'PT2H ', 'T2H', 'P1H', 'PT1D', 'two hours', 'PT-1H'])('refuses %j as not a duration', (text) => {
    expect(parseIsoDurationMs(text)).toMatchObject({ ok: false, reason: expect.stringContaining('not an ISO 8601 duration') });
  });

  it.each(['P1M', 'P1Y', 'P1Y2M', 'P1MT2H'])('refuses %s: months and years have no fixed length', (text) => {
    expect(parseIsoDurationMs(text)).toMatchObject({ ok: false, reason: expect.stringContaining('no fixed length') });
  });
});

describe('parseInstantWithOffset', () => {
  it('reads an instant with its offset', () => {
    expect(parseInstantWithOffset('2026-05-01T09:00:00+08:00')).toEqual({ ok: true, instant: new Date('2026-05-01T01:00:00Z') });
    expect(parseInstantWithOffset('2026-05-01T01:00:00.250Z')).toEqual({ ok: true, instant: new Date('2026-05-01T01:00:00.250Z') });
  });

  it('refuses a local time without an offset, saying so', () => {
    expect(parseInstantWithOffset('2026-05-01T09:00:00')).toMatchObject({ ok: false, reason: expect.stringContaining('no offset') });
  });

  it.each(['2026-05-01', 'tomorrow', '2026-13-01T00:00:00Z', '2026-05-01 09:00:00+08:00'])('refuses %j', (text) => {
    expect(parseInstantWithOffset(text).ok).toBe(false);
  });

  it.each(['2026-02-30T16:00:00+08:00', '2026-02-29T00:00:00Z', '2026-04-31T09:00:00+08:00', '2026-09-30T25:00:00+08:00'])(
    'refuses the date or time that does not exist in %j, rather than rolling it over',
    (text) => {
      expect(parseInstantWithOffset(text)).toEqual({ ok: false, reason: 'not a valid date or time' });
    },
  );

  it('reads 29 February of a leap year', () => {
    expect(parseInstantWithOffset('2028-02-29T09:00:00+08:00')).toEqual({ ok: true, instant: new Date('2028-02-29T01:00:00Z') });
  });
});
