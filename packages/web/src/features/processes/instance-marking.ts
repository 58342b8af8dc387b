// How a process instance is drawn: which elements it completed, which it is in now, which wait for
// a timer or a message, and which sequence flows it took. Pure functions over the API's answers
// (history, instance detail, the definition's flows), so the rules are unit-tested apart from bpmn-js.

export interface HistoryRun {
  elementInstanceId: string;
  elementId: string;
  elementType: string;
  startedAt: string;
  endedAt: string | null;
  outcome: string | null;
}

export interface SequenceFlow {
  id: string;
  sourceRef: string;
  targetRef: string;
}

export type ElementState = 'completed' | 'active' | 'waiting' | 'canceled' | 'incident';

export interface InstanceMarking {
  completed: Set<string>;
  active: Set<string>;
  waiting: Set<string>;
  canceled: Set<string>;
  incident: Set<string>;
  /** Sequence flows the instance went along: the source ended before the target was entered. */
  takenFlows: Set<string>;
  /** Element id → its one state on the diagram (incident over waiting over active over completed over canceled). */
  states: Map<string, ElementState>;
}

/** Ended by the engine rather than done: a rewind, an interrupting event, a terminate. */
const ENDED_WITHOUT_COMPLETING = new Set(['canceled', 'terminated']);

export function markInstance(input: {
  history: readonly HistoryRun[];
  activeElements?: readonly { elementId: string }[];
  waitingEvents?: readonly { elementId: string }[];
  incidents?: readonly { elementId: string }[];
  flows?: readonly SequenceFlow[];
}): InstanceMarking {
  const completed = new Set<string>();
  const canceled = new Set<string>();
  const active = new Set<string>();
  const waiting = new Set<string>();
  const incident = new Set<string>();
  for (const run of input.history) {
    if (!run.endedAt) active.add(run.elementId);
    else if (run.outcome && ENDED_WITHOUT_COMPLETING.has(run.outcome)) canceled.add(run.elementId);
    else completed.add(run.elementId);
  }
  // The instance's own view of what is alive is authoritative (history may lag a page behind).
  for (const a of input.activeElements ?? []) active.add(a.elementId);
  for (const w of input.waitingEvents ?? []) waiting.add(w.elementId);
  for (const i of input.incidents ?? []) incident.add(i.elementId);

  const states = new Map<string, ElementState>();
  const order: [ElementState, Set<string>][] = [
    ['canceled', canceled],
    ['completed', completed],
    ['active', active],
    ['waiting', waiting],
    ['incident', incident],
  ];
  for (const [state, ids] of order) for (const id of ids) states.set(id, state);

  return { completed, active, waiting, canceled, incident, takenFlows: takenFlowsOf(input.history, input.flows ?? []), states };
}

/**
 * The flows a token went along. Each run of a source that ended (not canceled) left along the
 * outgoing flow whose target was entered first at or after that end: of a gateway's outgoing flows
 * only the branch entered qualifies, even when the other branch's target is reached later by
 * another path (a merge). Targets entered at the same instant all count (a parallel split).
 */
export function takenFlowsOf(history: readonly HistoryRun[], flows: readonly SequenceFlow[]): Set<string> {
  const ends = new Map<string, number[]>();
  const starts = new Map<string, number[]>();
  for (const run of history) {
    const started = Date.parse(run.startedAt);
    if (Number.isFinite(started)) starts.set(run.elementId, [...(starts.get(run.elementId) ?? []), started]);
    if (run.endedAt && !(run.outcome && ENDED_WITHOUT_COMPLETING.has(run.outcome))) {
      const ended = Date.parse(run.endedAt);
      if (Number.isFinite(ended)) ends.set(run.elementId, [...(ends.get(run.elementId) ?? []), ended]);
    }
  }
  const outgoing = new Map<string, SequenceFlow[]>();
  for (const flow of flows) outgoing.set(flow.sourceRef, [...(outgoing.get(flow.sourceRef) ?? []), flow]);
  const taken = new Set<string>();
  for (const [source, leaving] of outgoing) {
    for (const ended of ends.get(source) ?? []) {
      let first = Number.POSITIVE_INFINITY;
      let along: SequenceFlow[] = [];
      for (const flow of leaving) {
        const entered = Math.min(...(starts.get(flow.targetRef) ?? []).filter((s) => s >= ended));
        if (entered < first) [first, along] = [entered, [flow]];
        else if (entered === first && Number.isFinite(entered)) along.push(flow);
      }
      for (const flow of along) taken.add(flow.id);
    }
  }
  return taken;
}

/** How long a run took, or has been running (to `now`), in milliseconds; null when unknown. */
export function runDurationMs(run: Pick<HistoryRun, 'startedAt' | 'endedAt'>, now: number = Date.now()): number | null {
  const start = Date.parse(run.startedAt);
  const end = run.endedAt ? Date.parse(run.endedAt) : now;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return null;
  return end - start;
}

export interface ElementSummary {
  elementId: string;
  runs: HistoryRun[];
  /** Summed over runs that ended; null when none did. */
  totalMs: number | null;
  lastOutcome: string | null;
}

/** An element's runs in order (an element run twice: a loop, a return, a multi-instance). */
export function summarizeElement(history: readonly HistoryRun[], elementId: string): ElementSummary {
  const runs = history.filter((h) => h.elementId === elementId).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  let total: number | null = null;
  for (const run of runs) {
    if (!run.endedAt) continue;
    const ms = runDurationMs(run);
    if (ms !== null) total = (total ?? 0) + ms;
  }
  const last = [...runs].reverse().find((r) => r.endedAt);
  return { elementId, runs, totalMs: total, lastOutcome: last?.outcome ?? null };
}

/** The definition's sequence flows, read from its XML (bpmn:sequenceFlow sourceRef/targetRef). */
export function sequenceFlowsOf(xml: string | undefined): SequenceFlow[] {
  if (!xml || typeof DOMParser === 'undefined') return [];
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return Array.from(doc.getElementsByTagNameNS('*', 'sequenceFlow'))
    .map((f) => ({ id: f.getAttribute('id') ?? '', sourceRef: f.getAttribute('sourceRef') ?? '', targetRef: f.getAttribute('targetRef') ?? '' }))
    .filter((f) => f.id && f.sourceRef && f.targetRef);
}
