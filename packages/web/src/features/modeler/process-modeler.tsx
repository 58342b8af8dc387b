import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import '../processes/diagram.css';
import './modeler.css';
import { useT } from '../../app/locale.tsx';
import type { Translate } from '../../i18n/i18n.ts';
import { translateModule } from './bpmn-translate.ts';
import { docketModdleDescriptor } from './docket-extension.ts';
import { docketPropertiesModule, type Directory } from './docket-properties-provider.ts';

export interface ProcessModelerHandle {
  /** The diagram as BPMN XML, formatted. */
  getXml(): Promise<string>;
  /** Selects an element and brings it into view (a problem picked from the list). */
  select(elementId: string): void;
}

export interface ProcessModelerProps {
  xml: string;
  directory: Directory;
  /** Element id → how many problems the server found on it: marked red with a count. */
  problems: Record<string, number>;
  narrow: boolean;
  onImported?(result: { ok: true } | { ok: false; error: string }): void;
  /** The element the reader selected (null: none, the process). */
  onSelect?(elementId: string | null): void;
}

interface Canvas {
  zoom(level?: 'fit-viewport' | number, center?: 'auto'): number;
  addMarker(id: string, className: string): void;
  removeMarker(id: string, className: string): void;
  scrollToElement(element: unknown): void;
}
interface Overlays {
  add(id: string, type: string, overlay: { position: { top?: number; right?: number }; html: HTMLElement }): void;
  remove(filter: { type: string }): void;
}

/**
 * bpmn-js's Modeler with the properties panel: the palette and context pad draw, the panel edits
 * the selected element's BPMN and Docket properties. Loaded on demand (its own chunk).
 */
export const ProcessModeler = forwardRef<ProcessModelerHandle, ProcessModelerProps>(function ProcessModeler({ xml, directory, problems, narrow, onImported, onSelect }, ref) {
  const t = useT();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<Modeler | null>(null);
  const marked = useRef<string[]>([]);
  // The panel and the translate service read the current language and directory when they draw.
  const tRef = useRef<Translate>(t);
  tRef.current = t;
  const context = useRef({ t: ((key, values) => tRef.current(key, values)) as Translate, directory });
  context.current.directory = directory;
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onImportedRef = useRef(onImported);
  onImportedRef.current = onImported;

  useEffect(() => {
    const modeler = new Modeler({
      container: canvasRef.current!,
      propertiesPanel: { parent: panelRef.current! },
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, docketPropertiesModule(context.current), translateModule(() => tRef.current)],
      moddleExtensions: { docket: docketModdleDescriptor() },
    });
    modelerRef.current = modeler;
    modeler.on('selection.changed', (event: { newSelection: { id: string; type: string }[] }) => {
      const picked = event.newSelection.length === 1 ? event.newSelection[0]! : null;
      onSelectRef.current?.(picked && picked.type !== 'bpmn:Process' ? picked.id : null);
    });
    return () => {
      modeler.destroy();
      modelerRef.current = null;
    };
  }, []);

  useEffect(() => {
    const modeler = modelerRef.current!;
    let live = true;
    modeler.importXML(xml).then(
      () => {
        if (!live) return;
        (modeler.get('canvas') as Canvas).zoom('fit-viewport', 'auto');
        onImportedRef.current?.({ ok: true });
      },
      (error: Error) => live && onImportedRef.current?.({ ok: false, error: error.message }),
    );
    return () => {
      live = false;
    };
  }, [xml]);

  useEffect(() => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    const canvas = modeler.get('canvas') as Canvas;
    const overlays = modeler.get('overlays') as Overlays;
    const registry = modeler.get('elementRegistry') as { get(id: string): unknown };
    for (const id of marked.current) if (registry.get(id)) canvas.removeMarker(id, 'docket-problem');
    overlays.remove({ type: 'docket-problem' });
    marked.current = [];
    for (const [id, count] of Object.entries(problems)) {
      if (!registry.get(id)) continue;
      canvas.addMarker(id, 'docket-problem');
      marked.current.push(id);
      const badge = document.createElement('span');
      badge.className = 'docket-problem-count';
      badge.textContent = String(count);
      badge.title = t('modeler.problemOn', { count });
      badge.setAttribute('aria-hidden', 'true');
      overlays.add(id, 'docket-problem', { position: { top: -10, right: 10 }, html: badge });
    }
  }, [problems, t]);

  useImperativeHandle(ref, () => ({
    async getXml() {
      const { xml: out } = await modelerRef.current!.saveXML({ format: true });
      return out ?? '';
    },
    select(elementId) {
      const modeler = modelerRef.current;
      if (!modeler) return;
      const element = (modeler.get('elementRegistry') as { get(id: string): unknown }).get(elementId);
      if (!element) return;
      (modeler.get('selection') as { select(element: unknown): void }).select(element);
      (modeler.get('canvas') as Canvas).scrollToElement(element);
    },
  }));

  return (
    <div className={`docket-modeler docket-diagram${narrow ? ' docket-modeler-narrow' : ''}`} data-testid="process-modeler">
      <section ref={canvasRef} className="docket-modeler-canvas" aria-label={t('modeler.canvas')} data-testid="modeler-canvas" />
      <aside ref={panelRef} className="docket-modeler-panel" aria-label={t('modeler.panel')} data-testid="properties-panel" />
    </div>
  );
});
