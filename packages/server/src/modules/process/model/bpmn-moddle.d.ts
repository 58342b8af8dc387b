// bpmn-moddle 10 ships element types (`bpmn-moddle/types`) but none for its entry point.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<{ rootElement: unknown; warnings: Array<{ message: string; element?: unknown; property?: string }> }>;
  }
}
