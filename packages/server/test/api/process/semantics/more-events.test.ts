import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, expectHistory, waiting } from './harness.ts';

/**
 * More boundary and event sub-process cases, after Camunda 7's BoundaryTimerNonInterruptingEventTest
 * (a duration fires once), EventSubProcessTest (an interrupting timer start cancels every branch),
 * InclusiveGatewayTest (a branch that cannot reach the join is not waited for) and
 * MessageBoundaryEventTest (on a sub-process, cancelling every inner activity).
 */
describe('execution semantics: more events', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('c7-more-events.bpmn');
  });
  afterAll(async () => e?.close());

  it('a non-interrupting boundary timer with a duration fires once', async () => {
    const id = await e.start('timer_boundary_non_interrupting_once', {});
    expect(waiting(await e.instance(id))).toEqual(['reminder:timer']);
    await e.advance('PT4H');
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['prepareOffer', 'remindOfficer']);
    expect(view.waitingEvents).toEqual([]);
    await e.advance('PT8H');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['prepareOffer', 'remindOfficer']);
    await e.complete(id, 'prepareOffer');
    await e.complete(id, 'remindOfficer');
    expect((await e.instance(id)).state).toBe('completed');
    expectHistory(await e.history(id), { reminder: ['completed'], remindOfficer: ['completed'], prepareOffer: ['completed'] });
  });

  it('an interrupting timer event sub-process cancels every branch of the process, a half-done join included', async () => {
    const id = await e.start('esp_timer_interrupting', {});
    await e.complete(id, 'collectA');
    let view = await e.instance(id);
    expect(activeIds(view).filter((x) => x !== 'tJoin')).toEqual(['collectB']);
    expect(waiting(view)).toEqual(['deadline:timer']);
    await e.advance('P2D');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['expire', 'onDeadline']);
    expect(view.waitingEvents).toEqual([]);
    expect((await e.tasks(id)).map((x) => x.elementId)).toEqual(['expire']);
    await e.complete(id, 'expire');
    view = await e.instance(id);
    expect(view.state).toBe('completed');
    expectHistory(await e.history(id), { collectA: ['completed'], collectB: ['canceled'], deadline: ['completed'], expire: ['completed'] }, ['tEnd']);
  });

  it('an inclusive join does not wait for a branch that can no longer reach it', async () => {
    const id = await e.start('inclusive_dead_branch', {});
    let view = await e.instance(id);
    expect(activeIds(view).filter((x) => x !== 'iJoin')).toEqual(['joinPath', 'sidePath']);
    await e.complete(id, 'joinPath');
    view = await e.instance(id);
    // preJoin can still reach the join: it waits.
    expect(activeIds(view).filter((x) => x !== 'iJoin')).toEqual(['preJoin', 'sidePath']);
    await e.complete(id, 'preJoin');
    view = await e.instance(id);
    // sidePath ends elsewhere: the join fires without it.
    expect(activeIds(view)).toEqual(['afterJoin', 'sidePath']);
    expect((await e.history(id)).filter((h) => h.elementId === 'iJoin' && h.outcome === 'completed')).toHaveLength(1);
    await e.complete(id, 'sidePath');
    expect(activeIds(await e.instance(id))).toEqual(['afterJoin']);
  });

  it('an interrupting message boundary on a sub-process cancels every activity inside it', async () => {
    const id = await e.start('message_boundary_on_sub', {});
    await e.complete(id, 'legalReview');
    expect(activeIds(await e.instance(id))).toEqual(['review', 'riskReview']);
    expect((await e.message({ name: 'stop-review', processInstanceId: id })).statusCode).toBeLessThan(300);
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['reviewStopped']);
    expect((await e.tasks(id)).map((x) => x.elementId)).toEqual(['reviewStopped']);
    expectHistory(await e.history(id), { legalReview: ['completed'], rEnd1: ['completed'], riskReview: ['canceled'], review: ['canceled'], stopped: ['completed'] }, ['rEnd2', 'decided']);
  });

  it('an escalation end event caught by an interrupting boundary cancels the sub-process, its other branch included', async () => {
    const id = await e.start('escalation_interrupting', {});
    await e.complete(id, 'checkLimit');
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['creditCommittee']);
    expectHistory(await e.history(id), { checkLimit: ['completed'], checkCollateral: ['canceled'], approveLimit: ['canceled'], limitExceeded: ['completed'] }, ['approved', 'alEnd']);
  });

  it('an escalation thrown in the process starts a non-interrupting escalation event sub-process; the thrower goes on', async () => {
    const id = await e.start('escalation_event_sub', {});
    await e.complete(id, 'esWork');
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['esMore', 'logNotice', 'onNotice']);
    expectHistory(await e.history(id), { notice: ['completed'], noticeStart: ['completed'], logNotice: [null], esMore: [null] });
  });

  it('a receive task with a boundary timer: the timer ends the wait, and a late message is refused', async () => {
    const id = await e.start('receive_with_timeout', {});
    expect(waiting(await e.instance(id))).toEqual(['awaitReply:message', 'noReply:timer']);
    await e.advance('P3D');
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['chase']);
    expect(view.waitingEvents).toEqual([]);
    const late = await e.message({ name: 'customer-reply', processInstanceId: id });
    expect(late.statusCode).toBeGreaterThanOrEqual(400);
    expect(late.statusCode).toBeLessThan(500);
    expectHistory(await e.history(id), { awaitReply: ['canceled'], noReply: ['completed'], chase: [null] }, ['replied']);
  });
});
