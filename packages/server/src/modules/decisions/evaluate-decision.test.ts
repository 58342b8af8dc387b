import { describe, expect, it } from 'vitest';
import { toJsonValue } from '../../platform/feel/index.ts';
import { decisionModelOf, evaluateDecision } from './evaluate-decision.ts';
import { readDmn } from './read-dmn.ts';
import { findDmnProblems } from './validate-dmn.ts';

const model = async (body: string, itemDefinitions = '') => {
  const read = await readDmn(`<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="m" namespace="http://t">${itemDefinitions}${body}</definitions>`);
  return { model: decisionModelOf(read.definitions), definitions: read.definitions };
};
const value = async (body: string, decision: string, variables: Record<string, unknown> = {}, itemDefinitions = '') =>
  toJsonValue(evaluateDecision((await model(body, itemDefinitions)).model, decision, variables).value);

describe('boxed expressions', () => {
  it('evaluates a context whose entries see the ones before, with a final result entry', async () => {
    const body = `<decision id="d" name="Offer"><context>
      <contextEntry><variable name="Base Rate"/><literalExpression><text>0.03</text></literalExpression></contextEntry>
      <contextEntry><variable name="Rate"/><literalExpression><text>Base Rate + Margin</text></literalExpression></contextEntry>
      <contextEntry><literalExpression><text>Rate * 100</text></literalExpression></contextEntry>
    </context></decision>`;
    expect(await value(body, 'd', { Margin: 0.01 })).toBeCloseTo(4);
  });

  it('evaluates lists, relations and an invocation of a business knowledge model with named bindings', async () => {
    const body = `
      <businessKnowledgeModel id="b" name="Installment"><encapsulatedLogic>
        <formalParameter name="amount" typeRef="number"/><formalParameter name="months" typeRef="number"/>
        <literalExpression><text>amount / months</text></literalExpression></encapsulatedLogic></businessKnowledgeModel>
      <decision id="inv" name="Monthly"><knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
        <invocation><literalExpression><text>Installment</text></literalExpression>
          <binding><parameter name="months"/><literalExpression><text>12</text></literalExpression></binding>
          <binding><parameter name="amount"/><literalExpression><text>1200</text></literalExpression></binding>
        </invocation></decision>
      <decision id="feel" name="From FEEL"><literalExpression><text>Installment(600, 6) + Installment(months: 2, amount: 10)</text></literalExpression></decision>
      <decision id="list" name="Limits"><list><literalExpression><text>1</text></literalExpression><literalExpression><text>"two"</text></literalExpression></list></decision>
      <decision id="rel" name="Branches"><relation><column name="code"/><column name="city"/>
        <row><literalExpression><text>"HZ"</text></literalExpression><literalExpression><text>"Hangzhou"</text></literalExpression></row>
        <row><literalExpression><text>"SH"</text></literalExpression><literalExpression><text>"Shanghai"</text></literalExpression></row>
      </relation></decision>`;
    expect(await value(body, 'inv')).toBe(100);
    expect(await value(body, 'feel')).toBe(105);
    expect(await value(body, 'list')).toEqual([1, 'two']);
    expect(await value(body, 'rel')).toEqual([
      { code: 'HZ', city: 'Hangzhou' },
      { code: 'SH', city: 'Shanghai' },
    ]);
  });
});

describe('DMN 1.5 boxed expressions', () => {
  it('evaluates a boxed conditional, iterators and a filter', async () => {
    const lit = (text: string) => `<literalExpression><text>${text}</text></literalExpression>`;
    const body = `
      <decision id="if" name="Branch"><conditional><if>${lit('Score &gt; 600')}</if><then>${lit('"accept"')}</then><else>${lit('"refer"')}</else></conditional></decision>
      <decision id="for" name="Doubled"><for iteratorVariable="x"><in>${lit('[1, 2]')}</in><return>${lit('x * 2')}</return></for></decision>
      <decision id="some" name="Any Big"><some iteratorVariable="x"><in>${lit('[1, 700]')}</in><satisfies>${lit('x &gt; 600')}</satisfies></some></decision>
      <decision id="filter" name="Big"><filter><in>${lit('[{a: 1}, {a: 5}]')}</in><match>${lit('item.a &gt; 2')}</match></filter></decision>`;
    const dmn15 = async (decision: string, variables: Record<string, unknown> = {}) => {
      const read = await readDmn(`<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="m" name="m" namespace="t">${body}</definitions>`);
      expect(read.warnings).toEqual([]);
      return toJsonValue(evaluateDecision(decisionModelOf(read.definitions), decision, variables).value);
    };
    expect(await dmn15('if', { Score: 700 })).toBe('accept');
    expect(await dmn15('if', { Score: null })).toBe('refer');
    expect(await dmn15('for')).toEqual([2, 4]);
    expect(await dmn15('some')).toBe(true);
    expect(await dmn15('filter')).toEqual([{ a: 5 }]);
  });

  it('checks an item definition typeConstraint like allowed values', async () => {
    const read = await readDmn(`<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="m" name="m" namespace="t">
      <itemDefinition name="tPercent"><typeRef>number</typeRef><typeConstraint><text>[0..100]</text></typeConstraint></itemDefinition>
      <inputData id="i" name="P"><variable name="P" typeRef="tPercent"/></inputData>
      <decision id="d" name="D"><informationRequirement><requiredInput href="#i"/></informationRequirement><literalExpression><text>P</text></literalExpression></decision></definitions>`);
    const decisionModel = decisionModelOf(read.definitions);
    expect(evaluateDecision(decisionModel, 'd', { P: 50 }).value).toBe(50);
    expect(evaluateDecision(decisionModel, 'd', { P: 150 }).value).toBeNull();
  });
});

describe('requirement graphs and types', () => {
  const graph = `
    <inputData id="i_birth" name="Birth Date"><variable name="Birth Date" typeRef="date"/></inputData>
    <inputData id="i_score" name="Score"><variable name="Score" typeRef="tScore"/></inputData>
    <decision id="year" name="Birth Year"><variable name="Birth Year" typeRef="number"/>
      <informationRequirement><requiredInput href="#i_birth"/></informationRequirement>
      <literalExpression><text>Birth Date.year</text></literalExpression></decision>
    <decision id="summary" name="Summary">
      <informationRequirement><requiredDecision href="#year"/></informationRequirement>
      <informationRequirement><requiredInput href="#i_score"/></informationRequirement>
      <literalExpression><text>string(Birth Year) + "/" + string(Score)</text></literalExpression></decision>
    <decisionService id="ds" name="Year Service"><outputDecision href="#year"/><inputData href="#i_birth"/></decisionService>
    <decision id="via" name="Via Service"><knowledgeRequirement><requiredKnowledge href="#ds"/></knowledgeRequirement>
      <literalExpression><text>Year Service(date("1999-12-31"))</text></literalExpression></decision>`;
  const types = '<itemDefinition name="tScore"><typeRef>number</typeRef><allowedValues><text>[0..1000]</text></allowedValues></itemDefinition>';

  it('evaluates required decisions first and reads JSON strings as the declared date type', async () => {
    expect(await value(graph, 'summary', { 'Birth Date': '1990-05-17', Score: 700 }, types)).toBe('1990/700');
  });

  it('makes a value outside its item definition null', async () => {
    expect(await value(graph, 'summary', { 'Birth Date': '1990-05-17', Score: 5000 }, types)).toBeNull();
    expect(await value(graph, 'year', { 'Birth Date': 'not a date' }, types)).toBeNull();
  });

  it('invokes a decision service as a function of its inputs', async () => {
    expect(await value(graph, 'via', {}, types)).toBe(1999);
  });

  it('reads variables of a decision without input data, as Camunda models do', async () => {
    const body =
      '<decision id="d" name="D"><decisionTable><input><inputExpression><text>amount</text></inputExpression></input><output name="big"/><rule><inputEntry><text>&gt; 100</text></inputEntry><outputEntry><text>true</text></outputEntry></rule></decisionTable></decision>';
    expect(await value(body, 'd', { amount: 500 })).toBe(true);
  });
});

describe('deploy-time problems', () => {
  it('names a duplicate decision id and an element the reader dropped', async () => {
    const read = await readDmn(`<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" xmlns:x="http://vendor" id="m" name="m" namespace="t">
      <decision id="d" name="A"><literalExpression><text>1</text></literalExpression></decision>
      <decision id="d" name="B"><literalExpression><text>2</text></literalExpression></decision>
      <decision id="c" name="C"><frobnicate/></decision>
      <x:vendorThing/></definitions>`);
    const problems = findDmnProblems(read.definitions, read.warnings);
    expect(problems).toEqual([
      { elementId: 'd', problem: 'Cannot be read: duplicate ID <d>' },
      { elementId: null, problem: expect.stringMatching(/unknown type <dmn:Frobnicate>/) },
      { elementId: 'c', problem: 'Decision C has no decision logic' },
    ]);
  });

  it('finds a requirement cycle, an unknown aggregation and a missing business knowledge model', async () => {
    const { definitions } = await model(`
      <decision id="a" name="A"><informationRequirement><requiredDecision href="#b"/></informationRequirement><literalExpression><text>B</text></literalExpression></decision>
      <decision id="b" name="B"><informationRequirement><requiredDecision href="#a"/></informationRequirement>
        <knowledgeRequirement><requiredKnowledge href="#nowhere"/></knowledgeRequirement><literalExpression><text>A</text></literalExpression></decision>
      <decision id="c" name="C"><decisionTable id="t" hitPolicy="COLLECT" aggregation="AVG"><input><inputExpression><text>x</text></inputExpression></input><output name="o"/></decisionTable></decision>`);
    const problems = findDmnProblems(definitions);
    expect(problems.map((p) => p.elementId)).toEqual(expect.arrayContaining(['a', 'b', 't']));
    expect(problems.some((p) => /requires itself/.test(p.problem))).toBe(true);
    expect(problems.some((p) => /#nowhere/.test(p.problem))).toBe(true);
  });
});
