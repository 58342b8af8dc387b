import { describe, expect, it } from 'vitest';
import type { UserTaskDef } from '../graph.ts';
import { loop, userTask } from './approval-test-kit.ts';
import { countersignOutcome } from './multi-instance.ts';
import { engineForTests, processGraph } from './test-graph.ts';

function countersignProcess(countersign: UserTaskDef['countersign'], options: { sequential?: boolean; members?: boolean } = {}) {
  return processGraph('cs')
    .add('s', 'startEvent')
    .add('sign', 'userTask', {
      loop: loop(
        options.members ? { sequential: options.sequential ?? false, elementVariable: 'signer' } : { collection: 'signers', elementVariable: 'signer', sequential: options.sequential ?? false },
      ),
      userTask: userTask({ assignee: { expression: 'signer' }, countersign }),
    })
    .add('ok', 'exclusiveGateway')
    .add('pay', 'userTask')
    .add('fix', 'userTask')
    .chain('s', 'sign', 'ok')
    .flow('ok', 'pay', { condition: 'outcome = "approved"' })
    .flow('ok', 'fix', { isDefault: true });
}

async function started(countersign: UserTaskDef['countersign'], signers: string[], options: { sequential?: boolean } = {}) {
  const kit = engineForTests();
  const [definition] = kit.deploy(countersignProcess(countersign, options));
  const { instance } = await kit.engine.startInstance({ definition: definition!, variables: { signers } });
  const taskFor = (user: string) => {
    const task = kit.openTasks(instance.id).find((t) => t.assignee === user);
    if (!task) throw new Error(`no open task for ${user}`);
    return task;
  };
  const act = (user: string, outcome: 'approved' | 'rejected') => kit.engine.completeTask({ taskId: taskFor(user).id, variables: {}, outcome, completedBy: user });
  return { ...kit, instanceId: instance.id, act, taskFor };
}

describe('countersign (会签 / 或签 / 票签)', () => {
  it('all: every approval approves; outcome and votes land in the enclosing scope, not the inner outcome', async () => {
    const { act, active, instance, instanceId, store, openTasks } = await started({ mode: 'all', threshold: null }, ['ann', 'bob', 'cid']);
    await act('ann', 'approved');
    expect(instance(instanceId).variables.outcome).toBeUndefined();
    await act('bob', 'approved');
    expect(openTasks(instanceId)).toHaveLength(1);
    const { changes } = await act('cid', 'approved');
    expect(active(instanceId)).toEqual(['pay']);
    expect(instance(instanceId).variables).toMatchObject({ outcome: 'approved', votes: { approved: 3, rejected: 0, total: 3 } });
    expect(changes.events).toContainEqual(expect.objectContaining({ type: 'process.countersign-decided', elementId: 'sign', outcome: 'approved', approved: 3, rejected: 0, total: 3 }));
    const body = [...store.elementInstances.values()].find((e) => e.elementId === 'sign' && e.isMultiInstanceBody);
    expect(body?.outcome).toBe('approved');
  });

  it('all: one rejection decides early and cancels the other signers with reason countersign-decided', async () => {
    const { act, active, instance, instanceId, store, taskFor } = await started({ mode: 'all', threshold: null }, ['ann', 'bob', 'cid']);
    const others = [taskFor('ann'), taskFor('cid')];
    const { changes } = await act('bob', 'rejected');
    expect(active(instanceId)).toEqual(['fix']);
    expect(instance(instanceId).variables).toMatchObject({ outcome: 'rejected', votes: { approved: 0, rejected: 1, total: 3 } });
    expect(others.map((t) => store.tasks.get(t.id)?.state)).toEqual(['canceled', 'canceled']);
    expect(changes.events.filter((e) => e.type === 'process.task-canceled')).toEqual([
      expect.objectContaining({ taskId: others[0]!.id, reason: 'countersign-decided' }),
      expect.objectContaining({ taskId: others[1]!.id, reason: 'countersign-decided' }),
    ]);
  });

  it('any: the first approval decides; all rejections reject', async () => {
    const a = await started({ mode: 'any', threshold: null }, ['ann', 'bob', 'cid']);
    await a.act('ann', 'rejected');
    expect(a.openTasks(a.instanceId)).toHaveLength(2);
    await a.act('cid', 'approved');
    expect(a.active(a.instanceId)).toEqual(['pay']);
    expect(a.instance(a.instanceId).variables.votes).toEqual({ approved: 1, rejected: 1, total: 3 });

    const b = await started({ mode: 'any', threshold: null }, ['ann', 'bob']);
    await b.act('ann', 'rejected');
    await b.act('bob', 'rejected');
    expect(b.active(b.instanceId)).toEqual(['fix']);
    expect(b.instance(b.instanceId).variables.outcome).toBe('rejected');
  });

  it('vote with a count: approved as soon as the threshold is met, rejected once it cannot be', async () => {
    const a = await started({ mode: 'vote', threshold: 2 }, ['ann', 'bob', 'cid', 'dan']);
    await a.act('ann', 'approved');
    await a.act('bob', 'rejected');
    await a.act('cid', 'approved');
    expect(a.active(a.instanceId)).toEqual(['pay']);
    expect(a.instance(a.instanceId).variables.votes).toEqual({ approved: 2, rejected: 1, total: 4 });

    const b = await started({ mode: 'vote', threshold: 3 }, ['ann', 'bob', 'cid', 'dan']);
    await b.act('ann', 'rejected');
    expect(b.openTasks(b.instanceId)).toHaveLength(3);
    await b.act('bob', 'rejected');
    expect(b.active(b.instanceId)).toEqual(['fix']);
    expect(b.instance(b.instanceId).variables.votes).toEqual({ approved: 0, rejected: 2, total: 4 });
  });

  it('vote with a share: ceil(0.6 × 5) = 3 approvals', async () => {
    const a = await started({ mode: 'vote', threshold: 0.6 }, ['a1', 'a2', 'a3', 'a4', 'a5']);
    await a.act('a1', 'approved');
    await a.act('a2', 'approved');
    expect(a.openTasks(a.instanceId)).toHaveLength(3);
    await a.act('a3', 'approved');
    expect(a.active(a.instanceId)).toEqual(['pay']);
    expect(countersignOutcome({ mode: 'vote', threshold: 0.6, approved: 2, rejected: 3 }, 5)).toBe('rejected');
    expect(countersignOutcome({ mode: 'vote', threshold: 0.6, approved: 2, rejected: 2 }, 5)).toBeNull();
  });

  it('sequential all: the next signer comes only after an approval; a rejection ends it', async () => {
    const { act, openTasks, active, instanceId } = await started({ mode: 'all', threshold: null }, ['ann', 'bob', 'cid'], { sequential: true });
    expect(openTasks(instanceId).map((t) => t.assignee)).toEqual(['ann']);
    await act('ann', 'approved');
    expect(openTasks(instanceId).map((t) => t.assignee)).toEqual(['bob']);
    await act('bob', 'rejected');
    expect(active(instanceId)).toEqual(['fix']);
  });

  it('members: one signer per user of the group or role, the element variable set to the user', async () => {
    const kit = engineForTests();
    kit.services.membersOf = async (key) => (key === 'committee' ? ['u1', 'u2', 'u3'] : []);
    const [definition] = kit.deploy(countersignProcess({ mode: 'vote', threshold: 2, members: 'committee' }, { members: true }));
    const { instance } = await kit.engine.startInstance({ definition: definition!, variables: {} });
    const tasks = kit.openTasks(instance.id);
    expect(tasks.map((t) => t.assignee)).toEqual(['u1', 'u2', 'u3']);
    expect(tasks.map((t) => kit.store.elementInstances.get(t.elementInstanceId)?.variables.signer)).toEqual(['u1', 'u2', 'u3']);
    await kit.engine.completeTask({ taskId: tasks[0]!.id, variables: {}, outcome: 'approved', completedBy: 'u1' });
    await kit.engine.completeTask({ taskId: tasks[2]!.id, variables: {}, outcome: 'approved', completedBy: 'u3' });
    expect(kit.active(instance.id)).toEqual(['pay']);
    expect(kit.instance(instance.id).variables.votes).toEqual({ approved: 2, rejected: 0, total: 3 });
  });

  it('members without a membersOf service refuses the start', async () => {
    const kit = engineForTests();
    const [definition] = kit.deploy(countersignProcess({ mode: 'all', threshold: null, members: 'committee' }, { members: true }));
    await expect(kit.engine.startInstance({ definition: definition!, variables: {} })).rejects.toMatchObject({ code: 'expression-failed' });
  });
});

describe('addMultiInstanceSigner (加签 alongside in a multi-instance)', () => {
  it('parallel: one more inner instance for the user; nrOfInstances and the countersign total grow', async () => {
    const { engine, act, taskFor, store, instance, instanceId, active } = await started({ mode: 'all', threshold: null }, ['ann', 'bob']);
    const { task } = await engine.addMultiInstanceSigner({ taskId: taskFor('ann').id, assignee: 'zoe' });
    expect(task).toMatchObject({ assignee: 'zoe', elementId: 'sign', kind: 'process', state: 'open' });
    const inner = store.elementInstances.get(task.elementInstanceId)!;
    expect(inner).toMatchObject({ loopCounter: 3, variables: { signer: 'zoe' } });
    expect(store.elementInstances.get(inner.scopeId!)?.variables).toMatchObject({ nrOfInstances: 3, nrOfActiveInstances: 3 });
    await act('ann', 'approved');
    await act('bob', 'approved');
    expect(active(instanceId)).toEqual(['sign', 'sign']);
    await act('zoe', 'approved');
    expect(instance(instanceId).variables.votes).toEqual({ approved: 3, rejected: 0, total: 3 });
    expect(active(instanceId)).toEqual(['pay']);
  });

  it('sequential: the added signer works beside the current one; the next in line waits for both, and nobody comes twice', async () => {
    const { engine, act, taskFor, openTasks, instance, instanceId, active } = await started({ mode: 'all', threshold: null }, ['ann', 'bob'], { sequential: true });
    await engine.addMultiInstanceSigner({ taskId: taskFor('ann').id, assignee: 'zoe' });
    expect(openTasks(instanceId).map((t) => t.assignee)).toEqual(['ann', 'zoe']);
    await act('ann', 'approved');
    expect(openTasks(instanceId).map((t) => t.assignee)).toEqual(['zoe']);
    await act('zoe', 'approved');
    expect(openTasks(instanceId).map((t) => t.assignee)).toEqual(['bob']);
    await act('bob', 'approved');
    expect(active(instanceId)).toEqual(['pay']);
    expect(instance(instanceId).variables.votes).toEqual({ approved: 3, rejected: 0, total: 3 });
  });

  it('refuses a task that is not inside a multi-instance', async () => {
    const { engine, deploy, taskOf } = engineForTests();
    const [definition] = deploy(processGraph('single').add('s', 'startEvent').add('t', 'userTask').chain('s', 't'));
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    await expect(engine.addMultiInstanceSigner({ taskId: taskOf(instance.id, 't').id, assignee: 'zoe' })).rejects.toMatchObject({ code: 'not-multi-instance' });
  });
});
