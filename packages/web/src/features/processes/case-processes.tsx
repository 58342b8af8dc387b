import { useState } from 'react';
import { Button, Empty, Skeleton, Space, Tabs, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { tasksKey } from '../tasks/task-api.ts';
import { InstanceProcessView } from './instance-process-view.tsx';
import { InstanceStateTag } from './instance-list.tsx';
import { useInstance, useInstances, useProcess, type InstanceSummary } from './process-api.ts';

/**
 * The case's process instances (流程), newest first, each on its diagram with its marking, its
 * steps' history and the caller's tasks. Shown to readers of processes (process:read).
 */
export function CaseProcesses({ caseId }: { caseId: string }) {
  const { t } = useLocale();
  const queryClient = useQueryClient();
  const instances = useInstances({ caseId });
  const [active, setActive] = useState<string | undefined>();
  if (instances.isError) return <LoadError error={instances.error} retry={() => instances.refetch()} />;
  if (instances.isPending) return <Skeleton active />;
  const items = instances.data ?? [];
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('instanceView.noProcess')} data-testid="case-no-process" />;
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['process-instances'] }),
      queryClient.invalidateQueries({ queryKey: ['process-instance'] }),
      queryClient.invalidateQueries({ queryKey: tasksKey }),
    ]);
  return (
    <div data-testid="case-processes">
      <Tabs
        size="small"
        activeKey={active ?? items[0]!.id}
        onChange={setActive}
        tabBarExtraContent={<Button size="small" icon={<ReloadOutlined />} aria-label={t('instance.refresh')} title={t('instance.refresh')} onClick={refresh} />}
        items={items.map((summary) => ({ key: summary.id, label: <InstanceTabLabel summary={summary} />, children: <CaseInstance id={summary.id} /> }))}
      />
    </div>
  );
}

function InstanceTabLabel({ summary }: { summary: InstanceSummary }) {
  const definition = useProcess(summary.processKey, summary.version);
  const name = definition.data?.versions.find((v) => v.version === summary.version)?.name || summary.processKey;
  return (
    <Space size={4}>
      <span>{name}</span>
      <InstanceStateTag state={summary.state} />
    </Space>
  );
}

function CaseInstance({ id }: { id: string }) {
  const { t, locale } = useLocale();
  const instance = useInstance(id);
  if (instance.isError) return <LoadError error={instance.error} retry={() => instance.refetch()} />;
  if (!instance.data) return <Skeleton active />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t('instanceView.startedAt', { at: formatDateTime(instance.data.startedAt, locale) })} · <Link to={`/process-instances/${id}`}>{t('instanceView.openInstance')}</Link>
      </Typography.Text>
      <InstanceProcessView instance={instance.data} />
    </Space>
  );
}
