import { type ElementDef, type ElementType, type EventDef, type FlowDef, PROCESS_GRAPH_FORMAT, type ProcessGraph, type ScopeDef } from '../graph.ts';
import type { DeployedProcess, EngineServices, InstanceRecord, JobRecord } from './contract.ts';
import { MemoryProcessStore } from './memory-store.ts';
import { ProcessEngine } from './process-engine.ts';

/**
 * Builds process graphs for the interpreter's unit tests without the model compiler:
 * `processGraph('p').add('s', 'startEvent').add('t', 'userTask').add('e', 'endEvent').chain('s', 't', 'e').build()`.
 * Incoming/outgoing flows, scopes, boundary lists and event-based targets are derived as the
 * compiler derives them.
 */
export type ElementOptions = Partial<Omit<ElementDef, 'id' | 'type' | 'incoming' | 'outgoing' | 'boundaryEvents' | 'scope'>>;

let deployments = 0;

export class TestGraphBuilder {
  private readonly elements: ElementDef[] = [];
  private readonly flows: FlowDef[] = [];

  constructor(private readonly key: string) {}

  add(id: string, type: ElementType, options: ElementOptions = {}): this {
    this.elements.push({
      id,
      name: options.name ?? null,
      type,
      parent: options.parent ?? null,
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
      ...options,
    });
    return this;
  }

  /** An event element: `event('m', 'intermediateCatchEvent', { kind: 'message', messageName: { static: 'paid' } })`. */
  event(id: string, type: ElementType, event: EventDef, options: ElementOptions = {}): this {
    return this.add(id, type, { ...options, event });
  }

  boundary(id: string, attachedTo: string, event: EventDef, options: ElementOptions & { interrupting?: boolean } = {}): this {
    const { interrupting = true, ...rest } = options;
    const host = this.elements.find((element) => element.id === attachedTo);
    return this.add(id, 'boundaryEvent', { parent: host?.parent ?? null, ...rest, event, attachedTo, cancelActivity: interrupting });
  }

  flow(from: string, to: string, options: { id?: string; condition?: string; isDefault?: boolean } = {}): this {
    this.flows.push({
      id: options.id ?? `${from}->${to}`,
      generatedId: options.id === undefined,
      name: null,
      sourceRef: from,
      targetRef: to,
      condition: options.condition ?? null,
      isDefault: options.isDefault ?? false,
    });
    return this;
  }

  /** Unconditional flows through the elements in order. */
  chain(...ids: string[]): this {
    for (let i = 0; i + 1 < ids.length; i++) this.flow(ids[i] as string, ids[i + 1] as string);
    return this;
  }

  build(): ProcessGraph {
    const elements: Record<string, ElementDef> = {};
    for (const element of this.elements) elements[element.id] = { ...element, incoming: [], outgoing: [], boundaryEvents: [] };
    const flows: Record<string, FlowDef> = {};
    for (const flow of this.flows) {
      flows[flow.id] = flow;
      const source = elements[flow.sourceRef];
      const target = elements[flow.targetRef];
      if (!source || !target) throw new Error(`flow ${flow.id} joins unknown elements`);
      source.outgoing.push(flow.id);
      target.incoming.push(flow.id);
      if (flow.isDefault) source.defaultFlow = flow.id;
    }
    const scopes = new Map<string | null, ScopeDef>([[null, { startEvents: [], eventSubProcesses: [], children: [] }]]);
    for (const element of Object.values(elements)) {
      if (element.type === 'subProcess') {
        element.scope = { startEvents: [], eventSubProcesses: [], children: [] };
        scopes.set(element.id, element.scope);
      }
    }
    for (const element of Object.values(elements)) {
      const scope = scopes.get(element.parent);
      if (!scope) throw new Error(`element ${element.id} has an unknown parent ${element.parent}`);
      scope.children.push(element.id);
      if (element.type === 'startEvent') scope.startEvents.push(element.id);
      if (element.type === 'subProcess' && element.triggeredByEvent) scope.eventSubProcesses.push(element.id);
      if (element.attachedTo) elements[element.attachedTo]?.boundaryEvents.push(element.id);
      if (element.type === 'eventBasedGateway') element.eventBasedTargets = element.outgoing.map((flowId) => flows[flowId]?.targetRef as string);
    }
    return {
      format: PROCESS_GRAPH_FORMAT,
      key: this.key,
      name: null,
      elements,
      flows,
      scope: scopes.get(null) as ScopeDef,
      settings: { candidateStarterGroups: [], historyTimeToLiveDays: null },
    };
  }

  /** Definition ids are unique per call: the engine caches a graph's index by definition id, as deployed graphs never change. */
  deploy(version = 1, deploymentId = `deployment-${this.key}-${version}`): DeployedProcess {
    return { id: `${this.key}:${version}:${++deployments}`, key: this.key, version, deploymentId, graph: this.build() };
  }
}

export function processGraph(key: string): TestGraphBuilder {
  return new TestGraphBuilder(key);
}

/** A fake clock, counter ids and decisions from a table, over a fresh memory store. */
export function engineForTests(options: { decisions?: Record<string, (variables: Record<string, unknown>) => Array<Record<string, unknown>>>; start?: Date } = {}) {
  const store = new MemoryProcessStore();
  let now = options.start ?? new Date('2026-12-01T09:00:00Z');
  let counter = 0;
  const services: EngineServices = {
    now: () => now,
    newId: () => `id-${String(++counter).padStart(6, '0')}`,
    async evaluateDecision(decisionKey, variables) {
      const decision = options.decisions?.[decisionKey];
      if (!decision) throw new Error(`decision ${decisionKey} is not deployed`);
      const resultList = decision(variables);
      return { resultList, result: resultList[0] ?? null };
    },
  };
  const engine = new ProcessEngine(store, services);
  const clock = {
    now: () => now,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
  /** Runs every job due now (timers, async continuations), as the job worker would, until none is due. */
  async function runDueJobs(): Promise<number> {
    let ran = 0;
    for (;;) {
      const due = store.dueJobs(now).filter((job) => job.kind !== 'connector');
      if (due.length === 0) return ran;
      await engine.executeJob({ jobId: (due[0] as JobRecord).id });
      ran++;
    }
  }
  const deploy = (...builders: TestGraphBuilder[]) =>
    builders.map((builder) => {
      const definition = builder.deploy();
      store.deploy(definition);
      return definition;
    });
  const helpers = {
    /** Active element ids of an instance, sorted. */
    active: (instanceId: string) =>
      [...store.elementInstances.values()]
        .filter((e) => e.instanceId === instanceId && e.state === 'active')
        .map((e) => e.elementId)
        .sort(),
    openTasks: (instanceId?: string) => [...store.tasks.values()].filter((t) => t.state === 'open' && (instanceId === undefined || t.instanceId === instanceId)),
    taskOf: (instanceId: string, elementId: string) => {
      const task = [...store.tasks.values()].find((t) => t.state === 'open' && t.instanceId === instanceId && t.elementId === elementId);
      if (!task) throw new Error(`no open task ${elementId} in ${instanceId}; open: ${helpers.openTasks(instanceId).map((t) => t.elementId)}`);
      return task;
    },
    instance: (instanceId: string) => store.instances.get(instanceId) as InstanceRecord,
    /** Ended element instances in the order they were created, e.g. ['s:completed', 't:canceled']. */
    history: (instanceId: string) => [...store.elementInstances.values()].filter((e) => e.instanceId === instanceId && e.state !== 'active').map((e) => `${e.elementId}:${e.state}`),
  };
  return { store, engine, services, clock, runDueJobs, deploy, ...helpers };
}
