import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../helpers/test-app.ts';
import { approvalWorld, type ApprovalWorld } from './harness.ts';

// 转办 transfer and 委派 delegate: who holds the task afterwards, who may act, and what is on record.

let w: ApprovalWorld;
const people = () => ({ reviewer: w.ids.ann!, finalApprover: w.ids.ben!, archivist: w.ids.cat! });

beforeAll(async () => {
  w = await approvalWorld({ ann: ['agent'], ben: ['agent'], cat: ['agent'], dan: ['agent'], stranger: ['agent'] }, ['chain.bpmn']);
});
afterAll(() => w.t.close());

describe('POST /api/v1/tasks/{id}/transfer', () => {
  it('hands the task to another person with a reason; the original holder loses it', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    const noReason = expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/transfer`, { userId: w.ids.dan }), 400, 'validation-failed');
    expect(noReason.errors!.map((e) => e.field)).toEqual(['reason']);
    const nobody = expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/transfer`, { userId: '00000000-0000-7000-8000-000000000000', reason: 'x' }), 400, 'validation-failed');
    expect(nobody.errors!.map((e) => e.field)).toEqual(['userId']);
    expect(await w.taskRow(review!)).toMatchObject({ assignee: w.ids.ann });

    const res = await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/transfer`, { userId: w.ids.dan, reason: 'on leave next week' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ assignee: w.ids.dan, state: 'open' });
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, {}), 404, 'task-not-found');
    expect((await w.api(w.tokens.dan!, 'POST', `/tasks/${review}/approve`, {})).json()).toMatchObject({ state: 'completed', completedBy: w.ids.dan });
    const [transfer] = (await w.api(w.tokens.dan!, 'GET', `/tasks/${review}/actions`)).json().items;
    expect(transfer).toMatchObject({ action: 'transfer', actorId: w.ids.ann, targetUserId: w.ids.dan, targetUserName: 'dan', reason: 'on leave next week' });
    expect((await w.audit('process.task-transferred', review!))[0]).toMatchObject({
      actor_name: 'ann',
      reason: 'on leave next week',
      data: expect.objectContaining({ from: w.ids.ann, to: w.ids.dan }),
    });
  });

  it('refuses a stranger with 404 and someone who sees the task but does not hold it with 403', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    expectProblem(await w.api(w.tokens.stranger!, 'POST', `/tasks/${review}/transfer`, { userId: w.ids.stranger, reason: 'mine now' }), 404, 'task-not-found');
    // ann delegates to dan: ann (the owner) still sees the task but may not hand it on meanwhile.
    await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/delegate`, { userId: w.ids.dan });
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/transfer`, { userId: w.ids.cat, reason: 'x' }), 403, 'forbidden');
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/delegate`, { userId: w.ids.cat }), 403, 'forbidden');
    expectProblem(await w.api(w.tokens.stranger!, 'POST', `/tasks/${review}/delegate`, { userId: w.ids.stranger }), 404, 'task-not-found');
    // The delegate may not pass it on as a delegation of their own, nor transfer it: they resolve it.
    expectProblem(await w.api(w.tokens.dan!, 'POST', `/tasks/${review}/delegate`, { userId: w.ids.cat }), 409, 'task-delegated');
    expectProblem(await w.api(w.tokens.dan!, 'POST', `/tasks/${review}/transfer`, { userId: w.ids.cat, reason: 'x' }), 409, 'task-delegated');
    expect(await w.taskRow(review!)).toMatchObject({ assignee: w.ids.dan, owner: w.ids.ann, delegation_state: 'pending' });
  });
});

describe('POST /api/v1/tasks/{id}/delegate and /resolve', () => {
  it('委派: the delegate resolves, the task comes back to the delegator (on behalf of), who then approves', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    const delegated = await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/delegate`, { userId: w.ids.dan, comment: 'please check the collateral' });
    expect(delegated.statusCode).toBe(200);
    expect(delegated.json()).toMatchObject({ assignee: w.ids.dan, owner: w.ids.ann, delegationState: 'pending' });
    // The owner still sees it, with nothing to do; the delegate may only resolve.
    expect((await w.api(w.tokens.ann!, 'GET', `/tasks/${review}`)).json().allowedActions).not.toContain('approve');
    const forDelegate = (await w.api(w.tokens.dan!, 'GET', `/tasks/${review}`)).json();
    expect(forDelegate.allowedActions).toContain('resolve');
    expect(forDelegate.allowedActions).not.toContain('approve');
    expectProblem(await w.api(w.tokens.dan!, 'POST', `/tasks/${review}/approve`, {}), 409, 'task-delegated');
    expectProblem(await w.api(w.tokens.dan!, 'POST', `/tasks/${review}/complete`, {}), 409, 'task-delegated');
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/resolve`, {}), 403, 'forbidden');
    expectProblem(await w.api(w.tokens.stranger!, 'POST', `/tasks/${review}/resolve`, {}), 404, 'task-not-found');

    const resolved = await w.api(w.tokens.dan!, 'POST', `/tasks/${review}/resolve`, { comment: 'collateral fine', variables: { collateralChecked: true } });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ assignee: w.ids.ann, owner: w.ids.ann, delegationState: 'resolved' });
    expect(await w.variables(instanceId)).toMatchObject({ collateralChecked: true });
    expectProblem(await w.api(w.tokens.dan!, 'POST', `/tasks/${review}/approve`, {}), 404, 'task-not-found');

    expect((await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, {})).json()).toMatchObject({ state: 'completed', completedBy: w.ids.ann, outcome: 'approved' });
    const log = (await w.api(w.tokens.ann!, 'GET', `/tasks/${review}/actions`)).json().items;
    expect(log.map((a: { action: string; actorName: string; onBehalfOf: string | null }) => [a.action, a.actorName, a.onBehalfOf])).toEqual([
      ['delegate', 'ann', null],
      ['resolve', 'dan', w.ids.ann],
      ['approve', 'ann', null],
    ]);
    expect((await w.audit('process.task-delegation-resolved', review!))[0]).toMatchObject({ actor_name: 'dan', data: expect.objectContaining({ forWhom: w.ids.ann }) });
  });
});
