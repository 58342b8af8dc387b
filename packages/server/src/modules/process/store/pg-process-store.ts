import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import { cancelJob, scheduleJob } from '../../../platform/jobs/index.ts';
import type { ProcessGraph } from '../graph.ts';
import { findLatestDefinitionId, forgetLatestDefinition } from './definitions-store.ts';
import {
  ConcurrentChangeError,
  type DeployedProcess,
  type EngineChanges,
  type IncidentRecord,
  type InstanceAggregate,
  type JobRecord,
  type ProcessStore,
  type SubscriptionRecord,
  type TaskRecord,
} from '../engine/contract.ts';
import {
  elementInstanceRow,
  incidentRow,
  instanceRow,
  jobRow,
  subscriptionRow,
  taskRow,
  toElementInstanceRecord,
  toIncidentRecord,
  toInstanceRecord,
  toJobRecord,
  toSubscriptionRecord,
  toTaskRecord,
} from './records.ts';
import { registerProcessCache } from '../../../platform/process-caches.ts';

/** The platform job kind that runs every engine job (timers, async continuations, connector calls). */
export const PROCESS_JOB_KIND = 'process.job';

// A definition never changes once deployed, so its parsed graph is kept by id for every command
// after the first (graphs are the largest thing a command reads).
const DEFINITION_CACHE_LIMIT = 500;
const definitionsById = new Map<string, DeployedProcess>();
registerProcessCache(() => definitionsById.clear());

function remember(definition: DeployedProcess): DeployedProcess {
  if (definitionsById.size >= DEFINITION_CACHE_LIMIT) definitionsById.delete(definitionsById.keys().next().value!);
  definitionsById.set(definition.id, definition);
  return definition;
}

/** The platform.job key of an engine job: its id and due time, so a job re-made with the same id (a retry) is scheduled anew. */
export function platformJobKeyOf(job: JobRecord): string {
  return `${job.id}@${job.dueAt.getTime()}`;
}

const json = (rows: unknown[]) => JSON.stringify(rows);

/**
 * ProcessStore over PostgreSQL, inside one command's transaction. One store serves one engine
 * operation: it remembers the revision of each instance it loaded, so `save` bumps (and checks)
 * the revision of every instance the operation touched, also when the engine left the instance
 * record itself unchanged. Every write is one statement per table, the rows sent as one JSON
 * document (jsonb_to_recordset).
 */
export class PgProcessStore implements ProcessStore {
  private readonly loadedRevisions = new Map<string, number>();
  private readonly knownTasks = new Map<string, TaskRecord>();

  /**
   * `now`: the command's time, for the rare write the engine leaves without one. `knownTasks`:
   * task rows the command already holds locked (FOR UPDATE), so findTask need not read them again.
   */
  constructor(
    private readonly tx: Tx,
    private readonly now: Date,
    knownTasks: readonly TaskRecord[] = [],
  ) {
    for (const task of knownTasks) this.knownTasks.set(task.id, task);
  }

  async getDefinition(definitionId: string): Promise<DeployedProcess | undefined> {
    const cached = definitionsById.get(definitionId);
    if (cached) return cached;
    const row = await this.tx.selectFrom('process.definition').select(['id', 'key', 'version', 'deployment_id', 'graph']).where('id', '=', definitionId).executeTakeFirst();
    return row && remember({ id: row.id, key: row.key, version: row.version, deploymentId: row.deployment_id, graph: row.graph as unknown as ProcessGraph });
  }

  async findDefinition(key: string, version?: number): Promise<DeployedProcess | undefined> {
    if (version === undefined) {
      const latestId = await findLatestDefinitionId(this.tx, key);
      if (latestId === undefined) return undefined;
      const latest = await this.getDefinition(latestId);
      if (latest) return latest;
      forgetLatestDefinition(key);
      const again = await findLatestDefinitionId(this.tx, key);
      return again === undefined ? undefined : this.getDefinition(again);
    }
    const row = await this.tx.selectFrom('process.definition').select('id').where('key', '=', key).where('version', '=', version).executeTakeFirst();
    return row && this.getDefinition(row.id);
  }

  async findDefinitionInDeployment(key: string, deploymentId: string): Promise<DeployedProcess | undefined> {
    const row = await this.tx.selectFrom('process.definition').select('id').where('key', '=', key).where('deployment_id', '=', deploymentId).executeTakeFirst();
    return row && this.getDefinition(row.id);
  }

  /** The instance and everything alive in it, in one round trip. */
  async loadInstance(instanceId: string): Promise<InstanceAggregate | undefined> {
    const result = await sql<Record<string, unknown> & { elements: unknown[]; tasks: unknown[]; jobs: unknown[]; subscriptions: unknown[]; incidents: unknown[] }>`
      SELECT i.*,
        (SELECT coalesce(jsonb_agg(to_jsonb(e) ORDER BY e.started_at, e.id), '[]') FROM process.element_instance e WHERE e.instance_id = i.id) AS elements,
        (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.created_at, t.id), '[]') FROM process.task t WHERE t.instance_id = i.id AND t.state = 'open') AS tasks,
        (SELECT coalesce(jsonb_agg(to_jsonb(j) ORDER BY j.due_at, j.id), '[]') FROM process.job j WHERE j.instance_id = i.id) AS jobs,
        (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.id), '[]') FROM process.subscription s WHERE s.instance_id = i.id) AS subscriptions,
        (SELECT coalesce(jsonb_agg(to_jsonb(n) ORDER BY n.created_at, n.id), '[]') FROM process.incident n WHERE n.instance_id = i.id AND n.resolved_at IS NULL) AS incidents
      FROM process.instance i WHERE i.id = ${instanceId}::uuid`.execute(this.tx);
    const row = result.rows[0];
    if (!row) return undefined;
    const instance = toInstanceRecord(row);
    this.loadedRevisions.set(instance.id, instance.revision);
    return {
      instance,
      elementInstances: (row.elements as Record<string, unknown>[]).map(toElementInstanceRecord),
      openTasks: (row.tasks as Record<string, unknown>[]).map(toTaskRecord),
      jobs: (row.jobs as Record<string, unknown>[]).map(toJobRecord),
      subscriptions: (row.subscriptions as Record<string, unknown>[]).map(toSubscriptionRecord),
      openIncidents: (row.incidents as Record<string, unknown>[]).map(toIncidentRecord),
    };
  }

  async findTask(taskId: string): Promise<TaskRecord | undefined> {
    const known = this.knownTasks.get(taskId);
    // A copy: the engine may change the record it is given, and the caller keeps its own.
    if (known) return structuredClone(known);
    // An external task (issue 15) has no instance: never the engine's to load.
    const row = await this.tx.selectFrom('process.task').selectAll().where('id', '=', taskId).where('instance_id', 'is not', null).executeTakeFirst();
    return row && toTaskRecord(row);
  }

  async findJob(jobId: string): Promise<JobRecord | undefined> {
    const row = await this.tx.selectFrom('process.job').selectAll().where('id', '=', jobId).executeTakeFirst();
    return row && toJobRecord(row);
  }

  async findIncident(incidentId: string): Promise<IncidentRecord | undefined> {
    const row = await this.tx.selectFrom('process.incident').selectAll().where('id', '=', incidentId).executeTakeFirst();
    return row && toIncidentRecord(row);
  }

  async findMessageSubscriptions(name: string, correlationKey: string | null): Promise<SubscriptionRecord[]> {
    let query = this.tx.selectFrom('process.subscription').selectAll().where('kind', '=', 'message').where('name', '=', name);
    if (correlationKey !== null) query = query.where('correlation_key', '=', correlationKey);
    return (await query.orderBy('id').execute()).map(toSubscriptionRecord);
  }

  async findSignalSubscriptions(name: string): Promise<SubscriptionRecord[]> {
    const rows = await this.tx.selectFrom('process.subscription').selectAll().where('kind', '=', 'signal').where('name', '=', name).orderBy('id').execute();
    return rows.map(toSubscriptionRecord);
  }

  async findStartSubscriptions(kind: 'message-start' | 'signal-start', name: string): Promise<SubscriptionRecord[]> {
    const rows = await this.tx.selectFrom('process.subscription').selectAll().where('kind', '=', kind).where('name', '=', name).orderBy('id').execute();
    return rows.map(toSubscriptionRecord);
  }

  async save(changes: EngineChanges): Promise<void> {
    // The instance rows first: a concurrent change is found before anything else is written, and
    // every command locks an instance before the rows in it (one lock order, fewer deadlocks).
    await this.saveInstances(changes);
    await this.saveElementInstances(changes);
    await this.saveTasks(changes.tasks);
    for (const task of changes.tasks) if (this.knownTasks.has(task.id)) this.knownTasks.set(task.id, structuredClone(task));
    await this.saveJobs(changes);
    await this.saveSubscriptions(changes);
    await this.saveIncidents(changes.incidents);
  }

  private async saveInstances(changes: EngineChanges): Promise<void> {
    const created = changes.instances.filter((i) => changes.createdInstanceIds.has(i.id));
    const updated = changes.instances.filter((i) => !changes.createdInstanceIds.has(i.id));
    const updatedIds = new Set(updated.map((i) => i.id));
    // Instances whose rows changed (an element, a task, a job …) while the instance record did
    // not: their revision is bumped all the same, so two commands on one instance never both commit.
    const touched = new Set<string>();
    for (const list of [changes.elementInstances, changes.tasks, changes.jobsCreated, changes.jobsDeleted, changes.subscriptionsCreated, changes.subscriptionsDeleted, changes.incidents]) {
      for (const record of list as Array<{ instanceId: string | null }>) if (record.instanceId) touched.add(record.instanceId);
    }
    const bumpOnly = [...touched]
      .filter((id) => !updatedIds.has(id) && !changes.createdInstanceIds.has(id) && this.loadedRevisions.has(id))
      .map((id) => ({ id, revision: this.loadedRevisions.get(id)! }));

    if (updated.length > 0 || bumpOnly.length > 0) {
      const expected = updated.length + bumpOnly.length;
      const result = await sql<{ id: string }>`
        WITH full_rows AS (
          UPDATE process.instance i SET
            definition_id = r.definition_id, process_key = r.process_key, version = r.version, state = r.state, case_id = r.case_id,
            business_key = r.business_key, parent_instance_id = r.parent_instance_id, parent_element_instance_id = r.parent_element_instance_id,
            root_instance_id = r.root_instance_id, variables = r.variables, ended_at = r.ended_at, started_by = r.started_by, data = r.data, revision = r.revision + 1
          FROM jsonb_to_recordset(${json(updated.map(instanceRow))}::jsonb) AS r(id uuid, definition_id uuid, process_key text, version int, state text, case_id uuid,
            business_key text, parent_instance_id uuid, parent_element_instance_id uuid, root_instance_id uuid, variables jsonb, ended_at timestamptz,
            started_by text, revision int, data jsonb)
          WHERE i.id = r.id AND i.revision = r.revision
          RETURNING i.id
        ), bumped AS (
          UPDATE process.instance i SET revision = r.revision + 1
          FROM jsonb_to_recordset(${json(bumpOnly)}::jsonb) AS r(id uuid, revision int)
          WHERE i.id = r.id AND i.revision = r.revision
          RETURNING i.id
        )
        SELECT id FROM full_rows UNION ALL SELECT id FROM bumped`.execute(this.tx);
      if (result.rows.length !== expected) {
        const written = new Set(result.rows.map((r) => r.id));
        const moved = [...updated.map((i) => i.id), ...bumpOnly.map((b) => b.id)].find((id) => !written.has(id))!;
        throw new ConcurrentChangeError(moved);
      }
      // Records stay as handed over (as in the memory store); this store's own memory moves on.
      for (const instance of updated) this.loadedRevisions.set(instance.id, instance.revision + 1);
      for (const { id, revision } of bumpOnly) this.loadedRevisions.set(id, revision + 1);
    }

    if (created.length > 0) {
      await sql`
        INSERT INTO process.instance (id, definition_id, process_key, version, state, case_id, business_key, parent_instance_id, parent_element_instance_id,
          root_instance_id, variables, started_at, ended_at, started_by, revision, data)
        SELECT r.id, r.definition_id, r.process_key, r.version, r.state, r.case_id, r.business_key, r.parent_instance_id, r.parent_element_instance_id,
          r.root_instance_id, r.variables, r.started_at, r.ended_at, r.started_by, r.revision, r.data
        FROM jsonb_to_recordset(${json(created.map(instanceRow))}::jsonb) AS r(id uuid, definition_id uuid, process_key text, version int, state text, case_id uuid,
          business_key text, parent_instance_id uuid, parent_element_instance_id uuid, root_instance_id uuid, variables jsonb, started_at timestamptz,
          ended_at timestamptz, started_by text, revision int, data jsonb)`.execute(this.tx);
    }
  }

  /** Active element instances are upserted into the runtime table; ended ones leave it for history. */
  private async saveElementInstances(changes: EngineChanges): Promise<void> {
    const active = changes.elementInstances.filter((e) => e.state === 'active');
    const ended = changes.elementInstances.filter((e) => e.state !== 'active');
    if (active.length > 0) {
      await sql`
        INSERT INTO process.element_instance (id, instance_id, element_id, element_type, scope_id, state, started_at, variables, is_multi_instance_body, loop_counter, data)
        SELECT r.id, r.instance_id, r.element_id, r.element_type, r.scope_id, r.state, r.started_at, r.variables, r.is_multi_instance_body, r.loop_counter, r.data
        FROM jsonb_to_recordset(${json(active.map(elementInstanceRow))}::jsonb) AS r(id uuid, instance_id uuid, element_id text, element_type text, scope_id uuid,
          state text, started_at timestamptz, variables jsonb, is_multi_instance_body boolean, loop_counter int, data jsonb)
        ON CONFLICT (id) DO UPDATE SET element_id = excluded.element_id, element_type = excluded.element_type, scope_id = excluded.scope_id, state = excluded.state,
          variables = excluded.variables, is_multi_instance_body = excluded.is_multi_instance_body, loop_counter = excluded.loop_counter, data = excluded.data`.execute(this.tx);
    }
    if (ended.length > 0) {
      const now = this.now;
      // The case id travels with each history row (a case's history is read without the instance table).
      await sql`
        WITH gone AS (
          DELETE FROM process.element_instance WHERE id = ANY(${ended.filter((e) => !changes.createdElementInstanceIds.has(e.id)).map((e) => e.id)}::uuid[])
        )
        INSERT INTO process.element_history (id, instance_id, case_id, element_id, element_type, scope_id, state, outcome, loop_counter, started_at, ended_at)
        SELECT r.id, r.instance_id, i.case_id, r.element_id, r.element_type, r.scope_id, r.state, r.outcome, r.loop_counter, r.started_at, r.ended_at
        FROM jsonb_to_recordset(${json(ended.map((e) => ({ ...elementInstanceRow(e), ended_at: e.endedAt ?? now })))}::jsonb) AS r(id uuid, instance_id uuid,
          element_id text, element_type text, scope_id uuid, state text, outcome text, loop_counter int, started_at timestamptz, ended_at timestamptz)
        LEFT JOIN process.instance i ON i.id = r.instance_id`.execute(this.tx);
    }
  }

  private async saveTasks(tasks: TaskRecord[]): Promise<void> {
    if (tasks.length === 0) return;
    await sql`
      INSERT INTO process.task (id, instance_id, element_instance_id, element_id, name, case_id, state, assignee, candidate_users, candidate_groups,
        department_role, form_key, due_at, priority, created_at, completed_at, completed_by, outcome, kind, parent_task_id, signer_position, owner, delegation_state)
      SELECT r.id, r.instance_id, r.element_instance_id, r.element_id, r.name, r.case_id, r.state, r.assignee, coalesce(r.candidate_users, '{}'),
        coalesce(r.candidate_groups, '{}'), r.department_role, r.form_key, r.due_at, r.priority, r.created_at, r.completed_at, r.completed_by, r.outcome,
        coalesce(r.kind, 'process'), r.parent_task_id, r.signer_position, r.owner, r.delegation_state
      FROM jsonb_to_recordset(${json(tasks.map(taskRow))}::jsonb) AS r(id uuid, instance_id uuid, element_instance_id uuid, element_id text, name text,
        case_id uuid, state text, assignee text, candidate_users text[], candidate_groups text[], department_role jsonb, form_key text, due_at timestamptz,
        priority int, created_at timestamptz, completed_at timestamptz, completed_by text, outcome text, kind text, parent_task_id uuid,
        signer_position text, owner text, delegation_state text)
      ON CONFLICT (id) DO UPDATE SET element_id = excluded.element_id, name = excluded.name, case_id = excluded.case_id, state = excluded.state, assignee = excluded.assignee,
        candidate_users = excluded.candidate_users, candidate_groups = excluded.candidate_groups, department_role = excluded.department_role,
        form_key = excluded.form_key, due_at = excluded.due_at, priority = excluded.priority, completed_at = excluded.completed_at,
        completed_by = excluded.completed_by, outcome = excluded.outcome, parent_task_id = excluded.parent_task_id,
        signer_position = excluded.signer_position, owner = excluded.owner, delegation_state = excluded.delegation_state`.execute(this.tx);
  }

  /** Engine jobs and the platform jobs that run them: scheduled and cancelled in this transaction. */
  private async saveJobs(changes: EngineChanges): Promise<void> {
    if (changes.jobsDeleted.length > 0) {
      const deleted = await sql<{ platform_job_key: string }>`
        DELETE FROM process.job WHERE id = ANY(${changes.jobsDeleted.map((j) => j.id)}::uuid[]) RETURNING platform_job_key`.execute(this.tx);
      const now = this.now;
      for (const { platform_job_key } of deleted.rows) await cancelJob(this.tx, { kind: PROCESS_JOB_KIND, key: platform_job_key, now });
    }
    if (changes.jobsCreated.length > 0) {
      await sql`
        INSERT INTO process.job (id, kind, instance_id, element_instance_id, element_id, definition_id, due_at, retries_left, data, platform_job_key)
        SELECT r.id, r.kind, r.instance_id, r.element_instance_id, r.element_id, r.definition_id, r.due_at, r.retries_left, r.data, r.platform_job_key
        FROM jsonb_to_recordset(${json(changes.jobsCreated.map((j) => jobRow(j, platformJobKeyOf(j))))}::jsonb) AS r(id uuid, kind text, instance_id uuid,
          element_instance_id uuid, element_id text, definition_id uuid, due_at timestamptz, retries_left int, data jsonb, platform_job_key text)
        ON CONFLICT (id) DO UPDATE SET due_at = excluded.due_at, retries_left = excluded.retries_left, data = excluded.data, platform_job_key = excluded.platform_job_key`.execute(this.tx);
      // Payload: the engine job's id only (platform payloads are shown to operators in clear).
      for (const job of changes.jobsCreated) await scheduleJob(this.tx, { kind: PROCESS_JOB_KIND, key: platformJobKeyOf(job), dueAt: job.dueAt, payload: { jobId: job.id } });
    }
  }

  private async saveSubscriptions(changes: EngineChanges): Promise<void> {
    if (changes.subscriptionsDeleted.length > 0) {
      await sql`DELETE FROM process.subscription WHERE id = ANY(${changes.subscriptionsDeleted.map((s) => s.id)}::uuid[])`.execute(this.tx);
    }
    if (changes.subscriptionsCreated.length > 0) {
      await sql`
        INSERT INTO process.subscription (id, kind, name, correlation_key, instance_id, element_instance_id, element_id, definition_id, interrupting)
        SELECT r.id, r.kind, r.name, r.correlation_key, r.instance_id, r.element_instance_id, r.element_id, r.definition_id, r.interrupting
        FROM jsonb_to_recordset(${json(changes.subscriptionsCreated.map(subscriptionRow))}::jsonb) AS r(id uuid, kind text, name text, correlation_key text,
          instance_id uuid, element_instance_id uuid, element_id text, definition_id uuid, interrupting boolean)
        ON CONFLICT (id) DO NOTHING`.execute(this.tx);
    }
  }

  private async saveIncidents(incidents: IncidentRecord[]): Promise<void> {
    if (incidents.length === 0) return;
    await sql`
      INSERT INTO process.incident (id, instance_id, element_instance_id, element_id, kind, message, job_id, created_at, resolved_at)
      SELECT r.id, r.instance_id, r.element_instance_id, r.element_id, r.kind, r.message, r.job_id, r.created_at, r.resolved_at
      FROM jsonb_to_recordset(${json(incidents.map(incidentRow))}::jsonb) AS r(id uuid, instance_id uuid, element_instance_id uuid, element_id text,
        kind text, message text, job_id uuid, created_at timestamptz, resolved_at timestamptz)
      ON CONFLICT (id) DO UPDATE SET element_id = excluded.element_id, message = excluded.message, job_id = excluded.job_id, resolved_at = excluded.resolved_at`.execute(this.tx);
  }
}
