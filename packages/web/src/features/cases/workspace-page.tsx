import { useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Card, DatePicker, Empty, Form, Input, Modal, Select, Space, Table, Tag, TreeSelect, Typography, type TableProps } from 'antd';
import { DeleteOutlined, FilterOutlined, PlusOutlined, SaveOutlined, SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueries, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { CASE_PRIORITIES, STATUS_CATEGORIES, dataOf, type Case, type CasePage, type CaseStatus, type ListCasesQuery, type UpdateCaseBody } from '@docket/client';
import { api } from '../../app/api.ts';
import { capabilitiesOf, useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { formatDateTime, PriorityTag, StatusTag } from '../../components/case-tags.tsx';
import { toProblemDocument } from '../../components/problem-display.ts';
import { departmentTreeData } from '../admin/admin-queries.ts';
import { useReachableDepartments } from '../../app/access.tsx';
import { AssigneePicker } from './assignee-picker.tsx';
import { allowedOf, caseTypeName, useCaseTypes } from './case-queries.ts';
import { CaseCardList } from './case-card-list.tsx';
import { useSavedFilters, type StoredFilterValues } from './saved-filters.ts';
import { bulkStatusOptions, statusOptions, useStatusLabel } from './case-status.ts';
import { CaseDue } from '../sla/case-due.tsx';
import { useServerOffset } from '../sla/sla-countdown.tsx';
import { TakeNextButton } from '../routing/take-next-button.tsx';

type Sort = NonNullable<ListCasesQuery['sort']>;
type Range = [Dayjs | null, Dayjs | null] | null;

/** The filter form's values: a stored filter's, with dayjs dates instead of ISO strings. */
type FilterValues = Omit<StoredFilterValues, 'created' | 'due'> & { created?: Range; due?: Range };

const PAGE_SIZE = 50;
/** A saved filter's count reads one page of this size: more shows as "50+". */
export const COUNT_LIMIT = 50;

/** Turns the filter form into the list query: every filter is applied by the server. */
export function toListQuery(values: FilterValues | StoredFilterValues, sort: Sort, me: { id: string }, limit = PAGE_SIZE): ListCasesQuery {
  const list = (v?: string[]) => (v && v.length > 0 ? v.join(',') : undefined);
  const iso = (d: Dayjs | string | null | undefined, edge: 'start' | 'end') => (d ? (edge === 'start' ? dayjs(d).startOf('day') : dayjs(d).endOf('day')).toISOString() : undefined);
  const query: ListCasesQuery = {
    type: list(values.type),
    status: list(values.status),
    statusCategory: list(values.statusCategory),
    priority: list(values.priority),
    queue: values.queue?.trim() || undefined,
    tag: list(values.tag),
    q: values.q?.trim() || undefined,
    departmentId: values.departmentId || undefined,
    assigneeId: values.assignee === 'me' ? me.id : undefined,
    createdFrom: iso(values.created?.[0], 'start'),
    createdTo: iso(values.created?.[1], 'end'),
    dueFrom: iso(values.due?.[0], 'start'),
    dueTo: iso(values.due?.[1], 'end'),
    sort,
    limit,
  };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as ListCasesQuery;
}

const toStored = (values: FilterValues): StoredFilterValues => ({
  ...values,
  created: values.created ? [values.created[0]?.toISOString() ?? null, values.created[1]?.toISOString() ?? null] : undefined,
  due: values.due ? [values.due[0]?.toISOString() ?? null, values.due[1]?.toISOString() ?? null] : undefined,
});
const fromStored = (values: StoredFilterValues): FilterValues => ({
  ...values,
  created: values.created ? [values.created[0] ? dayjs(values.created[0]) : null, values.created[1] ? dayjs(values.created[1]) : null] : undefined,
  due: values.due ? [values.due[0] ? dayjs(values.due[0]) : null, values.due[1] ? dayjs(values.due[1]) : null] : undefined,
});

const SORTABLE: Record<string, [Sort, Sort]> = { createdAt: ['createdAt', '-createdAt'], updatedAt: ['updatedAt', '-updatedAt'], dueAt: ['dueAt', '-dueAt'] };

interface BulkOutcome {
  changed: number;
  failures: { number: string; title: string; detail?: string }[];
}

export function WorkspacePage() {
  const { t, locale } = useLocale();
  const me = useSession();
  const can = capabilitiesOf(me);
  const narrow = useNarrow();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<FilterValues>({});
  const [sort, setSort] = useState<Sort>('-createdAt');
  const [selected, setSelected] = useState<Case[]>([]);
  const [bulk, setBulk] = useState<'assign' | 'status' | null>(null);
  const [bulkForm] = Form.useForm<{ assignee?: string; status?: CaseStatus; reason?: string }>();
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const [assigneeNames, setAssigneeNames] = useState<Record<string, string>>({});
  const [running, setRunning] = useState(false);
  const [naming, setNaming] = useState(false);
  const [filterName, setFilterName] = useState('');
  const caseTypes = useCaseTypes();
  // The department filter offers the departments whose cases this user's roles reach.
  const departments = useReachableDepartments('case:read');
  const saved = useSavedFilters(me.id);
  const query = useMemo(() => toListQuery(filters, sort, me), [filters, sort, me]);
  const labelOf = useStatusLabel();

  const cases = useInfiniteQuery({
    queryKey: ['cases', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }): Promise<CasePage> => dataOf(await api.GET('/api/v1/cases', { params: { query: pageParam ? { ...query, cursor: pageParam } : query } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = useMemo(() => cases.data?.pages.flatMap((p) => p.items) ?? [], [cases.data]);
  // Countdowns run on the server's clock (the test clock's in tests): the offset of the latest page.
  const slaOffsetMs = useServerOffset(cases.data?.pages.at(-1)?.now, cases.dataUpdatedAt);

  const counts = useQueries({
    queries: saved.filters.map((f) => {
      const q = toListQuery(f.values, '-createdAt', me, COUNT_LIMIT);
      return {
        queryKey: ['cases', 'count', q],
        staleTime: 30_000,
        queryFn: async () => {
          const page = dataOf(await api.GET('/api/v1/cases', { params: { query: q } }));
          return page.nextCursor ? `${COUNT_LIMIT}+` : String(page.items.length);
        },
      };
    }),
  });

  const userLabel = (id: string | null, name?: string | null) => {
    if (!id) return '—';
    if (id === me.id) return t('case.me');
    return name ?? t('person.unknown');
  };
  // Bulk actions are offered only when every selected case allows them (the case view says so).
  const bulkAssign = can.assign && selected.length > 0 && selected.every((c) => allowedOf(c).assign);
  const bulkStatus = selected.length > 0 && selected.every((c) => allowedOf(c).update);

  const sortOrderOf = (column: string) => (sort === SORTABLE[column]![0] ? 'ascend' : sort === SORTABLE[column]![1] ? 'descend' : null);
  const columns: TableProps<Case>['columns'] = [
    { title: t('case.number'), dataIndex: 'number', width: 150, fixed: 'left', render: (number: string, row) => <Link to={`/cases/${row.id}`}>{number}</Link> },
    { title: t('case.title'), dataIndex: 'title', ellipsis: true, width: 240 },
    { title: t('case.type'), dataIndex: 'type', width: 120, ellipsis: true, render: (key: string) => caseTypeName(caseTypes.data, key) },
    { title: t('case.status'), dataIndex: 'status', width: 90, render: (_status: Case['status'], row) => <StatusTag label={labelOf(row)} category={row.statusCategory} /> },
    { title: t('case.priority'), dataIndex: 'priority', width: 70, render: (priority: Case['priority']) => <PriorityTag priority={priority} /> },
    { title: t('case.queue'), dataIndex: 'queue', width: 110, ellipsis: true, render: (queue: string | null) => queue ?? '—' },
    { title: t('case.department'), dataIndex: 'departmentId', width: 100, ellipsis: true, render: (id: string | null, row) => (id ? (row.departmentName ?? '—') : '—') },
    { title: t('case.assignee'), dataIndex: 'assigneeId', width: 90, ellipsis: true, render: (id: string | null, row) => <span data-testid="row-assignee">{userLabel(id, row.assigneeName)}</span> },
    { title: t('case.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 130, sorter: true, sortOrder: sortOrderOf('createdAt'), render: (v: string) => formatDateTime(v, locale) },
    { title: t('case.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', width: 130, sorter: true, sortOrder: sortOrderOf('updatedAt'), render: (v: string) => formatDateTime(v, locale) },
    {
      title: t('case.dueAt'),
      dataIndex: 'dueAt',
      key: 'dueAt',
      width: 150,
      // Last of eleven columns: without this the countdown sits past the right edge of a 1366 px screen.
      fixed: 'right',
      sorter: true,
      sortOrder: sortOrderOf('dueAt'),
      render: (_v: string | null, row) => <CaseDue c={row} offsetMs={slaOffsetMs} />,
    },
  ];

  const apply = (values: FilterValues) => {
    setSelected([]);
    setFilters(values);
  };

  /** PATCHes each selected case with its own If-Match version, a few at a time; failures are kept per case. */
  const runBulk = async (body: UpdateCaseBody) => {
    setRunning(true);
    const targets = [...selected];
    const failures: BulkOutcome['failures'] = [];
    let changed = 0;
    let next = 0;
    const worker = async () => {
      while (next < targets.length) {
        const c = targets[next++]!;
        try {
          await api.PATCH('/api/v1/cases/{id}', { params: { path: { id: c.id }, header: { 'if-match': `"${c.version}"` } }, body });
          changed++;
        } catch (error) {
          const problem = toProblemDocument(error, t);
          failures.push({ number: c.number, title: problem.title, detail: problem.detail });
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    setRunning(false);
    setBulk(null);
    bulkForm.resetFields();
    setSelected([]);
    setOutcome({ changed, failures });
    await queryClient.invalidateQueries({ queryKey: ['cases'] });
  };

  const confirmBulk = (values: { assignee?: string; status?: CaseStatus; reason?: string }) => {
    const n = selected.length;
    const body: UpdateCaseBody =
      bulk === 'assign'
        ? { assigneeId: values.assignee === 'none' ? null : values.assignee === 'me' ? me.id : values.assignee! }
        : { status: values.status!, ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}) };
    const statusName = bulkStatusOptions(caseTypes.data, selected, locale, t).find((o) => o.value === values.status)?.label ?? values.status ?? '';
    const what =
      bulk === 'assign'
        ? t('bulk.assignTo', { who: values.assignee === 'none' ? t('bulk.nobody') : values.assignee === 'me' ? userLabel(me.id) : (assigneeNames[values.assignee!] ?? t('person.unknown')) })
        : t('bulk.statusTo', { status: statusName });
    modal.confirm({
      title: t('bulk.confirmTitle', { count: n }),
      content: t('bulk.confirmDetail', { count: n, what }),
      okText: t('bulk.confirmOk', { count: n }),
      cancelText: t('caseView.cancel'),
      onOk: () => runBulk(body),
    });
  };

  const departmentFilter = (
    <TreeSelect
      allowClear
      treeDefaultExpandAll
      placeholder={t('case.department')}
      aria-label={t('case.department')}
      style={{ width: 150 }}
      treeData={departmentTreeData(departments.data ?? [])}
      loading={departments.isPending}
      data-testid="department-filter"
    />
  );

  return (
    <Card
      title={t('workspace.title')}
      extra={
        can.create && (
          <Link to="/cases/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('nav.newCase')}
            </Button>
          </Link>
        )
      }
    >
      <TakeNextButton />
      <Space wrap size={[6, 6]} style={{ marginBottom: 8 }} aria-label={t('workspace.saved')} role="group">
        <Typography.Text type="secondary">
          <FilterOutlined /> {t('workspace.saved')}
        </Typography.Text>
        {saved.filters.length === 0 && <Typography.Text type="secondary">{t('workspace.saved.none')}</Typography.Text>}
        {saved.filters.map((f, i) => (
          <Space.Compact key={f.id} size="small">
            <Button
              size="small"
              onClick={() => {
                const values = fromStored(f.values);
                form.resetFields();
                form.setFieldsValue(values);
                apply(values);
              }}
              data-testid="saved-filter"
            >
              {f.name}
              <Badge
                count={counts[i]?.data ?? (counts[i]?.isError ? '!' : '…')}
                color={counts[i]?.isError ? 'red' : '#1f5fbf'}
                overflowCount={999}
                size="small"
                style={{ marginInlineStart: 4 }}
                data-testid="saved-filter-count"
              />
            </Button>
            <Button size="small" icon={<DeleteOutlined />} aria-label={t('workspace.saved.delete', { name: f.name })} onClick={() => saved.remove(f.id)} />
          </Space.Compact>
        ))}
        <Button size="small" type="dashed" icon={<SaveOutlined />} onClick={() => setNaming(true)} data-testid="save-filter">
          {t('workspace.saved.save')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('workspace.saved.local')}
        </Typography.Text>
      </Space>
      <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="q">
          <Input allowClear placeholder={t('workspace.filter.text')} aria-label={t('workspace.filter.text')} prefix={<SearchOutlined />} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="type">
          <Select
            mode="multiple"
            allowClear
            placeholder={t('case.type')}
            aria-label={t('case.type')}
            style={{ minWidth: 130 }}
            maxTagCount="responsive"
            options={caseTypes.data?.map((ct) => ({ value: ct.key, label: ct.name }))}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            mode="multiple"
            allowClear
            placeholder={t('case.status')}
            aria-label={t('case.status')}
            style={{ minWidth: 110 }}
            maxTagCount="responsive"
            options={statusOptions(caseTypes.data, locale, t)}
          />
        </Form.Item>
        <Form.Item name="statusCategory">
          <Select
            mode="multiple"
            allowClear
            placeholder={t('case.statusCategory')}
            aria-label={t('case.statusCategory')}
            style={{ minWidth: 110 }}
            maxTagCount="responsive"
            options={STATUS_CATEGORIES.map((c) => ({ value: c, label: t(`statusCategory.${c}`) }))}
            data-testid="status-category-filter"
          />
        </Form.Item>
        <Form.Item name="priority">
          <Select
            mode="multiple"
            allowClear
            placeholder={t('case.priority')}
            aria-label={t('case.priority')}
            style={{ minWidth: 100 }}
            maxTagCount="responsive"
            options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
          />
        </Form.Item>
        <Form.Item name="assignee">
          <Select allowClear placeholder={t('case.assignee')} aria-label={t('case.assignee')} style={{ width: 110 }} options={[{ value: 'me', label: t('workspace.assignedToMe') }]} />
        </Form.Item>
        <Form.Item name="departmentId">{departmentFilter}</Form.Item>
        <Form.Item name="queue">
          <Input allowClear placeholder={t('case.queue')} aria-label={t('case.queue')} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="tag">
          <Select mode="tags" allowClear placeholder={t('case.tags')} aria-label={t('case.tags')} style={{ minWidth: 100 }} open={false} />
        </Form.Item>
        {/* Two date pickers per range, not RangePicker: its inputs kept Tab from ever leaving
            them (a keyboard trap, @rc-component/picker 1.12), and both had the same label. The
            form value stays a [from, to] pair. */}
        <Form.Item name={['created', 0]}>
          <DatePicker aria-label={t('workspace.filter.created')} placeholder={t('workspace.filter.created')} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name={['created', 1]}>
          <DatePicker aria-label={t('workspace.filter.createdTo')} placeholder={t('workspace.filter.createdTo')} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name={['due', 0]}>
          <DatePicker aria-label={t('workspace.filter.due')} placeholder={t('workspace.filter.due')} style={{ width: 120 }} data-testid="due-range" />
        </Form.Item>
        <Form.Item name={['due', 1]}>
          <DatePicker aria-label={t('workspace.filter.dueTo')} placeholder={t('workspace.filter.dueTo')} style={{ width: 120 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="apply-filters">
            {t('workspace.filter.apply')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              apply({});
            }}
          >
            {t('workspace.filter.reset')}
          </Button>
        </Space>
      </Form>
      {selected.length > 0 && (
        <Alert
          type="info"
          style={{ marginBottom: 8 }}
          title={
            <Space wrap>
              <span data-testid="selected-count">{t('bulk.selected', { count: selected.length })}</span>
              {bulkAssign && (
                <Button size="small" onClick={() => setBulk('assign')} data-testid="bulk-assign">
                  {t('bulk.assign')}
                </Button>
              )}
              {bulkStatus && (
                <Button size="small" onClick={() => setBulk('status')} data-testid="bulk-status">
                  {t('bulk.status')}
                </Button>
              )}
              <Button size="small" type="link" onClick={() => setSelected([])}>
                {t('bulk.clear')}
              </Button>
            </Space>
          }
        />
      )}
      {cases.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={toProblemDocument(cases.error, t).title}
          description={toProblemDocument(cases.error, t).detail}
          action={<Button onClick={() => cases.refetch()}>{t('app.retry')}</Button>}
        />
      )}
      {narrow ? (
        <CaseCardList
          rows={rows}
          loading={cases.isPending || running}
          typeName={(key) => caseTypeName(caseTypes.data, key)}
          assigneeName={userLabel}
          slaOffsetMs={slaOffsetMs}
          selection={{ selectedIds: selected.map((c) => c.id), onChange: setSelected }}
          empty={cases.isError ? t('app.error') : t('workspace.empty')}
        />
      ) : (
        <Table<Case>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={cases.isPending || running}
          pagination={false}
          scroll={{ x: 1400 }}
          sticky
          rowSelection={{
            selectedRowKeys: selected.map((c) => c.id),
            onChange: (_keys, chosen) => setSelected(chosen),
            columnWidth: 36,
            fixed: true,
          }}
          locale={{ emptyText: cases.isError ? t('app.error') : <Empty description={t('workspace.empty')} /> }}
          onChange={(_pagination, _filters, sorter) => {
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            const column = String(one?.columnKey ?? '');
            if (!one?.order || !SORTABLE[column]) setSort('-createdAt');
            else setSort(SORTABLE[column]![one.order === 'ascend' ? 0 : 1]);
          }}
        />
      )}
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

      <Modal
        open={naming}
        title={t('workspace.saved.save')}
        onCancel={() => setNaming(false)}
        okButtonProps={{ disabled: !filterName.trim() }}
        okText={t('caseView.save')}
        cancelText={t('caseView.cancel')}
        onOk={() => {
          saved.save(filterName.trim(), toStored(form.getFieldsValue()));
          setNaming(false);
          setFilterName('');
          void message.success(t('workspace.saved.done'));
        }}
      >
        <Typography.Paragraph type="secondary">{t('workspace.saved.local')}</Typography.Paragraph>
        <Input
          autoFocus
          aria-label={t('workspace.saved.name')}
          placeholder={t('workspace.saved.name')}
          value={filterName}
          onChange={(e) => setFilterName(e.target.value)}
          maxLength={40}
          data-testid="filter-name"
        />
      </Modal>

      <Modal
        open={bulk !== null}
        title={bulk === 'assign' ? t('bulk.assign') : t('bulk.status')}
        onCancel={() => setBulk(null)}
        onOk={() => bulkForm.submit()}
        okText={t('bulk.next')}
        cancelText={t('caseView.cancel')}
        forceRender
      >
        <Typography.Paragraph>{t('bulk.selected', { count: selected.length })}</Typography.Paragraph>
        <Form form={bulkForm} name="bulk" layout="vertical" onFinish={confirmBulk}>
          {bulk === 'assign' ? (
            <Form.Item name="assignee" label={t('case.assignee')} rules={[{ required: true, message: t('signIn.required') }]}>
              {/* People who may work the first selected case; the server judges each case again. */}
              <AssigneePicker
                caseId={selected[0]?.id ?? ''}
                onChange={(id, label) => setAssigneeNames((names) => ({ ...names, [id]: label ?? '' }))}
                extraOptions={[
                  { value: 'me', label: `${me.displayName} (${t('case.me')})` },
                  { value: 'none', label: t('bulk.nobody') },
                ]}
              />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="status" label={t('caseView.newStatus')} rules={[{ required: true, message: t('signIn.required') }]}>
                <Select options={bulkStatusOptions(caseTypes.data, selected, locale, t)} data-testid="bulk-status-select" />
              </Form.Item>
              <Form.Item name="reason" label={t('caseView.reason')} extra={t('caseView.reasonRequired')}>
                <Input maxLength={2000} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>

      <Modal
        open={outcome !== null}
        title={t('bulk.done')}
        onOk={() => setOutcome(null)}
        onCancel={() => setOutcome(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        okText={t('tokens.done')}
      >
        {outcome && (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="bulk-outcome">
            <Typography.Text>{t('bulk.changed', { count: outcome.changed })}</Typography.Text>
            {outcome.failures.length > 0 && (
              <>
                <Typography.Text type="danger">{t('bulk.failed', { count: outcome.failures.length })}</Typography.Text>
                <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 240, overflow: 'auto' }}>
                  {outcome.failures.map((f) => (
                    <li key={f.number}>
                      <Tag>{f.number}</Tag> {f.title}
                      {f.detail ? ` — ${f.detail}` : ''}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Space>
        )}
      </Modal>
    </Card>
  );
}
