import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';
import type { DmnViewerProps } from './dmn-viewer.tsx';

// dmn-js and its CSS are a chunk of their own, fetched when a decision is first shown.
const DmnFileViewer = lazy(() => import('./dmn-viewer.tsx').then((m) => ({ default: m.DmnFileViewer })));

export function DmnDiagram(props: DmnViewerProps) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
      <DmnFileViewer {...props} />
    </Suspense>
  );
}
