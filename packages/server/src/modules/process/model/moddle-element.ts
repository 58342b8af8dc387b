/**
 * The compiler reads bpmn-moddle's object tree through these few accessors rather than the
 * generated types: vendor properties, generic elements and `$attrs` are untyped there anyway,
 * and one loose shape keeps every reader honest about absent values.
 */
export interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  $attrs?: Record<string, string>;
  $parent?: ModdleElement;
  [property: string]: unknown;
}

export function isModdleElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

export function stringOf(element: ModdleElement | undefined, property: string): string | undefined {
  const value = element?.[property];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function childOf(element: ModdleElement | undefined, property: string): ModdleElement | undefined {
  const value = element?.[property];
  return isModdleElement(value) ? value : undefined;
}

export function childrenOf(element: ModdleElement | undefined, property: string): ModdleElement[] {
  const value = element?.[property];
  return Array.isArray(value) ? value.filter(isModdleElement) : [];
}

/** The text of a formal expression (`conditionExpression`, `timeDuration` …), trimmed; undefined when empty. */
export function expressionBodyOf(element: ModdleElement | undefined, property: string): string | undefined {
  const expression = childOf(element, property);
  const body = stringOf(expression, 'body')?.trim();
  return body === undefined || body === '' ? undefined : body;
}

/** Extension elements of one type (`camunda:In`, `zeebe:TaskDefinition`, `docket:Assignment`). */
export function extensionsOf(element: ModdleElement | undefined, type: string): ModdleElement[] {
  return childrenOf(childOf(element, 'extensionElements'), 'values').filter((value) => value.$type === type);
}

export function extensionOf(element: ModdleElement | undefined, type: string): ModdleElement | undefined {
  return extensionsOf(element, type)[0];
}

export function attrOf(element: ModdleElement | undefined, qualifiedName: string): string | undefined {
  return element?.$attrs?.[qualifiedName];
}

export function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}
