import type { Diagnostics } from './diagnostics.ts';
import { ZEEBE_HTTP_CONNECTOR_TYPE } from './connector.ts';
import { type ModdleElement, childOf, childrenOf, extensionOf, isModdleElement, stringOf } from './moddle-element.ts';
import { READ_ACTIVITI_ATTRIBUTES } from './vendor-attributes.ts';

/** Camunda 7 properties with a Docket meaning (see docs/designers/bpmn.md, vendor mapping). */
const READ_CAMUNDA_PROPERTIES = new Set([
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
  'calledElementBinding',
  'calledElementVersion',
  'decisionRef',
  'resultVariable',
  'mapDecisionResult',
  'errorCodeVariable',
  'type',
  'topic',
  'class',
  'delegateExpression',
  'expression',
  'candidateStarterGroups',
  'historyTimeToLive',
]);

const READ_EXTENSION_ELEMENTS = new Set([
  'camunda:In',
  'camunda:Out',
  'camunda:InputOutput',
  'camunda:Connector',
  'zeebe:AssignmentDefinition',
  'zeebe:LoopCharacteristics',
  'zeebe:IoMapping',
  'zeebe:CalledElement',
  'zeebe:CalledDecision',
  'zeebe:Subscription',
  'zeebe:FormDefinition',
  'zeebe:UserTaskForm',
  'zeebe:TaskDefinition',
  'zeebe:TaskSchedule',
  'zeebe:PriorityDefinition',
  'zeebe:UserTask',
  'activiti:In',
  'activiti:Out',
  'flowable:In',
  'flowable:Out',
]);

/** Modeller bookkeeping (templates, colours, diagram ids): no behaviour, not worth a warning. */
const SILENT_ATTRIBUTE = /^(xmlns(:|$)|xsi:|modeler:|color:|bioc:|.*:modelerTemplate|.*:diagramRelationId$|camunda:versionTag$|zeebe:versionTag$)/;

/**
 * Vendor extensions Docket does not read are dropped; the designer is told on deploy, one warning
 * per element naming what was ignored, so a listener or a job priority does not vanish unseen.
 */
export function warnIgnoredExtensions(process: ModdleElement, diagnostics: Diagnostics): void {
  const seen = new Set<ModdleElement>();
  const visit = (element: ModdleElement, owner: string): void => {
    if (seen.has(element)) return;
    seen.add(element);
    const ownerId = element.id ?? owner;
    const ignored = [...ignoredAttributes(element), ...ignoredExtensionElements(element)];
    if (ignored.length > 0) {
      diagnostics.warning(ownerId, 'ignored-extension', `Ignored vendor extension${ignored.length === 1 ? '' : 's'} Docket does not run: ${[...new Set(ignored)].join(', ')}.`);
    }
    for (const child of [...childrenOf(element, 'flowElements'), ...childrenOf(element, 'eventDefinitions'), ...childrenOf(element, 'artifacts')]) visit(child, ownerId);
    // Formal expressions carry vendor attributes too (flowable:endDate on a timeCycle).
    for (const property of [
      'loopCharacteristics',
      'messageRef',
      'signalRef',
      'errorRef',
      'escalationRef',
      'timeDate',
      'timeDuration',
      'timeCycle',
      'conditionExpression',
      'loopCardinality',
      'completionCondition',
    ]) {
      const child = childOf(element, property);
      if (child) visit(child, ownerId);
    }
  };
  visit(process, process.id ?? '');
}

function ignoredAttributes(element: ModdleElement): string[] {
  const ignored: string[] = [];
  for (const name of Object.keys(element.$attrs ?? {})) {
    if (SILENT_ATTRIBUTE.test(name) || !name.includes(':')) continue;
    const [prefix = '', local = ''] = name.split(':');
    if ((prefix === 'activiti' || prefix === 'flowable') && READ_ACTIVITI_ATTRIBUTES.has(local)) continue;
    ignored.push(name);
  }
  const descriptor = element.$descriptor as { properties?: Array<{ name: string; ns?: { prefix?: string } }> } | undefined;
  for (const key of Object.keys(element)) {
    const property = descriptor?.properties?.find((candidate) => candidate.name === key);
    const prefix = property?.ns?.prefix;
    if (prefix !== 'camunda' && prefix !== 'zeebe') continue;
    if (prefix === 'camunda' && READ_CAMUNDA_PROPERTIES.has(key)) continue;
    if (SILENT_ATTRIBUTE.test(`${prefix}:${key}`)) continue;
    ignored.push(`${prefix}:${key}`);
  }
  return ignored;
}

function ignoredExtensionElements(element: ModdleElement): string[] {
  const values = childrenOf(childOf(element, 'extensionElements'), 'values');
  const extra = (childOf(element, 'extensionElements')?.values as unknown[] | undefined)?.filter((value) => !isModdleElement(value)) ?? [];
  return [
    ...values
      .filter((value) => !value.$type.startsWith('docket:') && !READ_EXTENSION_ELEMENTS.has(value.$type) && !isHttpConnectorHeaders(element, value))
      .map((value) => lowerFirstLocalName(value.$type)),
    ...extra.map(() => 'unknown extension'),
  ];
}

/** Task headers configure a job worker Docket is not; only the REST connector's (resultVariable, retryBackoff) are read. */
function isHttpConnectorHeaders(element: ModdleElement, value: ModdleElement): boolean {
  return value.$type === 'zeebe:TaskHeaders' && stringOf(extensionOf(element, 'zeebe:TaskDefinition'), 'type') === ZEEBE_HTTP_CONNECTOR_TYPE;
}

function lowerFirstLocalName(type: string): string {
  const [prefix, local = ''] = type.split(':');
  return `${prefix}:${local.charAt(0).toLowerCase()}${local.slice(1)}`;
}
