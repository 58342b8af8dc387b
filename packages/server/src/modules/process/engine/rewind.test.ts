import { describe, expect, it } from 'vitest';
import { loop, userTask } from './approval-test-kit.ts';
import { engineForTests, processGraph } from './test-graph.ts';

async function run(builder: ReturnType<typeof processGraph>, variables: Record<string, unknown> = {}) {
  const kit = engineForTests();
  const [definition] = kit.deploy(builder);
  const { instance } = await kit.engine.startInstance({ definition: definition!, variables });
  const id = instance.id;
  const complete = (elementId: string, outcome: string | null = null, variables: Record<string, unknown> = {}) =>
    kit.engine.completeTask({ taskId: kit.taskOf(id, elementId).id, variables, outcome, completedBy: `${elementId}-user` });
  const rewind = (from: string | null, target: string, assignee: string | null = null) =>
    kit.engine.rewindToElement({ instanceId: id, targetElementId: target, fromTaskId: from === null ? null : kit.taskOf(id, from).id, assignee, reason: from === null ? 'withdrawn' : 'returned' });
  return { ...kit, id, complete, rewind };
}

const parallel = () =>
  processGraph('par')
    .add('s', 'startEvent')
    .add('x', 'userTask')
    .add('fork', 'parallelGateway')
    .add('a1', 'userTask')
    .add('a2', 'userTask')
    .add('b', 'userTask')
    .add('join', 'parallelGateway')
    .add('c', 'userTask')
    .add('e', 'endEvent')
    .chain('s', 'x', 'fork', 'a1', 'a2', 'join', 'c', 'e')
    .chain('fork', 'b', 'join');

describe('rewindToElement (退回 / 撤回)', () => {
  it('through an exclusive gateway: the current task is canceled with the reason, a new task opens at the target for the given user', async () => {
    const p = await run(
      processGraph('ex')
        .add('s', 'startEvent')
        .add('apply', 'userTask', { userTask: userTask({ assignee: { static: 'clerk' } }) })
        .add('gw', 'exclusiveGateway')
        .add('review', 'userTask')
        .add('other', 'userTask')
        .chain('s', 'apply', 'gw')
        .flow('gw', 'review', { condition: 'amount > 10' })
        .flow('gw', 'other', { isDefault: true }),
      { amount: 50 },
    );
    await p.complete('apply');
    const review = p.taskOf(p.id, 'review');
    const { task, canceledTaskIds, changes } = await p.rewind('review', 'apply', 'apply-user');
    expect(canceledTaskIds).toEqual([review.id]);
    expect(p.store.tasks.get(review.id)?.state).toBe('canceled');
    expect(task).toMatchObject({ elementId: 'apply', assignee: 'apply-user', state: 'open', kind: 'process' });
    expect(p.active(p.id)).toEqual(['apply']);
    expect(changes.events).toContainEqual(expect.objectContaining({ type: 'process.task-canceled', taskId: review.id, reason: 'returned' }));
    expect(changes.events).toContainEqual({ type: 'process.instance-rewound', instanceId: p.id, caseId: null, fromElementIds: ['review'], targetElementId: 'apply', taskId: task.id });
    // Without an assignee the element's assignment is evaluated again.
    await p.rewind('apply', 'apply').catch((error) => expect(error).toMatchObject({ code: 'invalid-return-target' }));
    await p.complete('apply', null, { amount: 5 });
    expect(p.active(p.id)).toEqual(['other']);
    const again = await p.rewind('other', 'apply');
    expect(again.task.assignee).toBe('clerk');
  });

  it('from one parallel branch to a task before the fork: both branches and the waiting join end', async () => {
    const p = await run(parallel());
    await p.complete('x');
    await p.complete('b');
    expect(p.active(p.id)).toEqual(['a1', 'join']);
    const { canceledTaskIds } = await p.rewind('a1', 'x');
    expect(canceledTaskIds).toHaveLength(1);
    expect(p.active(p.id)).toEqual(['x']);
    await p.complete('x');
    expect(p.active(p.id)).toEqual(['a1', 'b']);
    await p.complete('a1');
    await p.complete('a2');
    // The old arrival of b is gone: the join waits for b again.
    expect(p.active(p.id)).toEqual(['b', 'join']);
    await p.complete('b');
    expect(p.active(p.id)).toEqual(['c']);
  });

  it('inside one branch: the other branch keeps going', async () => {
    const p = await run(parallel());
    await p.complete('x');
    await p.complete('a1');
    const b = p.taskOf(p.id, 'b');
    await p.rewind('a2', 'a1');
    expect(p.active(p.id)).toEqual(['a1', 'b']);
    expect(p.store.tasks.get(b.id)?.state).toBe('open');
    await p.complete('b');
    await p.complete('a1');
    expect(p.active(p.id)).toEqual(['a2', 'join']);
    await p.complete('a2');
    expect(p.active(p.id)).toEqual(['c']);
  });

  it('from after a join into one branch: the other branch is not run again, its arrival waits at the join', async () => {
    const p = await run(parallel());
    await p.complete('x');
    await p.complete('b');
    await p.complete('a1');
    await p.complete('a2');
    expect(p.active(p.id)).toEqual(['c']);
    await p.rewind('c', 'a2');
    expect(p.active(p.id)).toEqual(['a2', 'join']);
    await p.complete('a2');
    expect(p.active(p.id)).toEqual(['c']);
    await p.complete('c');
    expect(p.instance(p.id).state).toBe('completed');
  });

  it('withdraw (no from task): every open task the target reaches is withdrawn', async () => {
    const p = await run(parallel());
    await p.complete('x');
    const { canceledTaskIds, changes } = await p.rewind(null, 'x', 'x-user');
    expect(canceledTaskIds).toHaveLength(2);
    expect(changes.events.filter((event) => event.type === 'process.task-canceled')).toEqual([expect.objectContaining({ reason: 'withdrawn' }), expect.objectContaining({ reason: 'withdrawn' })]);
    expect(p.active(p.id)).toEqual(['x']);
  });

  it('through an inclusive gateway: after the join, back into a taken branch; the join fires when it arrives', async () => {
    const p = await run(
      processGraph('inc')
        .add('s', 'startEvent')
        .add('fork', 'inclusiveGateway')
        .add('a', 'userTask')
        .add('b', 'userTask')
        .add('c', 'userTask')
        .add('join', 'inclusiveGateway')
        .add('d', 'userTask')
        .chain('s', 'fork')
        .flow('fork', 'a', { condition: 'true' })
        .flow('fork', 'b', { condition: 'true' })
        .flow('fork', 'c', { condition: 'false' })
        .chain('a', 'join')
        .chain('b', 'join')
        .chain('c', 'join')
        .chain('join', 'd'),
    );
    await p.complete('a');
    await p.complete('b');
    expect(p.active(p.id)).toEqual(['d']);
    await p.rewind('d', 'a');
    expect(p.active(p.id)).toEqual(['a', 'join']);
    await p.complete('a');
    expect(p.active(p.id)).toEqual(['d']);
  });

  const withSubProcess = () =>
    processGraph('sub')
      .add('s', 'startEvent')
      .add('a', 'userTask')
      .add('sub', 'subProcess')
      .add('ss', 'startEvent', { parent: 'sub' })
      .add('p', 'userTask', { parent: 'sub' })
      .add('q', 'userTask', { parent: 'sub' })
      .add('se', 'endEvent', { parent: 'sub' })
      .add('z', 'userTask')
      .add('e', 'endEvent')
      .chain('s', 'a', 'sub', 'z', 'e')
      .chain('ss', 'p', 'q', 'se');

  it('out of a sub-process to a task before it: the sub-process ends', async () => {
    const p = await run(withSubProcess());
    await p.complete('a');
    await p.complete('p');
    await p.rewind('q', 'a');
    expect(p.active(p.id)).toEqual(['a']);
    await p.complete('a');
    expect(p.active(p.id)).toEqual(['p', 'sub']);
  });

  it('inside an active sub-process: it stays', async () => {
    const p = await run(withSubProcess());
    await p.complete('a');
    await p.complete('p');
    const sub = [...p.store.elementInstances.values()].find((e) => e.elementId === 'sub' && e.state === 'active');
    await p.rewind('q', 'p');
    expect(p.active(p.id)).toEqual(['p', 'sub']);
    expect(p.store.elementInstances.get(p.taskOf(p.id, 'p').elementInstanceId)?.scopeId).toBe(sub?.id);
  });

  it('into a sub-process that has ended: it is entered again at the target', async () => {
    const p = await run(withSubProcess());
    await p.complete('a');
    await p.complete('p');
    await p.complete('q');
    expect(p.active(p.id)).toEqual(['z']);
    await p.rewind('z', 'p');
    expect(p.active(p.id)).toEqual(['p', 'sub']);
    await p.complete('p');
    await p.complete('q');
    expect(p.active(p.id)).toEqual(['z']);
    await p.complete('z');
    expect(p.instance(p.id).state).toBe('completed');
  });

  it('refuses targets that are not user tasks, not upstream, or inside a multi-instance; nothing changes', async () => {
    const p = await run(
      processGraph('refuse')
        .add('s', 'startEvent')
        .add('mi', 'userTask', { loop: loop({ cardinality: '1' }) })
        .add('a', 'userTask')
        .add('gw', 'exclusiveGateway')
        .add('b', 'userTask')
        .add('later', 'userTask')
        .chain('s', 'mi', 'a', 'gw', 'b', 'later'),
    );
    await p.complete('mi');
    await p.complete('a');
    const before = p.taskOf(p.id, 'b');
    await expect(p.rewind('b', 'gw')).rejects.toMatchObject({ code: 'invalid-return-target', elementId: 'gw' });
    await expect(p.rewind('b', 'later')).rejects.toMatchObject({ code: 'invalid-return-target' });
    await expect(p.rewind('b', 'b')).rejects.toMatchObject({ code: 'invalid-return-target' });
    await expect(p.rewind('b', 'mi')).rejects.toMatchObject({ code: 'invalid-return-target' });
    await expect(p.rewind('b', 'nowhere')).rejects.toMatchObject({ code: 'invalid-return-target' });
    expect(p.store.tasks.get(before.id)?.state).toBe('open');
    expect(p.active(p.id)).toEqual(['b']);
    await p.complete('b');
    const done = p.store.tasks.get(before.id)!;
    await expect(p.engine.rewindToElement({ instanceId: p.id, targetElementId: 'a', fromTaskId: done.id, assignee: null, reason: 'returned' })).rejects.toMatchObject({
      code: 'not-active',
    });
  });
});
