import { describe, expect, it } from 'vitest';
import { bpmnAroundTask, bpmnProcess, problemCodes } from './fixtures/bpmn-fixture.ts';
import { compileBpmn, DOCKET_BPMN_NAMESPACE, docketModdleDescriptor } from './index.ts';

async function compileTask(taskXml: string) {
  const result = await compileBpmn(bpmnAroundTask(taskXml));
  return { result, task: result.processes[0]?.elements.task };
}

describe('the Docket namespace', () => {
  it('exports a moddle descriptor bpmn-js can load', () => {
    expect(docketModdleDescriptor).toMatchObject({ prefix: 'docket', uri: DOCKET_BPMN_NAMESPACE, name: 'Docket' });
    expect(DOCKET_BPMN_NAMESPACE).toBe('https://docket.dev/schema/bpmn/1.0');
  });

  it('reads a user task: assignment, department role, form, countersign, SLA, schedule', async () => {
    const { result, task } = await compileTask(`
<bpmn:userTask id="task">
  <bpmn:extensionElements>
    <docket:assignment assignee="=case.owner" candidateUsers="alice, bob" candidateGroups="credit-reviewers">
      <docket:departmentRole role="branch-head" relativeTo="case-department" />
    </docket:assignment>
    <docket:form key="credit-review" />
    <docket:countersign mode="vote" threshold="2" />
    <docket:sla ref="credit-48h" />
    <docket:schedule dueDate="P2D" priority="=if amount &gt; 1000000 then 90 else 50" />
  </bpmn:extensionElements>
</bpmn:userTask>`);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(task?.userTask).toEqual({
      assignee: { expression: 'case.owner' },
      candidateUsers: { static: 'alice, bob' },
      candidateGroups: { static: 'credit-reviewers' },
      departmentRole: { role: 'branch-head', relativeTo: 'case-department' },
      formKey: 'credit-review',
      dueDate: { static: 'P2D' },
      countersign: { mode: 'vote', threshold: 2 },
      slaRef: 'credit-48h',
      priority: { expression: 'if amount > 1000000 then 90 else 50' },
    });
  });

  it.each([
    ['an assignment expression that is not FEEL', '<docket:assignment assignee="=case.owner +" />', 'feel-syntax'],
    ['a department role relative to something unknown', '<docket:assignment><docket:departmentRole role="head" relativeTo="moon" /></docket:assignment>', 'invalid-extension'],
    ['a department role without a role', '<docket:assignment><docket:departmentRole relativeTo="initiator-department" /></docket:assignment>', 'invalid-extension'],
    ['a vote without a threshold', '<docket:countersign mode="vote" />', 'invalid-extension'],
    ['an unknown countersign mode', '<docket:countersign mode="most" />', 'invalid-extension'],
    ['a vote threshold of 0', '<docket:countersign mode="vote" threshold="0" />', 'invalid-extension'],
    ['a vote threshold of 1.5', '<docket:countersign mode="vote" threshold="1.5" />', 'invalid-extension'],
    ['a vote threshold that is not a number', '<docket:countersign mode="vote" threshold="most" />', 'invalid-extension'],
    ['an unknown separation of duties', '<docket:approval separationOfDuties="everyone" />', 'invalid-extension'],
    ['a due date that is not ISO 8601', '<docket:schedule dueDate="tomorrow" />', 'invalid-extension'],
    ['a priority that is not a number', '<docket:schedule priority="high" />', 'invalid-extension'],
  ])('refuses %s', async (_case, extension) => {
    const { result } = await compileTask(`<bpmn:userTask id="task"><bpmn:extensionElements>${extension}</bpmn:extensionElements></bpmn:userTask>`);
    expect(problemCodes(result)).toEqual([['task', expect.stringMatching(/.+/)]]);
    expect(result.problems[0]?.code).toBe(_case.includes('FEEL') ? 'feel-syntax' : 'invalid-extension');
  });

  it('reads a countersign with a share threshold and members, and a task separation of duties', async () => {
    const { result, task } = await compileTask(`
<bpmn:userTask id="task">
  <bpmn:extensionElements>
    <docket:countersign mode="vote" threshold="0.6" members="credit-committee" />
    <docket:approval separationOfDuties="previous-steps" />
  </bpmn:extensionElements>
  <bpmn:multiInstanceLoopCharacteristics />
</bpmn:userTask>`);
    expect(result.problems).toEqual([]);
    expect(task?.userTask?.countersign).toEqual({ mode: 'vote', threshold: 0.6, members: 'credit-committee' });
    expect(task?.userTask?.separationOfDuties).toBe('previous-steps');
    const all = await compileTask('<bpmn:userTask id="task"><bpmn:extensionElements><docket:countersign mode="all" threshold="7" /></bpmn:extensionElements></bpmn:userTask>');
    expect(all.task?.userTask?.countersign).toEqual({ mode: 'all', threshold: null });
    expect(all.task?.userTask).not.toHaveProperty('separationOfDuties');
  });

  it('reads the process separation of duties', async () => {
    const result = await compileBpmn(
      bpmnProcess(`<bpmn:extensionElements><docket:processSettings separationOfDuties="both" /></bpmn:extensionElements>
<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" /><bpmn:endEvent id="end" />`),
    );
    expect(result.problems).toEqual([]);
    expect(result.processes[0]?.settings.separationOfDuties).toBe('both');
    const wrong = await compileBpmn(
      bpmnProcess(`<bpmn:extensionElements><docket:processSettings separationOfDuties="maker,both" /></bpmn:extensionElements>
<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" /><bpmn:endEvent id="end" />`),
    );
    expect(problemCodes(wrong)).toEqual([['test', 'invalid-extension']]);
  });

  it('refuses a misspelt Docket element or attribute instead of dropping it', async () => {
    const { result } = await compileTask('<bpmn:userTask id="task"><bpmn:extensionElements><docket:asignment assignee="x" /><docket:form kye="review" /></bpmn:extensionElements></bpmn:userTask>');
    expect(problemCodes(result)).toEqual([
      ['task', 'invalid-extension'],
      ['task', 'invalid-extension'],
    ]);
    expect(result.problems.map((problem) => problem.message).join(' ')).toMatch(/docket:asignment[\s\S]*kye|kye[\s\S]*docket:asignment/);
  });

  it('reads an HTTP connector with its defaults', async () => {
    const { result, task } = await compileTask(`
<bpmn:serviceTask id="task">
  <bpmn:extensionElements>
    <docket:connector type="http" url="=&quot;https://scoring.bank.local/score/&quot; + applicantId" body="={amount: amount}" resultVariable="score" timeoutMs="5000" retries="5" retryBackoff="PT30S">
      <docket:header name="Accept" value="application/json" />
    </docket:connector>
  </bpmn:extensionElements>
</bpmn:serviceTask>`);
    expect(result.problems).toEqual([]);
    expect(task?.connector).toEqual({
      type: 'http',
      http: {
        method: 'POST',
        url: { expression: '"https://scoring.bank.local/score/" + applicantId' },
        headers: { Accept: 'application/json' },
        body: '{amount: amount}',
        timeoutMs: 5000,
        retries: 5,
        retryBackoff: 'PT30S',
        resultVariable: 'score',
      },
    });
    const { task: plain } = await compileTask('<bpmn:sendTask id="task"><bpmn:extensionElements><docket:connector url="https://example.test/ping" /></bpmn:extensionElements></bpmn:sendTask>');
    expect(plain?.connector?.http).toMatchObject({ method: 'GET', url: { static: 'https://example.test/ping' }, timeoutMs: 10000, retries: 3, retryBackoff: 'PT10S', body: null });
  });

  it('reads a publish-event connector and an external topic', async () => {
    const { task } = await compileTask(
      '<bpmn:sendTask id="task"><bpmn:extensionElements><docket:connector type="publish-event" eventType="credit.approved" payload="={caseId: caseId}" /></bpmn:extensionElements></bpmn:sendTask>',
    );
    expect(task?.connector).toEqual({ type: 'publish-event', publishEvent: { eventType: 'credit.approved', payload: '{caseId: caseId}' } });
    const { task: external } = await compileTask(
      '<bpmn:serviceTask id="task"><bpmn:extensionElements><docket:connector type="external" topic="core-banking" /></bpmn:extensionElements></bpmn:serviceTask>',
    );
    expect(external?.connector).toEqual({ type: 'none', externalTopic: 'core-banking' });
  });

  it.each([
    ['an HTTP connector without a url', '<docket:connector type="http" />'],
    ['a url that is not http(s)', '<docket:connector url="ftp://x" />'],
    ['a back-off that is not an ISO duration', '<docket:connector url="https://x.test" retryBackoff="10s" />'],
    ['an unknown connector type', '<docket:connector type="soap" />'],
    ['a publish-event without an event type', '<docket:connector type="publish-event" />'],
  ])('refuses %s', async (_case, connector) => {
    const { result } = await compileTask(`<bpmn:serviceTask id="task"><bpmn:extensionElements>${connector}</bpmn:extensionElements></bpmn:serviceTask>`);
    expect(problemCodes(result)).toEqual([['task', 'invalid-extension']]);
  });

  it('reads input/output mappings, async continuations and multi-instance', async () => {
    const { result, task } = await compileTask(`
<bpmn:userTask id="task">
  <bpmn:extensionElements>
    <docket:async before="true" after="true" />
    <docket:ioMapping>
      <docket:input source="=approver.name" target="approverName" />
      <docket:output source="decision" target="decisions" />
    </docket:ioMapping>
  </bpmn:extensionElements>
  <bpmn:multiInstanceLoopCharacteristics>
    <bpmn:extensionElements><docket:loop collection="=approvers" elementVariable="approver" outputCollection="decisions" outputElement="=decision" /></bpmn:extensionElements>
  </bpmn:multiInstanceLoopCharacteristics>
</bpmn:userTask>`);
    expect(result.problems).toEqual([]);
    expect(task).toMatchObject({
      asyncBefore: true,
      asyncAfter: true,
      inputs: [{ source: 'approver.name', target: 'approverName' }],
      outputs: [{ source: 'decision', target: 'decisions' }],
      loop: { sequential: false, collection: 'approvers', elementVariable: 'approver', outputCollection: 'decisions', outputElement: 'decision', cardinality: null },
    });
  });

  it('reads a call activity binding and its mappings', async () => {
    const { result, task } = await compileTask(`
<bpmn:callActivity id="task">
  <bpmn:extensionElements>
    <docket:calledProcess processKey="kyc-check" binding="version" version="3" inAll="false" outAll="true">
      <docket:in source="=applicant" target="customer" />
      <docket:out source="risk" target="kycRisk" />
    </docket:calledProcess>
  </bpmn:extensionElements>
</bpmn:callActivity>`);
    expect(result.problems).toEqual([]);
    expect(task?.callActivity).toEqual({
      processKey: { static: 'kyc-check' },
      binding: { version: 3 },
      in: [{ source: 'applicant', target: 'customer' }],
      out: [{ source: 'risk', target: 'kycRisk' }],
      inAll: false,
      outAll: true,
    });
  });

  it('reads a business-rule task decision', async () => {
    const { result, task } = await compileTask(
      '<bpmn:businessRuleTask id="task"><bpmn:extensionElements><docket:decision decisionRef="risk-rating" resultVariable="rating" mapDecisionResult="singleEntry" /></bpmn:extensionElements></bpmn:businessRuleTask>',
    );
    expect(result.problems).toEqual([]);
    expect(task?.businessRule).toEqual({ decisionRef: { static: 'risk-rating' }, resultVariable: 'rating', mapDecisionResult: 'singleEntry' });
    const { result: refused } = await compileTask('<bpmn:businessRuleTask id="task" />');
    expect(problemCodes(refused)).toEqual([['task', 'business-rule-without-decision']]);
  });

  it('reads process settings', async () => {
    const result = await compileBpmn(
      bpmnProcess(`<bpmn:extensionElements><docket:processSettings candidateStarterGroups="branch-staff, credit-officers" historyTimeToLive="P180D" /></bpmn:extensionElements>
<bpmn:startEvent id="start" />`),
    );
    expect(result.problems).toEqual([]);
    expect(result.processes[0]?.settings).toEqual({ candidateStarterGroups: ['branch-staff', 'credit-officers'], historyTimeToLiveDays: 180 });
  });
});
