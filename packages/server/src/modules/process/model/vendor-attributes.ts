import type { ModdleElement } from './moddle-element.ts';

/**
 * Camunda 7, Activiti and Flowable share attribute names (`assignee`, `candidateGroups`,
 * `collection` …). Camunda's are typed moddle properties; Activiti's and Flowable's stay in
 * `$attrs` under the prefix our minimal descriptors fix. One lookup reads all three.
 */

export const CAMUNDA_STYLE_VENDORS = ['camunda', 'activiti', 'flowable'] as const;
export type CamundaStyleVendor = (typeof CAMUNDA_STYLE_VENDORS)[number];

/**
 * A typed extension property as the file set it. moddle's `get` answers a descriptor default
 * (camunda:mapDecisionResult="resultList") for an absent attribute, which would hide the
 * dialect's own default, so an unset property reads as undefined.
 */
export function typedProperty(element: ModdleElement | undefined, qualifiedName: string): unknown {
  const get = element?.get;
  if (!element || typeof get !== 'function') return undefined;
  const localName = qualifiedName.slice(qualifiedName.indexOf(':') + 1);
  if (!Object.hasOwn(element, localName)) return undefined;
  try {
    return (get as (name: string) => unknown).call(element, qualifiedName);
  } catch {
    return undefined;
  }
}

/** The value of `camunda:<name>`, `activiti:<name>` or `flowable:<name>`, first one set. */
export function camundaStyleAttribute(element: ModdleElement | undefined, name: string): string | undefined {
  const camunda = typedProperty(element, `camunda:${name}`);
  if (typeof camunda === 'string' && camunda !== '') return camunda;
  if (typeof camunda === 'number') return String(camunda);
  for (const vendor of ['activiti', 'flowable'] as const) {
    const value = element?.$attrs?.[`${vendor}:${name}`];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Booleans such as `camunda:asyncBefore`: typed in Camunda's descriptor, text in `$attrs` otherwise. */
export function camundaStyleFlag(element: ModdleElement | undefined, name: string): boolean {
  if (typedProperty(element, `camunda:${name}`) === true) return true;
  return ['activiti', 'flowable'].some((vendor) => element?.$attrs?.[`${vendor}:${name}`]?.trim().toLowerCase() === 'true');
}

/** Attributes of the Activiti/Flowable namespaces the compiler reads; any other is reported as ignored. */
export const READ_ACTIVITI_ATTRIBUTES = new Set([
  'assignee',
  'candidateUsers',
  'candidateGroups',
  'formKey',
  'dueDate',
  'priority',
  'async',
  'asyncBefore',
  'asyncAfter',
  'collection',
  'elementVariable',
  'class',
  'delegateExpression',
  'expression',
  'type',
  'topic',
  'resultVariable',
  'resultVariableName',
  'candidateStarterGroups',
  'calledElementType',
  'errorCodeVariable',
  'exclusive',
]);
