import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { formatSpan } from './due-countdown.tsx';
import { filtersOf, searchOf } from './sla-board-api.ts';

describe('the board countdown', () => {
  const zh = createTranslate('zh-CN');
  const en = createTranslate('en-US');

  it('words a span as days and hours, hours and minutes, or minutes and seconds', () => {
    expect(formatSpan(((2 * 24 + 5) * 3600 + 59) * 1000, zh)).toBe('2 天 5 小时');
    expect(formatSpan((3 * 3600 + 12 * 60 + 40) * 1000, zh)).toBe('3 小时 12 分');
    expect(formatSpan((25 * 60 + 7) * 1000, zh)).toBe('25 分 7 秒');
    expect(formatSpan(-(25 * 60 + 7) * 1000, en)).toBe('25 min 7 s');
  });
});

describe('the board filters in the URL', () => {
  it('round-trip, dropping unknown risks', () => {
    const filters = { departmentId: 'd1', queue: 'complaints', caseType: 'complaint', risks: ['at-risk' as const, 'breached' as const] };
    expect(filtersOf(searchOf(filters))).toEqual(filters);
    expect(filtersOf(new URLSearchParams('risk=late,paused'))).toEqual({ departmentId: undefined, queue: undefined, caseType: undefined, risks: ['paused'] });
  });
});
