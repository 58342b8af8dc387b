import { Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { InboxOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { IntegrationAdminFrame } from './integration-admin-nav.tsx';
import { useSources, type IngestSource } from './integration-admin-api.ts';

/** Ingestion sources: the systems whose messages become cases (a broker's stream or queue, or http), with what they brought. */
export function SourcesPage() {
  const { t, locale } = useLocale();
  const navigate = useNavigate();
  const sources = useSources();
  return (
    <IntegrationAdminFrame
      title={t('integrationAdmin.sources.title')}
      testId="sources-page"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/admin/integrations/sources/new')} data-testid="new-source">
          {t('integrationAdmin.sources.new')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('integrationAdmin.sources.intro')}
        </Typography.Paragraph>
        {sources.isError && <LoadError error={sources.error} retry={() => sources.refetch()} />}
        <KeyboardScrollable label={t('integrationAdmin.sources.title')}>
          <Table<IngestSource>
            rowKey="key"
            loading={sources.isLoading}
            dataSource={sources.data ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('integrationAdmin.sources.empty')} /> }}
            data-testid="source-list"
            columns={[
              {
                title: t('integrationAdmin.source.name'),
                dataIndex: 'name',
                render: (name: string, s) => (
                  <Space orientation="vertical" size={0}>
                    <Space size={4} wrap>
                      <Link to={`/admin/integrations/sources/${s.key}`} style={{ fontWeight: 600 }}>
                        {name}
                      </Link>
                      {!s.active && <Tag>{t('integrationAdmin.inactive')}</Tag>}
                    </Space>
                    <Typography.Text type="secondary">{s.key}</Typography.Text>
                  </Space>
                ),
              },
              { title: t('integrationAdmin.source.transport'), dataIndex: 'transport', render: (tr: IngestSource['transport']) => <Tag>{t(`integrationAdmin.transport.${tr}`)}</Tag> },
              {
                title: t('integrationAdmin.source.stats'),
                key: 'stats',
                render: (_: unknown, s) => (
                  <Space size={4} wrap>
                    <Tag>{t('integrationAdmin.source.received', { count: s.stats.received })}</Tag>
                    <Tag color="success">{t('integrationAdmin.source.created', { count: s.stats.created })}</Tag>
                    {s.stats.updated > 0 && <Tag color="blue">{t('integrationAdmin.source.updated', { count: s.stats.updated })}</Tag>}
                    <Tag>{t('integrationAdmin.source.duplicates', { count: s.stats.duplicates })}</Tag>
                  </Space>
                ),
              },
              {
                title: t('integrationAdmin.source.deadLetters'),
                key: 'dead',
                render: (_: unknown, s) => (
                  <Link
                    to={`/admin/integrations/sources/${s.key}/dead-letters`}
                    aria-label={t('integrationAdmin.sources.deadLettersLink', { name: s.name, count: s.stats.deadLetters })}
                    data-testid={`dead-letters-${s.key}`}
                  >
                    <Tag color={s.stats.deadLetters ? 'error' : 'default'} icon={<InboxOutlined />}>
                      {s.stats.deadLetters}
                    </Tag>
                  </Link>
                ),
              },
              {
                title: t('integrationAdmin.source.lastMessage'),
                key: 'last',
                responsive: ['sm'],
                render: (_: unknown, s) => (s.stats.lastMessageAt ? formatDateTime(s.stats.lastMessageAt, locale) : t('integrationAdmin.never')),
              },
            ]}
          />
        </KeyboardScrollable>
      </Space>
    </IntegrationAdminFrame>
  );
}
