import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, expectHistory } from './harness.ts';

/**
 * The same semantics written with the Docket namespace (`https://docket.dev/schema/bpmn/1.0`):
 * assignment, a message subscription's correlation key, a multi-instance loop with an output
 * collection, a called process with in/out mappings, and an async continuation.
 */
describe('execution semantics: a model in the Docket namespace', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('docket-onboarding.bpmn');
  });
  afterAll(async () => e?.close());

  it('runs customer onboarding end to end through the API', async () => {
    const id = await e.start('docket_onboarding', { customerRef: 'CUST-1', checkList: ['sanctions', 'pep'] });
    const kyc = await e.task(id, 'kyc');
    expect(kyc).toMatchObject({ name: 'Know your customer', candidateGroups: ['admin'], assignee: null });
    expect((await e.claim(kyc.id)).statusCode).toBeLessThan(300);
    expect((await e.task(id, 'kyc')).assignee).toBe(e.adminId);
    await e.complete(id, 'kyc');

    let view = await e.instance(id);
    expect(view.waitingEvents).toEqual([{ elementId: 'awaitCallback', kind: 'message', name: 'kyc-callback' }]);
    expect((await e.message({ name: 'kyc-callback', correlationKey: 'CUST-1', variables: { kycScore: 7 } })).statusCode).toBeLessThan(300);

    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['checks', 'checks']);
    for (const task of await e.tasks(id)) expect((await e.completeRaw(task.id)).statusCode).toBeLessThan(300);

    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['screening']);
    expect(view.variables.checkResults).toEqual(['sanctions done', 'pep done']);
    const childId = view.childIds[0]!;
    const child = await e.instance(childId);
    // inAll="false": only the mapping goes in.
    expect(child.variables).toEqual({ ref: 'CUST-1' });
    await e.complete(childId, 'screen', { hit: false, workNotes: 'clean' });

    view = await e.instance(id);
    // The async continuation before openAccount: the process waits for the job.
    expect(view.state).toBe('active');
    expect(view.variables).toMatchObject({ screeningHit: false });
    expect(view.variables).not.toHaveProperty('workNotes');
    expect(view.variables).not.toHaveProperty('hit');
    await e.advance('PT1S');
    view = await e.instance(id);
    expect(view.state).toBe('completed');
    expect(view.variables).toEqual({ customerRef: 'CUST-1', checkList: ['sanctions', 'pep'], kycScore: 7, checkResults: ['sanctions done', 'pep done'], screeningHit: false });
    expectHistory(await e.history(id), { kyc: ['completed'], awaitCallback: ['completed'], screening: ['completed'], openAccount: ['completed'], end: ['completed'] });
  });

  it('a user task takes candidate groups and priority from FEEL, and its due date from a duration', async () => {
    const big = await e.start('docket_schedule', { amount: 5_000_000 });
    const task = (await e.task(big, 'decideLimit')) as unknown as { candidateGroups: string[]; dueAt: string; priority: number };
    expect(task.candidateGroups).toEqual(['credit-committee']);
    expect(task.priority).toBe(90);
    expect(task.dueAt).toBe(new Date(e.now().getTime() + 2 * 86_400_000).toISOString());
    const small = await e.start('docket_schedule', { amount: 50_000 });
    const smallTask = (await e.task(small, 'decideLimit')) as unknown as { candidateGroups: string[]; priority: number };
    expect(smallTask.candidateGroups).toEqual(['credit-reviewers']);
    expect(smallTask.priority).toBe(50);
  });
});
