import { describe, expect, it } from 'vitest';
import { engineForTests, processGraph } from './test-graph.ts';

describe('sub-processes, event sub-processes, errors and escalations', () => {
  it('an error propagates past a boundary with a different code to the matching boundary outside', async () => {
    const { engine, deploy, history, instance, store } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('outer', 'subProcess')
        .add('outer-s', 'startEvent', { parent: 'outer' })
        .add('inner', 'subProcess', { parent: 'outer' })
        .add('inner-s', 'startEvent', { parent: 'inner' })
        .event('fail', 'endEvent', { kind: 'error', errorCode: 'CREDIT_REJECTED' }, { parent: 'inner' })
        .boundary('other-error', 'inner', { kind: 'error', errorCode: 'TIMEOUT' })
        .add('handle-timeout', 'endEvent', { parent: 'outer' })
        .add('outer-e', 'endEvent', { parent: 'outer' })
        .boundary('rejected', 'outer', { kind: 'error', errorCode: 'CREDIT_REJECTED', errorCodeVariable: 'why' })
        .add('notify', 'userTask')
        .add('e', 'endEvent')
        .chain('inner-s', 'fail')
        .chain('outer-s', 'inner', 'outer-e')
        .chain('other-error', 'handle-timeout')
        .chain('s', 'outer', 'e')
        .chain('rejected', 'notify'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(history(started.id)).toEqual(['s:completed', 'outer:canceled', 'outer-s:completed', 'inner:canceled', 'inner-s:completed', 'fail:completed', 'rejected:completed']);
    expect(instance(started.id).variables).toEqual({ why: 'CREDIT_REJECTED' });
    expect([...store.tasks.values()].map((t) => t.elementId)).toEqual(['notify']);
  });

  it('a boundary without an error code catches any error', async () => {
    const { engine, deploy, active } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('sub', 'subProcess')
        .add('sub-s', 'startEvent', { parent: 'sub' })
        .event('fail', 'endEvent', { kind: 'error', errorCode: 'X' }, { parent: 'sub' })
        .boundary('any', 'sub', { kind: 'error', errorCode: null })
        .add('handled', 'userTask')
        .chain('sub-s', 'fail')
        .chain('s', 'sub')
        .chain('any', 'handled'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(active(instance.id)).toEqual(['handled']);
  });

  it('an uncaught error is an incident and the instance is in state incident', async () => {
    const { engine, deploy, store, instance } = engineForTests();
    const [definition] = deploy(processGraph('p').add('s', 'startEvent').event('fail', 'endEvent', { kind: 'error', errorCode: 'X' }).chain('s', 'fail'));
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(instance(started.id).state).toBe('incident');
    expect([...store.incidents.values()]).toMatchObject([{ kind: 'unhandled-error', elementId: 'fail', resolvedAt: null }]);
  });

  it('an error start event of an event sub-process catches an error of its scope and interrupts it', async () => {
    const { engine, deploy, active, store, taskOf } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('fork', 'parallelGateway')
        .add('waiting', 'userTask')
        .event('fail', 'endEvent', { kind: 'error', errorCode: 'BAD' })
        .add('on-error', 'subProcess', { triggeredByEvent: true })
        .event('on-error-s', 'startEvent', { kind: 'error', errorCode: 'BAD', errorCodeVariable: 'code' }, { parent: 'on-error', isInterrupting: true })
        .add('repair', 'userTask', { parent: 'on-error' })
        .add('on-error-e', 'endEvent', { parent: 'on-error' })
        .chain('s', 'fork', 'waiting')
        .chain('fork', 'fail')
        .chain('on-error-s', 'repair', 'on-error-e'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(active(instance.id)).toEqual(['on-error', 'repair']);
    expect([...store.tasks.values()].map((t) => [t.elementId, t.state])).toEqual([
      ['waiting', 'canceled'],
      ['repair', 'open'],
    ]);
    expect(store.elementInstances.get(taskOf(instance.id, 'repair').elementInstanceId)?.scopeId).toBeTruthy();
    // errorCodeVariable lands where a boundary event's would: on the instance.
    expect(store.instances.get(instance.id)?.variables).toEqual({ code: 'BAD' });
    await engine.completeTask({ taskId: taskOf(instance.id, 'repair').id, variables: {}, completedBy: 'u' });
    expect(store.instances.get(instance.id)?.state).toBe('completed');
  });

  it('a non-interrupting message event sub-process fires twice in parallel and the scope waits for both', async () => {
    const { engine, deploy, active, taskOf, instance, store } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('main', 'userTask')
        .add('e', 'endEvent')
        .add('on-info', 'subProcess', { triggeredByEvent: true })
        .event('on-info-s', 'startEvent', { kind: 'message', messageName: { static: 'info' }, correlationKey: 'ref' }, { parent: 'on-info', isInterrupting: false })
        .add('read', 'userTask', { parent: 'on-info' })
        .add('on-info-e', 'endEvent', { parent: 'on-info' })
        .chain('s', 'main', 'e')
        .chain('on-info-s', 'read', 'on-info-e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { ref: 'R1' } });
    await engine.correlateMessage({ name: 'info', correlationKey: 'R1', variables: { note: 'one' } });
    await engine.correlateMessage({ name: 'info', correlationKey: 'R1', variables: { note: 'two' } });
    expect(active(started.id)).toEqual(['main', 'on-info', 'on-info', 'read', 'read']);
    // Message variables land on the instance, as for every other catch (the later message wins).
    const eventSubProcesses = [...store.elementInstances.values()].filter((e) => e.elementId === 'on-info');
    expect(eventSubProcesses.map((e) => e.variables)).toEqual([{}, {}]);
    expect(instance(started.id).variables).toMatchObject({ note: 'two' });
    await engine.completeTask({ taskId: taskOf(started.id, 'main').id, variables: {}, completedBy: 'u' });
    expect(instance(started.id).state).toBe('active');
    expect(store.subscriptions.size).toBe(1);
    for (const task of [...store.tasks.values()].filter((t) => t.state === 'open')) await engine.completeTask({ taskId: task.id, variables: {}, completedBy: 'u' });
    expect(instance(started.id).state).toBe('completed');
    expect(store.subscriptions.size).toBe(0);
  });

  it('an interrupting signal event sub-process of a sub-process sets the signal variables as a boundary catch would', async () => {
    const { engine, deploy, active, store, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('sub', 'subProcess', { inputs: [{ source: '"none"', target: 'status' }] })
        .add('sub-s', 'startEvent', { parent: 'sub' })
        .add('work', 'userTask', { parent: 'sub' })
        .add('sub-e', 'endEvent', { parent: 'sub' })
        .add('on-recall', 'subProcess', { parent: 'sub', triggeredByEvent: true })
        .event('on-recall-s', 'startEvent', { kind: 'signal', signalName: { static: 'recall' } }, { parent: 'on-recall', isInterrupting: true })
        .add('recall', 'userTask', { parent: 'on-recall' })
        .add('e', 'endEvent')
        .chain('s', 'sub', 'e')
        .chain('sub-s', 'work', 'sub-e')
        .chain('on-recall-s', 'recall'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    await engine.broadcastSignal({ name: 'recall', variables: { recallId: 'R-7', status: 'recalled' } });
    expect(active(started.id)).toEqual(['on-recall', 'recall', 'sub']);
    // A variable the enclosing scope has is updated there; a new one goes to the instance.
    expect(instance(started.id).variables).toEqual({ recallId: 'R-7' });
    const sub = [...store.elementInstances.values()].find((e) => e.elementId === 'sub');
    expect(sub?.variables).toEqual({ status: 'recalled' });
    const eventSubProcess = [...store.elementInstances.values()].find((e) => e.elementId === 'on-recall');
    expect(eventSubProcess?.variables).toEqual({});
  });

  it('an interrupting timer event sub-process cancels everything else in its scope', async () => {
    const { engine, deploy, active, clock, runDueJobs, store } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('main', 'userTask')
        .add('e', 'endEvent')
        .add('expire', 'subProcess', { triggeredByEvent: true })
        .event('expire-s', 'startEvent', { kind: 'timer', timer: { type: 'duration', value: { static: 'P1D' } } }, { parent: 'expire', isInterrupting: true })
        .add('close', 'userTask', { parent: 'expire' })
        .chain('s', 'main', 'e')
        .chain('expire-s', 'close'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    clock.advance(86_400_000);
    await runDueJobs();
    expect(active(instance.id)).toEqual(['close', 'expire']);
    expect([...store.tasks.values()].find((t) => t.elementId === 'main')?.state).toBe('canceled');
  });

  it('a terminate end event inside a sub-process ends only that sub-process, which then completes', async () => {
    const { engine, deploy, active, store, history } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('fork', 'parallelGateway')
        .add('outside', 'userTask')
        .add('sub', 'subProcess')
        .add('sub-s', 'startEvent', { parent: 'sub' })
        .add('sub-fork', 'parallelGateway', { parent: 'sub' })
        .add('inside', 'userTask', { parent: 'sub' })
        .event('stop', 'endEvent', { kind: 'terminate' }, { parent: 'sub' })
        .add('after', 'userTask')
        .chain('s', 'fork', 'outside')
        .chain('fork', 'sub', 'after')
        .chain('sub-s', 'sub-fork', 'inside')
        .chain('sub-fork', 'stop'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(active(instance.id)).toEqual(['after', 'outside']);
    expect(history(instance.id)).toContain('inside:terminated');
    expect([...store.tasks.values()].find((t) => t.elementId === 'inside')?.state).toBe('canceled');
  });

  it('a terminate end event at the process level ends every active element and completes the instance', async () => {
    const { engine, deploy, instance, history } = engineForTests();
    const [definition] = deploy(
      processGraph('p').add('s', 'startEvent').add('fork', 'parallelGateway').add('a', 'userTask').event('stop', 'endEvent', { kind: 'terminate' }).chain('s', 'fork', 'a').chain('fork', 'stop'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(instance(started.id).state).toBe('completed');
    expect(history(started.id)).toContain('a:terminated');
  });

  it('an escalation is caught by a non-interrupting boundary and the throwing path continues; an uncaught one has no effect', async () => {
    const { engine, deploy, active } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('sub', 'subProcess')
        .add('sub-s', 'startEvent', { parent: 'sub' })
        .event('raise', 'intermediateThrowEvent', { kind: 'escalation', escalationCode: 'LATE' }, { parent: 'sub' })
        .event('raise-unknown', 'intermediateThrowEvent', { kind: 'escalation', escalationCode: 'NOBODY' }, { parent: 'sub' })
        .add('continue', 'userTask', { parent: 'sub' })
        .boundary('late', 'sub', { kind: 'escalation', escalationCode: 'LATE' }, { interrupting: false })
        .add('inform', 'userTask')
        .chain('s', 'sub')
        .chain('sub-s', 'raise', 'raise-unknown', 'continue')
        .chain('late', 'inform'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(active(instance.id)).toEqual(['continue', 'inform', 'sub']);
  });

  it('terminateInstance ends every element, cancels tasks and closes catches', async () => {
    const { engine, deploy, store, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('fork', 'parallelGateway')
        .add('a', 'userTask')
        .event('wait', 'intermediateCatchEvent', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT1H' } } })
        .chain('s', 'fork', 'a')
        .chain('fork', 'wait'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    const { changes } = await engine.terminateInstance({ instanceId: started.id, reason: 'withdrawn' });
    expect(instance(started.id).state).toBe('terminated');
    expect(store.jobs.size).toBe(0);
    expect([...store.tasks.values()][0]?.state).toBe('canceled');
    expect(changes.events.map((e) => e.type)).toEqual(['process.task-canceled', 'process.instance-terminated']);
    await expect(engine.terminateInstance({ instanceId: started.id, reason: 'again' })).rejects.toMatchObject({ code: 'not-active' });
  });

  it('setVariables writes the root or an element instance local scope', async () => {
    const { engine, deploy, store, instance, taskOf } = engineForTests();
    const [definition] = deploy(processGraph('p').add('s', 'startEvent').add('t', 'userTask').chain('s', 't'));
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { a: 1 } });
    await engine.setVariables({ instanceId: started.id, variables: { b: 2 } });
    const task = taskOf(started.id, 't');
    await engine.setVariables({ instanceId: started.id, variables: { local: true }, elementInstanceId: task.elementInstanceId });
    expect(instance(started.id).variables).toEqual({ a: 1, b: 2 });
    expect(store.elementInstances.get(task.elementInstanceId)?.variables).toEqual({ local: true });
  });
});

describe('catches on scopes and multi-instance bodies', () => {
  it('an error inside a multi-instance inner instance is caught by an error boundary on the body', async () => {
    const { engine, deploy, active, history } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('each', 'subProcess', {
          loop: { sequential: false, cardinality: '2', collection: null, elementVariable: null, completionCondition: null, outputCollection: null, outputElement: null },
        })
        .add('each-s', 'startEvent', { parent: 'each' })
        .add('x', 'exclusiveGateway', { parent: 'each' })
        .add('wait', 'userTask', { parent: 'each' })
        .event('fail', 'endEvent', { kind: 'error', errorCode: 'E' }, { parent: 'each' })
        .boundary('caught', 'each', { kind: 'error', errorCode: 'E' })
        .add('handled', 'userTask')
        .chain('s', 'each')
        .chain('each-s', 'x')
        .flow('x', 'fail', { condition: 'loopCounter = 2' })
        .flow('x', 'wait', { isDefault: true })
        .chain('caught', 'handled'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(active(instance.id)).toEqual(['handled']);
    expect(history(instance.id).filter((h) => h.startsWith('each:') || h.startsWith('wait:'))).toEqual(['each:canceled', 'each:canceled', 'each:canceled', 'wait:canceled']);
  });

  it('an interrupting message boundary on a sub-process cancels everything inside it', async () => {
    const { engine, deploy, active, store } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('sub', 'subProcess')
        .add('sub-s', 'startEvent', { parent: 'sub' })
        .add('fork', 'parallelGateway', { parent: 'sub' })
        .add('a', 'userTask', { parent: 'sub' })
        .event('t', 'intermediateCatchEvent', { kind: 'timer', timer: { type: 'duration', value: { static: 'P1D' } } }, { parent: 'sub' })
        .boundary('cancel', 'sub', { kind: 'message', messageName: { static: 'cancel' } })
        .add('canceled', 'endEvent')
        .chain('s', 'sub')
        .chain('sub-s', 'fork', 'a')
        .chain('fork', 't')
        .chain('cancel', 'canceled'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(store.jobs.size).toBe(1);
    await engine.correlateMessage({ name: 'cancel', variables: {} });
    expect(active(instance.id)).toEqual([]);
    expect(store.jobs.size).toBe(0);
    expect(store.instances.get(instance.id)?.state).toBe('completed');
  });

  it('an interrupting timer boundary on a call activity terminates the called instance', async () => {
    const { engine, deploy, store, clock, runDueJobs, active } = engineForTests();
    const [, parent] = deploy(
      processGraph('child').add('s', 'startEvent').add('t', 'userTask').chain('s', 't'),
      processGraph('parent')
        .add('s', 'startEvent')
        .add('call', 'callActivity', { callActivity: { processKey: { static: 'child' }, binding: 'latest', in: [], out: [], inAll: false, outAll: false } })
        .boundary('late', 'call', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT1H' } } })
        .add('chase', 'userTask')
        .chain('s', 'call')
        .chain('late', 'chase'),
    );
    const { instance } = await engine.startInstance({ definition: parent!, variables: {} });
    clock.advance(3_600_000);
    await runDueJobs();
    const child = [...store.instances.values()].find((i) => i.parentInstanceId === instance.id)!;
    expect(child.state).toBe('terminated');
    expect(active(instance.id)).toEqual(['chase']);
  });

  it('signal and escalation start events of event sub-processes', async () => {
    const { engine, deploy, active } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('main', 'userTask')
        .event('raise', 'intermediateThrowEvent', { kind: 'escalation', escalationCode: 'UP' })
        .add('on-signal', 'subProcess', { triggeredByEvent: true })
        .event('on-signal-s', 'startEvent', { kind: 'signal', signalName: { static: 'recall' } }, { parent: 'on-signal', isInterrupting: true })
        .add('recall', 'userTask', { parent: 'on-signal' })
        .add('on-up', 'subProcess', { triggeredByEvent: true })
        .event('on-up-s', 'startEvent', { kind: 'escalation', escalationCode: 'UP' }, { parent: 'on-up', isInterrupting: false })
        .add('notice', 'userTask', { parent: 'on-up' })
        .chain('s', 'raise', 'main')
        .chain('on-signal-s', 'recall')
        .chain('on-up-s', 'notice'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(active(instance.id)).toEqual(['main', 'notice', 'on-up']);
    await engine.broadcastSignal({ name: 'recall', variables: {} });
    expect(active(instance.id)).toEqual(['on-signal', 'recall']);
  });

  it('task variables go to the nearest scope that has the variable, else the root', async () => {
    const { engine, deploy, store, taskOf, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('sub', 'subProcess', { inputs: [{ source: '0', target: 'count' }] })
        .add('sub-s', 'startEvent', { parent: 'sub' })
        .add('t', 'userTask', { parent: 'sub' })
        .chain('s', 'sub')
        .chain('sub-s', 't'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    const task = taskOf(started.id, 't');
    await engine.completeTask({ taskId: task.id, variables: { count: 5, other: 'x' }, completedBy: 'u' });
    const sub = [...store.elementInstances.values()].find((e) => e.elementId === 'sub')!;
    expect(sub.variables).toEqual({ count: 5 });
    expect(instance(started.id).variables).toEqual({ other: 'x' });
  });

  it('a gateway without a matching flow inside a job becomes an incident; after fixing the variables a retry continues', async () => {
    const { engine, deploy, store, clock, runDueJobs, active } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .event('wait', 'intermediateCatchEvent', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT1M' } } })
        .add('x', 'exclusiveGateway')
        .add('ok', 'userTask')
        .chain('s', 'wait', 'x')
        .flow('x', 'ok', { condition: 'ready' }),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: { ready: false } });
    clock.advance(60_000);
    await runDueJobs();
    const [incident] = [...store.incidents.values()];
    expect(incident).toMatchObject({ kind: 'no-matching-flow', elementId: 'x' });
    expect(store.instances.get(instance.id)?.state).toBe('incident');
    await engine.setVariables({ instanceId: instance.id, variables: { ready: true } });
    await engine.retryIncident({ incidentId: incident!.id });
    expect(active(instance.id)).toEqual(['ok']);
    expect(store.instances.get(instance.id)?.state).toBe('active');
  });

  it('an error thrown inside an error event sub-process is not caught by the same event sub-process', async () => {
    const { engine, deploy, store } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .event('fail', 'endEvent', { kind: 'error', errorCode: 'E' })
        .add('on-error', 'subProcess', { triggeredByEvent: true })
        .event('on-error-s', 'startEvent', { kind: 'error', errorCode: 'E' }, { parent: 'on-error', isInterrupting: true })
        .event('fail-again', 'endEvent', { kind: 'error', errorCode: 'E' }, { parent: 'on-error' })
        .chain('s', 'fail')
        .chain('on-error-s', 'fail-again'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(store.instances.get(instance.id)?.state).toBe('incident');
    expect([...store.incidents.values()]).toMatchObject([{ kind: 'unhandled-error', elementId: 'fail-again' }]);
  });
});
