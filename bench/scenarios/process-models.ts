// The models issue 14's figures run: a small DMN decision, a straight-through process that calls
// it and publishes an event, and the credit-approval shape of user tasks.

export const DECISION_KEY = 'bench-risk-class';
export const STRAIGHT_THROUGH_KEY = 'bench-straight-through';
export const CREDIT_APPROVAL_KEY = 'bench-credit-approval';
/** The credit approval's user tasks in the order they open: review, then risk and compliance at once, then legal. */
export const CREDIT_APPROVAL_STAGES = [['creditReview'], ['riskReview', 'complianceReview'], ['legalReview']] as const;

// Three rules on the amount, hit policy UNIQUE: the shape of a routing decision a bank would write.
export const DECISION_DMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="bench-decisions" name="Bench decisions" namespace="http://docket.bench/dmn">
  <decision id="${DECISION_KEY}" name="Risk class">
    <decisionTable id="risk-class-table" hitPolicy="UNIQUE">
      <input id="input-amount" label="Amount">
        <inputExpression id="input-amount-expression" typeRef="number"><text>amount</text></inputExpression>
      </input>
      <output id="output-risk" name="riskClass" typeRef="string" />
      <rule id="rule-low">
        <inputEntry id="rule-low-amount"><text>&lt; 10000</text></inputEntry>
        <outputEntry id="rule-low-risk"><text>"low"</text></outputEntry>
      </rule>
      <rule id="rule-medium">
        <inputEntry id="rule-medium-amount"><text>[10000..100000)</text></inputEntry>
        <outputEntry id="rule-medium-risk"><text>"medium"</text></outputEntry>
      </rule>
      <rule id="rule-high">
        <inputEntry id="rule-high-amount"><text>&gt;= 100000</text></inputEntry>
        <outputEntry id="rule-high-risk"><text>"high"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>`;

const BPMN_HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:docket="https://docket.dev/schema/bpmn/1.0"
  id="bench-processes" targetNamespace="http://docket.bench/bpmn">`;

// none start → business-rule task (the decision above) → service task (publish-event connector) → end:
// one command, no waiting, so instances/s is the engine's and the store's cost of a whole instance.
export const STRAIGHT_THROUGH_BPMN = `${BPMN_HEADER}
  <process id="${STRAIGHT_THROUGH_KEY}" name="Straight through" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="classify" />
    <businessRuleTask id="classify" name="Classify risk" camunda:decisionRef="${DECISION_KEY}" camunda:resultVariable="riskClass" camunda:mapDecisionResult="singleEntry" />
    <sequenceFlow id="f2" sourceRef="classify" targetRef="announce" />
    <serviceTask id="announce" name="Announce">
      <extensionElements>
        <docket:connector type="publish-event" eventType="bench.classified" payload="={ amount: amount, riskClass: riskClass }" />
      </extensionElements>
    </serviceTask>
    <sequenceFlow id="f3" sourceRef="announce" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

// credit review → (risk ∥ compliance) → legal, each a user task for the credit-officer group.
export const CREDIT_APPROVAL_BPMN = `${BPMN_HEADER}
  <process id="${CREDIT_APPROVAL_KEY}" name="Credit approval" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="creditReview" />
    <userTask id="creditReview" name="Credit review" camunda:candidateGroups="credit-officers" />
    <sequenceFlow id="f2" sourceRef="creditReview" targetRef="fork" />
    <parallelGateway id="fork" />
    <sequenceFlow id="f3" sourceRef="fork" targetRef="riskReview" />
    <sequenceFlow id="f4" sourceRef="fork" targetRef="complianceReview" />
    <userTask id="riskReview" name="Risk review" camunda:candidateGroups="risk" />
    <userTask id="complianceReview" name="Compliance review" camunda:candidateGroups="compliance" />
    <sequenceFlow id="f5" sourceRef="riskReview" targetRef="join" />
    <sequenceFlow id="f6" sourceRef="complianceReview" targetRef="join" />
    <parallelGateway id="join" />
    <sequenceFlow id="f7" sourceRef="join" targetRef="legalReview" />
    <userTask id="legalReview" name="Legal review" camunda:candidateGroups="legal" />
    <sequenceFlow id="f8" sourceRef="legalReview" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;
