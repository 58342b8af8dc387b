import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, expectHistory, type TaskView, waiting } from './harness.ts';

/**
 * Messages and signals, after Zeebe's MessageCorrelationTest / BoundaryEventTest /
 * ReceiveTaskTest / MessageStartEventTest and Camunda 7's SignalEventTest (catch, throw,
 * start, broadcast to every waiting instance).
 */
describe('execution semantics: messages and signals', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('c8-messages.bpmn');
    await e.preload('c7-signals.bpmn');
  });
  afterAll(async () => e?.close());

  /** Instance ids a message or signal answer names (started or correlated). */
  const instanceIdsOf = (res: LightMyRequestResponse): string[] => {
    const body = res.json();
    return (body.instanceIds ?? body.processInstanceIds ?? (body.id ? [body.id] : [])) as string[];
  };

  it('an interrupting message boundary event cancels its task when the message with the right correlation key arrives', async () => {
    const id = await e.start('message_boundary', { applicationId: 'APP-1' });
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['assess']);
    expect(view.waitingEvents).toEqual([{ elementId: 'withdrawn', kind: 'message', name: 'application-withdrawn' }]);

    const res = await e.message({ name: 'application-withdrawn', correlationKey: 'APP-1', variables: { withdrawnBy: 'applicant' } });
    expect(res.statusCode).toBeLessThan(300);
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['archive']);
    expect(view.waitingEvents).toEqual([]);
    expect(view.variables).toEqual({ applicationId: 'APP-1', withdrawnBy: 'applicant' });
    expect((await e.tasks(id)).map((x) => x.elementId)).toEqual(['archive']);
    expectHistory(await e.history(id), { assess: ['canceled'], withdrawn: ['completed'], archive: [null] }, ['approved']);
  });

  it('a message reaches only the instance whose correlation key matches', async () => {
    const a = await e.start('message_boundary', { applicationId: 'APP-A' });
    const b = await e.start('message_boundary', { applicationId: 'APP-B' });
    const res = await e.message({ name: 'application-withdrawn', correlationKey: 'APP-B' });
    expect(res.statusCode).toBeLessThan(300);
    expect(activeIds(await e.instance(a))).toEqual(['assess']);
    expect(activeIds(await e.instance(b))).toEqual(['archive']);
    // A key nobody waits for is refused and changes nothing.
    const before = await e.processDump();
    const none = await e.message({ name: 'application-withdrawn', correlationKey: 'APP-NOBODY' });
    expect(none.statusCode).toBeGreaterThanOrEqual(400);
    expect(none.statusCode).toBeLessThan(500);
    expect(await e.processDump()).toBe(before);
    expect(activeIds(await e.instance(a))).toEqual(['assess']);
  });

  it('a message subscription ends with its task: completing the task withdraws it', async () => {
    const id = await e.start('message_boundary', { applicationId: 'APP-C' });
    await e.complete(id, 'assess');
    const view = await e.instance(id);
    expect(view.state).toBe('completed');
    expect(view.waitingEvents).toEqual([]);
    const late = await e.message({ name: 'application-withdrawn', correlationKey: 'APP-C' });
    expect(late.statusCode).toBeGreaterThanOrEqual(400);
    expect(late.statusCode).toBeLessThan(500);
  });

  it('a non-interrupting message boundary event starts its path each time, and the task stays', async () => {
    const id = await e.start('message_boundary_non_interrupting', { applicationId: 'APP-N' });
    for (const n of [1, 2]) {
      const res = await e.message({ name: 'customer-chased', correlationKey: 'APP-N', variables: { chaseNo: n } });
      expect(res.statusCode).toBeLessThan(300);
    }
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['callBack', 'callBack', 'collectDocuments']);
    // Still listening while the task is active.
    expect(waiting(view)).toEqual(['chased:message']);
    expect(view.variables).toMatchObject({ chaseNo: 2 });

    await e.complete(id, 'collectDocuments');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['callBack', 'callBack']);
    expect(view.waitingEvents).toEqual([]);
    expectHistory(await e.history(id), { collectDocuments: ['completed'], chased: ['completed', 'completed'], callBack: [null, null], nEnd: ['completed'] });
  });

  it('a receive task waits for its message and continues with the message variables', async () => {
    const first = await e.start('receive_task', { applicationId: 'APP-10' });
    const second = await e.start('receive_task', { applicationId: 'APP-11' });
    let view = await e.instance(first);
    expect(view.activeElements).toEqual([{ elementId: 'awaitDocuments', elementType: 'receiveTask' }]);
    expect(view.waitingEvents).toEqual([{ elementId: 'awaitDocuments', kind: 'message', name: 'documents-received' }]);
    expect(await e.tasks(first)).toEqual([]);

    const res = await e.message({ name: 'documents-received', correlationKey: 'APP-11', variables: { pages: 12 } });
    expect(res.statusCode).toBeLessThan(300);
    view = await e.instance(second);
    expect(activeIds(view)).toEqual(['checkDocuments']);
    expect(view.variables).toEqual({ applicationId: 'APP-11', pages: 12 });
    expect(activeIds(await e.instance(first))).toEqual(['awaitDocuments']);
    expectHistory(await e.history(second), { awaitDocuments: ['completed'] });
  });

  it('a message addressed by processInstanceId reaches that instance', async () => {
    const id = await e.start('receive_task', { applicationId: 'APP-20' });
    const res = await e.message({ name: 'documents-received', processInstanceId: id, variables: { pages: 1 } });
    expect(res.statusCode).toBeLessThan(300);
    expect(activeIds(await e.instance(id))).toEqual(['checkDocuments']);
  });

  it('a message start event starts a new instance with the message variables', async () => {
    const res = await e.message({ name: 'application-submitted', variables: { applicant: 'Mr Lee', amount: 12000 } });
    expect(res.statusCode).toBeLessThan(300);
    const ids = instanceIdsOf(res);
    expect(ids).toHaveLength(1);
    const view = await e.instance(ids[0]!);
    expect(view).toMatchObject({ processKey: 'message_start', state: 'active' });
    expect(view.variables).toEqual({ applicant: 'Mr Lee', amount: 12000 });
    expect(activeIds(view)).toEqual(['triage']);
    expectHistory(await e.history(ids[0]!), { submitted: ['completed'], triage: [null] });
    // Each message starts another.
    const again = await e.message({ name: 'application-submitted', variables: { applicant: 'Ms Ho' } });
    expect(instanceIdsOf(again)).toHaveLength(1);
    expect(instanceIdsOf(again)[0]).not.toBe(ids[0]);
  });

  it('a signal reaches every instance waiting for it, each getting the signal variables', async () => {
    const ids = [await e.start('signal_catch', { n: 1 }), await e.start('signal_catch', { n: 2 }), await e.start('signal_catch', { n: 3 })];
    for (const id of ids) expect(waiting(await e.instance(id))).toEqual(['awaitRates:signal']);
    expect((await e.instance(ids[0]!)).waitingEvents[0]!.name).toBe('rates-changed');

    const res = await e.signal('rates-changed', { baseRate: 4.25 });
    expect(res.statusCode).toBeLessThan(300);
    for (const [i, id] of ids.entries()) {
      const view = await e.instance(id);
      expect(activeIds(view)).toEqual(['reprice']);
      expect(view.waitingEvents).toEqual([]);
      expect(view.variables).toEqual({ n: i + 1, baseRate: 4.25 });
    }
    // A signal is not kept: an instance that starts waiting afterwards waits for the next one.
    const later = await e.start('signal_catch', { n: 4 });
    expect(activeIds(await e.instance(later))).toEqual(['awaitRates']);
  });

  it('an intermediate signal throw event broadcasts to the waiting instances', async () => {
    const waitingIds = [await e.start('signal_catch', {}), await e.start('signal_catch', {})];
    const thrower = await e.start('signal_throw', {});
    expect((await e.instance(thrower)).state).toBe('completed');
    for (const id of waitingIds) expect(activeIds(await e.instance(id))).toEqual(['reprice']);
    expectHistory(await e.history(thrower), { announce: ['completed'], tEnd: ['completed'] });
  });

  it('a signal start event starts an instance of the process', async () => {
    const openEndOfDay = async () => {
      const res = await e.get('/api/v1/tasks?candidate=me');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      return ((Array.isArray(body) ? body : body.items) as TaskView[]).filter((x) => x.elementId === 'endOfDay');
    };
    expect(await openEndOfDay()).toEqual([]);
    const res = await e.signal('market-closed', { day: '2026-03-02' });
    expect(res.statusCode).toBeLessThan(300);
    const tasks = await openEndOfDay();
    expect(tasks).toHaveLength(1);
    const view = await e.instance(tasks[0]!.processInstanceId);
    expect(view).toMatchObject({ processKey: 'signal_start', state: 'active', variables: { day: '2026-03-02' } });
  });

  it('a signal nobody waits for is accepted and reaches no instance', async () => {
    const res = await e.signal('nobody-listens', { x: 1 });
    expect(res.statusCode).toBeLessThan(300);
    expect(instanceIdsOf(res)).toEqual([]);
  });
});
