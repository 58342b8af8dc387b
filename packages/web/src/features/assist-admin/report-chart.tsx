import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useT } from '../../app/locale.tsx';
import { EChart } from '../../components/echart.tsx';
import type { AssistReport } from './assist-admin-api.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = { accepted: '#2e7d32', changed: '#f9a825', rejected: '#c62828', undecided: '#9e9e9e', adoption: '#1f5fbf' };

/** Outcomes of the period's suggestions as stacked bars, the adoption rate as a line on its own axis. */
export function AssistReportChart({ periods }: { periods: AssistReport['periods'] }) {
  const t = useT();
  const bar = (key: 'accepted' | 'changed' | 'rejected' | 'undecided') => ({
    name: t(`assistAdmin.report.${key}`),
    type: 'bar',
    stack: 'outcome',
    data: periods.map((p) => p[key]),
    itemStyle: { color: COLORS[key] },
    barMaxWidth: 28,
  });
  const option = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: periods.map((p) => p.period), axisLabel: { hideOverlap: true } },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } },
    ],
    series: [
      bar('accepted'),
      bar('changed'),
      bar('rejected'),
      bar('undecided'),
      {
        name: t('assistAdmin.report.adoption'),
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        data: periods.map((p) => (p.adoptionRate === null ? null : Math.round(p.adoptionRate * 1000) / 10)),
        itemStyle: { color: COLORS.adoption },
      },
    ],
  };
  return <EChart option={option} height={280} ariaLabel={t('assistAdmin.report.chartLabel')} testId="assist-report-chart" />;
}
