import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, expectHistory } from './harness.ts';

/**
 * Call activities after Camunda 7's CallActivityTest (camunda:in/out, variables="all", an error
 * thrown by the child caught on the call activity) and Zeebe's CallActivityTest (calledElement,
 * input/output mappings, propagateAllChildVariables=false).
 */
describe('execution semantics: call activities', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('c7-call-activity.bpmn');
    await e.preload('c8-call-activity.bpmn');
  });
  afterAll(async () => e?.close());

  it('Camunda 7 camunda:in/out: the child sees only what is mapped in, the parent gets only what is mapped out', async () => {
    const parentId = await e.start('call_parent_c7', { amount: 250, customer: 'ACME' });
    let parent = await e.instance(parentId);
    expect(activeIds(parent)).toEqual(['callChild']);
    expect(parent.childIds).toHaveLength(1);
    const childId = parent.childIds[0]!;

    let child = await e.instance(childId);
    expect(child).toMatchObject({ processKey: 'call_child_c7', state: 'active', parentId });
    expect(child.variables).toEqual({ childAmount: 250 });
    expect(activeIds(child)).toEqual(['childTask']);
    // The parent has no task of its own while the child runs.
    expect(await e.tasks(parentId)).toEqual([]);

    await e.complete(childId, 'childTask', { childResult: 'approved', scratch: 'child only' });
    child = await e.instance(childId);
    expect(child.state).toBe('completed');
    parent = await e.instance(parentId);
    expect(activeIds(parent)).toEqual(['afterCall']);
    expect(parent.variables).toEqual({ amount: 250, customer: 'ACME', result: 'approved' });
    expectHistory(await e.history(parentId), { callChild: ['completed'], afterCall: [null] });
    expectHistory(await e.history(childId), { childStart: ['completed'], childTask: ['completed'], childEnd: ['completed'] });
  });

  it('Zeebe calledElement with input and output mappings and propagateAllChildVariables=false', async () => {
    const parentId = await e.start('call_parent_c8', { amount: 21 });
    let parent = await e.instance(parentId);
    const childId = parent.childIds[0]!;
    const child = await e.instance(childId);
    expect(child.parentId).toBe(parentId);
    // Zeebe propagates the call activity's variables (parent's and its input mappings) into the child by default.
    expect(child.variables).toMatchObject({ doubled: 42 });

    await e.complete(childId, 'childTask', { childResult: 'ok', noise: 1 });
    parent = await e.instance(parentId);
    expect(activeIds(parent)).toEqual(['afterCall']);
    expect(parent.variables).toMatchObject({ amount: 21, result: 'ok' });
    expect(parent.variables).not.toHaveProperty('noise');
    expect(parent.variables).not.toHaveProperty('childResult');
  });

  it('an error thrown by the child ends the child and is caught by the boundary on the call activity', async () => {
    const parentId = await e.start('call_parent_error', { loanId: 'L-1' });
    let parent = await e.instance(parentId);
    const childId = parent.childIds[0]!;
    let child = await e.instance(childId);
    // variables="all": every parent variable goes in.
    expect(child.variables).toEqual({ loanId: 'L-1' });
    await e.complete(childId, 'childWork');

    parent = await e.instance(parentId);
    expect(parent.state).toBe('active');
    expect(activeIds(parent)).toEqual(['handleChildFailure']);
    expect(parent.variables).toMatchObject({ childError: 'CHILD_FAILED' });
    expectHistory(await e.history(parentId), { callFailing: ['canceled'], childFailed: ['completed'], handleChildFailure: [null] }, ['peEnd']);
    child = await e.instance(childId);
    expect(child.state).not.toBe('active');
    expect(child.activeElements).toEqual([]);
    expect(await e.tasks(childId)).toEqual([]);
  });

  it('a parallel multi-instance call activity starts one child per item, and goes on when every child has ended', async () => {
    const parentId = await e.start('call_multi_instance', { accounts: [100, 200, 300] });
    let parent = await e.instance(parentId);
    expect(parent.childIds).toHaveLength(3);
    const children = await Promise.all(parent.childIds.map((id) => e.instance(id)));
    expect(children.map((c) => c.variables.childAmount).sort()).toEqual([100, 200, 300]);
    for (const child of children) expect(child.parentId).toBe(parentId);
    for (const [i, child] of children.entries()) {
      expect(activeIds(await e.instance(parentId))).not.toContain('mAfter');
      await e.complete(child.id, 'childTask');
      expect((await e.instance(child.id)).state).toBe('completed');
      if (i < 2) expect(activeIds(await e.instance(parentId)).filter((x) => x === 'callPerAccount').length).toBe(2 - i);
    }
    parent = await e.instance(parentId);
    expect(activeIds(parent)).toEqual(['mAfter']);
  });
});
