import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { countdownWords, displayedRisk, formatBusinessSeconds, formatCountdown, formatSpan, isoDurationSeconds, serverOffsetMs } from './sla-time.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en-US');
const NOW = Date.parse('2026-09-25T08:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('formatCountdown', () => {
  it('words the time left in hours and minutes in either language', () => {
    expect(formatCountdown(NOW + 3 * HOUR + 12 * MIN, NOW, zh)).toBe('剩余 3 小时 12 分');
    expect(formatCountdown(NOW + 3 * HOUR + 12 * MIN, NOW, en)).toBe('3 h 12 min left');
  });

  it('words an overdue clock as overdue by the time past due', () => {
    expect(formatCountdown(NOW - 25 * MIN, NOW, zh)).toBe('已超时 25 分');
    expect(formatCountdown(NOW - 25 * MIN, NOW, en)).toBe('Overdue by 25 min');
  });

  it('counts whole units towards zero: seconds under a minute, minutes and seconds under an hour, days and hours past a day', () => {
    expect(formatCountdown(NOW + 59_999, NOW, zh)).toBe('剩余 59 秒');
    expect(formatCountdown(NOW + 12 * MIN + 5_000, NOW, zh)).toBe('剩余 12 分 5 秒');
    expect(formatCountdown(NOW + 12 * MIN, NOW, zh)).toBe('剩余 12 分');
    expect(formatCountdown(NOW + 50 * HOUR + 59 * MIN, NOW, zh)).toBe('剩余 2 天 2 小时');
    expect(formatCountdown(NOW + 48 * HOUR, NOW, en)).toBe('2 d left');
  });

  it('reads due exactly now as overdue by nothing, not as time left', () => {
    expect(formatCountdown(NOW, NOW, zh)).toBe('已超时 0 秒');
  });

  it('formats spans on their own', () => {
    expect(formatSpan(HOUR, en)).toBe('1 h');
    expect(formatSpan(0, zh)).toBe('0 秒');
  });
});

describe('displayedRisk', () => {
  it("keeps the server's risk while due time is ahead", () => {
    expect(displayedRisk('on-track', NOW + HOUR, NOW)).toBe('on-track');
    expect(displayedRisk('at-risk', NOW + HOUR, NOW)).toBe('at-risk');
  });

  it('turns a running clock breached the moment it passes due on the server clock, before the scheduler says so', () => {
    expect(displayedRisk('at-risk', NOW, NOW)).toBe('breached');
    expect(displayedRisk('on-track', NOW - 1, NOW)).toBe('breached');
  });

  it('keeps a paused clock paused and shows nothing without a clock', () => {
    expect(displayedRisk('paused', null, NOW)).toBe('paused');
    expect(displayedRisk(null, null, NOW)).toBeNull();
    expect(displayedRisk(undefined, NOW + HOUR, NOW)).toBe('on-track');
  });
});

describe('countdownWords', () => {
  it('gives the words and risk a countdown shows', () => {
    expect(countdownWords(new Date(NOW + 90 * MIN).toISOString(), 'on-track', NOW, zh)).toEqual({ risk: 'on-track', text: '剩余 1 小时 30 分' });
    expect(countdownWords(new Date(NOW - 2 * HOUR).toISOString(), 'at-risk', NOW, en)).toEqual({ risk: 'breached', text: 'Overdue by 2 h' });
    expect(countdownWords(null, 'paused', NOW, zh)).toEqual({ risk: 'paused', text: '已暂停' });
    expect(countdownWords(null, null, NOW, zh)).toEqual({ risk: null, text: '—' });
  });
});

describe('serverOffsetMs', () => {
  it("is the server's now minus when the answer arrived, so a browser clock that is wrong does not matter", () => {
    expect(serverOffsetMs('2026-09-25T08:00:00.000Z', Date.parse('2026-09-25T07:59:00.000Z'))).toBe(MIN);
    expect(serverOffsetMs('2026-10-08T09:00:00.000Z', Date.parse('2026-12-05T10:00:00.000Z'))).toBeLessThan(0);
    expect(serverOffsetMs(undefined, NOW)).toBe(0);
    expect(serverOffsetMs('yesterday', NOW)).toBe(0);
  });
});

describe('business time words', () => {
  it('words business seconds in hours and minutes, never days', () => {
    expect(formatBusinessSeconds(55 * 3600 + 30 * 60, zh)).toBe('55 小时 30 分');
    expect(formatBusinessSeconds(-1500, en)).toBe('-25 min');
    expect(formatBusinessSeconds(0, en)).toBe('0 min');
  });

  it('reads a level duration, a day being 24 business hours', () => {
    expect(isoDurationSeconds('PT1H')).toBe(3600);
    expect(isoDurationSeconds('PT30M')).toBe(1800);
    expect(isoDurationSeconds('P3D')).toBe(72 * 3600);
    expect(isoDurationSeconds('P1DT2H')).toBe(26 * 3600);
    expect(isoDurationSeconds('soon')).toBeUndefined();
    expect(isoDurationSeconds('PT')).toBeUndefined();
  });
});
