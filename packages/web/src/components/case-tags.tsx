import { Tag } from 'antd';
import type { CasePriority, CaseStatus } from '@docket/client';
import { useT } from '../app/locale.tsx';

const STATUS_COLORS: Record<CaseStatus, string> = { new: 'blue', open: 'processing', pending: 'gold', resolved: 'green', closed: 'default' };
const PRIORITY_COLORS: Record<CasePriority, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

export function StatusTag({ status }: { status: CaseStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status">
      {t(`status.${status}`)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: CasePriority }) {
  const t = useT();
  return <Tag color={PRIORITY_COLORS[priority]}>{t(`priority.${priority}`)}</Tag>;
}

/** Dates in the reader's locale, to the minute: what an agent needs at a glance. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}
