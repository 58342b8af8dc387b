import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrentChangeError, engineServicesOf, PgProcessStore, type EngineChanges } from '../../../src/modules/process/index.ts';
import { emptyEngineChanges, type ElementInstanceRecord, type InstanceRecord, type JobRecord, type SubscriptionRecord, type TaskRecord } from '../../../src/modules/process/engine/contract.ts';
import type { Principal } from '../../../src/platform/http/principal.ts';
import { newId } from '../../../src/platform/ids/ids.ts';
import { systemActor } from '../../helpers/job-runner.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

// The PostgreSQL store gives back what it was given, moves ended element instances to history,
// schedules a platform job per engine job, and refuses a write over a changed instance.
const NOW = new Date('2026-12-05T10:00:00Z');

let t: TestApp;
let actor: Principal;
let definitionId: string;

const noChanges = emptyEngineChanges;

function inStore<T>(fn: (store: PgProcessStore) => Promise<T>): Promise<T> {
  return t.commands.runCommand({ actor, channel: 'test' }, (ctx) => fn(new PgProcessStore(ctx.tx, NOW)));
}

function instanceOf(overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  const id = newId();
  return {
    id,
    definitionId,
    processKey: 'loan',
    version: 1,
    state: 'active',
    caseId: newId(),
    businessKey: 'B-1',
    parentInstanceId: null,
    parentElementInstanceId: null,
    rootInstanceId: id,
    variables: { amount: 1200, tags: ['a'] },
    startedAt: NOW,
    endedAt: null,
    startedBy: 'someone',
    revision: 0,
    data: { compensation: [] },
    ...overrides,
  };
}

const elementOf = (instanceId: string, elementId: string, overrides: Partial<ElementInstanceRecord> = {}): ElementInstanceRecord => ({
  id: newId(),
  instanceId,
  elementId,
  elementType: 'userTask',
  scopeId: null,
  state: 'active',
  startedAt: NOW,
  endedAt: null,
  outcome: null,
  variables: { local: 1 },
  isMultiInstanceBody: false,
  loopCounter: null,
  data: { arrivals: ['f1'] },
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  actor = await systemActor(t.database.db, 'system:process');
  const deploymentId = newId();
  definitionId = newId();
  await t.sql(`INSERT INTO process.deployment (id, xml, checksum, deployed_by, deployed_by_name, deployed_at) VALUES ($1, '<x/>', 'c', 'u', 'u', now())`, [deploymentId]);
  await t.sql(`INSERT INTO process.definition (id, key, version, name, graph, graph_checksum, deployment_id, deployed_at) VALUES ($1, 'loan', 1, 'Loan', '{"key":"loan"}', 'g', $2, now())`, [
    definitionId,
    deploymentId,
  ]);
});

afterAll(async () => {
  await t?.close();
});

describe('PgProcessStore', () => {
  it('finds definitions by id, latest key and deployment', async () => {
    const found = await inStore(async (store) => ({ byId: await store.getDefinition(definitionId), latest: await store.findDefinition('loan'), v2: await store.findDefinition('loan', 2) }));
    expect(found.byId).toMatchObject({ id: definitionId, key: 'loan', version: 1, graph: { key: 'loan' } });
    expect(found.latest?.id).toBe(definitionId);
    expect(found.v2).toBeUndefined();
  });

  it('round-trips an instance with its element instances, tasks, jobs, subscriptions and incidents', async () => {
    const instance = instanceOf();
    const task = elementOf(instance.id, 'review');
    const done = elementOf(instance.id, 'start', { elementType: 'startEvent', state: 'completed', endedAt: NOW, outcome: 'completed' });
    const openTask: TaskRecord = {
      id: newId(),
      instanceId: instance.id,
      elementInstanceId: task.id,
      elementId: 'review',
      name: 'Review',
      caseId: instance.caseId,
      state: 'open',
      assignee: null,
      candidateUsers: ['u1'],
      candidateGroups: ['credit', 'risk'],
      departmentRole: { role: 'branch-head', relativeTo: 'case-department' },
      formKey: 'review-form',
      dueAt: new Date('2026-12-06T10:00:00Z'),
      priority: 60,
      createdAt: NOW,
      completedAt: null,
      completedBy: null,
      outcome: null,
      kind: 'process',
      parentTaskId: null,
      signerPosition: null,
      owner: null,
      delegationState: null,
    };
    const job: JobRecord = {
      id: newId(),
      kind: 'timer',
      instanceId: instance.id,
      elementInstanceId: task.id,
      elementId: 'remind',
      definitionId,
      dueAt: new Date('2026-12-05T10:30:00Z'),
      retriesLeft: null,
      data: { cycle: 1 },
    };
    const subscription: SubscriptionRecord = {
      id: newId(),
      kind: 'message',
      name: 'docs-received',
      correlationKey: 'B-1',
      instanceId: instance.id,
      elementInstanceId: task.id,
      elementId: 'docs',
      definitionId,
      interrupting: false,
    };
    const incident = {
      id: newId(),
      instanceId: instance.id,
      elementInstanceId: task.id,
      elementId: 'review',
      kind: 'connector-failed',
      message: 'HTTP 500',
      jobId: null,
      createdAt: NOW,
      resolvedAt: null,
    };
    const changes: EngineChanges = {
      ...noChanges(),
      instances: [instance],
      createdInstanceIds: new Set([instance.id]),
      elementInstances: [done, task],
      createdElementInstanceIds: new Set([done.id, task.id]),
      tasks: [openTask],
      createdTaskIds: new Set([openTask.id]),
      jobsCreated: [job],
      subscriptionsCreated: [subscription],
      incidents: [incident],
      createdIncidentIds: new Set([incident.id]),
    };
    await inStore((store) => store.save(changes));

    const loaded = await inStore((store) => store.loadInstance(instance.id));
    expect(loaded!.instance).toEqual(instance);
    expect(loaded!.elementInstances).toEqual([task]);
    expect(loaded!.openTasks).toEqual([openTask]);
    expect(loaded!.jobs).toEqual([job]);
    expect(loaded!.subscriptions).toEqual([subscription]);
    expect(loaded!.openIncidents).toEqual([incident]);
    expect(await inStore((store) => store.findTask(openTask.id))).toEqual(openTask);
    expect(await inStore((store) => store.findJob(job.id))).toEqual(job);
    expect(await inStore((store) => store.findIncident(incident.id))).toEqual(incident);
    expect(await inStore((store) => store.findMessageSubscriptions('docs-received', 'B-1'))).toEqual([subscription]);
    expect(await inStore((store) => store.findMessageSubscriptions('docs-received', null))).toEqual([subscription]);
    expect(await inStore((store) => store.findMessageSubscriptions('docs-received', 'B-2'))).toEqual([]);

    const history = await t.sql(`SELECT element_id, state, outcome, case_id FROM process.element_history WHERE instance_id = $1`, [instance.id]);
    expect(history).toEqual([{ element_id: 'start', state: 'completed', outcome: 'completed', case_id: instance.caseId }]);
    const platformJobs = await t.sql(`SELECT kind, due_at, payload, state FROM platform.job WHERE kind = 'process.job' AND payload->>'jobId' = $1`, [job.id]);
    expect(platformJobs).toEqual([{ kind: 'process.job', due_at: job.dueAt, payload: { jobId: job.id }, state: 'pending' }]);
  });

  it('round-trips the approval fields of a task (signer kind, parent, position, owner, delegation) and reads missing ones as defaults', async () => {
    const instance = instanceOf();
    const element = elementOf(instance.id, 'review');
    const base = {
      instanceId: instance.id,
      elementInstanceId: element.id,
      elementId: 'review',
      name: 'Review',
      caseId: instance.caseId,
      state: 'open' as const,
      candidateUsers: [],
      candidateGroups: [],
      departmentRole: null,
      formKey: null,
      dueAt: null,
      priority: 50,
      createdAt: NOW,
      completedAt: null,
      completedBy: null,
      outcome: null,
    };
    // A record from before issue 15: no approval fields at all.
    const parent = { ...base, id: newId(), assignee: 'delegate' } as TaskRecord;
    const signer: TaskRecord = { ...base, id: newId(), assignee: 'signer', kind: 'signer', parentTaskId: parent.id, signerPosition: 'before', owner: null, delegationState: null };
    await inStore((store) =>
      store.save({
        ...noChanges(),
        instances: [instance],
        createdInstanceIds: new Set([instance.id]),
        elementInstances: [element],
        createdElementInstanceIds: new Set([element.id]),
        tasks: [parent, signer],
        createdTaskIds: new Set([parent.id, signer.id]),
      }),
    );
    const defaults = { kind: 'process', parentTaskId: null, signerPosition: null, owner: null, delegationState: null };
    expect(await inStore((store) => store.findTask(parent.id))).toEqual({ ...parent, ...defaults });
    expect(await inStore((store) => store.findTask(signer.id))).toEqual(signer);

    // 委派: the owner and the delegation state are updated in place.
    const loaded = (await inStore((store) => store.loadInstance(instance.id)))!;
    expect(loaded.openTasks.map((task) => task.kind).sort()).toEqual(['process', 'signer']);
    const delegated = { ...(loaded.openTasks.find((task) => task.id === parent.id) as TaskRecord), owner: 'boss', delegationState: 'pending' as const };
    await inStore((store) => store.save({ ...noChanges(), instances: [loaded.instance], tasks: [delegated] }));
    expect(await inStore((store) => store.findTask(parent.id))).toEqual(delegated);
    const owned = await t.sql(`SELECT id FROM process.task WHERE owner = 'boss' AND state = 'open'`);
    expect(owned).toEqual([{ id: parent.id }]);
  });

  it('membersOf: the active people holding a group (membership) or a role, by id', async () => {
    const byRole = await t.createUser(`cs-role-${newId().slice(-6)}`, ['cs-committee']);
    const byGroup = await t.createUser(`cs-group-${newId().slice(-6)}`, []);
    const disabled = await t.createUser(`cs-off-${newId().slice(-6)}`, ['cs-committee']);
    await t.createUser(`cs-other-${newId().slice(-6)}`, ['clerk']);
    await t.sql(`UPDATE access.user SET status = 'disabled' WHERE id = $1`, [disabled]);
    await t.sql(`INSERT INTO access.group (key, name, kind) VALUES ('cs-committee', 'Committee', 'group')`);
    await t.sql(`INSERT INTO access.group_member (group_key, user_id) VALUES ('cs-committee', $1)`, [byGroup]);
    const members = await t.commands.runCommand({ actor, channel: 'test' }, (ctx) => engineServicesOf(ctx, {}).membersOf!('cs-committee'));
    expect(members).toEqual([byRole, byGroup].sort());
  });

  it('moves an ended element instance to history, deletes jobs and subscriptions, and cancels their platform jobs', async () => {
    const instance = instanceOf();
    const task = elementOf(instance.id, 'review');
    const job: JobRecord = { id: newId(), kind: 'timer', instanceId: instance.id, elementInstanceId: task.id, elementId: 'remind', definitionId, dueAt: NOW, retriesLeft: null, data: {} };
    const subscription: SubscriptionRecord = {
      id: newId(),
      kind: 'signal',
      name: 'stop',
      correlationKey: null,
      instanceId: instance.id,
      elementInstanceId: task.id,
      elementId: 'stop',
      definitionId,
      interrupting: true,
    };
    await inStore((store) =>
      store.save({
        ...noChanges(),
        instances: [instance],
        createdInstanceIds: new Set([instance.id]),
        elementInstances: [task],
        createdElementInstanceIds: new Set([task.id]),
        jobsCreated: [job],
        subscriptionsCreated: [subscription],
      }),
    );
    const loaded = (await inStore((store) => store.loadInstance(instance.id)))!;
    const ended = { ...loaded.elementInstances[0]!, state: 'completed' as const, endedAt: new Date('2026-12-05T11:00:00Z'), outcome: 'approved' };
    const finished = { ...loaded.instance, state: 'completed' as const, endedAt: ended.endedAt };
    await inStore(async (store) => {
      await store.loadInstance(instance.id);
      await store.save({ ...noChanges(), instances: [finished], elementInstances: [ended], jobsDeleted: [job], subscriptionsDeleted: [subscription] });
    });
    const after = (await inStore((store) => store.loadInstance(instance.id)))!;
    expect(after.instance).toMatchObject({ state: 'completed', endedAt: ended.endedAt, revision: 1 });
    expect(after.elementInstances).toEqual([]);
    expect(after.jobs).toEqual([]);
    expect(after.subscriptions).toEqual([]);
    expect(await t.sql(`SELECT element_id, outcome, ended_at FROM process.element_history WHERE instance_id = $1`, [instance.id])).toEqual([
      { element_id: 'review', outcome: 'approved', ended_at: ended.endedAt },
    ]);
    expect(await t.sql(`SELECT state FROM platform.job WHERE kind = 'process.job' AND payload->>'jobId' = $1`, [job.id])).toEqual([{ state: 'cancelled' }]);
  });

  it('refuses to save over an instance another command changed since it was read, also when only a row inside it changed', async () => {
    const instance = instanceOf();
    await inStore((store) => store.save({ ...noChanges(), instances: [instance], createdInstanceIds: new Set([instance.id]) }));
    const first = (await inStore((store) => store.loadInstance(instance.id)))!;
    await inStore((store) => store.save({ ...noChanges(), instances: [{ ...first.instance, variables: { amount: 1 } }] }));
    const stale = { ...first.instance, variables: { amount: 2 } };
    await expect(inStore((store) => store.save({ ...noChanges(), instances: [stale] }))).rejects.toBeInstanceOf(ConcurrentChangeError);

    // A store that read revision 1, then another command bumped it: adding an element instance alone is refused too.
    await expect(
      inStore(async (store) => {
        await store.loadInstance(instance.id);
        await t.sql('UPDATE process.instance SET revision = revision + 1 WHERE id = $1', [instance.id]);
        await store.save({ ...noChanges(), elementInstances: [elementOf(instance.id, 'x')], createdElementInstanceIds: new Set() });
      }),
    ).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(await t.sql('SELECT count(*)::int AS n FROM process.element_instance WHERE instance_id = $1', [instance.id])).toEqual([{ n: 0 }]);
  });

  it('finds start subscriptions and signal catches by name', async () => {
    const start: SubscriptionRecord = {
      id: newId(),
      kind: 'message-start',
      name: 'apply',
      correlationKey: null,
      instanceId: null,
      elementInstanceId: null,
      elementId: 'start',
      definitionId,
      interrupting: true,
    };
    await inStore((store) => store.save({ ...noChanges(), subscriptionsCreated: [start] }));
    expect(await inStore((store) => store.findStartSubscriptions('message-start', 'apply'))).toEqual([start]);
    expect(await inStore((store) => store.findStartSubscriptions('signal-start', 'apply'))).toEqual([]);
    expect(await inStore((store) => store.findSignalSubscriptions('apply'))).toEqual([]);
  });
});
