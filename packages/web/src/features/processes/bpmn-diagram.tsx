import { lazy } from 'react';
import { LazyDiagram } from '../../components/lazy-diagram.tsx';
import type { BpmnViewerProps } from './bpmn-viewer.tsx';

export type { BpmnViewerProps, DiagramMarker } from './bpmn-viewer.tsx';

// bpmn-js and its CSS are a chunk of their own, fetched when a screen first shows a diagram.
const BpmnViewer = lazy(() => import('./bpmn-viewer.tsx').then((m) => ({ default: m.BpmnViewer })));

/** A BPMN diagram, or (a file without diagram information, say) a note that it cannot be drawn. */
export function BpmnDiagram(props: BpmnViewerProps) {
  return <LazyDiagram viewer={BpmnViewer} props={props} />;
}
