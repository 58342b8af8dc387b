import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, expectHistory, outcomesOf, type TaskView, waiting } from './harness.ts';

/**
 * Timers on the test clock, after Camunda 7's IntermediateTimerEventTest, BoundaryTimerEventTest
 * (interrupting on a task inside a sub-process), BoundaryTimerNonInterruptingEventTest (cycles),
 * TimerStartEventTest, and Zeebe's TimerCatchElementTest. The tests in this file share one clock
 * and run in order: each moves it forward only.
 */
describe('execution semantics: timers', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('c7-timers.bpmn');
    await e.preload('c7-timer-start.bpmn');
  });
  afterAll(async () => e?.close());

  it('a timer start event (timeDate) starts an instance when the clock reaches the date', async () => {
    const openNightly = async () => {
      const res = await e.get('/api/v1/tasks?candidate=me');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      return ((Array.isArray(body) ? body : body.items) as TaskView[]).filter((x) => x.elementId === 'nightlyCheck');
    };
    expect(await openNightly()).toEqual([]);
    await e.setClock('2026-03-03T00:00:00Z');
    const started = await openNightly();
    expect(started).toHaveLength(1);
    const view = await e.instance(started[0]!.processInstanceId);
    expect(view).toMatchObject({ processKey: 'timer_start', state: 'active' });
    expect(activeIds(view)).toEqual(['nightlyCheck']);
    // A date start fires once.
    await e.advance('P1D');
    expect(await openNightly()).toHaveLength(1);
  });

  it('an intermediate duration timer waits PT2H from when it was reached, not a second less', async () => {
    const startedAt = e.now().getTime();
    const id = await e.start('timer_duration', {});
    let view = await e.instance(id);
    expect(view.activeElements).toEqual([{ elementId: 'coolingOff', elementType: 'intermediateCatchEvent' }]);
    expect(view.waitingEvents).toEqual([{ elementId: 'coolingOff', kind: 'timer', dueAt: new Date(startedAt + 2 * 3_600_000).toISOString() }]);

    await e.advance('PT1H59M59S');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['coolingOff']);

    await e.advance('PT1S');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['afterTimer']);
    expect(view.waitingEvents).toEqual([]);
    const history = await e.history(id);
    expectHistory(history, { coolingOff: ['completed'], afterTimer: [null] });
    const timer = history.find((h) => h.elementId === 'coolingOff')!;
    expect(new Date(timer.end!).getTime() - new Date(timer.start).getTime()).toBe(2 * 3_600_000);
  });

  it('an interrupting boundary timer on a task inside a sub-process cancels the task, and the sub-process goes on by the timer path', async () => {
    const id = await e.start('timer_boundary_in_sub', {});
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['firstResponse', 'handling']);
    expect(waiting(view)).toEqual(['responseOverdue:timer']);
    const firstTask = await e.task(id, 'firstResponse');

    await e.advance('PT30M');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['escalated', 'handling']);
    expect(view.waitingEvents).toEqual([]);
    // The canceled task can no longer be completed.
    const late = await e.completeRaw(firstTask.id);
    expect(late.statusCode).toBeGreaterThanOrEqual(400);
    expect(late.statusCode).toBeLessThan(500);
    expect((await e.tasks(id)).map((x) => x.elementId)).toEqual(['escalated']);

    await e.complete(id, 'escalated');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['closeOut']);
    expectHistory(await e.history(id), { firstResponse: ['canceled'], responseOverdue: ['completed'], escalated: ['completed'], hEnd2: ['completed'], handling: ['completed'], closeOut: [null] }, [
      'hEnd',
    ]);
  });

  it('a boundary timer does not fire once its task completed in time', async () => {
    const id = await e.start('timer_boundary_in_sub', {});
    await e.advance('PT29M');
    await e.complete(id, 'firstResponse');
    let view = await e.instance(id);
    expect(activeIds(view)).toEqual(['closeOut']);
    expect(view.waitingEvents).toEqual([]);
    await e.advance('PT1H');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['closeOut']);
    expectHistory(await e.history(id), { firstResponse: ['completed'], hEnd: ['completed'] }, ['responseOverdue', 'escalated']);
  });

  it('a non-interrupting cycle R3/PT1H fires three times, one hour apart, and never cancels the task', async () => {
    const id = await e.start('timer_cycle', {});
    const nudges = async () => (await e.tasks(id)).filter((x: TaskView) => x.elementId === 'nudge').length;
    let view = await e.instance(id);
    expect(waiting(view)).toEqual(['hourly:timer']);

    await e.advance('PT59M');
    expect(await nudges()).toBe(0);
    await e.advance('PT1M');
    expect(await nudges()).toBe(1);
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['investigate', 'nudge']);
    expect(waiting(view)).toEqual(['hourly:timer']);

    await e.advance('PT1H');
    expect(await nudges()).toBe(2);
    await e.advance('PT1H');
    expect(await nudges()).toBe(3);
    view = await e.instance(id);
    // Three repetitions: nothing more to wait for.
    expect(view.waitingEvents).toEqual([]);
    expect(activeIds(view)).toEqual(['investigate', 'nudge', 'nudge', 'nudge']);
    await e.advance('PT5H');
    expect(await nudges()).toBe(3);

    await e.complete(id, 'investigate');
    view = await e.instance(id);
    // The reminders' paths are their own tokens: the instance lives until they end.
    expect(view.state).toBe('active');
    expect(activeIds(view)).toEqual(['nudge', 'nudge', 'nudge']);
    for (const task of await e.tasks(id)) expect((await e.completeRaw(task.id)).statusCode).toBeLessThan(300);
    expect((await e.instance(id)).state).toBe('completed');
    expect(outcomesOf(await e.history(id), 'hourly')).toEqual(['completed', 'completed', 'completed']);
  });

  it('a cycle stops when its task completes before the repetitions are used up', async () => {
    const id = await e.start('timer_cycle', {});
    await e.advance('PT1H');
    await e.complete(id, 'investigate');
    const view = await e.instance(id);
    expect(view.waitingEvents).toEqual([]);
    await e.advance('PT3H');
    expect((await e.tasks(id)).filter((x) => x.elementId === 'nudge')).toHaveLength(1);
  });

  it('an intermediate date timer fires at its date', async () => {
    const id = await e.start('timer_date', {});
    let view = await e.instance(id);
    expect(view.waitingEvents).toEqual([{ elementId: 'untilDate', kind: 'timer', dueAt: '2026-03-05T10:00:00.000Z' }]);
    await e.setClock('2026-03-05T09:59:59Z');
    expect(activeIds(await e.instance(id))).toEqual(['untilDate']);
    await e.setClock('2026-03-05T10:00:00Z');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['afterDate']);
    expectHistory(await e.history(id), { untilDate: ['completed'] });
  });

  it('an interrupting boundary timer on a sub-process cancels everything inside it, partly completed work included', async () => {
    const id = await e.start('timer_on_sub', {});
    await e.complete(id, 'checkId');
    let view = await e.instance(id);
    expect(activeIds(view).filter((x) => x !== 'kJoin')).toEqual(['checkAddress', 'kyc']);
    expect(waiting(view)).toEqual(['kycOverdue:timer']);
    await e.advance('P1D');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['rejectApplication']);
    expect(await e.tasks(id)).toHaveLength(1);
    expectHistory(await e.history(id), { checkId: ['completed'], checkAddress: ['canceled'], kyc: ['canceled'], kycOverdue: ['completed'] }, ['kEnd', 'open']);
    expect((await e.history(id)).filter((h) => h.elementId === 'kJoin' && h.outcome === 'completed')).toHaveLength(0);
  });

  it('a cycle catches up: a clock moved past several occurrences at once fires each of them, R3 at most three', async () => {
    const id = await e.start('timer_cycle', {});
    await e.advance('PT5H');
    expect((await e.tasks(id)).filter((x) => x.elementId === 'nudge')).toHaveLength(3);
    expect((await e.instance(id)).waitingEvents).toEqual([]);
  });

  it('an unbounded cycle R/PT1H keeps firing and keeps waiting until its task ends', async () => {
    const id = await e.start('timer_cycle_unbounded', {});
    for (let hour = 1; hour <= 5; hour++) await e.advance('PT1H');
    let view = await e.instance(id);
    expect(waiting(view)).toEqual(['everyHour:timer']);
    expect(activeIds(view)).toEqual(['monitor']);
    const history = await e.history(id);
    expect(history.filter((h) => h.elementId === 'hourlyLog' && h.outcome === 'completed')).toHaveLength(5);
    const next = view.waitingEvents[0]!;
    expect(next.dueAt).toBe(new Date(e.now().getTime() + 3_600_000).toISOString());
    await e.complete(id, 'monitor');
    view = await e.instance(id);
    expect(view.state).toBe('completed');
    expect(view.waitingEvents).toEqual([]);
  });
});
