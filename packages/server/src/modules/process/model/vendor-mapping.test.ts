// biome-ignore-all lint/suspicious/noTemplateCurlyInString: JUEL is written ${…}, and these strings are JUEL.
import { describe, expect, it } from 'vitest';
import { bpmnAroundTask, bpmnDefinitions, bpmnProcess, problemCodes } from './fixtures/bpmn-fixture.ts';
import { compileBpmn } from './index.ts';

async function compileTask(taskXml: string, extra = '') {
  const result = await compileBpmn(bpmnAroundTask(taskXml, extra));
  return { result, task: result.processes[0]?.elements.task };
}

describe('Camunda 7 models', () => {
  it('reads user task attributes as their Docket equivalents', async () => {
    const { result, task } = await compileTask(
      '<bpmn:userTask id="task" camunda:assignee="${initiator}" camunda:candidateUsers="alice,bob" camunda:candidateGroups="risk" camunda:formKey="embedded:app:forms/review.html" camunda:dueDate="${dueDate}" camunda:priority="60" camunda:asyncBefore="true" />',
    );
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(task?.userTask).toMatchObject({
      assignee: { expression: 'initiator' },
      candidateUsers: { static: 'alice,bob' },
      candidateGroups: { static: 'risk' },
      formKey: 'embedded:app:forms/review.html',
      dueDate: { expression: 'dueDate' },
      priority: { static: '60' },
    });
    expect(task).toMatchObject({ asyncBefore: true, asyncAfter: false });
  });

  it('reads multi-instance collection and element variable, and JUEL completion conditions', async () => {
    const { result, task } = await compileTask(`<bpmn:userTask id="task" camunda:assignee="\${approver}">
  <bpmn:multiInstanceLoopCharacteristics camunda:collection="\${approvers}" camunda:elementVariable="approver">
    <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">\${nrOfCompletedInstances/nrOfInstances &gt;= 0.6}</bpmn:completionCondition>
  </bpmn:multiInstanceLoopCharacteristics>
</bpmn:userTask>`);
    expect(result.problems).toEqual([]);
    expect(task?.loop).toMatchObject({ collection: 'approvers', elementVariable: 'approver', completionCondition: '(nrOfCompletedInstances / nrOfInstances) >= 0.6', sequential: false });
  });

  it('reads camunda:in / camunda:out, variables="all" and the version binding', async () => {
    const { result, task } = await compileTask(`<bpmn:callActivity id="task" calledElement="kyc" camunda:calledElementBinding="version" camunda:calledElementVersion="2">
  <bpmn:extensionElements>
    <camunda:in variables="all" />
    <camunda:in source="customerId" target="id" />
    <camunda:in sourceExpression="\${amount * 2}" target="limit" />
    <camunda:out source="risk" target="kycRisk" />
  </bpmn:extensionElements>
</bpmn:callActivity>`);
    expect(result.problems).toEqual([]);
    expect(task?.callActivity).toEqual({
      processKey: { static: 'kyc' },
      binding: { version: 2 },
      in: [
        { source: 'customerId', target: 'id' },
        { source: 'amount * 2', target: 'limit' },
      ],
      out: [{ source: 'risk', target: 'kycRisk' }],
      inAll: true,
      outAll: false,
    });
  });

  it('reads camunda:inputOutput: text, JUEL, lists and maps; refuses scripts', async () => {
    const { result, task } = await compileTask(`<bpmn:task id="task"><bpmn:extensionElements><camunda:inputOutput>
  <camunda:inputParameter name="greeting">Dear \${name}</camunda:inputParameter>
  <camunda:inputParameter name="fixed">branch-7</camunda:inputParameter>
  <camunda:inputParameter name="reviewers"><camunda:list><camunda:value>alice</camunda:value><camunda:value>\${manager}</camunda:value></camunda:list></camunda:inputParameter>
  <camunda:inputParameter name="limits"><camunda:map><camunda:entry key="daily">\${daily}</camunda:entry></camunda:map></camunda:inputParameter>
  <camunda:outputParameter name="result">\${score &gt; 600}</camunda:outputParameter>
</camunda:inputOutput></bpmn:extensionElements></bpmn:task>`);
    expect(result.problems).toEqual([]);
    expect(task?.inputs).toEqual([
      { source: '"Dear " + string(name)', target: 'greeting' },
      { source: '"branch-7"', target: 'fixed' },
      { source: '["alice", manager]', target: 'reviewers' },
      { source: '{"daily": daily}', target: 'limits' },
    ]);
    expect(task?.outputs).toEqual([{ source: 'score > 600', target: 'result' }]);

    const { result: refused } = await compileTask(
      '<bpmn:task id="task"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="x"><camunda:script scriptFormat="groovy">1</camunda:script></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:task>',
    );
    expect(problemCodes(refused)).toEqual([['task', 'unsupported-expression']]);
  });

  it('reads business-rule decisions, error code variables and external topics', async () => {
    const { result, task } = await compileTask(
      '<bpmn:businessRuleTask id="task" camunda:decisionRef="approver" camunda:resultVariable="approverGroups" camunda:mapDecisionResult="collectEntries" />',
      `<bpmn:serviceTask id="worker" camunda:type="external" camunda:topic="core-banking" />
       <bpmn:boundaryEvent id="failed" attachedToRef="worker"><bpmn:errorEventDefinition camunda:errorCodeVariable="code" /></bpmn:boundaryEvent>`,
    );
    expect(task?.businessRule).toEqual({ decisionRef: { static: 'approver' }, resultVariable: 'approverGroups', mapDecisionResult: 'collectEntries' });
    const elements = result.processes[0]?.elements ?? {};
    expect(elements.worker?.connector).toEqual({ type: 'none', externalTopic: 'core-banking' });
    expect(elements.failed?.event).toEqual({ kind: 'error', errorCode: null, errorCodeVariable: 'code' });
  });

  it.each([
    ['camunda:class', 'camunda:class="com.bank.Archive"'],
    ['camunda:delegateExpression', 'camunda:delegateExpression="${archiveService}"'],
    ['camunda:expression', 'camunda:expression="${archive.store(execution)}"'],
    ['flowable:class', 'flowable:class="com.bank.Archive"'],
    ['activiti:delegateExpression', 'activiti:delegateExpression="${archive}"'],
  ])('refuses a Java implementation (%s) and says what to use instead', async (_case, attribute) => {
    const { result } = await compileTask(`<bpmn:serviceTask id="task" ${attribute} />`);
    expect(problemCodes(result)).toEqual([['task', 'unsupported-implementation']]);
    expect(result.problems[0]?.message).toMatch(/Docket connector.*external topic/);
  });

  it('reads process settings and warns about extensions it ignores, naming the element', async () => {
    const result = await compileBpmn(
      bpmnProcess(
        `<bpmn:startEvent id="start" camunda:initiator="starter" />
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
<bpmn:userTask id="task"><bpmn:extensionElements><camunda:taskListener event="create" class="com.bank.Notify" /></bpmn:extensionElements></bpmn:userTask>`,
        'camunda:candidateStarterGroups="branch,hq" camunda:historyTimeToLive="30" camunda:versionTag="1.2"',
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.processes[0]?.settings).toEqual({ candidateStarterGroups: ['branch', 'hq'], historyTimeToLiveDays: 30 });
    expect(result.warnings.map((warning) => [warning.elementId, warning.code])).toEqual([
      ['start', 'ignored-extension'],
      ['task', 'ignored-extension'],
    ]);
    expect(result.warnings[0]?.message).toContain('camunda:initiator');
    expect(result.warnings[1]?.message).toContain('camunda:taskListener');
  });

  it('refuses JUEL it cannot translate, naming the element', async () => {
    const result = await compileBpmn(
      bpmnProcess(`
<bpmn:startEvent id="start" />
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
<bpmn:exclusiveGateway id="gw" default="no" />
<bpmn:sequenceFlow id="yes" sourceRef="gw" targetRef="end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${execution.getVariable("ok")}</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="no" sourceRef="gw" targetRef="end" />
<bpmn:endEvent id="end" />`),
    );
    expect(problemCodes(result)).toEqual([['yes', 'unsupported-expression']]);
  });
});

describe('Camunda 8 (Zeebe) models', () => {
  it('reads assignment, form, schedule and priority', async () => {
    const { result, task } = await compileTask(`<bpmn:userTask id="task"><bpmn:extensionElements>
  <zeebe:userTask />
  <zeebe:assignmentDefinition assignee="=applicant.manager" candidateGroups="clerks, seniors" candidateUsers="=reviewers" />
  <zeebe:formDefinition formId="review-form" />
  <zeebe:taskSchedule dueDate="=now() + duration(&quot;P1D&quot;)" />
  <zeebe:priorityDefinition priority="75" />
</bpmn:extensionElements></bpmn:userTask>`);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(task?.userTask).toMatchObject({
      assignee: { expression: 'applicant.manager' },
      candidateGroups: { static: 'clerks, seniors' },
      candidateUsers: { expression: 'reviewers' },
      formKey: 'review-form',
      dueDate: { expression: 'now() + duration("P1D")' },
      priority: { static: '75' },
    });
  });

  it('reads loop characteristics and io mappings (a source without = is a literal)', async () => {
    const { result, task } = await compileTask(`<bpmn:serviceTask id="task">
  <bpmn:extensionElements>
    <zeebe:taskDefinition type="score-applicant" retries="5" />
    <zeebe:ioMapping><zeebe:input source="=applicant.id" target="id" /><zeebe:input source="EUR" target="currency" /><zeebe:output source="=score" target="scores" /></zeebe:ioMapping>
    <zeebe:taskHeaders><zeebe:header key="model" value="v2" /></zeebe:taskHeaders>
  </bpmn:extensionElements>
  <bpmn:multiInstanceLoopCharacteristics isSequential="true">
    <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=applicants" inputElement="applicant" outputCollection="results" outputElement="=score" /></bpmn:extensionElements>
  </bpmn:multiInstanceLoopCharacteristics>
</bpmn:serviceTask>`);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([expect.objectContaining({ elementId: 'task', code: 'ignored-extension', message: expect.stringContaining('zeebe:taskHeaders') })]);
    expect(task).toMatchObject({
      connector: { type: 'none', externalTopic: 'score-applicant' },
      inputs: [
        { source: 'applicant.id', target: 'id' },
        { source: '"EUR"', target: 'currency' },
      ],
      outputs: [{ source: 'score', target: 'scores' }],
      loop: { sequential: true, collection: 'applicants', elementVariable: 'applicant', outputCollection: 'results', outputElement: 'score' },
    });
  });

  it('runs the REST connector template as a Docket HTTP connector', async () => {
    const { result, task } = await compileTask(`<bpmn:serviceTask id="task" zeebe:modelerTemplate="io.camunda.connectors.HttpJson.v2">
  <bpmn:extensionElements>
    <zeebe:taskDefinition type="io.camunda:http-json:1" retries="2" />
    <zeebe:ioMapping>
      <zeebe:input source="POST" target="method" />
      <zeebe:input source="=&quot;https://scoring.test/&quot; + id" target="url" />
      <zeebe:input source="={&quot;Accept&quot;: &quot;application/json&quot;}" target="headers" />
      <zeebe:input source="={amount: amount}" target="body" />
      <zeebe:input source="20" target="readTimeoutInSeconds" />
    </zeebe:ioMapping>
    <zeebe:taskHeaders><zeebe:header key="resultVariable" value="scoring" /><zeebe:header key="retryBackoff" value="PT1M" /></zeebe:taskHeaders>
  </bpmn:extensionElements>
</bpmn:serviceTask>`);
    expect(result.problems).toEqual([]);
    expect(task?.connector).toEqual({
      type: 'http',
      http: {
        method: 'POST',
        url: { expression: '"https://scoring.test/" + id' },
        headers: { Accept: 'application/json' },
        body: '{amount: amount}',
        timeoutMs: 20000,
        // Zeebe's retries="2" is two attempts: one call and one retry.
        retries: 1,
        retryBackoff: 'PT1M',
        resultVariable: 'scoring',
      },
    });
  });

  it('reads called element, called decision and message subscriptions', async () => {
    const result = await compileBpmn(
      bpmnDefinitions(`
<bpmn:message id="m" name="documents-received"><bpmn:extensionElements><zeebe:subscription correlationKey="=applicationId" /></bpmn:extensionElements></bpmn:message>
<bpmn:process id="test" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
  <bpmn:callActivity id="call"><bpmn:extensionElements>
    <zeebe:calledElement processId="kyc" propagateAllChildVariables="false" bindingType="deployment" />
    <zeebe:ioMapping><zeebe:input source="=customer" target="customer" /><zeebe:output source="=risk" target="kycRisk" /></zeebe:ioMapping>
  </bpmn:extensionElements></bpmn:callActivity>
  <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="rate" />
  <bpmn:businessRuleTask id="rate"><bpmn:extensionElements><zeebe:calledDecision decisionId="risk-rating" resultVariable="rating" /></bpmn:extensionElements></bpmn:businessRuleTask>
  <bpmn:sequenceFlow id="f3" sourceRef="rate" targetRef="wait" />
  <bpmn:receiveTask id="wait" messageRef="m" />
  <bpmn:sequenceFlow id="f4" sourceRef="wait" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`),
    );
    expect(result.problems).toEqual([]);
    const elements = result.processes[0]?.elements ?? {};
    expect(elements.call?.callActivity).toEqual({
      processKey: { static: 'kyc' },
      binding: 'deployment',
      in: [{ source: 'customer', target: 'customer' }],
      out: [{ source: 'risk', target: 'kycRisk' }],
      inAll: true,
      outAll: false,
    });
    expect(elements.call?.inputs).toEqual([]);
    expect(elements.rate?.businessRule).toEqual({ decisionRef: { static: 'risk-rating' }, resultVariable: 'rating', mapDecisionResult: 'singleEntry' });
    expect(elements.wait?.event).toEqual({ kind: 'message', messageName: { static: 'documents-received' }, correlationKey: 'applicationId' });
  });
});

describe('Flowable and Activiti models', () => {
  it.each(['flowable', 'activiti'])('reads %s user task and multi-instance attributes', async (prefix) => {
    const { result, task } =
      await compileTask(`<bpmn:userTask id="task" ${prefix}:assignee="\${reviewer}" ${prefix}:candidateGroups="risk,compliance" ${prefix}:formKey="review" ${prefix}:dueDate="P3D" ${prefix}:async="true">
  <bpmn:multiInstanceLoopCharacteristics ${prefix}:collection="reviewers" ${prefix}:elementVariable="reviewer" />
</bpmn:userTask>`);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(task).toMatchObject({
      asyncBefore: true,
      userTask: { assignee: { expression: 'reviewer' }, candidateGroups: { static: 'risk,compliance' }, formKey: 'review', dueDate: { static: 'P3D' } },
      loop: { collection: 'reviewers', elementVariable: 'reviewer' },
    });
  });

  it('reads BPMN resource assignments (humanPerformer, potentialOwner) as Activiti does', async () => {
    const { result, task } = await compileTask(`<bpmn:userTask id="task">
  <bpmn:humanPerformer><bpmn:resourceAssignmentExpression><bpmn:formalExpression>kermit</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:humanPerformer>
  <bpmn:potentialOwner><bpmn:resourceAssignmentExpression><bpmn:formalExpression>user(gonzo), group(management), accountancy</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:potentialOwner>
</bpmn:userTask>`);
    expect(result.problems).toEqual([]);
    expect(task?.userTask).toMatchObject({ assignee: { static: 'kermit' }, candidateUsers: { static: 'gonzo' }, candidateGroups: { static: 'management,accountancy' } });
  });

  it('reads flowable:in / flowable:out on a call activity', async () => {
    const { result, task } = await compileTask(`<bpmn:callActivity id="task" calledElement="kyc"><bpmn:extensionElements>
  <flowable:in source="customerId" target="id" /><flowable:out sourceExpression="\${risk}" target="kycRisk" />
</bpmn:extensionElements></bpmn:callActivity>`);
    expect(result.problems).toEqual([]);
    expect(task?.callActivity).toMatchObject({ in: [{ source: 'customerId', target: 'id' }], out: [{ source: 'risk', target: 'kycRisk' }], inAll: false, outAll: false });
  });

  it('reads the Activiti namespace whatever prefix the file binds it to', async () => {
    const xml = bpmnAroundTask('<bpmn:userTask id="task" camunda:assignee="kermit" />').replace('xmlns:camunda="http://camunda.org/schema/1.0/bpmn"', 'xmlns:camunda="http://activiti.org/bpmn"');
    const result = await compileBpmn(xml.replace('xmlns:activiti="http://activiti.org/bpmn"', ''));
    expect(result.problems).toEqual([]);
    expect(result.processes[0]?.elements.task?.userTask?.assignee).toEqual({ static: 'kermit' });
  });

  it('warns that a Flowable timer end date is ignored', async () => {
    const { result } = await compileTask(
      '<bpmn:userTask id="task" />',
      '<bpmn:boundaryEvent id="remind" attachedToRef="task" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle flowable:endDate="2027-01-01T00:00:00Z">R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent><bpmn:sequenceFlow id="r" sourceRef="remind" targetRef="end" />',
    );
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([expect.objectContaining({ elementId: 'remind', code: 'ignored-extension', message: expect.stringContaining('flowable:endDate') })]);
  });

  it('warns about Flowable extensions it ignores', async () => {
    const { result } = await compileTask(
      '<bpmn:userTask id="task" flowable:skipExpression="${skip}"><bpmn:extensionElements><flowable:taskListener event="create" class="x" /></bpmn:extensionElements></bpmn:userTask>',
    );
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((warning) => [warning.elementId, warning.code])).toEqual(
      expect.arrayContaining([
        ['task', 'ignored-extension'],
        ['task', 'ignored-extension'],
      ]),
    );
    expect(result.warnings.map((warning) => warning.message).join(' ')).toMatch(/flowable:skipExpression[\s\S]*flowable:taskListener|flowable:taskListener[\s\S]*flowable:skipExpression/);
  });
});
