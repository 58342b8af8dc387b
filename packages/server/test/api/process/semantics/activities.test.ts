import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../../helpers/test-app.ts';
import { activeIds, createEngine, type Engine, expectHistory, fixture } from './harness.ts';

/**
 * Compensation (Camunda 7 CompensateEventTest), business-rule tasks over a deployed DMN decision
 * (Camunda 7 DmnBusinessRuleTaskTest, Zeebe BusinessRuleTaskTest), async continuations
 * (Camunda 7 AsyncTaskTest), setting variables from outside and migrating a running instance to
 * a new version (Camunda 7 MigrationTestRule-style scenarios).
 */
describe('execution semantics: compensation, decisions, async, variables, migration', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('c7-compensation.bpmn');
    await e.preload('c7-async.bpmn');
    await e.preload('c8-variables.bpmn');
  });
  afterAll(async () => e?.close());

  it('a compensation throw event runs the handlers of the completed activities, then goes on', async () => {
    const id = await e.start('compensation', { paymentFailed: true });
    expect(activeIds(await e.instance(id))).toEqual(['bookFlight']);
    await e.complete(id, 'bookFlight');

    let view = await e.instance(id);
    // The throw event waits for compensation to finish (waitForCompletion defaults to true).
    expect(activeIds(view)).not.toContain('undone');
    expect(view.activeElements.some((a) => a.elementId === 'cancelFlight' || a.elementId === 'cancelHotel')).toBe(true);
    const handled = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const open = (await e.tasks(id)).filter((x) => x.elementId === 'cancelFlight' || x.elementId === 'cancelHotel');
      if (open.length === 0) break;
      for (const task of open) {
        handled.add(task.elementId);
        expect((await e.completeRaw(task.id)).statusCode).toBeLessThan(300);
      }
    }
    expect([...handled].sort()).toEqual(['cancelFlight', 'cancelHotel']);
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['undone']);
    expectHistory(await e.history(id), { bookHotel: ['completed'], bookFlight: ['completed'], cancelHotel: ['completed'], cancelFlight: ['completed'], undoAll: ['completed'], undone: [null] }, [
      'okEnd',
    ]);
  });

  it('compensation handlers run only when compensation is thrown', async () => {
    const id = await e.start('compensation', { paymentFailed: false });
    await e.complete(id, 'bookFlight');
    expect((await e.instance(id)).state).toBe('completed');
    expectHistory(await e.history(id), { okEnd: ['completed'] }, ['cancelHotel', 'cancelFlight', 'undoAll']);
  });

  it('compensation runs the handlers only of activities that completed, not of those still running', async () => {
    const id = await e.start('compensation_only_completed', {});
    await e.complete(id, 'reserveFunds');
    // notifyBranch is still active when compensation is thrown.
    await e.complete(id, 'abortDecision');
    let view = await e.instance(id);
    expect((await e.tasks(id)).map((x) => x.elementId).sort()).toEqual(['notifyBranch', 'releaseFunds']);
    await e.complete(id, 'releaseFunds');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['afterUndo', 'notifyBranch']);
    expectHistory(await e.history(id), { releaseFunds: ['completed'], undoDone: ['completed'] }, ['retractNotice']);
  });

  it('a compensation throw event with an activityRef compensates only that activity', async () => {
    const id = await e.start('compensation_activity_ref', {});
    expect((await e.tasks(id)).map((x) => x.elementId)).toEqual(['blockCard']);
    await e.complete(id, 'blockCard');
    expect(activeIds(await e.instance(id))).toEqual(['rDone']);
    expectHistory(await e.history(id), { openAccount: ['completed'], issueCard: ['completed'], blockCard: ['completed'] }, ['closeAccount']);
  });

  const deployRiskRating = async () => {
    if ((await e.get('/api/v1/decisions/riskRating')).statusCode === 200) return;
    const deployed = await e.deployDecision(fixture('risk-rating.dmn'));
    expect(deployed.statusCode, deployed.body).toBe(201);
    await e.preload('c8-business-rule.bpmn');
    await e.preload('c7-business-rule.bpmn');
  };

  it('a business-rule task (Zeebe calledDecision) evaluates a decision deployed through /api/v1/decisions; a single-output table gives its value', async () => {
    await deployRiskRating();
    const high = await e.start('business_rule_c8', { amount: 20000 });
    const view = await e.instance(high);
    expect(view.variables).toEqual({ amount: 20000, rating: 'high' });
    expect(activeIds(view)).toEqual(['seniorRiskCommittee']);
    expectHistory(await e.history(high), { rate: ['completed'], route: ['completed'] }, ['standardReview']);
    const low = await e.start('business_rule_c8', { amount: 500 });
    expect(activeIds(await e.instance(low))).toEqual(['standardReview']);
  });

  it('a business-rule task (Camunda 7 decisionRef, mapDecisionResult="singleEntry") stores the single output value', async () => {
    await deployRiskRating();
    const c7 = await e.start('business_rule_c7', { amount: 500 });
    const view = await e.instance(c7);
    expect(activeIds(view)).toEqual(['review']);
    expect(view.variables).toEqual({ amount: 500, rating: 'low' });
  });

  it('asyncBefore: the start answers before the activity runs; the job runs it', async () => {
    const id = await e.start('async_before', {});
    let view = await e.instance(id);
    expect(view.state).toBe('active');
    expect((await e.history(id)).some((h) => h.elementId === 'heavyWork' && h.outcome === 'completed')).toBe(false);
    await e.advance('PT1S');
    view = await e.instance(id);
    expect(view.state).toBe('completed');
    expectHistory(await e.history(id), { start: ['completed'], heavyWork: ['completed'], end: ['completed'] });
  });

  it('asyncAfter: completing the task answers before the next activity starts; the job moves on', async () => {
    const id = await e.start('async_after', {});
    await e.complete(id, 'approveLoan', { approved: true });
    let view = await e.instance(id);
    expect(activeIds(view)).not.toContain('disburse');
    expect(view.variables).toEqual({ approved: true });
    expect(await e.tasks(id)).toEqual([]);
    await e.advance('PT1S');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['disburse']);
    expectHistory(await e.history(id), { approveLoan: ['completed'], disburse: [null] });
  });

  it('input and output mappings: the input is local to the activity, only the output reaches the process', async () => {
    const id = await e.start('io_mappings', { amount: 20 });
    const view = await e.instance(id);
    expect(activeIds(view)).toEqual(['ioReview']);
    expect(view.variables).toEqual({ amount: 20, result: 41 });
  });

  it('a timer duration given by a FEEL expression over a variable', async () => {
    const id = await e.start('timer_expression', { slaDuration: 'PT3H' });
    const view = await e.instance(id);
    expect(view.waitingEvents).toEqual([{ elementId: 'waitForSla', kind: 'timer', dueAt: new Date(e.now().getTime() + 3 * 3_600_000).toISOString() }]);
    await e.advance('PT3H');
    expect(activeIds(await e.instance(id))).toEqual(['slaBreached']);
  });

  it('PATCH variables sets instance variables that the next gateway sees', async () => {
    const id = await e.start('patch_variables', { limit: 1000, note: 'keep' });
    const res = await e.patchVariables(id, { limit: 8000, reason: 'manual override' });
    expect(res.statusCode).toBeLessThan(300);
    let view = await e.instance(id);
    expect(view.variables).toEqual({ limit: 8000, note: 'keep', reason: 'manual override' });
    expect(activeIds(view)).toEqual(['review']);
    await e.complete(id, 'review');
    view = await e.instance(id);
    expect(activeIds(view)).toEqual(['yes']);
  });

  it('PATCH variables: an unknown instance is 404, a user without process:admin is refused, and neither changes anything', async () => {
    const id = await e.start('patch_variables', { limit: 1 });
    const missing = await e.patchVariables('0190a0a0-0000-7000-8000-000000000000', { limit: 2 });
    expect(missing.statusCode).toBe(404);
    await e.t.createUser('semantics-auditor', ['auditor']);
    const auditor = await e.t.login('semantics-auditor');
    const refused = await e.t.app.inject({ method: 'PATCH', url: `/api/v1/process-instances/${id}/variables`, headers: bearer(auditor), payload: { variables: { limit: 9 } } });
    expect(refused.statusCode).toBe(403);
    expect((await e.instance(id)).variables).toEqual({ limit: 1 });
  });

  it('migrates a running instance to a new version with an element mapping, keeping its variables and task', async () => {
    const [v1] = await e.deployFixture('c7-migrate-v1.bpmn');
    expect(v1).toMatchObject({ key: 'migrate_me', version: 1 });
    const id = await e.start('migrate_me', { applicant: 'Ms Wu' });
    const oldTask = await e.task(id, 'oldReview');
    const [v2] = await e.deployFixture('c7-migrate-v2.bpmn');
    expect(v2).toMatchObject({ key: 'migrate_me', version: 2 });
    // Running instances keep their version until migrated.
    expect((await e.instance(id)).version).toBe(1);
    // New instances take the latest.
    const fresh = await e.start('migrate_me', {});
    expect(await e.instance(fresh)).toMatchObject({ version: 2 });
    expect(activeIds(await e.instance(fresh))).toEqual(['newReview']);

    // A mapping that leaves an active element unmapped is refused and changes nothing.
    const bad = await e.post(`/api/v1/process-instances/${id}/migrate`, { targetVersion: 2, mapping: {} });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    expect(bad.body).toContain('oldReview');
    expect((await e.instance(id)).version).toBe(1);

    const res = await e.post(`/api/v1/process-instances/${id}/migrate`, { targetVersion: 2, mapping: { oldReview: 'newReview' } });
    expect(res.statusCode).toBeLessThan(300);
    let view = await e.instance(id);
    expect(view).toMatchObject({ version: 2, state: 'active', variables: { applicant: 'Ms Wu' } });
    expect(view.activeElements).toEqual([{ elementId: 'newReview', elementType: 'userTask' }]);
    // The open task is the same task, now of the new version's element.
    const [migratedTask] = await e.tasks(id);
    expect(migratedTask?.id).toBe(oldTask.id);

    expect((await e.completeRaw(oldTask.id)).statusCode).toBeLessThan(300);
    view = await e.instance(id);
    // The rest runs on the new version's model.
    expect(activeIds(view)).toEqual(['fourEyes']);
    expect(migratedTask?.elementId).toBe('newReview');
  });
});
