import { useEffect, useRef, useState } from 'react';
import { Segmented } from 'antd';
import DmnViewer, { type DmnView } from 'dmn-js/lib/NavigatedViewer';
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import './dmn.css';
import { useT } from '../../app/locale.tsx';
import { asDmn13 } from './decision-api.ts';

export interface DmnViewerProps {
  xml: string;
  label: string;
  /** Rule ids to highlight in the decision tables (the rules an evaluation matched). */
  matchedRuleIds?: readonly string[];
  /** Open this decision's table (the one the evaluate panel picked). */
  decisionId?: string;
  onImported?(result: { ok: true } | { ok: false; error: string }): void;
}

/** A DMN file, read-only (dmn-js viewer): the requirements diagram and each decision's table or expression. Loaded on demand. */
export function DmnFileViewer({ xml, label, matchedRuleIds = [], decisionId, onImported }: DmnViewerProps) {
  const t = useT();
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<DmnViewer | null>(null);
  const [views, setViews] = useState<DmnView[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const labelRef = useRef(label);
  labelRef.current = label;
  const onImportedRef = useRef(onImported);
  onImportedRef.current = onImported;

  useEffect(() => {
    // A wide decision table scrolls inside this box: a keyboard user reaches it with Tab and scrolls with the arrows.
    containerRef.current!.tabIndex = 0;
    containerRef.current!.setAttribute('role', 'region');
    containerRef.current!.setAttribute('aria-label', labelRef.current);
    const viewer = new DmnViewer({ container: containerRef.current! });
    viewerRef.current = viewer;
    viewer.on('views.changed', (event) => {
      const { views, activeView } = event as { views: DmnView[]; activeView?: DmnView };
      setViews(views);
      setActive(activeView?.element.id ?? null);
    });
    return () => {
      viewer.destroy();
      viewerRef.current = null;
    };
  }, []);

  useEffect(() => {
    let live = true;
    viewerRef.current!.importXML(asDmn13(xml)).then(
      () => live && onImportedRef.current?.({ ok: true }),
      (error: Error) => live && onImportedRef.current?.({ ok: false, error: error.message }),
    );
    return () => {
      live = false;
    };
  }, [xml]);

  // The evaluate panel's decision: show its table.
  useEffect(() => {
    if (!decisionId) return;
    const view = views.find((v) => v.element.id === decisionId && v.type !== 'drd');
    if (view && active !== decisionId) void viewerRef.current?.open(view);
  }, [decisionId, views, active]);

  // Matched rules: dmn-js draws each rule as a row carrying its id.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    for (const row of Array.from(container.querySelectorAll('.docket-matched'))) row.classList.remove('docket-matched');
    for (const id of matchedRuleIds) for (const cell of Array.from(container.querySelectorAll(`[data-row-id="${CSS.escape(id)}"]`))) cell.classList.add('docket-matched');
  });

  const open = (id: string) => {
    const view = views.find((v) => `${v.type}:${v.element.id}` === id);
    if (view) void viewerRef.current?.open(view);
  };
  const activeView = views.find((v) => v.element.id === active);

  return (
    <div className="docket-dmn">
      {views.length > 1 && (
        <Segmented
          size="small"
          style={{ marginBottom: 8, maxWidth: '100%', overflowX: 'auto' }}
          value={activeView ? `${activeView.type}:${activeView.element.id}` : undefined}
          onChange={(value) => open(String(value))}
          options={views.map((v) => ({ value: `${v.type}:${v.element.id}`, label: v.type === 'drd' ? t('decision.drd') : v.element.name || v.element.id }))}
          aria-label={t('decision.views')}
        />
      )}
      <div ref={containerRef} data-testid="dmn-view" className="docket-dmn-canvas" />
    </div>
  );
}
