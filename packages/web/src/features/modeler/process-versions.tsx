import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, Button, Card, Empty, Select, Skeleton, Space, Table, Typography, type TableProps } from 'antd';
import { DiffOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { dataOf } from '@docket/client';
import { api } from '../../app/api.ts';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { InstanceStateTag, shortId } from '../processes/instance-list.tsx';
import type { InstanceSummary, ProcessVersion } from '../processes/process-api.ts';

const VersionDiff = lazy(() => import('./version-diff.tsx').then((m) => ({ default: m.VersionDiff })));

/** How many running instances are read to count them per version (pages of 200). */
export const ACTIVE_LIMIT = 1000;

/**
 * The running instances of a process. GET /process-instances filters by key and state but not by
 * version, so they are read page by page (up to ACTIVE_LIMIT) and grouped by version here.
 */
function useActiveInstances(processKey: string) {
  return useQuery({
    queryKey: ['process-instances', { processKey, state: 'active', all: true }],
    queryFn: async (): Promise<InstanceSummary[]> => {
      const rows: InstanceSummary[] = [];
      let cursor: string | undefined;
      do {
        const page = dataOf(await api.GET('/api/v1/process-instances', { params: { query: { processKey, state: 'active', limit: 200, ...(cursor ? { cursor } : {}) } } }));
        rows.push(...page.items);
        cursor = (page as { nextCursor?: string | null }).nextCursor ?? undefined;
      } while (cursor && rows.length < ACTIVE_LIMIT);
      return rows;
    },
  });
}

/** Every version of a process with its running instances; two versions compared; a version opened in the designer. */
export function ProcessVersions({ processKey, versions, xmlOf }: { processKey: string; versions: ProcessVersion[]; xmlOf(version: number): Promise<string> }) {
  const { t, locale } = useLocale();
  const canDeploy = useCan('process:deploy');
  const active = useActiveInstances(processKey);
  const sorted = useMemo(() => [...versions].sort((a, b) => b.version - a.version), [versions]);
  const [shownVersion, setShownVersion] = useState<number | null>(null);
  const [from, setFrom] = useState<number | undefined>(sorted[1]?.version);
  const [to, setTo] = useState<number | undefined>(sorted[0]?.version);
  const [compared, setCompared] = useState<{ from: number; to: number } | null>(null);

  const byVersion = useMemo(() => {
    const counts = new Map<number, InstanceSummary[]>();
    for (const row of active.data ?? []) counts.set(row.version, [...(counts.get(row.version) ?? []), row]);
    return counts;
  }, [active.data]);

  const columns: TableProps<ProcessVersion>['columns'] = [
    {
      title: t('process.version'),
      dataIndex: 'version',
      width: 80,
      render: (v: number) => <Link to={`/processes/${encodeURIComponent(processKey)}?version=${v}`}>{t('process.versionN', { version: v })}</Link>,
    },
    { title: t('process.name'), dataIndex: 'name', ellipsis: true, render: (name?: string | null) => name || '—' },
    { title: t('process.deployedAt'), dataIndex: 'deployedAt', width: 150, render: (v?: string | null) => formatDateTime(v, locale) },
    {
      title: t('modeler.versions.active'),
      width: 120,
      render: (_v, row) => {
        const count = byVersion.get(row.version)?.length ?? 0;
        if (active.isPending) return '…';
        return count > 0 ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setShownVersion(row.version)} data-testid={`active-count-${row.version}`}>
            {count}
          </Button>
        ) : (
          <span data-testid={`active-count-${row.version}`}>0</span>
        );
      },
    },
    ...(canDeploy
      ? [
          {
            title: '',
            width: 140,
            render: (_v: unknown, row: ProcessVersion) => (
              <Link to={`/processes/${encodeURIComponent(processKey)}/edit?version=${row.version}`}>
                <EditOutlined /> {t('modeler.versions.edit')}
              </Link>
            ),
          },
        ]
      : []),
  ];

  const shownRows = shownVersion === null ? [] : (byVersion.get(shownVersion) ?? []);
  const instanceColumns: TableProps<InstanceSummary>['columns'] = [
    {
      title: t('instance.id'),
      dataIndex: 'id',
      width: 110,
      render: (id: string) => (
        <Link to={`/process-instances/${id}`} title={id}>
          <code>{shortId(id)}</code>
        </Link>
      ),
    },
    { title: t('instance.state'), dataIndex: 'state', width: 100, render: (s: string) => <InstanceStateTag state={s} /> },
    { title: t('instance.case'), dataIndex: 'caseId', width: 110, render: (id?: string | null) => (id ? <Link to={`/cases/${id}`}>{t('instance.openCase')}</Link> : '—') },
    { title: t('instance.startedAt'), dataIndex: 'startedAt', width: 150, render: (v?: string) => formatDateTime(v, locale) },
  ];

  const options = sorted.map((v) => ({ value: v.version, label: t('process.versionN', { version: v.version }) }));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('modeler.versions.title')} data-testid="process-versions">
        {active.isError ? (
          <LoadError error={active.error} retry={() => active.refetch()} />
        ) : (
          <KeyboardScrollable label={t('modeler.versions.title')}>
            <Table rowKey="version" size="small" pagination={false} dataSource={sorted} columns={columns} scroll={{ x: 560 }} />
          </KeyboardScrollable>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('modeler.versions.activeNote', { limit: ACTIVE_LIMIT })}
        </Typography.Paragraph>
        {shownVersion !== null && (
          <div style={{ marginTop: 12 }} data-testid="version-instances">
            <Typography.Title level={5}>{t('modeler.versions.instancesOf', { version: shownVersion })}</Typography.Title>
            <KeyboardScrollable label={t('modeler.versions.instancesOf', { version: shownVersion })}>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={shownRows}
                columns={instanceColumns}
                scroll={{ x: 480 }}
                locale={{ emptyText: <Empty description={t('modeler.versions.noInstances')} /> }}
              />
            </KeyboardScrollable>
          </div>
        )}
      </Card>
      <Card title={t('modeler.diff.title')} data-testid="version-diff-card">
        {sorted.length < 2 ? (
          <Alert type="info" showIcon title={t('modeler.diff.needTwo')} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Select<number> value={from} onChange={setFrom} options={options} aria-label={t('modeler.diff.from')} style={{ minWidth: 120 }} data-testid="diff-from" />
              <span aria-hidden="true">→</span>
              <Select<number> value={to} onChange={setTo} options={options} aria-label={t('modeler.diff.to')} style={{ minWidth: 120 }} data-testid="diff-to" />
              <Button icon={<DiffOutlined />} disabled={from === undefined || to === undefined || from === to} onClick={() => setCompared({ from: from!, to: to! })} data-testid="diff-compare">
                {t('modeler.diff.compare')}
              </Button>
            </Space>
            {compared && (
              <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
                <VersionDiff key={`${compared.from}-${compared.to}`} fromVersion={compared.from} toVersion={compared.to} xmlOf={xmlOf} />
              </Suspense>
            )}
          </Space>
        )}
      </Card>
    </Space>
  );
}
