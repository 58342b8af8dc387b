import { describe, expect, it } from 'vitest';
import { ProcessCommandError } from './contract.ts';
import { engineForTests, processGraph } from './test-graph.ts';

describe('sequence flows, tasks and gateways', () => {
  it('runs a straight-through process to its end in one operation and writes every element instance once', async () => {
    const { engine, deploy, instance, history } = engineForTests();
    const [definition] = deploy(processGraph('p').add('s', 'startEvent').add('t', 'task').add('m', 'manualTask').add('e', 'endEvent').chain('s', 't', 'm', 'e'));
    const { instance: started, changes } = await engine.startInstance({ definition: definition!, variables: { a: 1 } });
    expect(instance(started.id).state).toBe('completed');
    expect(history(started.id)).toEqual(['s:completed', 't:completed', 'm:completed', 'e:completed']);
    expect(changes.elementInstances.every((e) => changes.createdElementInstanceIds.has(e.id) && e.endedAt !== null)).toBe(true);
    expect(changes.events.map((e) => e.type)).toEqual(['process.instance-started', 'process.instance-completed']);
  });

  it('waits at a user task and continues when it is completed, with the outcome on the task and the element', async () => {
    const { engine, deploy, store, taskOf, instance, active } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('review', 'userTask', {
          userTask: {
            assignee: { expression: 'owner' },
            candidateUsers: { static: 'ann, bob' },
            candidateGroups: { expression: '["credit", "risk"]' },
            departmentRole: { role: 'branch-head', relativeTo: 'case-department' },
            formKey: 'review-form',
            dueDate: { static: 'PT2H' },
            countersign: null,
            slaRef: null,
            priority: null,
          },
        })
        .add('e', 'endEvent')
        .chain('s', 'review', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { owner: 'carl' }, caseId: 'case-1' });
    expect(active(started.id)).toEqual(['review']);
    const task = taskOf(started.id, 'review');
    expect(task).toMatchObject({
      assignee: 'carl',
      candidateUsers: ['ann', 'bob'],
      candidateGroups: ['credit', 'risk'],
      departmentRole: { role: 'branch-head', relativeTo: 'case-department' },
      formKey: 'review-form',
      dueAt: new Date('2026-12-01T11:00:00Z'),
      priority: 50,
      caseId: 'case-1',
    });
    await engine.completeTask({ taskId: task.id, variables: { approved: true }, outcome: 'approved', completedBy: 'carl' });
    expect(instance(started.id)).toMatchObject({ state: 'completed', variables: { owner: 'carl', approved: true } });
    expect(store.tasks.get(task.id)).toMatchObject({ state: 'completed', outcome: 'approved', completedBy: 'carl' });
    expect(store.elementInstances.get(task.elementInstanceId)).toMatchObject({ state: 'completed', outcome: 'approved' });
    await expect(engine.completeTask({ taskId: task.id, variables: {}, completedBy: 'carl' })).rejects.toMatchObject({ code: 'not-active' });
  });

  it('takes the first matching flow of an exclusive gateway in document order, else its default', async () => {
    const { engine, deploy, history } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('x', 'exclusiveGateway')
        .add('big', 'endEvent')
        .add('also-big', 'endEvent')
        .add('small', 'endEvent')
        .chain('s', 'x')
        .flow('x', 'big', { condition: 'amount > 100' })
        .flow('x', 'also-big', { condition: 'amount > 50' })
        .flow('x', 'small', { isDefault: true }),
    );
    const big = await engine.startInstance({ definition: definition!, variables: { amount: 500 } });
    expect(history(big.instance.id)).toEqual(['s:completed', 'x:completed', 'big:completed']);
    const small = await engine.startInstance({ definition: definition!, variables: { amount: 5 } });
    expect(history(small.instance.id)).toEqual(['s:completed', 'x:completed', 'small:completed']);
  });

  it('refuses the whole command when no flow of a gateway matches and there is no default, saving nothing', async () => {
    const { engine, deploy, store } = engineForTests();
    const [definition] = deploy(processGraph('p').add('s', 'startEvent').add('x', 'exclusiveGateway').add('e', 'endEvent').chain('s', 'x').flow('x', 'e', { condition: 'amount > 100' }));
    const refusal = await engine.startInstance({ definition: definition!, variables: { amount: 1 } }).catch((error) => error);
    expect(refusal).toBeInstanceOf(ProcessCommandError);
    expect(refusal).toMatchObject({ code: 'no-matching-flow', elementId: 'x' });
    expect(store.instances.size).toBe(0);
    expect(store.elementInstances.size).toBe(0);
  });

  it('forks at a parallel gateway and joins when a token arrived on every incoming flow', async () => {
    const { engine, deploy, taskOf, active, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('fork', 'parallelGateway')
        .add('a', 'userTask')
        .add('b', 'userTask')
        .add('join', 'parallelGateway')
        .add('after', 'userTask')
        .add('e', 'endEvent')
        .chain('s', 'fork', 'a', 'join', 'after', 'e')
        .chain('fork', 'b', 'join'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(active(started.id)).toEqual(['a', 'b']);
    await engine.completeTask({ taskId: taskOf(started.id, 'a').id, variables: {}, completedBy: 'u' });
    expect(active(started.id)).toEqual(['b', 'join']);
    await engine.completeTask({ taskId: taskOf(started.id, 'b').id, variables: {}, completedBy: 'u' });
    expect(active(started.id)).toEqual(['after']);
    await engine.completeTask({ taskId: taskOf(started.id, 'after').id, variables: {}, completedBy: 'u' });
    expect(instance(started.id).state).toBe('completed');
  });

  it('keeps an extra token on one flow of a parallel join for the next activation', async () => {
    const { engine, deploy, store } = engineForTests();
    // a → join twice (via a loop-free fork of two tokens onto the same flow), b → join once.
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('fork', 'parallelGateway')
        .add('a1', 'task')
        .add('a2', 'task')
        .add('merge', 'exclusiveGateway')
        .add('b', 'userTask')
        .add('join', 'parallelGateway')
        .add('e', 'endEvent')
        .chain('s', 'fork', 'a1', 'merge', 'join', 'e')
        .chain('fork', 'a2', 'merge')
        .chain('fork', 'b', 'join'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    const join = [...store.elementInstances.values()].find((e) => e.instanceId === started.id && e.elementId === 'join' && e.state === 'active');
    expect(join?.data.arrivals).toEqual({ 'merge->join': 2 });
    const task = [...store.tasks.values()].find((t) => t.elementId === 'b')!;
    await engine.completeTask({ taskId: task.id, variables: {}, completedBy: 'u' });
    const joins = [...store.elementInstances.values()].filter((e) => e.instanceId === started.id && e.elementId === 'join');
    expect(joins.map((e) => [e.state, e.data.arrivals ?? null])).toEqual([
      ['completed', null],
      ['active', { 'merge->join': 1 }],
    ]);
  });

  it('treats several unconditional flows out of an activity as a fork and conditional ones as an inclusive split', async () => {
    const { engine, deploy, active } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('t', 'task')
        .add('a', 'userTask')
        .add('b', 'userTask')
        .add('c', 'userTask')
        .add('d', 'userTask')
        .chain('s', 't', 'a')
        .chain('t', 'b')
        .flow('t', 'c', { condition: 'x = 1' })
        .flow('t', 'd', { condition: 'x = 2' }),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { x: 1 } });
    expect(active(started.id)).toEqual(['a', 'b', 'c']);
  });

  it('refuses a loop without a wait state with a step-limit error', async () => {
    const { engine, deploy } = engineForTests();
    const [definition] = deploy(processGraph('p').add('s', 'startEvent').add('x', 'exclusiveGateway').add('t', 'task').chain('s', 'x', 't', 'x'));
    await expect(engine.startInstance({ definition: definition!, variables: {} })).rejects.toMatchObject({ code: 'step-limit' });
  });

  it('applies input mappings on entry and output mappings on completion', async () => {
    const { engine, deploy, taskOf, instance, store } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('t', 'userTask', { inputs: [{ source: 'amount * 2', target: 'doubled' }], outputs: [{ source: 'decision', target: 'reviewDecision' }] })
        .add('e', 'endEvent')
        .chain('s', 't', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { amount: 21 } });
    const task = taskOf(started.id, 't');
    expect(store.elementInstances.get(task.elementInstanceId)?.variables).toEqual({ doubled: 42 });
    await engine.completeTask({ taskId: task.id, variables: { decision: 'yes' }, completedBy: 'u' });
    expect(instance(started.id).variables).toEqual({ amount: 21, reviewDecision: 'yes' });
  });

  it('assignTask hands a task to a user and back to its candidates', async () => {
    const { engine, deploy, store, taskOf } = engineForTests();
    const [definition] = deploy(processGraph('p').add('s', 'startEvent').add('t', 'userTask').chain('s', 't'));
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    const task = taskOf(instance.id, 't');
    const { changes } = await engine.assignTask({ taskId: task.id, assignee: 'ann' });
    expect(changes.tasks).toMatchObject([{ id: task.id, assignee: 'ann' }]);
    expect(changes.createdTaskIds.size).toBe(0);
    await engine.assignTask({ taskId: task.id, assignee: null });
    expect(store.tasks.get(task.id)?.assignee).toBeNull();
    await expect(engine.assignTask({ taskId: 'nope', assignee: 'x' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses variables that are not an object', async () => {
    const { engine, deploy } = engineForTests();
    const [definition] = deploy(processGraph('p').add('s', 'startEvent').chain('s'));
    await expect(engine.startInstance({ definition: definition!, variables: [] as never })).rejects.toMatchObject({ code: 'invalid-variables' });
  });

  it('is deterministic: the same commands give the same changes', async () => {
    const run = async () => {
      const { engine, deploy, taskOf } = engineForTests();
      const [definition] = deploy(
        processGraph('p')
          .add('s', 'startEvent')
          .add('fork', 'parallelGateway')
          .add('a', 'userTask')
          .add('b', 'userTask')
          .add('join', 'parallelGateway')
          .add('e', 'endEvent')
          .chain('s', 'fork', 'a', 'join', 'e')
          .chain('fork', 'b', 'join'),
      );
      const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
      const { changes } = await engine.completeTask({ taskId: taskOf(instance.id, 'b').id, variables: { x: 1 }, completedBy: 'u' });
      return JSON.stringify({ ...changes, createdElementInstanceIds: [...changes.createdElementInstanceIds], instances: changes.instances.map((i) => ({ ...i, definitionId: '' })) });
    };
    expect(await run()).toEqual(await run());
  });
});
