// biome-ignore-all lint/suspicious/noTemplateCurlyInString: JUEL is written ${…}, and these strings are JUEL.
import { describe, expect, it } from 'vitest';
import { bpmnAroundTask, bpmnDefinitions, bpmnProcess, problemCodes } from './fixtures/bpmn-fixture.ts';
import { compileBpmn } from './index.ts';

const ROOT_ELEMENTS = `
<bpmn:message id="docs" name="documents-received" />
<bpmn:signal id="closed" name="market-closed" />
<bpmn:error id="fraud" errorCode="FRAUD" />
<bpmn:escalation id="late" escalationCode="LATE" />`;

function inProcess(content: string): string {
  return bpmnDefinitions(`${ROOT_ELEMENTS}<bpmn:process id="test" isExecutable="true">${content}</bpmn:process>`);
}

describe('events', () => {
  it('reads timers as static ISO values or expressions', async () => {
    const result = await compileBpmn(
      bpmnAroundTask(
        '<bpmn:userTask id="task" />',
        `<bpmn:boundaryEvent id="byDate" attachedToRef="task" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDate>2026-12-31T09:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>
         <bpmn:boundaryEvent id="byExpression" attachedToRef="task"><bpmn:timerEventDefinition><bpmn:timeDuration>=reviewTime</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
         <bpmn:boundaryEvent id="byJuel" attachedToRef="task" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>\${reminderCycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
         <bpmn:sequenceFlow id="b1" sourceRef="byDate" targetRef="end" /><bpmn:sequenceFlow id="b2" sourceRef="byExpression" targetRef="end" /><bpmn:sequenceFlow id="b3" sourceRef="byJuel" targetRef="end" />`,
      ),
    );
    expect(result.problems).toEqual([]);
    const elements = result.processes[0]?.elements ?? {};
    expect(elements.byDate).toMatchObject({ attachedTo: 'task', cancelActivity: false, event: { kind: 'timer', timer: { type: 'date', value: { static: '2026-12-31T09:00:00Z' } } } });
    expect(elements.byExpression).toMatchObject({ cancelActivity: true, event: { timer: { type: 'duration', value: { expression: 'reviewTime' } } } });
    expect(elements.byJuel?.event?.timer).toEqual({ type: 'cycle', value: { expression: 'reminderCycle' } });
    expect(elements.task?.boundaryEvents).toEqual(['byDate', 'byExpression', 'byJuel']);
  });

  it.each([
    ['a timer without a definition', '<bpmn:timerEventDefinition />', 'timer-without-definition'],
    ['a duration that is not ISO 8601', '<bpmn:timerEventDefinition><bpmn:timeDuration>30 minutes</bpmn:timeDuration></bpmn:timerEventDefinition>', 'invalid-timer'],
    ['a cron cycle', '<bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * ?</bpmn:timeCycle></bpmn:timerEventDefinition>', 'invalid-timer'],
    ['a timer expression that is not FEEL', '<bpmn:timerEventDefinition><bpmn:timeDuration>=duration(</bpmn:timeDuration></bpmn:timerEventDefinition>', 'feel-syntax'],
    ['a message without a name', '<bpmn:messageEventDefinition />', 'message-without-name'],
    ['a conditional event', '<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">x</bpmn:condition></bpmn:conditionalEventDefinition>', 'unsupported-element'],
  ])('refuses %s on an intermediate catch event', async (_case, definition, code) => {
    const result = await compileBpmn(bpmnAroundTask(`<bpmn:intermediateCatchEvent id="task">${definition}</bpmn:intermediateCatchEvent>`));
    expect(problemCodes(result)).toEqual([['task', code]]);
  });

  it('reads message names and correlation keys, signals, errors and escalations', async () => {
    const result = await compileBpmn(
      inProcess(`
<bpmn:startEvent id="start" />
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
<bpmn:intermediateCatchEvent id="wait">
  <bpmn:extensionElements><docket:subscription correlationKey="=applicationId" /></bpmn:extensionElements>
  <bpmn:messageEventDefinition messageRef="docs" />
</bpmn:intermediateCatchEvent>
<bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="shout" />
<bpmn:intermediateThrowEvent id="shout"><bpmn:signalEventDefinition signalRef="closed" /></bpmn:intermediateThrowEvent>
<bpmn:sequenceFlow id="f3" sourceRef="shout" targetRef="escalate" />
<bpmn:intermediateThrowEvent id="escalate"><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:intermediateThrowEvent>
<bpmn:sequenceFlow id="f4" sourceRef="escalate" targetRef="fail" />
<bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="fraud" /></bpmn:endEvent>`),
    );
    expect(result.problems).toEqual([]);
    const elements = result.processes[0]?.elements ?? {};
    expect(elements.wait?.event).toEqual({ kind: 'message', messageName: { static: 'documents-received' }, correlationKey: 'applicationId' });
    expect(elements.shout?.event).toEqual({ kind: 'signal', signalName: { static: 'market-closed' } });
    expect(elements.escalate?.event).toEqual({ kind: 'escalation', escalationCode: 'LATE' });
    expect(elements.fail?.event).toEqual({ kind: 'error', errorCode: 'FRAUD', errorCodeVariable: null });
  });

  it('refuses an error end event without a code, and reads an error catch without a reference as catch-all', async () => {
    const result = await compileBpmn(
      bpmnAroundTask(
        '<bpmn:serviceTask id="task" />',
        `<bpmn:boundaryEvent id="anyError" attachedToRef="task"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
         <bpmn:sequenceFlow id="f3" sourceRef="anyError" targetRef="fail" />
         <bpmn:endEvent id="fail"><bpmn:errorEventDefinition /></bpmn:endEvent>`,
      ),
    );
    expect(problemCodes(result)).toEqual([['fail', 'error-without-code']]);
    expect(result.processes[0]?.elements.anyError?.event).toEqual({ kind: 'error', errorCode: null, errorCodeVariable: null });
  });

  it('reads the message a send task publishes', async () => {
    const result = await compileBpmn(
      inProcess(`<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="notify" />
<bpmn:sendTask id="notify" messageRef="docs" /><bpmn:sequenceFlow id="f2" sourceRef="notify" targetRef="end" /><bpmn:endEvent id="end" />`),
    );
    expect(result.problems).toEqual([]);
    expect(result.processes[0]?.elements.notify?.event).toEqual({ kind: 'message', messageName: { static: 'documents-received' }, correlationKey: null });
  });

  it('refuses an error catch whose errorRef names nothing, rather than catching every error', async () => {
    const result = await compileBpmn(
      bpmnAroundTask(
        '<bpmn:serviceTask id="task" />',
        '<bpmn:boundaryEvent id="typo" attachedToRef="task"><bpmn:errorEventDefinition errorRef="frud" /></bpmn:boundaryEvent><bpmn:sequenceFlow id="f3" sourceRef="typo" targetRef="end" />',
      ),
    );
    expect(problemCodes(result)).toEqual([['typo', 'unresolved-reference']]);
  });

  it('refuses a boundary event attached to something that is not an activity', async () => {
    const result = await compileBpmn(
      bpmnAroundTask(
        '<bpmn:exclusiveGateway id="task" />',
        '<bpmn:boundaryEvent id="b" attachedToRef="task"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
      ),
    );
    expect(problemCodes(result)).toContainEqual(['b', 'boundary-on-non-activity']);
  });

  it('links a compensation boundary event to its handler through the association', async () => {
    const result = await compileBpmn(
      bpmnProcess(`
<bpmn:startEvent id="start" />
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="book" />
<bpmn:serviceTask id="book" />
<bpmn:boundaryEvent id="undoBooking" attachedToRef="book"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
<bpmn:serviceTask id="cancelBooking" isForCompensation="true" />
<bpmn:sequenceFlow id="f2" sourceRef="book" targetRef="compensate" />
<bpmn:intermediateThrowEvent id="compensate"><bpmn:compensateEventDefinition activityRef="book" /></bpmn:intermediateThrowEvent>
<bpmn:sequenceFlow id="f3" sourceRef="compensate" targetRef="end" />
<bpmn:endEvent id="end" />
<bpmn:association id="a1" associationDirection="One" sourceRef="undoBooking" targetRef="cancelBooking" />`),
    );
    expect(result.problems).toEqual([]);
    const elements = result.processes[0]?.elements ?? {};
    expect(elements.book).toMatchObject({ compensationHandler: 'cancelBooking', boundaryEvents: ['undoBooking'] });
    expect(elements.cancelBooking?.isForCompensation).toBe(true);
    expect(elements.compensate?.event).toEqual({ kind: 'compensate', compensateActivityRef: 'book' });
  });
});

describe('sub-processes', () => {
  it('builds nested scopes with their own starts and event sub-processes', async () => {
    const result = await compileBpmn(
      inProcess(`
<bpmn:startEvent id="start" />
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
<bpmn:subProcess id="review">
  <bpmn:startEvent id="reviewStart" />
  <bpmn:sequenceFlow id="r1" sourceRef="reviewStart" targetRef="check" />
  <bpmn:userTask id="check" />
  <bpmn:sequenceFlow id="r2" sourceRef="check" targetRef="reviewEnd" />
  <bpmn:endEvent id="reviewEnd" />
  <bpmn:subProcess id="onDocs" triggeredByEvent="true">
    <bpmn:startEvent id="docsArrived" isInterrupting="false"><bpmn:messageEventDefinition messageRef="docs" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="d1" sourceRef="docsArrived" targetRef="docsEnd" />
    <bpmn:endEvent id="docsEnd" />
  </bpmn:subProcess>
</bpmn:subProcess>
<bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
<bpmn:endEvent id="end" />
<bpmn:subProcess id="onFraud" triggeredByEvent="true">
  <bpmn:startEvent id="fraudCaught"><bpmn:errorEventDefinition errorRef="fraud" /></bpmn:startEvent>
  <bpmn:sequenceFlow id="x1" sourceRef="fraudCaught" targetRef="fraudEnd" />
  <bpmn:endEvent id="fraudEnd" />
</bpmn:subProcess>`),
    );
    expect(result.problems).toEqual([]);
    const graph = result.processes[0];
    expect(graph?.scope).toEqual({ startEvents: ['start'], eventSubProcesses: ['onFraud'], children: ['start', 'review', 'end', 'onFraud'] });
    expect(graph?.elements.review?.scope).toEqual({ startEvents: ['reviewStart'], eventSubProcesses: ['onDocs'], children: ['reviewStart', 'check', 'reviewEnd', 'onDocs'] });
    expect(graph?.elements.check?.parent).toBe('review');
    expect(graph?.elements.onDocs).toMatchObject({ triggeredByEvent: true, parent: 'review', scope: { startEvents: ['docsArrived'] } });
    expect(graph?.elements.docsArrived).toMatchObject({ isInterrupting: false, parent: 'onDocs' });
    expect(graph?.elements.fraudCaught).toMatchObject({ isInterrupting: true, event: { kind: 'error', errorCode: 'FRAUD' } });
    expect(graph?.elements.review?.triggeredByEvent).toBe(false);
  });

  it('refuses a non-none start in an embedded sub-process and an event sub-process without a start', async () => {
    const result = await compileBpmn(
      inProcess(`
<bpmn:startEvent id="start" />
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />
<bpmn:subProcess id="sub">
  <bpmn:startEvent id="subStart"><bpmn:messageEventDefinition messageRef="docs" /></bpmn:startEvent>
</bpmn:subProcess>
<bpmn:subProcess id="handler" triggeredByEvent="true"><bpmn:task id="lonely" /></bpmn:subProcess>`),
    );
    expect(problemCodes(result)).toEqual([
      ['subStart', 'invalid-event'],
      ['handler', 'event-sub-process-start'],
      ['lonely', 'unreachable-element'],
    ]);
  });

  it('refuses an event sub-process with two starts, and a flow that leaves its sub-process', async () => {
    const result = await compileBpmn(
      inProcess(`
<bpmn:startEvent id="start" />
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />
<bpmn:subProcess id="sub"><bpmn:startEvent id="s2" /><bpmn:sequenceFlow id="out" sourceRef="s2" targetRef="end" /></bpmn:subProcess>
<bpmn:endEvent id="end" />
<bpmn:subProcess id="handler" triggeredByEvent="true">
  <bpmn:startEvent id="h1"><bpmn:signalEventDefinition signalRef="closed" /></bpmn:startEvent>
  <bpmn:startEvent id="h2"><bpmn:signalEventDefinition signalRef="closed" /></bpmn:startEvent>
</bpmn:subProcess>`),
    );
    expect(problemCodes(result)).toEqual(
      expect.arrayContaining([
        ['out', 'flow-crosses-scope'],
        ['handler', 'event-sub-process-start'],
      ]),
    );
  });

  it('refuses a call activity without a called element, and reads the key of one that has it', async () => {
    const refused = await compileBpmn(bpmnAroundTask('<bpmn:callActivity id="task" />'));
    expect(problemCodes(refused)).toEqual([['task', 'call-activity-without-called-element']]);
    const ok = await compileBpmn(bpmnAroundTask('<bpmn:callActivity id="task" calledElement="kyc-check" />'));
    expect(ok.problems).toEqual([]);
    expect(ok.processes[0]?.elements.task?.callActivity).toEqual({ processKey: { static: 'kyc-check' }, binding: 'latest', in: [], out: [], inAll: true, outAll: false });
  });

  it('reads multi-instance from BPMN and refuses a standard loop', async () => {
    const ok = await compileBpmn(
      bpmnAroundTask(`<bpmn:userTask id="task"><bpmn:multiInstanceLoopCharacteristics isSequential="true">
        <bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">3</bpmn:loopCardinality>
        <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">nrOfCompletedInstances &gt;= 2</bpmn:completionCondition>
      </bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>`),
    );
    expect(ok.problems).toEqual([]);
    expect(ok.processes[0]?.elements.task?.loop).toEqual({
      sequential: true,
      cardinality: '3',
      collection: null,
      elementVariable: null,
      completionCondition: 'nrOfCompletedInstances >= 2',
      outputCollection: null,
      outputElement: null,
    });
    const refused = await compileBpmn(bpmnAroundTask('<bpmn:task id="task"><bpmn:standardLoopCharacteristics /></bpmn:task>'));
    expect(problemCodes(refused)).toEqual([['task', 'unsupported-element']]);
  });

  it.each(['transaction', 'adHocSubProcess'])('refuses a %s', async (type) => {
    const result = await compileBpmn(bpmnAroundTask(`<bpmn:${type} id="task"><bpmn:startEvent id="inner" /></bpmn:${type}>`));
    expect(problemCodes(result)).toContainEqual(['task', 'unsupported-element']);
  });

  it('ignores data objects, lanes, annotations and groups', async () => {
    const result = await compileBpmn(
      bpmnAroundTask(
        '<bpmn:task id="task"><bpmn:dataOutputAssociation id="doa"><bpmn:targetRef>dataRef</bpmn:targetRef></bpmn:dataOutputAssociation></bpmn:task>',
        `<bpmn:dataObject id="data" /><bpmn:dataObjectReference id="dataRef" dataObjectRef="data" />
         <bpmn:textAnnotation id="note"><bpmn:text>why</bpmn:text></bpmn:textAnnotation>
         <bpmn:association id="a1" sourceRef="task" targetRef="note" />`,
      ).replace('<bpmn:startEvent id="start" />', '<bpmn:laneSet id="ls"><bpmn:lane id="lane"><bpmn:flowNodeRef>start</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet><bpmn:startEvent id="start" />'),
    );
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.processes[0]?.elements ?? {})).toEqual(['start', 'task', 'end']);
  });
});
