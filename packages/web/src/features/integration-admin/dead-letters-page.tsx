import { App, Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { deadLetterReasonText, plainErrorText } from './integration-names.ts';
import { IntegrationAdminFrame } from './integration-admin-nav.tsx';
import { integrationApi, integrationKeys, useSource, type IngestDeadLetter, type IngestResult } from './integration-admin-api.ts';

/** A source's dead letters: messages that did not become cases, why, and a replay with the current mapping once it is fixed. */
export function DeadLettersPage() {
  const { key = '' } = useParams();
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const source = useSource(key);
  const letters = useInfiniteQuery({
    queryKey: integrationKeys.deadLetters(key),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => integrationApi.listDeadLetters(key, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = letters.data?.pages.flatMap((p) => p.items) ?? [];

  const replay = async (letter: IngestDeadLetter) => {
    try {
      const result: IngestResult = await integrationApi.replayDeadLetter(key, letter.id);
      if (result.status === 'created' || result.status === 'updated' || result.status === 'duplicate') {
        void message.success(t(`integrationAdmin.replayResult.${result.status}`, { number: result.number ?? '' }));
      } else {
        const reasons = (result.errors ?? []).map((e) => `${e.field} ${plainErrorText(e.reason, t)}`).join(t('integrationAdmin.listSeparator'));
        void message.error(`${t(`integrationAdmin.replayResult.${result.status}`, { number: '' })}${reasons ? ` — ${reasons}` : ''}`);
      }
      await Promise.all([queryClient.invalidateQueries({ queryKey: integrationKeys.deadLetters(key) }), queryClient.invalidateQueries({ queryKey: integrationKeys.sources })]);
      await queryClient.invalidateQueries({ queryKey: integrationKeys.source(key) });
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  return (
    <IntegrationAdminFrame
      title={source.data ? t('integrationAdmin.deadLetters.titleNamed', { name: source.data.name }) : t('integrationAdmin.deadLetters.title')}
      testId="dead-letters-page"
      extra={
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(`/admin/integrations/sources/${key}`)}>
            {t('integrationAdmin.deadLetters.back')}
          </Button>
          <Button icon={<ReloadOutlined />} loading={letters.isFetching} onClick={() => void letters.refetch()} aria-label={t('integrationAdmin.refresh')} data-testid="refresh-dead-letters" />
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('integrationAdmin.deadLetters.intro')}
        </Typography.Paragraph>
        {letters.isError && <LoadError error={letters.error} retry={() => letters.refetch()} />}
        <KeyboardScrollable label={t('integrationAdmin.deadLetters.title')}>
          <Table<IngestDeadLetter>
            rowKey="id"
            loading={letters.isLoading}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('integrationAdmin.deadLetters.empty')} /> }}
            data-testid="dead-letter-list"
            columns={[
              { title: t('integrationAdmin.deadLetter.receivedAt'), dataIndex: 'receivedAt', render: (at: string) => formatDateTime(at, locale) },
              { title: t('integrationAdmin.deadLetter.externalId'), dataIndex: 'externalId', render: (id: string | null) => id ?? '—' },
              {
                title: t('integrationAdmin.deadLetter.reason'),
                key: 'reason',
                render: (_: unknown, d) => (
                  <Space orientation="vertical" size={0} style={{ maxWidth: 420 }}>
                    <Typography.Text strong>{deadLetterReasonText(d.reason, t)}</Typography.Text>
                    {d.errors.map((e) => (
                      <Typography.Text key={`${e.field}:${e.reason}`} type="secondary">
                        <Typography.Text code>{e.field}</Typography.Text> {plainErrorText(e.reason, t)}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
              },
              {
                title: t('integrationAdmin.deadLetter.state'),
                key: 'state',
                render: (_: unknown, d) =>
                  d.replayedAt ? (
                    <Space orientation="vertical" size={0}>
                      <Tag color="success">{t('integrationAdmin.deadLetter.replayed', { at: formatDateTime(d.replayedAt, locale) })}</Tag>
                      {d.replayCaseId && <Link to={`/cases/${d.replayCaseId}`}>{t('integrationAdmin.delivery.openCase')}</Link>}
                    </Space>
                  ) : (
                    <Tag color="error">{t('integrationAdmin.deadLetter.waiting')}</Tag>
                  ),
              },
              {
                title: '',
                key: 'replay',
                render: (_: unknown, d) =>
                  !d.replayCaseId && (
                    <Button size="small" icon={<RedoOutlined />} onClick={() => void replay(d)} data-testid={`replay-dead-letter-${d.id}`}>
                      {t('integrationAdmin.deadLetters.replay')}
                    </Button>
                  ),
              },
            ]}
          />
        </KeyboardScrollable>
        {letters.hasNextPage && (
          <Button onClick={() => void letters.fetchNextPage()} loading={letters.isFetchingNextPage}>
            {t('integrationAdmin.loadMore')}
          </Button>
        )}
      </Space>
    </IntegrationAdminFrame>
  );
}
