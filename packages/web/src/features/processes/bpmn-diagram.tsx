import { lazy, Suspense, useState } from 'react';
import { Alert, Skeleton } from 'antd';
import { useT } from '../../app/locale.tsx';
import type { BpmnViewerProps } from './bpmn-viewer.tsx';

export type { BpmnViewerProps, DiagramMarker } from './bpmn-viewer.tsx';

// bpmn-js and its CSS are a chunk of their own, fetched when a screen first shows a diagram.
const BpmnViewer = lazy(() => import('./bpmn-viewer.tsx').then((m) => ({ default: m.BpmnViewer })));

/** A BPMN diagram, or (a file without diagram information, say) a note that it cannot be drawn. */
export function BpmnDiagram(props: BpmnViewerProps) {
  const t = useT();
  const [failed, setFailed] = useState(false);
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
      {failed && <Alert type="warning" showIcon title={t('diagram.cannotDraw')} style={{ marginBottom: 8 }} data-testid="diagram-failed" />}
      <div style={failed ? { display: 'none' } : undefined}>
        <BpmnViewer
          {...props}
          onImported={(result) => {
            setFailed(!result.ok);
            props.onImported?.(result);
          }}
        />
      </div>
    </Suspense>
  );
}
