import { useState } from 'react';
import { Alert, Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { useCaseTypes } from '../cases/case-queries.ts';
import { describeMinutes } from './queue-model.ts';
import { QueueDialog } from './queue-dialog.tsx';
import { RoutingAdminFrame } from './routing-admin-nav.tsx';
import { useProfiles, useQueues, useVisibleDepartments, departmentLabel, type Queue } from './routing-admin-api.ts';

/** Queues: who takes which cases, how an agent is chosen, and where a case goes when nobody takes it. */
export function QueuesPage() {
  const { t } = useLocale();
  const canAdmin = useCan('routing:admin');
  const queues = useQueues();
  const profiles = useProfiles();
  const departments = useVisibleDepartments();
  const caseTypes = useCaseTypes();
  const [editing, setEditing] = useState<Queue | 'new' | null>(null);
  const items = queues.data ?? [];
  const queueName = (id: string | null) => items.find((q) => q.id === id)?.name ?? '—';
  // Members through groups count too: the profiles list says which queues each agent is in.
  const agentCount = (queue: Queue) => (profiles.data ? profiles.data.filter((p) => p.queueIds.includes(queue.id)).length : queue.memberIds.length);
  const caseTypeName = (key: string) => caseTypes.data?.find((c) => c.key === key)?.name ?? key;

  return (
    <RoutingAdminFrame
      title={t('routingAdmin.queues.title')}
      testId="queues-page"
      extra={
        canAdmin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-queue">
            {t('routingAdmin.queues.new')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('routingAdmin.queues.intro')}
        </Typography.Paragraph>
        {!canAdmin && <Alert type="info" showIcon title={t('routingAdmin.readOnly')} data-testid="routing-read-only" />}
        {queues.isError && <LoadError error={queues.error} retry={() => queues.refetch()} />}
        <Table<Queue>
          rowKey="id"
          loading={queues.isLoading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('routingAdmin.queues.empty')} /> }}
          data-testid="queue-list"
          columns={[
            {
              title: t('routingAdmin.queue.name'),
              dataIndex: 'name',
              render: (name: string, q) => (
                <Space orientation="vertical" size={0}>
                  <Space size={4} wrap>
                    {/* An administrator opens the queue from its name: on a phone the edit column is off screen. */}
                    {canAdmin ? (
                      <Button type="link" style={{ padding: 0, height: 'auto', fontWeight: 600 }} onClick={() => setEditing(q)}>
                        {name}
                      </Button>
                    ) : (
                      <Typography.Text strong>{name}</Typography.Text>
                    )}
                    {!q.active && <Tag>{t('routingAdmin.queue.inactive')}</Tag>}
                  </Space>
                  <Typography.Text type="secondary">{q.caseTypes.length ? q.caseTypes.map(caseTypeName).join(t('routingAdmin.listSeparator')) : t('routingAdmin.queue.any')}</Typography.Text>
                </Space>
              ),
            },
            { title: t('routingAdmin.queue.department'), dataIndex: 'departmentId', responsive: ['md'], render: (id: string | null) => departmentLabel(departments.data, id, t) },
            {
              title: t('routingAdmin.queue.strategy'),
              key: 'strategy',
              render: (_: unknown, q) => (
                <Space size={4} wrap>
                  <Tag color={q.mode === 'push' ? 'blue' : 'purple'}>{t(`routingAdmin.mode.${q.mode}`)}</Tag>
                  <Tag>{t(`routingAdmin.strategy.${q.strategy}`)}</Tag>
                </Space>
              ),
            },
            { title: t('routingAdmin.queue.memberCount'), key: 'members', render: (_: unknown, q) => agentCount(q) },
            {
              title: t('routingAdmin.queue.overflow'),
              key: 'overflow',
              responsive: ['sm'],
              render: (_: unknown, q) =>
                q.overflowQueueId && q.overflowAfterSeconds !== null
                  ? t('routingAdmin.queue.overflowTo', { after: describeMinutes(q.overflowAfterSeconds / 60, t), queue: queueName(q.overflowQueueId) })
                  : t('routingAdmin.queue.noOverflow'),
            },
            ...(canAdmin
              ? [
                  {
                    title: '',
                    key: 'edit',
                    render: (_: unknown, q: Queue) => (
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(q)} aria-label={t('routingAdmin.queues.edit', { name: q.name })} data-testid={`edit-queue-${q.key}`}>
                        {t('routingAdmin.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Space>
      {editing && <QueueDialog queue={editing === 'new' ? undefined : editing} queues={items} onClose={() => setEditing(null)} />}
    </RoutingAdminFrame>
  );
}
