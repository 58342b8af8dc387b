import { Badge, Card, Empty, Table, Tabs, type TableProps } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { shortId } from '../processes/instance-list.tsx';
import { useTasks, type ProcessTask, type TaskFilter } from './task-api.ts';
import { DueAt } from './task-labels.tsx';

type Tab = 'assigned' | 'candidate';

/** The signed-in user's to-do list: tasks assigned to them, and tasks they may claim. */
export function MyTasksPage() {
  const { t } = useLocale();
  const [search, setSearch] = useSearchParams();
  const tab: Tab = search.get('tab') === 'candidate' ? 'candidate' : 'assigned';
  const assigned = useTasks({ assignee: 'me' }, { refetchInterval: 30_000 });
  const candidate = useTasks({ candidate: 'me' }, { refetchInterval: 30_000 });
  const count = (tasks: ProcessTask[] | undefined) => <Badge count={tasks?.length ?? 0} size="small" showZero={false} color="#1f5fbf" style={{ marginLeft: 6 }} />;
  return (
    <Card title={t('task.myTasks')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'candidate' ? { tab: key } : {}, { replace: true })}
        items={[
          {
            key: 'assigned',
            label: (
              <span data-testid="tab-assigned">
                {t('task.assignedToMe')}
                {count(assigned.data)}
              </span>
            ),
            children: <TaskTable query={assigned} filter={{ assignee: 'me' }} />,
          },
          {
            key: 'candidate',
            label: (
              <span data-testid="tab-candidate">
                {t('task.candidate')}
                {count(candidate.data)}
              </span>
            ),
            children: <TaskTable query={candidate} filter={{ candidate: 'me' }} />,
          },
        ]}
      />
    </Card>
  );
}

function TaskTable({ query, filter }: { query: ReturnType<typeof useTasks>; filter: TaskFilter }) {
  const { t, locale } = useLocale();
  if (query.isError) return <LoadError error={query.error} retry={() => query.refetch()} />;
  const columns: TableProps<ProcessTask>['columns'] = [
    { title: t('task.name'), dataIndex: 'name', width: 200, ellipsis: true, render: (name: string | null | undefined, task) => <Link to={`/tasks/${task.id}`}>{name || task.elementId}</Link> },
    { title: t('task.dueAt'), dataIndex: 'dueAt', width: 170, render: (dueAt?: string | null) => <DueAt dueAt={dueAt} /> },
    { title: t('task.createdAt'), dataIndex: 'createdAt', width: 140, render: (v?: string) => formatDateTime(v, locale) },
    { title: t('instance.case'), dataIndex: 'caseId', width: 100, render: (id?: string | null) => (id ? <Link to={`/cases/${id}`}>{t('instance.openCase')}</Link> : '—') },
    {
      title: t('task.instance'),
      dataIndex: 'processInstanceId',
      width: 110,
      render: (id: string) => (
        <Link to={`/process-instances/${id}`} title={id}>
          <code>{shortId(id)}</code>
        </Link>
      ),
    },
  ];
  // In the server's order: by priority, then due date, then age.
  const rows = query.data ?? [];
  return (
    <KeyboardScrollable label={t('task.myTasks')}>
      <Table
        rowKey="id"
        size="small"
        loading={query.isPending}
        dataSource={rows}
        columns={columns}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 720 }}
        locale={{ emptyText: <Empty description={'assignee' in filter ? t('task.noneAssigned') : t('task.noneCandidate')} /> }}
        data-testid={'assignee' in filter ? 'tasks-assigned' : 'tasks-candidate'}
      />
    </KeyboardScrollable>
  );
}
