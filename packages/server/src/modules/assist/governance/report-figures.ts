// Pure: the assistance report's arithmetic. Counts come from report-store.ts; the rates and the
// time saved are computed here once, so the API, the console and the tests read the same figures.

export const REPORT_BUCKETS = ['day', 'week', 'month'] as const;
export type ReportBucket = (typeof REPORT_BUCKETS)[number];

/** Seconds an agent spends typing one field by hand when a case type has no setting (assist.setting's default). */
export const DEFAULT_SECONDS_PER_FIELD = 20;

/** One group of suggestions as counted in SQL: a case type, a field, a period. */
export interface SuggestionCount {
  caseType: string;
  field: string;
  period: string;
  suggested: number;
  accepted: number;
  changed: number;
  rejected: number;
}

export interface OutcomeFigures {
  suggested: number;
  accepted: number;
  changed: number;
  rejected: number;
  /** Suggested but no outcome recorded yet (the case was not created, or not yet). */
  undecided: number;
  /** accepted / (accepted + changed + rejected); null when nothing was decided. */
  adoptionRate: number | null;
  /** accepted / (accepted + changed): of the values the agent kept a value for, the share the model had right; null when none. */
  accuracy: number | null;
  /** accepted × the case type's seconds per field. */
  timeSavedSeconds: number;
}

export interface FieldFigures extends OutcomeFigures {
  field: string;
}
export interface PeriodFigures extends OutcomeFigures {
  period: string;
  prefills: number;
}
export interface CaseTypeFigures extends OutcomeFigures {
  caseType: string;
  secondsPerField: number;
  prefills: number;
  fields: FieldFigures[];
  periods: PeriodFigures[];
}
export interface ReportFigures {
  totals: OutcomeFigures & { prefills: number };
  periods: PeriodFigures[];
  caseTypes: CaseTypeFigures[];
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

interface Tally {
  suggested: number;
  accepted: number;
  changed: number;
  rejected: number;
  timeSavedSeconds: number;
}
const emptyTally = (): Tally => ({ suggested: 0, accepted: 0, changed: 0, rejected: 0, timeSavedSeconds: 0 });

function add(into: Tally, c: SuggestionCount, secondsPerField: number): void {
  into.suggested += c.suggested;
  into.accepted += c.accepted;
  into.changed += c.changed;
  into.rejected += c.rejected;
  into.timeSavedSeconds += c.accepted * secondsPerField;
}

function figuresOf(t: Tally): OutcomeFigures {
  const decided = t.accepted + t.changed + t.rejected;
  return {
    suggested: t.suggested,
    accepted: t.accepted,
    changed: t.changed,
    rejected: t.rejected,
    undecided: Math.max(t.suggested - decided, 0),
    adoptionRate: ratio(t.accepted, decided),
    accuracy: ratio(t.accepted, t.accepted + t.changed),
    timeSavedSeconds: t.timeSavedSeconds,
  };
}

const getOr = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  let found = map.get(key);
  if (found === undefined) {
    found = make();
    map.set(key, found);
  }
  return found;
};

/**
 * The report from counted suggestions and prefills: per case type (its fields and periods), per
 * period over all case types, and the totals. `periods` lists every period of the range in order,
 * so a chart shows the empty ones as zero. Case types and fields are sorted by key.
 */
export function buildReportFigures(input: {
  counts: SuggestionCount[];
  prefills: { caseType: string; period: string; prefills: number }[];
  secondsPerField: ReadonlyMap<string, number>;
  periods: string[];
}): ReportFigures {
  const seconds = (caseType: string) => input.secondsPerField.get(caseType) ?? DEFAULT_SECONDS_PER_FIELD;
  const total = emptyTally();
  const byPeriod = new Map<string, Tally>();
  const byType = new Map<string, { tally: Tally; fields: Map<string, Tally>; periods: Map<string, Tally> }>();
  const typeOf = (caseType: string) => getOr(byType, caseType, () => ({ tally: emptyTally(), fields: new Map(), periods: new Map() }));
  for (const c of input.counts) {
    const s = seconds(c.caseType);
    add(total, c, s);
    add(getOr(byPeriod, c.period, emptyTally), c, s);
    const type = typeOf(c.caseType);
    add(type.tally, c, s);
    add(getOr(type.fields, c.field, emptyTally), c, s);
    add(getOr(type.periods, c.period, emptyTally), c, s);
  }
  const prefillsByPeriod = new Map<string, number>();
  const prefillsByType = new Map<string, Map<string, number>>();
  for (const p of input.prefills) {
    typeOf(p.caseType);
    prefillsByPeriod.set(p.period, (prefillsByPeriod.get(p.period) ?? 0) + p.prefills);
    const periods = getOr(prefillsByType, p.caseType, () => new Map<string, number>());
    periods.set(p.period, (periods.get(p.period) ?? 0) + p.prefills);
  }
  const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
  const periodList = (tallies: Map<string, Tally>, prefills: Map<string, number> | undefined): PeriodFigures[] =>
    input.periods.map((period) => ({ period, prefills: prefills?.get(period) ?? 0, ...figuresOf(tallies.get(period) ?? emptyTally()) }));
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    totals: { prefills: sum(prefillsByPeriod.values()), ...figuresOf(total) },
    periods: periodList(byPeriod, prefillsByPeriod),
    caseTypes: [...byType.keys()].sort(byKey).map((caseType) => {
      const type = byType.get(caseType)!;
      const prefills = prefillsByType.get(caseType);
      return {
        caseType,
        secondsPerField: seconds(caseType),
        prefills: sum(prefills?.values() ?? []),
        ...figuresOf(type.tally),
        fields: [...type.fields.keys()].sort(byKey).map((field) => ({ field, ...figuresOf(type.fields.get(field)!) })),
        periods: periodList(type.periods, prefills),
      };
    }),
  };
}

/** Pure: a date (YYYY-MM-DD) plus days. */
export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** The ISO week label of a date as PostgreSQL's to_char(…, 'IYYY-"W"IW') writes it: 2026-W49. */
export function isoWeekOf(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  const weekday = (t.getUTCDay() + 6) % 7; // Monday 0
  t.setUTCDate(t.getUTCDate() - weekday + 3); // the Thursday of its week decides the ISO year
  const isoYear = t.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(isoYear, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((t.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${isoYear}-W${String(week).padStart(2, '0')}`;
}

/** Pure: every period label from `from` to `to` (local dates, both inclusive), as report-store.ts labels them. */
export function periodsBetween(from: string, to: string, bucket: ReportBucket): string[] {
  const labels: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const label = bucket === 'day' ? day : bucket === 'month' ? day.slice(0, 7) : isoWeekOf(day);
    if (labels[labels.length - 1] !== label) labels.push(label);
  }
  return labels;
}
