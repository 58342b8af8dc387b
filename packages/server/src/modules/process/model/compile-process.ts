import { type ElementDef, type ElementType, PROCESS_GRAPH_FORMAT, type ProcessGraph, type ScopeDef } from '../graph.ts';
import { readBusinessRule } from './business-rule.ts';
import type { ProcessWalk } from './process-walk.ts';
import { ACTIVITY_TYPES, DATA_ELEMENTS, ELEMENT_TYPES, UNSUPPORTED_ELEMENTS } from './element-types.ts';
import { readCallActivity } from './call-activity.ts';
import { readConnector, refuseJavaImplementations } from './connector.ts';
import type { Diagnostics } from './diagnostics.ts';
import { type EventPosition, readEventDefinition } from './event-definition.ts';
import { readIoMappings } from './io-mapping.ts';
import { linkFlows } from './link-events.ts';
import { type ModdleElement, childOf, childrenOf, extensionOf, stringOf } from './moddle-element.ts';
import { readMultiInstance } from './multi-instance.ts';
import { readProcessSettings } from './process-settings.ts';
import type { ElementReadContext } from './read-context.ts';
import { readSequenceFlows } from './sequence-flows.ts';
import { checkStructure } from './structure-checks.ts';
import { readUserTask } from './user-task.ts';
import { camundaStyleFlag } from './vendor-attributes.ts';

export function compileProcess(process: ModdleElement, diagnostics: Diagnostics): ProcessGraph {
  const key = process.id ?? '';
  const walk: ProcessWalk = {
    graph: {
      format: PROCESS_GRAPH_FORMAT,
      key,
      name: stringOf(process, 'name')?.trim() || null,
      elements: {},
      flows: {},
      scope: emptyScope(),
      settings: readProcessSettings(process, { diagnostics, elementId: key }),
    },
    moddleById: new Map(),
    sequenceFlows: [],
    associations: [],
    linkNames: new Map(),
  };
  walkScope(process, null, walk.graph.scope, walk, diagnostics);
  readSequenceFlows(walk, diagnostics);
  linkFlows(walk, diagnostics);
  attachBoundaryEvents(walk, diagnostics);
  linkCompensationHandlers(walk, diagnostics);
  checkStructure(walk.graph, diagnostics);
  return walk.graph;
}

function emptyScope(): ScopeDef {
  return { startEvents: [], eventSubProcesses: [], children: [] };
}

function walkScope(container: ModdleElement, parent: string | null, scope: ScopeDef, walk: ProcessWalk, diagnostics: Diagnostics): void {
  walk.associations.push(...childrenOf(container, 'artifacts').filter((artifact) => artifact.$type === 'bpmn:Association'));
  const parentIsEventSubProcess = parent !== null && walk.graph.elements[parent]?.triggeredByEvent === true;
  for (const element of childrenOf(container, 'flowElements')) {
    if (element.$type === 'bpmn:SequenceFlow') {
      walk.sequenceFlows.push({ flow: element, parent });
      continue;
    }
    if (DATA_ELEMENTS.has(element.$type)) continue;
    const id = element.id;
    if (!id) {
      diagnostics.problem(parent ?? walk.graph.key, 'missing-id', `A ${element.$type.replace('bpmn:', '')} has no id.`);
      continue;
    }
    if (walk.graph.elements[id] || walk.moddleById.has(id)) {
      diagnostics.problem(id, 'duplicate-id', `The id "${id}" is used by more than one element.`);
      continue;
    }
    const unsupported = UNSUPPORTED_ELEMENTS[element.$type];
    const type = unsupported?.standIn ?? ELEMENT_TYPES[element.$type];
    if (unsupported) diagnostics.problem(id, 'unsupported-element', `${element.$type.replace('bpmn:', '')} is not supported: ${unsupported.why}.`);
    if (!type) {
      diagnostics.problem(id, 'unsupported-element', `${element.$type.replace('bpmn:', '')} is not supported in a process.`);
      continue;
    }
    const context: ElementReadContext = { diagnostics, elementId: id };
    const definition = readElement(element, type, parent, parentIsEventSubProcess, context, walk);
    walk.graph.elements[id] = definition;
    walk.moddleById.set(id, element);
    scope.children.push(id);
    if (type === 'startEvent') scope.startEvents.push(id);
    if (type === 'subProcess') {
      definition.scope = emptyScope();
      if (definition.triggeredByEvent) scope.eventSubProcesses.push(id);
      walkScope(element, id, definition.scope, walk, diagnostics);
    }
  }
}

function readElement(element: ModdleElement, type: ElementType, parent: string | null, parentIsEventSubProcess: boolean, context: ElementReadContext, walk: ProcessWalk): ElementDef {
  const id = context.elementId;
  const definition: ElementDef = {
    id,
    name: stringOf(element, 'name')?.trim() || null,
    type,
    parent,
    incoming: [],
    outgoing: [],
    defaultFlow: null,
    boundaryEvents: [],
    inputs: [],
    outputs: [],
    asyncBefore: false,
    asyncAfter: false,
    isForCompensation: element.isForCompensation === true,
    compensationHandler: null,
  };
  const docketAsync = extensionOf(element, 'docket:Async');
  definition.asyncBefore = docketAsync?.before === true || camundaStyleFlag(element, 'asyncBefore') || camundaStyleFlag(element, 'async');
  definition.asyncAfter = docketAsync?.after === true || camundaStyleFlag(element, 'asyncAfter');

  const position = eventPosition(type, parent, parentIsEventSubProcess);
  if (position) {
    const read = readEventDefinition(element, position, context);
    definition.event = read.event;
    if (read.linkName !== undefined) walk.linkNames.set(id, read.linkName);
    if (type === 'startEvent' && parentIsEventSubProcess) definition.isInterrupting = element.isInterrupting !== false;
    if (type === 'boundaryEvent') definition.cancelActivity = element.cancelActivity !== false;
    if (read.event.kind === 'message' && (type === 'endEvent' || type === 'intermediateThrowEvent')) {
      const connector = readConnector(element, context);
      if (connector) definition.connector = connector;
    }
  }
  if (type === 'eventBasedGateway' && (element.instantiate === true || stringOf(element, 'eventGatewayType') === 'Parallel')) {
    context.diagnostics.problem(id, 'unsupported-element', 'An instantiating or parallel event-based gateway is not supported; start the process with message or timer start events instead.');
  }
  if (!ACTIVITY_TYPES.has(type)) return definition;

  const isZeebeCall = type === 'callActivity' && extensionOf(element, 'zeebe:CalledElement') !== undefined;
  const mappings = readIoMappings(element, context, { zeebeMappingsBelongToCall: isZeebeCall });
  definition.inputs = mappings.inputs;
  definition.outputs = mappings.outputs;
  const loop = readMultiInstance(element, context);
  if (loop) definition.loop = loop;

  switch (type) {
    case 'userTask':
      definition.userTask = readUserTask(element, context);
      break;
    case 'serviceTask':
    case 'sendTask': {
      const connector = readConnector(element, context);
      if (connector) definition.connector = connector;
      // A send task's message (bpmn:sendTask@messageRef) names what it publishes.
      if (type === 'sendTask' && childOf(element, 'messageRef')) definition.event = readEventDefinition(element, 'sendTask', context).event;
      break;
    }
    case 'businessRuleTask': {
      const businessRule = readBusinessRule(element, context);
      if (businessRule) {
        refuseJavaImplementations(element, context);
        definition.businessRule = businessRule;
        break;
      }
      const connector = readConnector(element, context);
      if (connector) definition.connector = connector;
      else if (!context.diagnostics.problems.some((problem) => problem.elementId === id && problem.code === 'unsupported-implementation')) {
        context.diagnostics.problem(id, 'business-rule-without-decision', 'The business-rule task names no decision (docket:decision decisionRef, camunda:decisionRef or zeebe:calledDecision).');
      }
      break;
    }
    case 'receiveTask':
      definition.event = readEventDefinition(element, 'receiveTask', context).event;
      break;
    case 'callActivity':
      definition.callActivity = readCallActivity(element, context);
      break;
    case 'subProcess':
      definition.triggeredByEvent = element.triggeredByEvent === true;
      break;
    default:
      break;
  }
  return definition;
}

function eventPosition(type: ElementType, parent: string | null, parentIsEventSubProcess: boolean): EventPosition | null {
  switch (type) {
    case 'startEvent':
      return parent === null ? 'processStart' : parentIsEventSubProcess ? 'eventSubProcessStart' : 'subProcessStart';
    case 'endEvent':
      return 'end';
    case 'intermediateCatchEvent':
      return 'intermediateCatch';
    case 'intermediateThrowEvent':
      return 'intermediateThrow';
    case 'boundaryEvent':
      return 'boundary';
    default:
      return null;
  }
}

function attachBoundaryEvents(walk: ProcessWalk, diagnostics: Diagnostics): void {
  for (const [id, element] of Object.entries(walk.graph.elements)) {
    if (element.type !== 'boundaryEvent') continue;
    const activityId = childOf(walk.moddleById.get(id), 'attachedToRef')?.id;
    const activity = activityId ? walk.graph.elements[activityId] : undefined;
    if (!activityId || !activity) {
      diagnostics.problem(id, 'boundary-without-activity', 'The boundary event is attached to no activity of this process.');
      continue;
    }
    if (!ACTIVITY_TYPES.has(activity.type)) {
      diagnostics.problem(id, 'boundary-on-non-activity', `The boundary event is attached to "${activityId}", a ${activity.type}; boundary events attach to tasks, sub-processes and call activities.`);
      continue;
    }
    element.attachedTo = activityId;
    activity.boundaryEvents.push(id);
    if (element.event?.kind === 'error' && element.cancelActivity === false) {
      diagnostics.warning(id, 'error-boundary-interrupts', 'An error boundary event always interrupts its activity (BPMN 2.0 §10.5.4); cancelActivity="false" is ignored.');
      element.cancelActivity = true;
    }
  }
}

/** A compensate boundary event is associated (not sequence-flowed) with its handler. */
function linkCompensationHandlers(walk: ProcessWalk, diagnostics: Diagnostics): void {
  const handled = new Set<string>();
  for (const association of walk.associations) {
    const ends = [childOf(association, 'sourceRef')?.id, childOf(association, 'targetRef')?.id];
    const boundaryId = ends.find((end) => end !== undefined && walk.graph.elements[end]?.event?.kind === 'compensate' && walk.graph.elements[end]?.type === 'boundaryEvent');
    const handlerId = ends.find((end) => end !== undefined && end !== boundaryId && walk.graph.elements[end] !== undefined);
    if (!boundaryId || !handlerId) continue;
    const boundary = walk.graph.elements[boundaryId] as ElementDef;
    const handler = walk.graph.elements[handlerId] as ElementDef;
    if (!boundary.attachedTo) continue;
    const activity = walk.graph.elements[boundary.attachedTo] as ElementDef;
    activity.compensationHandler = handlerId;
    handled.add(boundaryId);
    if (!handler.isForCompensation) {
      diagnostics.warning(handlerId, 'compensation-handler-not-marked', 'The activity handles compensation but is not marked isForCompensation="true"; it is read as a compensation handler.');
      handler.isForCompensation = true;
    }
  }
  for (const [id, element] of Object.entries(walk.graph.elements)) {
    if (element.type === 'boundaryEvent' && element.event?.kind === 'compensate' && !handled.has(id)) {
      diagnostics.problem(id, 'compensation-without-handler', 'The compensation boundary event is associated with no compensation handler (an activity marked isForCompensation).');
    }
  }
}
