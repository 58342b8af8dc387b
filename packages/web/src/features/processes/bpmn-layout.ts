// A BPMN file without diagram information (a process written by hand or by a tool, like the
// demo's shipped processes) cannot be drawn by bpmn-js. The viewer then lays it out itself: left
// to right by the longest path from a start, one row per branch, boundary events on their host,
// loops routed below. Only what the viewer draws is generated; the file deployed is not changed.

export type NodeKind = 'event' | 'gateway' | 'activity';

export interface LayoutNode {
  id: string;
  kind: NodeKind;
  /** A boundary event: the activity it sits on. */
  attachedTo?: string;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  shapes: Map<string, Bounds>;
  edges: Map<string, { x: number; y: number }[]>;
}

const SIZE: Record<NodeKind, { width: number; height: number }> = { event: { width: 36, height: 36 }, gateway: { width: 50, height: 50 }, activity: { width: 100, height: 80 } };
const COLUMN = 170;
const ROW = 130;
const LEFT = 80;
const TOP = 80;

/** Positions for every node and waypoints for every edge. */
export function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Layout {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // A boundary event's flows leave from its host's column.
  const anchor = (id: string) => byId.get(id)?.attachedTo ?? id;
  const main = nodes.filter((n) => !n.attachedTo);
  const outgoing = new Map<string, string[]>();
  const incoming = new Map<string, number>();
  for (const e of edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    const from = anchor(e.source);
    outgoing.set(from, [...(outgoing.get(from) ?? []), e.target]);
  }
  // Back edges (loops) found by a depth-first walk from the starts are left out of the layering.
  const starts = main.filter((n) => !edges.some((e) => e.target === n.id && byId.has(e.source)));
  const roots = starts.length > 0 ? starts : main.slice(0, 1);
  const back = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const walk = (id: string) => {
    state.set(id, 'open');
    for (const next of outgoing.get(id) ?? []) {
      if (state.get(next) === 'open') back.add(`${id}->${next}`);
      else if (!state.has(next)) walk(next);
    }
    state.set(id, 'done');
  };
  for (const r of roots) if (!state.has(r.id)) walk(r.id);
  for (const n of main) if (!state.has(n.id)) walk(n.id);
  for (const [from, targets] of outgoing) for (const to of targets) if (!back.has(`${from}->${to}`)) incoming.set(to, (incoming.get(to) ?? 0) + 1);

  // Longest path layering over the forward edges (Kahn's order).
  const layer = new Map<string, number>();
  const order: string[] = [];
  const pending = new Map(incoming);
  const queue = main.filter((n) => !pending.get(n.id)).map((n) => n.id);
  for (const id of queue) layer.set(id, 0);
  while (queue.length > 0) {
    const id = queue.shift()!;
    order.push(id);
    for (const next of outgoing.get(id) ?? []) {
      if (back.has(`${id}->${next}`)) continue;
      layer.set(next, Math.max(layer.get(next) ?? 0, (layer.get(id) ?? 0) + 1));
      const left = (pending.get(next) ?? 1) - 1;
      pending.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  for (const n of main) if (!layer.has(n.id)) layer.set(n.id, 0);

  // Rows: each column in the order its nodes were reached, so a branch keeps its row.
  const rowOf = new Map<string, number>();
  const used = new Map<number, Set<number>>();
  for (const id of [...order, ...main.map((n) => n.id).filter((id) => !order.includes(id))]) {
    const column = layer.get(id)!;
    const taken = used.get(column) ?? new Set<number>();
    // Prefer the row of the first predecessor already placed.
    const preferred = edges.filter((e) => e.target === id && rowOf.has(anchor(e.source))).map((e) => rowOf.get(anchor(e.source))! + (byId.get(e.source)?.attachedTo ? 1 : 0))[0] ?? 0;
    let row = preferred;
    while (taken.has(row)) row++;
    taken.add(row);
    used.set(column, taken);
    rowOf.set(id, row);
  }

  const shapes = new Map<string, Bounds>();
  for (const n of main) {
    const size = SIZE[n.kind];
    const cx = LEFT + layer.get(n.id)! * COLUMN + SIZE.activity.width / 2;
    const cy = TOP + rowOf.get(n.id)! * ROW + SIZE.activity.height / 2;
    shapes.set(n.id, { x: cx - size.width / 2, y: cy - size.height / 2, ...size });
  }
  const onHost = new Map<string, number>();
  for (const n of nodes.filter((n) => n.attachedTo)) {
    const host = shapes.get(n.attachedTo!);
    if (!host) continue;
    const k = onHost.get(n.attachedTo!) ?? 0;
    onHost.set(n.attachedTo!, k + 1);
    shapes.set(n.id, { x: host.x + host.width - 28 - k * 40, y: host.y + host.height - 18, width: 36, height: 36 });
  }

  const edgesOut = new Map<string, { x: number; y: number }[]>();
  for (const e of edges) {
    const s = shapes.get(e.source);
    const t = shapes.get(e.target);
    if (!s || !t) continue;
    const sy = s.y + s.height / 2;
    const ty = t.y + t.height / 2;
    if (byId.get(e.source)?.attachedTo) {
      // Down out of the boundary event, then across into the target.
      const sx = s.x + s.width / 2;
      edgesOut.set(e.id, [
        { x: sx, y: s.y + s.height },
        { x: sx, y: ty },
        { x: t.x, y: ty },
      ]);
    } else if (t.x <= s.x) {
      // A loop back: below both.
      const below = Math.max(s.y + s.height, t.y + t.height) + 30;
      edgesOut.set(e.id, [
        { x: s.x + s.width / 2, y: s.y + s.height },
        { x: s.x + s.width / 2, y: below },
        { x: t.x + t.width / 2, y: below },
        { x: t.x + t.width / 2, y: t.y + t.height },
      ]);
    } else if (Math.abs(sy - ty) < 1 && t.x - (s.x + s.width) > COLUMN) {
      // Same row but columns apart: over the shapes in between rather than through them.
      const above = Math.min(s.y, t.y) - 40;
      edgesOut.set(e.id, [
        { x: s.x + s.width / 2, y: s.y },
        { x: s.x + s.width / 2, y: above },
        { x: t.x + t.width / 2, y: above },
        { x: t.x + t.width / 2, y: t.y },
      ]);
    } else if (Math.abs(sy - ty) < 1) {
      edgesOut.set(e.id, [
        { x: s.x + s.width, y: sy },
        { x: t.x, y: ty },
      ]);
    } else {
      // Leave sideways, turn in the gap before the target's column.
      const turn = t.x - 30;
      edgesOut.set(e.id, [
        { x: s.x + s.width, y: sy },
        { x: turn, y: sy },
        { x: turn, y: ty },
        { x: t.x, y: ty },
      ]);
    }
  }
  return { shapes, edges: edgesOut };
}

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';
const DC = 'http://www.omg.org/spec/DD/20100524/DC';
const DI = 'http://www.omg.org/spec/DD/20100524/DI';
const NOT_NODES = new Set([
  'sequenceFlow',
  'laneSet',
  'dataObject',
  'dataObjectReference',
  'dataStoreReference',
  'textAnnotation',
  'association',
  'extensionElements',
  'documentation',
  'ioSpecification',
  'property',
  'group',
  'category',
]);

const kindOf = (localName: string): NodeKind => (/Event$/.test(localName) ? 'event' : /Gateway$/.test(localName) ? 'gateway' : 'activity');

/** The file as given when it has diagram information (or cannot be read); else with a generated diagram of its (first) process. */
export function ensureDiagram(xml: string): string {
  if (typeof DOMParser === 'undefined' || /BPMNShape/.test(xml)) return xml;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return xml;
  const process = doc.getElementsByTagNameNS(BPMN, 'process')[0];
  const definitions = doc.documentElement;
  if (!process || doc.getElementsByTagNameNS(BPMN, 'collaboration').length > 0) return xml;
  const nodes: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  for (const child of Array.from(process.children)) {
    if (child.namespaceURI !== BPMN) continue;
    const id = child.getAttribute('id');
    if (!id) continue;
    if (child.localName === 'sequenceFlow') {
      const source = child.getAttribute('sourceRef');
      const target = child.getAttribute('targetRef');
      if (source && target) edges.push({ id, source, target });
    } else if (!NOT_NODES.has(child.localName)) {
      nodes.push({ id, kind: kindOf(child.localName), ...(child.localName === 'boundaryEvent' && child.getAttribute('attachedToRef') ? { attachedTo: child.getAttribute('attachedToRef')! } : {}) });
    }
  }
  const layout = layoutGraph(nodes, edges);
  const element = (ns: string, name: string, attributes: Record<string, string>) => {
    const e = doc.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
    return e;
  };
  const diagram = element(BPMNDI, 'bpmndi:BPMNDiagram', { id: `${process.getAttribute('id')}_generated_di` });
  const plane = element(BPMNDI, 'bpmndi:BPMNPlane', { id: `${process.getAttribute('id')}_generated_plane`, bpmnElement: process.getAttribute('id') ?? '' });
  diagram.appendChild(plane);
  for (const [id, b] of layout.shapes) {
    const shape = element(BPMNDI, 'bpmndi:BPMNShape', { id: `${id}_di`, bpmnElement: id });
    // A subprocess is drawn collapsed: its inside is not laid out.
    if (process.querySelector(`[id="${CSS.escape(id)}"]`)?.localName === 'subProcess') shape.setAttribute('isExpanded', 'false');
    shape.appendChild(element(DC, 'dc:Bounds', { x: String(b.x), y: String(b.y), width: String(b.width), height: String(b.height) }));
    plane.appendChild(shape);
  }
  for (const [id, points] of layout.edges) {
    const edge = element(BPMNDI, 'bpmndi:BPMNEdge', { id: `${id}_di`, bpmnElement: id });
    for (const p of points) edge.appendChild(element(DI, 'di:waypoint', { x: String(p.x), y: String(p.y) }));
    plane.appendChild(edge);
  }
  definitions.appendChild(diagram);
  return new XMLSerializer().serializeToString(doc);
}
