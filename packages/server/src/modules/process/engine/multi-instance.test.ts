import { describe, expect, it } from 'vitest';
import type { LoopDef } from '../graph.ts';
import { engineForTests, processGraph } from './test-graph.ts';

const loop = (fields: Partial<LoopDef>): LoopDef => ({
  sequential: false,
  cardinality: null,
  collection: null,
  elementVariable: null,
  completionCondition: null,
  outputCollection: null,
  outputElement: null,
  ...fields,
});

describe('multi-instance activities', () => {
  it('parallel over a collection: one inner instance per item with its element variable and loop counter, outputs collected in order', async () => {
    const { engine, deploy, store, openTasks, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('sign', 'userTask', {
          loop: loop({ collection: 'signers', elementVariable: 'signer', outputCollection: 'votes', outputElement: 'vote' }),
          userTask: {
            assignee: { expression: 'signer' },
            candidateUsers: null,
            candidateGroups: null,
            departmentRole: null,
            formKey: null,
            dueDate: null,
            countersign: null,
            slaRef: null,
            priority: null,
          },
        })
        .add('e', 'endEvent')
        .chain('s', 'sign', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { signers: ['ann', 'bob', 'cid'] } });
    const tasks = openTasks(started.id);
    expect(tasks.map((t) => t.assignee)).toEqual(['ann', 'bob', 'cid']);
    const inner = tasks.map((t) => store.elementInstances.get(t.elementInstanceId)!);
    expect(inner.map((e) => [e.loopCounter, e.variables.signer])).toEqual([
      [1, 'ann'],
      [2, 'bob'],
      [3, 'cid'],
    ]);
    const body = store.elementInstances.get(inner[0]!.scopeId!)!;
    expect(body).toMatchObject({ isMultiInstanceBody: true, variables: { nrOfInstances: 3, nrOfCompletedInstances: 0, nrOfActiveInstances: 3 } });
    // Completed out of order: the output collection keeps the items' order.
    await engine.completeTask({ taskId: tasks[2]!.id, variables: { vote: 'no' }, completedBy: 'cid' });
    await engine.completeTask({ taskId: tasks[0]!.id, variables: { vote: 'yes' }, completedBy: 'ann' });
    expect(store.elementInstances.get(body.id)?.variables).toMatchObject({ nrOfCompletedInstances: 2, nrOfActiveInstances: 1 });
    await engine.completeTask({ taskId: tasks[1]!.id, variables: { vote: 'yes' }, completedBy: 'bob' });
    expect(instance(started.id).state).toBe('completed');
    expect(instance(started.id).variables.votes).toEqual(['yes', 'yes', 'no']);
  });

  it('parallel with a completion condition: the rest is canceled when it holds', async () => {
    const { engine, deploy, openTasks, active, store } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('approve', 'userTask', { loop: loop({ cardinality: '4', completionCondition: 'nrOfCompletedInstances >= 2' }) })
        .add('done', 'userTask')
        .chain('s', 'approve', 'done'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    const tasks = openTasks(instance.id);
    expect(tasks).toHaveLength(4);
    await engine.completeTask({ taskId: tasks[0]!.id, variables: {}, completedBy: 'u' });
    expect(active(instance.id)).toHaveLength(4);
    await engine.completeTask({ taskId: tasks[3]!.id, variables: {}, completedBy: 'u' });
    expect(active(instance.id)).toEqual(['done']);
    expect(tasks.map((t) => store.tasks.get(t.id)?.state)).toEqual(['completed', 'canceled', 'canceled', 'completed']);
  });

  it('sequential: one inner instance at a time, in order', async () => {
    const { engine, deploy, openTasks, store, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('review', 'userTask', { loop: loop({ sequential: true, collection: 'reviewers', elementVariable: 'reviewer' }) })
        .add('e', 'endEvent')
        .chain('s', 'review', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { reviewers: ['x', 'y'] } });
    const first = openTasks(started.id);
    expect(first.map((t) => store.elementInstances.get(t.elementInstanceId)?.variables)).toEqual([{ loopCounter: 1, reviewer: 'x' }]);
    await engine.completeTask({ taskId: first[0]!.id, variables: {}, completedBy: 'x' });
    const second = openTasks(started.id);
    expect(second.map((t) => store.elementInstances.get(t.elementInstanceId)?.variables)).toEqual([{ loopCounter: 2, reviewer: 'y' }]);
    await engine.completeTask({ taskId: second[0]!.id, variables: {}, completedBy: 'y' });
    expect(instance(started.id).state).toBe('completed');
  });

  it('sequential with an interrupting timer boundary on the multi-instance body cancels the body and every inner instance', async () => {
    const { engine, deploy, openTasks, clock, runDueJobs, active, store } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('review', 'userTask', { loop: loop({ sequential: true, cardinality: '3' }) })
        .add('e', 'endEvent')
        .boundary('too-slow', 'review', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT1H' } } })
        .add('escalate', 'userTask')
        .chain('s', 'review', 'e')
        .chain('too-slow', 'escalate'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    // One timer for the body, not one per inner instance.
    expect([...store.jobs.values()].map((j) => j.elementId)).toEqual(['too-slow']);
    await engine.completeTask({ taskId: openTasks(instance.id)[0]!.id, variables: {}, completedBy: 'u' });
    expect(store.jobs.size).toBe(1);
    clock.advance(3_600_000);
    await runDueJobs();
    expect(active(instance.id)).toEqual(['escalate']);
    const reviews = [...store.elementInstances.values()].filter((e) => e.elementId === 'review').map((e) => [e.isMultiInstanceBody, e.loopCounter, e.state]);
    expect(reviews).toEqual([
      [true, null, 'canceled'],
      [false, 1, 'completed'],
      [false, 2, 'canceled'],
    ]);
  });

  it('an empty collection completes the activity at once', async () => {
    const { engine, deploy, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('each', 'userTask', { loop: loop({ collection: 'items', outputCollection: 'results', outputElement: 'x' }) })
        .add('e', 'endEvent')
        .chain('s', 'each', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { items: [] } });
    expect(instance(started.id)).toMatchObject({ state: 'completed', variables: { items: [], results: [] } });
  });

  it('a multi-instance sub-process gives each inner instance its own scope', async () => {
    const { engine, deploy, openTasks, store, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('per-item', 'subProcess', { loop: loop({ collection: 'items', elementVariable: 'item' }) })
        .add('in-s', 'startEvent', { parent: 'per-item' })
        .add('handle', 'userTask', { parent: 'per-item' })
        .add('in-e', 'endEvent', { parent: 'per-item' })
        .add('e', 'endEvent')
        .chain('s', 'per-item', 'e')
        .chain('in-s', 'handle', 'in-e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { items: ['a', 'b'] } });
    const tasks = openTasks(started.id);
    expect(tasks).toHaveLength(2);
    const scopes = tasks.map((t) => store.elementInstances.get(store.elementInstances.get(t.elementInstanceId)!.scopeId!)!);
    expect(scopes.map((scope) => scope.variables.item)).toEqual(['a', 'b']);
    for (const task of tasks) await engine.completeTask({ taskId: task.id, variables: {}, completedBy: 'u' });
    expect(instance(started.id).state).toBe('completed');
  });
});
