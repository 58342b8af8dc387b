import { describe, expect, it } from 'vitest';
import { engineForTests, processGraph } from './test-graph.ts';

describe('inclusive gateway', () => {
  const splitAndJoin = () =>
    processGraph('p')
      .add('s', 'startEvent')
      .add('split', 'inclusiveGateway')
      .add('a', 'userTask')
      .add('b', 'userTask')
      .add('c', 'userTask')
      .add('join', 'inclusiveGateway')
      .add('after', 'userTask')
      .add('none', 'endEvent')
      .add('e', 'endEvent')
      .chain('s', 'split')
      .flow('split', 'a', { condition: 'wantA' })
      .flow('split', 'b', { condition: 'wantB' })
      .flow('split', 'c', { condition: 'wantC' })
      .flow('split', 'none', { isDefault: true })
      .chain('a', 'join')
      .chain('b', 'join')
      .chain('c', 'join')
      .chain('join', 'after', 'e');

  it('splits on every matching flow and, after partial activation (2 of 3), joins when both taken branches arrived', async () => {
    const { engine, deploy, active, taskOf } = engineForTests();
    const [definition] = deploy(splitAndJoin());
    const { instance } = await engine.startInstance({ definition: definition!, variables: { wantA: true, wantB: true, wantC: false } });
    expect(active(instance.id)).toEqual(['a', 'b']);
    await engine.completeTask({ taskId: taskOf(instance.id, 'a').id, variables: {}, completedBy: 'u' });
    expect(active(instance.id)).toEqual(['b', 'join']);
    await engine.completeTask({ taskId: taskOf(instance.id, 'b').id, variables: {}, completedBy: 'u' });
    expect(active(instance.id)).toEqual(['after']);
  });

  it('takes the default flow when no condition matches', async () => {
    const { engine, deploy, history, instance } = engineForTests();
    const [definition] = deploy(splitAndJoin());
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { wantA: false, wantB: false, wantC: false } });
    expect(instance(started.id).state).toBe('completed');
    expect(history(started.id)).toEqual(['s:completed', 'split:completed', 'none:completed']);
  });

  it('waits while a token upstream can still reach the incoming flow that has no token yet', async () => {
    const { engine, deploy, active, taskOf, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('fork', 'parallelGateway')
        .add('split', 'inclusiveGateway')
        .add('a', 'userTask')
        .add('b', 'userTask')
        .add('upstream', 'userTask')
        .add('c', 'task')
        .add('join', 'inclusiveGateway')
        .add('after', 'userTask')
        .add('e', 'endEvent')
        .chain('s', 'fork', 'split')
        .chain('fork', 'upstream', 'c', 'join')
        .flow('split', 'a', { condition: 'true' })
        .flow('split', 'b', { condition: 'true' })
        .chain('a', 'join')
        .chain('b', 'join')
        .chain('join', 'after', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(active(started.id)).toEqual(['a', 'b', 'upstream']);
    await engine.completeTask({ taskId: taskOf(started.id, 'a').id, variables: {}, completedBy: 'u' });
    await engine.completeTask({ taskId: taskOf(started.id, 'b').id, variables: {}, completedBy: 'u' });
    expect(active(started.id)).toEqual(['join', 'upstream']);
    await engine.completeTask({ taskId: taskOf(started.id, 'upstream').id, variables: {}, completedBy: 'u' });
    expect(active(started.id)).toEqual(['after']);
    await engine.completeTask({ taskId: taskOf(started.id, 'after').id, variables: {}, completedBy: 'u' });
    expect(instance(started.id).state).toBe('completed');
  });

  it('fires for the tokens present once the last upstream token ends elsewhere', async () => {
    const { engine, deploy, active, taskOf } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('fork', 'parallelGateway')
        .add('a', 'userTask')
        .add('upstream', 'userTask')
        .add('x', 'exclusiveGateway')
        .add('elsewhere', 'endEvent')
        .add('join', 'inclusiveGateway')
        .add('after', 'userTask')
        .chain('s', 'fork', 'a', 'join', 'after')
        .chain('fork', 'upstream', 'x')
        .flow('x', 'join', { condition: 'go' })
        .flow('x', 'elsewhere', { isDefault: true }),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: { go: false } });
    await engine.completeTask({ taskId: taskOf(instance.id, 'a').id, variables: {}, completedBy: 'u' });
    expect(active(instance.id)).toEqual(['join', 'upstream']);
    await engine.completeTask({ taskId: taskOf(instance.id, 'upstream').id, variables: {}, completedBy: 'u' });
    expect(active(instance.id)).toEqual(['after']);
  });
});
