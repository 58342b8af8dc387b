import { Tag } from 'antd';
import type { CasePriority, StatusCategory } from '@docket/client';
import { useT } from '../app/locale.tsx';

// Coloured by what the status means, so a case type's own statuses need no colours of their own.
const CATEGORY_COLORS: Record<StatusCategory, string> = { open: 'processing', waiting: 'gold', resolved: 'green', closed: 'default' };
const PRIORITY_COLORS: Record<CasePriority, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

/** A case's status: the label its case type's lifecycle gives it (see features/cases/case-status.ts). */
export function StatusTag({ label, category }: { label: string; category?: StatusCategory }) {
  return (
    <Tag color={category ? CATEGORY_COLORS[category] : 'default'} data-testid="case-status">
      {label}
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
