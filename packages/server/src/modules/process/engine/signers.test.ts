import { describe, expect, it } from 'vitest';
import { userTask } from './approval-test-kit.ts';
import { engineForTests, processGraph } from './test-graph.ts';

function approvalProcess() {
  return processGraph('approval')
    .add('s', 'startEvent')
    .add('review', 'userTask', { name: 'Review', userTask: userTask({ assignee: { static: 'ann' } }) })
    .add('ok', 'exclusiveGateway')
    .add('pay', 'userTask')
    .add('fix', 'userTask')
    .chain('s', 'review', 'ok')
    .flow('ok', 'pay', { condition: 'outcome = "approved"' })
    .flow('ok', 'fix', { isDefault: true });
}

describe('approval operations on single tasks', () => {
  it('approved/rejected set `outcome` in the task scope, so a gateway can test it', async () => {
    const { engine, deploy, taskOf, active, instance } = engineForTests();
    const [definition] = deploy(approvalProcess());
    const { instance: a } = await engine.startInstance({ definition: definition!, variables: {} });
    await engine.completeTask({ taskId: taskOf(a.id, 'review').id, variables: {}, outcome: 'approved', completedBy: 'ann' });
    expect(active(a.id)).toEqual(['pay']);
    expect(instance(a.id).variables.outcome).toBe('approved');
    const { instance: b } = await engine.startInstance({ definition: definition!, variables: {} });
    await engine.completeTask({ taskId: taskOf(b.id, 'review').id, variables: {}, outcome: 'rejected', completedBy: 'ann' });
    expect(active(b.id)).toEqual(['fix']);
  });

  it('a signer task shares the element instance, holds the parent, never moves the token', async () => {
    const { engine, deploy, taskOf, active, openTasks, store } = engineForTests();
    const [definition] = deploy(approvalProcess());
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    const parent = taskOf(instance.id, 'review');
    const { task: signer, changes } = await engine.openSignerTask({ parentTaskId: parent.id, assignee: 'bob', position: 'before' });
    expect(signer).toMatchObject({
      kind: 'signer',
      parentTaskId: parent.id,
      signerPosition: 'before',
      assignee: 'bob',
      elementInstanceId: parent.elementInstanceId,
      elementId: 'review',
      name: 'Review',
      state: 'open',
    });
    expect(changes.events).toEqual([expect.objectContaining({ type: 'process.task-created', taskId: signer.id, assignee: 'bob' })]);
    expect(openTasks(instance.id)).toHaveLength(2);

    // The parent waits for its signer; the engine's completeTask refuses a signer task.
    await expect(engine.completeTask({ taskId: parent.id, variables: {}, outcome: 'approved', completedBy: 'ann' })).rejects.toMatchObject({ code: 'not-active' });
    await expect(engine.completeTask({ taskId: signer.id, variables: {}, outcome: 'approved', completedBy: 'bob' })).rejects.toMatchObject({ code: 'not-active' });
    await expect(engine.completeSignerTask({ taskId: parent.id, outcome: 'approved', completedBy: 'ann' })).rejects.toMatchObject({ code: 'not-active' });
    await expect(engine.openSignerTask({ parentTaskId: signer.id, assignee: 'cid', position: 'before' })).rejects.toMatchObject({ code: 'not-active' });

    await engine.completeSignerTask({ taskId: signer.id, outcome: 'approved', completedBy: 'bob' });
    expect(store.tasks.get(signer.id)).toMatchObject({ state: 'completed', outcome: 'approved', completedBy: 'bob' });
    expect(active(instance.id)).toEqual(['review']);
    await engine.completeTask({ taskId: parent.id, variables: {}, outcome: 'approved', completedBy: 'ann' });
    expect(active(instance.id)).toEqual(['pay']);
  });

  it('cancelling the element instance cancels its signer tasks too', async () => {
    const { engine, deploy, taskOf, store } = engineForTests();
    const [definition] = deploy(approvalProcess());
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    const parent = taskOf(instance.id, 'review');
    const { task: signer } = await engine.openSignerTask({ parentTaskId: parent.id, assignee: 'bob', position: 'after' });
    const { changes } = await engine.terminateInstance({ instanceId: instance.id, reason: 'test' });
    expect(store.tasks.get(parent.id)?.state).toBe('canceled');
    expect(store.tasks.get(signer.id)?.state).toBe('canceled');
    expect(changes.events.filter((event) => event.type === 'process.task-canceled')).toHaveLength(2);
  });

  it('cancelSignerTasks ends the open signer tasks of a parent (reason signer-rejected), so the parent can complete rejected', async () => {
    const { engine, deploy, taskOf, active, openTasks, store, instance: instanceOf } = engineForTests();
    const [definition] = deploy(approvalProcess());
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    const parent = taskOf(instance.id, 'review');
    const { task: before } = await engine.openSignerTask({ parentTaskId: parent.id, assignee: 'bob', position: 'before' });
    const { task: alongside } = await engine.openSignerTask({ parentTaskId: parent.id, assignee: 'cid', position: 'alongside' });
    await engine.completeSignerTask({ taskId: before.id, outcome: 'rejected', completedBy: 'bob' });
    // cid's signer task still holds the parent.
    await expect(engine.completeTask({ taskId: parent.id, variables: {}, outcome: 'rejected', completedBy: 'bob' })).rejects.toMatchObject({ code: 'not-active' });
    // Only a parent's signers: not from a signer task, not of a closed task.
    await expect(engine.cancelSignerTasks({ parentTaskId: alongside.id, reason: 'signer-rejected' })).rejects.toMatchObject({ code: 'not-active' });

    const { canceledTaskIds, changes } = await engine.cancelSignerTasks({ parentTaskId: parent.id, reason: 'signer-rejected' });
    expect(canceledTaskIds).toEqual([alongside.id]);
    expect(changes.events).toEqual([{ type: 'process.task-canceled', taskId: alongside.id, instanceId: instance.id, elementId: 'review', caseId: null, reason: 'signer-rejected' }]);
    expect(store.tasks.get(alongside.id)).toMatchObject({ state: 'canceled', completedBy: null, outcome: null });
    expect(store.tasks.get(before.id)).toMatchObject({ state: 'completed', outcome: 'rejected' });
    expect(store.tasks.get(parent.id)?.state).toBe('open');
    expect(openTasks(instance.id).map((task) => task.id)).toEqual([parent.id]);
    expect(active(instance.id)).toEqual(['review']);

    // Nothing left to cancel is no error; the parent now completes, the gateway routes the rejection.
    expect((await engine.cancelSignerTasks({ parentTaskId: parent.id, reason: 'signer-rejected' })).canceledTaskIds).toEqual([]);
    await engine.completeTask({ taskId: parent.id, variables: {}, outcome: 'rejected', completedBy: 'bob' });
    expect(active(instance.id)).toEqual(['fix']);
    expect(instanceOf(instance.id).variables.outcome).toBe('rejected');
    await expect(engine.cancelSignerTasks({ parentTaskId: parent.id, reason: 'signer-rejected' })).rejects.toMatchObject({ code: 'not-active' });
  });

  it('updateTask changes the assignee, owner and delegation state it is given and nothing else', async () => {
    const { engine, deploy, taskOf, store, active } = engineForTests();
    const [definition] = deploy(approvalProcess());
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    const task = taskOf(instance.id, 'review');
    expect(task).toMatchObject({ kind: 'process', owner: null, delegationState: null, parentTaskId: null, signerPosition: null });
    await engine.updateTask({ taskId: task.id, assignee: 'dan', owner: 'ann', delegationState: 'pending' });
    expect(store.tasks.get(task.id)).toMatchObject({ assignee: 'dan', owner: 'ann', delegationState: 'pending', state: 'open' });
    await engine.updateTask({ taskId: task.id, assignee: 'ann', delegationState: 'resolved' });
    expect(store.tasks.get(task.id)).toMatchObject({ assignee: 'ann', owner: 'ann', delegationState: 'resolved' });
    expect(active(instance.id)).toEqual(['review']);
    await engine.completeTask({ taskId: task.id, variables: {}, outcome: 'approved', completedBy: 'ann' });
    await expect(engine.updateTask({ taskId: task.id, assignee: 'x' })).rejects.toMatchObject({ code: 'not-active' });
  });
});
