import { Typography } from 'antd';
import type { Case } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { SlaCountdown } from './sla-countdown.tsx';

/**
 * A case's due time in a list: for an unfinished case the live countdown (coloured by its SLA
 * state) above the due time; for a resolved or closed case only the due time, since nothing
 * counts down any more.
 */
export function CaseDue({ c, offsetMs, inline = false }: { c: Pick<Case, 'dueAt' | 'slaState' | 'statusCategory'>; offsetMs: number; inline?: boolean }) {
  const { t, locale } = useLocale();
  const finished = c.statusCategory === 'resolved' || c.statusCategory === 'closed';
  if (finished || (!c.dueAt && c.slaState !== 'paused')) return <span data-testid="case-due">{formatDateTime(c.dueAt, locale)}</span>;
  return (
    <span data-testid="case-due" style={{ display: inline ? 'inline' : 'block', lineHeight: 1.3 }}>
      <SlaCountdown dueAt={c.dueAt} state={c.slaState} offsetMs={offsetMs} label={t('case.dueAt')} />
      {c.dueAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: inline ? 'inline' : 'block', marginInlineStart: inline ? 4 : 0 }}>
          {formatDateTime(c.dueAt, locale)}
        </Typography.Text>
      )}
    </span>
  );
}
