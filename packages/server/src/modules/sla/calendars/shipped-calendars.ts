import { createRequire } from 'node:module';
import type { Db } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { ALWAYS_OPEN_CALENDAR_KEY, DEFAULT_CALENDAR_KEY, WEEKDAYS, type CalendarDay, type CalendarDefinition, type ResolvedCalendar, type TimeSpan } from '../model.ts';

/**
 * The calendars Docket ships, inserted at first start and then the administrator's to correct
 * (a later release's new years of official days are added by `official-years.ts`):
 *
 * - cn-mainland: the official mainland China holidays and make-up working days (调休) as the
 *   State Council's General Office announces them each year, from the `chinese-days` package
 *   (vsme/chinese-days, which transcribes the notices published on www.gov.cn), with bank hours
 *   09:00–12:00 and 13:30–17:30, Asia/Shanghai.
 * - cn-mainland-days: the same days, each working day counted whole (00:00–24:00): for periods
 *   regulations state in working days.
 * - always-open: 24×7, for alerts analysed within minutes.
 */
export const SHIPPED_CALENDAR_KEYS = [DEFAULT_CALENDAR_KEY, 'cn-mainland-days', ALWAYS_OPEN_CALENDAR_KEY] as const;

const BANK_HOURS: TimeSpan[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];
const WHOLE_DAY: TimeSpan[] = [{ start: '00:00', end: '24:00' }];

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** Official holidays and make-up working days; names "English,中文,n" become "中文 English". */
export function officialMainlandChinaDays(): CalendarDay[] {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const name = (text: string) => {
    const [en, zh] = text.split(',');
    return zh ? `${zh} ${en}` : text;
  };
  const days: CalendarDay[] = [
    ...Object.entries(data.holidays).map(([date, text]) => ({ date, kind: 'holiday' as const, name: name(text) })),
    ...Object.entries(data.workdays).map(([date, text]) => ({ date, kind: 'workday' as const, name: `${name(text)} 调休` })),
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

function weekdays(spans: TimeSpan[]): ResolvedCalendar['weekly'] {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, d === 'sat' || d === 'sun' ? [] : spans])) as ResolvedCalendar['weekly'];
}

export function shippedCalendars(): { key: string; name: string; definition: ResolvedCalendar }[] {
  const days = officialMainlandChinaDays();
  return [
    { key: DEFAULT_CALENDAR_KEY, name: '中国内地工作日（营业时间）Mainland China business hours', definition: { timeZone: 'Asia/Shanghai', alwaysOpen: false, weekly: weekdays(BANK_HOURS), days } },
    { key: 'cn-mainland-days', name: '中国内地工作日（全天）Mainland China working days', definition: { timeZone: 'Asia/Shanghai', alwaysOpen: false, weekly: weekdays(WHOLE_DAY), days } },
    { key: ALWAYS_OPEN_CALENDAR_KEY, name: '全天候 24×7', definition: { timeZone: 'Asia/Shanghai', alwaysOpen: true, weekly: weekdays([]), days: [] } },
  ];
}

/**
 * Inserts the shipped calendars that do not exist yet (by key), as version 1 in force since the
 * epoch. Idempotent; never touches a calendar an administrator has, so corrections survive.
 */
export async function ensureShippedCalendars(db: Db, now: Date): Promise<string[]> {
  const existing = new Set((await db.selectFrom('sla.calendar').select('key').execute()).map((r) => r.key));
  const inserted: string[] = [];
  for (const calendar of shippedCalendars()) {
    if (existing.has(calendar.key)) continue;
    const id = newId();
    const definition: CalendarDefinition = calendar.definition;
    await db.transaction().execute(async (tx) => {
      const created = await tx
        .insertInto('sla.calendar')
        .values({ id, key: calendar.key, name: calendar.name, current_version: 1, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!created) return;
      await tx
        .insertInto('sla.calendar_version')
        .values({
          calendar_id: id,
          version: 1,
          effective_from: new Date(0),
          definition: JSON.stringify(definition),
          resolved: JSON.stringify(calendar.definition),
          reason: 'shipped with Docket',
          created_at: now,
        })
        .execute();
      inserted.push(calendar.key);
    });
  }
  return inserted;
}
