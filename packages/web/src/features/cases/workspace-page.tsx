import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Typography, type TableProps } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { CASE_PRIORITIES, CASE_STATUSES, dataOf, type Case, type CasePage, type ListCasesQuery } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { formatDateTime, PriorityTag, StatusTag } from '../../components/case-tags.tsx';
import { toProblemDocument } from '../../components/problem-display.ts';
import { caseTypeName, useCaseTypes } from './case-queries.ts';

type Sort = NonNullable<ListCasesQuery['sort']>;

interface FilterValues {
  type?: string[];
  status?: string[];
  priority?: string[];
  queue?: string;
  tag?: string[];
  q?: string;
  created?: [{ toISOString(): string } | null, { toISOString(): string } | null] | null;
}

const PAGE_SIZE = 50;

/** Turns the filter form into the list query: every filter is applied by the server. */
export function toListQuery(values: FilterValues, sort: Sort): ListCasesQuery {
  const list = (v?: string[]) => (v && v.length > 0 ? v.join(',') : undefined);
  const query: ListCasesQuery = {
    type: list(values.type),
    status: list(values.status),
    priority: list(values.priority),
    queue: values.queue?.trim() || undefined,
    tag: list(values.tag),
    q: values.q?.trim() || undefined,
    createdFrom: values.created?.[0]?.toISOString(),
    createdTo: values.created?.[1]?.toISOString(),
    sort,
    limit: PAGE_SIZE,
  };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as ListCasesQuery;
}

const SORTABLE: Record<string, [Sort, Sort]> = { createdAt: ['createdAt', '-createdAt'], updatedAt: ['updatedAt', '-updatedAt'], dueAt: ['dueAt', '-dueAt'] };

export function WorkspacePage() {
  const { t, locale } = useLocale();
  const me = useSession();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<FilterValues>({});
  const [sort, setSort] = useState<Sort>('-createdAt');
  const caseTypes = useCaseTypes();
  const query = useMemo(() => toListQuery(filters, sort), [filters, sort]);

  const cases = useInfiniteQuery({
    queryKey: ['cases', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }): Promise<CasePage> =>
      dataOf(await api.GET('/api/v1/cases', { params: { query: pageParam ? { ...query, cursor: pageParam } : query } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = useMemo(() => cases.data?.pages.flatMap((p) => p.items) ?? [], [cases.data]);

  const sortOrderOf = (column: string) => (sort === SORTABLE[column]![0] ? 'ascend' : sort === SORTABLE[column]![1] ? 'descend' : null);
  const columns: TableProps<Case>['columns'] = [
    { title: t('case.number'), dataIndex: 'number', width: 150, render: (number: string, row) => <Link to={`/cases/${row.id}`}>{number}</Link> },
    { title: t('case.title'), dataIndex: 'title', ellipsis: true },
    { title: t('case.type'), dataIndex: 'type', width: 140, render: (key: string) => caseTypeName(caseTypes.data, key) },
    { title: t('case.status'), dataIndex: 'status', width: 100, render: (status: Case['status']) => <StatusTag status={status} /> },
    { title: t('case.priority'), dataIndex: 'priority', width: 80, render: (priority: Case['priority']) => <PriorityTag priority={priority} /> },
    { title: t('case.queue'), dataIndex: 'queue', width: 120, render: (queue: string | null) => queue ?? '—' },
    { title: t('case.assignee'), dataIndex: 'assigneeId', width: 80, render: (id: string | null) => (id === me.id ? t('case.me') : id ? id.slice(0, 8) : '—') },
    { title: t('case.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 140, sorter: true, sortOrder: sortOrderOf('createdAt'), render: (v: string) => formatDateTime(v, locale) },
    { title: t('case.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', width: 140, sorter: true, sortOrder: sortOrderOf('updatedAt'), render: (v: string) => formatDateTime(v, locale) },
    { title: t('case.dueAt'), dataIndex: 'dueAt', key: 'dueAt', width: 140, sorter: true, sortOrder: sortOrderOf('dueAt'), render: (v: string | null) => formatDateTime(v, locale) },
  ];

  return (
    <Card
      title={t('workspace.title')}
      extra={
        <Link to="/cases/new">
          <Button type="primary" icon={<PlusOutlined />}>
            {t('nav.newCase')}
          </Button>
        </Link>
      }
    >
      <Form form={form} layout="inline" onFinish={setFilters} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="q">
          <Input allowClear placeholder={t('workspace.filter.text')} aria-label={t('workspace.filter.text')} prefix={<SearchOutlined />} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="type">
          <Select mode="multiple" allowClear placeholder={t('case.type')} aria-label={t('case.type')} style={{ minWidth: 140 }} maxTagCount="responsive" options={caseTypes.data?.map((ct) => ({ value: ct.key, label: ct.name }))} />
        </Form.Item>
        <Form.Item name="status">
          <Select mode="multiple" allowClear placeholder={t('case.status')} aria-label={t('case.status')} style={{ minWidth: 120 }} maxTagCount="responsive" options={CASE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        </Form.Item>
        <Form.Item name="priority">
          <Select mode="multiple" allowClear placeholder={t('case.priority')} aria-label={t('case.priority')} style={{ minWidth: 110 }} maxTagCount="responsive" options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
        </Form.Item>
        <Form.Item name="queue">
          <Input allowClear placeholder={t('case.queue')} aria-label={t('case.queue')} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="tag">
          <Select mode="tags" allowClear placeholder={t('case.tags')} aria-label={t('case.tags')} style={{ minWidth: 120 }} open={false} />
        </Form.Item>
        <Form.Item name="created">
          <DatePicker.RangePicker aria-label={t('workspace.filter.created')} placeholder={[t('workspace.filter.created'), t('workspace.filter.created')]} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="apply-filters">
            {t('workspace.filter.apply')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
            }}
          >
            {t('workspace.filter.reset')}
          </Button>
        </Space>
      </Form>
      {cases.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={toProblemDocument(cases.error, t).title} description={toProblemDocument(cases.error, t).detail} action={<Button onClick={() => cases.refetch()}>{t('app.retry')}</Button>} />}
      <Table<Case>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={cases.isPending}
        pagination={false}
        scroll={{ x: 1200 }}
        locale={{ emptyText: t('workspace.empty') }}
        onChange={(_pagination, _filters, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          const column = String(one?.columnKey ?? '');
          if (!one?.order || !SORTABLE[column]) setSort('-createdAt');
          else setSort(SORTABLE[column]![one.order === 'ascend' ? 0 : 1]);
        }}
      />
      <Space style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">{t('workspace.shown', { count: rows.length })}</Typography.Text>
        {cases.hasNextPage ? (
          <Button onClick={() => cases.fetchNextPage()} loading={cases.isFetchingNextPage}>
            {t('workspace.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('workspace.end')}</Typography.Text>
        )}
      </Space>
    </Card>
  );
}
