import { useState } from 'react';
import { App, Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type components, dataOf } from '@docket/client';
import { api } from '../../app/api.ts';
import { RequireAction, useReachableDepartments } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { AnalyticsFrame } from './analytics-frame.tsx';
import { PackGenerateForm } from './pack-generate-form.tsx';

type ReportPack = components['schemas']['AnalyticsReportPack'];
const PACKS_KEY = ['analytics', 'report-packs'] as const;
const SIGNATURE_COLORS = { valid: 'green', invalid: 'red', 'unknown-key': 'orange' } as const;

/** 监管报送: generate the regulator's quarterly pack, list packs with hashes and signature status, download, reproduce. */
export function ReportPacksPage() {
  const { t } = useLocale();
  return (
    <AnalyticsFrame title={t('analytics.nav.packs')}>
      <RequireAction action="analytics:report-pack">
        <ReportPacks />
      </RequireAction>
    </AnalyticsFrame>
  );
}

function ReportPacks() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const departments = useReachableDepartments('case:read');
  const [reproducing, setReproducing] = useState<string | undefined>();
  const packs = useQuery({
    queryKey: PACKS_KEY,
    queryFn: async () => dataOf(await api.GET('/api/v1/analytics/report-packs', {})).items,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: PACKS_KEY });
  const departmentName = (id: string | null) => (id === null ? t('analytics.packs.department.all') : (departments.data?.find((d) => d.id === id)?.name ?? id));

  const reproduce = async (pack: ReportPack) => {
    setReproducing(pack.id);
    try {
      const result = dataOf(await api.POST('/api/v1/analytics/report-packs/{id}/reproduce', { params: { path: { id: pack.id } } }));
      if (result.matched) void message.success(t('analytics.packs.reproduce.matched'));
      else {
        const filesMatched = result.files.filter((f) => f.file !== 'manifest').every((f) => f.matched);
        const why = result.generatorVersionDiffers
          ? 'analytics.packs.reproduce.differsGenerator'
          : result.signingKeyDiffers && filesMatched
            ? 'analytics.packs.reproduce.differsKey'
            : 'analytics.packs.reproduce.differs';
        void message.warning(t(why));
      }
      refresh();
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setReproducing(undefined);
    }
  };

  const fileLink = (pack: ReportPack, file: 'xlsx' | 'pdf' | 'manifest') => (
    <a href={`/api/v1/analytics/report-packs/${pack.id}/files/${file}`} download data-testid={`pack-download-${file}`}>
      {t(`analytics.packs.file.${file}`)}
    </a>
  );

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', minWidth: 0 }}>
      <PackGenerateForm onGenerated={refresh} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('analytics.packs.explain')}
      </Typography.Paragraph>
      {packs.error ? (
        <LoadError error={packs.error} retry={() => void packs.refetch()} />
      ) : (
        <Table<ReportPack>
          rowKey="id"
          size="small"
          loading={packs.isLoading}
          dataSource={packs.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('analytics.packs.empty') }}
          data-testid="pack-list"
          columns={[
            { title: t('analytics.packs.period'), dataIndex: 'period', key: 'period' },
            { title: t('analytics.packs.department'), key: 'department', render: (_, pack) => departmentName(pack.departmentId) },
            { title: t('analytics.packs.asOf'), key: 'asOf', render: (_, pack) => formatDateTime(pack.asOf, locale) },
            {
              title: t('analytics.packs.signature'),
              key: 'signature',
              render: (_, pack) => (
                <Tooltip title={`${t('analytics.packs.keyId')}: ${pack.keyId}`}>
                  <Tag color={SIGNATURE_COLORS[pack.signature]}>{t(`analytics.packs.signature.${pack.signature}`)}</Tag>
                </Tooltip>
              ),
            },
            {
              title: t('analytics.packs.hashes'),
              key: 'hashes',
              render: (_, pack) => (
                <Space orientation="vertical" size={0}>
                  {pack.files.map((f) => (
                    <Typography.Text key={f.file} code copyable={{ text: f.sha256, tooltips: [t('analytics.packs.copy'), t('analytics.packs.copied')] }} style={{ fontSize: 12 }}>
                      {`${f.file} ${f.sha256.slice(0, 12)}…`}
                    </Typography.Text>
                  ))}
                </Space>
              ),
            },
            {
              title: t('analytics.packs.reproduction'),
              key: 'reproduction',
              render: (_, pack) =>
                pack.lastReproducedAt === null ? (
                  <Typography.Text type="secondary">{t('analytics.packs.reproduction.never')}</Typography.Text>
                ) : (
                  <Tooltip title={formatDateTime(pack.lastReproducedAt, locale)}>
                    <Tag color={pack.lastReproductionMatched ? 'green' : 'red'}>
                      {t(pack.lastReproductionMatched ? 'analytics.packs.reproduction.matched' : 'analytics.packs.reproduction.differs')}
                    </Tag>
                  </Tooltip>
                ),
            },
            {
              title: t('analytics.packs.actions'),
              key: 'actions',
              render: (_, pack) => (
                <Space wrap size={8}>
                  {fileLink(pack, 'xlsx')}
                  {fileLink(pack, 'pdf')}
                  {fileLink(pack, 'manifest')}
                  <Button size="small" loading={reproducing === pack.id} onClick={() => void reproduce(pack)} data-testid="pack-reproduce">
                    {t('analytics.packs.reproduce')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
