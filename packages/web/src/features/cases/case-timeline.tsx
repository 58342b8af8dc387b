import { Empty, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { dataOf, type AuditEvent } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';

export const historyKey = (caseId: string) => ['case', caseId, 'history'] as const;

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '∅';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every audit event of the case: who, when, what changed before → after, and why. */
export function CaseTimeline({ caseId }: { caseId: string }) {
  const { t, locale } = useLocale();
  const history = useQuery({
    queryKey: historyKey(caseId),
    queryFn: async (): Promise<AuditEvent[]> => dataOf(await api.GET('/api/v1/cases/{id}/history', { params: { path: { id: caseId } } })).items,
  });
  if (history.isPending) return <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>;
  if (history.isError) return <LoadError error={history.error} retry={() => history.refetch()} />;
  if (!history.data?.length) return <Empty description={t('timeline.empty')} />;
  return (
    <Timeline
      data-testid="timeline"
      items={[...history.data].reverse().map((event) => ({
        key: event.id,
        content: (
          <div data-testid="timeline-event">
            <Typography.Text strong>{event.action}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {event.actorName ?? t('timeline.system')} · {formatDateTime(event.occurredAt, locale)}
            </Typography.Text>
            {event.changes.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                {event.changes.map((change) => (
                  <li key={change.field}>
                    <Typography.Text code>{change.field}</Typography.Text> {formatValue(change.before)} → {formatValue(change.after)}
                  </li>
                ))}
              </ul>
            )}
            {event.action === 'case.field-unmasked' && (
              <div data-testid="timeline-unmask">
                <Typography.Text type="warning">{t('timeline.unmasked', { field: String((event.data as { field?: unknown } | null)?.field ?? '?') })}</Typography.Text>
              </div>
            )}
            {event.reason && <div><Typography.Text italic>{t('timeline.reason', { reason: event.reason })}</Typography.Text></div>}
          </div>
        ),
      }))}
    />
  );
}
