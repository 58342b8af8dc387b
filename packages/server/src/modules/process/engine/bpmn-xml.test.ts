import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../model/index.ts';
import { bpmnDefinitions } from '../model/fixtures/bpmn-fixture.ts';
import type { DeployedProcess } from './contract.ts';
import { engineForTests } from './test-graph.ts';

let deployed = 0;

async function deployXml(store: { deploy(definition: DeployedProcess): void }, xml: string): Promise<DeployedProcess[]> {
  const result = await compileBpmn(xml);
  expect(result.problems).toEqual([]);
  return result.processes.map((graph) => {
    const definition: DeployedProcess = { id: `${graph.key}:xml:${++deployed}`, key: graph.key, version: 1, deploymentId: 'xml', graph };
    store.deploy(definition);
    return definition;
  });
}

describe('models compiled from BPMN XML', () => {
  it('a Camunda 7 credit approval: JUEL conditions, assignees and groups, a parallel review, a reminder timer', async () => {
    const { engine, store, openTasks, taskOf, instance, clock, runDueJobs } = engineForTests();
    const [definition] = await deployXml(
      store,
      bpmnDefinitions(`<bpmn:process id="credit" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="intake" />
  <bpmn:userTask id="intake" name="Intake" camunda:assignee="\${initiator}" />
  <bpmn:sequenceFlow id="f2" sourceRef="intake" targetRef="size" />
  <bpmn:exclusiveGateway id="size" default="small" />
  <bpmn:sequenceFlow id="big" sourceRef="size" targetRef="fork">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${amount &gt; 1000}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="small" sourceRef="size" targetRef="end" />
  <bpmn:parallelGateway id="fork" />
  <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="risk" />
  <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="compliance" />
  <bpmn:userTask id="risk" camunda:candidateGroups="risk,senior-risk" />
  <bpmn:userTask id="compliance" camunda:candidateGroups="compliance" />
  <bpmn:boundaryEvent id="remind" attachedToRef="risk" cancelActivity="false">
    <bpmn:timerEventDefinition><bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition>
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f5" sourceRef="remind" targetRef="nudge" />
  <bpmn:userTask id="nudge" />
  <bpmn:sequenceFlow id="f6" sourceRef="risk" targetRef="join" />
  <bpmn:sequenceFlow id="f7" sourceRef="compliance" targetRef="join" />
  <bpmn:parallelGateway id="join" />
  <bpmn:sequenceFlow id="f8" sourceRef="join" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { initiator: 'ann', amount: 5000 } });
    expect(taskOf(started.id, 'intake').assignee).toBe('ann');
    await engine.completeTask({ taskId: taskOf(started.id, 'intake').id, variables: {}, completedBy: 'ann' });
    expect(openTasks(started.id).map((t) => [t.elementId, t.candidateGroups])).toEqual([
      ['risk', ['risk', 'senior-risk']],
      ['compliance', ['compliance']],
    ]);
    clock.advance(4 * 3_600_000);
    await runDueJobs();
    expect(openTasks(started.id).map((t) => t.elementId)).toEqual(['risk', 'compliance', 'nudge']);
    await engine.completeTask({ taskId: taskOf(started.id, 'risk').id, variables: {}, completedBy: 'u' });
    await engine.completeTask({ taskId: taskOf(started.id, 'compliance').id, variables: {}, completedBy: 'u' });
    // The nudge is still open: the instance waits for it.
    expect(instance(started.id).state).toBe('active');
    await engine.completeTask({ taskId: taskOf(started.id, 'nudge').id, variables: {}, completedBy: 'u' });
    expect(instance(started.id).state).toBe('completed');
  });

  it('a Zeebe multi-instance over a collection with an output collection', async () => {
    const { engine, store, openTasks, instance } = engineForTests();
    const [definition] = await deployXml(
      store,
      bpmnDefinitions(`<bpmn:process id="vote" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="ballot" />
  <bpmn:userTask id="ballot">
    <bpmn:extensionElements>
      <zeebe:assignmentDefinition assignee="=voter" />
    </bpmn:extensionElements>
    <bpmn:multiInstanceLoopCharacteristics>
      <bpmn:extensionElements>
        <zeebe:loopCharacteristics inputCollection="=voters" inputElement="voter" outputCollection="votes" outputElement="=vote" />
      </bpmn:extensionElements>
    </bpmn:multiInstanceLoopCharacteristics>
  </bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="ballot" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { voters: ['a', 'b'] } });
    const tasks = openTasks(started.id);
    expect(tasks.map((t) => t.assignee)).toEqual(['a', 'b']);
    await engine.completeTask({ taskId: tasks[1]!.id, variables: { vote: 'no' }, completedBy: 'b' });
    await engine.completeTask({ taskId: tasks[0]!.id, variables: { vote: 'yes' }, completedBy: 'a' });
    expect(instance(started.id)).toMatchObject({ state: 'completed' });
    expect(instance(started.id).variables.votes).toEqual(['yes', 'no']);
  });
});
