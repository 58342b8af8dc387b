// The demo's analytics history (issue 20), as a plan: which complaints and consultations arrive on
// each of the last days, through which channel and branch, and what happens to each of them and
// when. Pure and deterministic (a seeded sequence, the time given), so the same `now` gives the
// same history and the plan is tested without a database; seed/analytics-history.ts carries it out
// through the real commands, each at its own time.

/** The demo branches the history's cases belong to, by department code. */
export const HISTORY_DEPARTMENTS = ['BJ', 'BJ-HD', 'SH'] as const;
export type HistoryDepartment = (typeof HISTORY_DEPARTMENTS)[number];

export const HISTORY_CHANNELS = ['phone', 'branch', 'app', 'wechat', '12378'] as const;

/**
 * One step of a case's life, by whom (the branch agent of the case's department, or the
 * consumer-protection officer who reviews and calls back) and what they do.
 */
type DistributiveOmitAt<T> = T extends unknown ? Omit<T, 'at'> : never;

export type HistoryStep =
  | { at: Date; kind: 'classify' }
  | { at: Date; kind: 'complete-handle'; resolution: 'resolved' | 'partial' | 'rejected'; reopen: boolean }
  | { at: Date; kind: 'claim-review' }
  | { at: Date; kind: 'review'; approved: boolean }
  | { at: Date; kind: 'reply-and-resolve' }
  | { at: Date; kind: 'follow-up'; satisfaction: number }
  | { at: Date; kind: 'transfer'; to: HistoryDepartment }
  | { at: Date; kind: 'answer-and-resolve' }
  | { at: Date; kind: 'reopen' };

export interface PlannedCase {
  /** Stable within one plan: the request ids of its commands. */
  key: string;
  type: 'complaint' | 'consultation';
  createdAt: Date;
  department: HistoryDepartment;
  channel: (typeof HISTORY_CHANNELS)[number];
  priority: 'low' | 'normal' | 'high';
  /** complaint: category; consultation: topic. */
  subject: string;
  /** Complaints only: the product complained about. */
  product?: string;
  /** Part of the complaint spike of the last days. */
  spike: boolean;
  /** In time order; only those at or before `now` are carried out. */
  steps: HistoryStep[];
}

export interface HistoryPlanOptions {
  now: Date;
  /** How many days back the history starts (the dashboards' default period is 30 days). */
  days: number;
  /** IANA zone of the bank's days: weekdays and the spike's day are local (ANALYTICS_TIME_ZONE). */
  timeZone: string;
  /** Multiplies the daily volumes: 1 for the demo, less for a lean test. */
  scale?: number;
}

/**
 * Complaints then consultations a day, on average, by local weekday (Sunday first): busy Mondays,
 * quiet weekends. Before the last 30 days (the dashboards' default period) at 40 % of it: the
 * older weeks are the spike warnings' baseline and the 90-day view, and every case costs the seed
 * a few commands (docs/operators/analytics.md, "The demo history").
 */
const COMPLAINTS_BY_WEEKDAY = [0.4, 1.2, 0.9, 0.9, 0.9, 0.9, 0.4];
const CONSULTATIONS_BY_WEEKDAY = [0.2, 0.8, 0.6, 0.6, 0.6, 0.6, 0.2];
const RECENT_DAYS = 30;
const OLDER_RATE = 0.4;
/**
 * The complaint spike: 借记卡收费 (fees on debit cards) at the Shanghai branch, yesterday and today.
 * Today's all arrive before now (in the last hours of the day so far), so the shipped rule
 * `complaint-category-daily` (one local day, ending with the day it runs; at least 5) finds it at
 * the first start, whatever the hour.
 */
export const HISTORY_SPIKE = { category: 'fees', product: 'debit-card', department: 'SH' as HistoryDepartment, yesterday: 9, today: 6 };

const CATEGORY_WEIGHTS: [string, number][] = [
  ['fees', 3],
  ['service', 3],
  ['credit-card', 2],
  ['wealth', 1],
  ['other', 1],
];
const PRODUCTS_OF_CATEGORY: Record<string, string[]> = {
  fees: ['debit-card', 'payment', 'debit-card'],
  service: ['debit-card', 'personal-loan', 'payment'],
  'credit-card': ['credit-card'],
  wealth: ['wealth', 'insurance-agency'],
  other: ['personal-loan', 'payment'],
};
const TOPICS = ['accounts', 'loans', 'wealth'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A deterministic pseudo-random sequence in [0, 1), as the demo seed's (LCG). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** The instant a local date (YYYY-MM-DD) starts in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const offset = (at: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
        .formatToParts(at)
        .map((p) => [p.type, p.value]),
    );
    return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!) - at;
  };
  const first = guess - offset(guess);
  return new Date(guess - offset(first));
}

export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function shiftDate(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

export function planAnalyticsHistory(options: HistoryPlanOptions): PlannedCase[] {
  const random = seededRandom(20_261_212);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (fromHours: number, toHours: number) => (fromHours + random() * (toHours - fromHours)) * HOUR;
  const weighted = (weights: [string, number][]) => {
    let r = random() * weights.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of weights) {
      r -= w;
      if (r < 0) return value;
    }
    return weights[0]![0];
  };
  // A whole number of cases whose mean is the level: the fraction is a chance of one more.
  const volume = (level: number) => Math.floor(level * (options.scale ?? 1) + random());
  const department = (): HistoryDepartment => (random() < 0.4 ? 'BJ' : random() < 0.35 ? 'BJ-HD' : 'SH');
  const channel = () =>
    weighted([
      ['phone', 4],
      ['branch', 2],
      ['app', 2],
      ['wechat', 1],
      ['12378', 1],
    ]) as PlannedCase['channel'];
  const priority = () => (random() < 0.15 ? 'high' : random() < 0.2 ? 'low' : 'normal');

  const today = localDate(options.now, options.timeZone);
  const cases: PlannedCase[] = [];
  for (let back = options.days; back >= 0; back--) {
    const date = shiftDate(today, -back);
    const dayStart = startOfLocalDay(date, options.timeZone).getTime();
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const rate = back < RECENT_DAYS ? 1 : OLDER_RATE;
    // Working hours, 08:00–20:00 local: when customers call and branches are open.
    const arrival = () => new Date(dayStart + between(8, 20));
    const day: PlannedCase[] = [];
    for (let i = volume(COMPLAINTS_BY_WEEKDAY[weekday]! * rate); i > 0; i--) {
      const category = weighted(CATEGORY_WEIGHTS);
      day.push(
        complaintLife({ createdAt: arrival(), department: department(), channel: channel(), priority: priority(), subject: category, product: pick(PRODUCTS_OF_CATEGORY[category]!), spike: false }),
      );
    }
    for (let i = volume(CONSULTATIONS_BY_WEEKDAY[weekday]! * rate); i > 0; i--) {
      day.push(
        consultationLife({ createdAt: arrival(), department: department(), channel: pick(['phone', 'app', 'wechat', 'branch'] as const), priority: 'normal', subject: pick(TOPICS), spike: false }),
      );
    }
    const spikeCount = Math.round((back === 1 ? HISTORY_SPIKE.yesterday : back === 0 ? HISTORY_SPIKE.today : 0) * (options.scale ?? 1));
    // Today's within the day so far: from 10 hours ago (or midnight, if later) until now.
    const spikeFrom = back === 0 ? Math.max(dayStart, options.now.getTime() - 10 * HOUR) : dayStart + 8 * HOUR;
    const spikeSpan = back === 0 ? options.now.getTime() - spikeFrom : 12 * HOUR;
    for (let i = 0; i < spikeCount; i++) {
      const { category, product, department: spikeDepartment } = HISTORY_SPIKE;
      const createdAt = new Date(spikeFrom + Math.floor(random() * spikeSpan));
      day.push(complaintLife({ createdAt, department: spikeDepartment, channel: channel(), priority: 'normal', subject: category, product, spike: true }));
    }
    // Today's cases arrive only until now.
    for (const planned of day) if (planned.createdAt <= options.now) cases.push(planned);
  }
  cases.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const [i, c] of cases.entries()) c.key = `${c.type}-${i}`;
  return cases;

  /**
   * 投诉: classified within hours, handled within a day; what is only partly resolved or rejected
   * waits for the consumer-protection desk's review — one officer for the whole bank, so the
   * review waits one to four days: the process's bottleneck, and most of the breached
   * resolution targets. A poor rating at the follow-up call reopens the case (the loop).
   */
  function complaintLife(base: Omit<PlannedCase, 'key' | 'type' | 'steps'>): PlannedCase {
    const steps: HistoryStep[] = [];
    let t = base.createdAt.getTime();
    const step = (hoursFrom: number, hoursTo: number, s: DistributiveOmitAt<HistoryStep>) => {
      t += between(hoursFrom, hoursTo);
      steps.push({ ...s, at: new Date(t) } as HistoryStep);
    };
    step(0.3, 3, { kind: 'classify' });
    let reopen = false;
    for (let round = 0; round < 3; round++) {
      // Taken and handled in one go (the handling's time is its wait and work together).
      const resolution =
        round > 0
          ? 'resolved'
          : (weighted([
              ['resolved', 7],
              ['partial', 2],
              ['rejected', 1],
            ]) as 'resolved' | 'partial' | 'rejected');
      step(2, 20, { kind: 'complete-handle', resolution, reopen });
      reopen = false;
      if (resolution !== 'resolved') {
        step(20, 96, { kind: 'claim-review' });
        const approved = random() < 0.85;
        step(0.5, 3, { kind: 'review', approved });
        if (!approved) continue;
      }
      step(1, 8, { kind: 'reply-and-resolve' });
      const poor = round === 0 && random() < 0.1;
      const satisfaction = poor
        ? 1 + Math.floor(random() * 2)
        : Number(
            weighted([
              ['5', 9],
              ['4', 6],
              ['3', 3],
            ]),
          );
      step(20, 72, { kind: 'follow-up', satisfaction });
      if (!poor) break;
      reopen = true;
    }
    return { ...base, key: '', type: 'complaint', steps };
  }

  /**
   * 咨询: answered and resolved within a day or two (the 24-hour target is missed now and then); one
   * in ten goes from the Beijing branch to its Haidian sub-branch first (a hand-off), a few are
   * reopened by the customer and answered again.
   */
  function consultationLife(base: Omit<PlannedCase, 'key' | 'type' | 'steps'>): PlannedCase {
    const steps: HistoryStep[] = [];
    let t = base.createdAt.getTime();
    let department = base.department;
    if (department === 'BJ' && random() < 0.25) {
      t += between(0.5, 4);
      steps.push({ at: new Date(t), kind: 'transfer', to: 'BJ-HD' });
      department = 'BJ-HD';
    }
    t += between(1, 30);
    steps.push({ at: new Date(t), kind: 'answer-and-resolve' });
    if (random() < 0.08) {
      t += between(4, 48);
      steps.push({ at: new Date(t), kind: 'reopen' });
      t += between(1, 10);
      steps.push({ at: new Date(t), kind: 'answer-and-resolve' });
    }
    return { ...base, key: '', type: 'consultation', steps };
  }
}

/** The steps of a planned case that have happened by `now`. */
export function stepsUntil(planned: PlannedCase, now: Date): HistoryStep[] {
  const done: HistoryStep[] = [];
  for (const s of planned.steps) {
    if (s.at > now) break;
    done.push(s);
  }
  return done;
}

export const HISTORY_TIMING = { HOUR, DAY };
