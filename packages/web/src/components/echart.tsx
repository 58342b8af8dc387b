import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';

/**
 * ECharts on a div, sized with it. Not echarts-for-react: its built files import tslib, which it
 * does not declare (only echarts' own copy is installed), so the console build cannot resolve it.
 */
export function EChart({
  option,
  height,
  onClick,
  ariaLabel,
  testId,
}: {
  option: echarts.EChartsCoreOption;
  height: number;
  onClick?: (params: echarts.ECElementEvent) => void;
  ariaLabel?: string;
  testId?: string;
}) {
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
  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return;
    instance.on('click', onClick);
    return () => {
      instance.off('click', onClick);
    };
  }, [onClick]);
  // A chart is a picture to a screen reader: the label says what it shows; each screen offers the figures as a table too.
  return <div ref={element} role="img" aria-label={ariaLabel} data-testid={testId} style={{ height, width: '100%' }} />;
}

// Each screen registers the ECharts parts it draws with (echarts.use): only those are bundled.
export type { EChartsCoreOption } from 'echarts/core';
