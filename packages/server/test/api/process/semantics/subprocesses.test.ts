import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, expectHistory, expectThrown, outcomesOf, waiting } from './harness.ts';

/**
 * Embedded and event sub-processes and the terminate end event, after Camunda 7's
 * SubProcessTest, EventSubProcessTest (message, timer, signal, error starts, interrupting or
 * not) and TerminateEndEventTest, and Zeebe's EventSubProcessTest.
 */
describe('execution semantics: sub-processes', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('docket-subprocess.bpmn');
    await e.preload('c7-event-subprocesses.bpmn');
    await e.preload('c7-terminate.bpmn');
  });
  afterAll(async () => e?.close());

  it('an embedded sub-process runs its own start to end, then continues after itself', async () => {
    const id = await e.start('embedded_sub', { x: 1 });
    let view = await e.instance(id);
    // The sub-process is an active element instance too, with its inner task.
    expect(activeIds(view)).toEqual(['inner', 'sub']);
    expect(view.activeElements).toContainEqual({ elementId: 'sub', elementType: 'subProcess' });
    await e.complete(id, 'inner', { y: 2 });
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['after']);
    // Variables set by a task without a local scope land in the process scope.
    expect(view.variables).toEqual({ x: 1, y: 2 });
    expectHistory(await e.history(id), { sub: ['completed'], subStart: ['completed'], inner: ['completed'], subEnd: ['completed'], after: [null] });
  });

  it('an interrupting message event sub-process cancels the running work and replaces it', async () => {
    const id = await e.start('esp_message_interrupting', {});
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['work']);
    expect(waiting(view)).toEqual(['cancelStart:message']);

    const res = await e.message({ name: 'esp-cancel-order', processInstanceId: id, variables: { reason: 'customer' } });
    expect(res.statusCode).toBeLessThan(300);
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['handleCancel', 'onCancel']);
    expect(view.waitingEvents).toEqual([]);
    expect(await e.tasks(id)).toHaveLength(1);
    // The message's variables reach the instance (Camunda 7 setVariables, Zeebe's default merge).
    const reason = view.variables.reason;

    await e.complete(id, 'handleCancel');
    view = await e.instance(id);
    expect(view.state).toBe('completed');
    expectHistory(await e.history(id), { work: ['canceled'], onCancel: ['completed'], cancelStart: ['completed'], handleCancel: ['completed'], cancelEnd: ['completed'] }, ['end']);
    expect(reason).toBe('customer');
  });

  it('a non-interrupting timer event sub-process runs beside the work, which goes on', async () => {
    const id = await e.start('esp_non_interrupting', {});
    let view = await e.instance(id);
    expect(waiting(view)).toEqual(['addressStart:message', 'reminderStart:timer']);
    const timer = view.waitingEvents.find((w) => w.kind === 'timer')!;
    expect(new Date(timer.dueAt!).getTime()).toBe(e.now().getTime() + 3_600_000);

    await e.advance('PT1H');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['nWork', 'onReminder', 'remind']);
    // A duration timer start fires once.
    expect(waiting(view)).toEqual(['addressStart:message']);

    await e.complete(id, 'remind');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['nWork']);
    await e.complete(id, 'nWork');
    view = await e.instance(id);
    expect(view.state).toBe('completed');
    expectHistory(await e.history(id), { nWork: ['completed'], onReminder: ['completed'], remind: ['completed'], nEnd: ['completed'] });
  });

  it('a non-interrupting message event sub-process can start more than once while the scope lives', async () => {
    const id = await e.start('esp_non_interrupting', {});
    for (const street of ['1 Queen St', '2 King St']) {
      const res = await e.message({ name: 'esp-address-changed', processInstanceId: id, variables: { street } });
      expect(res.statusCode).toBeLessThan(300);
    }
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['nWork', 'onAddressChange', 'onAddressChange', 'updateAddress', 'updateAddress']);
    expect(waiting(view)).toContain('addressStart:message');
    // The process ends only when the work and both handlers are done.
    await e.complete(id, 'nWork');
    view = await e.instance(id);
    expect(view.state).toBe('active');
    for (const task of await e.tasks(id)) {
      const res = await e.completeRaw(task.id);
      expect(res.statusCode).toBeLessThan(300);
    }
    view = await e.instance(id);
    expect(view.state).toBe('completed');
    expect(outcomesOf(await e.history(id), 'updateAddress')).toEqual(['completed', 'completed']);
  });

  it('an interrupting signal event sub-process ends the work of every instance the signal reaches', async () => {
    const a = await e.start('esp_signal', {});
    const b = await e.start('esp_signal', {});
    expect(waiting(await e.instance(a))).toEqual(['recallStart:signal']);
    const res = await e.signal('esp-recall-all', { recallId: 'R-7' });
    expect(res.statusCode).toBeLessThan(300);
    for (const id of [a, b]) {
      const view = await e.instance(id);
      expect(activeIds(view)).toEqual(['onRecall', 'recall']);
      expectHistory(await e.history(id), { sWork: ['canceled'], recallStart: ['completed'] });
      expect(view.variables).toMatchObject({ recallId: 'R-7' });
    }
  });

  it('an error end event in a sub-process starts the error event sub-process of the process, which ends the sub-process', async () => {
    const id = await e.start('esp_error', {});
    expect(activeIds(await e.instance(id))).toEqual(['check', 'checkSub']);
    await e.complete(id, 'check');
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['handleFailure', 'onFail']);
    const history = await e.history(id);
    expectThrown(history, 'failEnd');
    expectHistory(history, { check: ['completed'], checkSub: ['canceled'], failStart: ['completed'] }, ['afterCheck']);
    await e.complete(id, 'handleFailure');
    expect((await e.instance(id)).state).toBe('completed');
    // camunda:errorCodeVariable on the event sub-process start: set as on a boundary event, visible on the instance.
    expect(view.variables).toMatchObject({ failure: 'E_FAIL' });
  });

  it('a terminate end event inside a sub-process ends only that sub-process, which then completes and continues', async () => {
    const id = await e.start('terminate_in_sub', {});
    expect(activeIds(await e.instance(id))).toEqual(['longTask', 'quickTask', 'sub']);
    await e.complete(id, 'quickTask');
    const view = await e.instance(id);
    expect(view.state).toBe('active');
    expect(activeIds(view)).toEqual(['after']);
    expect((await e.tasks(id)).map((x) => x.elementId)).toEqual(['after']);
    expectHistory(await e.history(id), { longTask: ['terminated'], quickTask: ['completed'], subTerminate: ['completed'], sub: ['completed'], after: [null] }, ['subEnd']);
  });

  it('a terminate end event at the process level ends every branch and the instance', async () => {
    const id = await e.start('terminate_process', {});
    expect(activeIds(await e.instance(id))).toEqual(['pLong', 'pQuick', 'pSub', 'pSubTask']);
    await e.complete(id, 'pQuick');
    const view = await e.instance(id);
    // Camunda 7 and Zeebe both record the instance as completed (ended by its own model), its other branches as terminated.
    expect(view.state).toBe('completed');
    expect(view.activeElements).toEqual([]);
    expect(await e.tasks(id)).toEqual([]);
    expectHistory(await e.history(id), { pLong: ['terminated'], pSubTask: ['terminated'], pSub: ['terminated'], pQuick: ['completed'], pTerminate: ['completed'] }, ['pEnd', 'pSubEnd']);
  });
});
