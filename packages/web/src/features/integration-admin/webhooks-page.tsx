import { useState } from 'react';
import { App, Button, Empty, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, KeyOutlined, PlusOutlined, SendOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { eventTypeLabel } from './integration-names.ts';
import { IntegrationAdminFrame } from './integration-admin-nav.tsx';
import { integrationApi, integrationKeys, useWebhooks, type Webhook } from './integration-admin-api.ts';
import { SecretOnceModal } from './secret-once-modal.tsx';
import { maskedSecret, revealSecret, secretReducer, type SecretEvent, type SecretReveal } from './secret-model.ts';
import { WebhookDialog } from './webhook-dialog.tsx';

/** Webhooks: where case events are POSTed, signed; how their deliveries are doing. */
export function WebhooksPage() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const webhooks = useWebhooks();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [reveal, setReveal] = useState<SecretReveal | null>(null);
  const dispatch = (event: SecretEvent) => setReveal((state) => secretReducer(state, event));
  const show = (name: string, secret: string) => setReveal(revealSecret(name, secret));

  const rotate = async (w: Webhook) => {
    try {
      const rotated = await integrationApi.rotateSecret(w.id);
      show(w.name, rotated.secret);
      await queryClient.invalidateQueries({ queryKey: integrationKeys.webhooks });
    } catch (error) {
      showProblem(message, error, t);
    }
  };
  const remove = async (w: Webhook) => {
    try {
      await integrationApi.deleteWebhook(w.id, w.version);
      await queryClient.invalidateQueries({ queryKey: integrationKeys.webhooks });
      void message.success(t('integrationAdmin.deleted'));
    } catch (error) {
      showProblem(message, error, t);
    }
  };
  const ping = async (w: Webhook) => {
    try {
      await integrationApi.ping(w.id);
      void message.success(t('integrationAdmin.webhooks.pinged'));
      await queryClient.invalidateQueries({ queryKey: integrationKeys.webhooks });
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  return (
    <IntegrationAdminFrame
      title={t('integrationAdmin.webhooks.title')}
      testId="webhooks-page"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-webhook">
          {t('integrationAdmin.webhooks.new')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('integrationAdmin.webhooks.intro')}
        </Typography.Paragraph>
        {webhooks.isError && <LoadError error={webhooks.error} retry={() => webhooks.refetch()} />}
        <KeyboardScrollable label={t('integrationAdmin.webhooks.title')}>
          <Table<Webhook>
            rowKey="id"
            loading={webhooks.isLoading}
            dataSource={webhooks.data ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('integrationAdmin.webhooks.empty')} /> }}
            data-testid="webhook-list"
            columns={[
              {
                title: t('integrationAdmin.webhook.name'),
                dataIndex: 'name',
                render: (name: string, w) => (
                  <Space orientation="vertical" size={0}>
                    <Space size={4} wrap>
                      <Button type="link" style={{ padding: 0, height: 'auto', fontWeight: 600 }} onClick={() => setEditing(w)}>
                        {name}
                      </Button>
                      {!w.active && <Tag>{t('integrationAdmin.inactive')}</Tag>}
                    </Space>
                    <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                      {w.url}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('integrationAdmin.webhook.events'),
                key: 'events',
                responsive: ['md'],
                render: (_: unknown, w) => (
                  <Space size={[4, 4]} wrap style={{ maxWidth: 320 }}>
                    {w.eventTypes.map((e) => (
                      <Tag key={e}>{eventTypeLabel(e, t)}</Tag>
                    ))}
                  </Space>
                ),
              },
              {
                title: t('integrationAdmin.webhook.deliveries'),
                key: 'stats',
                render: (_: unknown, w) => (
                  <Space size={4} wrap>
                    <Tag color="processing">{t('integrationAdmin.webhook.pendingCount', { count: w.stats.pending })}</Tag>
                    <Tag color={w.stats.retrying ? 'warning' : 'default'}>{t('integrationAdmin.webhook.retryingCount', { count: w.stats.retrying })}</Tag>
                    <Tag color={w.stats.dead ? 'error' : 'default'}>{t('integrationAdmin.webhook.deadCount', { count: w.stats.dead })}</Tag>
                  </Space>
                ),
              },
              {
                title: t('integrationAdmin.webhook.lastDelivery'),
                key: 'last',
                responsive: ['sm'],
                render: (_: unknown, w) => (
                  <Space orientation="vertical" size={0}>
                    <span>{w.stats.lastDeliveredAt ? formatDateTime(w.stats.lastDeliveredAt, locale) : t('integrationAdmin.never')}</span>
                    {w.stats.lastFailureAt && <Tag color="error">{t('integrationAdmin.webhook.lastFailure', { at: formatDateTime(w.stats.lastFailureAt, locale) })}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('integrationAdmin.webhook.secret'),
                key: 'secret',
                responsive: ['lg'],
                render: (_: unknown, w) => <Typography.Text code>{maskedSecret(w.secretHint)}</Typography.Text>,
              },
              {
                title: t('integrationAdmin.actions'),
                key: 'actions',
                render: (_: unknown, w) => (
                  <Space size={4} wrap>
                    <Button size="small" icon={<UnorderedListOutlined />} onClick={() => void navigate(`/admin/integrations/webhooks/${w.id}/deliveries`)} data-testid={`deliveries-${w.id}`}>
                      {t('integrationAdmin.webhooks.deliveryLog')}
                    </Button>
                    <Tooltip title={t('integrationAdmin.webhooks.pingHint')}>
                      <Button size="small" icon={<SendOutlined />} onClick={() => void ping(w)} aria-label={t('integrationAdmin.webhooks.pingNamed', { name: w.name })}>
                        {t('integrationAdmin.webhooks.ping')}
                      </Button>
                    </Tooltip>
                    <Popconfirm
                      title={t('integrationAdmin.webhooks.rotateConfirm')}
                      description={t('integrationAdmin.webhooks.rotateHint')}
                      okText={t('integrationAdmin.webhooks.rotate')}
                      cancelText={t('integrationAdmin.cancel')}
                      onConfirm={() => rotate(w)}
                    >
                      <Button size="small" icon={<KeyOutlined />} aria-label={t('integrationAdmin.webhooks.rotateNamed', { name: w.name })}>
                        {t('integrationAdmin.webhooks.rotate')}
                      </Button>
                    </Popconfirm>
                    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(w)} aria-label={t('integrationAdmin.webhooks.edit', { name: w.name })}>
                      {t('integrationAdmin.edit')}
                    </Button>
                    <Popconfirm
                      title={t('integrationAdmin.webhooks.deleteConfirm', { name: w.name })}
                      okText={t('integrationAdmin.delete')}
                      cancelText={t('integrationAdmin.cancel')}
                      onConfirm={() => remove(w)}
                    >
                      <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('integrationAdmin.webhooks.deleteNamed', { name: w.name })} />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        </KeyboardScrollable>
      </Space>
      {editing && <WebhookDialog webhook={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} onCreated={(created) => show(created.webhook.name, created.secret)} />}
      {reveal && <SecretOnceModal reveal={reveal} dispatch={dispatch} />}
    </IntegrationAdminFrame>
  );
}
