import { type ComponentType, type LazyExoticComponent, Suspense, useState } from 'react';
import { Alert, Skeleton } from 'antd';
import { useT } from '../app/locale.tsx';

export type DiagramImportResult = { ok: true } | { ok: false; error: string };

/**
 * A diagram drawn by a viewer loaded on demand (bpmn-js, dmn-js: chunks of their own), or a note
 * that the file cannot be drawn (no diagram information, say) while the rest of the page works.
 */
export function LazyDiagram<P extends { onImported?(result: DiagramImportResult): void }>({ viewer: Viewer, props }: { viewer: LazyExoticComponent<ComponentType<P>>; props: P }) {
  const t = useT();
  const [failed, setFailed] = useState(false);
  const viewerProps = {
    ...props,
    onImported: (result: DiagramImportResult) => {
      setFailed(!result.ok);
      props.onImported?.(result);
    },
  } as P;
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
      {failed && <Alert type="warning" showIcon title={t('diagram.cannotDraw')} style={{ marginBottom: 8 }} data-testid="diagram-failed" />}
      <div style={failed ? { display: 'none' } : undefined}>
        <Viewer {...viewerProps} />
      </div>
    </Suspense>
  );
}
