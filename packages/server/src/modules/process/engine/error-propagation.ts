import type { ElementDef } from '../graph.ts';
import type { ElementInstanceRecord } from './contract.ts';
import type { InstanceContext, OperationSteps } from './operation-api.ts';

/**
 * BPMN errors and escalations: the innermost catch walking outwards — boundary events of the
 * enclosing activities (a different code does not match), error/escalation starts of event
 * sub-processes of each scope, and on through call activities into the calling instance.
 */

/** A catch found for a thrown error or escalation. */
type Catch =
  | { at: 'boundary'; context: InstanceContext; host: ElementInstanceRecord; event: ElementDef }
  | { at: 'event-sub-process'; context: InstanceContext; scopeId: string | null; start: ElementDef };

/**
 * Finds the innermost catch of an error or escalation, walking out through boundary events,
 * event sub-processes and calling activities, and triggers it. Returns false when none catches.
 */
export async function throwError(
  op: OperationSteps,
  context: InstanceContext,
  from: ElementInstanceRecord,
  kind: 'error' | 'escalation',
  code: string,
  /** Runs once a catch is found, before it is triggered (an error end event completes: it did its job). */
  onCaught?: () => void,
): Promise<boolean> {
  const found = await findCatch(op, context, from, kind, code);
  if (!found) return false;
  onCaught?.();
  const variableName = (found.at === 'boundary' ? found.event : found.start).event?.errorCodeVariable;
  const variables: Record<string, unknown> = variableName ? { [variableName]: code } : {};
  // A called instance the catch interrupts ends with its call activity (cancelElementInstance).
  if (found.at === 'boundary') op.triggerBoundary(found.context, found.host, found.event, variables);
  else op.startEventSubProcess(found.context, found.scopeId, found.start, variables);
  return true;
}

async function findCatch(op: OperationSteps, context: InstanceContext, from: ElementInstanceRecord, kind: 'error' | 'escalation', code: string): Promise<Catch | null> {
  let current = context;
  let at: ElementInstanceRecord | null = from;
  const codeOf = (element: ElementDef) => (kind === 'error' ? element.event?.errorCode : element.event?.escalationCode) ?? null;
  const best = (candidates: ElementDef[]): ElementDef | undefined => {
    const matching = candidates.filter((candidate) => candidate.event?.kind === kind && (codeOf(candidate) === null || codeOf(candidate) === code));
    return matching.find((candidate) => codeOf(candidate) === code) ?? matching[0];
  };
  for (;;) {
    if (at !== null) {
      const element = current.index.element(at.elementId);
      if (at.loopCounter === null && element.boundaryEvents.length > 0) {
        const boundary = best(element.boundaryEvents.map((id) => current.index.element(id)));
        if (boundary) return { at: 'boundary', context: current, host: at, event: boundary };
      }
      const scopeId: string | null = at.scopeId;
      const scope: ElementInstanceRecord | null = scopeId === null ? null : (current.elementInstances.get(scopeId) ?? null);
      // An error from inside an event sub-process goes past its siblings, or it would catch itself.
      if (element.triggeredByEvent !== true && (scope === null || !scope.isMultiInstanceBody)) {
        const start = best(current.index.eventSubProcessStarts(scope?.elementId ?? null));
        if (start) return { at: 'event-sub-process', context: current, scopeId, start };
      }
      if (scope !== null) {
        at = scope;
        continue;
      }
    }
    const { parentInstanceId, parentElementInstanceId } = current.instance;
    if (parentInstanceId === null || parentElementInstanceId === null) return null;
    const parent = await op.load(parentInstanceId);
    const call = parent?.elementInstances.get(parentElementInstanceId);
    if (!parent || !call || call.state !== 'active') return null;
    current = parent;
    at = call;
  }
}
