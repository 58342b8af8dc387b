import { describe, expect, it } from 'vitest';
import { decisionInputs, decisionsOf, newDecisionXml, outputLabelsOf, placeOf, ruleNumberOf, variablesFromInputs } from './dmn-model.ts';

// The moddle shape dmn-js gives the designer, as plain objects.
const definitions = {
  drgElement: [
    { $type: 'dmn:InputData', id: 'in-customer', name: 'customer', variable: { typeRef: 'string' } },
    {
      $type: 'dmn:Decision',
      id: 'rating',
      name: '风险评级',
      decisionLogic: {
        $type: 'dmn:DecisionTable',
        id: 'table',
        input: [
          { id: 'col-amount', label: '金额', inputExpression: { id: 'expr-amount', text: 'amount', typeRef: 'number' } },
          { id: 'col-age', label: '', inputExpression: { id: 'expr-age', text: 'applicant.age', typeRef: 'integer' } },
          { id: 'col-calc', label: '倍数', inputExpression: { id: 'expr-calc', text: 'amount * 2', typeRef: 'number' } },
        ],
        output: [{ id: 'out', name: 'rating', label: '等级', typeRef: 'string' }],
        rule: [
          { id: 'r1', inputEntry: [{ id: 'r1-a' }, { id: 'r1-b' }, { id: 'r1-c' }], outputEntry: [{ id: 'r1-o' }] },
          { id: 'r2', inputEntry: [{ id: 'r2-a' }, { id: 'r2-b' }, { id: 'r2-c' }], outputEntry: [{ id: 'r2-o' }] },
        ],
      },
      informationRequirement: [{ requiredInput: { href: '#in-customer' } }],
    },
    {
      $type: 'dmn:Decision',
      id: 'approval',
      name: '审批',
      decisionLogic: { $type: 'dmn:LiteralExpression', id: 'lit' },
      informationRequirement: [{ requiredDecision: { href: '#rating' } }],
    },
  ],
};

describe('the decision designer reads the model', () => {
  it('lists decisions with their kind', () => {
    expect(decisionsOf(definitions)).toEqual([
      { id: 'rating', name: '风险评级', kind: 'table' },
      { id: 'approval', name: '审批', kind: 'literal' },
    ]);
    expect(decisionsOf(undefined)).toEqual([]);
  });

  it("finds a decision's inputs: input data, table columns that are variables, and those of decisions it requires", () => {
    expect(decisionInputs(definitions, 'rating')).toEqual([
      { path: 'customer', label: 'customer', typeRef: 'string' },
      { path: 'amount', label: '金额', typeRef: 'number' },
      { path: 'applicant.age', label: 'applicant.age', typeRef: 'integer' },
    ]);
    expect(decisionInputs(definitions, 'approval').map((i) => i.path)).toEqual(['customer', 'amount', 'applicant.age']);
  });

  it('types and nests the form values, leaving empty fields out', () => {
    const inputs = decisionInputs(definitions, 'rating');
    expect(variablesFromInputs(inputs, { amount: '250000', 'applicant.age': '41', customer: '' })).toEqual({ amount: 250000, applicant: { age: 41 } });
    expect(variablesFromInputs([{ path: 'vip', label: 'vip', typeRef: 'boolean' }], { vip: 'true' })).toEqual({ vip: true });
  });

  it('places an element the server names: decision, rule number, column', () => {
    expect(placeOf(definitions, 'rating')).toMatchObject({ decisionName: '风险评级', ruleNumber: null });
    expect(placeOf(definitions, 'r2')).toMatchObject({ decisionId: 'rating', ruleNumber: 2, column: null });
    expect(placeOf(definitions, 'r2-a')).toMatchObject({ ruleNumber: 2, column: '金额' });
    expect(placeOf(definitions, 'r1-o')).toMatchObject({ ruleNumber: 1, column: '等级' });
    expect(placeOf(definitions, 'expr-amount')).toMatchObject({ column: '金额' });
    expect(placeOf(definitions, 'in-customer')).toMatchObject({ elementName: 'customer' });
    expect(placeOf(definitions, 'nowhere')).toBeNull();
    expect(placeOf(definitions, null)).toBeNull();
  });

  it('numbers matched rules and names outputs', () => {
    expect(ruleNumberOf(definitions, 'r2')).toEqual({ decisionId: 'rating', number: 2 });
    expect(ruleNumberOf(definitions, 'x')).toBeNull();
    expect(outputLabelsOf(definitions, 'rating').get('rating')).toBe('等级');
  });

  it('starts a new file with the key and name given, escaped', () => {
    const xml = newDecisionXml('loan-limit', '额度 & "上限"');
    expect(xml).toContain('<decision id="loan-limit" name="额度 &amp; &quot;上限&quot;">');
    expect(xml).toContain('dmnElementRef="loan-limit"');
  });
});
