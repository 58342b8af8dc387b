import type { CalendarDay, CalendarDayView, CalendarDefinition, DayKind, TimeSpan, Weekday } from './sla-admin-api.ts';

// Pure helpers of the calendar editor: the days an administrator marks, the weekly hours, and what
// a day looks like once the unsaved marks are laid over the server's days.

/** What an administrator makes of one date: a holiday, a make-up working day (调休), or the weekly pattern again. */
export type DayMark = 'holiday' | 'makeup-workday' | 'normal';

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Sets or clears the dated exception of `date` in a definition (days stay sorted, one per date). */
export function markDay(definition: CalendarDefinition, date: string, mark: DayMark, name?: string): CalendarDefinition {
  const others = (definition.days ?? []).filter((d) => d.date !== date);
  if (mark === 'normal') return { ...definition, days: others };
  const trimmed = name?.trim();
  const day: CalendarDay = { date, kind: mark === 'holiday' ? 'holiday' : 'workday', ...(trimmed ? { name: trimmed } : {}) };
  return { ...definition, days: [...others, day].sort((a, b) => a.date.localeCompare(b.date)) };
}

/** The exception a definition itself holds for a date (not its parent's). */
export function ownDay(definition: CalendarDefinition, date: string): CalendarDay | undefined {
  return definition.days?.find((d) => d.date === date);
}

/**
 * How a date shows in the month view: the editor's own exception for the date wins; a date whose
 * saved exception was cleared shows the weekly pattern; otherwise the saved day as the server computed it.
 */
export function displayedDay(
  date: string,
  saved: CalendarDayView | undefined,
  draft: CalendarDefinition,
  savedDefinition: CalendarDefinition,
  isDayOff: boolean,
): { kind: DayKind; name: string | null; edited: boolean } {
  const own = ownDay(draft, date);
  const before = ownDay(savedDefinition, date);
  const edited = JSON.stringify(own ?? null) !== JSON.stringify(before ?? null);
  if (own) return { kind: own.kind === 'holiday' ? 'holiday' : isDayOff ? 'makeup-workday' : 'workday', name: own.name ?? null, edited };
  if (before || !saved) return { kind: isDayOff ? 'rest' : 'workday', name: null, edited };
  return { kind: saved.kind, name: saved.name, edited };
}

/** Weekly hours: the spans of one weekday, validated (HH:MM, end after start, in order, not overlapping). Returns the index of the first bad span, or -1. */
export function firstBadSpan(spans: readonly TimeSpan[]): number {
  let previousEnd = '';
  for (const [i, span] of spans.entries()) {
    if (!HHMM.test(span.start) || !HHMM.test(span.end) || span.start === '24:00') return i;
    if (span.end <= span.start) return i;
    if (previousEnd && span.start < previousEnd) return i;
    previousEnd = span.end;
  }
  return -1;
}

/** Replaces one weekday's spans; an empty list is a day off. */
export function setWeekday(definition: CalendarDefinition, weekday: Weekday, spans: TimeSpan[]): CalendarDefinition {
  return { ...definition, weekly: { ...(definition.weekly ?? {}), [weekday]: spans } };
}

/** The first and last date (YYYY-MM-DD) of the six-week grid antd's month view shows for a month. */
export function monthGridRange(year: number, month: number): { from: string; to: string } {
  // antd's Calendar starts its grid on the locale's first weekday; asking a week either side covers both.
  const first = new Date(Date.UTC(year, month - 1, 1));
  const from = new Date(first.getTime() - 7 * 86_400_000);
  const to = new Date(Date.UTC(year, month, 0) + 14 * 86_400_000);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { from: iso(from), to: iso(to) };
}

/** Midnight at the start of a local date in an IANA time zone, as an instant (a scheduled version starts there, not at the browser's midnight). */
export function zonedMidnightIso(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // The zone's offset at an instant: its wall-clock reading minus the instant. Twice, for a date on which the offset changes.
  const offsetAt = (instant: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
        .formatToParts(new Date(instant))
        .map((p) => [p.type, p.value]),
    );
    return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - instant;
  };
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant);
  return new Date(instant).toISOString();
}
