import { useEffect, useRef } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useLocale } from '../../app/locale.tsx';
import type { SlaReportRow } from './sla-report-api.ts';

// Only the parts the chart uses (bars, grid, tooltip, legend, canvas): the whole of ECharts is ~1 MB.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * ECharts on a div, sized with it. Not echarts-for-react: its built files import tslib, which it
 * does not declare (only echarts' own copy is installed), so the console build cannot resolve it.
 */
function EChart({ option, height }: { option: echarts.EChartsCoreOption; height: number }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const instance = echarts.init(element.current!);
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element.current!);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={element} style={{ height, width: '100%' }} />;
}

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
