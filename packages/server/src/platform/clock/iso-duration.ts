// ISO 8601 durations for moving the test clock: PT2H, P1D, P1DT2H30M, PT0.5S, P2W.
// Years and months are refused: their length depends on the date they start from, and a test
// that says "advance one month" should say which days it means.
const DURATION = /^(-)?P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const CALENDAR_PARTS = /^-?P(?:\d+(?:[.,]\d+)?Y|(?:\d+(?:[.,]\d+)?Y)?\d+(?:[.,]\d+)?M)/;

const MS = { week: 7 * 86_400_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1_000 };

export type DurationParse = { ok: true; ms: number } | { ok: false; reason: string };

/** Milliseconds of an ISO 8601 duration of weeks, days, hours, minutes and seconds (negative with a leading '-'). */
export function parseIsoDurationMs(text: string): DurationParse {
  const match = DURATION.exec(text);
  // The grammar's parts are all optional: "P", "PT" and "P1DT" match it but name no length.
  if (!match?.slice(2).some(Boolean) || text.endsWith('T')) {
    if (CALENDAR_PARTS.test(text)) {
      return { ok: false, reason: 'years and months have no fixed length; give weeks, days, hours, minutes or seconds (P30D, PT2H)' };
    }
    return { ok: false, reason: 'not an ISO 8601 duration such as PT2H, P1D or P1DT2H30M' };
  }
  const [, minus, weeks, days, hours, minutes, seconds] = match;
  const part = (value: string | undefined, unitMs: number) => (value ? Number(value.replace(',', '.')) * unitMs : 0);
  const ms = Math.round(part(weeks, MS.week) + part(days, MS.day) + part(hours, MS.hour) + part(minutes, MS.minute) + part(seconds, MS.second));
  if (!Number.isSafeInteger(ms) || ms > 100 * 365 * MS.day) return { ok: false, reason: 'longer than a hundred years' };
  return { ok: true, ms: minus ? -ms : ms };
}

// RFC 3339 date-time with an explicit offset: a time without one means a different instant on
// every machine, so it is refused rather than read in the server's zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;

export type InstantParse = { ok: true; instant: Date } | { ok: false; reason: string };

/** `new Date` rolls 2026-02-30 over to 2 March: a date that does not exist is refused, not moved. */
function isCalendarDay(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** An RFC 3339 instant with its offset (`2026-05-01T09:00:00+08:00`, `…Z`). */
export function parseInstantWithOffset(text: string): InstantParse {
  if (!INSTANT.test(text)) {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) return { ok: false, reason: 'has no offset: add Z or ±hh:mm (2026-05-01T09:00:00+08:00)' };
    return { ok: false, reason: 'not an RFC 3339 date-time such as 2026-05-01T09:00:00+08:00' };
  }
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime()) || !isCalendarDay(text.slice(0, 10))) return { ok: false, reason: 'not a valid date or time' };
  return { ok: true, instant };
}
