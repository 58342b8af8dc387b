// dmn-js ships no type declarations; the console uses only its viewer.
declare module 'dmn-js/lib/NavigatedViewer' {
  export interface DmnView {
    id?: string;
    type: 'drd' | 'decisionTable' | 'literalExpression' | 'boxedExpression' | string;
    element: { id: string; name?: string };
  }
  export default class DmnViewer {
    constructor(options: { container: HTMLElement; common?: Record<string, unknown> });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    open(view: DmnView): Promise<unknown>;
    on(event: string, callback: (event: unknown) => void): void;
    destroy(): void;
  }
}

// The decision designer (issue 15) edits with the Modeler: the same views, plus saving.
declare module 'dmn-js/lib/Modeler' {
  import type { DmnView } from 'dmn-js/lib/NavigatedViewer';
  export interface DmnViewer {
    on(event: string, callback: (event: unknown) => void): void;
    get(service: string): unknown;
  }
  export default class DmnModeler {
    constructor(options: { container: HTMLElement; common?: Record<string, unknown>; [view: string]: unknown });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getDefinitions(): unknown;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    getActiveViewer(): DmnViewer | undefined;
    open(view: DmnView): Promise<unknown>;
    on(event: string, callback: (event: unknown) => void): void;
    destroy(): void;
  }
}
