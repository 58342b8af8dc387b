import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, expectHistory, expectThrown } from './harness.ts';

/**
 * Errors and escalations, after Camunda 7's BoundaryErrorEventTest (error end event caught on
 * the enclosing sub-process, propagation past a boundary for another code, catch-all,
 * errorCodeVariable), Zeebe's ErrorEventTest (an error nobody catches raises an incident) and
 * Camunda 7's EscalationEventTest (non-interrupting escalation boundary on a sub-process).
 */
describe('execution semantics: errors and escalations', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('c7-errors.bpmn');
    await e.preload('c7-escalation.bpmn');
  });
  afterAll(async () => e?.close());

  it('an error end event is caught by the boundary event on its enclosing sub-process, which is interrupted', async () => {
    const id = await e.start('error_on_sub', {});
    expect(activeIds(await e.instance(id))).toEqual(['check', 'review']);
    await e.complete(id, 'check', { isRejected: true });
    const view = await e.instance(id);
    expect(view.state).toBe('active');
    expect(activeIds(view)).toEqual(['informRejection']);
    const history = await e.history(id);
    expectThrown(history, 'rejectEnd');
    expectHistory(history, { check: ['completed'], rGate: ['completed'], review: ['canceled'], rejected: ['completed'], informRejection: [null] }, ['rEnd', 'accepted']);
  });

  it('without the error the sub-process completes normally and the boundary is never entered', async () => {
    const id = await e.start('error_on_sub', {});
    await e.complete(id, 'check', { isRejected: false });
    expect(activeIds(await e.instance(id))).toEqual(['accepted']);
    expectHistory(await e.history(id), { review: ['completed'], rEnd: ['completed'] }, ['rejected', 'rejectEnd', 'informRejection']);
  });

  it('an error propagates past a boundary for another error code to the one that matches, setting errorCodeVariable', async () => {
    const id = await e.start('error_propagation', {});
    expect(activeIds(await e.instance(id))).toEqual(['inner', 'outer', 'screen']);
    await e.complete(id, 'screen');
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['reportFraud']);
    expect(view.variables).toMatchObject({ caughtCode: 'FRAUD' });
    const history = await e.history(id);
    expectThrown(history, 'fraudEnd');
    expectHistory(history, { screen: ['completed'], inner: ['canceled'], outer: ['canceled'], fraudCaught: ['completed'], reportFraud: [null] }, ['otherError', 'wrongHandler', 'oEnd', 'pEnd']);
  });

  it('an error boundary event without an error reference catches any error code', async () => {
    const id = await e.start('error_catch_all', {});
    await e.complete(id, 'aWork');
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['aHandle']);
    expect(view.variables).toMatchObject({ anyCode: 'OTHER' });
    expectHistory(await e.history(id), { aSub: ['canceled'], anyError: ['completed'] }, ['aEnd']);
  });

  it('an error nobody catches puts the instance in an incident; it neither completes nor loses its place', async () => {
    const id = await e.start('error_uncaught', {});
    await e.complete(id, 'uWork');
    const view = await e.instance(id);
    expect(view.state).toBe('incident');
    expect(view.incidents ?? []).toHaveLength(1);
    expect(view.incidents?.[0]?.message ?? '').toContain('NOBODY_CATCHES');
    expect(outcomesAfter(await e.history(id), 'uWork')).toEqual(['completed']);
  });

  it('a non-interrupting escalation boundary on a sub-process starts its path while the sub-process goes on', async () => {
    const id = await e.start('escalation_non_interrupting', {});
    await e.complete(id, 'firstPass');
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['handling', 'informManager', 'secondPass']);
    expectHistory(await e.history(id), { raiseLate: ['completed'], late: ['completed'], informManager: [null], handling: [null], secondPass: [null] });

    await e.complete(id, 'secondPass');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['done', 'informManager']);
    await e.complete(id, 'informManager');
    await e.complete(id, 'done');
    expect((await e.instance(id)).state).toBe('completed');
    expectHistory(await e.history(id), { handling: ['completed'], informManager: ['completed'], done: ['completed'] });
  });
});

function outcomesAfter(history: { elementId: string; outcome: string | null }[], elementId: string) {
  return history.filter((h) => h.elementId === elementId).map((h) => h.outcome);
}
