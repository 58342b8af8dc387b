import type { ElementType } from '../graph.ts';

/** BPMN element types (bpmn-moddle `$type`) and what the graph calls them. */
export const ELEMENT_TYPES: Record<string, ElementType> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:Task': 'task',
  'bpmn:UserTask': 'userTask',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:CallActivity': 'callActivity',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
};

/** Refused elements, read as the nearest supported type so that one refusal does not cascade into flow problems. */
export const UNSUPPORTED_ELEMENTS: Record<string, { standIn: ElementType; why: string }> = {
  'bpmn:ScriptTask': {
    standIn: 'scriptTask',
    why: "scripts are not run in a bank's server; compute values with FEEL input/output mappings, a business-rule task or a connector",
  },
  'bpmn:ComplexGateway': { standIn: 'inclusiveGateway', why: 'its activation rule has no portable semantics; use an inclusive or exclusive gateway' },
  'bpmn:Transaction': { standIn: 'subProcess', why: 'transactions and cancel events are not supported; use a sub-process with compensation' },
  'bpmn:AdHocSubProcess': { standIn: 'subProcess', why: 'ad-hoc sub-processes are not supported; use user tasks with a parallel gateway' },
};

/** Data and artifacts carry no behaviour here (variables are the data): read past them silently. */
export const DATA_ELEMENTS = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

export const ACTIVITY_TYPES: ReadonlySet<ElementType> = new Set([
  'task',
  'userTask',
  'manualTask',
  'serviceTask',
  'sendTask',
  'receiveTask',
  'businessRuleTask',
  'scriptTask',
  'callActivity',
  'subProcess',
]);
