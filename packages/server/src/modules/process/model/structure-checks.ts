import type { ElementDef, ProcessGraph, ScopeDef } from '../graph.ts';
import { ACTIVITY_TYPES } from './element-types.ts';
import type { Diagnostics } from './diagnostics.ts';

/**
 * Checks that need the whole graph: gateways that could leave a token with nowhere to go, scopes
 * without a way in, elements nothing leads to, and flows the specification forbids.
 */
export function checkStructure(graph: ProcessGraph, diagnostics: Diagnostics): void {
  checkGateways(graph, diagnostics);
  checkFlowEnds(graph, diagnostics);
  checkScopeStarts(graph, diagnostics);
  checkEventBasedGateways(graph, diagnostics);
  checkCompensationTargets(graph, diagnostics);
  checkReachability(graph, diagnostics);
}

/** A compensation throw names an activity of its own scope (or, from an event sub-process, of the enclosing one). */
function checkCompensationTargets(graph: ProcessGraph, diagnostics: Diagnostics): void {
  for (const element of Object.values(graph.elements)) {
    const targetId = element.event?.kind === 'compensate' && element.type !== 'boundaryEvent' ? element.event.compensateActivityRef : null;
    if (!targetId) continue;
    const target = graph.elements[targetId];
    const scopeOfThrow = element.parent !== null && graph.elements[element.parent]?.triggeredByEvent ? graph.elements[element.parent]?.parent : element.parent;
    if (!target || !ACTIVITY_TYPES.has(target.type) || (target.parent !== element.parent && target.parent !== scopeOfThrow)) {
      diagnostics.problem(element.id, 'invalid-compensation-target', `The compensation event names "${targetId}", which is not an activity of the same scope.`);
    }
  }
}

function checkGateways(graph: ProcessGraph, diagnostics: Diagnostics): void {
  for (const element of Object.values(graph.elements)) {
    const outgoing = element.outgoing.map((id) => graph.flows[id]).filter((flow) => flow !== undefined);
    if ((element.type === 'exclusiveGateway' || element.type === 'inclusiveGateway') && outgoing.length > 1) {
      const unguarded = outgoing.filter((flow) => flow.condition === null && !flow.isDefault);
      if (unguarded.length > 0) {
        diagnostics.problem(
          element.id,
          'gateway-needs-default',
          `The gateway has several outgoing flows and ${unguarded.map((flow) => `"${flow.id}"`).join(', ')} ${unguarded.length === 1 ? 'has' : 'have'} no condition without being the default flow: give each a condition, or mark one as the gateway's default.`,
        );
      }
    }
    if (element.type === 'parallelGateway' || element.type === 'eventBasedGateway') {
      for (const flow of outgoing) {
        if (flow.condition === null) continue;
        diagnostics.warning(
          flow.id,
          'condition-ignored',
          `A flow out of ${element.type === 'parallelGateway' ? 'a parallel' : 'an event-based'} gateway is always taken; its condition is ignored (BPMN 2.0 §13.3).`,
        );
        flow.condition = null;
      }
    }
  }
}

function checkFlowEnds(graph: ProcessGraph, diagnostics: Diagnostics): void {
  for (const element of Object.values(graph.elements)) {
    if (element.type === 'endEvent' && element.outgoing.length > 0) diagnostics.problem(element.id, 'invalid-flow', 'An end event cannot have outgoing sequence flows.');
    if ((element.type === 'startEvent' || element.type === 'boundaryEvent') && element.incoming.length > 0) {
      diagnostics.problem(element.id, 'invalid-flow', `A ${element.type === 'startEvent' ? 'start' : 'boundary'} event cannot have incoming sequence flows.`);
    }
    if (element.type === 'subProcess' && element.triggeredByEvent && (element.incoming.length > 0 || element.outgoing.length > 0)) {
      diagnostics.problem(element.id, 'invalid-flow', 'An event sub-process is started by its event and cannot have incoming or outgoing sequence flows.');
    }
  }
}

function checkScopeStarts(graph: ProcessGraph, diagnostics: Diagnostics): void {
  const processStarts = graph.scope.startEvents.map((id) => graph.elements[id]).filter((start) => start !== undefined);
  if (processStarts.length === 0) {
    diagnostics.problem(graph.key, 'missing-start-event', 'The process has no start event (none, message, timer or signal), so it cannot be started.');
  }
  const noneStarts = processStarts.filter((start) => start.event?.kind === 'none');
  if (noneStarts.length > 1) {
    for (const start of noneStarts) diagnostics.problem(start.id, 'several-none-start-events', 'The process has more than one none start event; starting it would be ambiguous.');
  }
  for (const element of Object.values(graph.elements)) {
    if (element.type !== 'subProcess' || !element.scope) continue;
    const starts = element.scope.startEvents;
    if (element.triggeredByEvent) {
      if (starts.length !== 1) {
        diagnostics.problem(element.id, 'event-sub-process-start', `An event sub-process needs exactly one start event with a trigger; it has ${starts.length}.`);
      }
    } else if (starts.length === 0) {
      diagnostics.problem(element.id, 'missing-start-event', 'The sub-process has no start event; add a none start event.');
    } else if (starts.length > 1) {
      diagnostics.problem(element.id, 'several-none-start-events', 'The sub-process has more than one start event; it needs exactly one none start event.');
    }
  }
}

function checkEventBasedGateways(graph: ProcessGraph, diagnostics: Diagnostics): void {
  for (const element of Object.values(graph.elements)) {
    if (element.type !== 'eventBasedGateway') continue;
    const targets = element.outgoing.map((id) => graph.flows[id]?.targetRef).filter((target): target is string => target !== undefined);
    element.eventBasedTargets = targets;
    for (const targetId of targets) {
      const target = graph.elements[targetId];
      const waits = target?.type === 'receiveTask' || (target?.type === 'intermediateCatchEvent' && ['message', 'timer', 'signal'].includes(target.event?.kind ?? ''));
      if (!waits) diagnostics.problem(targetId, 'invalid-event-gateway-target', 'After an event-based gateway every flow must lead to a message, timer or signal catch event or a receive task.');
    }
    if (targets.length < 2) diagnostics.problem(element.id, 'invalid-event-gateway-target', 'An event-based gateway needs at least two outgoing flows, one per event it waits for.');
  }
}

/**
 * Everything must be reachable from a start event (or be a boundary event, an event sub-process,
 * or a compensation handler of something reachable); an element nothing leads to is a modelling error.
 */
function checkReachability(graph: ProcessGraph, diagnostics: Diagnostics): void {
  const reached = new Set<string>();
  const queue: string[] = [];
  const reach = (id: string | null | undefined): void => {
    if (!id || reached.has(id) || !graph.elements[id]) return;
    reached.add(id);
    queue.push(id);
  };
  const enterScope = (scope: ScopeDef): void => {
    for (const start of scope.startEvents) reach(start);
    for (const eventSubProcess of scope.eventSubProcesses) reach(eventSubProcess);
  };
  enterScope(graph.scope);
  while (queue.length > 0) {
    const element = graph.elements[queue.shift() as string] as ElementDef;
    for (const flowId of element.outgoing) reach(graph.flows[flowId]?.targetRef);
    for (const boundary of element.boundaryEvents) reach(boundary);
    reach(element.compensationHandler);
    if (element.scope) enterScope(element.scope);
  }
  for (const element of Object.values(graph.elements)) {
    if (reached.has(element.id)) continue;
    if (element.parent !== null && !reached.has(element.parent)) continue;
    if (element.type === 'boundaryEvent' && element.attachedTo && !reached.has(element.attachedTo)) continue;
    if (element.type === 'boundaryEvent' && !element.attachedTo) continue;
    if (element.isForCompensation) {
      diagnostics.problem(element.id, 'unreachable-element', 'The compensation handler is associated with no compensation boundary event of a reachable activity.');
      continue;
    }
    const why = element.incoming.length === 0 ? 'no sequence flow leads to it' : 'the flows into it come only from elements that cannot be reached';
    diagnostics.problem(element.id, 'unreachable-element', `The element cannot be reached from a start event: ${why}.`);
  }
}
