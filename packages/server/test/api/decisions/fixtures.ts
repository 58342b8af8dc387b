/** DMN models for the decision API tests, named for what they show. */

const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

export function loanDecisionXml(options: { namespace?: string; approvedLabel?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${options.namespace ?? DMN13}" id="loan" name="Loan" namespace="http://docket.test/loan">
  <inputData id="i_amount" name="Loan Amount"><variable name="Loan Amount" typeRef="number"/></inputData>
  <inputData id="i_rating" name="Risk Rating"><variable name="Risk Rating" typeRef="string"/></inputData>
  <decision id="approval" name="Approval">
    <variable name="Approval" typeRef="string"/>
    <informationRequirement id="r1"><requiredInput href="#i_amount"/></informationRequirement>
    <informationRequirement id="r2"><requiredDecision href="#risk_band"/></informationRequirement>
    <decisionTable id="approval_table" hitPolicy="UNIQUE">
      <input id="in_amount" label="Loan Amount"><inputExpression typeRef="number"><text>Loan Amount</text></inputExpression></input>
      <input id="in_band" label="Risk Band"><inputExpression typeRef="string"><text>Risk Band</text></inputExpression></input>
      <output id="out_approval" name="approval" typeRef="string"/>
      <rule id="small_low"><inputEntry><text>&lt; 10000</text></inputEntry><inputEntry><text>"low"</text></inputEntry><outputEntry><text>"${options.approvedLabel ?? 'approved'}"</text></outputEntry></rule>
      <rule id="large_or_high"><inputEntry><text>&gt;= 10000</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry><text>"committee"</text></outputEntry></rule>
      <rule id="small_high"><inputEntry><text>&lt; 10000</text></inputEntry><inputEntry><text>"high"</text></inputEntry><outputEntry><text>"declined"</text></outputEntry></rule>
      <rule id="overlap"><inputEntry><text>&gt;= 50000</text></inputEntry><inputEntry><text>"high"</text></inputEntry><outputEntry><text>"declined"</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="risk_band" name="Risk Band">
    <variable name="Risk Band" typeRef="string"/>
    <informationRequirement id="r3"><requiredInput href="#i_rating"/></informationRequirement>
    <literalExpression><text>if Risk Rating = "A" then "low" else "high"</text></literalExpression>
  </decision>
</definitions>`;
}

export const BROKEN_DMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${DMN13}" id="broken" name="Broken" namespace="http://docket.test/broken">
  <decision id="d1" name="D1">
    <informationRequirement id="r1"><requiredDecision href="#missing"/></informationRequirement>
    <decisionTable id="t1" hitPolicy="UNIQUE">
      <input id="in1"><inputExpression><text>x</text></inputExpression></input>
      <output id="out1" name="o"/>
      <rule id="rule1"><inputEntry id="entry1"><text>[1..</text></inputEntry><outputEntry id="out_entry1"><text>1 +</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;
