import { useState } from 'react';
import { App, Button, Descriptions, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { deliveryErrorText, eventTypeLabel } from './integration-names.ts';
import { IntegrationAdminFrame } from './integration-admin-nav.tsx';
import { DELIVERY_STATUSES, integrationApi, integrationKeys, useWebhook, type WebhookDelivery, type WebhookDeliveryStatus } from './integration-admin-api.ts';

const STATUS_COLOR: Record<WebhookDeliveryStatus, string> = { pending: 'processing', retrying: 'warning', succeeded: 'success', dead: 'error' };

/** A failed attempt can be sent again: a dead delivery, or one still retrying that the receiver has since fixed. */
export function canReplay(d: Pick<WebhookDelivery, 'status'>): boolean {
  return d.status === 'dead' || d.status === 'retrying';
}

/** One webhook's delivery log: each event sent, its attempts and the receiver's answer; a dead or failing delivery is sent again from here. */
export function DeliveriesPage() {
  const { id = '' } = useParams();
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const webhook = useWebhook(id);
  const [status, setStatus] = useState<WebhookDeliveryStatus | 'all'>('all');
  const filter = status === 'all' ? undefined : status;
  const deliveries = useInfiniteQuery({
    queryKey: integrationKeys.deliveries(id, filter),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => integrationApi.listDeliveries(id, filter, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = deliveries.data?.pages.flatMap((p) => p.items) ?? [];

  const replay = async (d: WebhookDelivery) => {
    try {
      await integrationApi.replayDelivery(id, d.id);
      void message.success(t('integrationAdmin.deliveries.replayed'));
      await queryClient.invalidateQueries({ queryKey: integrationKeys.webhook(id) });
      await queryClient.invalidateQueries({ queryKey: integrationKeys.webhooks });
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  return (
    <IntegrationAdminFrame
      title={webhook.data ? t('integrationAdmin.deliveries.titleNamed', { name: webhook.data.name }) : t('integrationAdmin.deliveries.title')}
      testId="deliveries-page"
      extra={
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/admin/integrations/webhooks')}>
            {t('integrationAdmin.deliveries.back')}
          </Button>
          <Button icon={<ReloadOutlined />} loading={deliveries.isFetching} onClick={() => void deliveries.refetch()} aria-label={t('integrationAdmin.refresh')} />
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {webhook.isError && <LoadError error={webhook.error} retry={() => webhook.refetch()} />}
        <div style={{ overflowX: 'auto' }}>
          <Segmented
            aria-label={t('integrationAdmin.deliveries.filter')}
            value={status}
            onChange={(v) => setStatus(v as WebhookDeliveryStatus | 'all')}
            options={[{ value: 'all', label: t('integrationAdmin.deliveries.all') }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`integrationAdmin.delivery.status.${s}`) }))]}
            data-testid="delivery-filter"
          />
        </div>
        {deliveries.isError && <LoadError error={deliveries.error} retry={() => deliveries.refetch()} />}
        <KeyboardScrollable label={t('integrationAdmin.deliveries.title')}>
          <Table<WebhookDelivery>
            rowKey="id"
            loading={deliveries.isLoading}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('integrationAdmin.deliveries.empty')} /> }}
            data-testid="delivery-list"
            expandable={{
              expandedRowRender: (d) => (
                <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid={`delivery-detail-${d.id}`}>
                  <Descriptions.Item label={t('integrationAdmin.delivery.attempts')}>{d.attempts}</Descriptions.Item>
                  <Descriptions.Item label={t('integrationAdmin.delivery.lastAttempt')}>{d.lastAttemptAt ? formatDateTime(d.lastAttemptAt, locale) : '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('integrationAdmin.delivery.nextAttempt')}>{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt, locale) : '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('integrationAdmin.delivery.response')}>{d.responseStatus ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('integrationAdmin.delivery.duration')}>{d.durationMs !== null ? t('integrationAdmin.delivery.ms', { ms: d.durationMs }) : '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('integrationAdmin.delivery.error')}>{d.status === 'succeeded' ? '—' : deliveryErrorText(d.error, d.responseStatus, t)}</Descriptions.Item>
                  <Descriptions.Item label={t('integrationAdmin.delivery.deliveredAt')}>{d.deliveredAt ? formatDateTime(d.deliveredAt, locale) : '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('integrationAdmin.delivery.id')}>
                    <Typography.Text copyable code>
                      {d.id}
                    </Typography.Text>
                  </Descriptions.Item>
                  {d.replayOf && <Descriptions.Item label={t('integrationAdmin.delivery.replayOf')}>{d.replayOf}</Descriptions.Item>}
                </Descriptions>
              ),
            }}
            columns={[
              { title: t('integrationAdmin.delivery.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at, locale) },
              { title: t('integrationAdmin.delivery.event'), dataIndex: 'eventType', render: (type: string) => eventTypeLabel(type, t) },
              {
                title: t('integrationAdmin.delivery.statusLabel'),
                dataIndex: 'status',
                render: (s: WebhookDeliveryStatus, d) => (
                  <Space size={4} wrap>
                    <Tag color={STATUS_COLOR[s]}>{t(`integrationAdmin.delivery.status.${s}`)}</Tag>
                    {d.replayOf && <Tag>{t('integrationAdmin.delivery.replay')}</Tag>}
                  </Space>
                ),
              },
              { title: t('integrationAdmin.delivery.attempts'), dataIndex: 'attempts', responsive: ['sm'] },
              {
                title: t('integrationAdmin.delivery.case'),
                dataIndex: 'caseId',
                responsive: ['md'],
                render: (caseId: string | null) => (caseId ? <Link to={`/cases/${caseId}`}>{t('integrationAdmin.delivery.openCase')}</Link> : '—'),
              },
              {
                title: '',
                key: 'replay',
                render: (_: unknown, d) =>
                  canReplay(d) && (
                    <Button size="small" icon={<RedoOutlined />} onClick={() => void replay(d)} data-testid={`replay-delivery-${d.id}`}>
                      {t('integrationAdmin.deliveries.replay')}
                    </Button>
                  ),
              },
            ]}
          />
        </KeyboardScrollable>
        {deliveries.hasNextPage && (
          <Button onClick={() => void deliveries.fetchNextPage()} loading={deliveries.isFetchingNextPage}>
            {t('integrationAdmin.loadMore')}
          </Button>
        )}
      </Space>
    </IntegrationAdminFrame>
  );
}
