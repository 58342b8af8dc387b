import { Empty, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { dataOf, type AuditEvent } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import type { FormJsSchema } from '../../components/form-js-view.tsx';
import { auditActionLabel } from '../../components/audit-labels.ts';
import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';
import { isDueTimeField, slaChangeFieldLabel, slaTimelineDetail } from '../sla/sla-timeline.ts';

export const historyKey = (caseId: string) => ['case', caseId, 'history'] as const;

/** Status and priority codes as words; user ids are named by the event's people where known. */
function formatChange(field: string, value: unknown, t: Translate, people: Map<string, string>): string {
  if (typeof value === 'string' && isDueTimeField(field)) return formatDateTime(value, t.locale ?? 'zh-CN');
  if (typeof value === 'string' && field === 'status') return translateIfKnown(t, `status.${value}`) ?? value;
  if (typeof value === 'string' && (field === 'assigneeId' || field === 'createdBy')) return people.get(value) ?? t('person.unknown');
  if (typeof value === 'string' && field === 'priority') return translateIfKnown(t, `priority.${value}`) ?? value;
  return formatValue(value);
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '∅';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The form's field labels by key (at any depth), for naming `fields.<key>` changes. */
function fieldLabels(schema: FormJsSchema | undefined): Map<string, string> {
  const labels = new Map<string, string>();
  const walk = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const c of components as { key?: string; label?: string; components?: unknown }[]) {
      if (c.key && c.label) labels.set(c.key, c.label);
      walk(c.components);
    }
  };
  walk(schema?.components);
  return labels;
}

function changeFieldLabel(field: string, labels: Map<string, string>, t: Translate): string {
  if (field.startsWith('fields.')) return labels.get(field.slice('fields.'.length)) ?? field.slice('fields.'.length);
  return translateIfKnown(t, `changeField.${field}`) ?? slaChangeFieldLabel(field, t) ?? field;
}

/** Every audit event of the case: who, when, what changed before → after, and why. */
export function CaseTimeline({ caseId, schema }: { caseId: string; schema?: FormJsSchema }) {
  const labels = fieldLabels(schema);
  const { t, locale } = useLocale();
  const history = useQuery({
    queryKey: historyKey(caseId),
    queryFn: async (): Promise<AuditEvent[]> => dataOf(await api.GET('/api/v1/cases/{id}/history', { params: { path: { id: caseId } } })).items,
  });
  if (history.isPending) return <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>;
  if (history.isError) return <LoadError error={history.error} retry={() => history.refetch()} />;
  if (!history.data?.length) return <Empty description={t('timeline.empty')} />;
  // People the history itself names (its actors), so an assignment shows a name rather than an id.
  const people = new Map(history.data.filter((e) => e.actorId && e.actorDisplayName).map((e) => [e.actorId!, e.actorDisplayName!]));
  return (
    <Timeline
      data-testid="timeline"
      items={[...history.data].reverse().map((event) => ({
        key: event.id,
        content: (
          <div data-testid="timeline-event">
            <Typography.Text strong data-testid="timeline-actor">
              {event.actorDisplayName ?? event.actorName ?? t('timeline.system')}
            </Typography.Text>{' '}
            <Typography.Text data-testid="timeline-action" title={event.action}>
              {auditActionLabel(event.action, t)}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">{formatDateTime(event.occurredAt, locale)}</Typography.Text>
            {event.changes.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                {event.changes.map((change) => (
                  <li key={change.field}>
                    <Typography.Text code title={change.field}>
                      {changeFieldLabel(change.field, labels, t)}
                    </Typography.Text>{' '}
                    {formatChange(change.field, change.before, t, people)} → {formatChange(change.field, change.after, t, people)}
                  </li>
                ))}
              </ul>
            )}
            {event.action === 'case.field-unmasked' && (
              <div data-testid="timeline-unmask">
                <Typography.Text type="warning">{t('timeline.unmasked', { field: String((event.data as { field?: unknown } | null)?.field ?? '?') })}</Typography.Text>
              </div>
            )}
            {event.action.startsWith('sla.') && slaTimelineDetail(event.action, event.data as Record<string, unknown> | null, t) && (
              <div data-testid="timeline-sla">
                <Typography.Text type="secondary">{slaTimelineDetail(event.action, event.data as Record<string, unknown> | null, t)}</Typography.Text>
              </div>
            )}
            {event.reason && (
              <div>
                <Typography.Text italic>{t('timeline.reason', { reason: event.reason })}</Typography.Text>
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
