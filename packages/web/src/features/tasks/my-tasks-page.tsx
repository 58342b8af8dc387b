import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, DatePicker, Empty, Input, List, Select, Space, Table, Tabs, Tag, Typography, type TableProps } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { dataOf } from '@docket/client';
import { api } from '../../app/api.ts';
import { Link, useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { toProblemDocument } from '../../components/problem-display.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { processesKey } from '../processes/process-api.ts';
import { outcomeLabel } from '../processes/process-labels.ts';
import { countersignText, isExternal, isWebLink } from './approval-actions.ts';
import { type ApprovalTask, type TodoFilters, type TodoView, useTodo } from './approval-api.ts';
import { DueAt } from './task-labels.tsx';
import { TODO_VIEWS, filtersOf, hasFilters, searchOf, viewOf } from './todo-filters.ts';

/**
 * The signed-in user's work across every process and every system: 待办 (assigned to me or
 * mine to claim, and other systems' tasks for me), 已办 (what I completed or acted on) and
 * 我发起的 (open work on what I started). Cards on a phone, a table on a desk.
 */
export function MyTasksPage() {
  const { t } = useLocale();
  const [search, setSearch] = useSearchParams();
  const view = viewOf(search);
  const filters = useMemo(() => filtersOf(search), [search]);
  const todo = useTodo('todo', view === 'todo' ? filters : {});
  const todoCount = todo.data?.pages[0]?.items.length ?? 0;
  const more = !!todo.data?.pages[0]?.nextCursor;
  const go = (nextView: TodoView, nextFilters: TodoFilters) => setSearch(searchOf(nextView, nextFilters), { replace: true });
  return (
    <Card title={t('task.myTasks')} data-testid="todo-page">
      <Tabs
        activeKey={view}
        onChange={(key) => go(key as TodoView, filters)}
        items={TODO_VIEWS.map((key) => ({
          key,
          label: (
            <span data-testid={`tab-${key}`}>
              {t(`todo.view.${key}`)}
              {key === 'todo' && todoCount > 0 && (
                <Badge count={more ? `${todoCount}+` : todoCount} size="small" color="#1f5fbf" style={{ marginLeft: 6 }} aria-label={t('todo.count', { count: more ? `${todoCount}+` : todoCount })} />
              )}
            </span>
          ),
          children: key === view ? <TodoList view={view} filters={filters} onFilters={(next) => go(view, next)} /> : null,
        }))}
      />
    </Card>
  );
}

function TodoFiltersBar({ filters, onChange }: { filters: TodoFilters; onChange: (filters: TodoFilters) => void }) {
  const { t } = useLocale();
  const narrow = useNarrow();
  const canReadProcesses = useCan('process:read');
  // Only a process reader may list processes: nobody else is offered the filter, nor asks for it.
  const processes = useQuery({ queryKey: processesKey, enabled: canReadProcesses, queryFn: async () => dataOf(await api.GET('/api/v1/processes')).items });
  const caseTypes = useCaseTypes();
  const [q, setQ] = useState(filters.q ?? '');
  const width = narrow ? '100%' : 180;
  return (
    <Space wrap style={{ marginBottom: 12, width: '100%' }} data-testid="todo-filters">
      <Input.Search
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(value) => onChange({ ...filters, q: value.trim() || undefined })}
        placeholder={t('todo.filter.q')}
        aria-label={t('todo.filter.q')}
        allowClear
        style={{ width: narrow ? '100%' : 240 }}
        data-testid="todo-search"
      />
      {canReadProcesses && (
        <Select
          allowClear
          value={filters.processKey}
          onChange={(processKey?: string) => onChange({ ...filters, processKey })}
          placeholder={t('todo.filter.process')}
          aria-label={t('todo.filter.process')}
          style={{ width }}
          options={(processes.data ?? []).map((p) => ({ value: p.key, label: p.name ?? p.key }))}
          data-testid="todo-process"
        />
      )}
      <Select
        allowClear
        value={filters.caseType}
        onChange={(caseType?: string) => onChange({ ...filters, caseType })}
        placeholder={t('todo.filter.caseType')}
        aria-label={t('todo.filter.caseType')}
        style={{ width }}
        options={(caseTypes.data ?? []).map((type) => ({ value: type.key, label: type.name }))}
        data-testid="todo-case-type"
      />
      <DatePicker
        value={filters.dueBefore ? dayjs(filters.dueBefore) : null}
        onChange={(date) => onChange({ ...filters, dueBefore: date ? date.endOf('day').toISOString() : undefined })}
        placeholder={t('todo.filter.dueBefore')}
        aria-label={t('todo.filter.dueBefore')}
        style={{ width: narrow ? '100%' : 150 }}
      />
      <Checkbox checked={!!filters.overdue} onChange={(e) => onChange({ ...filters, overdue: e.target.checked || undefined })} data-testid="todo-overdue">
        {t('todo.filter.overdue')}
      </Checkbox>
      {hasFilters(filters) && (
        <Button
          type="link"
          onClick={() => {
            setQ('');
            onChange({});
          }}
        >
          {t('workspace.filter.reset')}
        </Button>
      )}
    </Space>
  );
}

function TodoList({ view, filters, onFilters }: { view: TodoView; filters: TodoFilters; onFilters: (filters: TodoFilters) => void }) {
  const { t } = useLocale();
  const narrow = useNarrow();
  const query = useTodo(view, filters);
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const empty = hasFilters(filters) ? t('todo.empty.filtered') : t(`todo.empty.${view}`);
  return (
    <div data-testid={`todo-list-${view}`}>
      <TodoFiltersBar filters={filters} onChange={onFilters} />
      {query.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={toProblemDocument(query.error, t).title}
          description={toProblemDocument(query.error, t).detail}
          action={<Button onClick={() => query.refetch()}>{t('app.retry')}</Button>}
        />
      )}
      {narrow ? <TodoCards rows={rows} view={view} loading={query.isPending} empty={empty} /> : <TodoTable rows={rows} view={view} loading={query.isPending} empty={empty} />}
      <Space style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">{t('workspace.shown', { count: rows.length })}</Typography.Text>
        {query.hasNextPage && (
          <Button onClick={() => query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t('workspace.loadMore')}
          </Button>
        )}
      </Space>
    </div>
  );
}

/** The task's name: a link to the approval screen, or for another system's task, out to that system. */
function TaskLink({ task }: { task: ApprovalTask }) {
  const { t } = useLocale();
  const name = task.name || task.title || task.elementId;
  if (isExternal(task) && isWebLink(task.link)) {
    return (
      <a href={task.link} target="_blank" rel="noopener noreferrer" data-testid="external-task-link" aria-label={t('todo.openExternalNamed', { name, system: task.system ?? '—' })}>
        {name} <ExportOutlined aria-hidden />
      </a>
    );
  }
  if (isExternal(task)) return <span>{name}</span>;
  return (
    <Link to={`/tasks/${task.id}`} data-testid="task-link">
      {name}
    </Link>
  );
}

function CaseCell({ task }: { task: ApprovalTask }) {
  const { t } = useLocale();
  if (!task.caseId) return <>—</>;
  if (task.caseTitle === null && !task.caseNumber) return <Typography.Text type="secondary">{t('approval.caseHidden')}</Typography.Text>;
  return (
    <span>
      <Link to={`/cases/${task.caseId}`}>{task.caseNumber ?? t('instance.openCase')}</Link>
      {task.caseTitle && <Typography.Text type="secondary">{` ${task.caseTitle}`}</Typography.Text>}
    </span>
  );
}

/** Small tags: another system's task, a delegated one, a signer's, countersign progress. */
function TaskTags({ task }: { task: ApprovalTask }) {
  const { t } = useLocale();
  const me = useSession();
  const progress = countersignText(t, task.countersign);
  const tags: React.ReactNode[] = [];
  if (isExternal(task))
    tags.push(
      <Tag key="ext" color="cyan">
        {t('todo.externalFrom', { system: task.system ?? '—' })}
      </Tag>,
    );
  if (task.owner && task.owner !== task.assignee) {
    const who = task.owner === me.id ? t('case.me') : (task.ownerName ?? t('approval.someone'));
    tags.push(
      <Tag key="owner" color="gold" data-testid="task-from">
        {t('todo.delegatedFrom', { name: who })}
      </Tag>,
    );
  }
  if (task.kind === 'signer')
    tags.push(
      <Tag key="signer" color="purple">
        {t(`approval.signerTask.${task.signerPosition ?? 'before'}` as 'approval.signerTask.before')}
      </Tag>,
    );
  if (progress)
    tags.push(
      <Tag key="cs" color="blue" data-testid="task-countersign">
        {progress}
      </Tag>,
    );
  if (!task.assignee && task.state === 'open') tags.push(<Tag key="claim">{t('todo.claimable')}</Tag>);
  return tags.length ? (
    <Space size={[4, 4]} wrap>
      {tags}
    </Space>
  ) : null;
}

const processOf = (task: ApprovalTask) => (isExternal(task) ? (task.system ?? '—') : (task.processName ?? task.processKey));

function TodoTable({ rows, view, loading, empty }: { rows: ApprovalTask[]; view: TodoView; loading: boolean; empty: string }) {
  const { t, locale } = useLocale();
  const columns: TableProps<ApprovalTask>['columns'] = [
    {
      title: t('task.name'),
      key: 'name',
      width: 240,
      render: (_v, task) => (
        <Space orientation="vertical" size={2}>
          <TaskLink task={task} />
          <TaskTags task={task} />
        </Space>
      ),
    },
    { title: t('todo.case'), key: 'case', width: 240, ellipsis: true, render: (_v, task) => <CaseCell task={task} /> },
    { title: t('todo.process'), key: 'process', width: 160, ellipsis: true, render: (_v, task) => processOf(task) },
    view === 'done'
      ? {
          title: t('todo.completedAt'),
          key: 'completedAt',
          width: 170,
          render: (_v, task) => (
            <span>
              {formatDateTime(task.completedAt, locale)} {task.outcome && <Tag>{outcomeLabel(t, task.outcome)}</Tag>}
            </span>
          ),
        }
      : { title: t('task.dueAt'), key: 'dueAt', width: 170, render: (_v, task) => <DueAt dueAt={task.dueAt} open={task.state === 'open'} /> },
    { title: t('task.createdAt'), dataIndex: 'createdAt', width: 140, render: (v?: string) => formatDateTime(v, locale) },
  ];
  return (
    <KeyboardScrollable label={t('task.myTasks')}>
      <Table<ApprovalTask>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 950 }}
        locale={{ emptyText: <Empty description={empty} /> }}
        data-testid={`tasks-${view}`}
      />
    </KeyboardScrollable>
  );
}

function TodoCards({ rows, view, loading, empty }: { rows: ApprovalTask[]; view: TodoView; loading: boolean; empty: string }) {
  const { t, locale } = useLocale();
  return (
    <List<ApprovalTask>
      loading={loading}
      dataSource={rows}
      locale={{ emptyText: <Empty description={empty} /> }}
      data-testid={`tasks-${view}`}
      renderItem={(task) => (
        <List.Item key={task.id} style={{ padding: 0, border: 'none', marginBottom: 8 }}>
          <Card size="small" style={{ width: '100%' }} data-testid="todo-card">
            <Typography.Text strong style={{ fontSize: 15 }}>
              <TaskLink task={task} />
            </Typography.Text>
            <div style={{ marginTop: 4 }}>
              <TaskTags task={task} />
            </div>
            {task.caseId && (
              <Typography.Paragraph style={{ margin: '6px 0 0' }} ellipsis={{ rows: 2 }}>
                <CaseCell task={task} />
              </Typography.Paragraph>
            )}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {processOf(task)}
            </Typography.Text>
            <div style={{ fontSize: 13, marginTop: 2 }}>
              {view === 'done' ? (
                <span>
                  {t('todo.completedAt')}：{formatDateTime(task.completedAt, locale)} {task.outcome && <Tag>{outcomeLabel(t, task.outcome)}</Tag>}
                </span>
              ) : (
                <span>
                  {t('task.dueAt')}：<DueAt dueAt={task.dueAt} open={task.state === 'open'} />
                </span>
              )}
            </div>
          </Card>
        </List.Item>
      )}
    />
  );
}
