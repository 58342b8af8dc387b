import { Button, Empty, Spin, Timeline, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';
import { statusLabel } from '../cases/case-status.ts';
import { useCustomerTimeline, type TimelineItem } from './customer-queries.ts';

// Everything about the customer the reader may see, newest first, a page at a time.

const COLORS: Partial<Record<TimelineItem['type'], string>> = { 'sla-breached': 'red', 'case-created': 'blue', 'rule-ran': 'cyan', 'task-completed': 'green' };

function describe(item: TimelineItem, t: Translate, locale: 'zh-CN' | 'en-US', fieldLabels: Map<string, string>): string {
  const part = (key: string) => (item.title[key] === null || item.title[key] === undefined ? '' : String(item.title[key]));
  const number = item.caseNumber ?? '';
  switch (item.type) {
    case 'case-created':
      return t('customer360.event.case-created', { number });
    case 'case-status-changed':
      return t('customer360.event.case-status-changed', { number, from: statusLabel(undefined, part('from'), locale, t), to: statusLabel(undefined, part('to'), locale, t) });
    case 'case-replied':
      return t('customer360.event.case-replied', { number });
    case 'task-created':
      return t('customer360.event.task-created', { name: part('name') || t('customer360.unnamedTask') });
    case 'task-completed':
      return t('customer360.event.task-completed', { name: part('name') || t('customer360.unnamedTask') });
    case 'sla-breached':
      return t('customer360.event.sla-breached', { number });
    case 'rule-ran':
      return t('customer360.event.rule-ran', { rule: part('ruleName'), status: translateIfKnown(t, `customer360.runStatus.${part('status')}`) ?? '' });
    case 'record-changed': {
      const action = translateIfKnown(t, `auditAction.${part('action')}`) ?? t('customer360.event.record-changed');
      const fields = ((item.title.fields as string[] | undefined) ?? []).map((f) => fieldLabels.get(f.replace(/^fields\./, '')) ?? translateIfKnown(t, `customer360.changed.${f}`)).filter(Boolean);
      return `${part('actorName')} ${action}${fields.length > 0 ? `: ${fields.join('、')}` : ''}`.trim();
    }
    default:
      return '';
  }
}

function hrefOf(item: TimelineItem): string | null {
  if (!item.link) return null;
  switch (item.link.kind) {
    case 'case':
      return `/cases/${item.link.id}`;
    case 'task':
      return `/tasks/${item.link.id}`;
    default:
      return null;
  }
}

export function CustomerTimelineList({ recordId, fieldLabels }: { recordId: string; fieldLabels: Map<string, string> }) {
  const { t, locale } = useLocale();
  const timeline = useCustomerTimeline(recordId);
  if (timeline.isPending) return <Spin />;
  if (timeline.isError) return <LoadError error={timeline.error} retry={() => void timeline.refetch()} />;
  const items = timeline.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customer360.noTimeline')} />;
  return (
    <>
      <Timeline
        items={items.map((item) => {
          const href = hrefOf(item);
          const text = describe(item, t, locale, fieldLabels);
          return {
            key: item.id,
            color: COLORS[item.type] ?? 'gray',
            content: (
              <div data-testid="timeline-item" data-type={item.type}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(item.at, locale)}
                </Typography.Text>
                <div style={{ overflowWrap: 'anywhere' }}>{href ? <Link to={href}>{text}</Link> : text}</div>
                {item.caseTitle && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
                    {item.caseTitle}
                  </Typography.Text>
                )}
              </div>
            ),
          };
        })}
      />
      {timeline.hasNextPage && (
        <Button onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage} data-testid="timeline-more">
          {t('customer360.more')}
        </Button>
      )}
    </>
  );
}
