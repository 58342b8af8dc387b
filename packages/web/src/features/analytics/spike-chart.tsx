import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Table } from 'antd';
import { useT } from '../../app/locale.tsx';
import { EChart } from '../../components/echart.tsx';
import { type Spike, windowPoints } from './spike-api.ts';

// Only the parts the chart draws with: a line, its grid, tooltip, legend and the two reference lines.
echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

const THRESHOLD_COLOR = '#c0392b';
const BASELINE_COLOR = '#7f8c8d';

/**
 * The window's count beside the same window of each baseline week (same weekdays), with the
 * baseline mean and the threshold as horizontal lines: what the test compared. The figures are
 * also a table, for screen readers and for reading exact values.
 */
export function SpikeChart({ spike }: { spike: Spike }) {
  const t = useT();
  const points = windowPoints(spike);
  const round = (v: number) => Math.round(v * 100) / 100;
  const option = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('analytics.spikes.chart.count'), t('analytics.spikes.chart.baseline'), t('analytics.spikes.chart.threshold')] },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: points.map((p) => p.end), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('analytics.spikes.chart.count'),
        type: 'line',
        data: points.map((p) => ({ value: p.count, itemStyle: p.current ? { color: THRESHOLD_COLOR } : undefined, symbolSize: p.current ? 12 : 6 })),
        itemStyle: { color: '#1f5fbf' },
      },
      // Reference lines drawn as series, so the legend names them and the tooltip shows their values.
      {
        name: t('analytics.spikes.chart.baseline'),
        type: 'line',
        data: points.map(() => round(spike.baselineMean)),
        symbol: 'none',
        lineStyle: { type: 'dashed', color: BASELINE_COLOR },
        itemStyle: { color: BASELINE_COLOR },
      },
      {
        name: t('analytics.spikes.chart.threshold'),
        type: 'line',
        data: points.map(() => spike.threshold),
        symbol: 'none',
        lineStyle: { color: THRESHOLD_COLOR },
        itemStyle: { color: THRESHOLD_COLOR },
      },
    ],
  };
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, minWidth: 0 }}>
      <div style={{ flex: '2 1 320px', minWidth: 0 }}>
        <EChart option={option} height={260} ariaLabel={t('analytics.spikes.chart.label', { value: spike.label })} testId="spike-chart" />
      </div>
      <Table
        style={{ flex: '1 1 220px', minWidth: 0 }}
        size="small"
        pagination={false}
        rowKey="end"
        // Newest first: the window tested is the first row, whatever the scroll.
        dataSource={[...points].reverse()}
        scroll={{ y: 240 }}
        aria-label={t('analytics.spikes.chart.tableLabel')}
        columns={[
          { title: t('analytics.spikes.chart.windowEnd'), dataIndex: 'end', render: (end: string, p) => (p.current ? <strong>{end}</strong> : end) },
          { title: t('analytics.spikes.chart.count'), dataIndex: 'count', align: 'right', render: (count: number, p) => (p.current ? <strong>{count}</strong> : count) },
        ]}
      />
    </div>
  );
}
