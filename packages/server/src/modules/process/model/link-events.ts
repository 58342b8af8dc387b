import type { ProcessWalk } from './process-walk.ts';
import type { Diagnostics } from './diagnostics.ts';

/**
 * Link events are a drawing aid: a throw jumps to the catch of the same name in the same scope.
 * They compile into a plain flow between two pass-through events, so the engine never sees them.
 */
export function linkFlows(walk: ProcessWalk, diagnostics: Diagnostics): void {
  const { graph } = walk;
  const catches = new Map<string, string[]>();
  for (const [id, name] of walk.linkNames) {
    const element = graph.elements[id];
    if (element?.type !== 'intermediateCatchEvent' || !name) continue;
    const key = `${element.parent ?? ''}\u0000${name}`;
    catches.set(key, [...(catches.get(key) ?? []), id]);
  }
  for (const [key, ids] of catches) {
    if (ids.length > 1) for (const id of ids) diagnostics.problem(id, 'duplicate-link-catch', `More than one link catch event is named "${key.split('\u0000')[1]}" in this scope.`);
  }
  for (const [id, name] of walk.linkNames) {
    const element = graph.elements[id];
    if (!element) continue;
    element.type = 'intermediateThrowEvent';
    element.event = { kind: 'none' };
    if (walk.moddleById.get(id)?.$type !== 'bpmn:IntermediateThrowEvent' || !name) continue;
    const target = catches.get(`${element.parent ?? ''}\u0000${name}`)?.[0];
    if (!target) {
      diagnostics.problem(id, 'link-without-catch', `No link catch event named "${name}" is in the same scope as this link throw event.`);
      continue;
    }
    if (element.outgoing.length > 0) diagnostics.problem(id, 'invalid-flow', 'A link throw event cannot have outgoing sequence flows: it continues at its link catch event.');
    let n = 1;
    while (graph.flows[`flow_${id}_${target}_${n}`]) n += 1;
    const flowId = `flow_${id}_${target}_${n}`;
    graph.flows[flowId] = { id: flowId, generatedId: true, name: `link ${name}`, sourceRef: id, targetRef: target, condition: null, isDefault: false };
    element.outgoing.push(flowId);
    graph.elements[target]?.incoming.push(flowId);
  }
}
