import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';
import type { BpmnViewerProps } from './bpmn-viewer.tsx';

export type { BpmnViewerProps, DiagramMarker } from './bpmn-viewer.tsx';

// bpmn-js and its CSS are a chunk of their own, fetched when a screen first shows a diagram.
const BpmnViewer = lazy(() => import('./bpmn-viewer.tsx').then((m) => ({ default: m.BpmnViewer })));

export function BpmnDiagram(props: BpmnViewerProps) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
      <BpmnViewer {...props} />
    </Suspense>
  );
}
