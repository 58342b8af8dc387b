import { Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { actionColor, actionLabel } from './approval-actions.ts';
import { useInstanceActions, type TaskAction } from './approval-api.ts';

/**
 * The approval record of a process instance, oldest first: who did what, for whom, when, and
 * why. An action taken on someone's behalf (a delegate's work, an out-of-office stand-in) says so.
 */
export function ActionTimeline({ instanceId }: { instanceId: string }) {
  const { t } = useLocale();
  const actions = useInstanceActions(instanceId);
  if (actions.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (actions.isError) return <LoadError error={actions.error} retry={() => actions.refetch()} />;
  if (actions.data.length === 0) return <Empty description={t('approval.log.empty')} />;
  return (
    <Timeline
      data-testid="action-log"
      items={actions.data.map((entry) => ({
        key: entry.id,
        color: actionColor(entry.action),
        content: <ActionEntry entry={entry} />,
      }))}
    />
  );
}

function ActionEntry({ entry }: { entry: TaskAction }) {
  const { t, locale } = useLocale();
  const actor = entry.actorName ?? t('timeline.system');
  return (
    <div data-testid="action-log-entry" data-action={entry.action}>
      <div>
        <Typography.Text strong>{actor}</Typography.Text>
        {entry.onBehalfOf && <Typography.Text type="secondary">{` ${t('approval.log.onBehalfOf', { name: entry.onBehalfOfName ?? t('approval.someone') })}`}</Typography.Text>}{' '}
        <Tag color={actionColor(entry.action)} style={{ marginInlineStart: 4 }}>
          {actionLabel(t, entry.action)}
        </Tag>
        {entry.taskName && <Typography.Text>{entry.taskName}</Typography.Text>}
        {entry.targetUserId && <Typography.Text type="secondary">{` → ${entry.targetUserName ?? t('approval.someone')}`}</Typography.Text>}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
      </Typography.Text>
      {entry.reason && <Typography.Paragraph style={{ marginBottom: 0 }}>{t('approval.log.reason', { text: entry.reason })}</Typography.Paragraph>}
      {entry.comment && <Typography.Paragraph style={{ marginBottom: 0 }}>{t('approval.log.comment', { text: entry.comment })}</Typography.Paragraph>}
    </div>
  );
}
