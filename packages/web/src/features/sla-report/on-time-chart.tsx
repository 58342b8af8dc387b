import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useLocale } from '../../app/locale.tsx';
import { EChart } from '../../components/echart.tsx';
import type { SlaReportRow } from './sla-report-api.ts';

// Only the parts the chart uses (bars, grid, tooltip, legend, canvas): the whole of ECharts is ~1 MB.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** On-time closure and first-response rates per group, as percentages; a group with nothing to rate has no bar. */
export function OnTimeChart({ rows, labelOf, narrow }: { rows: SlaReportRow[]; labelOf: (row: SlaReportRow) => string; narrow: boolean }) {
  const { t } = useLocale();
  const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
  const option = {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? t('slaReport.none') : `${v}%`) },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    // A phone shows the groups down the side, so long names stay readable.
    [narrow ? 'yAxis' : 'xAxis']: { type: 'category', data: rows.map(labelOf), axisLabel: { interval: 0, width: narrow ? 110 : 120, overflow: 'truncate' } },
    [narrow ? 'xAxis' : 'yAxis']: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: t('slaReport.onTimeClosureRate'), type: 'bar', data: rows.map((r) => percent(r.onTimeClosureRate)), itemStyle: { color: '#1f5fbf' } },
      { name: t('slaReport.firstResponseRate'), type: 'bar', data: rows.map((r) => percent(r.firstResponseRate)), itemStyle: { color: '#3f8f3f' } },
    ],
  };
  const height = narrow ? Math.max(220, rows.length * 56 + 60) : 320;
  return (
    <div role="img" aria-label={t('slaReport.chartLabel')} data-testid="report-chart">
      <EChart option={option} height={height} />
    </div>
  );
}
