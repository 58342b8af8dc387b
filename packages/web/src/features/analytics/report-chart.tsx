import { Table, Typography } from 'antd';
import { BarChart, FunnelChart, LineChart, PieChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useLocale } from '../../app/locale.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { EChart, type EChartsCoreOption } from '../../components/echart.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import type { ReportChart as ChartType, ReportResult } from './report-api.ts';
import { dimensionLabel, formatMeasure, measureLabel, useLabelledRows } from './report-labels.ts';

// Only the parts the designer draws with: the whole of ECharts is ~1 MB.
echarts.use([BarChart, LineChart, PieChart, FunnelChart, SankeyChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Row = ReturnType<typeof useLabelledRows>[number];

/** Percent values for rates, so the axis and tooltip read as the table does. */
const plotted = (value: number | null, unit: string | undefined) => (value === null ? null : unit === 'rate' ? Math.round(value * 1000) / 10 : value);

function optionOf(chart: ChartType, result: ReportResult, rows: Row[], measureNames: string[], narrow: boolean): EChartsCoreOption | undefined {
  const measures = result.columns.filter((c) => c.role === 'measure');
  const dims = result.columns.filter((c) => c.role === 'dimension');
  if (chart === 'table' || dims.length === 0 || rows.length === 0) return undefined;
  if (chart === 'pie' || chart === 'funnel') {
    const data = rows.map((r) => ({ name: r.names[0], value: plotted(r.values[0] ?? null, measures[0]?.unit) }));
    return {
      animation: false,
      tooltip: { trigger: 'item' },
      legend: { type: 'scroll', bottom: 0 },
      series: [{ type: chart, name: measureNames[0], radius: chart === 'pie' ? ['30%', '65%'] : undefined, data, top: 16, bottom: 40 }],
    };
  }
  if (chart === 'sankey') {
    // Two dimensions: from (left) → to (right). A name on both sides is suffixed so the graph stays acyclic.
    const nodes = new Set<string>();
    const links = rows.map((r) => {
      const source = r.names[0]!;
      const target = `${r.names[1]!} `;
      nodes.add(source);
      nodes.add(target);
      return { source, target, value: r.values[0] ?? 0 };
    });
    return { animation: false, tooltip: { trigger: 'item' }, series: [{ type: 'sankey', data: [...nodes].map((name) => ({ name })), links, emphasis: { focus: 'adjacency' }, left: 8, right: 80 }] };
  }
  // bar, line and map (provinces as bars, biggest first: the map of China needs province shapes the console does not ship yet).
  const categories = [...new Set(rows.map((r) => r.names[0]!))];
  const horizontal = chart === 'map' || (chart === 'bar' && narrow);
  const series =
    dims.length === 2
      ? [...new Set(rows.map((r) => r.names[1]!))].map((second) => ({
          type: chart === 'line' ? 'line' : 'bar',
          name: second,
          stack: chart === 'bar' ? 'total' : undefined,
          data: categories.map((c) => plotted(rows.find((r) => r.names[0] === c && r.names[1] === second)?.values[0] ?? null, measures[0]?.unit)),
        }))
      : measures.map((m, i) => ({ type: chart === 'line' ? 'line' : 'bar', name: measureNames[i], data: rows.map((r) => plotted(r.values[i] ?? null, m.unit)) }));
  const categoryAxis = { type: 'category', data: categories, axisLabel: { interval: 0, width: 110, overflow: 'truncate' }, inverse: horizontal };
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    [horizontal ? 'yAxis' : 'xAxis']: categoryAxis,
    [horizontal ? 'xAxis' : 'yAxis']: { type: 'value' },
    series,
  };
}

/** A report's result as its chart, with the figures as a table beside it (what a screen reader and a keyboard use). */
export function ReportView({ result, chart, title, compact = false }: { result: ReportResult; chart: ChartType; title: string; compact?: boolean }) {
  const { t } = useLocale();
  const narrow = useNarrow();
  const rows = useLabelledRows(result);
  const dims = result.columns.filter((c) => c.role === 'dimension');
  const measures = result.columns.filter((c) => c.role === 'measure');
  const measureNames = measures.map((m) => measureLabel(t, m.key));
  const option = optionOf(chart, result, rows, measureNames, narrow);
  const height = compact ? 240 : narrow && chart === 'bar' ? Math.max(240, rows.length * 32 + 60) : 340;
  const columns = [
    ...dims.map((d, i) => ({ key: d.key, title: dimensionLabel(t, d.key), render: (_: unknown, r: Row) => r.names[i] })),
    ...measures.map((m, i) => ({ key: m.key, title: measureNames[i], align: 'right' as const, render: (_: unknown, r: Row) => formatMeasure(r.values[i] ?? null, m.unit) })),
  ];
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, minWidth: 0 }}>
      {option && <EChart option={option} height={height} ariaLabel={title} testId="report-chart" />}
      <KeyboardScrollable label={t('analyticsReports.designer.tableCaption')}>
        <Table
          size="small"
          rowKey="key"
          pagination={compact ? { pageSize: 5, size: 'small' } : { pageSize: 20, hideOnSinglePage: true }}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          data-testid="report-table"
          summary={() =>
            dims.length > 0 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={dims.length}>
                  {t('analyticsReports.designer.total')}
                </Table.Summary.Cell>
                {measures.map((m, i) => (
                  <Table.Summary.Cell key={m.key} index={dims.length + i} align="right">
                    {formatMeasure(result.total[i] ?? null, m.unit)}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
        />
      </KeyboardScrollable>
      {result.truncated && <Typography.Text type="secondary">{t('analyticsReports.designer.truncated', { limit: result.rows.length })}</Typography.Text>}
    </div>
  );
}
