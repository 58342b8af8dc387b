import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../helpers/test-app.ts';
import { approvalWorld, type ApprovalWorld } from './harness.ts';

// approve / reject: outcome set where the gateway reads it, reason required for reject, the
// action log and the audit trail, allowedActions for the holder and the refusals of everyone else.

let w: ApprovalWorld;
const people = () => ({ reviewer: w.ids.ann!, finalApprover: w.ids.ben!, archivist: w.ids.cat! });

beforeAll(async () => {
  w = await approvalWorld({ ann: ['agent'], ben: ['agent'], cat: ['agent'], stranger: ['agent'] }, ['chain.bpmn']);
});
afterAll(() => w.t.close());

describe('POST /api/v1/tasks/{id}/approve and /reject', () => {
  it('approve completes the step with outcome approved and the gateway takes the approved path', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    const shown = await w.api(w.tokens.ann!, 'GET', `/tasks/${review}`);
    expect(shown.json()).toMatchObject({ kind: 'process', owner: null, delegationState: null, parentTaskId: null, signerPosition: null });
    expect(shown.json().allowedActions).toEqual(expect.arrayContaining(['approve', 'reject', 'transfer', 'delegate', 'add-signer']));
    expect(shown.json().allowedActions).not.toContain('return');

    const res = await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, { comment: 'all documents present', variables: { limit: 5000 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'completed', outcome: 'approved', completedBy: w.ids.ann });
    expect(res.json().allowedActions).toContain('withdraw');
    expect(await w.variables(instanceId)).toMatchObject({ outcome: 'approved', limit: 5000 });
    expect(Object.keys(await w.openTasks(instanceId))).toEqual(['final']);

    const actions = (await w.api(w.tokens.ann!, 'GET', `/tasks/${review}/actions`)).json().items;
    expect(actions).toEqual([
      expect.objectContaining({ taskId: review, elementId: 'review', action: 'approve', actorId: w.ids.ann, actorName: 'ann', outcome: 'approved', comment: 'all documents present', reason: null }),
    ]);
    expect(await w.audit('process.task-approved', review!)).toEqual([
      { actor_name: 'ann', reason: null, data: expect.objectContaining({ outcome: 'approved', completedBy: w.ids.ann, variables: ['limit'] }) },
    ]);
  });

  it('reject needs a reason (400 naming it), then ends on the rejected path with the reason on record', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
      const refused = expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/reject`, body), 400, 'validation-failed');
      expect(refused.errors!.map((e) => e.field)).toEqual(['reason']);
    }
    expect(await w.taskRow(review!)).toMatchObject({ state: 'open' });

    const res = await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/reject`, { reason: 'income not proven' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'completed', outcome: 'rejected' });
    expect(await w.variables(instanceId)).toMatchObject({ outcome: 'rejected' });
    expect(await w.instanceState(instanceId)).toBe('completed');
    expect((await w.audit('process.task-rejected', review!))[0]).toMatchObject({ actor_name: 'ann', reason: 'income not proven' });
    const log = (await w.api(w.admin, 'GET', `/process-instances/${instanceId}/actions`)).json().items;
    expect(log.map((a: { action: string; outcome: string | null }) => [a.action, a.outcome])).toEqual([['reject', 'rejected']]);
  });

  it('refuses a stranger with 404 and another holder with 403, changing nothing', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    expectProblem(await w.api(w.tokens.stranger!, 'POST', `/tasks/${review}/approve`, {}), 404, 'task-not-found');
    expectProblem(await w.api(w.tokens.stranger!, 'POST', `/tasks/${review}/reject`, { reason: 'no' }), 404, 'task-not-found');
    expectProblem(await w.api(w.tokens.stranger!, 'GET', `/tasks/${review}/actions`), 404, 'task-not-found');
    expectProblem(await w.api(w.tokens.stranger!, 'GET', `/process-instances/${instanceId}/actions`), 403, 'forbidden');
    // Whoever holds one of its tasks reads the instance's record (the approval screen shows it), without process:read.
    const record = await w.api(w.tokens.ann!, 'GET', `/process-instances/${instanceId}/actions`);
    expect(record.statusCode).toBe(200);
    expect(record.json().items).toEqual([]);
    expect(await w.taskRow(review!)).toMatchObject({ state: 'open', assignee: w.ids.ann });
    // ann completes; ben holds the final step. ann still sees her completed review but may not approve ben's task.
    await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, {});
    const [final] = (await w.openTasks(instanceId)).final!;
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${final}/approve`, {}), 404, 'task-not-found');
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, {}), 409, 'task-not-open');
  });

  it('keeps POST /complete working, recorded in the action log', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    const res = await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/complete`, { outcome: 'approved', variables: {} });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(await w.openTasks(instanceId))).toEqual(['final']);
    const actions = (await w.api(w.tokens.ann!, 'GET', `/tasks/${review}/actions`)).json().items;
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['complete']);
  });
});
