import { describe, expect, it } from 'vitest';
import type { CallActivityDef } from '../graph.ts';
import { engineForTests, processGraph } from './test-graph.ts';

const call = (fields: Partial<CallActivityDef>): CallActivityDef => ({
  processKey: { static: 'child' },
  binding: 'latest',
  in: [],
  out: [],
  inAll: false,
  outAll: false,
  ...fields,
});

describe('call activities', () => {
  it('starts the child with in-mappings in the same operation, waits, and applies out-mappings when the child completes', async () => {
    const { engine, deploy, store, instance, active, taskOf } = engineForTests();
    const [child, parent] = deploy(
      processGraph('child').add('s', 'startEvent').add('check', 'userTask').add('e', 'endEvent').chain('s', 'check', 'e'),
      processGraph('parent')
        .add('s', 'startEvent')
        .add('call', 'callActivity', { callActivity: call({ in: [{ source: 'amount * 100', target: 'cents' }], out: [{ source: 'verdict', target: 'childVerdict' }] }) })
        .add('e', 'endEvent')
        .chain('s', 'call', 'e'),
    );
    const { instance: started, changes } = await engine.startInstance({ definition: parent!, variables: { amount: 3, secret: 'x' }, caseId: 'c-1' });
    expect(changes.createdInstanceIds.size).toBe(2);
    const childInstance = [...store.instances.values()].find((i) => i.definitionId === child!.id)!;
    expect(childInstance).toMatchObject({ parentInstanceId: started.id, rootInstanceId: started.id, caseId: 'c-1', variables: { cents: 300 } });
    expect(active(started.id)).toEqual(['call']);
    await engine.completeTask({ taskId: taskOf(childInstance.id, 'check').id, variables: { verdict: 'ok', noise: 1 }, completedBy: 'u' });
    expect(instance(childInstance.id).state).toBe('completed');
    expect(instance(started.id)).toMatchObject({ state: 'completed', variables: { amount: 3, secret: 'x', childVerdict: 'ok' } });
  });

  it('passes all variables both ways with inAll and outAll', async () => {
    const { engine, deploy, store, instance, taskOf } = engineForTests();
    const [, parent] = deploy(
      processGraph('child').add('s', 'startEvent').add('t', 'userTask').chain('s', 't'),
      processGraph('parent')
        .add('s', 'startEvent')
        .add('call', 'callActivity', { callActivity: call({ inAll: true, outAll: true }) })
        .add('e', 'endEvent')
        .chain('s', 'call', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: parent!, variables: { a: 1 } });
    const childInstance = [...store.instances.values()].find((i) => i.parentInstanceId === started.id)!;
    expect(childInstance.variables).toEqual({ a: 1 });
    await engine.completeTask({ taskId: taskOf(childInstance.id, 't').id, variables: { b: 2 }, completedBy: 'u' });
    expect(instance(started.id).variables).toEqual({ a: 1, b: 2 });
  });

  it("a child's error is caught by an error boundary of the call activity; the child ends", async () => {
    const { engine, deploy, store, active, instance } = engineForTests();
    const [, parent] = deploy(
      processGraph('child').add('s', 'startEvent').event('fail', 'endEvent', { kind: 'error', errorCode: 'NOPE' }).chain('s', 'fail'),
      processGraph('parent')
        .add('s', 'startEvent')
        .add('call', 'callActivity', { callActivity: call({}) })
        .add('e', 'endEvent')
        .boundary('caught', 'call', { kind: 'error', errorCode: 'NOPE' })
        .add('fix', 'userTask')
        .chain('s', 'call', 'e')
        .chain('caught', 'fix'),
    );
    const { instance: started } = await engine.startInstance({ definition: parent!, variables: {} });
    const childInstance = [...store.instances.values()].find((i) => i.parentInstanceId === started.id)!;
    expect(instance(childInstance.id).state).toBe('terminated');
    expect(active(started.id)).toEqual(['fix']);
  });

  it('terminating the parent terminates the child', async () => {
    const { engine, deploy, store, instance } = engineForTests();
    const [, parent] = deploy(
      processGraph('child').add('s', 'startEvent').add('t', 'userTask').chain('s', 't'),
      processGraph('parent')
        .add('s', 'startEvent')
        .add('call', 'callActivity', { callActivity: call({}) })
        .chain('s', 'call'),
    );
    const { instance: started } = await engine.startInstance({ definition: parent!, variables: {} });
    await engine.terminateInstance({ instanceId: started.id, reason: 'stop' });
    const childInstance = [...store.instances.values()].find((i) => i.parentInstanceId === started.id)!;
    expect(instance(childInstance.id).state).toBe('terminated');
    expect([...store.tasks.values()][0]?.state).toBe('canceled');
  });

  it('refuses to start when the called process is not deployed', async () => {
    const { engine, deploy, store } = engineForTests();
    const [parent] = deploy(
      processGraph('parent')
        .add('s', 'startEvent')
        .add('call', 'callActivity', { callActivity: call({ processKey: { static: 'ghost' } }) })
        .chain('s', 'call'),
    );
    await expect(engine.startInstance({ definition: parent!, variables: {} })).rejects.toMatchObject({ code: 'called-process-missing', elementId: 'call' });
    expect(store.instances.size).toBe(0);
  });

  it('binds to a fixed version or to the version deployed with the caller', async () => {
    const { engine, store } = engineForTests();
    const v1 = processGraph('child').add('s', 'startEvent').add('t1', 'userTask').chain('s', 't1').deploy(1, 'd1');
    const v2 = processGraph('child').add('s', 'startEvent').add('t2', 'userTask').chain('s', 't2').deploy(2, 'd2');
    const parent = processGraph('parent')
      .add('s', 'startEvent')
      .add('fork', 'parallelGateway')
      .add('fixed', 'callActivity', { callActivity: call({ binding: { version: 1 } }) })
      .add('same', 'callActivity', { callActivity: call({ binding: 'deployment' }) })
      .add('latest', 'callActivity', { callActivity: call({}) })
      .chain('s', 'fork', 'fixed')
      .chain('fork', 'same')
      .chain('fork', 'latest')
      .deploy(1, 'd1');
    for (const definition of [v1, v2, parent]) store.deploy(definition);
    const { instance } = await engine.startInstance({ definition: parent, variables: {} });
    const children = [...store.instances.values()].filter((i) => i.parentInstanceId === instance.id).map((i) => i.version);
    expect(children).toEqual([1, 1, 2]);
  });

  it("a child's escalation caught by a non-interrupting boundary of the call activity leaves the child running", async () => {
    const { engine, deploy, store, active } = engineForTests();
    const [, parent] = deploy(
      processGraph('child').add('s', 'startEvent').event('up', 'intermediateThrowEvent', { kind: 'escalation', escalationCode: 'UP' }).add('t', 'userTask').chain('s', 'up', 't'),
      processGraph('parent')
        .add('s', 'startEvent')
        .add('call', 'callActivity', { callActivity: call({}) })
        .boundary('noticed', 'call', { kind: 'escalation', escalationCode: 'UP' }, { interrupting: false })
        .add('inform', 'userTask')
        .chain('s', 'call')
        .chain('noticed', 'inform'),
    );
    const { instance } = await engine.startInstance({ definition: parent!, variables: {} });
    const child = [...store.instances.values()].find((i) => i.parentInstanceId === instance.id)!;
    expect(active(instance.id)).toEqual(['call', 'inform']);
    expect(active(child.id)).toEqual(['t']);
  });
});
