import { parseChineseInteger, toAsciiDigits } from './numbers.ts';

// Dates and times as customers say them, resolved against the moment the text is read (`now`)
// in the bank's time zone: 2026-03-05, 2026年3月5日, 3月5号, 昨天, 上周五, March 5, 2026,
// 5 Mar, yesterday, last Friday; with a time after them (14:30, 下午2点, 两点半, 2:30 pm) they
// are a datetime. A date without a year is the one nearest before `now` unless it is at most
// two months ahead (customers mostly speak of what happened; an appointment is close).

export interface DateSpan {
  kind: 'date' | 'datetime';
  start: number;
  end: number;
  value: string;
  confidence: number;
}

interface CivilDate {
  y: number;
  m: number;
  d: number;
}

const NUM = '(?:\\d{1,2}|[０-９]{1,2}|[一二三四五六七八九十两〇零]{1,3})';

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const MONTH_NAME = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const WEEKDAYS_EN: Record<string, number> = { monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7 };
const WEEKDAY_ZH: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };
const RELATIVE_DAYS: Record<string, number> = {
  大前天: -3,
  前天: -2,
  昨天: -1,
  昨日: -1,
  昨晚: -1,
  今天: 0,
  今日: 0,
  今早: 0,
  今晚: 0,
  明天: 1,
  明日: 1,
  后天: 2,
  'the day before yesterday': -2,
  yesterday: -1,
  today: 0,
  tonight: 0,
  tomorrow: 1,
};

const DATE_PATTERNS: { re: RegExp; read: (m: RegExpExecArray, today: CivilDate) => CivilDate | undefined; confidence: number }[] = [
  {
    // 2026-03-05, 2026/3/5, 2026.3.5 — not inside a longer number or code
    re: /(?<![\dA-Za-z.\-/])((?:19|20)\d{2})([-/.])(\d{1,2})\2(\d{1,2})(?![\d.]\d|\d)/g,
    read: (m) => civil(+m[1]!, +m[3]!, +m[4]!),
    confidence: 0.95,
  },
  {
    // 2026年3月5日, 二〇二六年三月五号
    re: new RegExp(`(?<!\\d)((?:19|20)\\d{2}|[一二〇零][〇零一二三四五六七八九]{3})\\s*年\\s*(${NUM})\\s*月\\s*(${NUM})\\s*[日号]`, 'g'),
    read: (m) => civil(num(m[1]!), num(m[2]!), num(m[3]!)),
    confidence: 0.95,
  },
  {
    // 3月5日, 三月五号, 上个月5号 is below
    re: new RegExp(`(?<![\\d年])(${NUM})\\s*月\\s*(${NUM})\\s*[日号]`, 'g'),
    read: (m, today) => withoutYear(num(m[1]!), num(m[2]!), today),
    confidence: 0.9,
  },
  {
    // 上个月5号, 本月5日, 这个月5号
    re: new RegExp(`(上个?月|本月|这个?月)\\s*(${NUM})\\s*[日号]`, 'g'),
    read: (m, today) => {
      const back = m[1]!.startsWith('上') ? 1 : 0;
      const month = today.m - back;
      return month < 1 ? civil(today.y - 1, month + 12, num(m[2]!)) : civil(today.y, month, num(m[2]!));
    },
    confidence: 0.85,
  },
  {
    // 昨天, 前天, 今天 …
    re: /大前天|前天|昨天|昨日|昨晚|今天|今日|今早|今晚|明天|明日|后天/g,
    read: (m, today) => addDays(today, RELATIVE_DAYS[m[0]]!),
    confidence: 0.85,
  },
  {
    // 上周五, 上星期三, 本周一, 下礼拜天, 周五
    re: /(?<![一二三四五六七八九十两几每数个])(上上|上|本|这|下)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])(?![\d一二三四五六七八九十]|[次年个])/g,
    read: (m, today) => weekdayZh(m[1], WEEKDAY_ZH[m[2]!]!, today),
    confidence: 0.8,
  },
  {
    // March 5, 2026 / Mar 5th 2026 / March 5
    re: new RegExp(`\\b(${MONTH_NAME})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+((?:19|20)\\d{2})\\b)?`, 'g'),
    read: (m, today) => (m[3] ? civil(+m[3], month(m[1]!), +m[2]!) : withoutYear(month(m[1]!), +m[2]!, today)),
    confidence: 0.9,
  },
  {
    // 5 March 2026 / 5th Mar / 5 Mar, 2026
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_NAME})\\b\\.?(?:,?\\s+((?:19|20)\\d{2})\\b)?`, 'g'),
    read: (m, today) => (m[3] ? civil(+m[3], month(m[2]!), +m[1]!) : withoutYear(month(m[2]!), +m[1]!, today)),
    confidence: 0.9,
  },
  {
    re: /\b(?:the day before yesterday|yesterday|today|tonight|tomorrow)\b/gi,
    read: (m, today) => addDays(today, RELATIVE_DAYS[m[0].toLowerCase()]!),
    confidence: 0.85,
  },
  {
    // last Friday, this Monday, next Tuesday, on Friday
    re: /\b(last|this|next|on)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/gi,
    read: (m, today) => weekdayEn(m[1]!.toLowerCase(), WEEKDAYS_EN[m[2]!.toLowerCase()]!, today),
    confidence: 0.8,
  },
];

// A time right after a date (or alone): 14:30, 14:30:05, 下午2点, 两点半, 晚上8点15分, 2:30 pm, 3pm.
const TIME_ZH = /(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间)?\s*(\d{1,2}|[一二三四五六七八九十两零]{1,3})\s*[点点時时](?:\s*(半|一刻|三刻|(\d{1,2}|[一二三四五六七八九十零]{1,3})\s*分?))?/y;
const TIME_COLON = /(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间)?\s*(\d{1,2})[:：](\d{2})(?::(\d{2}))?(?!\d)(?:\s*([ap])\.?m\.?\b)?/iy;
const TIME_AMPM = /(\d{1,2})\s*([ap])\.?m\.?\b/iy;
const TIME_ANYWHERE =
  /(?<![\d:：.])(?:(?:凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间)\s*(?:\d{1,2}|[一二三四五六七八九十两]{1,3})\s*[点时]|\d{1,2}[:：]\d{2}(?!\d)|\d{1,2}\s*[ap]\.?m\.?\b|\d{1,2}\s*点(?:半|\d{1,2}分))/gi;

const num = (s: string): number => {
  const ascii = toAsciiDigits(s);
  if (/^\d+$/.test(ascii)) return Number(ascii);
  const n = parseChineseInteger(s);
  return n === undefined ? Number.NaN : Number(n);
};
const month = (name: string) => MONTHS[name.toLowerCase().replace(/\.$/, '')] ?? Number.NaN;

function civil(y: number, m: number, d: number): CivilDate | undefined {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 ? { y, m, d } : undefined;
}

function addDays(c: CivilDate, days: number): CivilDate {
  const date = new Date(Date.UTC(c.y, c.m - 1, c.d + days));
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

const dayNumber = (c: CivilDate) => Date.UTC(c.y, c.m - 1, c.d) / 86_400_000;
const isoWeekday = (c: CivilDate) => ((new Date(Date.UTC(c.y, c.m - 1, c.d)).getUTCDay() + 6) % 7) + 1;

function withoutYear(m: number, d: number, today: CivilDate): CivilDate | undefined {
  const thisYear = civil(today.y, m, d);
  if (!thisYear) return civil(today.y - 1, m, d);
  return dayNumber(thisYear) - dayNumber(today) > 62 ? civil(today.y - 1, m, d) : thisYear;
}

function weekdayZh(which: string | undefined, weekday: number, today: CivilDate): CivilDate {
  const monday = addDays(today, 1 - isoWeekday(today));
  if (which === '上上') return addDays(monday, weekday - 15);
  if (which === '上') return addDays(monday, weekday - 8);
  if (which === '下') return addDays(monday, weekday + 6);
  if (which === '本' || which === '这') return addDays(monday, weekday - 1);
  // A bare 周五: the last one, today included.
  return addDays(today, -((isoWeekday(today) - weekday + 7) % 7));
}

function weekdayEn(which: string, weekday: number, today: CivilDate): CivilDate {
  const back = (isoWeekday(today) - weekday + 7) % 7;
  if (which === 'last') return addDays(today, -(back === 0 ? 7 : back));
  if (which === 'next') return addDays(today, (weekday - isoWeekday(today) + 7) % 7 || 7);
  if (which === 'this') return addDays(addDays(today, 1 - isoWeekday(today)), weekday - 1);
  return addDays(today, -back);
}

interface ClockTime {
  h: number;
  min: number;
  s: number;
  end: number;
}

function applyPeriod(period: string | undefined, h: number): number {
  if (!period) return h;
  if (/下午|傍晚|晚上|夜里|夜间/.test(period) && h < 12) return h + 12;
  if (period === '中午' && h < 11) return h + 12;
  if (/凌晨|早上|早晨|上午/.test(period) && h === 12) return 0;
  return h;
}

/** The time that starts at `at` (spaces allowed before it), or undefined. */
function timeAt(text: string, at: number): ClockTime | undefined {
  const gap = /^(?:\s*(?:at|@|的)\s*|[\s,，]{0,2})/i.exec(text.slice(at, at + 6))![0].length;
  const from = at + gap;
  TIME_COLON.lastIndex = from;
  let m = TIME_COLON.exec(text);
  if (m) {
    let h = applyPeriod(m[1], Number(m[2]));
    if (m[5]) h = (h % 12) + (m[5].toLowerCase() === 'p' ? 12 : 0);
    return valid(h, Number(m[3]), m[4] ? Number(m[4]) : 0, from + m[0].length);
  }
  TIME_AMPM.lastIndex = from;
  m = TIME_AMPM.exec(text);
  if (m) return valid((Number(m[1]) % 12) + (m[2]!.toLowerCase() === 'p' ? 12 : 0), 0, 0, from + m[0].length);
  TIME_ZH.lastIndex = from;
  m = TIME_ZH.exec(text);
  if (m) {
    const h = applyPeriod(m[1], num(m[2]!));
    const minutes = m[3] === '半' ? 30 : m[3] === '一刻' ? 15 : m[3] === '三刻' ? 45 : m[4] ? num(m[4]) : 0;
    return valid(h, minutes, 0, from + m[0].length);
  }
  return undefined;
}

function valid(h: number, min: number, s: number, end: number): ClockTime | undefined {
  return Number.isInteger(h) && h >= 0 && h <= 23 && Number.isInteger(min) && min >= 0 && min <= 59 && s >= 0 && s <= 59 ? { h, min, s, end } : undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (c: CivilDate) => `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)}`;

/** The civil date of `now` in `timeZone`. */
function todayIn(now: Date, timeZone: string): CivilDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

/** The zone's UTC offset on that civil date and time, as ±HH:MM. */
function offsetOf(timeZone: string, c: CivilDate, t: ClockTime): string {
  // The offset at the instant read as UTC is right except within hours of a change, which
  // Asia/Shanghai (no daylight saving) never has.
  const instant = new Date(Date.UTC(c.y, c.m - 1, c.d, t.h, t.min, t.s));
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : 'Z';
}

function isoDateTime(c: CivilDate, t: ClockTime, timeZone: string): string {
  const offset = offsetOf(timeZone, c, t);
  return `${isoDate(c)}T${pad(t.h)}:${pad(t.min)}:${pad(t.s)}${offset === '+00:00' ? 'Z' : offset}`;
}

/** Every date and datetime in `text`, in text order, none overlapping. Pure. */
export function findDates(text: string, now: Date, timeZone: string): DateSpan[] {
  const today = todayIn(now, timeZone);
  const found: DateSpan[] = [];
  const overlaps = (start: number, end: number) => found.some((f) => start < f.end && f.start < end);
  for (const pattern of DATE_PATTERNS) {
    pattern.re.lastIndex = 0;
    for (let m = pattern.re.exec(text); m; m = pattern.re.exec(text)) {
      const date = pattern.read(m, today);
      const start = m.index;
      let end = m.index + m[0].length;
      if (!date || overlaps(start, end)) continue;
      // ISO datetimes: 2026-03-05T14:30 / 2026-03-05 14:30
      const t = timeAt(text.replace(/T(?=\d)/g, ' '), end);
      if (t) {
        end = t.end;
        found.push({ kind: 'datetime', start, end, value: isoDateTime(date, t, timeZone), confidence: pattern.confidence });
      } else found.push({ kind: 'date', start, end, value: isoDate(date), confidence: pattern.confidence });
    }
  }
  // A time alone is on the day the text is read.
  TIME_ANYWHERE.lastIndex = 0;
  for (let m = TIME_ANYWHERE.exec(text); m; m = TIME_ANYWHERE.exec(text)) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    const t = timeAt(text, m.index);
    if (t && !overlaps(m.index, t.end)) found.push({ kind: 'datetime', start: m.index, end: t.end, value: isoDateTime(today, t, timeZone), confidence: 0.6 });
  }
  return found.sort((a, b) => a.start - b.start);
}
