import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, type HistoryEntry, waiting } from './harness.ts';

/**
 * Multi-instance activities, after Camunda 7's MultiInstanceTest (parallel user tasks over a
 * collection with camunda:elementVariable, sequential over a cardinality, completion condition
 * on nrOfCompletedInstances/nrOfInstances, a boundary timer on a sequential multi-instance) and
 * Zeebe's MultiInstanceActivityTest (inputElement, outputCollection/outputElement, loopCounter
 * from 1).
 */
describe('execution semantics: multi-instance', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('c7-multi-instance.bpmn');
    await e.preload('c8-multi-instance.bpmn');
  });
  afterAll(async () => e?.close());

  const count = (history: HistoryEntry[], elementId: string, outcome: string | null) => history.filter((h) => h.elementId === elementId && h.outcome === outcome).length;
  const openTasks = async (id: string, elementId: string) => (await e.tasks(id)).filter((x) => x.elementId === elementId);

  it('parallel over a collection: one task per item, each with its element variable, all open at once', async () => {
    const id = await e.start('mi_parallel_collection', { reviewers: ['kim', 'lee', 'ng'] });
    let view = await e.instance(id);
    // One entry per element instance: three open instances are listed three times.
    expect(view.activeElements.filter((a) => a.elementId === 'approve')).toEqual([
      { elementId: 'approve', elementType: 'userTask' },
      { elementId: 'approve', elementType: 'userTask' },
      { elementId: 'approve', elementType: 'userTask' },
    ]);
    const tasks = await openTasks(id, 'approve');
    expect(tasks.map((x) => x.assignee).sort()).toEqual(['kim', 'lee', 'ng']);
    // The element variable is local to each instance.
    expect(view.variables).toEqual({ reviewers: ['kim', 'lee', 'ng'] });

    for (const [i, task] of tasks.entries()) {
      expect(activeIds(await e.instance(id))).not.toContain('after');
      expect((await e.completeRaw(task.id)).statusCode).toBeLessThan(300);
      expect(await openTasks(id, 'approve')).toHaveLength(2 - i);
    }
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['after']);
    expect(count(await e.history(id), 'approve', 'completed')).toBeGreaterThanOrEqual(3);
  });

  it('parallel over an empty collection completes at once', async () => {
    const id = await e.start('mi_parallel_collection', { reviewers: [] });
    expect(activeIds(await e.instance(id))).toEqual(['after']);
  });

  it('sequential over a cardinality: one instance at a time, three in all', async () => {
    const id = await e.start('mi_sequential_cardinality', {});
    for (let i = 0; i < 3; i++) {
      const view = await e.instance(id);
      expect(view.activeElements.filter((a) => a.elementId === 'step')).toHaveLength(1);
      expect(await openTasks(id, 'step')).toHaveLength(1);
      await e.complete(id, 'step');
    }
    expect(activeIds(await e.instance(id))).toEqual(['sAfter']);
    const history = await e.history(id);
    // Three inner instances (a body instance, if the engine records one, comes on top).
    expect(count(history, 'step', 'completed')).toBeGreaterThanOrEqual(3);
    expect(count(history, 'step', 'completed')).toBeLessThanOrEqual(4);
  });

  it('Zeebe inputElement/outputCollection: loopCounter counts from 1, results in collection order', async () => {
    const id = await e.start('mi_output_collection', { items: ['a', 'b', 'c'] });
    for (let i = 0; i < 3; i++) await e.complete(id, 'collect');
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['after']);
    expect(view.variables.results).toEqual([
      { item: 'a', counter: 1 },
      { item: 'b', counter: 2 },
      { item: 'c', counter: 3 },
    ]);
    expect(view.variables).not.toHaveProperty('item');
    expect(view.variables).not.toHaveProperty('loopCounter');
  });

  it('a completion condition on nrOfCompletedInstances/nrOfInstances ends the activity early and cancels the rest', async () => {
    const id = await e.start('mi_completion_condition', { voters: 5 });
    expect(await openTasks(id, 'vote')).toHaveLength(5);
    for (let done = 0; done < 3; done++) {
      const open = await openTasks(id, 'vote');
      // Not yet 60 %: every other instance still waits.
      expect(open).toHaveLength(5 - done);
      expect((await e.completeRaw(open[0]!.id)).statusCode).toBeLessThan(300);
    }
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['tally']);
    expect(await openTasks(id, 'vote')).toEqual([]);
    const history = await e.history(id);
    expect(count(history, 'vote', 'canceled')).toBe(2);
    expect(count(history, 'vote', 'completed')).toBeGreaterThanOrEqual(3);
    expect(count(history, 'vote', 'completed')).toBeLessThanOrEqual(4);
    expect(view.variables).not.toHaveProperty('nrOfInstances');
  });

  it('a completion condition on nrOfActiveInstances sees the count after the instance that just completed', async () => {
    const id = await e.start('mi_active_condition', {});
    expect(await openTasks(id, 'sign')).toHaveLength(3);
    // After the first, two are active: not done yet.
    expect((await e.completeRaw((await openTasks(id, 'sign'))[0]!.id)).statusCode).toBeLessThan(300);
    expect(await openTasks(id, 'sign')).toHaveLength(2);
    // After the second, one is active: the condition holds.
    expect((await e.completeRaw((await openTasks(id, 'sign'))[0]!.id)).statusCode).toBeLessThan(300);
    expect(activeIds(await e.instance(id))).toEqual(['signed']);
    expect(count(await e.history(id), 'sign', 'canceled')).toBe(1);
  });

  it('a boundary timer on a sequential multi-instance interrupts the whole activity, not one instance', async () => {
    const id = await e.start('mi_sequential_timer', { branches: ['north', 'south', 'east'] });
    let view = await e.instance(id);
    // One timer for the activity, not one per instance.
    expect(waiting(view)).toEqual(['outOfTime:timer']);
    expect((await openTasks(id, 'callBranch')).map((x) => x.assignee)).toEqual(['north']);

    await e.advance('PT20M');
    await e.complete(id, 'callBranch');
    view = await e.instance(id);
    expect((await openTasks(id, 'callBranch')).map((x) => x.assignee)).toEqual(['south']);
    // The timer started with the activity, not with the current instance.
    expect(waiting(view)).toEqual(['outOfTime:timer']);

    await e.advance('PT40M');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['escalate']);
    expect(view.waitingEvents).toEqual([]);
    expect(await openTasks(id, 'callBranch')).toEqual([]);
    const history = await e.history(id);
    expect(count(history, 'callBranch', 'completed')).toBe(1);
    expect(count(history, 'callBranch', 'canceled')).toBeGreaterThanOrEqual(1);
    // The third instance was never started.
    expect(history.filter((h) => h.elementId === 'callBranch').length).toBeLessThanOrEqual(3);
    expect(history.some((h) => h.elementId === 'allCalled')).toBe(false);
  });
});
