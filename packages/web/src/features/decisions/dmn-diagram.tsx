import { lazy } from 'react';
import { LazyDiagram } from '../../components/lazy-diagram.tsx';
import type { DmnViewerProps } from './dmn-viewer.tsx';

// dmn-js and its CSS are a chunk of their own, fetched when a decision is first shown.
const DmnFileViewer = lazy(() => import('./dmn-viewer.tsx').then((m) => ({ default: m.DmnFileViewer })));

/** A DMN file drawn, or a note that it cannot be. */
export function DmnDiagram(props: DmnViewerProps) {
  return <LazyDiagram viewer={DmnFileViewer} props={props} />;
}
