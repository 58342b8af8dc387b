import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../helpers/test-app.ts';
import { approvalWorld, type ApprovalWorld } from './harness.ts';

// 加签: a signer before (the holder waits), after (the token waits for the signer), alongside, and
// alongside inside a multi-instance (one more signer in the loop).

let w: ApprovalWorld;
const people = () => ({ reviewer: w.ids.ann!, finalApprover: w.ids.ben!, archivist: w.ids.cat! });

beforeAll(async () => {
  w = await approvalWorld({ ann: ['agent'], ben: ['agent'], cat: ['agent'], sig: ['agent'], sec: ['agent'], stranger: ['agent'] }, ['chain.bpmn', 'countersign-all.bpmn']);
});
afterAll(() => w.t.close());

describe('POST /api/v1/tasks/{id}/signers', () => {
  it('before: the holder cannot approve until the signer signed (409 signers-pending)', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    const added = await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/signers`, { userId: w.ids.sig, position: 'before', reason: 'needs legal eyes' });
    expect(added.statusCode).toBe(200);
    const signerTask = added.json();
    expect(signerTask).toMatchObject({ kind: 'signer', parentTaskId: review, signerPosition: 'before', assignee: w.ids.sig, state: 'open' });
    expect((await w.api(w.tokens.ann!, 'GET', `/tasks/${review}`)).json().allowedActions).not.toContain('approve');
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, {}), 409, 'signers-pending');
    expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/complete`, {}), 409, 'signers-pending');

    expect((await w.api(w.tokens.sig!, 'POST', `/tasks/${signerTask.id}/approve`, {})).json()).toMatchObject({ state: 'completed', outcome: 'approved' });
    expect(await w.taskRow(review!)).toMatchObject({ state: 'open' });
    expect((await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, {})).json()).toMatchObject({ state: 'completed', outcome: 'approved' });
    expect(Object.keys(await w.openTasks(instanceId))).toEqual(['final']);
    expect((await w.audit('process.task-signer-added', review!))[0]).toMatchObject({
      actor_name: 'ann',
      reason: 'needs legal eyes',
      data: expect.objectContaining({ signer: w.ids.sig, position: 'before' }),
    });
  });

  it('after: the holder’s approve waits for the signer; the signer’s approve moves the token with the holder’s outcome', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    const signerTask = (await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/signers`, { userId: w.ids.sig, position: 'after' })).json();
    const approved = await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/approve`, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'open' });
    expect(approved.json().allowedActions).not.toContain('approve');
    expect(Object.keys(await w.openTasks(instanceId))).toEqual(['review']);

    await w.api(w.tokens.sig!, 'POST', `/tasks/${signerTask.id}/approve`, {});
    expect(await w.taskRow(review!)).toMatchObject({ state: 'completed', outcome: 'approved', completed_by: w.ids.ann });
    expect(Object.keys(await w.openTasks(instanceId))).toEqual(['final']);
  });

  it('a signer’s reject rejects the parent step', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    const signerTask = (await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/signers`, { userId: w.ids.sig, position: 'alongside' })).json();
    expectProblem(await w.api(w.tokens.sig!, 'POST', `/tasks/${signerTask.id}/reject`, {}), 400, 'validation-failed');
    await w.api(w.tokens.sig!, 'POST', `/tasks/${signerTask.id}/reject`, { reason: 'collateral overvalued' });
    expect(await w.taskRow(review!)).toMatchObject({ state: 'completed', outcome: 'rejected' });
    expect(await w.instanceState(instanceId)).toBe('completed');
    expect(await w.variables(instanceId)).toMatchObject({ outcome: 'rejected' });
  });

  it('a signer’s reject while another signer is still open: the other signer task is canceled, the parent rejected, the gateway takes the rejected path', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    const before = (await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/signers`, { userId: w.ids.sig, position: 'before' })).json();
    const alongside = (await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/signers`, { userId: w.ids.sec, position: 'alongside' })).json();
    const rejected = await w.api(w.tokens.sig!, 'POST', `/tasks/${before.id}/reject`, { reason: 'collateral overvalued' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ id: before.id, state: 'completed', outcome: 'rejected' });

    expect(await w.taskRow(before.id)).toMatchObject({ state: 'completed', outcome: 'rejected', completed_by: w.ids.sig });
    expect(await w.taskRow(alongside.id)).toMatchObject({ state: 'canceled', outcome: null, completed_by: null });
    expect(await w.taskRow(review!)).toMatchObject({ state: 'completed', outcome: 'rejected', completed_by: w.ids.sig });
    // review → decided (outcome = "rejected") → endRejected: final was never opened.
    expect(await w.openTasks(instanceId)).toEqual({});
    expect(await w.instanceState(instanceId)).toBe('completed');
    expect(await w.variables(instanceId)).toMatchObject({ outcome: 'rejected' });
    const history = (await w.api(w.admin, 'GET', `/process-instances/${instanceId}/history`)).json().items as { elementId: string }[];
    expect(history.map((h) => h.elementId)).toEqual(['start', 'review', 'decided', 'endRejected']);

    // One log entry per task: the signer's reject, the other signer's task canceled, the parent rejected by the signer.
    const log = (await w.api(w.admin, 'GET', `/process-instances/${instanceId}/actions`)).json().items as { taskId: string; action: string; actorId: string; reason: string | null }[];
    const of = (taskId: string) => log.filter((a) => a.taskId === taskId).map((a) => ({ action: a.action, actorId: a.actorId, reason: a.reason }));
    expect(of(before.id)).toEqual([{ action: 'reject', actorId: w.ids.sig, reason: 'collateral overvalued' }]);
    expect(of(alongside.id)).toEqual([{ action: 'signer-canceled', actorId: w.ids.sig, reason: 'collateral overvalued' }]);
    expect(of(review!).filter((a) => a.action !== 'add-signer')).toEqual([{ action: 'reject', actorId: w.ids.sig, reason: 'collateral overvalued' }]);
    const parentLog = await w.t.sql<{ data: Record<string, unknown> }>("SELECT data FROM process.task_action WHERE task_id = $1 AND action = 'reject'", [review]);
    expect(parentLog).toEqual([{ data: expect.objectContaining({ outcome: 'rejected', rejectedBySigner: before.id, canceledSignerTaskIds: [alongside.id] }) }]);

    expect(await w.audit('process.task-signer-canceled', alongside.id)).toEqual([
      expect.objectContaining({ actor_name: 'sig', reason: 'collateral overvalued', data: expect.objectContaining({ signerOf: review, rejectedBySigner: before.id, assignee: w.ids.sec }) }),
    ]);
    expect(await w.audit('process.task-rejected', review!)).toEqual([expect.objectContaining({ actor_name: 'sig', data: expect.objectContaining({ canceledSignerTaskIds: [alongside.id] }) })]);
    expect(await w.audit('process.task-rejected', before.id)).toHaveLength(1);
    const canceledEvents = await w.t.sql<{ payload: unknown }>("SELECT payload FROM platform.outbox_event WHERE type = 'process.task-canceled' AND position($1 in payload::text) > 0", [alongside.id]);
    expect(canceledEvents).toHaveLength(1);
    expect(JSON.stringify(canceledEvents[0]!.payload)).toContain('"reason":"signer-rejected"');

    // The other signer is told, about their own task; the holder of the parent was not a signer and is not.
    const told = async (token: string) =>
      ((await w.api(token, 'GET', '/notifications?limit=100')).json().items as { kind: string; taskId: string | null; params: Record<string, unknown> }[]).filter((n) => n.kind === 'signer-canceled');
    expect(await told(w.tokens.sec!)).toEqual([expect.objectContaining({ taskId: alongside.id, params: expect.objectContaining({ taskName: 'Review', actorName: 'sig' }) })]);
    expect(await told(w.tokens.sig!)).toEqual([]);
    expect(await told(w.tokens.ann!)).toEqual([]);
  });

  it('alongside inside a multi-instance: one more signer in the loop, whose approval the step needs too', async () => {
    const instanceId = await w.start(w.admin, 'appr-all', { signers: [w.ids.ann, w.ids.ben], secretary: w.ids.sec });
    const joint = (await w.openTasks(instanceId)).joint!;
    expect(joint).toHaveLength(2);
    const annTask = (await Promise.all(joint.map(async (id) => ({ id, row: await w.taskRow(id) })))).find((x) => x.row.assignee === w.ids.ann)!.id;
    const benTask = joint.find((id) => id !== annTask)!;
    const added = await w.api(w.tokens.ann!, 'POST', `/tasks/${annTask}/signers`, { userId: w.ids.cat, position: 'alongside' });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toMatchObject({ kind: 'process', assignee: w.ids.cat, elementId: 'joint' });
    expect((await w.openTasks(instanceId)).joint).toHaveLength(3);

    await w.api(w.tokens.ann!, 'POST', `/tasks/${annTask}/approve`, {});
    await w.api(w.tokens.ben!, 'POST', `/tasks/${benTask}/approve`, {});
    expect(Object.keys(await w.openTasks(instanceId))).toEqual(['joint']);
    const countersign = (await w.api(w.tokens.cat!, 'GET', `/tasks/${added.json().id}`)).json().countersign;
    expect(countersign).toEqual({ mode: 'all', threshold: null, approved: 2, rejected: 0, total: 3 });
    await w.api(w.tokens.cat!, 'POST', `/tasks/${added.json().id}/approve`, {});
    expect(Object.keys(await w.openTasks(instanceId))).toEqual(['after']);
    expect(await w.variables(instanceId)).toMatchObject({ outcome: 'approved', votes: { approved: 3, rejected: 0, total: 3 } });
  });

  it('refuses a stranger with 404, a signer adding signers with 403, and an unknown person with 400', async () => {
    const instanceId = await w.start(w.admin, 'appr-chain', people());
    const [review] = (await w.openTasks(instanceId)).review!;
    expectProblem(await w.api(w.tokens.stranger!, 'POST', `/tasks/${review}/signers`, { userId: w.ids.stranger, position: 'before' }), 404, 'task-not-found');
    const bad = expectProblem(await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/signers`, { userId: w.ids.sig, position: 'beside' }), 400, 'validation-failed');
    expect(bad.errors!.map((e) => e.field)).toContain('position');
    const signerTask = (await w.api(w.tokens.ann!, 'POST', `/tasks/${review}/signers`, { userId: w.ids.sig, position: 'before' })).json();
    expectProblem(await w.api(w.tokens.sig!, 'POST', `/tasks/${signerTask.id}/signers`, { userId: w.ids.cat, position: 'before' }), 403, 'forbidden');
    // The signer sees the parent? No: the parent is ann's; sig sees only their own task.
    expectProblem(await w.api(w.tokens.sig!, 'POST', `/tasks/${review}/approve`, {}), 404, 'task-not-found');
  });
});
