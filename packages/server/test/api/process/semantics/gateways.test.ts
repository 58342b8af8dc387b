import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, expectHistory, outcomesOf, waiting } from './harness.ts';

/**
 * Sequences and gateways, as Camunda 7's ExclusiveGatewayTest / InclusiveGatewayTest /
 * ParallelGatewayTest and Zeebe's gateway tests exercise them, driven only through the API.
 */
describe('execution semantics: sequences and gateways', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('c7-sequence.bpmn');
    await e.preload('c7-exclusive-default.bpmn');
    await e.preload('c8-exclusive-no-default.bpmn');
    await e.preload('docket-parallel.bpmn');
    await e.preload('c7-inclusive.bpmn');
    await e.preload('c7-inclusive-upstream.bpmn');
    await e.preload('c8-event-gateway.bpmn');
    await e.preload('c8-join-tokens.bpmn');
  });
  afterAll(async () => e?.close());

  it('runs a straight sequence: automatic activities pass, user tasks wait, the end completes the instance', async () => {
    const id = await e.start('sequence', { applicant: 'Ms Chan' });
    let view = await e.instance(id);
    expect(view).toMatchObject({ id, processKey: 'sequence', version: 1, state: 'active', parentId: null, childIds: [] });
    expect(view.variables).toEqual({ applicant: 'Ms Chan' });
    expect(view.activeElements).toEqual([{ elementId: 'review', elementType: 'userTask' }]);
    expect(view.waitingEvents).toEqual([]);
    const [task] = await e.tasks(id);
    expect(task).toMatchObject({ elementId: 'review', name: 'Review', processInstanceId: id });

    await e.complete(id, 'review', { reviewed: true });
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['sign']);
    await e.complete(id, 'sign');

    view = await e.instance(id);
    expect(view.state).toBe('completed');
    expect(view.activeElements).toEqual([]);
    expect(view.variables).toEqual({ applicant: 'Ms Chan', reviewed: true });
    const history = await e.history(id);
    expectHistory(history, { start: ['completed'], prepare: ['completed'], review: ['completed'], file: ['completed'], sign: ['completed'], end: ['completed'] });
    // Element instances in the order they were entered.
    const order = [...history].sort((a, b) => a.start.localeCompare(b.start)).map((h) => h.elementId);
    expect(order.indexOf('prepare')).toBeLessThan(order.indexOf('review'));
    expect(order.indexOf('review')).toBeLessThan(order.indexOf('file'));
    expect(order.indexOf('file')).toBeLessThan(order.indexOf('sign'));
    expect(await e.tasks(id)).toEqual([]);
  });

  it('a task completed with an outcome records that outcome in the history', async () => {
    const id = await e.start('sequence', {});
    const task = await e.task(id, 'review');
    expect((await e.completeRaw(task.id, { variables: {}, outcome: 'approved' })).statusCode).toBeLessThan(300);
    expect(outcomesOf(await e.history(id), 'review')).toEqual(['approved']);
  });

  it('an exclusive gateway takes the flow whose condition holds, and the default when none does', async () => {
    const large = await e.start('exclusive_default', { amount: 5000 });
    const tiny = await e.start('exclusive_default', { amount: 3 });
    const normal = await e.start('exclusive_default', { amount: 500 });
    expect(activeIds(await e.instance(large))).toEqual(['large']);
    expect(activeIds(await e.instance(tiny))).toEqual(['tiny']);
    expect(activeIds(await e.instance(normal))).toEqual(['normal']);
    expectHistory(await e.history(normal), { route: ['completed'], normal: [null] }, ['large', 'tiny']);
  });

  it('an exclusive gateway takes the first flow in document order when several conditions hold', async () => {
    const id = await e.start('exclusive_first_match', { amount: 500 });
    expect(activeIds(await e.instance(id))).toEqual(['first']);
    expectHistory(await e.history(id), { first: [null] }, ['second']);
  });

  it('conditional flows out of an activity: every flow whose condition holds is taken, the default only when none does', async () => {
    const both = await e.start('conditional_flows', {});
    await e.complete(both, 'assess', { suspicious: true, amount: 2_000_000 });
    expect(activeIds(await e.instance(both))).toEqual(['fraudCheck', 'largeExposure']);

    const one = await e.start('conditional_flows', {});
    await e.complete(one, 'assess', { suspicious: false, amount: 2_000_000 });
    expect(activeIds(await e.instance(one))).toEqual(['largeExposure']);

    const none = await e.start('conditional_flows', {});
    await e.complete(none, 'assess', { suspicious: false, amount: 10 });
    expect(activeIds(await e.instance(none))).toEqual(['routine']);
    expectHistory(await e.history(none), { assess: ['completed'], routine: [null] }, ['fraudCheck', 'largeExposure']);
  });

  it('an activity with two unconditional outgoing flows forks (implicit parallel split)', async () => {
    const id = await e.start('implicit_fork', {});
    expect(activeIds(await e.instance(id))).toEqual(['notifyOps', 'notifyRisk']);
    await e.complete(id, 'notifyOps');
    expect(activeIds(await e.instance(id))).toEqual(['notifyRisk']);
    await e.complete(id, 'notifyRisk');
    expect((await e.instance(id)).state).toBe('completed');
  });

  it('an exclusive gateway with no matching flow and no default refuses to start the instance (422 naming the gateway), creating nothing', async () => {
    const before = await e.processDump();
    const res = await e.startRaw('exclusive_at_start', { score: 30 });
    expect(res.statusCode).toBe(422);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(res.body).toContain('decide');
    expect(await e.processDump()).toBe(before);
    // The same model starts when a flow matches.
    const ok = await e.start('exclusive_at_start', { score: 70 });
    expect(activeIds(await e.instance(ok))).toEqual(['accept']);
  });

  it('an exclusive gateway with no matching flow refuses the task completion that reaches it and changes nothing', async () => {
    const id = await e.start('exclusive_after_task', {});
    const task = await e.task(id, 'assess');
    const before = await e.instance(id);
    const dump = await e.processDump();
    const res = await e.completeRaw(task.id, { variables: { score: 30 } });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('decide2');
    expect(await e.processDump()).toBe(dump);
    const after = await e.instance(id);
    expect(after).toEqual(before);
    expect(after.variables).not.toHaveProperty('score');
    expect((await e.tasks(id)).map((x) => x.id)).toEqual([task.id]);
    // Completing with a matching value goes on.
    const ok = await e.completeRaw(task.id, { variables: { score: 10 } });
    expect(ok.statusCode).toBeLessThan(300);
    expect(activeIds(await e.instance(id))).toEqual(['reject2']);
  });

  it('a message whose variables lead to a gateway with no matching flow is refused (422) and stays unconsumed', async () => {
    const id = await e.start('exclusive_after_message', { caseRef: 'C-9' });
    const before = await e.instance(id);
    expect(before.waitingEvents).toEqual([{ elementId: 'awaitScore', kind: 'message', name: 'score-ready' }]);
    const dump = await e.processDump();
    const res = await e.message({ name: 'score-ready', correlationKey: 'C-9', variables: { score: 30 } });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('decide3');
    expect(await e.processDump()).toBe(dump);
    expect(await e.instance(id)).toEqual(before);
    const ok = await e.message({ name: 'score-ready', correlationKey: 'C-9', variables: { score: 80 } });
    expect(ok.statusCode).toBeLessThan(300);
    expect(activeIds(await e.instance(id))).toEqual(['accept3']);
  });

  it('a parallel gateway forks three branches and joins only when all three arrive', async () => {
    const id = await e.start('parallel', {});
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['compliance', 'legal', 'risk']);
    expect((await e.tasks(id)).map((x) => x.elementId).sort()).toEqual(['compliance', 'legal', 'risk']);

    await e.complete(id, 'risk');
    await e.complete(id, 'legal');
    view = await e.instance(id);
    expect(activeIds(view).filter((x) => x !== 'join')).toEqual(['compliance']);
    expect(activeIds(view)).not.toContain('decide');

    await e.complete(id, 'compliance');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['decide']);
    const history = await e.history(id);
    // The join fires once, not once per arriving token.
    expectHistory(history, { fork: ['completed'], risk: ['completed'], legal: ['completed'], compliance: ['completed'], decide: [null] });
    expect(history.filter((h) => h.elementId === 'join' && h.outcome === 'completed')).toHaveLength(1);
    expect(history.filter((h) => h.elementId === 'decide')).toHaveLength(1);
  });

  it('a parallel join needs a token on each incoming flow: two tokens on one flow do not fire it', async () => {
    const id = await e.start('join_per_flow', { ref: 'J-1' });
    // A non-interrupting boundary sends a first token down the merged flow j1 …
    expect((await e.message({ name: 'nudge-join', correlationKey: 'J-1' })).statusCode).toBeLessThan(300);
    // … and completing taskA a second one on the same flow.
    await e.complete(id, 'taskA');
    let view = await e.instance(id);
    expect(activeIds(view)).not.toContain('after');
    expect(activeIds(view).filter((x) => x !== 'join')).toEqual(['taskB']);

    // taskB brings the token of j2: the join fires once, and one token of j1 is left waiting.
    await e.complete(id, 'taskB');
    view = await e.instance(id);
    expect(activeIds(view).filter((x) => x !== 'join')).toEqual(['after']);
    expect(view.state).toBe('active');
    const history = await e.history(id);
    expect(history.filter((h) => h.elementId === 'after')).toHaveLength(1);
    expect(history.filter((h) => h.elementId === 'join' && h.outcome === 'completed')).toHaveLength(1);
    await e.complete(id, 'after');
    // The leftover token still waits at the join for a partner on j2.
    expect((await e.instance(id)).state).toBe('active');
  });

  it('an inclusive gateway activates every flow whose condition holds, and its join waits only for those (partial activation)', async () => {
    const id = await e.start('inclusive', { amount: 600 });
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['checkA', 'checkB']);

    await e.complete(id, 'checkB');
    view = await e.instance(id);
    expect(activeIds(view).filter((x) => x !== 'join')).toEqual(['checkA']);
    expect(activeIds(view)).not.toContain('after');

    await e.complete(id, 'checkA');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['after']);
    const history = await e.history(id);
    expectHistory(history, { split: ['completed'], checkA: ['completed'], checkB: ['completed'], after: [null] }, ['checkC', 'manual']);
    expect(history.filter((h) => h.elementId === 'join' && h.outcome === 'completed')).toHaveLength(1);
  });

  it('an inclusive gateway with one active branch joins as soon as that one arrives', async () => {
    const id = await e.start('inclusive', { amount: 200 });
    expect(activeIds(await e.instance(id))).toEqual(['checkA']);
    await e.complete(id, 'checkA');
    expect(activeIds(await e.instance(id))).toEqual(['after']);
  });

  it('an inclusive gateway takes its default flow only when no condition holds', async () => {
    const id = await e.start('inclusive', { amount: 5 });
    expect(activeIds(await e.instance(id))).toEqual(['manual']);
    await e.complete(id, 'manual');
    expect(activeIds(await e.instance(id))).toEqual(['after']);
  });

  it('an inclusive gateway with no matching flow and no default refuses the start with 422 naming it', async () => {
    const before = await e.processDump();
    const res = await e.startRaw('inclusive_no_default', { amount: 1 });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('split2');
    expect(await e.processDump()).toBe(before);
  });

  it('an inclusive join waits while a token upstream can still reach it', async () => {
    const id = await e.start('inclusive_upstream', {});
    expect(activeIds(await e.instance(id))).toEqual(['longPath1', 'shortPath']);

    await e.complete(id, 'shortPath');
    let view = await e.instance(id);
    expect(activeIds(view).filter((x) => x !== 'join')).toEqual(['longPath1']);

    await e.complete(id, 'longPath1');
    view = await e.instance(id);
    // The token moved on but has not reached the join: the join still waits.
    expect(activeIds(view).filter((x) => x !== 'join')).toEqual(['longPath2']);
    expect(activeIds(view)).not.toContain('after');

    await e.complete(id, 'longPath2');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['after']);
    const history = await e.history(id);
    expect(history.filter((h) => h.elementId === 'join' && h.outcome === 'completed')).toHaveLength(1);
    expect(history.filter((h) => h.elementId === 'after')).toHaveLength(1);
  });

  it('an event-based gateway: the message wins, and the timer is withdrawn', async () => {
    const id = await e.start('event_gateway', { orderId: 'ord-1' });
    let view = await e.instance(id);
    expect(view.state).toBe('active');
    expect(waiting(view)).toEqual(['paymentReceived:message', 'paymentTimeout:timer']);
    const timer = view.waitingEvents.find((w) => w.kind === 'timer')!;
    expect(new Date(timer.dueAt!).getTime()).toBe(e.now().getTime() + 30 * 60_000);
    expect(view.waitingEvents.find((w) => w.kind === 'message')!.name).toBe('payment-received');

    const res = await e.message({ name: 'payment-received', correlationKey: 'ord-1', variables: { paidAmount: 99.5 } });
    expect(res.statusCode).toBeLessThan(300);
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['ship']);
    expect(view.waitingEvents).toEqual([]);
    expect(view.variables).toMatchObject({ orderId: 'ord-1', paidAmount: 99.5 });

    // The timer no longer fires.
    await e.advance('PT1H');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['ship']);
    expectHistory(await e.history(id), { wait: ['completed'], paymentReceived: ['completed'], ship: [null] }, ['paymentTimeout', 'remind']);
  });

  it('an event-based gateway: the timer wins, and the message subscription is withdrawn', async () => {
    const id = await e.start('event_gateway', { orderId: 'ord-2' });
    await e.advance('PT29M');
    expect(waiting(await e.instance(id))).toEqual(['paymentReceived:message', 'paymentTimeout:timer']);
    await e.advance('PT1M');
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['remind']);
    expect(view.waitingEvents).toEqual([]);

    // A late message finds nothing to correlate to and changes nothing.
    const late = await e.message({ name: 'payment-received', correlationKey: 'ord-2', variables: { paidAmount: 1 } });
    expect(late.statusCode).toBeGreaterThanOrEqual(400);
    expect(late.statusCode).toBeLessThan(500);
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['remind']);
    expect(view.variables).not.toHaveProperty('paidAmount');
    expectHistory(await e.history(id), { wait: ['completed'], paymentTimeout: ['completed'], remind: [null] }, ['paymentReceived', 'ship']);
  });
});
