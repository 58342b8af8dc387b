import { GraphChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useT } from '../../app/locale.tsx';
import { EChart } from '../../components/echart.tsx';
import type { Translate } from '../../i18n/i18n.ts';
import type { MiningMap } from './mining-api.ts';

// Only the graph series, its tooltip and the canvas renderer are bundled for this screen.
echarts.use([GraphChart, TooltipComponent, CanvasRenderer]);

export type MapMeasure = 'frequency' | 'time';

/** Seconds as the largest two units: "2天3小时", "45分", "12秒". */
export function formatSeconds(seconds: number | null | undefined, t: Translate): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return t('mining.duration.dh', { d, h });
  if (h > 0) return t('mining.duration.hm', { h, m });
  if (m > 0) return t('mining.duration.m', { m });
  return t('mining.duration.s', { s });
}

/**
 * Columns of the map: each node's shortest distance from the start along the observed edges, so a
 * loop or a return draws back to the left instead of pushing the whole map rightwards. The end
 * goes one column after the furthest step.
 */
function layersOf(map: MiningMap): Map<string, number> {
  const next = new Map<string, string[]>();
  for (const e of map.edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const layer = new Map<string, number>([['__start__', 0]]);
  const queue = ['__start__'];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const to of next.get(id) ?? []) {
      if (to === '__end__' || layer.has(to)) continue;
      layer.set(to, layer.get(id)! + 1);
      queue.push(to);
    }
  }
  let furthest = 0;
  for (const n of map.nodes) {
    if (n.id === '__end__') continue;
    if (!layer.has(n.id)) layer.set(n.id, 1);
    furthest = Math.max(furthest, layer.get(n.id)!);
  }
  layer.set('__end__', furthest + 1);
  return layer;
}

/**
 * The directly-follows graph drawn with ECharts: nodes are steps (plus start and end), edges the
 * successions observed, thicker the more instances took them. Drawn here rather than as overlays
 * on the BPMN diagram because the paths taken include ones the model has no flow for (a return,
 * a skipped step): those are dashed red. Frequency shows counts; time shows median durations.
 */
export function MiningMapChart({ map, measure, narrow }: { map: MiningMap; measure: MapMeasure; narrow: boolean }) {
  const t = useT();
  const option = useMemo(() => {
    const layer = layersOf(map);
    const columns = new Map<number, string[]>();
    for (const n of map.nodes) columns.set(layer.get(n.id)!, [...(columns.get(layer.get(n.id)!) ?? []), n.id]);
    const position = new Map<string, [number, number]>();
    for (const [column, ids] of columns) {
      ids.forEach((id, row) => {
        const across = column * 200;
        const down = (row - (ids.length - 1) / 2) * 110;
        // A phone draws the map top to bottom: the columns become rows.
        position.set(id, narrow ? [down, across] : [across, down]);
      });
    }
    const maxCount = Math.max(1, ...map.edges.map((e) => e.count));
    const label = (n: MiningMap['nodes'][number]) => {
      const name = n.kind === 'start' ? t('mining.map.start') : n.kind === 'end' ? t('mining.map.end') : (n.name ?? n.id);
      const figure = measure === 'frequency' || n.kind !== 'step' ? String(n.count) : formatSeconds(n.medianSeconds, t);
      return `${name}\n${figure}`;
    };
    return {
      animation: false,
      tooltip: { confine: true },
      series: [
        {
          type: 'graph',
          layout: 'none',
          roam: false,
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 8,
          label: { show: true, fontSize: 12 },
          edgeLabel: { show: true, fontSize: 11, formatter: (p: { data: { figure: string } }) => p.data.figure },
          data: map.nodes.map((n) => ({
            id: n.id,
            name: label(n),
            x: position.get(n.id)![0],
            y: position.get(n.id)![1],
            symbol: n.kind === 'step' ? 'roundRect' : 'circle',
            symbolSize: n.kind === 'step' ? [120, 46] : 36,
            itemStyle: { color: n.kind === 'step' ? '#e8f0fb' : n.kind === 'start' ? '#3f8f3f' : '#8c1c13', borderColor: '#1f5fbf', borderWidth: 1 },
            label: { color: n.kind === 'step' ? '#102a43' : '#ffffff', fontSize: n.kind === 'step' ? 12 : 10, width: n.kind === 'step' ? 112 : undefined, overflow: 'truncate' },
            tooltip: { formatter: label(n).replace('\n', ': ') },
          })),
          links: map.edges.map((e) => {
            const backwards = layer.get(e.to)! <= layer.get(e.from)!;
            const figure = measure === 'frequency' ? String(e.count) : formatSeconds(e.medianSeconds, t);
            return {
              source: e.from,
              target: e.to,
              figure,
              lineStyle: {
                width: 1 + (5 * e.count) / maxCount,
                color: e.inModel ? '#1f5fbf' : '#c0392b',
                type: e.inModel ? 'solid' : 'dashed',
                curveness: backwards ? 0.35 : 0.05,
                opacity: 0.85,
              },
              tooltip: { formatter: `${figure}${e.inModel ? '' : ` · ${t('mining.map.notInModel')}`}` },
            };
          }),
        },
      ],
    };
  }, [map, measure, narrow, t]);
  const layers = Math.max(...[...layersOf(map).values()]) + 1;
  const height = narrow ? Math.max(360, layers * 120) : 420;
  return <EChart option={option} height={height} ariaLabel={t('mining.map.label')} testId="mining-map" />;
}
