import type { ElementDef, FlowDef, ProcessGraph, ScopeDef } from '../graph.ts';
import { registerProcessCache } from '../../../platform/process-caches.ts';

/**
 * What the interpreter looks up on every step, computed once per deployed definition: graphs are
 * immutable, so the index is cached by definition id and shared by every instance of the version.
 */
export interface GraphIndex {
  graph: ProcessGraph;
  element(id: string): ElementDef;
  /** Outgoing flows of an element, in document order. */
  outgoing(elementId: string): FlowDef[];
  /** A parallel or inclusive gateway with more than one incoming flow waits for tokens. */
  isJoin(elementId: string): boolean;
  /** The scope an element opens (the process for null). */
  scopeOf(scopeElementId: string | null): ScopeDef;
  /** Start events of the event sub-processes directly in a scope (null: the process level). */
  eventSubProcessStarts(scopeElementId: string | null): ElementDef[];
  /** Per incoming flow of an inclusive join: the elements that can still reach it without passing through the join. */
  inclusiveJoinSources(joinId: string): Array<{ flowId: string; sources: Set<string> }>;
}

const cache = new Map<string, GraphIndex>();
registerProcessCache(() => cache.clear());

export function graphIndexFor(definitionId: string, graph: ProcessGraph): GraphIndex {
  let index = cache.get(definitionId);
  if (index === undefined || index.graph.key !== graph.key) {
    index = buildGraphIndex(graph);
    cache.set(definitionId, index);
  }
  return index;
}

export function buildGraphIndex(graph: ProcessGraph): GraphIndex {
  const outgoingByElement = new Map<string, FlowDef[]>();
  const joins = new Set<string>();
  for (const element of Object.values(graph.elements)) {
    outgoingByElement.set(
      element.id,
      element.outgoing.map((flowId) => flowOrThrow(graph, flowId)),
    );
    if ((element.type === 'parallelGateway' || element.type === 'inclusiveGateway') && element.incoming.length > 1) joins.add(element.id);
  }
  const espStarts = new Map<string | null, ElementDef[]>();
  const inclusiveSources = new Map<string, Array<{ flowId: string; sources: Set<string> }>>();

  const index: GraphIndex = {
    graph,
    element(id) {
      const element = graph.elements[id];
      if (element === undefined) throw new Error(`process ${graph.key} has no element ${id}`);
      return element;
    },
    outgoing: (elementId) => outgoingByElement.get(elementId) ?? [],
    isJoin: (elementId) => joins.has(elementId),
    scopeOf(scopeElementId) {
      if (scopeElementId === null) return graph.scope;
      const scope = graph.elements[scopeElementId]?.scope;
      if (scope === undefined) throw new Error(`element ${scopeElementId} of process ${graph.key} is not a scope`);
      return scope;
    },
    eventSubProcessStarts(scopeElementId) {
      let starts = espStarts.get(scopeElementId);
      if (starts === undefined) {
        starts = [];
        for (const espId of index.scopeOf(scopeElementId).eventSubProcesses) {
          for (const startId of index.scopeOf(espId).startEvents) starts.push(index.element(startId));
        }
        espStarts.set(scopeElementId, starts);
      }
      return starts;
    },
    inclusiveJoinSources(joinId) {
      let sources = inclusiveSources.get(joinId);
      if (sources === undefined) {
        sources = index.element(joinId).incoming.map((flowId) => ({ flowId, sources: elementsReaching(graph, flowId, joinId) }));
        inclusiveSources.set(joinId, sources);
      }
      return sources;
    },
  };
  return index;
}

/**
 * Backwards search from a flow: every element from which a token can travel to it without passing
 * through `joinId`. A boundary event makes its activity a source too (the activity's token can
 * leave by the boundary). Flows never cross scopes, so a token inside a sub-process counts through
 * the sub-process's own element instance.
 */
function elementsReaching(graph: ProcessGraph, flowId: string, joinId: string): Set<string> {
  const reached = new Set<string>();
  const pending: string[] = [flowOrThrow(graph, flowId).sourceRef];
  while (pending.length > 0) {
    const elementId = pending.pop() as string;
    if (elementId === joinId || reached.has(elementId)) continue;
    reached.add(elementId);
    const element = graph.elements[elementId];
    if (element === undefined) continue;
    for (const incoming of element.incoming) pending.push(flowOrThrow(graph, incoming).sourceRef);
    if (element.attachedTo) pending.push(element.attachedTo);
  }
  return reached;
}

function flowOrThrow(graph: ProcessGraph, flowId: string): FlowDef {
  const flow = graph.flows[flowId];
  if (flow === undefined) throw new Error(`process ${graph.key} has no flow ${flowId}`);
  return flow;
}
