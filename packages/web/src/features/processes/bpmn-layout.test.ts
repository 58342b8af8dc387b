import { describe, expect, it } from 'vitest';
import { layoutGraph, type LayoutEdge, type LayoutNode } from './bpmn-layout.ts';

// start → review → gateway → (approve | reject → review again); a timer on review → remind.
const NODES: LayoutNode[] = [
  { id: 'start', kind: 'event' },
  { id: 'review', kind: 'activity' },
  { id: 'timer', kind: 'event', attachedTo: 'review' },
  { id: 'remind', kind: 'activity' },
  { id: 'gw', kind: 'gateway' },
  { id: 'approve', kind: 'activity' },
  { id: 'reject', kind: 'activity' },
];
const EDGES: LayoutEdge[] = [
  { id: 'f1', source: 'start', target: 'review' },
  { id: 'f2', source: 'review', target: 'gw' },
  { id: 'f3', source: 'gw', target: 'approve' },
  { id: 'f4', source: 'gw', target: 'reject' },
  { id: 'loop', source: 'reject', target: 'review' },
  { id: 'ft', source: 'timer', target: 'remind' },
];

describe('laying out a BPMN process without diagram information', () => {
  const layout = layoutGraph(NODES, EDGES);
  const at = (id: string) => layout.shapes.get(id)!;

  it('places nodes left to right along the flow, a loop not pushing its target right', () => {
    expect(at('start').x).toBeLessThan(at('review').x);
    expect(at('review').x).toBeLessThan(at('gw').x);
    expect(at('gw').x).toBeLessThan(at('approve').x);
    expect(at('approve').x).toBe(at('reject').x);
    expect(at('approve').y).not.toBe(at('reject').y);
  });

  it('puts a boundary event on its host and lays out what follows it below', () => {
    const host = at('review');
    const timer = at('timer');
    expect(timer.x).toBeGreaterThan(host.x);
    expect(timer.x + timer.width).toBeLessThanOrEqual(host.x + host.width + 10);
    expect(timer.y).toBe(host.y + host.height - 18);
    expect(at('remind').y).toBeGreaterThan(host.y);
  });

  it('gives every edge waypoints from its source to its target, loops routed below', () => {
    for (const e of EDGES) expect(layout.edges.get(e.id)!.length, e.id).toBeGreaterThanOrEqual(2);
    const loop = layout.edges.get('loop')!;
    expect(Math.max(...loop.map((p) => p.y))).toBeGreaterThan(at('reject').y + at('reject').height);
    const straight = layout.edges.get('f1')!;
    expect(straight[0]).toEqual({ x: at('start').x + at('start').width, y: at('start').y + at('start').height / 2 });
  });

  it('does not overlap shapes', () => {
    const boxes = [...layout.shapes.entries()].filter(([id]) => id !== 'timer').map(([, b]) => b);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
  });
});
