import { useState } from 'react';
import { Empty, Select, Space, Table, Tag, type TableProps } from 'antd';
import { Link } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { INSTANCE_STATES, useInstances, type InstanceState, type InstanceSummary } from './process-api.ts';
import { INSTANCE_STATE_COLORS, instanceStateLabel } from './process-labels.ts';

/** An instance's id as people quote it: its first block, the whole id on hover. */
export const shortId = (id: string) => id.slice(0, 8);

export function InstanceStateTag({ state }: { state: string }) {
  const { t } = useLocale();
  return (
    <Tag color={INSTANCE_STATE_COLORS[state] ?? 'default'} data-testid="instance-state" data-state={state}>
      {instanceStateLabel(t, state)}
    </Tag>
  );
}

/** The instances of one process (or one case), filtered by state. */
export function InstanceList({ processKey, caseId }: { processKey?: string; caseId?: string }) {
  const { t, locale } = useLocale();
  const [state, setState] = useState<InstanceState | undefined>();
  const instances = useInstances({ processKey, caseId, state });
  const columns: TableProps<InstanceSummary>['columns'] = [
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
    { title: t('process.version'), dataIndex: 'version', width: 70 },
    { title: t('instance.state'), dataIndex: 'state', width: 100, render: (s: string) => <InstanceStateTag state={s} /> },
    { title: t('instance.case'), dataIndex: 'caseId', width: 110, render: (id?: string | null) => (id ? <Link to={`/cases/${id}`}>{t('instance.openCase')}</Link> : '—') },
    { title: t('instance.startedAt'), dataIndex: 'startedAt', width: 140, render: (v?: string) => formatDateTime(v, locale) },
    { title: t('instance.endedAt'), dataIndex: 'endedAt', width: 140, render: (v?: string | null) => formatDateTime(v, locale) },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select<InstanceState>
        allowClear
        value={state}
        onChange={setState}
        placeholder={t('instance.allStates')}
        aria-label={t('instance.filterState')}
        style={{ minWidth: 160 }}
        options={INSTANCE_STATES.map((s) => ({ value: s, label: instanceStateLabel(t, s) }))}
        data-testid="instance-state-filter"
      />
      {instances.isError ? (
        <LoadError error={instances.error} retry={() => instances.refetch()} />
      ) : (
        <KeyboardScrollable label={t('instance.listTitle')}>
          <Table
            rowKey="id"
            size="small"
            loading={instances.isPending}
            dataSource={instances.data ?? []}
            columns={columns}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 670 }}
            locale={{ emptyText: <Empty description={t('instance.none')} /> }}
            data-testid="instance-list"
          />
        </KeyboardScrollable>
      )}
    </Space>
  );
}
