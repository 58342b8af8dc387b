import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Segmented, Select, Space, Spin, Table, Typography, type TableProps } from 'antd';
import { DashboardOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { useReachableDepartments } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import type { Translate } from '../../i18n/i18n.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { OnTimeChart } from './on-time-chart.tsx';
import { REPORT_GROUPINGS, csvHref, useSlaReport, type ReportGrouping, type SlaReportQuery, type SlaReportRow } from './sla-report-api.ts';

const DATE = 'YYYY-MM-DD';
const DEFAULT_DAYS = 30;

/** The page's state in the URL: dates as days (to inclusive), the grouping and the filters. */
function stateOf(search: URLSearchParams) {
  const to = dayjs(search.get('to') ?? '', DATE, true);
  const from = dayjs(search.get('from') ?? '', DATE, true);
  const toDay = to.isValid() ? to : dayjs().startOf('day');
  const groupBy = search.get('groupBy') as ReportGrouping | null;
  return {
    fromDay: from.isValid() ? from : toDay.subtract(DEFAULT_DAYS - 1, 'day'),
    toDay,
    groupBy: groupBy && REPORT_GROUPINGS.includes(groupBy) ? groupBy : ('caseType' as const),
    caseType: search.get('caseType') ?? undefined,
    departmentId: search.get('departmentId') ?? undefined,
    queue: search.get('queue') ?? undefined,
  };
}
type ReportState = ReturnType<typeof stateOf>;

function searchOf(state: ReportState): URLSearchParams {
  const search = new URLSearchParams({ from: state.fromDay.format(DATE), to: state.toDay.format(DATE), groupBy: state.groupBy });
  if (state.caseType) search.set('caseType', state.caseType);
  if (state.departmentId) search.set('departmentId', state.departmentId);
  if (state.queue) search.set('queue', state.queue);
  return search;
}

/** Business seconds as "3 小时 12 分". */
export function formatBusinessSeconds(seconds: number | null, t: Translate): string {
  if (seconds === null) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return h > 0 ? t('slaReport.duration.hm', { h, m }) : t('slaReport.duration.m', { m });
}

const formatRate = (rate: number | null) => (rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);

/**
 * On-time figures (sla:read) of the cases the reader may read: closure and first-response rates,
 * breaches, average and p90 business time, by case type, department or queue over a period, as a
 * chart and a table, with a CSV export of the same figures.
 */
export function SlaReportPage() {
  const { t } = useLocale();
  const narrow = useNarrow();
  const [search, setSearch] = useSearchParams();
  const state = useMemo(() => stateOf(search), [search]);
  const query: SlaReportQuery = {
    groupBy: state.groupBy,
    // Days in the browser's zone: from the first day's midnight to the midnight after the last.
    from: state.fromDay.startOf('day').format(),
    to: state.toDay.add(1, 'day').startOf('day').format(),
    caseType: state.caseType,
    departmentId: state.departmentId,
    queue: state.queue,
  };
  const report = useSlaReport(query);
  const types = useCaseTypes();
  const departments = useReachableDepartments('case:read');
  const [queue, setQueue] = useState(state.queue ?? '');
  const apply = (next: Partial<ReportState>) => setSearch(searchOf({ ...state, ...next }), { replace: true });
  const labelOf = (row: SlaReportRow) => row.label ?? (state.groupBy === 'department' ? t('slaBoard.noDepartment') : t('slaBoard.noQueue'));

  type TableRow = SlaReportRow & { isTotal: boolean; rowKey: string };
  const columns: TableProps<TableRow>['columns'] = [
    { key: 'group', title: t('slaReport.group'), fixed: 'left', width: 140, render: (_, r) => (r.isTotal ? <strong>{t('slaReport.totals')}</strong> : labelOf(r)) },
    { key: 'closed', title: t('slaReport.closed'), dataIndex: 'closed', align: 'right' },
    { key: 'closedOnTime', title: t('slaReport.closedOnTime'), dataIndex: 'closedOnTime', align: 'right' },
    { key: 'onTimeClosureRate', title: t('slaReport.onTimeClosureRate'), align: 'right', render: (_, r) => formatRate(r.onTimeClosureRate) },
    { key: 'responded', title: t('slaReport.responded'), dataIndex: 'responded', align: 'right' },
    { key: 'respondedOnTime', title: t('slaReport.respondedOnTime'), dataIndex: 'respondedOnTime', align: 'right' },
    { key: 'firstResponseRate', title: t('slaReport.firstResponseRate'), align: 'right', render: (_, r) => formatRate(r.firstResponseRate) },
    { key: 'breaches', title: t('slaReport.breaches'), dataIndex: 'breaches', align: 'right' },
    { key: 'avgResolution', title: t('slaReport.avgResolution'), align: 'right', render: (_, r) => formatBusinessSeconds(r.avgResolutionSeconds, t) },
    { key: 'p90Resolution', title: t('slaReport.p90Resolution'), align: 'right', render: (_, r) => formatBusinessSeconds(r.p90ResolutionSeconds, t) },
    { key: 'avgFirstResponse', title: t('slaReport.avgFirstResponse'), align: 'right', render: (_, r) => formatBusinessSeconds(r.avgFirstResponseSeconds, t) },
    { key: 'p90FirstResponse', title: t('slaReport.p90FirstResponse'), align: 'right', render: (_, r) => formatBusinessSeconds(r.p90FirstResponseSeconds, t) },
  ];
  const data = report.data;
  const tableRows: TableRow[] = data
    ? [...data.rows.map((r) => ({ ...r, isTotal: false, rowKey: `g:${r.key ?? ''}` })), { ...data.totals, key: null, label: null, isTotal: true, rowKey: 'total' }]
    : [];

  return (
    <Card
      title={
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('slaReport.title')}
        </Typography.Title>
      }
      extra={
        <Link to="/sla/board">
          <Button icon={<DashboardOutlined />}>{t('slaReport.toBoard')}</Button>
        </Link>
      }
      data-testid="sla-report"
    >
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} aria-label={t('slaBoard.filters')} onFinish={() => apply({ queue: queue.trim() || undefined })}>
        <Form.Item label={t('slaReport.period')} style={{ marginInlineEnd: 8 }}>
          {/* Two pickers, not RangePicker: its inputs trap Tab (see workspace-page.tsx). */}
          <Space wrap size={4}>
            <DatePicker
              value={state.fromDay}
              allowClear={false}
              onChange={(d: Dayjs | null) => d && apply({ fromDay: d })}
              aria-label={t('slaReport.from')}
              style={{ width: 130 }}
              data-testid="report-from"
            />
            <DatePicker value={state.toDay} allowClear={false} onChange={(d: Dayjs | null) => d && apply({ toDay: d })} aria-label={t('slaReport.to')} style={{ width: 130 }} data-testid="report-to" />
          </Space>
        </Form.Item>
        <Form.Item label={t('slaReport.groupBy')}>
          <Segmented
            value={state.groupBy}
            onChange={(groupBy) => apply({ groupBy: groupBy as ReportGrouping })}
            options={REPORT_GROUPINGS.map((g) => ({ value: g, label: t(`slaReport.groupBy.${g}`) }))}
            data-testid="report-group-by"
          />
        </Form.Item>
        <Form.Item>
          <Select
            allowClear
            value={state.caseType}
            onChange={(caseType?: string) => apply({ caseType })}
            placeholder={t('slaBoard.anyCaseType')}
            aria-label={t('slaBoard.caseType')}
            style={{ width: 150 }}
            options={(types.data ?? []).map((type) => ({ value: type.key, label: type.name }))}
          />
        </Form.Item>
        <Form.Item>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={state.departmentId}
            onChange={(departmentId?: string) => apply({ departmentId })}
            placeholder={t('slaBoard.anyDepartment')}
            aria-label={t('slaBoard.department')}
            style={{ width: 170 }}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item>
          <Input
            allowClear
            value={queue}
            onChange={(e) => setQueue(e.target.value)}
            onBlur={() => apply({ queue: queue.trim() || undefined })}
            placeholder={t('slaBoard.queuePlaceholder')}
            aria-label={t('slaBoard.queue')}
            style={{ width: 130 }}
          />
        </Form.Item>
        <Form.Item>
          <Button icon={<DownloadOutlined />} href={csvHref(query)} download data-testid="report-csv">
            {t('slaReport.exportCsv')}
          </Button>
        </Form.Item>
      </Form>
      {report.error ? (
        <LoadError error={report.error} retry={() => void report.refetch()} />
      ) : !data ? (
        <Spin />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {data.rows.length === 0 ? <Empty description={t('slaReport.empty')} /> : <OnTimeChart rows={data.rows} labelOf={labelOf} narrow={narrow} />}
          <KeyboardScrollable label={t('slaReport.tableLabel')}>
            <Table
              size="small"
              rowKey="rowKey"
              columns={columns}
              dataSource={tableRows}
              pagination={false}
              scroll={{ x: 1300 }}
              data-testid="report-table"
              onRow={(r) => ({ 'data-testid': r.isTotal ? 'report-total' : 'report-row' }) as React.HTMLAttributes<HTMLElement>}
            />
          </KeyboardScrollable>
          <Alert type="info" showIcon title={t('slaReport.businessTimeNote')} />
        </Space>
      )}
    </Card>
  );
}
