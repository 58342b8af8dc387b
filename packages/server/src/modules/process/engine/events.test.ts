import { describe, expect, it } from 'vitest';
import { engineForTests, processGraph } from './test-graph.ts';

const HOUR = 3_600_000;

describe('message, timer and signal events', () => {
  it('waits at a message catch with the correlation key evaluated on entry, and continues with the message variables', async () => {
    const { engine, deploy, store, active, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .event('paid', 'intermediateCatchEvent', { kind: 'message', messageName: { static: 'payment' }, correlationKey: 'orderId' })
        .add('e', 'endEvent')
        .chain('s', 'paid', 'e'),
    );
    const one = await engine.startInstance({ definition: definition!, variables: { orderId: 'o-1' } });
    const two = await engine.startInstance({ definition: definition!, variables: { orderId: 'o-2' } });
    expect([...store.subscriptions.values()].map((s) => [s.kind, s.name, s.correlationKey])).toEqual([
      ['message', 'payment', 'o-1'],
      ['message', 'payment', 'o-2'],
    ]);
    const result = await engine.correlateMessage({ name: 'payment', correlationKey: 'o-2', variables: { amount: 10 } });
    expect(result).toMatchObject({ instanceIds: [two.instance.id], started: false });
    expect(instance(two.instance.id)).toMatchObject({ state: 'completed', variables: { orderId: 'o-2', amount: 10 } });
    expect(active(one.instance.id)).toEqual(['paid']);
    await expect(engine.correlateMessage({ name: 'payment', correlationKey: 'o-9', variables: {} })).rejects.toMatchObject({ code: 'no-subscription' });
  });

  it('fires a duration timer when its job runs', async () => {
    const { engine, deploy, store, clock, runDueJobs, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .event('wait', 'intermediateCatchEvent', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT2H' } } })
        .add('e', 'endEvent')
        .chain('s', 'wait', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    expect([...store.jobs.values()][0]).toMatchObject({ kind: 'timer', elementId: 'wait', dueAt: new Date('2026-12-01T11:00:00Z') });
    clock.advance(HOUR);
    expect(await runDueJobs()).toBe(0);
    clock.advance(HOUR);
    expect(await runDueJobs()).toBe(1);
    expect(instance(started.id).state).toBe('completed');
    expect(store.jobs.size).toBe(0);
  });

  it('fires a date timer given by an expression', async () => {
    const { engine, deploy, store } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .event('wait', 'intermediateCatchEvent', { kind: 'timer', timer: { type: 'date', value: { expression: 'deadline' } } })
        .add('e', 'endEvent')
        .chain('s', 'wait', 'e'),
    );
    await engine.startInstance({ definition: definition!, variables: { deadline: '2026-12-24T18:00:00+08:00' } });
    expect([...store.jobs.values()][0]?.dueAt).toEqual(new Date('2026-12-24T10:00:00Z'));
  });

  it('broadcasts a signal to every waiting catch, in two instances, and to signal start events', async () => {
    const { engine, deploy, store, instance } = engineForTests();
    const [waiting, started] = deploy(
      processGraph('waiting')
        .add('s', 'startEvent')
        .event('alarm', 'intermediateCatchEvent', { kind: 'signal', signalName: { static: 'alarm' } })
        .add('e', 'endEvent')
        .chain('s', 'alarm', 'e'),
      processGraph('started')
        .event('s', 'startEvent', { kind: 'signal', signalName: { static: 'alarm' } })
        .add('t', 'userTask')
        .chain('s', 't'),
    );
    store.deploy(started!, [
      { id: 'start-sub', kind: 'signal-start', name: 'alarm', correlationKey: null, instanceId: null, elementInstanceId: null, elementId: 's', definitionId: started!.id, interrupting: true },
    ]);
    const one = await engine.startInstance({ definition: waiting!, variables: {} });
    const two = await engine.startInstance({ definition: waiting!, variables: {} });
    const result = await engine.broadcastSignal({ name: 'alarm', variables: { level: 3 } });
    expect(result.instanceIds).toHaveLength(3);
    expect(instance(one.instance.id).state).toBe('completed');
    expect(instance(two.instance.id).state).toBe('completed');
    const third = instance(result.instanceIds[2] as string);
    expect(third).toMatchObject({ processKey: 'started', state: 'active', variables: { level: 3 } });
  });

  it('a signal thrown by one instance reaches catches in others in the same operation', async () => {
    const { engine, deploy, instance } = engineForTests();
    const [waiting, thrower] = deploy(
      processGraph('waiting')
        .add('s', 'startEvent')
        .event('go', 'intermediateCatchEvent', { kind: 'signal', signalName: { static: 'go' } })
        .add('e', 'endEvent')
        .chain('s', 'go', 'e'),
      processGraph('thrower')
        .add('s', 'startEvent')
        .event('throw', 'intermediateThrowEvent', { kind: 'signal', signalName: { static: 'go' } })
        .add('e', 'endEvent')
        .chain('s', 'throw', 'e'),
    );
    const one = await engine.startInstance({ definition: waiting!, variables: {} });
    const two = await engine.startInstance({ definition: waiting!, variables: {} });
    const { changes } = await engine.startInstance({ definition: thrower!, variables: {} });
    expect(instance(one.instance.id).state).toBe('completed');
    expect(instance(two.instance.id).state).toBe('completed');
    expect(changes.instances.map((i) => i.state)).toEqual(['completed', 'completed', 'completed']);
  });

  it('event-based gateway: the message wins and the timer is withdrawn', async () => {
    const { engine, deploy, store, history } = engineForTests();
    const [definition] = deploy(eventRace());
    const { instance } = await engine.startInstance({ definition: definition!, variables: { id: 'k' } });
    expect(store.jobs.size).toBe(1);
    expect(store.subscriptions.size).toBe(1);
    await engine.correlateMessage({ name: 'answer', correlationKey: 'k', variables: {} });
    expect(history(instance.id)).toEqual(['s:completed', 'race:completed', 'answer:completed', 'answered:completed']);
    expect(store.jobs.size).toBe(0);
    expect(store.subscriptions.size).toBe(0);
  });

  it('event-based gateway: the timer wins and the message subscription is withdrawn', async () => {
    const { engine, deploy, store, history, clock, runDueJobs } = engineForTests();
    const [definition] = deploy(eventRace());
    const { instance } = await engine.startInstance({ definition: definition!, variables: { id: 'k' } });
    clock.advance(HOUR);
    await runDueJobs();
    expect(history(instance.id)).toEqual(['s:completed', 'race:completed', 'late:completed', 'too-late:completed']);
    expect(store.subscriptions.size).toBe(0);
    await expect(engine.correlateMessage({ name: 'answer', correlationKey: 'k', variables: {} })).rejects.toMatchObject({ code: 'no-subscription' });
  });

  it('an interrupting timer boundary on a task inside a sub-process cancels the task and continues from the boundary', async () => {
    const { engine, deploy, store, clock, runDueJobs, active, history, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('sub', 'subProcess')
        .add('sub-s', 'startEvent', { parent: 'sub' })
        .add('work', 'userTask', { parent: 'sub' })
        .add('sub-e', 'endEvent', { parent: 'sub' })
        .boundary('late', 'work', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT1H' } } })
        .add('escalate', 'task', { parent: 'sub' })
        .add('e', 'endEvent')
        .chain('sub-s', 'work', 'sub-e')
        .chain('late', 'escalate', 'sub-e')
        .chain('s', 'sub', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(active(started.id)).toEqual(['sub', 'work']);
    const task = [...store.tasks.values()][0]!;
    clock.advance(HOUR);
    await runDueJobs();
    expect(store.tasks.get(task.id)?.state).toBe('canceled');
    expect(history(started.id)).toEqual(['s:completed', 'sub:completed', 'sub-s:completed', 'work:canceled', 'late:completed', 'escalate:completed', 'sub-e:completed', 'e:completed']);
    expect(instance(started.id).state).toBe('completed');
  });

  it('a non-interrupting cycle timer boundary fires each repetition and leaves the task running', async () => {
    const { engine, deploy, store, clock, runDueJobs, taskOf, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('work', 'userTask')
        .add('e', 'endEvent')
        .boundary('remind', 'work', { kind: 'timer', timer: { type: 'cycle', value: { static: 'R3/PT10M' } } }, { interrupting: false })
        .add('reminder', 'sendTask')
        .add('reminded', 'endEvent')
        .chain('s', 'work', 'e')
        .chain('remind', 'reminder', 'reminded'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    for (let i = 0; i < 5; i++) {
      clock.advance(10 * 60_000);
      await runDueJobs();
    }
    const reminders = store.events.filter((e) => e.type === 'process.event-published');
    expect(reminders).toHaveLength(3);
    expect(store.jobs.size).toBe(0);
    await engine.completeTask({ taskId: taskOf(started.id, 'work').id, variables: {}, completedBy: 'u' });
    expect(instance(started.id).state).toBe('completed');
  });

  it('a non-interrupting message boundary starts a parallel path; the boundary is closed when the task completes', async () => {
    const { engine, deploy, store, active, taskOf } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('work', 'userTask')
        .add('e', 'endEvent')
        .boundary('info', 'work', { kind: 'message', messageName: { static: 'info' } }, { interrupting: false })
        .add('read', 'userTask')
        .chain('s', 'work', 'e')
        .chain('info', 'read'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    await engine.correlateMessage({ name: 'info', variables: {} });
    await engine.correlateMessage({ name: 'info', variables: {} });
    expect(active(instance.id)).toEqual(['read', 'read', 'work']);
    await engine.completeTask({ taskId: taskOf(instance.id, 'work').id, variables: {}, completedBy: 'u' });
    expect(store.subscriptions.size).toBe(0);
    expect(active(instance.id)).toEqual(['read', 'read']);
  });

  it('starts an instance from a message start event when no catch waits', async () => {
    const { engine, deploy, store } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .event('s', 'startEvent', { kind: 'message', messageName: { static: 'apply' } })
        .add('t', 'userTask')
        .chain('s', 't'),
    );
    store.deploy(definition!, [
      { id: 'start-sub', kind: 'message-start', name: 'apply', correlationKey: null, instanceId: null, elementInstanceId: null, elementId: 's', definitionId: definition!.id, interrupting: true },
    ]);
    const result = await engine.correlateMessage({ name: 'apply', correlationKey: 'A-1', variables: { who: 'ann' } });
    expect(result.started).toBe(true);
    expect(store.instances.get(result.instanceIds[0] as string)).toMatchObject({ businessKey: 'A-1', variables: { who: 'ann' } });
  });

  it('a timer-start job starts an instance and schedules the next repetition of its cycle', async () => {
    const { engine, deploy, store } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .event('s', 'startEvent', { kind: 'timer', timer: { type: 'cycle', value: { static: 'R2/PT1H' } } })
        .add('t', 'userTask')
        .chain('s', 't'),
    );
    store.jobs.set('timer-start-1', {
      id: 'timer-start-1',
      kind: 'timer-start',
      instanceId: null,
      elementInstanceId: null,
      elementId: 's',
      definitionId: definition!.id,
      dueAt: new Date('2026-12-01T09:00:00Z'),
      retriesLeft: 1,
      data: { intervalMs: HOUR },
    });
    await engine.executeJob({ jobId: 'timer-start-1' });
    expect(store.instances.size).toBe(1);
    const [next] = [...store.jobs.values()];
    expect(next).toMatchObject({ kind: 'timer-start', dueAt: new Date('2026-12-01T10:00:00Z'), retriesLeft: 0 });
    await engine.executeJob({ jobId: next!.id });
    expect(store.instances.size).toBe(2);
    expect(store.jobs.size).toBe(0);
  });
});

function eventRace() {
  return processGraph('p')
    .add('s', 'startEvent')
    .add('race', 'eventBasedGateway')
    .event('answer', 'intermediateCatchEvent', { kind: 'message', messageName: { static: 'answer' }, correlationKey: 'id' })
    .event('late', 'intermediateCatchEvent', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT1H' } } })
    .add('answered', 'endEvent')
    .add('too-late', 'endEvent')
    .chain('s', 'race', 'answer', 'answered')
    .chain('race', 'late', 'too-late');
}
