import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Empty, Table } from 'antd';
import { useT } from '../../app/locale.tsx';
import { EChart } from '../../components/echart.tsx';
import { QUALITY_CHECKS, type QualityCheck, type QualitySummary } from './quality-api.ts';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const CHECK_COLOURS: Record<QualityCheck, string> = {
  'missing-disclosure': '#c0392b',
  'forbidden-promise': '#8e44ad',
  'rude-reply': '#d35400',
  'unanswered-question': '#1f5fbf',
  'missed-deadline': '#7f8c8d',
};

/** Cases with findings per week, stacked by check; the same figures as a table for screen readers and exact values. */
export function QualityChart({ summary }: { summary: QualitySummary }) {
  const t = useT();
  const count = (week: string, check: QualityCheck) => summary.counts.find((c) => c.week === week && c.check === check)?.cases ?? 0;
  if (summary.counts.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('assistQuality.chart.none')} />;
  const option = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: summary.weeks, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: QUALITY_CHECKS.map((check) => ({
      name: t(`assistQuality.check.${check}`),
      type: 'bar',
      stack: 'checks',
      itemStyle: { color: CHECK_COLOURS[check] },
      data: summary.weeks.map((week) => count(week, check)),
    })),
  };
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, minWidth: 0 }}>
      <div style={{ flex: '2 1 320px', minWidth: 0 }}>
        <EChart option={option} height={260} ariaLabel={t('assistQuality.chart.label')} testId="quality-chart" />
      </div>
      <Table
        style={{ flex: '1 1 260px', minWidth: 0 }}
        size="small"
        pagination={false}
        rowKey="week"
        scroll={{ x: 'max-content', y: 240 }}
        aria-label={t('assistQuality.chart.tableLabel')}
        dataSource={[...summary.weeks].reverse().map((week) => ({ week, ...Object.fromEntries(QUALITY_CHECKS.map((check) => [check, count(week, check)])) }))}
        columns={[
          { title: t('assistQuality.chart.week'), dataIndex: 'week' },
          ...QUALITY_CHECKS.map((check) => ({ title: t(`assistQuality.check.${check}`), dataIndex: check, align: 'right' as const })),
        ]}
      />
    </div>
  );
}
