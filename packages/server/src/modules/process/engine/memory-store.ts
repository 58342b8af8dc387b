import {
  ConcurrentChangeError,
  type DeployedProcess,
  type ElementInstanceRecord,
  type EngineChanges,
  type IncidentRecord,
  type InstanceAggregate,
  type InstanceRecord,
  type JobRecord,
  type ProcessStore,
  type SubscriptionRecord,
  type TaskRecord,
} from './contract.ts';

/**
 * `ProcessStore` in memory, for the interpreter's unit tests and other modules' tests that need a
 * running engine without PostgreSQL. It keeps history (ended element instances, closed tasks) so
 * tests can assert on it. Reads hand out copies, as a database would: the engine may change what it
 * loaded, and a command that throws must leave the store as it was.
 */
export class MemoryProcessStore implements ProcessStore {
  readonly definitions = new Map<string, DeployedProcess>();
  readonly instances = new Map<string, InstanceRecord>();
  readonly elementInstances = new Map<string, ElementInstanceRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly jobs = new Map<string, JobRecord>();
  readonly subscriptions = new Map<string, SubscriptionRecord>();
  readonly incidents = new Map<string, IncidentRecord>();
  /** Every saved operation's events, in order. */
  readonly events: EngineChanges['events'] = [];
  /** When false, ended element instances and closed tasks are dropped (long benchmark runs). */
  keepHistory = true;

  /**
   * Deploys a definition with what its start events wait on (message/signal start subscriptions,
   * timer-start jobs: `startEventsOf` in process/commands makes them), replacing those of the
   * key's older versions, as a deployment does.
   */
  deploy(definition: DeployedProcess, startSubscriptions: SubscriptionRecord[] = [], startJobs: JobRecord[] = []): void {
    this.definitions.set(definition.id, definition);
    for (const subscription of this.subscriptions.values()) {
      const old = this.definitions.get(subscription.definitionId);
      if (subscription.instanceId === null && old?.key === definition.key && old.id !== definition.id) this.subscriptions.delete(subscription.id);
    }
    for (const job of this.jobs.values()) {
      const old = this.definitions.get(job.definitionId);
      if (job.kind === 'timer-start' && old?.key === definition.key && old.id !== definition.id) this.jobs.delete(job.id);
    }
    for (const subscription of startSubscriptions) this.subscriptions.set(subscription.id, subscription);
    for (const job of startJobs) this.jobs.set(job.id, job);
  }

  async getDefinition(definitionId: string): Promise<DeployedProcess | undefined> {
    return this.definitions.get(definitionId);
  }

  async findDefinition(key: string, version?: number): Promise<DeployedProcess | undefined> {
    let found: DeployedProcess | undefined;
    for (const definition of this.definitions.values()) {
      if (definition.key !== key) continue;
      if (version !== undefined ? definition.version === version : !found || definition.version > found.version) found = definition;
    }
    return found;
  }

  async findDefinitionInDeployment(key: string, deploymentId: string): Promise<DeployedProcess | undefined> {
    for (const definition of this.definitions.values()) if (definition.key === key && definition.deploymentId === deploymentId) return definition;
    return undefined;
  }

  async loadInstance(instanceId: string): Promise<InstanceAggregate | undefined> {
    const instance = this.instances.get(instanceId);
    if (!instance) return undefined;
    const copy = structuredClone;
    return {
      instance: copy(instance),
      elementInstances: [...this.elementInstances.values()].filter((e) => e.instanceId === instanceId && e.state === 'active').map((e) => copy(e)),
      openTasks: [...this.tasks.values()].filter((t) => t.instanceId === instanceId && t.state === 'open').map((t) => copy(t)),
      jobs: [...this.jobs.values()].filter((j) => j.instanceId === instanceId).map((j) => copy(j)),
      subscriptions: [...this.subscriptions.values()].filter((s) => s.instanceId === instanceId).map((s) => copy(s)),
      openIncidents: [...this.incidents.values()].filter((i) => i.instanceId === instanceId && i.resolvedAt === null).map((i) => copy(i)),
    };
  }

  async findTask(taskId: string): Promise<TaskRecord | undefined> {
    const task = this.tasks.get(taskId);
    return task && structuredClone(task);
  }

  async findJob(jobId: string): Promise<JobRecord | undefined> {
    const job = this.jobs.get(jobId);
    return job && structuredClone(job);
  }

  async findIncident(incidentId: string): Promise<IncidentRecord | undefined> {
    const incident = this.incidents.get(incidentId);
    return incident && structuredClone(incident);
  }

  async findMessageSubscriptions(name: string, correlationKey: string | null): Promise<SubscriptionRecord[]> {
    return [...this.subscriptions.values()].filter((s) => s.kind === 'message' && s.name === name && (correlationKey === null || s.correlationKey === correlationKey));
  }

  async findSignalSubscriptions(name: string): Promise<SubscriptionRecord[]> {
    return [...this.subscriptions.values()].filter((s) => s.kind === 'signal' && s.name === name);
  }

  async findStartSubscriptions(kind: 'message-start' | 'signal-start', name: string): Promise<SubscriptionRecord[]> {
    return [...this.subscriptions.values()].filter((s) => s.kind === kind && s.name === name);
  }

  /** Due jobs, oldest first: what a job worker would claim at `now`. */
  dueJobs(now: Date): JobRecord[] {
    return [...this.jobs.values()].filter((job) => job.dueAt.getTime() <= now.getTime()).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  /** Records are kept as handed over: the engine never changes a record after `save`. */
  async save(changes: EngineChanges): Promise<void> {
    for (const instance of changes.instances) {
      if (changes.createdInstanceIds.has(instance.id)) continue;
      const stored = this.instances.get(instance.id);
      if (!stored || stored.revision !== instance.revision) throw new ConcurrentChangeError(instance.id);
    }
    for (const instance of changes.instances) {
      this.instances.set(instance.id, changes.createdInstanceIds.has(instance.id) ? instance : { ...instance, revision: instance.revision + 1 });
    }
    for (const elementInstance of changes.elementInstances) {
      if (this.keepHistory || elementInstance.state === 'active') this.elementInstances.set(elementInstance.id, elementInstance);
      else this.elementInstances.delete(elementInstance.id);
    }
    for (const task of changes.tasks) {
      // As the table's defaults do: a task written without the issue 15 fields is the engine's own.
      task.kind ??= 'process';
      task.parentTaskId ??= null;
      task.signerPosition ??= null;
      task.owner ??= null;
      task.delegationState ??= null;
      if (this.keepHistory || task.state === 'open') this.tasks.set(task.id, task);
      else this.tasks.delete(task.id);
    }
    for (const job of changes.jobsDeleted) this.jobs.delete(job.id);
    for (const job of changes.jobsCreated) this.jobs.set(job.id, job);
    for (const subscription of changes.subscriptionsDeleted) this.subscriptions.delete(subscription.id);
    for (const subscription of changes.subscriptionsCreated) this.subscriptions.set(subscription.id, subscription);
    for (const incident of changes.incidents) this.incidents.set(incident.id, incident);
    if (this.keepHistory) this.events.push(...changes.events);
  }
}
