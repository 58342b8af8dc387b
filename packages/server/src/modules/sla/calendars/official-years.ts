import { createRequire } from 'node:module';
import type { CommandRunner } from '../../../platform/commands/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import { findSystemActorOrThrow } from '../../access/index.ts';
import { DEFAULT_CALENDAR_KEY, type CalendarDay } from '../model.ts';
import { updateCalendar } from './save-calendar.ts';
import { officialMainlandChinaDays } from './shipped-calendars.ts';
import { findCalendarByIdOrKey, listCalendarVersions, pickVersionInForce } from './store.ts';

/** The shipped calendars that carry the official mainland days. */
const OFFICIAL_DAY_CALENDARS = [DEFAULT_CALENDAR_KEY, 'cn-mainland-days'] as const;

export interface OfficialYearsAdded {
  key: string;
  years: number[];
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

/**
 * The shipped calendars are inserted once and then belong to the administrator, so a Docket
 * upgrade that brings a new year's official schedule (a newer `chinese-days`) would otherwise
 * leave a running bank counting that year's holidays as working days. At each start, a year the
 * shipped data has that the calendar in force has no day of at all (this year or later) is added
 * as a correction: open clocks move and it is audited like an administrator's, as system:seed.
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
  const actor = await findSystemActorOrThrow(db, 'system:seed').catch(() => undefined);
  if (!actor) return [];
  const thisYear = yearInShanghai(now);
  const officialByYear = new Map<number, CalendarDay[]>();
  for (const day of official) {
    const year = Number(day.date.slice(0, 4));
    if (year >= thisYear) officialByYear.set(year, [...(officialByYear.get(year) ?? []), day]);
  }
  const added: OfficialYearsAdded[] = [];
  for (const key of OFFICIAL_DAY_CALENDARS) {
    const result = await commands.runCommand({ actor, channel: 'seed', requestId: `sla-official-years-${key}` }, async (ctx) => {
      // Locked before reading, so a second process starting at the same time sees the years added.
      const calendar = await findCalendarByIdOrKey(ctx.tx, key, { forUpdate: true });
      if (!calendar) return undefined;
      const inForce = pickVersionInForce(await listCalendarVersions(ctx.tx, calendar.id), ctx.now);
      if (!inForce) return undefined;
      const own = inForce.definition.days ?? [];
      const yearsPresent = new Set(own.map((d) => Number(d.date.slice(0, 4))));
      const years = [...officialByYear.keys()].filter((y) => !yearsPresent.has(y)).sort((a, b) => a - b);
      if (years.length === 0) return undefined;
      const days = [...own, ...years.flatMap((y) => officialByYear.get(y)!)].sort((a, b) => a.date.localeCompare(b.date));
      const reason = `国务院办公厅节假日安排 ${years.join(', ')}: official mainland China holidays and make-up working days shipped with Docket (${source})`;
      const saved = await updateCalendar(ctx, key, { definition: { ...inForce.definition, days }, reason });
      return { key, years, version: saved.version, movedClocks: saved.moved.length };
    });
    if (result) added.push(result);
  }
  return added;
}

/**
 * From November (when the State Council usually publishes the next year's schedule), the shipped
 * calendars whose version in force on 1 January next year has no day of that year: until the schedule is added, next year's
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
    if (inForce && !(inForce.resolved.days ?? []).some((d) => d.date.startsWith(`${year}-`))) keys.push(key);
  }
  return keys.length > 0 ? { year, keys } : undefined;
}
