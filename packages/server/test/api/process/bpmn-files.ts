// BPMN files of the process API tests, named for what they exercise.

const definitions = (content: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:docket="https://docket.dev/schema/bpmn/1.0"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="definitions" targetNamespace="https://docket.dev/test">
${content}
</bpmn:definitions>`;

/** start → review (user task, group credit) → amount > 1000 ? senior review : end. Name varies per version. */
export const loanApproval = (name = 'Loan approval') =>
  definitions(`<bpmn:process id="loan-approval" name="${name}" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <bpmn:userTask id="review" name="Review" camunda:candidateGroups="credit" />
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="gw" />
  <bpmn:exclusiveGateway id="gw" />
  <bpmn:sequenceFlow id="f-high" sourceRef="gw" targetRef="senior">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= amount &gt; 1000</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="f-low" sourceRef="gw" targetRef="end">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= amount &lt;= 1000</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:userTask id="senior" name="Senior review" camunda:candidateGroups="risk" />
  <bpmn:sequenceFlow id="f3" sourceRef="senior" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`);

/** start → gateway with two conditions and no default → end: a start whose amount matches neither is refused. */
export const strictRouting = definitions(`<bpmn:process id="strict-routing" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="route" />
  <bpmn:exclusiveGateway id="route" />
  <bpmn:sequenceFlow id="f-a" sourceRef="route" targetRef="end">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= kind = "a"</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="f-b" sourceRef="route" targetRef="end">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= kind = "b"</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:endEvent id="end" />
</bpmn:process>`);

/** start → fork → (legal ‖ compliance) → join → end. */
export const parallelReview = definitions(`<bpmn:process id="parallel-review" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
  <bpmn:parallelGateway id="fork" />
  <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="legal" />
  <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="compliance" />
  <bpmn:userTask id="legal" name="Legal" />
  <bpmn:userTask id="compliance" name="Compliance" />
  <bpmn:sequenceFlow id="f4" sourceRef="legal" targetRef="join" />
  <bpmn:sequenceFlow id="f5" sourceRef="compliance" targetRef="join" />
  <bpmn:parallelGateway id="join" />
  <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`);

/** start → wait (timer PT30M) → end; a message catch beside it in another process. */
export const waits = definitions(`<bpmn:message id="m-docs" name="docs-received" />
<bpmn:signal id="s-halt" name="halt" />
<bpmn:process id="timer-wait" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
  <bpmn:intermediateCatchEvent id="wait">
    <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT30M</bpmn:timeDuration></bpmn:timerEventDefinition>
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>
<bpmn:process id="docs-wait" isExecutable="true">
  <bpmn:startEvent id="start2" />
  <bpmn:sequenceFlow id="g1" sourceRef="start2" targetRef="docs" />
  <bpmn:intermediateCatchEvent id="docs">
    <bpmn:extensionElements><docket:subscription correlationKey="= applicationId" /></bpmn:extensionElements>
    <bpmn:messageEventDefinition messageRef="m-docs" />
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="g2" sourceRef="docs" targetRef="halted" />
  <bpmn:intermediateCatchEvent id="halted">
    <bpmn:signalEventDefinition signalRef="s-halt" />
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="g3" sourceRef="halted" targetRef="end2" />
  <bpmn:endEvent id="end2" />
</bpmn:process>`);

/** A message start event: POST /messages with its name starts an instance. */
export const messageStart = definitions(`<bpmn:message id="m-apply" name="application-received" />
<bpmn:process id="intake" isExecutable="true">
  <bpmn:startEvent id="apply"><bpmn:messageEventDefinition messageRef="m-apply" /></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="apply" targetRef="triage" />
  <bpmn:userTask id="triage" />
  <bpmn:sequenceFlow id="f2" sourceRef="triage" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`);

/** start → call (HTTP POST to url, 2 retries of PT1S) → end; the answer goes to `score`. */
export const httpCall = (url: string) =>
  definitions(`<bpmn:process id="http-call" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
  <bpmn:serviceTask id="call" name="Score">
    <bpmn:extensionElements>
      <docket:connector type="http" method="POST" url="${url}" body="= { applicant: applicant }" timeoutMs="2000" retries="2" retryBackoff="PT1S" resultVariable="score" />
    </bpmn:extensionElements>
  </bpmn:serviceTask>
  <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="wait" />
  <bpmn:userTask id="wait" />
  <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`);

/** A call activity naming a process that is neither in the file nor deployed. */
export const callsMissing = definitions(`<bpmn:process id="caller" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call-kyc" />
  <bpmn:callActivity id="call-kyc" calledElement="kyc-check-that-is-not-deployed" />
  <bpmn:sequenceFlow id="f2" sourceRef="call-kyc" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`);

/** A gateway condition that is not FEEL, and a script task (not supported). */
export const broken = definitions(`<bpmn:process id="broken" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
  <bpmn:exclusiveGateway id="gw" default="f3" />
  <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="script">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= amount &gt;&gt;&gt; (</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="end" />
  <bpmn:scriptTask id="script" scriptFormat="groovy"><bpmn:script>println 1</bpmn:script></bpmn:scriptTask>
  <bpmn:sequenceFlow id="f4" sourceRef="script" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`);

/** start → announce (publish-event connector) → end. */
export const publishesEvent = definitions(`<bpmn:process id="announce" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="announce-score" />
  <bpmn:serviceTask id="announce-score">
    <bpmn:extensionElements><docket:connector type="publish-event" eventType="loan.scored" payload="= { loanId: loanId }" /></bpmn:extensionElements>
  </bpmn:serviceTask>
  <bpmn:sequenceFlow id="f2" sourceRef="announce-score" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`);
