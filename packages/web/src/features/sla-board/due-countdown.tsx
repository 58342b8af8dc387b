import { useEffect, useState } from 'react';
import { Tag } from 'antd';
import { useT } from '../../app/locale.tsx';
import type { Translate } from '../../i18n/i18n.ts';
import { RISK_COLORS, type SlaRisk } from './sla-board-api.ts';

/** "3 小时 12 分" from a span of milliseconds: days and hours, hours and minutes, or minutes and seconds. */
export function formatSpan(ms: number, t: Translate): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return t('slaCountdown.days', { d, h });
  if (h > 0) return t('slaCountdown.hours', { h, m });
  return t('slaCountdown.minutes', { m, s: s % 60 });
}

/** The server's now, ticking each second: Date.now() moved by the offset the last answer gave. */
export function useServerNow(offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    setNow(Date.now() + offsetMs);
    const timer = setInterval(() => setNow(Date.now() + offsetMs), 1000);
    return () => clearInterval(timer);
  }, [offsetMs]);
  return now;
}

/**
 * A live countdown to a case's due time, coloured by its SLA state. The width is kept steady
 * (tabular figures) so the list does not jump as it ticks; screen readers get the whole phrase.
 */
export function DueCountdown({ dueAt, state, now }: { dueAt: string | null; state: SlaRisk; now: number }) {
  const t = useT();
  const text =
    state === 'paused'
      ? t('slaCountdown.paused')
      : dueAt === null
        ? t('slaCountdown.none')
        : Date.parse(dueAt) >= now
          ? t('slaCountdown.left', { time: formatSpan(Date.parse(dueAt) - now, t) })
          : t('slaCountdown.overdue', { time: formatSpan(now - Date.parse(dueAt), t) });
  // Past due shows red even before the scheduler has marked it.
  const color = state !== 'paused' && dueAt !== null && Date.parse(dueAt) < now ? RISK_COLORS.breached : RISK_COLORS[state];
  return (
    <Tag color={color} style={{ fontVariantNumeric: 'tabular-nums', marginInlineEnd: 0 }} data-testid="sla-countdown" aria-label={`${t(`sla.risk.${state}`)}: ${text}`}>
      {text}
    </Tag>
  );
}
