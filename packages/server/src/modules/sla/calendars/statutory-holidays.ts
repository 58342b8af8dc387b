import { createRequire } from 'node:module';
import type { CalendarDay } from '../model.ts';

interface ChineseDaysCalendarFunctions {
  getSolarDateFromLunar(lunarDate: Date): { date: string; leapMonthDate?: string };
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string;
}

const chineseDays = () => createRequire(import.meta.url)('chinese-days') as ChineseDaysCalendarFunctions;

function localDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function plusDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * 正月初一, 五月初五 or 八月十五 of lunar year `year` as a Gregorian date. chinese-days reads the
 * lunar date with the process's local getters: a Date made in local time reads back the same
 * month and day whatever the server's zone (a 'YYYY-MM-DD' string is read as UTC midnight and is
 * a day early west of Greenwich). The first month of the year is never a leap month, and 五月初五
 * in a year with a leap fifth month is the first (non-leap) one, which `date` is.
 */
function solarOfLunar(year: number, month: number, day: number): string {
  return chineseDays().getSolarDateFromLunar(new Date(year, month - 1, day)).date;
}

/**
 * The day of 清明. chinese-days formats a UTC-midnight date with local getters, so west of
 * Greenwich it answers the day before: the true day is the one (of the answer and the next)
 * that its formatting maps back onto the answer, the answer itself first.
 */
function qingming(year: number): string {
  const answer = chineseDays().getSolarTermDate(year, 4, 'pure_brightness');
  for (const candidate of [answer, plusDays(answer, 1)]) {
    const [y, m, d] = candidate.split('-').map(Number) as [number, number, number];
    if (localDate(new Date(Date.UTC(y, m - 1, d))) === answer) return candidate;
  }
  return answer;
}

/**
 * The statutory public holidays of mainland China in `year` under 《全国年节及纪念日放假办法》 as
 * revised in 2024 (in force from 2025): 元旦 1 January; 春节 除夕 and 正月初一 to 初三; 清明节 the day
 * of the 清明 solar term; 劳动节 1 and 2 May; 端午节 五月初五; 中秋节 八月十五; 国庆节 1 to 3 October.
 * They are fixed by law, so a year can be counted with them before the State Council's notice,
 * which adds the bridging days and the make-up working days (调休) no rule can foresee. Each day
 * is marked `provisional`; a date two festivals share (中秋 on 1 October) is one day with both names.
 */
export function statutoryMainlandChinaDays(year: number): CalendarDay[] {
  const springFestival = solarOfLunar(year, 1, 1);
  const named: [string, string][] = [
    [`${year}-01-01`, "元旦 New Year's Day"],
    [plusDays(springFestival, -1), '春节 Spring Festival（除夕）'],
    [springFestival, '春节 Spring Festival'],
    [plusDays(springFestival, 1), '春节 Spring Festival'],
    [plusDays(springFestival, 2), '春节 Spring Festival'],
    [qingming(year), '清明节 Tomb-sweeping Day'],
    [`${year}-05-01`, '劳动节 Labour Day'],
    [`${year}-05-02`, '劳动节 Labour Day'],
    [solarOfLunar(year, 5, 5), '端午节 Dragon Boat Festival'],
    [solarOfLunar(year, 8, 15), '中秋节 Mid-autumn Festival'],
    [`${year}-10-01`, '国庆节 National Day'],
    [`${year}-10-02`, '国庆节 National Day'],
    [`${year}-10-03`, '国庆节 National Day'],
  ];
  const byDate = new Map<string, string>();
  for (const [date, name] of named) byDate.set(date, byDate.has(date) ? `${byDate.get(date)} / ${name}` : name);
  return [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, name]) => ({ date, kind: 'holiday' as const, name: `${name}（法定，待国务院通知）`, provisional: true }));
}
