import { describe, expect, it } from 'vitest';
import { engineForTests, processGraph } from './test-graph.ts';

describe('compensation', () => {
  const booking = () =>
    processGraph('p')
      .add('s', 'startEvent')
      .add('book-hotel', 'task', { compensationHandler: 'cancel-hotel' })
      .add('book-flight', 'task', { compensationHandler: 'cancel-flight' })
      .add('charge', 'task')
      .add('cancel-hotel', 'task', { isForCompensation: true })
      .add('cancel-flight', 'userTask', { isForCompensation: true })
      .boundary('hotel-compensation', 'book-hotel', { kind: 'compensate' })
      .boundary('flight-compensation', 'book-flight', { kind: 'compensate' })
      .add('confirm', 'userTask')
      .add('e', 'endEvent');

  it('a compensate throw runs the handlers of completed activities in reverse order, waits for them, and continues', async () => {
    const { engine, deploy, store, active, taskOf, instance } = engineForTests();
    const [definition] = deploy(
      booking().event('undo', 'intermediateThrowEvent', { kind: 'compensate', compensateActivityRef: null }).chain('s', 'book-hotel', 'book-flight', 'charge', 'undo', 'confirm', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    // cancel-flight (a user task) runs first and the throw waits for it.
    expect(active(started.id)).toEqual(['cancel-flight', 'undo']);
    await engine.completeTask({ taskId: taskOf(started.id, 'cancel-flight').id, variables: {}, completedBy: 'u' });
    expect(active(started.id)).toEqual(['confirm']);
    const order = [...store.elementInstances.values()]
      .filter((e) => e.elementId.startsWith('cancel-'))
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((e) => e.elementId);
    expect(order).toEqual(['cancel-flight', 'cancel-hotel']);
    await engine.completeTask({ taskId: taskOf(started.id, 'confirm').id, variables: {}, completedBy: 'u' });
    expect(instance(started.id).state).toBe('completed');
  });

  it('a compensate end event with an activity reference compensates only that activity', async () => {
    const { engine, deploy, store, instance } = engineForTests();
    const [definition] = deploy(booking().event('undo', 'endEvent', { kind: 'compensate', compensateActivityRef: 'book-hotel' }).chain('s', 'book-hotel', 'book-flight', 'charge', 'undo'));
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    expect([...store.elementInstances.values()].filter((e) => e.elementId.startsWith('cancel-')).map((e) => e.elementId)).toEqual(['cancel-hotel']);
    expect(instance(started.id).state).toBe('completed');
  });

  it('nothing to compensate: the throw continues at once', async () => {
    const { engine, deploy, instance } = engineForTests();
    const [definition] = deploy(booking().event('undo', 'intermediateThrowEvent', { kind: 'compensate' }).chain('s', 'undo', 'e'));
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(instance(started.id).state).toBe('completed');
  });
});

describe('migration', () => {
  it('moves every active element, its task, timer and subscription to the target version', async () => {
    const { engine, store, instance, taskOf } = engineForTests();
    const v1 = processGraph('p')
      .add('s', 'startEvent')
      .add('fork', 'parallelGateway')
      .add('review', 'userTask')
      .boundary('late', 'review', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT1H' } } })
      .event('paid', 'intermediateCatchEvent', { kind: 'message', messageName: { static: 'paid' } })
      .add('x', 'endEvent')
      .chain('s', 'fork', 'review', 'x')
      .chain('fork', 'paid', 'x')
      .chain('late', 'x')
      .deploy(1);
    const v2 = processGraph('p')
      .add('s', 'startEvent')
      .add('fork', 'parallelGateway')
      .add('check', 'userTask', { name: 'Check the claim' })
      .boundary('late', 'check', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT1H' } } })
      .event('paid', 'intermediateCatchEvent', { kind: 'message', messageName: { static: 'paid' } })
      .add('after-check', 'userTask')
      .add('x', 'endEvent')
      .chain('s', 'fork', 'check', 'after-check', 'x')
      .chain('fork', 'paid', 'x')
      .chain('late', 'x')
      .deploy(2);
    store.deploy(v1);
    store.deploy(v2);
    const { instance: started } = await engine.startInstance({ definition: v1, variables: {} });
    await expect(engine.migrateInstance({ instanceId: started.id, target: v2, mapping: { review: 'check' } })).rejects.toMatchObject({ code: 'invalid-migration', elementId: 'paid' });
    await expect(engine.migrateInstance({ instanceId: started.id, target: v2, mapping: { review: 'check', paid: 'fork' } })).rejects.toMatchObject({ code: 'invalid-migration', elementId: 'paid' });

    const task = taskOf(started.id, 'review');
    const { changes } = await engine.migrateInstance({ instanceId: started.id, target: v2, mapping: { review: 'check', paid: 'paid' } });
    expect(instance(started.id)).toMatchObject({ definitionId: v2.id, version: 2 });
    // The open task is the same task, saved with the target element and its name.
    expect(changes.tasks).toEqual([expect.objectContaining({ id: task.id, elementId: 'check', name: 'Check the claim', state: 'open' })]);
    expect(store.tasks.get(task.id)).toMatchObject({ elementId: 'check', name: 'Check the claim' });
    expect(changes.jobsCreated.map((j) => [j.elementId, j.definitionId])).toEqual([['late', v2.id]]);
    expect(changes.subscriptionsCreated.map((s) => [s.elementId, s.definitionId])).toEqual([['paid', v2.id]]);
    expect([...store.jobs.values()].map((j) => [j.elementId, j.definitionId])).toEqual([['late', v2.id]]);
    expect([...store.subscriptions.values()].map((s) => [s.elementId, s.definitionId])).toEqual([['paid', v2.id]]);
    await engine.completeTask({ taskId: taskOf(started.id, 'check').id, variables: {}, completedBy: 'u' });
    expect(taskOf(started.id, 'after-check')).toBeTruthy();
  });
});

describe('migration of an instance with an incident', () => {
  it('remaps the incident and the failed job a retry makes again', async () => {
    const { engine, store, runDueJobs } = engineForTests();
    // After the async continuation, g1 ⇄ g2 loops without a wait state: the job fails into an incident.
    const graph = (task: string, version: number) =>
      processGraph('p').add('s', 'startEvent').add(task, 'task', { asyncBefore: true }).add('g1', 'exclusiveGateway').add('g2', 'exclusiveGateway').chain('s', task, 'g1', 'g2', 'g1').deploy(version);
    const v1 = graph('a', 1);
    const v2 = graph('b', 2);
    store.deploy(v1);
    store.deploy(v2);
    const { instance: started } = await engine.startInstance({ definition: v1, variables: {} });
    await runDueJobs();
    const [incident] = [...store.incidents.values()];
    expect(incident).toMatchObject({ elementId: 'a', resolvedAt: null });

    const { changes } = await engine.migrateInstance({ instanceId: started.id, target: v2, mapping: { a: 'b' } });
    expect(changes.incidents).toEqual([expect.objectContaining({ id: incident!.id, elementId: 'b' })]);
    expect(store.incidents.get(incident!.id)?.elementId).toBe('b');
    const owner = [...store.elementInstances.values()].find((e) => e.instanceId === started.id && e.state === 'active');
    expect(owner).toMatchObject({ elementId: 'b', data: { failedJob: { elementId: 'b' } } });

    await engine.retryIncident({ incidentId: incident!.id });
    expect([...store.jobs.values()]).toEqual([expect.objectContaining({ elementId: 'b', definitionId: v2.id })]);
  });
});
