import type { ReactNode } from 'react';
import { Card, Empty, Table, type TableProps } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Link } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { EChart, type EChartsCoreOption } from '../../components/echart.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';
import { type AgeBucket, type AnalyticsFilterState, type Dashboard, type DrillTarget, drillHref, formatRate } from './dashboard-queries.ts';

// Only the parts these charts draw with: lines, bars, grid, tooltip, legend, canvas.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const CREATED = '#1f5fbf';
const RESOLVED = '#3f8f3f';
const LATE = '#c0392b';

export function channelLabel(t: Translate, key: string): string {
  if (key === '') return t('dash.noChannel');
  return translateIfKnown(t, `dash.channel.${key}`) ?? key;
}

/** A figure in a table cell that opens the cases behind it. */
export function DrillLink({ href, value, testId }: { href: string; value: ReactNode; testId?: string }) {
  return (
    <Link to={href} data-testid={testId}>
      {value}
    </Link>
  );
}

/**
 * A chart and, below it, the same figures as a table (what a screen reader and a keyboard user
 * read; each count there links to its cases, as a click on the chart does).
 */
function ChartCard<Row extends { key: string }>({
  title,
  label,
  option,
  height,
  onClick,
  columns,
  rows,
  testId,
}: {
  title: string;
  label: string;
  option: EChartsCoreOption;
  height: number;
  onClick?: (params: echarts.ECElementEvent) => void;
  columns: TableProps<Row>['columns'];
  rows: Row[];
  testId: string;
}) {
  const { t } = useLocale();
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>} data-testid={testId} styles={{ body: { minWidth: 0 } }}>
      {rows.length === 0 ? (
        <Empty description={t('dash.empty')} />
      ) : (
        <>
          <EChart option={option} height={height} onClick={onClick} ariaLabel={label} testId={`${testId}-chart`} />
          <KeyboardScrollable label={t('dash.tableOf', { chart: title })}>
            <Table<Row> size="small" rowKey="key" columns={columns} dataSource={rows} pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false} data-testid={`${testId}-table`} />
          </KeyboardScrollable>
        </>
      )}
    </Card>
  );
}

interface ChartProps {
  dashboard: Dashboard;
  filter: AnalyticsFilterState;
  /** Opens the drill page of a figure (a chart click). */
  open: (target: DrillTarget, override?: Partial<AnalyticsFilterState>) => void;
}

export function VolumeChart({ dashboard, filter, open }: ChartProps) {
  const { t } = useLocale();
  const days = dashboard.byDay;
  const option = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('dash.created'), type: 'line', data: days.map((d) => d.created), itemStyle: { color: CREATED }, symbolSize: 6 },
      { name: t('dash.resolved'), type: 'line', data: days.map((d) => d.resolved), itemStyle: { color: RESOLVED }, symbolSize: 6 },
    ],
  };
  const rows = days.filter((d) => d.created + d.resolved > 0).map((d) => ({ key: d.day, ...d }));
  return (
    <ChartCard
      title={t('dash.volume')}
      label={t('dash.volumeLabel')}
      option={option}
      height={260}
      testId="dash-volume"
      onClick={(p) => open({ metric: p.seriesIndex === 0 ? 'created' : 'resolved', day: days[p.dataIndex]!.day })}
      rows={rows}
      columns={[
        { key: 'day', title: t('dash.day'), dataIndex: 'day' },
        { key: 'created', title: t('dash.created'), align: 'right', render: (_, r) => <DrillLink href={drillHref(filter, { metric: 'created', day: r.day })} value={r.created} /> },
        { key: 'resolved', title: t('dash.resolved'), align: 'right', render: (_, r) => <DrillLink href={drillHref(filter, { metric: 'resolved', day: r.day })} value={r.resolved} /> },
      ]}
    />
  );
}

/** Created and resolved per case type or per channel: bars across, or down the side on a phone. */
export function DimensionChart({ dashboard, filter, open, dimension, narrow }: ChartProps & { dimension: 'type' | 'channel'; narrow: boolean }) {
  const { t } = useLocale();
  const items = (dimension === 'type' ? dashboard.byType : dashboard.byChannel).map((i) => ({ ...i, label: 'name' in i ? String(i.name) : channelLabel(t, i.key) }));
  const override = (key: string): Partial<AnalyticsFilterState> => (dimension === 'type' ? { caseType: key } : { channel: key });
  const category = { type: 'category', data: items.map((i) => i.label), axisLabel: { interval: 0, width: 100, overflow: 'truncate' } };
  const option = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    [narrow ? 'yAxis' : 'xAxis']: category,
    [narrow ? 'xAxis' : 'yAxis']: { type: 'value', minInterval: 1 },
    series: [
      { name: t('dash.created'), type: 'bar', data: items.map((i) => i.created), itemStyle: { color: CREATED } },
      { name: t('dash.resolved'), type: 'bar', data: items.map((i) => i.resolved), itemStyle: { color: RESOLVED } },
    ],
  };
  const title = dimension === 'type' ? t('dash.byType') : t('dash.byChannel');
  return (
    <ChartCard
      title={title}
      label={dimension === 'type' ? t('dash.byTypeLabel') : t('dash.byChannelLabel')}
      option={option}
      height={narrow ? Math.max(200, items.length * 48 + 60) : 260}
      testId={`dash-by-${dimension}`}
      onClick={(p) => open({ metric: p.seriesIndex === 0 ? 'created' : 'resolved' }, override(items[p.dataIndex]!.key))}
      rows={items}
      columns={[
        { key: 'label', title: dimension === 'type' ? t('dash.type') : t('dash.channel'), dataIndex: 'label' },
        { key: 'created', title: t('dash.created'), align: 'right', render: (_, r) => <DrillLink href={drillHref(filter, { metric: 'created' }, override(r.key))} value={r.created} /> },
        { key: 'resolved', title: t('dash.resolved'), align: 'right', render: (_, r) => <DrillLink href={drillHref(filter, { metric: 'resolved' }, override(r.key))} value={r.resolved} /> },
      ]}
    />
  );
}

export function BacklogAgeChart({ dashboard, filter, open }: ChartProps) {
  const { t } = useLocale();
  const buckets = dashboard.backlogByAge;
  const ageLabel = (bucket: AgeBucket) => t(`dash.age.${bucket}`);
  const option = {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: buckets.map((b) => ageLabel(b.bucket)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: t('dash.count'), type: 'bar', data: buckets.map((b, i) => ({ value: b.count, itemStyle: { color: i >= 3 ? LATE : CREATED } })) }],
  };
  return (
    <ChartCard
      title={t('dash.backlogAge')}
      label={t('dash.backlogAgeLabel')}
      option={option}
      height={240}
      testId="dash-backlog-age"
      onClick={(p) => open({ metric: 'backlog', ageBucket: buckets[p.dataIndex]!.bucket })}
      rows={buckets.some((b) => b.count > 0) ? buckets.map((b) => ({ key: b.bucket, ...b })) : []}
      columns={[
        { key: 'bucket', title: t('dash.backlogAge'), render: (_, r) => ageLabel(r.bucket) },
        { key: 'count', title: t('dash.count'), align: 'right', render: (_, r) => <DrillLink href={drillHref(filter, { metric: 'backlog', ageBucket: r.bucket })} value={r.count} /> },
      ]}
    />
  );
}

export function OnTimeTrendChart({ dashboard, filter, open }: ChartProps) {
  const { t } = useLocale();
  const days = dashboard.byDay;
  const option = {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('dash.onTimeRate'),
        type: 'line',
        connectNulls: true,
        data: days.map((d) => (d.onTimeRate === null ? null : Math.round(d.onTimeRate * 1000) / 10)),
        itemStyle: { color: RESOLVED },
        symbolSize: 6,
      },
    ],
  };
  const rows = days.filter((d) => d.slaMetOnTime + d.slaBreached > 0).map((d) => ({ key: d.day, ...d }));
  return (
    <ChartCard
      title={t('dash.onTimeTrend')}
      label={t('dash.onTimeTrendLabel')}
      option={option}
      height={240}
      testId="dash-on-time"
      onClick={(p) => open({ metric: 'sla-breached', day: days[p.dataIndex]!.day })}
      rows={rows}
      columns={[
        { key: 'day', title: t('dash.day'), dataIndex: 'day' },
        { key: 'met', title: t('dash.met'), align: 'right', render: (_, r) => <DrillLink href={drillHref(filter, { metric: 'sla-met', day: r.day })} value={r.slaMetOnTime} /> },
        { key: 'breached', title: t('dash.breached'), align: 'right', render: (_, r) => <DrillLink href={drillHref(filter, { metric: 'sla-breached', day: r.day })} value={r.slaBreached} /> },
        { key: 'rate', title: t('dash.onTimeRate'), align: 'right', render: (_, r) => formatRate(r.onTimeRate) },
      ]}
    />
  );
}

export function WorkloadTables({ dashboard, filter }: { dashboard: Dashboard; filter: AnalyticsFilterState }) {
  const { t } = useLocale();
  type Person = Dashboard['workloadByPerson'][number];
  type Team = Dashboard['workloadByTeam'][number];
  return (
    <>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dash.workloadPeople')}</h2>} data-testid="dash-workload-people">
        <KeyboardScrollable label={t('dash.workloadPeople')}>
          <Table<Person>
            size="small"
            rowKey="userId"
            dataSource={dashboard.workloadByPerson}
            pagination={dashboard.workloadByPerson.length > 10 ? { pageSize: 10, size: 'small' } : false}
            locale={{ emptyText: t('dash.empty') }}
            columns={[
              { key: 'name', title: t('dash.person'), render: (_, r) => r.name || t('dash.unknownPerson') },
              { key: 'open', title: t('dash.open'), align: 'right', render: (_, r) => <DrillLink href={drillHref(filter, { metric: 'backlog', assigneeId: r.userId })} value={r.open} /> },
              {
                key: 'resolved',
                title: t('dash.resolvedInPeriod'),
                align: 'right',
                render: (_, r) => <DrillLink href={drillHref(filter, { metric: 'resolved', assigneeId: r.userId })} value={r.resolvedInPeriod} />,
              },
            ]}
          />
        </KeyboardScrollable>
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dash.workloadTeams')}</h2>} data-testid="dash-workload-teams">
        <KeyboardScrollable label={t('dash.workloadTeams')}>
          <Table<Team>
            size="small"
            rowKey={(r) => r.departmentId ?? 'none'}
            dataSource={dashboard.workloadByTeam}
            pagination={dashboard.workloadByTeam.length > 10 ? { pageSize: 10, size: 'small' } : false}
            locale={{ emptyText: t('dash.empty') }}
            columns={[
              { key: 'name', title: t('dash.team'), render: (_, r) => r.name ?? t('dash.noDepartment') },
              {
                key: 'created',
                title: t('dash.created'),
                align: 'right',
                render: (_, r) => (r.departmentId ? <DrillLink href={drillHref(filter, { metric: 'created', teamId: r.departmentId })} value={r.created} /> : r.created),
              },
              {
                key: 'resolved',
                title: t('dash.resolvedInPeriod'),
                align: 'right',
                render: (_, r) => (r.departmentId ? <DrillLink href={drillHref(filter, { metric: 'resolved', teamId: r.departmentId })} value={r.resolvedInPeriod} /> : r.resolvedInPeriod),
              },
              {
                key: 'open',
                title: t('dash.open'),
                align: 'right',
                render: (_, r) => (r.departmentId ? <DrillLink href={drillHref(filter, { metric: 'backlog', teamId: r.departmentId })} value={r.open} /> : r.open),
              },
              { key: 'rate', title: t('dash.onTimeRate'), align: 'right', render: (_, r) => formatRate(r.onTimeRate) },
            ]}
          />
        </KeyboardScrollable>
      </Card>
    </>
  );
}
