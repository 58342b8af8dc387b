import { createRequire } from 'node:module';
import type { CommandRunner } from '../../../platform/commands/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import { findSystemActorOrThrow } from '../../access/index.ts';
import { DEFAULT_CALENDAR_KEY, type CalendarDay } from '../model.ts';
import { updateCalendar } from './save-calendar.ts';
import { officialMainlandChinaDays } from './shipped-calendars.ts';
import { statutoryMainlandChinaDays } from './statutory-holidays.ts';
import { findCalendarByIdOrKey, listCalendarVersions, pickVersionInForce } from './store.ts';

/** The shipped calendars that carry the official mainland days. */
const OFFICIAL_DAY_CALENDARS = [DEFAULT_CALENDAR_KEY, 'cn-mainland-days'] as const;

export interface OfficialYearsAdded {
  key: string;
  years: number[];
  /** Years whose provisional statutory days the official ones replaced. */
  replacedProvisionalYears: number[];
  version: number;
  movedClocks: number;
}

function chineseDaysVersion(): string {
  try {
    return (createRequire(import.meta.url)('chinese-days/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The year in Beijing: the schedules are per calendar year there. */
function yearInShanghai(at: Date): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at));
}

const yearOf = (day: CalendarDay) => Number(day.date.slice(0, 4));

/** The years of which every day listed is a provisional statutory day (statutory-holidays.ts). */
function provisionalOnlyYears(days: CalendarDay[]): Set<number> {
  const years = new Set(days.filter((d) => d.provisional).map(yearOf));
  for (const day of days) if (!day.provisional) years.delete(yearOf(day));
  return years;
}

/**
 * Corrects each shipped calendar carrying the official days as `change` says, as system:seed:
 * open clocks move and it is audited like an administrator's correction. The calendar row is
 * locked before reading, so a second process starting at the same time sees what the first added.
 */
async function correctShippedCalendars<T extends object>(
  db: Db,
  commands: CommandRunner,
  requestId: string,
  change: (days: CalendarDay[]) => ({ days: CalendarDay[]; reason: string } & T) | undefined,
): Promise<({ key: string; version: number; movedClocks: number } & T)[]> {
  const actor = await findSystemActorOrThrow(db, 'system:seed').catch(() => undefined);
  if (!actor) return [];
  const corrected: ({ key: string; version: number; movedClocks: number } & T)[] = [];
  for (const key of OFFICIAL_DAY_CALENDARS) {
    const result = await commands.runCommand({ actor, channel: 'seed', requestId: `${requestId}-${key}` }, async (ctx) => {
      const calendar = await findCalendarByIdOrKey(ctx.tx, key, { forUpdate: true });
      if (!calendar) return undefined;
      const inForce = pickVersionInForce(await listCalendarVersions(ctx.tx, calendar.id), ctx.now);
      if (!inForce) return undefined;
      const changed = change(inForce.definition.days ?? []);
      if (!changed) return undefined;
      const { days, reason, ...rest } = changed;
      const saved = await updateCalendar(ctx, key, { definition: { ...inForce.definition, days: days.sort((a, b) => a.date.localeCompare(b.date)) }, reason });
      return { key, version: saved.version, movedClocks: saved.moved.length, ...(rest as unknown as T) };
    });
    if (result) corrected.push(result);
  }
  return corrected;
}

/**
 * The shipped calendars are inserted once and then belong to the administrator, so a Docket
 * upgrade that brings a new year's official schedule (a newer `chinese-days`) would otherwise
 * leave a running bank counting that year's holidays as working days. At each start, a year the
 * shipped data has (this year or later) of which the calendar in force has no day, or only the
 * provisional statutory days Docket added ahead of the notice, gets the official days instead, as
 * a correction: open clocks move and it is audited like an administrator's, as system:seed.
 * A year the administrator has entered any day of is theirs and left alone; past years are never
 * touched. Idempotent, and safe when several processes start at once (the calendar row is locked).
 */
export async function addOfficialYearsToShippedCalendars(
  db: Db,
  commands: CommandRunner,
  now: Date,
  official: CalendarDay[] = officialMainlandChinaDays(),
  source = `chinese-days ${chineseDaysVersion()}`,
): Promise<OfficialYearsAdded[]> {
  const thisYear = yearInShanghai(now);
  const officialByYear = new Map<number, CalendarDay[]>();
  for (const day of official) {
    const year = yearOf(day);
    if (year >= thisYear) officialByYear.set(year, [...(officialByYear.get(year) ?? []), day]);
  }
  return correctShippedCalendars(db, commands, 'sla-official-years', (own) => {
    const yearsPresent = new Set(own.map(yearOf));
    const provisional = provisionalOnlyYears(own);
    const years = [...officialByYear.keys()].filter((y) => !yearsPresent.has(y) || provisional.has(y)).sort((a, b) => a - b);
    if (years.length === 0) return undefined;
    const replaced = years.filter((y) => provisional.has(y));
    const days = [...own.filter((d) => !replaced.includes(yearOf(d))), ...years.flatMap((y) => officialByYear.get(y)!)];
    const replacing = replaced.length > 0 ? `, replacing the provisional statutory days of ${replaced.join(', ')}` : '';
    const reason = `国务院办公厅节假日安排 ${years.join(', ')}: official mainland China holidays and make-up working days shipped with Docket (${source})${replacing}`;
    return { days, reason, years, replacedProvisionalYears: replaced };
  });
}

export interface ProvisionalYearsAdded {
  key: string;
  provisionalYears: number[];
  version: number;
  movedClocks: number;
}

/**
 * The official data ends with the last notice a `chinese-days` release transcribed, and a
 * calendar without a year's days counts its New Year and National Day as working days. The
 * statutory holidays are fixed by law, so from this year to `horizon` years ahead, a year the
 * official data lacks and the calendar in force has no day of gets them, marked provisional, as an
 * audited correction by system:seed (open clocks move). The notice's bridging days and make-up
 * working days (调休) come only with the notice: the official data replaces the provisional days
 * when a release ships it (addOfficialYearsToShippedCalendars), or the administrator enters them.
 */
export async function addProvisionalYearsToShippedCalendars(
  db: Db,
  commands: CommandRunner,
  now: Date,
  options: { official?: CalendarDay[]; horizon?: number } = {},
): Promise<ProvisionalYearsAdded[]> {
  const thisYear = yearInShanghai(now);
  const officialYears = new Set((options.official ?? officialMainlandChinaDays()).map(yearOf));
  const candidates: number[] = [];
  for (let year = thisYear; year <= thisYear + (options.horizon ?? 2); year++) if (!officialYears.has(year)) candidates.push(year);
  if (candidates.length === 0) return [];
  return correctShippedCalendars(db, commands, 'sla-provisional-years', (own) => {
    const yearsPresent = new Set(own.map(yearOf));
    const years = candidates.filter((y) => !yearsPresent.has(y));
    if (years.length === 0) return undefined;
    const reason = `法定节假日（暂定）${years.join(', ')}: statutory holidays under 全国年节及纪念日放假办法 (2024), computed with chinese-days ${chineseDaysVersion()}; provisional until the State Council's notice, without its bridging days and make-up working days (调休)`;
    return { days: [...own, ...years.flatMap(statutoryMainlandChinaDays)], reason, provisionalYears: years };
  });
}

/**
 * From November (when the State Council usually publishes the next year's schedule), the shipped
 * calendars whose version in force on 1 January next year has no day of that year other than provisional statutory ones: until the schedule is added, next year's
 * holidays count as working days there. Said at start so an operator sees it before a clock does.
 */
export async function findShippedCalendarsWithoutNextYear(db: Db, now: Date): Promise<{ year: number; keys: string[] } | undefined> {
  const month = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: 'numeric' }).format(now));
  if (month < 11) return undefined;
  const year = yearInShanghai(now) + 1;
  const keys: string[] = [];
  for (const key of OFFICIAL_DAY_CALENDARS) {
    const calendar = await findCalendarByIdOrKey(db, key);
    if (!calendar) continue;
    // The version in force on 1 January: a version scheduled from then, built before the year was
    // added, would otherwise drop it unnoticed.
    const inForce = pickVersionInForce(await listCalendarVersions(db, calendar.id), new Date(`${year}-01-01T00:00:00+08:00`));
    // Provisional statutory days still wait for the notice's bridging and make-up days.
    if (inForce && !(inForce.resolved.days ?? []).some((d) => d.date.startsWith(`${year}-`) && !d.provisional)) keys.push(key);
  }
  return keys.length > 0 ? { year, keys } : undefined;
}
