import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../helpers/test-app.ts';
import { approvalWorld, type ApprovalWorld } from './harness.ts';

// 退回 return to an earlier completed step (across a parallel gateway) and 撤回 withdraw by who
// completed a step, while the next step has not acted.

let w: ApprovalWorld;
const chainPeople = () => ({ reviewer: w.ids.ann!, finalApprover: w.ids.ben!, archivist: w.ids.cat! });
const parallelPeople = () => ({ applicant: w.ids.app!, riskReviewer: w.ids.risk!, complianceReviewer: w.ids.comp!, decider: w.ids.ben! });

beforeAll(async () => {
  w = await approvalWorld({ ann: ['agent'], ben: ['agent'], cat: ['agent'], app: ['agent'], risk: ['agent'], comp: ['agent'], stranger: ['agent'] }, ['chain.bpmn', 'parallel-return.bpmn']);
});
afterAll(() => w.t.close());

describe('POST /api/v1/tasks/{id}/return', () => {
  it('退回 across a parallel gateway: from risk to apply cancels both branches, and both run again', async () => {
    const instanceId = await w.start(w.admin, 'appr-parallel', parallelPeople());
    const [apply] = (await w.openTasks(instanceId)).apply!;
    await w.api(w.tokens.app!, 'POST', `/tasks/${apply}/approve`, {});
    const open = await w.openTasks(instanceId);
    expect(Object.keys(open).sort()).toEqual(['compliance', 'risk']);
    const [risk] = open.risk!;
    const [compliance] = open.compliance!;

    const targets = (await w.api(w.tokens.risk!, 'GET', `/tasks/${risk}/return-targets`)).json().items;
    expect(targets).toEqual([{ elementId: 'apply', name: 'Apply', completedBy: w.ids.app, completedAt: expect.any(String) }]);
    expect((await w.api(w.tokens.risk!, 'GET', `/tasks/${risk}`)).json().allowedActions).toContain('return');

    const noReason = expectProblem(await w.api(w.tokens.risk!, 'POST', `/tasks/${risk}/return`, { targetElementId: 'apply' }), 400, 'validation-failed');
    expect(noReason.errors!.map((e) => e.field)).toEqual(['reason']);
    expectProblem(await w.api(w.tokens.risk!, 'POST', `/tasks/${risk}/return`, { targetElementId: 'decide', reason: 'x' }), 422, 'invalid-return-target');
    expectProblem(await w.api(w.tokens.risk!, 'POST', `/tasks/${risk}/return`, { targetElementId: 'compliance', reason: 'x' }), 422, 'invalid-return-target');
    expect(await w.taskRow(compliance!)).toMatchObject({ state: 'open' });

    const res = await w.api(w.tokens.risk!, 'POST', `/tasks/${risk}/return`, { targetElementId: 'apply', reason: 'collateral documents missing' });
    expect(res.statusCode).toBe(200);
    const newApply = res.json();
    expect(newApply).toMatchObject({ elementId: 'apply', state: 'open', assignee: w.ids.app });
    expect(await w.taskRow(risk!)).toMatchObject({ state: 'canceled' });
    expect(await w.taskRow(compliance!)).toMatchObject({ state: 'canceled' });
    expect(await w.openTasks(instanceId)).toEqual({ apply: [newApply.id] });

    await w.api(w.tokens.app!, 'POST', `/tasks/${newApply.id}/approve`, {});
    const again = await w.openTasks(instanceId);
    expect(Object.keys(again).sort()).toEqual(['compliance', 'risk']);
    await w.api(w.tokens.risk!, 'POST', `/tasks/${again.risk![0]}/approve`, {});
    await w.api(w.tokens.comp!, 'POST', `/tasks/${again.compliance![0]}/approve`, {});
    expect(Object.keys(await w.openTasks(instanceId))).toEqual(['decide']);

    const [returned] = (await w.api(w.tokens.risk!, 'GET', `/tasks/${risk}/actions`)).json().items;
    expect(returned).toMatchObject({ action: 'return', actorName: 'risk', reason: 'collateral documents missing', targetUserId: w.ids.app });
    expect((await w.audit('process.task-returned', risk!))[0]).toMatchObject({
      reason: 'collateral documents missing',
      data: expect.objectContaining({ targetElementId: 'apply', newTaskId: newApply.id }),
    });
  });

  it('refuses a stranger with 404 and someone who sees the task but does not hold it with 403', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', chainPeople());
    const [review] = (await w.openTasks(instanceId)).review!;
    await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, {});
    const [final] = (await w.openTasks(instanceId)).final!;
    expectProblem(await w.api(w.tokens.stranger!, 'POST', `/tasks/${final}/return`, { targetElementId: 'review', reason: 'x' }), 404, 'task-not-found');
    expectProblem(await w.api(w.tokens.stranger!, 'GET', `/tasks/${final}/return-targets`), 404, 'task-not-found');
    // ben delegates to cat: ben (owner) sees the task but does not hold it.
    await w.api(w.tokens.ben!, 'POST', `/tasks/${final}/delegate`, { userId: w.ids.cat });
    expectProblem(await w.api(w.tokens.ben!, 'POST', `/tasks/${final}/return`, { targetElementId: 'review', reason: 'x' }), 403, 'forbidden');
    expect(await w.taskRow(final!)).toMatchObject({ state: 'open' });
  });
});

describe('POST /api/v1/tasks/{id}/withdraw', () => {
  it('撤回 before the next step acted: the next task is cancelled and the step is the withdrawer’s again', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', chainPeople());
    const [review] = (await w.openTasks(instanceId)).review!;
    await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, {});
    const [final] = (await w.openTasks(instanceId)).final!;
    expect((await w.api(w.tokens.ann!, 'GET', `/tasks/${review}`)).json().allowedActions).toContain('withdraw');
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/withdraw`, {}), 400, 'validation-failed');

    const res = await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/withdraw`, { reason: 'wrong limit entered' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ elementId: 'review', state: 'open', assignee: w.ids.ann });
    expect(await w.taskRow(final!)).toMatchObject({ state: 'canceled' });
    expect(await w.openTasks(instanceId)).toEqual({ review: [res.json().id] });
    expect((await w.audit('process.task-withdrawn', review!))[0]).toMatchObject({ actor_name: 'ann', reason: 'wrong limit entered' });
  });

  it('is refused once the next step acted (409 next-step-acted), and to anyone but who completed the step', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', chainPeople());
    const [review] = (await w.openTasks(instanceId)).review!;
    await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, {});
    const [final] = (await w.openTasks(instanceId)).final!;
    expectProblem(await w.api(w.tokens.stranger!, 'POST', `/tasks/${review}/withdraw`, { reason: 'x' }), 404, 'task-not-found');
    expectProblem(await w.api(w.admin, 'POST', `/tasks/${review}/withdraw`, { reason: 'x' }), 403, 'forbidden');
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${final}/withdraw`, { reason: 'x' }), 404, 'task-not-found');

    await w.api(w.tokens.ben!, 'POST', `/tasks/${final}/approve`, {});
    expect((await w.api(w.tokens.ann!, 'GET', `/tasks/${review}`)).json().allowedActions).not.toContain('withdraw');
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/withdraw`, { reason: 'too late' }), 409, 'next-step-acted');
    expect(Object.keys(await w.openTasks(instanceId))).toEqual(['archive']);
  });

  it('counts a delegation of the next step as acting', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', chainPeople());
    const [review] = (await w.openTasks(instanceId)).review!;
    await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, {});
    const [final] = (await w.openTasks(instanceId)).final!;
    await w.api(w.tokens.ben!, 'POST', `/tasks/${final}/delegate`, { userId: w.ids.cat });
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/withdraw`, { reason: 'x' }), 409, 'next-step-acted');
  });
});
