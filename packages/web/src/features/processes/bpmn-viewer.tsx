import { useEffect, useRef, useState } from 'react';
import { Button, Space } from 'antd';
import { CompressOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './diagram.css';
import { useT } from '../../app/locale.tsx';
import { ensureDiagram } from './bpmn-layout.ts';

export type DiagramMarker = 'active' | 'incident' | 'problem' | 'selected' | 'done' | 'waiting' | 'canceled' | 'taken';

export interface BpmnViewerProps {
  xml: string;
  /** Element id → how it is marked. */
  markers?: Record<string, DiagramMarker>;
  /** Element id → a count shown on the element (active instances; more than one for multi-instance). */
  badges?: Record<string, number>;
  /** An element to bring into view (a problem clicked in a list). */
  focusId?: string | null;
  height?: number;
  /** After import, show this element at a readable scale in the middle (a phone, where the whole diagram would be too small). */
  centerOn?: string | null;
  label: string;
  onImported?(result: { ok: true } | { ok: false; error: string }): void;
  onElementClick?(elementId: string): void;
}

interface Canvas {
  zoom(level?: 'fit-viewport' | number, center?: 'auto'): number;
  viewbox(box?: { x: number; y: number; width: number; height: number }): { scale: number; outer: { width: number; height: number } };
  addMarker(id: string, className: string): void;
  removeMarker(id: string, className: string): void;
  scrollToElement?(id: string): void;
}
interface Overlays {
  add(id: string, type: string, overlay: { position: { top?: number; right?: number }; html: HTMLElement }): void;
  remove(filter: { type: string }): void;
}
interface ElementRegistry {
  get(id: string): unknown;
}

const MARKER_CLASS: Record<DiagramMarker, string> = {
  active: 'docket-active',
  incident: 'docket-incident',
  problem: 'docket-problem',
  selected: 'docket-selected',
  done: 'docket-done',
  waiting: 'docket-waiting',
  canceled: 'docket-canceled',
  taken: 'docket-taken',
};

/** A BPMN diagram, read-only (bpmn-js NavigatedViewer: pan and zoom, no editing). Loaded on demand. */
export function BpmnViewer({ xml, markers = {}, badges = {}, focusId, height = 420, centerOn, label, onImported, onElementClick }: BpmnViewerProps) {
  const t = useT();
  const containerRef = useRef<HTMLElement>(null);
  const viewerRef = useRef<NavigatedViewer | null>(null);
  const applied = useRef<{ id: string; className: string }[]>([]);
  const [imported, setImported] = useState(0);
  // While a new file is imported the registry is emptied: markers wait for the import to finish.
  const importing = useRef(false);
  const onImportedRef = useRef(onImported);
  onImportedRef.current = onImported;
  const onClickRef = useRef(onElementClick);
  onClickRef.current = onElementClick;
  const centerOnRef = useRef(centerOn);
  centerOnRef.current = centerOn;

  useEffect(() => {
    const viewer = new NavigatedViewer({ container: containerRef.current! });
    viewerRef.current = viewer;
    viewer.on('element.click', (event: { element: { id: string; type: string } }) => {
      if (event.element.type !== 'bpmn:Process' && event.element.type !== 'bpmn:Collaboration') onClickRef.current?.(event.element.id);
    });
    return () => {
      viewer.destroy();
      viewerRef.current = null;
    };
  }, []);

  useEffect(() => {
    const viewer = viewerRef.current!;
    let live = true;
    applied.current = [];
    importing.current = true;
    // A file without diagram information is laid out here rather than refused (bpmn-layout.ts).
    viewer.importXML(ensureDiagram(xml)).then(
      () => {
        if (!live) return;
        importing.current = false;
        const canvas = viewer.get('canvas') as Canvas;
        canvas.zoom('fit-viewport', 'auto');
        const center = centerOnRef.current ? (viewer.get('elementRegistry') as ElementRegistry).get(centerOnRef.current) : undefined;
        if (center && canvas.viewbox().scale < 0.6) {
          const { x, y, width, height } = center as { x: number; y: number; width: number; height: number };
          const { outer } = canvas.viewbox();
          const scale = 0.8;
          canvas.viewbox({ x: x + width / 2 - outer.width / scale / 2, y: y + height / 2 - outer.height / scale / 2, width: outer.width / scale, height: outer.height / scale });
        }
        setImported((n) => n + 1);
        onImportedRef.current?.({ ok: true });
      },
      (error: Error) => {
        if (!live) return;
        importing.current = false;
        onImportedRef.current?.({ ok: false, error: error.message });
      },
    );
    return () => {
      live = false;
    };
  }, [xml]);

  useEffect(() => {
    if (imported === 0 || importing.current) return;
    const viewer = viewerRef.current!;
    const canvas = viewer.get('canvas') as Canvas;
    const overlays = viewer.get('overlays') as Overlays;
    const registry = viewer.get('elementRegistry') as ElementRegistry;
    for (const { id, className } of applied.current) if (registry.get(id)) canvas.removeMarker(id, className);
    applied.current = [];
    overlays.remove({ type: 'docket-count' });
    for (const [id, marker] of Object.entries(markers)) {
      if (!registry.get(id)) continue;
      canvas.addMarker(id, MARKER_CLASS[marker]);
      applied.current.push({ id, className: MARKER_CLASS[marker] });
    }
    for (const [id, count] of Object.entries(badges)) {
      if (!registry.get(id)) continue;
      const badge = document.createElement('span');
      badge.className = 'docket-count';
      badge.textContent = String(count);
      badge.setAttribute('aria-label', t('diagram.activeCount', { count }));
      overlays.add(id, 'docket-count', { position: { top: -10, right: 10 }, html: badge });
    }
    if (focusId && registry.get(focusId)) {
      canvas.addMarker(focusId, MARKER_CLASS.selected);
      applied.current.push({ id: focusId, className: MARKER_CLASS.selected });
      canvas.scrollToElement?.(focusId);
    }
  }, [imported, markers, badges, focusId, t]);

  const zoom = (by: number | 'fit') => {
    const canvas = viewerRef.current?.get('canvas') as Canvas | undefined;
    if (!canvas) return;
    if (by === 'fit') canvas.zoom('fit-viewport', 'auto');
    else canvas.zoom(canvas.zoom() * by);
  };

  return (
    <div className="docket-diagram">
      <Space size={4} className="docket-diagram-controls">
        <Button size="small" icon={<ZoomInOutlined />} aria-label={t('diagram.zoomIn')} title={t('diagram.zoomIn')} onClick={() => zoom(1.25)} />
        <Button size="small" icon={<ZoomOutOutlined />} aria-label={t('diagram.zoomOut')} title={t('diagram.zoomOut')} onClick={() => zoom(0.8)} />
        <Button size="small" icon={<CompressOutlined />} aria-label={t('diagram.fit')} title={t('diagram.fit')} onClick={() => zoom('fit')} />
      </Space>
      {/* A region, not an image: diagram-js makes its canvas focusable, so the arrow keys pan it. */}
      <section ref={containerRef} aria-label={label} data-testid="bpmn-diagram" style={{ height, width: '100%' }} />
    </div>
  );
}
