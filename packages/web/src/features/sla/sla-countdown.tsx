import { useMemo, useSyncExternalStore, type CSSProperties } from 'react';
import { ClockCircleOutlined, ExclamationCircleOutlined, PauseCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { countdownWords, serverOffsetMs, SLA_RISK_COLORS, type SlaRisk } from './sla-time.ts';

// One timer for every countdown on the page (a list shows fifty): each countdown re-renders
// only when its own words change (useSyncExternalStore compares the snapshot strings).
const listeners = new Set<() => void>();
let ticker: ReturnType<typeof setInterval> | undefined;
function subscribeToTicks(listener: () => void): () => void {
  listeners.add(listener);
  ticker ??= setInterval(() => {
    for (const l of listeners) l();
  }, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
}

/**
 * The offset from this browser's clock to the server's, from an answer's `now` and the time the
 * answer arrived (react-query's dataUpdatedAt); recomputed only when a new answer arrives.
 */
export function useServerOffset(serverNow: string | null | undefined, receivedAtMs: number): number {
  return useMemo(() => serverOffsetMs(serverNow, receivedAtMs || Date.now()), [serverNow, receivedAtMs]);
}

const ICONS: Record<SlaRisk, React.ReactNode> = {
  'on-track': <ClockCircleOutlined aria-hidden />,
  'at-risk': <WarningOutlined aria-hidden />,
  breached: <ExclamationCircleOutlined aria-hidden />,
  paused: <PauseCircleOutlined aria-hidden />,
};

export interface SlaCountdownProps {
  /** The due time (CaseView.dueAt, SlaTarget.dueAt); null while paused or without a clock. */
  dueAt: string | null | undefined;
  /** The server's risk (CaseView.slaState, SlaTarget.risk). */
  state: SlaRisk | null | undefined;
  /** The server's `now` of the answer the due time came from (see useServerOffset). */
  now?: string | null;
  /** Browser ms when that answer arrived; default: when this countdown first saw `now`. */
  receivedAt?: number;
  /** Or the offset itself, computed once for a whole list. */
  offsetMs?: number;
  /** What is due, for the accessible name ("首次响应"). */
  label?: string;
  style?: CSSProperties;
}

/**
 * A live countdown to a due time: "剩余 3 小时 12 分" / "已超时 25 分" / "已暂停", coloured by
 * risk with an icon (colour is not the only sign), on the server's clock. Its accessible name
 * says what is due, the time left and the risk, and the title gives the due time.
 */
export function SlaCountdown({ dueAt, state, now, receivedAt, offsetMs, label, style }: SlaCountdownProps) {
  const { t, locale } = useLocale();
  const ownOffset = useServerOffset(now, receivedAt ?? 0);
  const offset = offsetMs ?? ownOffset;
  const snapshot = () => {
    const words = countdownWords(dueAt, state, Date.now() + offset, t);
    return `${words.risk ?? ''}|${words.text}`;
  };
  const current = useSyncExternalStore(subscribeToTicks, snapshot, snapshot);
  const [riskText, text] = current.split('|') as [string, string];
  const risk = (riskText || null) as SlaRisk | null;
  if (risk === null) return <span data-testid="sla-countdown">—</span>;
  const riskWord = t(`sla.risk.${risk}`);
  const spoken = [label, risk === 'paused' ? undefined : text, riskWord].filter(Boolean).join(t('sla.separator'));
  const dueText = dueAt ? t('sla.dueAtTitle', { dueAt: formatDateTime(dueAt, locale) }) : riskWord;
  return (
    <span
      role="timer"
      aria-label={spoken}
      title={`${riskWord} · ${dueText}`}
      data-testid="sla-countdown"
      data-risk={risk}
      style={{
        color: SLA_RISK_COLORS[risk],
        fontWeight: risk === 'breached' ? 600 : undefined,
        fontVariantNumeric: 'tabular-nums',
        whiteSpace: 'nowrap',
        display: 'inline-flex',
        alignItems: 'center',
        gap: 4,
        ...style,
      }}
    >
      {ICONS[risk]}
      <span aria-hidden>{text}</span>
    </span>
  );
}
