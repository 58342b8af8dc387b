import { describe, expect, it } from 'vitest';
import type { ElementType, ProcessGraph } from '../../process/index.ts';
import { checkTrace, compileProcessModel } from './process-model.ts';

/** A process-level graph from element types and flows: enough of ProcessGraph for the model. */
function graphOf(types: Record<string, ElementType>, flows: [string, string][]): ProcessGraph {
  const elements: Record<string, unknown> = {};
  for (const [id, type] of Object.entries(types)) {
    elements[id] = {
      id,
      name: id,
      type,
      parent: null,
      incoming: [],
      outgoing: [],
      defaultFlow: null,
      boundaryEvents: [],
      inputs: [],
      outputs: [],
      asyncBefore: false,
      asyncAfter: false,
      isForCompensation: false,
      compensationHandler: null,
    };
  }
  const flowDefs: ProcessGraph['flows'] = {};
  flows.forEach(([from, to], n) => {
    const id = `f${n}`;
    flowDefs[id] = { id, generatedId: false, name: null, sourceRef: from, targetRef: to, condition: null, isDefault: false };
    (elements[from] as { outgoing: string[] }).outgoing.push(id);
    (elements[to] as { incoming: string[] }).incoming.push(id);
  });
  const startEvents = Object.entries(types)
    .filter(([, type]) => type === 'startEvent')
    .map(([id]) => id);
  return {
    format: 1,
    key: 'p',
    name: null,
    elements: elements as ProcessGraph['elements'],
    flows: flowDefs,
    scope: { startEvents, eventSubProcesses: [], children: Object.keys(types) },
    settings: { candidateStarterGroups: [], historyTimeToLiveDays: null },
  };
}

// start → a → xor → (b | c) → xor → d → end, and a loop d → a through a gateway.
const choice = compileProcessModel(
  graphOf({ start: 'startEvent', a: 'userTask', split: 'exclusiveGateway', b: 'userTask', c: 'serviceTask', merge: 'exclusiveGateway', d: 'userTask', again: 'exclusiveGateway', end: 'endEvent' }, [
    ['start', 'a'],
    ['a', 'split'],
    ['split', 'b'],
    ['split', 'c'],
    ['b', 'merge'],
    ['c', 'merge'],
    ['merge', 'd'],
    ['d', 'again'],
    ['again', 'a'],
    ['again', 'end'],
  ]),
);

// start → a → and-split → (b, c) → and-join → d → end.
const parallel = compileProcessModel(
  graphOf({ start: 'startEvent', a: 'userTask', fork: 'parallelGateway', b: 'userTask', c: 'userTask', join: 'parallelGateway', d: 'userTask', end: 'endEvent' }, [
    ['start', 'a'],
    ['a', 'fork'],
    ['fork', 'b'],
    ['fork', 'c'],
    ['b', 'join'],
    ['c', 'join'],
    ['join', 'd'],
    ['d', 'end'],
  ]),
);

describe('compileProcessModel', () => {
  it('lets a step follow another through gateways and events only, and knows the first and last steps', () => {
    expect([...choice.follows.get('a')!].sort()).toEqual(['b', 'c']);
    expect([...choice.follows.get('d')!]).toEqual(['a']);
    expect([...choice.first]).toEqual(['a']);
    expect([...choice.last]).toEqual(['d']);
  });

  it('calls mandatory the steps on every path from start to end, not the branches of a choice', () => {
    expect([...choice.mandatory].sort()).toEqual(['a', 'd']);
    expect([...parallel.mandatory].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lets the steps of parallel branches follow each other in either order', () => {
    expect(parallel.follows.get('b')!.has('c')).toBe(true);
    expect(parallel.follows.get('c')!.has('b')).toBe(true);
    expect(parallel.follows.get('b')!.has('d')).toBe(true);
  });
});

describe('checkTrace', () => {
  it('finds nothing wrong with a path the model draws, loops counted as repeats', () => {
    expect(checkTrace(choice, ['a', 'b', 'd'], true)).toEqual({ skipped: [], repeated: [], disallowed: [] });
    expect(checkTrace(parallel, ['a', 'c', 'b', 'd'], true)).toEqual({ skipped: [], repeated: [], disallowed: [] });
    expect(checkTrace(choice, ['a', 'c', 'd', 'a', 'b', 'd'], true)).toEqual({
      skipped: [],
      repeated: [
        { elementId: 'a', extra: 1 },
        { elementId: 'd', extra: 1 },
      ],
      disallowed: [],
    });
  });

  it('names a skipped mandatory step and the jump that skipped it', () => {
    expect(checkTrace(choice, ['a', 'b'], true)).toEqual({ skipped: ['d'], repeated: [], disallowed: [{ from: 'b', to: null }] });
    expect(checkTrace(parallel, ['a', 'b', 'd'], true)).toEqual({ skipped: ['c'], repeated: [], disallowed: [] });
  });

  it('judges a running instance only by the steps so far: nothing is skipped yet', () => {
    expect(checkTrace(choice, ['a', 'b'], false)).toEqual({ skipped: [], repeated: [], disallowed: [] });
  });

  it('names a path the sequence flows do not allow, including a wrong first step', () => {
    expect(checkTrace(choice, ['b', 'a', 'd'], true).disallowed).toEqual([
      { from: null, to: 'b' },
      { from: 'b', to: 'a' },
      { from: 'a', to: 'd' },
    ]);
  });
});
