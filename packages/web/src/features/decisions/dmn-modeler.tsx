import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { Segmented } from 'antd';
import DmnModeler from 'dmn-js/lib/Modeler';
import type { DmnView } from 'dmn-js/lib/NavigatedViewer';
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression-controls.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import './dmn.css';
import { useT } from '../../app/locale.tsx';
import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';
import { asDmn13 } from './decision-api.ts';

/** What the designer page asks of the modeler. */
export interface DmnModelerHandle {
  saveXml(): Promise<string>;
  definitions(): unknown;
  /** Opens a decision's table or expression. */
  openDecision(decisionId: string): void;
}

export interface DmnModelerProps {
  xml: string;
  label: string;
  handle: MutableRefObject<DmnModelerHandle | null>;
  /** Rule ids to highlight (the rules the last evaluation matched). */
  matchedRuleIds?: readonly string[];
  /** Opened after import (the decision being edited). */
  initialDecisionId?: string;
  /** The model changed (an edit), or another view opened. */
  onChange?(): void;
  onViewChange?(view: { type: string; decisionId: string | null }): void;
  onImported?(result: { ok: true } | { ok: false; error: string }): void;
}

/**
 * dmn-js's `translate` service over the console's catalogue: the table's headings, menus and
 * editors ask for their English texts, found under `dmnDesigner.dmn.<English>`; others stay English.
 */
function translateModule(t: () => Translate) {
  const translate = (template: string, replacements: Record<string, string> = {}) =>
    (translateIfKnown(t(), `dmnDesigner.dmn.${template}`) ?? template).replace(/\{([^}]+)\}/g, (whole, name: string) => replacements[name] ?? whole);
  return { translate: ['value', translate] };
}

/** dmn-js's Modeler: the requirements diagram, decision tables and literal expressions, edited in place. Loaded on demand. */
export function DmnFileModeler({ xml, label, handle, matchedRuleIds = [], initialDecisionId, onChange, onViewChange, onImported }: DmnModelerProps) {
  const t = useT();
  const containerRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<DmnModeler | null>(null);
  const [views, setViews] = useState<DmnView[]>([]);
  const [active, setActive] = useState<DmnView | null>(null);
  const callbacks = useRef({ onChange, onViewChange, onImported, initialDecisionId, label, t });
  callbacks.current = { onChange, onViewChange, onImported, initialDecisionId, label, t };

  useEffect(() => {
    const container = containerRef.current!;
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', callbacks.current.label);
    const modeler = new DmnModeler({ container, common: { additionalModules: [translateModule(() => callbacks.current.t)] } });
    modelerRef.current = modeler;
    modeler.on('viewer.created', (event) => {
      const { viewer } = event as { viewer: { on(e: string, cb: () => void): void } };
      viewer.on('elements.changed', () => callbacks.current.onChange?.());
    });
    modeler.on('views.changed', (event) => {
      const { views, activeView } = event as { views: DmnView[]; activeView?: DmnView };
      setViews(views);
      setActive(activeView ?? null);
      callbacks.current.onViewChange?.({ type: activeView?.type ?? 'drd', decisionId: activeView && activeView.type !== 'drd' ? activeView.element.id : null });
    });
    handle.current = {
      saveXml: async () => (await modeler.saveXML({ format: true })).xml,
      definitions: () => modeler.getDefinitions(),
      openDecision: (decisionId) => {
        const view = modeler.getViews().find((v) => v.element.id === decisionId && v.type !== 'drd');
        if (view) void modeler.open(view);
      },
    };
    return () => {
      handle.current = null;
      modeler.destroy();
      modelerRef.current = null;
    };
  }, [handle]);

  useEffect(() => {
    let live = true;
    const modeler = modelerRef.current!;
    modeler.importXML(asDmn13(xml)).then(
      () => {
        if (!live) return;
        const wanted = callbacks.current.initialDecisionId;
        const view = modeler.getViews().find((v) => v.type !== 'drd' && (!wanted || v.element.id === wanted));
        if (view) void modeler.open(view);
        callbacks.current.onImported?.({ ok: true });
      },
      (error: Error) => live && callbacks.current.onImported?.({ ok: false, error: error.message }),
    );
    return () => {
      live = false;
    };
  }, [xml]);

  // Matched rules: the decision table draws each rule's cells with its id.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    for (const cell of Array.from(container.querySelectorAll('.docket-matched'))) cell.classList.remove('docket-matched');
    for (const id of matchedRuleIds) for (const cell of Array.from(container.querySelectorAll(`[data-row-id="${CSS.escape(id)}"]`))) cell.classList.add('docket-matched');
  });

  const keyOf = (v: DmnView) => `${v.type}:${v.element.id}`;
  return (
    <div className="docket-dmn docket-dmn-modeler">
      {views.length > 1 && (
        <Segmented
          size="small"
          style={{ marginBottom: 8, maxWidth: '100%', overflowX: 'auto' }}
          value={active ? keyOf(active) : undefined}
          onChange={(value) => {
            const view = views.find((v) => keyOf(v) === value);
            if (view) void modelerRef.current?.open(view);
          }}
          options={views.map((v) => ({ value: keyOf(v), label: v.type === 'drd' ? t('decision.drd') : v.element.name || t('dmnDesigner.unnamedDecision') }))}
          aria-label={t('decision.views')}
          data-testid="dmn-designer-views"
        />
      )}
      <div ref={containerRef} data-testid="dmn-modeler" className="docket-dmn-canvas" />
    </div>
  );
}
