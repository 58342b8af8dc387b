import { lazy, Suspense, useState } from 'react';
import { Alert, Skeleton } from 'antd';
import { useT } from '../../app/locale.tsx';
import type { DmnViewerProps } from './dmn-viewer.tsx';

// dmn-js and its CSS are a chunk of their own, fetched when a decision is first shown.
const DmnFileViewer = lazy(() => import('./dmn-viewer.tsx').then((m) => ({ default: m.DmnFileViewer })));

/** A DMN file drawn, or a note that it cannot be. */
export function DmnDiagram(props: DmnViewerProps) {
  const t = useT();
  const [failed, setFailed] = useState(false);
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
      {failed && <Alert type="warning" showIcon title={t('diagram.cannotDraw')} style={{ marginBottom: 8 }} data-testid="diagram-failed" />}
      <div style={failed ? { display: 'none' } : undefined}>
        <DmnFileViewer
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
