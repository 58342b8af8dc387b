import { describe, expect, it } from 'vitest';
import { bpmnAroundTask, bpmnDefinitions, bpmnProcess, problemCodes } from './fixtures/bpmn-fixture.ts';
import { compileBpmn } from './index.ts';

describe('compileBpmn: the file', () => {
  it.each([
    ['not XML', 'this is not xml'],
    ['empty', ''],
    ['XML but not BPMN', '<note><to>Tove</to></note>'],
    ['DMN', '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="x"/>'],
    ['truncated BPMN', bpmnProcess('<bpmn:startEvent id="s" />').slice(0, 300)],
  ])('refuses %s as not-bpmn, with no element id', async (_case, xml) => {
    const result = await compileBpmn(xml);
    expect(result.processes).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ elementId: null, code: 'not-bpmn' });
  });

  it('never throws, whatever it is given', async () => {
    for (const input of [null, undefined, 42, {}, '<', '<?xml version="1.0"?>', '\uFEFF<bpmn:definitions/>'] as unknown as string[]) {
      const result = await compileBpmn(input);
      expect(result.problems.length).toBeGreaterThan(0);
    }
  });

  it('compiles a straight process: start → task → end', async () => {
    const result = await compileBpmn(bpmnAroundTask('<bpmn:task id="task" name="Review" />'));
    expect(result.problems).toEqual([]);
    expect(result.processes).toHaveLength(1);
    const [graph] = result.processes;
    expect(graph).toMatchObject({ format: 1, key: 'test', name: null, scope: { startEvents: ['start'], eventSubProcesses: [], children: ['start', 'task', 'end'] } });
    expect(graph?.elements.task).toMatchObject({ type: 'task', name: 'Review', parent: null, incoming: ['f1'], outgoing: ['f2'], boundaryEvents: [], inputs: [], outputs: [] });
    expect(graph?.flows.f1).toEqual({ id: 'f1', generatedId: false, name: null, sourceRef: 'start', targetRef: 'task', condition: null, isDefault: false });
    expect(graph?.elements.start?.event).toEqual({ kind: 'none' });
  });

  it('reads a declared ISO-8859-1 encoding', async () => {
    const xml = bpmnAroundTask('<bpmn:task id="task" />').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const result = await compileBpmn(xml);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('refuses a file whose processes are all non-executable, and warns about each', async () => {
    const result = await compileBpmn(bpmnDefinitions('<bpmn:process id="a"><bpmn:startEvent id="s" /></bpmn:process><bpmn:process id="b" isExecutable="false" />'));
    expect(problemCodes(result)).toEqual([[null, 'no-executable-process']]);
    expect(result.warnings.map((warning) => [warning.elementId, warning.code])).toEqual([
      ['a', 'process-not-executable'],
      ['b', 'process-not-executable'],
    ]);
  });

  it('refuses an executable process without an id', async () => {
    const result = await compileBpmn(bpmnDefinitions('<bpmn:process name="Loans" isExecutable="true"><bpmn:startEvent id="s" /></bpmn:process>'));
    expect(problemCodes(result)).toEqual([[null, 'missing-id']]);
  });

  it('compiles each executable process of a collaboration and skips the others with a warning', async () => {
    const result = await compileBpmn(
      bpmnDefinitions(`
<bpmn:collaboration id="collaboration">
  <bpmn:participant id="p1" processRef="bank" />
  <bpmn:participant id="p2" processRef="customer" />
  <bpmn:participant id="p3" processRef="notes" />
  <bpmn:messageFlow id="mf" sourceRef="p2" targetRef="p1" />
</bpmn:collaboration>
<bpmn:process id="bank" isExecutable="true"><bpmn:startEvent id="s1" /></bpmn:process>
<bpmn:process id="customer" isExecutable="true"><bpmn:startEvent id="s2" /></bpmn:process>
<bpmn:process id="notes" isExecutable="false"><bpmn:startEvent id="s3" /></bpmn:process>`),
    );
    expect(result.problems).toEqual([]);
    expect(result.processes.map((graph) => graph.key)).toEqual(['bank', 'customer']);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['process-not-executable']);
  });

  it('lists every problem of a file, each with its element id', async () => {
    const result = await compileBpmn(
      bpmnProcess(`
<bpmn:startEvent id="start" />
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="script" />
<bpmn:scriptTask id="script" scriptFormat="groovy"><bpmn:script>println 1</bpmn:script></bpmn:scriptTask>
<bpmn:sequenceFlow id="f2" sourceRef="script" targetRef="gw" />
<bpmn:complexGateway id="gw" />
<bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">amount &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:endEvent id="end" />`),
    );
    expect(problemCodes(result)).toEqual([
      ['script', 'unsupported-element'],
      ['gw', 'unsupported-element'],
      ['f3', 'feel-syntax'],
    ]);
  });
});

describe('compileBpmn: sequence flows and gateways', () => {
  const gateway = (type: string, flows: string, gatewayAttributes = '') =>
    bpmnProcess(`
<bpmn:startEvent id="start" />
<bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="gw" />
<bpmn:${type} id="gw"${gatewayAttributes} />
${flows}
<bpmn:endEvent id="a" />
<bpmn:endEvent id="b" />`);

  it('gives a flow without an id flow_<source>_<target>_<n>', async () => {
    const result = await compileBpmn(
      bpmnProcess(`
<bpmn:startEvent id="start" />
<bpmn:sequenceFlow sourceRef="start" targetRef="gw" />
<bpmn:parallelGateway id="gw" />
<bpmn:sequenceFlow sourceRef="gw" targetRef="end" />
<bpmn:sequenceFlow sourceRef="gw" targetRef="end" />
<bpmn:endEvent id="end" />`),
    );
    expect(result.problems).toEqual([]);
    const flows = result.processes[0]?.flows ?? {};
    expect(Object.keys(flows)).toEqual(['flow_start_gw_1', 'flow_gw_end_1', 'flow_gw_end_2']);
    expect(flows.flow_gw_end_2).toMatchObject({ generatedId: true, sourceRef: 'gw', targetRef: 'end' });
    expect(result.processes[0]?.elements.end?.incoming).toEqual(['flow_gw_end_1', 'flow_gw_end_2']);
  });

  it('reads conditions and the default flow of an exclusive gateway', async () => {
    const result = await compileBpmn(
      gateway(
        'exclusiveGateway',
        `<bpmn:sequenceFlow id="high" sourceRef="gw" targetRef="a"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=risk = "high"</bpmn:conditionExpression></bpmn:sequenceFlow>
         <bpmn:sequenceFlow id="other" sourceRef="gw" targetRef="b" />`,
        ' default="other"',
      ),
    );
    expect(result.problems).toEqual([]);
    const graph = result.processes[0];
    expect(graph?.flows.high?.condition).toBe('risk = "high"');
    expect(graph?.flows.other).toMatchObject({ isDefault: true, condition: null });
    expect(graph?.elements.gw?.defaultFlow).toBe('other');
  });

  it.each(['exclusiveGateway', 'inclusiveGateway'])('refuses a %s with an unconditional flow that is not the default', async (type) => {
    const result = await compileBpmn(
      gateway(
        type,
        `<bpmn:sequenceFlow id="high" sourceRef="gw" targetRef="a"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">risk = "high"</bpmn:conditionExpression></bpmn:sequenceFlow>
         <bpmn:sequenceFlow id="other" sourceRef="gw" targetRef="b" />`,
      ),
    );
    expect(problemCodes(result)).toEqual([['gw', 'gateway-needs-default']]);
    expect(result.problems[0]?.message).toContain('"other"');
  });

  it('ignores a condition on a flow out of a parallel gateway, with a warning', async () => {
    const result = await compileBpmn(
      gateway(
        'parallelGateway',
        `<bpmn:sequenceFlow id="x" sourceRef="gw" targetRef="a"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">risk = "high"</bpmn:conditionExpression></bpmn:sequenceFlow>
         <bpmn:sequenceFlow id="y" sourceRef="gw" targetRef="b" />`,
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((warning) => [warning.elementId, warning.code])).toEqual([['x', 'condition-ignored']]);
    expect(result.processes[0]?.flows.x?.condition).toBeNull();
  });

  it('refuses a default flow that does not leave the gateway', async () => {
    const result = await compileBpmn(gateway('exclusiveGateway', '<bpmn:sequenceFlow id="x" sourceRef="gw" targetRef="a" />', ' default="f0"'));
    expect(problemCodes(result)).toContainEqual(['gw', 'invalid-default-flow']);
  });

  it('refuses a condition in a scripting language', async () => {
    const result = await compileBpmn(
      gateway(
        'exclusiveGateway',
        `<bpmn:sequenceFlow id="x" sourceRef="gw" targetRef="a"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="groovy">amount &gt; 5</bpmn:conditionExpression></bpmn:sequenceFlow>
         <bpmn:sequenceFlow id="y" sourceRef="gw" targetRef="b" />`,
        ' default="y"',
      ),
    );
    expect(problemCodes(result)).toEqual([['x', 'unsupported-expression']]);
  });

  it('compiles link events into a flow between pass-through events', async () => {
    const result = await compileBpmn(
      bpmnProcess(`
<bpmn:startEvent id="start" />
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="toPage2" />
<bpmn:intermediateThrowEvent id="toPage2"><bpmn:linkEventDefinition name="page2" /></bpmn:intermediateThrowEvent>
<bpmn:intermediateCatchEvent id="page2"><bpmn:linkEventDefinition name="page2" /></bpmn:intermediateCatchEvent>
<bpmn:sequenceFlow id="f2" sourceRef="page2" targetRef="end" />
<bpmn:endEvent id="end" />`),
    );
    expect(result.problems).toEqual([]);
    const graph = result.processes[0];
    expect(graph?.elements.toPage2).toMatchObject({ type: 'intermediateThrowEvent', event: { kind: 'none' }, outgoing: ['flow_toPage2_page2_1'] });
    expect(graph?.elements.page2).toMatchObject({ type: 'intermediateThrowEvent', event: { kind: 'none' }, incoming: ['flow_toPage2_page2_1'] });
    expect(graph?.flows.flow_toPage2_page2_1).toMatchObject({ generatedId: true, sourceRef: 'toPage2', targetRef: 'page2' });
  });

  it('refuses a link throw without a catch of the same name', async () => {
    const result = await compileBpmn(
      bpmnProcess(`
<bpmn:startEvent id="start" />
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="jump" />
<bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="nowhere" /></bpmn:intermediateThrowEvent>`),
    );
    expect(problemCodes(result)).toEqual([['jump', 'link-without-catch']]);
  });

  it('records the targets of an event-based gateway and refuses a target that does not wait', async () => {
    const result = await compileBpmn(
      bpmnDefinitions(`
<bpmn:message id="m" name="documents-received" />
<bpmn:process id="test" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="gw" />
  <bpmn:eventBasedGateway id="gw" />
  <bpmn:sequenceFlow id="f1" sourceRef="gw" targetRef="received" />
  <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="timeout" />
  <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="task" />
  <bpmn:intermediateCatchEvent id="received"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>PT30M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:task id="task" />
</bpmn:process>`),
    );
    expect(problemCodes(result)).toEqual([['task', 'invalid-event-gateway-target']]);
    expect(result.processes[0]?.elements.gw?.eventBasedTargets).toEqual(['received', 'timeout', 'task']);
  });
});

describe('compileBpmn: reachability and starts', () => {
  it('refuses an element nothing leads to', async () => {
    const result = await compileBpmn(bpmnAroundTask('<bpmn:task id="task" />', '<bpmn:task id="orphan" /><bpmn:sequenceFlow id="f9" sourceRef="orphan" targetRef="end" />'));
    expect(problemCodes(result)).toEqual([['orphan', 'unreachable-element']]);
  });

  it('refuses a process without a start event', async () => {
    const result = await compileBpmn(bpmnProcess('<bpmn:task id="task" />'));
    expect(problemCodes(result)).toEqual([
      ['test', 'missing-start-event'],
      ['task', 'unreachable-element'],
    ]);
  });

  it('accepts message, timer and signal process starts, and refuses an error start at process level', async () => {
    const ok = await compileBpmn(
      bpmnDefinitions(`
<bpmn:message id="m" name="application-received" />
<bpmn:signal id="s" name="market-closed" />
<bpmn:process id="test" isExecutable="true">
  <bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
  <bpmn:startEvent id="byTimer"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
  <bpmn:startEvent id="bySignal"><bpmn:signalEventDefinition signalRef="s" /></bpmn:startEvent>
</bpmn:process>`),
    );
    expect(ok.problems).toEqual([]);
    expect(ok.processes[0]?.elements.byMessage?.event).toEqual({ kind: 'message', messageName: { static: 'application-received' }, correlationKey: null });
    expect(ok.processes[0]?.elements.byTimer?.event).toEqual({ kind: 'timer', timer: { type: 'cycle', value: { static: 'R/PT1H' } } });
    expect(ok.processes[0]?.elements.bySignal?.event).toEqual({ kind: 'signal', signalName: { static: 'market-closed' } });

    const refused = await compileBpmn(bpmnProcess('<bpmn:startEvent id="s"><bpmn:errorEventDefinition /></bpmn:startEvent>'));
    expect(problemCodes(refused)).toContainEqual(['s', 'invalid-event']);
  });
});
