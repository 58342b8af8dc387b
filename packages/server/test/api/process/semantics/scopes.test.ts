import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, expectHistory, type HistoryEntry, waiting } from './harness.ts';

/**
 * Scopes inside scopes, after Camunda 7's MultiInstanceTest (an error thrown inside a parallel
 * multi-instance sub-process caught on the multi-instance activity), TerminateEndEventTest (a
 * terminate end event in one instance of a multi-instance sub-process), EventSubProcessTest (an
 * event sub-process inside an embedded sub-process), SignalEventTest (interrupting signal
 * boundary), LinkEventTest, and EscalationEventTest (escalation from a called process caught on
 * the call activity).
 */
describe('execution semantics: nested scopes', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('c7-scopes.bpmn');
  });
  afterAll(async () => e?.close());

  const count = (history: HistoryEntry[], elementId: string, outcome: string | null) => history.filter((h) => h.elementId === elementId && h.outcome === outcome).length;
  const openTasks = async (id: string, elementId: string) => (await e.tasks(id)).filter((x) => x.elementId === elementId);

  it('an error thrown in one instance of a parallel multi-instance sub-process ends every instance and is caught on the activity', async () => {
    const id = await e.start('mi_error_boundary', { branches: ['north', 'south', 'east'] });
    const audits = await openTasks(id, 'audit');
    expect(audits.map((x) => x.assignee).sort()).toEqual(['east', 'north', 'south']);
    const byAssignee = (who: string) => audits.find((x) => x.assignee === who)!;

    expect((await e.completeRaw(byAssignee('north').id, { variables: { failed: false } })).statusCode).toBeLessThan(300);
    expect(await openTasks(id, 'audit')).toHaveLength(2);
    expect((await e.completeRaw(byAssignee('south').id, { variables: { failed: true } })).statusCode).toBeLessThan(300);

    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['investigate']);
    expect(await openTasks(id, 'audit')).toEqual([]);
    const history = await e.history(id);
    expect(count(history, 'audit', 'completed')).toBe(2);
    expect(count(history, 'audit', 'canceled')).toBe(1);
    expect(count(history, 'branchFailed', 'completed')).toBe(1);
    expect(history.some((h) => h.elementId === 'allAudited')).toBe(false);
  });

  it('a terminate end event in one instance of a multi-instance sub-process ends only that instance', async () => {
    const id = await e.start('mi_terminate_one', {});
    expect(await openTasks(id, 'quickCheck')).toHaveLength(2);
    expect(await openTasks(id, 'slowCheck')).toHaveLength(2);

    expect((await e.completeRaw((await openTasks(id, 'quickCheck'))[0]!.id)).statusCode).toBeLessThan(300);
    let view = await e.instance(id);
    expect(view.state).toBe('active');
    expect(await openTasks(id, 'quickCheck')).toHaveLength(1);
    expect(await openTasks(id, 'slowCheck')).toHaveLength(1);
    expect(activeIds(view)).not.toContain('itemsDone');
    expect(count(await e.history(id), 'slowCheck', 'terminated')).toBe(1);

    expect((await e.completeRaw((await openTasks(id, 'quickCheck'))[0]!.id)).statusCode).toBeLessThan(300);
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['itemsDone']);
    expect(count(await e.history(id), 'slowCheck', 'terminated')).toBe(2);
  });

  it('an event sub-process inside an embedded sub-process listens only while that sub-process runs, and holds it open while it runs', async () => {
    const id = await e.start('nested_event_sub', {});
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['case', 'handle']);
    expect(waiting(view)).toEqual(['updateStart:message']);

    expect((await e.message({ name: 'scoped-update', processInstanceId: id })).statusCode).toBeLessThan(300);
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['applyUpdate', 'case', 'handle', 'onUpdate']);

    await e.complete(id, 'handle');
    view = await e.instance(id);
    // The non-interrupting handler still runs inside the sub-process: it has not completed.
    expect(activeIds(view)).toEqual(['applyUpdate', 'case', 'onUpdate']);
    await e.complete(id, 'applyUpdate');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['closed']);
    expect(view.waitingEvents).toEqual([]);
    const late = await e.message({ name: 'scoped-update', processInstanceId: id });
    expect(late.statusCode).toBeGreaterThanOrEqual(400);
    expect(late.statusCode).toBeLessThan(500);
    expectHistory(await e.history(id), { case: ['completed'], handle: ['completed'], onUpdate: ['completed'], applyUpdate: ['completed'], closed: [null] });
  });

  it('an interrupting signal boundary event cancels its task', async () => {
    const id = await e.start('signal_boundary', {});
    expect(waiting(await e.instance(id))).toEqual(['halted:signal']);
    expect((await e.signal('halt-trading')).statusCode).toBeLessThan(300);
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['unwind']);
    expect(view.waitingEvents).toEqual([]);
    expectHistory(await e.history(id), { trade: ['canceled'], halted: ['completed'], unwind: [null] }, ['sEnd']);
  });

  it('a link throw event continues at the link catch event of the same name', async () => {
    const id = await e.start('link_events', {});
    expect(activeIds(await e.instance(id))).toEqual(['onPage2']);
  });

  it('an escalation thrown in a called process is caught by a non-interrupting boundary on the call activity; both go on', async () => {
    const id = await e.start('escalation_from_child', {});
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['callWorker', 'sendHelp']);
    const child = await e.instance(view.childIds[0]!);
    expect(child.state).toBe('active');
    expect(activeIds(child)).toEqual(['keepWorking']);
    await e.complete(child.id, 'keepWorking');
    expect(activeIds(await e.instance(id))).toEqual(['eDone', 'sendHelp']);
    expectHistory(await e.history(id), { callWorker: ['completed'], helpNeeded: ['completed'], sendHelp: [null], eDone: [null] });
  });
});
