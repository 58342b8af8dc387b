// bpmn-js-properties-panel, @bpmn-io/properties-panel (preact) and bpmn-js-differ ship no type
// declarations; the modeler uses the few parts declared here.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: Record<string, unknown>;
  export const BpmnPropertiesProviderModule: Record<string, unknown>;
  export function useService<T = unknown>(name: string): T;
}

declare module '@bpmn-io/properties-panel' {
  type Entry = (props: Record<string, unknown>) => unknown;
  export const TextFieldEntry: Entry;
  export const TextAreaEntry: Entry;
  export const SelectEntry: Entry;
  export const Group: Entry;
  export function isTextFieldEntryEdited(node: HTMLElement): boolean;
  export function isSelectEntryEdited(node: HTMLElement): boolean;
  export function isTextAreaEntryEdited(node: HTMLElement): boolean;
}

declare module '@bpmn-io/properties-panel/preact' {
  export function createElement(type: unknown, props: Record<string, unknown> | null, ...children: unknown[]): unknown;
}

declare module 'bpmn-js-differ' {
  export interface BpmnDiff {
    _added: Record<string, { $type: string; id: string; name?: string }>;
    _removed: Record<string, { $type: string; id: string; name?: string }>;
    _changed: Record<string, { model: { $type: string; id: string; name?: string }; attrs: Record<string, { oldValue: unknown; newValue: unknown }> }>;
    _layoutChanged: Record<string, { $type: string; id: string; name?: string }>;
  }
  export function diff(oldDefinitions: unknown, newDefinitions: unknown): BpmnDiff;
}

// bpmn-js's own moddle (a dependency of bpmn-js); the unit tests read and write XML with it.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string): Promise<{ rootElement: unknown }>;
    toXML(element: unknown, options?: { format?: boolean }): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): unknown;
  }
}
