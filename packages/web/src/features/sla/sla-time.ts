import type { Translate } from '../../i18n/i18n.ts';

/** A clock's risk as the server states it (CaseView.slaState, SlaTarget.risk). */
export const SLA_RISKS = ['on-track', 'at-risk', 'breached', 'paused'] as const;
export type SlaRisk = (typeof SLA_RISKS)[number];

// Ant Design's palette (green-7, orange-7, red-7, grey-7): dark enough for 4.5:1 text contrast on white.
export const SLA_RISK_COLORS: Record<SlaRisk, string> = { 'on-track': '#389e0d', 'at-risk': '#d46b08', breached: '#cf1322', paused: '#595959' };

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * The risk to show now: the server's, except that a running clock whose due time has passed on
 * the server's clock reads as breached at once (the scheduler's breach level may fire a moment
 * later). A paused clock stays paused; no state and no due time: nothing to show.
 */
export function displayedRisk(state: SlaRisk | null | undefined, dueAtMs: number | null, nowMs: number): SlaRisk | null {
  if (state === 'paused') return 'paused';
  if (dueAtMs !== null && nowMs >= dueAtMs) return 'breached';
  if (state) return state;
  return dueAtMs === null ? null : 'on-track';
}

/**
 * How far a due time is, in words of the reader's language: "剩余 3 小时 12 分", "已超时 25 分".
 * Days and hours when a day or more away, hours and minutes under a day, minutes and seconds
 * under an hour (then it ticks each second). Whole units towards zero, so it never shows
 * "0 分" while time is left: under a minute it shows seconds.
 */
export function formatCountdown(dueAtMs: number, nowMs: number, t: Translate): string {
  const diff = dueAtMs - nowMs;
  const overdue = diff <= 0;
  const span = Math.abs(diff);
  return t(overdue ? 'sla.countdown.overdue' : 'sla.countdown.left', { span: formatSpan(span, t) });
}

/** A span of natural time in the two largest units: "2 天 3 小时", "3 小时 12 分", "12 分 5 秒". */
export function formatSpan(spanMs: number, t: Translate): string {
  const days = Math.floor(spanMs / DAY_MS);
  const hours = Math.floor((spanMs % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((spanMs % HOUR_MS) / MINUTE_MS);
  const seconds = Math.floor((spanMs % MINUTE_MS) / 1000);
  if (days > 0) return hours > 0 ? `${t('sla.unit.days', { n: days })} ${t('sla.unit.hours', { n: hours })}` : t('sla.unit.days', { n: days });
  if (hours > 0) return minutes > 0 ? `${t('sla.unit.hours', { n: hours })} ${t('sla.unit.minutes', { n: minutes })}` : t('sla.unit.hours', { n: hours });
  if (minutes > 0) return seconds > 0 ? `${t('sla.unit.minutes', { n: minutes })} ${t('sla.unit.seconds', { n: seconds })}` : t('sla.unit.minutes', { n: minutes });
  return t('sla.unit.seconds', { n: seconds });
}

/** Business seconds as hours and minutes ("55 小时 30 分"): a business day is not 24 hours, so no days. */
export function formatBusinessSeconds(seconds: number, t: Translate): string {
  const abs = Math.abs(seconds);
  const hours = Math.floor(abs / 3600);
  const minutes = Math.floor((abs % 3600) / 60);
  const text = hours > 0 ? (minutes > 0 ? `${t('sla.unit.hours', { n: hours })} ${t('sla.unit.minutes', { n: minutes })}` : t('sla.unit.hours', { n: hours })) : t('sla.unit.minutes', { n: minutes });
  return seconds < 0 ? `-${text}` : text;
}

/**
 * The offset from this browser's clock to the server's: the server's `now` of an answer minus
 * the browser's time when the answer arrived. Added to Date.now() it gives the server's time,
 * so countdowns follow the server (and its test clock) rather than the reader's PC.
 */
export function serverOffsetMs(serverNow: string | null | undefined, receivedAtMs: number): number {
  if (!serverNow) return 0;
  const server = Date.parse(serverNow);
  return Number.isNaN(server) ? 0 : server - receivedAtMs;
}

export interface CountdownWords {
  risk: SlaRisk | null;
  text: string;
}

/** The words and risk of a countdown at a server instant (pure, for the snapshot). */
export function countdownWords(dueAt: string | null | undefined, state: SlaRisk | null | undefined, serverNowMs: number, t: Translate): CountdownWords {
  const dueAtMs = dueAt ? Date.parse(dueAt) : null;
  const risk = displayedRisk(state, dueAtMs, serverNowMs);
  if (risk === 'paused') return { risk, text: t('sla.risk.paused') };
  if (risk === null || dueAtMs === null) return { risk: null, text: '—' };
  return { risk, text: formatCountdown(dueAtMs, serverNowMs, t) };
}

/**
 * An ISO 8601 duration of a policy level ("PT1H", "P1DT2H", "PT30M") in seconds; a day is 24
 * business hours as the server counts it (P3D = PT72H). Undefined when it does not parse.
 */
export function isoDurationSeconds(duration: string): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) return undefined;
  const [, w, d, h, min, sec] = m.map((v) => (v === undefined ? 0 : Number(v))) as number[];
  return Math.round(w! * 604_800 + d! * 86_400 + h! * 3600 + min! * 60 + sec!);
}
