import type { FlowDef } from '../graph.ts';
import type { ProcessWalk } from './process-walk.ts';
import type { Diagnostics } from './diagnostics.ts';
import { readExpression } from './expressions.ts';
import { childOf, stringOf } from './moddle-element.ts';

/** Scripting languages a condition may name; Docket evaluates FEEL (and translated JUEL) only. */
const SCRIPT_LANGUAGE = /javascript|ecmascript|groovy|python|jython|ruby|mvel|drools|^js$/i;

/**
 * Sequence flows, their conditions and the default flows that point at them. A flow without an
 * id (the schema allows it) gets `flow_<source>_<target>_<n>`, stable across deploys of the same file.
 */
export function readSequenceFlows(walk: ProcessWalk, diagnostics: Diagnostics): void {
  const { graph } = walk;
  const generatedCounts = new Map<string, number>();
  for (const { flow, parent } of walk.sequenceFlows) {
    const sourceId = childOf(flow, 'sourceRef')?.id;
    const targetId = childOf(flow, 'targetRef')?.id;
    const reportId = flow.id ?? sourceId ?? parent ?? graph.key;
    if (!sourceId || !graph.elements[sourceId]) {
      diagnostics.problem(reportId, 'flow-without-source', `The sequence flow${flow.id ? '' : ` to "${targetId ?? '?'}"`} has no source element in this process.`);
      continue;
    }
    if (!targetId || !graph.elements[targetId]) {
      diagnostics.problem(reportId, 'flow-without-target', `The sequence flow${flow.id ? '' : ` from "${sourceId}"`} has no target element in this process.`);
      continue;
    }
    let id = flow.id;
    let generatedId = false;
    if (!id) {
      const base = `flow_${sourceId}_${targetId}`;
      let n = generatedCounts.get(base) ?? 0;
      do {
        n += 1;
        id = `${base}_${n}`;
      } while (graph.flows[id] || graph.elements[id] || walk.moddleById.has(id));
      generatedCounts.set(base, n);
      generatedId = true;
    }
    if (graph.flows[id] || graph.elements[id]) {
      diagnostics.problem(id, 'duplicate-id', `The id "${id}" is used by more than one element.`);
      continue;
    }
    const source = graph.elements[sourceId];
    const target = graph.elements[targetId];
    if (!source || !target) continue;
    if (source.parent !== target.parent) {
      diagnostics.problem(id, 'flow-crosses-scope', `The sequence flow leaves its sub-process: "${sourceId}" and "${targetId}" are in different scopes.`);
    }
    const conditionExpression = childOf(flow, 'conditionExpression');
    let condition: string | null = null;
    const body = stringOf(conditionExpression, 'body')?.trim();
    if (body) {
      const language = stringOf(conditionExpression, 'language') ?? '';
      if (SCRIPT_LANGUAGE.test(language)) {
        diagnostics.problem(id, 'unsupported-expression', `The condition is a ${language} script; Docket evaluates FEEL conditions only.`);
      } else if (/xpath/i.test(language) || /\bbpmn:getDataObject\s*\(/.test(body)) {
        diagnostics.problem(id, 'unsupported-expression', 'The condition is an XPath expression over data objects; Docket evaluates FEEL over process variables.');
      } else {
        condition = readExpression({ diagnostics, elementId: id, what: 'condition' }, body);
      }
      // Already refused; keep the text so the gateway check does not also call the flow unguarded.
      condition ??= body;
    }
    const definition: FlowDef = { id, generatedId, name: stringOf(flow, 'name')?.trim() || null, sourceRef: sourceId, targetRef: targetId, condition, isDefault: false };
    graph.flows[id] = definition;
    source.outgoing.push(id);
    target.incoming.push(id);
  }
  readDefaultFlows(walk, diagnostics);
}

function readDefaultFlows(walk: ProcessWalk, diagnostics: Diagnostics): void {
  for (const [id, element] of walk.moddleById) {
    const defaultId = childOf(element, 'default')?.id;
    if (!defaultId) continue;
    const flow = walk.graph.flows[defaultId];
    const definition = walk.graph.elements[id];
    if (!flow || !definition || flow.sourceRef !== id) {
      diagnostics.problem(id, 'invalid-default-flow', `The default flow "${defaultId}" is not a sequence flow leaving this element.`);
      continue;
    }
    definition.defaultFlow = defaultId;
    flow.isDefault = true;
    if (flow.condition !== null) {
      diagnostics.warning(defaultId, 'default-flow-condition-ignored', 'The default flow has a condition; a default flow is taken when no other flow matches, so the condition is ignored.');
      flow.condition = null;
    }
  }
}
