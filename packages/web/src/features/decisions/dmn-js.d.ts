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
