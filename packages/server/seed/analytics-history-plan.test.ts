import { describe, expect, it } from 'vitest';
import { HISTORY_SPIKE, localDate, planAnalyticsHistory, startOfLocalDay, stepsUntil, type PlannedCase } from './analytics-history-plan.ts';

const ZONE = 'Asia/Shanghai';
// A Wednesday, 15:00 in Beijing: yesterday and today both have spike complaints.
const NOW = new Date('2026-12-09T07:00:00Z');
const HOUR = 3_600_000;

describe('the demo analytics history plan', () => {
  const plan = planAnalyticsHistory({ now: NOW, days: 90, timeZone: ZONE });

  it('is the same history for the same time, every case arriving in the period and before now', () => {
    // then
    expect(planAnalyticsHistory({ now: NOW, days: 90, timeZone: ZONE })).toEqual(plan);
    const first = startOfLocalDay(localDate(new Date(NOW.getTime() - 90 * 24 * HOUR), ZONE), ZONE);
    for (const c of plan) {
      expect(c.createdAt.getTime()).toBeGreaterThanOrEqual(first.getTime());
      expect(c.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      const times = c.steps.map((s) => s.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.every((t) => t > c.createdAt.getTime())).toBe(true);
    }
    expect(plan.filter((c) => c.type === 'complaint').length).toBeGreaterThan(40);
    expect(plan.filter((c) => c.type === 'consultation').length).toBeGreaterThan(20);
  });

  it('carries out only what has happened by now: the newest cases are still in progress', () => {
    // then
    const inProgress = plan.filter((c) => stepsUntil(c, NOW).length < c.steps.length);
    expect(inProgress.length).toBeGreaterThan(0);
    for (const c of plan) for (const s of stepsUntil(c, NOW)) expect(s.at.getTime()).toBeLessThanOrEqual(NOW.getTime());
  });

  it('has busier Mondays than Sundays (the spike rules compare a day with the same weekday)', () => {
    // given
    const byWeekday = (weekday: number) => plan.filter((c) => !c.spike && new Date(`${localDate(c.createdAt, ZONE)}T00:00:00Z`).getUTCDay() === weekday).length;
    // then
    expect(byWeekday(1)).toBeGreaterThan(2 * byWeekday(0));
  });

  it('makes the review the bottleneck: it waits at least 20 hours, longer than any other step', () => {
    // given
    const gaps = new Map<string, number[]>();
    for (const c of plan.filter((p) => p.type === 'complaint')) {
      let previous = c.createdAt.getTime();
      for (const s of c.steps) {
        gaps.set(s.kind, [...(gaps.get(s.kind) ?? []), s.at.getTime() - previous]);
        previous = s.at.getTime();
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // then
    const reviewWaits = gaps.get('claim-review')!;
    expect(reviewWaits.length).toBeGreaterThan(5);
    expect(Math.min(...reviewWaits)).toBeGreaterThanOrEqual(20 * HOUR);
    for (const kind of ['classify', 'complete-handle', 'review', 'reply-and-resolve']) expect(median(gaps.get(kind)!)).toBeLessThan(median(reviewWaits));
  });

  it('reopens complaints rated poorly at the follow-up call, and rates the second answer better', () => {
    // given
    const looped = plan.filter((c) => c.steps.some((s) => s.kind === 'complete-handle' && s.reopen));
    // then
    expect(looped.length).toBeGreaterThan(0);
    for (const c of looped) {
      const ratings = c.steps.flatMap((s) => (s.kind === 'follow-up' ? [s.satisfaction] : []));
      expect(ratings[0]).toBeLessThanOrEqual(2);
      if (ratings.length > 1) expect(ratings[1]).toBeGreaterThanOrEqual(3);
    }
  });

  it("puts a spike of debit-card fee complaints at the Shanghai branch on yesterday and today, today's before now", () => {
    // given
    const today = localDate(NOW, ZONE);
    const isSpikeKind = (c: PlannedCase) => c.type === 'complaint' && c.subject === HISTORY_SPIKE.category && c.product === HISTORY_SPIKE.product && c.department === HISTORY_SPIKE.department;
    const countOn = (date: string) => plan.filter((c) => isSpikeKind(c) && localDate(c.createdAt, ZONE) === date).length;
    const yesterday = localDate(new Date(startOfLocalDay(today, ZONE).getTime() - HOUR), ZONE);
    // The 8 weeks before, same weekday as yesterday.
    const baseline = Array.from({ length: 8 }, (_, w) => countOn(localDate(new Date(startOfLocalDay(yesterday, ZONE).getTime() - (w + 1) * 7 * 24 * HOUR + HOUR), ZONE)));
    // then
    expect(countOn(yesterday)).toBeGreaterThanOrEqual(HISTORY_SPIKE.yesterday);
    expect(countOn(today)).toBeGreaterThanOrEqual(HISTORY_SPIKE.today);
    expect(Math.max(...baseline)).toBeLessThanOrEqual(2);
  });

  it("puts today's spike before now even a few minutes after local midnight", () => {
    // given: 00:05 in Beijing
    const early = new Date('2026-12-08T16:05:00Z');
    // when
    const spike = planAnalyticsHistory({ now: early, days: 14, timeZone: ZONE }).filter((c) => c.spike && localDate(c.createdAt, ZONE) === '2026-12-09');
    // then
    expect(spike).toHaveLength(HISTORY_SPIKE.today);
    for (const c of spike) expect(c.createdAt.getTime()).toBeLessThanOrEqual(early.getTime());
  });

  it('reads local days in the bank time zone', () => {
    expect(startOfLocalDay('2026-10-01', ZONE).toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(startOfLocalDay('2026-03-29', 'Europe/London').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(startOfLocalDay('2026-03-30', 'Europe/London').toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });
});
